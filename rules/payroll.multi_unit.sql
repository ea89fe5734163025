-- @code: payroll.multi_unit
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 多个单位同时发放工资
-- @description: 同一人同一月份由两个及以上单位发放工资（每个发放单位一条）
-- @detail: {name}于{period}有{cnt}个月同时由{unit_name}和{other_units}发放工资，{unit_name}发放{amount}元
-- The people ever paid by two units (cand, found by pid: the ID number as an integer) are few:
-- every other step reads their pay rows only. Someone paid by two units has pay rows that differ,
-- so pay_people has them as not same: only their pay rows are grouped to find cand.
WITH cand AS (
    SELECT pid
    FROM pay
    WHERE pid IN (SELECT pid FROM pay_people WHERE NOT same)
    GROUP BY pid
    HAVING count(DISTINCT unit_code) > 1
),
py AS MATERIALIZED (
    SELECT unit_code, id_no, pay_month, name, gross, ord FROM pay WHERE pid IN (SELECT pid FROM cand)
),
multi AS (
    SELECT id_no, pay_month
    FROM py
    GROUP BY id_no, pay_month
    HAVING count(DISTINCT unit_code) >= 2
),
flagged AS (
    SELECT DISTINCT y.unit_code, y.id_no, y.pay_month
    FROM py y
    JOIN multi m USING (id_no, pay_month)
),
others AS (
    SELECT f.unit_code, f.id_no,
           string_agg(DISTINCT coalesce(a.unit_name, o.unit_code), '、' ORDER BY coalesce(a.unit_name, o.unit_code)) AS other_units
    FROM flagged f
    JOIN py o ON o.id_no = f.id_no AND o.pay_month = f.pay_month AND o.unit_code <> f.unit_code
    LEFT JOIN all_units a ON a.unit_code = o.unit_code
    GROUP BY f.unit_code, f.id_no
)
SELECT f.unit_code, f.id_no AS subject, f.id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT f.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(f.pay_month) AS first_month, max(f.pay_month) AS last_month,
       any_value(ot.other_units) AS other_units
FROM flagged f
JOIN py y USING (unit_code, id_no, pay_month)
JOIN others ot ON ot.unit_code = f.unit_code AND ot.id_no = f.id_no
GROUP BY f.unit_code, f.id_no
