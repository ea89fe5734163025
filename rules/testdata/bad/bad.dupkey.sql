-- @code: bad.dupkey
-- @severity: low
-- @severity: high
-- @category: 1
-- @subject: unit
-- @title: t
-- @description: d
-- @detail: x
SELECT 1 AS unit_code
