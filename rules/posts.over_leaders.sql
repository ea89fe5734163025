-- @code: posts.over_leaders
-- @category: 5
-- @severity: high
-- @subject: post class
-- @title: 超职数配备部门领导
-- @description: 截止时点部门领导（正职、副职、其他领导）在职人数多于核定领导职数
-- @detail: {unit_name}核定{subject}职数{approved}名，实配{actual}人，超职数{cnt}人（{docs}）
WITH actual AS (
    SELECT unit_code, post_class, count(DISTINCT id_no) AS actual
    FROM staff_asof
    WHERE post_class IN ('部门领导正职', '部门领导副职', '部门其他领导')
    GROUP BY unit_code, post_class
)
SELECT a.unit_code,
       a.post_class AS subject,
       NULL AS id_no, NULL AS name,
       a.actual - coalesce(c.approved, 0) AS cnt,
       NULL AS amount_fen, NULL AS first_month, NULL AS last_month,
       coalesce(c.approved, 0) AS approved,
       a.actual,
       coalesce(nullif(c.docs, ''), '无核定该职数的批文') AS docs
FROM actual a
LEFT JOIN approved_counts c ON c.unit_code = a.unit_code AND c.label = a.post_class
WHERE a.actual > coalesce(c.approved, 0)
