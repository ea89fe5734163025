-- Runs: what run.json holds, one row per completed run.
CREATE TABLE runs (
    run_id      VARCHAR PRIMARY KEY,
    seq         BIGINT NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    as_of       DATE NOT NULL,
    input       VARCHAR NOT NULL,
    out_dir     VARCHAR NOT NULL,
    run_json    VARCHAR NOT NULL
);

-- Input files of each run.
CREATE TABLE run_inputs (
    run_id        VARCHAR NOT NULL,
    path          VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    size          BIGINT NOT NULL,
    rows_read     BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    cells_cleared BIGINT NOT NULL
);

-- Every rule of each run, including rules that found nothing and rules that failed.
CREATE TABLE rule_results (
    run_id      VARCHAR NOT NULL,
    code        VARCHAR NOT NULL,
    hash        VARCHAR NOT NULL,
    findings    BIGINT NOT NULL,
    error       VARCHAR,
    duration_ms BIGINT NOT NULL
);

-- Findings of each run.
CREATE TABLE findings (
    run_id      VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    rule        VARCHAR NOT NULL,
    rule_hash   VARCHAR NOT NULL,
    category    INTEGER NOT NULL,
    severity    VARCHAR NOT NULL,
    dept_code   VARCHAR,
    dept_name   VARCHAR,
    unit_code   VARCHAR,
    unit_name   VARCHAR,
    subject     VARCHAR,
    id_no       VARCHAR,
    name        VARCHAR,
    cnt         BIGINT,
    amount_fen  BIGINT,
    first_month VARCHAR,
    last_month  VARCHAR,
    detail      VARCHAR,
    status      VARCHAR NOT NULL
);

-- Which sources loaded in each run: (kind, unit) pairs with rows, and kinds loaded at all
-- (unit_code NULL).
CREATE TABLE coverage (
    run_id    VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL,
    unit_code VARCHAR
);

-- The change list of each run against the previous one.
CREATE TABLE changes (
    run_id      VARCHAR NOT NULL,
    change      VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    rule        VARCHAR NOT NULL,
    unit_code   VARCHAR,
    subject     VARCHAR
);

-- Auditors' decisions, kept whole: the latest per fingerprint applies.
CREATE TABLE decisions (
    fingerprint VARCHAR NOT NULL,
    conclusion  VARCHAR NOT NULL,
    opinion     VARCHAR,
    decided_by  VARCHAR NOT NULL,
    decided_at  TIMESTAMP NOT NULL,
    expires     DATE,
    source      VARCHAR,
    reopened_in VARCHAR
);
