-- @code: payroll.after_death
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 死亡或注销后仍发放工资
-- @description: 公安人口信息显示已死亡或户口注销，其后月份仍发放工资（死亡当月不计）
-- @detail: {name}公安人口信息于{status_date}为{hukou_status}，{unit_name}其后仍发放工资{cnt}个月（{period}），合计{amount}元
-- People are joined and grouped on pid (their ID number as an integer). The dead paid after the
-- month of death (dead: by their last pay month in pay_people) are few: only their pay rows (py)
-- are read. dead is read once, inside IN: DuckDB then filters the scan of pay by its pids.
WITH dead AS (
    SELECT i.pid
    FROM identity i
    JOIN pay_people q USING (pid)
    WHERE i.hukou_status IN ('死亡', '注销')
      AND i.status_date IS NOT NULL
      AND date_trunc('month', i.status_date) < q.last_month
),
y0 AS MATERIALIZED (
    SELECT unit_code, pid, pay_month, name, gross, ord FROM pay WHERE pid IN (SELECT pid FROM dead)
),
py AS MATERIALIZED (
    SELECT y.*, i.hukou_status, i.status_date
    FROM y0 y
    JOIN identity i USING (pid)
),
flagged AS (
    SELECT DISTINCT unit_code, pid, pay_month FROM py WHERE date_trunc('month', status_date) < pay_month
)
SELECT f.unit_code, person_id(f.pid) AS subject, person_id(f.pid) AS id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT f.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(f.pay_month) AS first_month, max(f.pay_month) AS last_month,
       any_value(y.hukou_status) AS hukou_status,
       any_value(y.status_date) AS status_date
FROM flagged f
JOIN py y USING (unit_code, pid, pay_month)
GROUP BY f.unit_code, f.pid
