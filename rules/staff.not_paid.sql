-- @code: staff.not_paid
-- @category: 7
-- @severity: low
-- @subject: person
-- @title: 在岗人员未发放工资
-- @description: 截止时点在岗、最近3个发放月份始终在职，但这些月份没有任何单位为其发放工资
-- @detail: {unit_name}在岗人员{name}自{since}起始终在职，但{months_text}无任何单位发放工资
-- Someone is paid in the last 3 examined months when their last pay month (pay_people) is one of
-- them.
WITH last3 AS (
    SELECT month FROM months ORDER BY month DESC LIMIT 3
)
SELECT s.unit_code, s.id_no AS subject, s.id_no,
       arg_min(s.name, s.ord) AS name,
       1 AS cnt, NULL AS amount_fen, NULL AS first_month, NULL AS last_month,
       any_value(p.last3_start) AS since,
       (SELECT string_agg(strftime(month, '%Y-%m'), '、' ORDER BY month) FROM last3) AS months_text
FROM staff_asof s
CROSS JOIN params p
WHERE s.status = '在岗'
  AND p.last3_start IS NOT NULL
  AND (s.entry_date IS NULL OR s.entry_date <= p.last3_start)
  AND s.pid NOT IN (SELECT pid FROM pay_people WHERE last_month >= (SELECT last3_start FROM params))
GROUP BY s.unit_code, s.id_no
