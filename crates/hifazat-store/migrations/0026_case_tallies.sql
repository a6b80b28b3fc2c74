-- Counts of cases kept in step with the cases table by triggers (added per engine from
-- migrations/triggers/0026_*), so that list totals, the monitoring page and dashboards add up
-- a few thousand tallies instead of counting every case in scope on each request.
--
-- case_counts: cases by district, kind and stage (at most districts x kinds x stages rows).
-- case_months: cases by district, kind, open or not, and the month reported (YYYY-MM).
--
-- "Open" is every stage but the decided and closed ones; the stage codes are written out in the
-- triggers and a unit test in migrate.rs checks them against the domain's Stage::is_open.
CREATE TABLE case_counts (
    district_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    stage TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (district_code, province_code, kind, stage)
);

CREATE TABLE case_months (
    district_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    open BIGINT NOT NULL,
    month TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (district_code, province_code, kind, open, month)
);
CREATE INDEX case_months_month ON case_months(month);

INSERT INTO case_counts (district_code, province_code, kind, stage, n)
SELECT district_code, province_code, kind, stage, COUNT(*) FROM cases
GROUP BY district_code, province_code, kind, stage;

INSERT INTO case_months (district_code, province_code, kind, open, month, n)
SELECT district_code, province_code, kind,
    CASE WHEN stage IN ('convicted', 'acquitted', 'compounded', 'closed_untraced', 'closed_cancelled', 'closed_transferred') THEN 0 ELSE 1 END,
    SUBSTR(reported_on, 1, 7), COUNT(*) FROM cases
GROUP BY district_code, province_code, kind,
    CASE WHEN stage IN ('convicted', 'acquitted', 'compounded', 'closed_untraced', 'closed_cancelled', 'closed_transferred') THEN 0 ELSE 1 END,
    SUBSTR(reported_on, 1, 7);

-- The monitoring page counts open cases that have gone quiet, and open cases reported in the
-- first days of each age bucket (the rest comes from case_months): these indexes hold only the
-- open ones, with the place and kind that scope and filter them, so a count reads the index
-- alone (at 1,000,000 cases, a province's quiet cases in 21 ms instead of 220 ms).
CREATE INDEX cases_open_activity ON cases(last_activity_at, district_code, province_code, kind)
WHERE stage NOT IN ('convicted', 'acquitted', 'compounded', 'closed_untraced', 'closed_cancelled', 'closed_transferred');
CREATE INDEX cases_open_reported ON cases(reported_on, district_code, province_code, kind)
WHERE stage NOT IN ('convicted', 'acquitted', 'compounded', 'closed_untraced', 'closed_cancelled', 'closed_transferred');
