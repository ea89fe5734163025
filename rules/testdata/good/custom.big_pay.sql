-- @code: custom.big_pay
-- @category: 7
-- @severity: low
-- @subject: person
-- @title: 单月工资过高
-- @description: 单月应发工资超过5万元
-- an ordinary comment between metadata lines is fine
-- @detail: {name}单月应发{amount}元
SELECT unit_code, id_no AS subject, id_no, name, 1 AS cnt, gross AS amount_fen,
       pay_month AS first_month, pay_month AS last_month
FROM pay WHERE gross > 5000000
