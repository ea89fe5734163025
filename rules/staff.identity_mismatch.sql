-- @code: staff.identity_mismatch
-- @category: 7
-- @severity: medium
-- @subject: person
-- @title: 实名制信息与身份信息不符
-- @description: 实名制登记的姓名、性别或出生日期与公安人口信息或身份证号本身不一致（两边都有的字段才比较；无效身份证号只报无效）
-- @detail: {unit_name}实名制人员{name}（{id_no}）：{diffs}
WITH d AS (
    SELECT s.unit_code, s.id_no, s.name, s.ord, x.diff
    FROM staff s
    JOIN id_numbers n USING (id_no)
    LEFT JOIN identity i USING (id_no)
    CROSS JOIN LATERAL (
        SELECT unnest([
            CASE WHEN i.name IS NOT NULL AND s.name <> i.name
                 THEN '姓名登记为' || s.name || '，公安信息为' || i.name END,
            CASE WHEN s.gender IS NOT NULL AND i.gender IS NOT NULL AND s.gender <> i.gender
                 THEN '性别登记为' || s.gender || '，公安信息为' || i.gender END,
            CASE WHEN s.birth_date IS NOT NULL AND i.birth_date IS NOT NULL AND s.birth_date <> i.birth_date
                 THEN '出生日期登记为' || strftime(s.birth_date, '%Y-%m-%d') || '，公安信息为' || strftime(i.birth_date, '%Y-%m-%d') END,
            CASE WHEN s.gender IS NOT NULL AND s.gender <> (CASE WHEN n.male THEN '男' ELSE '女' END)
                 THEN '性别登记为' || s.gender || '，与身份证号不符' END,
            CASE WHEN s.birth_date IS NOT NULL AND s.birth_date <> n.birth_date
                 THEN '出生日期登记为' || strftime(s.birth_date, '%Y-%m-%d') || '，身份证号为' || strftime(n.birth_date, '%Y-%m-%d') END
        ]) AS diff
    ) x
    WHERE n.valid AND x.diff IS NOT NULL
)
SELECT unit_code, id_no AS subject, id_no,
       arg_min(name, ord) AS name,
       1 AS cnt, NULL AS amount_fen, NULL AS first_month, NULL AS last_month,
       string_agg(DISTINCT diff, '；' ORDER BY diff) AS diffs
FROM d
GROUP BY unit_code, id_no
