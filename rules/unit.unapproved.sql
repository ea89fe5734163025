-- @code: unit.unapproved
-- @category: 1
-- @severity: high
-- @subject: unit
-- @title: 未经批准设立机构
-- @description: 单位出现在机构信息、实名制人员信息或工资发放名册中，但截止时点前台账中没有设立批文
-- @detail: {unit_name}（{unit_code}）截止{as_of}无机构编制部门设立批文，但出现在{sources}中
SELECT a.unit_code,
       a.unit_code AS subject,
       NULL AS id_no, NULL AS name, 1 AS cnt, NULL AS amount_fen,
       NULL AS first_month, NULL AS last_month,
       concat_ws('、',
           CASE WHEN a.in_units THEN '机构信息' END,
           CASE WHEN a.in_staff THEN '实名制人员信息' END,
           CASE WHEN a.in_pay THEN '工资发放名册' END) AS sources,
       p.as_of
FROM all_units a
CROSS JOIN params p
LEFT JOIN approved ap USING (unit_code)
WHERE (a.in_units OR a.in_staff OR a.in_pay)
  AND NOT coalesce(ap.established, false)
