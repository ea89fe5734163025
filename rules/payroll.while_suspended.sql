-- @code: payroll.while_suspended
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 停薪留职期间发放工资
-- @description: 截止时点该人在本单位为停薪留职，本单位仍发放截止时点所在月份的工资
-- @detail: {name}截止{as_of}在{unit_name}为停薪留职，{last_month}仍由该单位发放工资{amount}元
-- People are joined and grouped on pid (their ID number as an integer); the flagged people's pay
-- rows only are read again. The pay rows examined are those of people with a 停薪留职 row (few).
WITH flagged AS (
    SELECT DISTINCT y.unit_code, y.pid, y.pay_month
    FROM pay y
    CROSS JOIN params p
    WHERE y.pay_month = p.as_of_month
      AND y.pid IN (SELECT pid FROM staff WHERE status = '停薪留职')
      AND EXISTS (
        SELECT 1 FROM staff_asof s
        WHERE s.unit_code = y.unit_code AND s.pid = y.pid AND s.status = '停薪留职')
)
SELECT f.unit_code, person_id(f.pid) AS subject, person_id(f.pid) AS id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT f.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(f.pay_month) AS first_month, max(f.pay_month) AS last_month,
       any_value(p.as_of) AS as_of
FROM flagged f
JOIN (SELECT * FROM pay WHERE pid IN (SELECT pid FROM flagged)) y USING (unit_code, pid, pay_month)
CROSS JOIN params p
GROUP BY f.unit_code, f.pid
