-- @code: ledger.orphan_event
-- @category: 7
-- @severity: medium
-- @subject: document
-- @title: 台账事项无设立依据
-- @description: 单位在该事项之前没有设立批文，却有其他台账事项
-- @detail: {unit_name}（{unit_code}）在{subject}（{doc_date}，{events}）之前没有设立批文
SELECT unit_code,
       doc_no AS subject,
       NULL AS id_no, NULL AS name, 1 AS cnt, NULL AS amount_fen,
       NULL AS first_month, NULL AS last_month,
       min(doc_date) AS doc_date,
       string_agg(DISTINCT event, '、' ORDER BY event) AS events
FROM fold_orphans
GROUP BY unit_code, doc_no
