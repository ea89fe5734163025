-- @code: payroll.identity_mismatch
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 工资名册姓名与公安信息不符（冒名）
-- @description: 工资名册上的姓名与公安人口信息中该身份证号的姓名不一致
-- @detail: 身份证号{id_no}在公安人口信息中为{identity_name}，{unit_name}工资名册中为{name}，涉及{cnt}个月（{period}），合计{amount}元
-- People are joined and grouped on pid (their ID number as an integer), not on the 18-character
-- id_no. The candidates are the people in pay_people whose one name differs from their identity
-- record, or whose pay rows differ among themselves: only their pay rows (py) are read. (The
-- candidates' query is written once, inside IN: DuckDB then filters the scan of pay by their pids;
-- from a CTE read twice it would not.)
WITH y0 AS MATERIALIZED (
    SELECT unit_code, pid, pay_month, name, gross, ord FROM pay
    WHERE pid IN (SELECT q.pid FROM pay_people q JOIN identity i USING (pid)
                  WHERE NOT q.same OR q.name <> i.name)
),
py AS MATERIALIZED (
    SELECT y.*, i.name AS identity_name
    FROM y0 y
    JOIN identity i USING (pid)
),
flagged AS (
    SELECT DISTINCT unit_code, pid, pay_month FROM py WHERE name <> identity_name
)
SELECT f.unit_code, person_id(f.pid) AS subject, person_id(f.pid) AS id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT f.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(f.pay_month) AS first_month, max(f.pay_month) AS last_month,
       any_value(y.identity_name) AS identity_name
FROM flagged f
JOIN py y USING (unit_code, pid, pay_month)
GROUP BY f.unit_code, f.pid
