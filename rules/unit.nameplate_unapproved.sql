-- @code: unit.nameplate_unapproved
-- @category: 3
-- @severity: medium
-- @subject: nameplate
-- @title: 擅自加挂牌子
-- @description: 实际使用的加挂牌子没有加挂牌子批文，或已被撤销牌子收回
-- @detail: {unit_name}加挂“{subject}”牌子，截止{as_of}无有效的加挂牌子批文{withdrawn}
WITH used AS (
    SELECT DISTINCT n.unit_code, n.nameplate, nn.norm
    FROM unit_nameplates n
    JOIN name_norms nn ON nn.name = n.nameplate
),
dropped AS (
    -- the latest 撤销牌子 on or before as_of of each (unit, nameplate)
    SELECT l.unit_code, nn.norm, arg_max(l.doc_no, (l.doc_date, l.ord)) AS doc_no
    FROM ledger l
    JOIN name_norms nn ON nn.name = l.nameplate
    CROSS JOIN params p
    WHERE l.event = '撤销牌子' AND l.doc_date <= p.as_of
    GROUP BY l.unit_code, nn.norm
)
SELECT u.unit_code,
       u.nameplate AS subject,
       NULL AS id_no, NULL AS name, 1 AS cnt, NULL AS amount_fen,
       NULL AS first_month, NULL AS last_month,
       CASE WHEN d.doc_no IS NOT NULL THEN '（已由' || d.doc_no || '撤销）' ELSE '' END AS withdrawn,
       p.as_of
FROM used u
CROSS JOIN params p
LEFT JOIN dropped d ON d.unit_code = u.unit_code AND d.norm = u.norm
WHERE NOT EXISTS (
    SELECT 1 FROM approved_nameplates a
    WHERE a.unit_code = u.unit_code AND a.norm = u.norm
)
