-- @code: payroll.identity_not_found
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 公安人口信息中查无此人
-- @description: 发放工资所用身份证号有效，但公安人口信息中没有该号码（仅当数据包含公安人口信息时）
-- @detail: {name}（{id_no}）在公安人口信息中查无此人，{unit_name}发放工资{cnt}个月（{period}），合计{amount}元
-- Whether an ID number is missing does not depend on the month: find the valid numbers with no
-- identity record first (few), then every pay row of them.
WITH missing AS (
    SELECT n.id_no
    FROM id_numbers n
    CROSS JOIN params p
    WHERE p.has_identity AND n.valid
      AND NOT EXISTS (SELECT 1 FROM identity i WHERE i.id_no = n.id_no)
)
SELECT y.unit_code, y.id_no AS subject, y.id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT y.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(y.pay_month) AS first_month, max(y.pay_month) AS last_month
FROM pay y
JOIN missing m ON m.id_no = y.id_no
GROUP BY y.unit_code, y.id_no
