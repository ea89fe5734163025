-- @code: payroll.past_retirement
-- @category: 6
-- @severity: medium
-- @subject: person
-- @title: 超过法定退休年龄仍发放工资
-- @description: 按身份证号的出生年月和性别计算的法定退休月份之后仍发放工资（离岗待退人员除外；退休当月不计）
-- @detail: {name}出生于{birth_date}，法定退休时间为{retire_month}，{unit_name}其后仍发放工资{cnt}个月（{period}），合计{amount}元
-- The people past their possible retirement months in the newest month (cand, by pid: the ID
-- number as an integer; the worker groups only for someone with a worker row in the registry) are
-- few: the other steps read their pay rows (py) and registry rows (st) only. cand is read once,
-- inside IN: DuckDB then filters the scan of pay by its pids (from a CTE read twice it would not).
WITH cand AS (
    SELECT n.pid
    FROM id_numbers n
    JOIN retirement r ON r.male = n.male
    CROSS JOIN (SELECT max(month) AS last_month FROM months) m
    WHERE n.birth_date IS NOT NULL
      -- no group retires before its age without the reform: a cheap test first (the month of
      -- birth plus base_months is before last_month exactly when the birth date is before
      -- last_month less base_months, a first day of a month)
      AND n.birth_date < CAST(m.last_month - to_months(r.base_months) AS DATE)
      -- only someone with a worker row in the registry can be in a worker group (grp)
      AND (NOT r.worker OR n.pid IN (SELECT pid FROM staff WHERE estab_type IN ('工勤编制', '编外')))
    GROUP BY n.pid, m.last_month
    HAVING min(CAST(date_trunc('month', n.birth_date) + to_months(CAST(r.base_months +
               CASE WHEN r.reform_from IS NOT NULL AND date_trunc('month', n.birth_date) >= r.reform_from
                    THEN least(date_diff('month', r.reform_from, date_trunc('month', n.birth_date)) // r.step_months + 1,
                               r.max_months - r.base_months)
                    ELSE 0 END AS INTEGER)) AS DATE)) < m.last_month
),
py AS MATERIALIZED (
    SELECT unit_code, pid, pay_month, name, gross, ord FROM pay WHERE pid IN (SELECT pid FROM cand)
),
paid AS (
    SELECT DISTINCT unit_code, pid FROM py
),
st AS MATERIALIZED (
    SELECT unit_code, pid, estab_type, status FROM staff WHERE pid IN (SELECT pid FROM paid)
),
grp AS (
    -- worker group (工勤编制, 编外) from the registry rows in the paying unit, else in any unit,
    -- else the cadre group; a person with any cadre row is a cadre
    SELECT p.unit_code, p.pid, coalesce(u.worker, a.worker, false) AS worker
    FROM paid p
    LEFT JOIN (SELECT unit_code, pid, bool_and(estab_type IN ('工勤编制', '编外')) AS worker
               FROM st GROUP BY unit_code, pid) u USING (unit_code, pid)
    LEFT JOIN (SELECT pid, bool_and(estab_type IN ('工勤编制', '编外')) AS worker
               FROM st GROUP BY pid) a USING (pid)
),
ret AS (
    SELECT g.unit_code, g.pid, n.birth_date,
           CAST(date_trunc('month', n.birth_date) + to_months(CAST(r.base_months +
               CASE WHEN r.reform_from IS NOT NULL AND date_trunc('month', n.birth_date) >= r.reform_from
                    THEN least(date_diff('month', r.reform_from, date_trunc('month', n.birth_date)) // r.step_months + 1,
                               r.max_months - r.base_months)
                    ELSE 0 END AS INTEGER)) AS DATE) AS retire_month
    FROM grp g
    JOIN id_numbers n USING (pid)
    JOIN retirement r ON r.male = n.male AND r.worker = g.worker
    WHERE n.birth_date IS NOT NULL
),
flagged AS (
    SELECT DISTINCT y.unit_code, y.pid, y.pay_month
    FROM py y
    JOIN ret USING (unit_code, pid)
    WHERE y.pay_month > ret.retire_month
      AND NOT EXISTS (
        SELECT 1 FROM st s
        WHERE s.unit_code = y.unit_code AND s.pid = y.pid AND s.status = '离岗待退')
)
SELECT f.unit_code, person_id(f.pid) AS subject, person_id(f.pid) AS id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT f.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(f.pay_month) AS first_month, max(f.pay_month) AS last_month,
       any_value(ret.birth_date) AS birth_date,
       any_value(ret.retire_month) AS retire_month
FROM flagged f
JOIN py y USING (unit_code, pid, pay_month)
JOIN ret ON ret.unit_code = f.unit_code AND ret.pid = f.pid
GROUP BY f.unit_code, f.pid
