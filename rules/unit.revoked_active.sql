-- @code: unit.revoked_active
-- @category: 1
-- @severity: high
-- @subject: unit
-- @title: 已撤销机构仍在运行
-- @description: 单位已被撤销，但仍在机构信息中、撤销后仍有在职人员或撤销后仍发放工资
-- @detail: {unit_name}已于{revoked_on}经{revoke_doc}撤销，但{evidence}
WITH r AS (
    SELECT ap.unit_code, ap.revoked_on, ap.revoke_doc
    FROM approved ap
    WHERE ap.revoked
),
staff_after AS (
    SELECT r.unit_code, count(DISTINCT s.id_no) AS persons
    FROM r
    JOIN staff s USING (unit_code)
    CROSS JOIN params p
    -- in service on some day d with revoked_on < d <= as_of
    WHERE greatest(coalesce(s.entry_date, r.revoked_on + 1), r.revoked_on + 1)
          <= least(coalesce(s.exit_date, p.as_of), p.as_of)
    GROUP BY r.unit_code
),
pay_after AS (
    SELECT r.unit_code, count(DISTINCT y.pay_month) AS months,
           min(y.pay_month) AS first_month, max(y.pay_month) AS last_month,
           sum(y.gross) AS amount_fen
    FROM r
    JOIN pay y USING (unit_code)
    WHERE y.pay_month > date_trunc('month', r.revoked_on)
    GROUP BY r.unit_code
)
SELECT r.unit_code,
       r.unit_code AS subject,
       NULL AS id_no, NULL AS name, 1 AS cnt, NULL AS amount_fen,
       pa.first_month, pa.last_month,
       r.revoked_on, r.revoke_doc,
       concat_ws('；',
           CASE WHEN a.in_units THEN '仍在机构信息中' END,
           CASE WHEN sa.persons > 0 THEN '撤销后仍有在职人员' || sa.persons || '人' END,
           CASE WHEN pa.months > 0 THEN '撤销后仍发放工资' || pa.months || '个月（'
                || strftime(pa.first_month, '%Y-%m')
                || CASE WHEN pa.last_month > pa.first_month THEN '至' || strftime(pa.last_month, '%Y-%m') ELSE '' END
                || '，' || printf('%.2f', pa.amount_fen / 100.0) || '元）' END
       ) AS evidence
FROM r
JOIN all_units a USING (unit_code)
LEFT JOIN staff_after sa USING (unit_code)
LEFT JOIN pay_after pa USING (unit_code)
WHERE a.in_units OR sa.persons > 0 OR pa.months > 0
