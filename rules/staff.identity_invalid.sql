-- @code: staff.identity_invalid
-- @category: 7
-- @severity: medium
-- @subject: person
-- @title: 实名制身份证号无效
-- @description: 实名制人员信息中的身份证号不符合GB 11643-1999（校验码、地区码、出生日期）
-- @detail: {unit_name}实名制人员{name}的身份证号{id_no}无效：{reason}
SELECT s.unit_code, s.id_no AS subject, s.id_no,
       arg_min(s.name, s.ord) AS name,
       1 AS cnt, NULL AS amount_fen, NULL AS first_month, NULL AS last_month,
       any_value(n.reason) AS reason
FROM staff s
JOIN id_numbers n USING (id_no)
WHERE NOT n.valid
GROUP BY s.unit_code, s.id_no
