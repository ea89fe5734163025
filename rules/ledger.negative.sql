-- @code: ledger.negative
-- @category: 7
-- @severity: high
-- @subject: ledger field
-- @title: 台账核定数为负
-- @description: 截止时点台账累计后某项编制或职数小于零（指明该项及使其为负的批文）
-- @detail: {unit_name}{subject}经{doc_no}（{doc_date}）调整后累计为{value}，小于零
SELECT unit_code,
       label AS subject,
       NULL AS id_no, NULL AS name, 1 AS cnt, NULL AS amount_fen,
       NULL AS first_month, NULL AS last_month,
       value, doc_no, doc_date
FROM fold_negative
