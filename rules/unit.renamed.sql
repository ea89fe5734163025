-- @code: unit.renamed
-- @category: 4
-- @severity: medium
-- @subject: unit
-- @title: 擅自变更机构名称
-- @description: 实际使用的名称与批准名称（设立，其后更名）不一致（统一全半角、去空格标点和地名前缀后比较）
-- @detail: {unit_name}批准名称为“{approved_name}”（{name_doc}），实际使用“{actual_name}”
SELECT u.unit_code,
       u.unit_code AS subject,
       NULL AS id_no, NULL AS name, 1 AS cnt, NULL AS amount_fen,
       NULL AS first_month, NULL AS last_month,
       ap.unit_name AS approved_name,
       ap.name_doc,
       u.unit_name AS actual_name
FROM units u
JOIN approved ap USING (unit_code)
JOIN name_norms na ON na.name = u.unit_name
JOIN name_norms nb ON nb.name = ap.unit_name
WHERE ap.active
  AND na.norm <> nb.norm
