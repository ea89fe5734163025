-- @code: staff.over_establishment
-- @category: 5
-- @severity: high
-- @subject: establishment type
-- @title: 超编
-- @description: 截止时点某编制类型（编外除外）的在职人数多于核定编制数
-- @detail: {unit_name}核定{subject}{approved}名，实有{actual}人，超编{cnt}人（{docs}）
WITH actual AS (
    SELECT unit_code, estab_type, count(DISTINCT pid) AS actual
    FROM staff_asof
    WHERE estab_type <> '编外'
    GROUP BY unit_code, estab_type
)
SELECT a.unit_code,
       a.estab_type AS subject,
       NULL AS id_no, NULL AS name,
       a.actual - coalesce(c.approved, 0) AS cnt,
       NULL AS amount_fen, NULL AS first_month, NULL AS last_month,
       coalesce(c.approved, 0) AS approved,
       a.actual,
       coalesce(nullif(c.docs, ''), '无核定该编制的批文') AS docs
FROM actual a
LEFT JOIN approved_counts c ON c.unit_code = a.unit_code AND c.label = a.estab_type
WHERE a.actual > coalesce(c.approved, 0)
