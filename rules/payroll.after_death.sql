-- @code: payroll.after_death
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 死亡或注销后仍发放工资
-- @description: 公安人口信息显示已死亡或户口注销，其后月份仍发放工资（死亡当月不计）
-- @detail: {name}公安人口信息于{status_date}为{hukou_status}，{unit_name}其后仍发放工资{cnt}个月（{period}），合计{amount}元
WITH flagged AS (
    SELECT DISTINCT y.unit_code, y.id_no, y.pay_month
    FROM pay y
    JOIN identity i USING (id_no)
    WHERE i.hukou_status IN ('死亡', '注销')
      AND i.status_date IS NOT NULL
      AND date_trunc('month', i.status_date) < y.pay_month
)
SELECT f.unit_code, f.id_no AS subject, f.id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT f.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(f.pay_month) AS first_month, max(f.pay_month) AS last_month,
       any_value(i.hukou_status) AS hukou_status,
       any_value(i.status_date) AS status_date
FROM flagged f
JOIN (SELECT * FROM pay WHERE id_no IN (SELECT id_no FROM flagged)) y USING (unit_code, id_no, pay_month)
JOIN identity i ON i.id_no = f.id_no
GROUP BY f.unit_code, f.id_no
