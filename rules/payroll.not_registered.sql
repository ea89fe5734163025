-- @code: payroll.not_registered
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 发放工资但未在本单位实名登记
-- @description: 某月由本单位发放工资，但该人当月任何一天都不在本单位实名制人员信息中
-- @detail: {name}于{period}共{cnt}个月不在{unit_name}实名制人员名单中，仍由该单位发放工资{amount}元
-- Pay rows with no registry row of the same person in the paying unit covering any day of the
-- pay month: a left join on (unit, person) whose coverage test has no OR, so that DuckDB hashes it.
-- The person is pid (the ID number as an integer): hashing it is cheaper than the 18 characters.
-- The candidates (cand) come from pay_people: everyone whose pay rows differ among themselves, and
-- everyone paid by one unit with no registry row there in service from the first pay month to the
-- last (such a row would cover every month between). Only their pay rows (y) are tested month by
-- month, against the registry rows of those people only (staff filtered on y's pids, so that the
-- join's table is a few rows, not the whole registry).
WITH cand AS (
    SELECT pid FROM pay_people WHERE NOT same
    UNION ALL
    SELECT q.pid
    FROM pay_people q
    LEFT JOIN staff s
      ON s.unit_code = q.unit_code AND s.pid = q.pid
     AND coalesce(s.entry_date, DATE '0001-01-01') <= last_day(q.first_month)
     AND coalesce(s.exit_date, DATE '9999-12-31') >= q.last_month
    WHERE q.same AND s.pid IS NULL
),
y AS (SELECT unit_code, pid, pay_month, name, gross, ord FROM pay WHERE pid IN (SELECT pid FROM cand))
SELECT y.unit_code, person_id(y.pid) AS subject, person_id(y.pid) AS id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT y.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(y.pay_month) AS first_month, max(y.pay_month) AS last_month
FROM y
LEFT JOIN (SELECT unit_code, pid, entry_date, exit_date FROM staff WHERE pid IN (SELECT pid FROM y)) s
  ON s.unit_code = y.unit_code AND s.pid = y.pid
 AND coalesce(s.entry_date, DATE '0001-01-01') <= last_day(y.pay_month)
 AND coalesce(s.exit_date, DATE '9999-12-31') >= y.pay_month
WHERE s.pid IS NULL
GROUP BY y.unit_code, y.pid
