-- @code: unit.code_invalid
-- @category: 7
-- @severity: low
-- @subject: unit
-- @title: 统一社会信用代码校验错误
-- @description: 18位单位代码不符合GB 32100-2015的校验规则
-- @detail: {unit_name}的单位代码{unit_code}校验不通过：{reason}
SELECT a.unit_code,
       a.unit_code AS subject,
       NULL AS id_no, NULL AS name, 1 AS cnt, NULL AS amount_fen,
       NULL AS first_month, NULL AS last_month,
       c.reason
FROM all_units a
JOIN unit_codes c USING (unit_code)
WHERE c.credit AND NOT c.valid
