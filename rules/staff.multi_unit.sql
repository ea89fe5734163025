-- @code: staff.multi_unit
-- @category: 7
-- @severity: high
-- @subject: person
-- @title: 一人多编
-- @description: 截止时点同一人在两个及以上单位占用编制（编外登记不计），每个单位一条
-- @detail: {name}截止{as_of}同时在{unit_name}（{estab_types}）和{other_units}占用编制
-- The people registered in two units (m) are few: their rows are aggregated, no one else's. People
-- are grouped and joined on pid (the ID number as an integer).
WITH m AS (
    SELECT pid
    FROM staff_asof
    WHERE estab_type <> '编外'
    GROUP BY pid
    HAVING count(DISTINCT unit_code) > 1
),
e AS (
    SELECT unit_code, pid,
           arg_min(name, ord) AS name,
           string_agg(DISTINCT estab_type, '、' ORDER BY estab_type) AS estab_types
    FROM staff_asof
    WHERE estab_type <> '编外' AND pid IN (SELECT pid FROM m)
    GROUP BY unit_code, pid
)
SELECT e.unit_code, person_id(e.pid) AS subject, person_id(e.pid) AS id_no, e.name,
       1 AS cnt, NULL AS amount_fen, NULL AS first_month, NULL AS last_month,
       e.estab_types,
       (SELECT string_agg(coalesce(a.unit_name, o.unit_code) || '（' || o.estab_types || '）', '、'
                          ORDER BY o.unit_code)
          FROM e o LEFT JOIN all_units a ON a.unit_code = o.unit_code
         WHERE o.pid = e.pid AND o.unit_code <> e.unit_code) AS other_units,
       p.as_of
FROM e
JOIN m USING (pid)
CROSS JOIN params p
