-- @code: unit.code_kind_mismatch
-- @category: 7
-- @severity: low
-- @subject: unit
-- @title: 信用代码机构类别与单位类别不符
-- @description: 统一社会信用代码第1-2位表示机关（11）而单位为事业单位，或表示事业单位（12）而单位为行政机构
-- @detail: {unit_name}的统一社会信用代码{unit_code}以{prefix}开头（{code_kind}），但单位类别为{unit_kind}
WITH k AS (
    SELECT a.unit_code, a.unit_name, coalesce(u.unit_kind, ap.unit_kind) AS unit_kind
    FROM all_units a
    JOIN unit_codes c USING (unit_code)
    LEFT JOIN units u USING (unit_code)
    LEFT JOIN approved ap USING (unit_code)
    WHERE c.credit AND c.valid
)
SELECT unit_code,
       unit_code AS subject,
       NULL AS id_no, NULL AS name, 1 AS cnt, NULL AS amount_fen,
       NULL AS first_month, NULL AS last_month,
       substr(unit_code, 1, 2) AS prefix,
       CASE substr(unit_code, 1, 2) WHEN '11' THEN '机关' ELSE '事业单位' END AS code_kind,
       unit_kind
FROM k
WHERE (substr(unit_code, 1, 2) = '11' AND unit_kind = '事业单位')
   OR (substr(unit_code, 1, 2) = '12' AND unit_kind = '行政机构')
