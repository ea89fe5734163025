-- @code: payroll.identity_not_found
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 公安人口信息中查无此人
-- @description: 发放工资所用身份证号有效，但公安人口信息中没有该号码（仅当数据包含公安人口信息时）
-- @detail: {name}（{id_no}）在公安人口信息中查无此人，{unit_name}发放工资{cnt}个月（{period}），合计{amount}元
-- Whether an ID number is missing does not depend on the month: find the people paid (pay_people)
-- with a valid number and no identity record first (few), then every pay row of them, by pid (the
-- ID number as an integer).
WITH missing AS (
    SELECT q.pid
    FROM pay_people q
    ANTI JOIN identity i USING (pid)
    JOIN id_numbers n USING (pid)
    CROSS JOIN params p
    WHERE p.has_identity AND n.valid
)
SELECT y.unit_code, person_id(y.pid) AS subject, person_id(y.pid) AS id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT y.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(y.pay_month) AS first_month, max(y.pay_month) AS last_month
FROM pay y
WHERE y.pid IN (SELECT pid FROM missing)
GROUP BY y.unit_code, y.pid
