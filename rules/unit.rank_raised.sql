-- @code: unit.rank_raised
-- @category: 7
-- @severity: medium
-- @subject: unit
-- @title: 擅自提高机构规格
-- @description: 实际机构规格高于批准规格（股级 < 副科级 < 正科级 < 副县级 < 正县级）
-- @detail: {unit_name}批准规格为{approved_rank}（{rank_doc}），实际为{actual_rank}
WITH levels(rank, lvl) AS (
    VALUES ('股级', 1), ('副科级', 2), ('正科级', 3), ('副县级', 4), ('正县级', 5)
)
SELECT u.unit_code,
       u.unit_code AS subject,
       NULL AS id_no, NULL AS name, 1 AS cnt, NULL AS amount_fen,
       NULL AS first_month, NULL AS last_month,
       ap.rank AS approved_rank,
       ap.rank_doc,
       u.rank AS actual_rank
FROM units u
JOIN approved ap USING (unit_code)
JOIN levels la ON la.rank = u.rank
JOIN levels lb ON lb.rank = ap.rank
WHERE ap.active
  AND la.lvl > lb.lvl
