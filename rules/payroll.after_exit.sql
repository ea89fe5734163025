-- @code: payroll.after_exit
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 离开本单位后仍发放工资
-- @description: 该人在本单位的全部实名登记记录均已在发放月之前结束，本单位仍发放工资
-- @detail: {name}已于{exit_date}离开{unit_name}，其后仍由该单位发放工资{cnt}个月（{period}），合计{amount}元
-- The people whose every registry row in a unit has ended, with the last exit: a pay month after
-- it is one in which all of those rows ended before the first day of the month. People are joined
-- and grouped on pid (the ID number as an integer). The candidates (cand) come from pay_people:
-- everyone whose pay rows differ among themselves, and everyone paid by one unit with a registry
-- row there that ended before their last pay month. Only their pay rows (y) are read, and their
-- registry rows. cand is read once, inside IN: DuckDB then filters the scan of pay by its pids.
WITH cand AS (
    SELECT pid FROM pay_people WHERE NOT same
    UNION ALL
    SELECT q.pid
    FROM (SELECT unit_code, pid, exit_date FROM staff WHERE exit_date IS NOT NULL) s
    JOIN pay_people q ON q.pid = s.pid AND q.unit_code = s.unit_code
    WHERE q.same AND s.exit_date < q.last_month
),
y AS MATERIALIZED (
    SELECT unit_code, pid, pay_month, name, gross, ord FROM pay WHERE pid IN (SELECT pid FROM cand)
),
ended AS (
    SELECT unit_code, pid, max(exit_date) AS exit_date
    FROM staff
    WHERE pid IN (SELECT pid FROM y)
    GROUP BY unit_code, pid
    HAVING count(*) = count(exit_date)
)
SELECT y.unit_code, person_id(y.pid) AS subject, person_id(y.pid) AS id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT y.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(y.pay_month) AS first_month, max(y.pay_month) AS last_month,
       any_value(e.exit_date) AS exit_date
FROM y
JOIN ended e ON e.unit_code = y.unit_code AND e.pid = y.pid
WHERE e.exit_date < y.pay_month
GROUP BY y.unit_code, y.pid
