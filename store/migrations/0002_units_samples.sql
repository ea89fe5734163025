-- The units of each run with their departments: what the inspection stage draws from.
CREATE TABLE run_units (
    run_id    VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    unit_name VARCHAR,
    dept_code VARCHAR,
    dept_name VARCHAR
);

-- Spot-check samples (督查验收): every draw, so that a later --extend keeps the earlier units.
CREATE TABLE samples (
    sample_no  INTEGER NOT NULL,
    run_id     VARCHAR NOT NULL,
    unit_code  VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL,
    ratio      DOUBLE NOT NULL,
    seed       UBIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
