-- @code: payroll.identity_not_found
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 公安人口信息中查无此人
-- @description: 发放工资所用身份证号有效，但公安人口信息中没有该号码（仅当数据包含公安人口信息时）
-- @detail: {name}（{id_no}）在公安人口信息中查无此人，{unit_name}发放工资{cnt}个月（{period}），合计{amount}元
WITH flagged AS (
    SELECT DISTINCT y.unit_code, y.id_no, y.pay_month
    FROM pay y
    JOIN id_numbers n USING (id_no)
    CROSS JOIN params p
    WHERE p.has_identity AND n.valid
      AND NOT EXISTS (SELECT 1 FROM identity i WHERE i.id_no = y.id_no)
)
SELECT f.unit_code, f.id_no AS subject, f.id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT f.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(f.pay_month) AS first_month, max(f.pay_month) AS last_month
FROM flagged f
JOIN pay y USING (unit_code, id_no, pay_month)
GROUP BY f.unit_code, f.id_no
