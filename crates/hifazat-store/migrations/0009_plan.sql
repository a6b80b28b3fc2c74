-- A plan's monitoring matrix (issue 12, item 2): the National Action Plan's indicators with
-- their baseline, target and responsible agency, kept by the national coordinator. Each names
-- a measure of the statistics (hifazat_stats::reports::MEASURES): its value is computed from
-- the records, never typed in. Same conventions as 0001.
CREATE TABLE plan_indicators (
    id @ID@,
    plan TEXT NOT NULL,
    code TEXT NOT NULL,
    indicator_en TEXT NOT NULL,
    indicator_ur TEXT NOT NULL DEFAULT '',
    measure TEXT NOT NULL,
    baseline_year INTEGER,
    baseline DOUBLE PRECISION,
    target_year INTEGER,
    target DOUBLE PRECISION,
    agency TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at TEXT NOT NULL,
    UNIQUE (plan, code)
);
