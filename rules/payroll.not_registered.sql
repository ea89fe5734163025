-- @code: payroll.not_registered
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 发放工资但未在本单位实名登记
-- @description: 某月由本单位发放工资，但该人当月任何一天都不在本单位实名制人员信息中
-- @detail: {name}于{period}共{cnt}个月不在{unit_name}实名制人员名单中，仍由该单位发放工资{amount}元
WITH flagged AS (
    SELECT DISTINCT y.unit_code, y.id_no, y.pay_month
    FROM pay y
    WHERE NOT EXISTS (
        SELECT 1 FROM staff s
        WHERE s.unit_code = y.unit_code AND s.id_no = y.id_no
          AND (s.entry_date IS NULL OR s.entry_date <= last_day(y.pay_month))
          AND (s.exit_date IS NULL OR s.exit_date >= y.pay_month))
)
SELECT f.unit_code, f.id_no AS subject, f.id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT f.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(f.pay_month) AS first_month, max(f.pay_month) AS last_month
FROM flagged f
JOIN pay y USING (unit_code, id_no, pay_month)
GROUP BY f.unit_code, f.id_no
