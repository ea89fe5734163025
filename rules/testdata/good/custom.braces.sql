-- @code: custom.braces
-- @category: 2
-- @severity: medium
-- @subject: unit
-- @title: 示例
-- @description: 字面花括号用双写
-- @detail: {{示例}}{unit_name}
SELECT unit_code, unit_code AS subject, NULL AS id_no, NULL AS name, 1 AS cnt,
       NULL AS amount_fen, NULL AS first_month, NULL AS last_month
FROM units WHERE false
