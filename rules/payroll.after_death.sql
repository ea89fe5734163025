-- @code: payroll.after_death
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 死亡或注销后仍发放工资
-- @description: 公安人口信息显示已死亡或户口注销，其后月份仍发放工资（死亡当月不计）
-- @detail: {name}公安人口信息于{status_date}为{hukou_status}，{unit_name}其后仍发放工资{cnt}个月（{period}），合计{amount}元
-- People are joined and grouped on pid (their ID number as an integer).
WITH flagged AS (
    SELECT DISTINCT y.unit_code, y.pid, y.pay_month
    FROM pay y
    JOIN identity i USING (pid)
    WHERE i.hukou_status IN ('死亡', '注销')
      AND i.status_date IS NOT NULL
      AND date_trunc('month', i.status_date) < y.pay_month
)
SELECT f.unit_code, person_id(f.pid) AS subject, person_id(f.pid) AS id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT f.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(f.pay_month) AS first_month, max(f.pay_month) AS last_month,
       any_value(i.hukou_status) AS hukou_status,
       any_value(i.status_date) AS status_date
FROM flagged f
JOIN (SELECT * FROM pay WHERE pid IN (SELECT pid FROM flagged)) y USING (unit_code, pid, pay_month)
JOIN identity i ON i.pid = f.pid
GROUP BY f.unit_code, f.pid
