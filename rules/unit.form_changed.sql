-- @code: unit.form_changed
-- @category: 2
-- @severity: medium
-- @subject: unit
-- @title: 擅自改变机构设置形式
-- @description: 实际机构类别或经费形式与批准的不一致（设立，其后类别调整）
-- @detail: {unit_name}批准为{approved_form}（{form_doc}），实际为{actual_form}
SELECT u.unit_code,
       u.unit_code AS subject,
       NULL AS id_no, NULL AS name, 1 AS cnt, NULL AS amount_fen,
       NULL AS first_month, NULL AS last_month,
       concat_ws('、', ap.unit_kind, ap.funding) AS approved_form,
       concat_ws('、', u.unit_kind, u.funding) AS actual_form,
       ap.form_doc
FROM units u
JOIN approved ap USING (unit_code)
WHERE ap.active
  AND (u.unit_kind IS DISTINCT FROM ap.unit_kind AND u.unit_kind IS NOT NULL AND ap.unit_kind IS NOT NULL
       OR u.funding IS DISTINCT FROM ap.funding AND u.funding IS NOT NULL AND ap.funding IS NOT NULL)
