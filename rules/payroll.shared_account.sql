-- @code: payroll.shared_account
-- @category: 6
-- @severity: medium
-- @subject: person
-- @title: 多人共用工资账户
-- @description: 同一银行账号同一月份收到两个及以上身份证号的工资（涉及的每人一条）
-- @detail: {name}在{unit_name}的工资账户{bank_account}在{cnt}个月（{period}）同时发放给{others}，涉及金额{amount}元
-- Account-months that paid two or more ID numbers; everyone paid through one of them is flagged
-- for that month. People are told apart and joined on pid (the ID number as an integer). Each
-- person's accounts (accounts, one row per account and person) come from pay_people, one row per
-- person, and from the pay rows of the people whose pay rows differ among themselves. The accounts
-- ever used for two ID numbers (cand) are few: the other steps read, once, the pay rows of the
-- people who may have used one (pa: those whose one account is a candidate, and those whose pay
-- rows differ among themselves).
WITH accounts AS (
    SELECT bank_account, pid FROM pay_people WHERE same
    UNION ALL
    SELECT DISTINCT bank_account, pid FROM pay WHERE pid IN (SELECT pid FROM pay_people WHERE NOT same)
),
cand AS MATERIALIZED (
    SELECT bank_account
    FROM accounts
    WHERE bank_account IS NOT NULL AND bank_account <> ''
    GROUP BY bank_account
    HAVING count(*) > 1
),
pa AS MATERIALIZED (
    -- every pay row of the people who may have been paid through a candidate account
    SELECT unit_code, pid, pay_month, name, bank_account, gross, ord FROM pay
    WHERE pid IN (SELECT pid FROM pay_people WHERE NOT same OR bank_account IN (SELECT bank_account FROM cand))
),
py AS (
    SELECT * FROM pa WHERE bank_account IN (SELECT bank_account FROM cand)
),
shared AS (
    SELECT bank_account, pay_month
    FROM py
    GROUP BY bank_account, pay_month
    HAVING count(DISTINCT pid) > 1
),
hits AS (
    SELECT a.unit_code, a.pid, a.pay_month, a.bank_account
    FROM py a
    JOIN shared s ON s.bank_account = a.bank_account AND s.pay_month = a.pay_month
),
flagged AS (
    SELECT DISTINCT unit_code, pid, pay_month FROM hits
),
others AS (
    SELECT h.unit_code, h.pid,
           string_agg(DISTINCT h.bank_account, '、' ORDER BY h.bank_account) AS bank_account,
           string_agg(DISTINCT b.name, '、' ORDER BY b.name) AS others
    FROM hits h
    JOIN py b ON b.bank_account = h.bank_account AND b.pay_month = h.pay_month AND b.pid <> h.pid
    GROUP BY h.unit_code, h.pid
)
SELECT f.unit_code, person_id(f.pid) AS subject, person_id(f.pid) AS id_no,
       arg_max(y.name, (y.pay_month, y.ord)) AS name,
       count(DISTINCT f.pay_month) AS cnt, sum(y.gross) AS amount_fen,
       min(f.pay_month) AS first_month, max(f.pay_month) AS last_month,
       any_value(o.bank_account) AS bank_account,
       any_value(o.others) AS others
FROM flagged f
JOIN pa y USING (unit_code, pid, pay_month)
JOIN others o ON o.unit_code = f.unit_code AND o.pid = f.pid
GROUP BY f.unit_code, f.pid
