-- @code: bad.late
-- @category: 1
-- @severity: low
-- @title: t
-- @description: d
-- @detail: x
SELECT 1
FROM units
-- @subject: unit
