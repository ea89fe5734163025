-- @code: staff.identity_mismatch
-- @category: 7
-- @severity: medium
-- @subject: person
-- @title: 实名制信息与身份信息不符
-- @description: 实名制登记的姓名、性别或出生日期与公安人口信息或身份证号本身不一致（两边都有的字段才比较；无效身份证号只报无效）
-- @detail: {unit_name}实名制人员{name}（{id_no}）：{diffs}
-- The registry rows that differ in anything are few. The candidates (c) are found without
-- id_numbers: the sex and birth date an ID number gives are read from pid (the ID number as an
-- integer: p17 is its first 17 digits), which finds every row the exact test below flags (an ID
-- whose date part is no real date finds more). Only the candidates' rows are joined with
-- id_numbers, tested as before, and split into one row per difference (d).
WITH c AS (
    SELECT s.pid
    FROM (SELECT pid, name, gender, birth_date,
                 CASE WHEN pid >= 0 THEN pid // 10 ELSE -1 - pid END AS p17 FROM staff) s
    LEFT JOIN identity i USING (pid)
    WHERE (i.name IS NOT NULL AND s.name <> i.name)
       OR (s.gender IS NOT NULL AND i.gender IS NOT NULL AND s.gender <> i.gender)
       OR (s.birth_date IS NOT NULL AND i.birth_date IS NOT NULL AND s.birth_date <> i.birth_date)
       OR (s.gender IS NOT NULL AND s.gender <> (CASE WHEN s.p17 % 2 = 1 THEN '男' ELSE '女' END))
       OR (s.birth_date IS NOT NULL AND year(s.birth_date) * 10000 + month(s.birth_date) * 100 + day(s.birth_date) <> s.p17 // 1000 % 100000000)
),
j AS (
    SELECT s.unit_code, s.id_no, s.name, s.ord, s.gender, s.birth_date,
           i.name AS i_name, i.gender AS i_gender, i.birth_date AS i_birth, n.male, n.birth_date AS n_birth
    FROM (SELECT * FROM staff WHERE pid IN (SELECT pid FROM c)) s
    JOIN id_numbers n USING (pid)
    LEFT JOIN identity i USING (pid)
    WHERE n.valid AND (
           (i.name IS NOT NULL AND s.name <> i.name)
        OR (s.gender IS NOT NULL AND i.gender IS NOT NULL AND s.gender <> i.gender)
        OR (s.birth_date IS NOT NULL AND i.birth_date IS NOT NULL AND s.birth_date <> i.birth_date)
        OR (s.gender IS NOT NULL AND s.gender <> (CASE WHEN n.male THEN '男' ELSE '女' END))
        OR (s.birth_date IS NOT NULL AND s.birth_date <> n.birth_date))
),
d AS (
    SELECT j.unit_code, j.id_no, j.name, j.ord, x.diff
    FROM j
    CROSS JOIN LATERAL (
        SELECT unnest([
            CASE WHEN j.i_name IS NOT NULL AND j.name <> j.i_name
                 THEN '姓名登记为' || j.name || '，公安信息为' || j.i_name END,
            CASE WHEN j.gender IS NOT NULL AND j.i_gender IS NOT NULL AND j.gender <> j.i_gender
                 THEN '性别登记为' || j.gender || '，公安信息为' || j.i_gender END,
            CASE WHEN j.birth_date IS NOT NULL AND j.i_birth IS NOT NULL AND j.birth_date <> j.i_birth
                 THEN '出生日期登记为' || strftime(j.birth_date, '%Y-%m-%d') || '，公安信息为' || strftime(j.i_birth, '%Y-%m-%d') END,
            CASE WHEN j.gender IS NOT NULL AND j.gender <> (CASE WHEN j.male THEN '男' ELSE '女' END)
                 THEN '性别登记为' || j.gender || '，与身份证号不符' END,
            CASE WHEN j.birth_date IS NOT NULL AND j.birth_date <> j.n_birth
                 THEN '出生日期登记为' || strftime(j.birth_date, '%Y-%m-%d') || '，身份证号为' || strftime(j.n_birth, '%Y-%m-%d') END
        ]) AS diff
    ) x
    WHERE x.diff IS NOT NULL
)
SELECT unit_code, id_no AS subject, id_no,
       arg_min(name, ord) AS name,
       1 AS cnt, NULL AS amount_fen, NULL AS first_month, NULL AS last_month,
       string_agg(DISTINCT diff, '；' ORDER BY diff) AS diffs
FROM d
GROUP BY unit_code, id_no
