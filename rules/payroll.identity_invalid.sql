-- @code: payroll.identity_invalid
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 工资名册身份证号无效
-- @description: 发放工资所用身份证号不符合GB 11643-1999（校验码、地区码、出生日期）
-- @detail: {unit_name}向身份证号{id_no}（{name}）发放工资{cnt}个月（{period}），合计{amount}元，该号码无效：{reason}
WITH flagged AS (
    SELECT DISTINCT y.unit_code, y.id_no, y.pay_month
    FROM pay y
    JOIN id_numbers n USING (id_no)
    WHERE NOT n.valid
)
SELECT f.unit_code, f.id_no AS subject, f.id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT f.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(f.pay_month) AS first_month, max(f.pay_month) AS last_month,
       any_value(n.reason) AS reason
FROM flagged f
JOIN pay y USING (unit_code, id_no, pay_month)
JOIN id_numbers n ON n.id_no = f.id_no
GROUP BY f.unit_code, f.id_no
