-- @code: bad.braces
-- @category: 1
-- @severity: low
-- @subject: unit
-- @title: t
-- @description: d
-- @detail: {unit_name
SELECT 1 AS unit_code
