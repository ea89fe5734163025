-- @code: payroll.identity_invalid
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 工资名册身份证号无效
-- @description: 发放工资所用身份证号不符合GB 11643-1999（校验码、地区码、出生日期）
-- @detail: {unit_name}向身份证号{id_no}（{name}）发放工资{cnt}个月（{period}），合计{amount}元，该号码无效：{reason}
-- Validity does not depend on the month: every pay row of an invalid number is flagged. People are
-- joined and grouped on pid (the ID number as an integer).
SELECT y.unit_code, person_id(y.pid) AS subject, person_id(y.pid) AS id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT y.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(y.pay_month) AS first_month, max(y.pay_month) AS last_month,
       any_value(n.reason) AS reason
FROM pay y
JOIN id_numbers n USING (pid)
WHERE NOT n.valid
GROUP BY y.unit_code, y.pid
