-- @code: payroll.after_exit
-- @category: 6
-- @severity: high
-- @subject: person
-- @title: 离开本单位后仍发放工资
-- @description: 该人在本单位的全部实名登记记录均已在发放月之前结束，本单位仍发放工资
-- @detail: {name}已于{exit_date}离开{unit_name}，其后仍由该单位发放工资{cnt}个月（{period}），合计{amount}元
WITH flagged AS (
    SELECT DISTINCT y.unit_code, y.id_no, y.pay_month
    FROM pay y
    WHERE EXISTS (
        SELECT 1 FROM staff s WHERE s.unit_code = y.unit_code AND s.id_no = y.id_no)
      AND NOT EXISTS (
        SELECT 1 FROM staff s
        WHERE s.unit_code = y.unit_code AND s.id_no = y.id_no
          AND (s.exit_date IS NULL OR s.exit_date >= y.pay_month))
)
SELECT f.unit_code, f.id_no AS subject, f.id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT f.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(f.pay_month) AS first_month, max(f.pay_month) AS last_month,
       (SELECT max(s.exit_date) FROM staff s
         WHERE s.unit_code = f.unit_code AND s.id_no = f.id_no) AS exit_date
FROM flagged f
JOIN pay y USING (unit_code, id_no, pay_month)
GROUP BY f.unit_code, f.id_no
