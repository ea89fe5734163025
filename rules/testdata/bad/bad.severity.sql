-- @code: bad.severity
-- @category: 1
-- @severity: critical
-- @subject: unit
-- @title: t
-- @description: d
-- @detail: {unit_name}
-- @owner: me
SELECT 1 AS unit_code
