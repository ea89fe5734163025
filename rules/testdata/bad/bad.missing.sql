-- @category: 1
-- @severity: low
-- @subject: unit
-- @description: d
-- @detail: x
SELECT 1 AS unit_code
