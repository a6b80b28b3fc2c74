-- Counts of victims kept in step by triggers (added per engine from
-- migrations/triggers/0028_*), so that the protection dashboard adds up a few thousand tallies
-- instead of counting every victim in scope, and reading every one of them for the median time
-- to first service, on each request.
--
-- On victims, what the dashboard asks of a victim's referrals, kept by the triggers on
-- referrals (recomputed from the victim's referrals whenever one of them is written):
-- referred (any referral), referral_accepted (one accepted, in service, or closed after an
-- answer), child_protection_referred (one for child protection not declined), and the earliest
-- first service of any of them.
ALTER TABLE victims ADD COLUMN referred BIGINT NOT NULL DEFAULT 0;
ALTER TABLE victims ADD COLUMN referral_accepted BIGINT NOT NULL DEFAULT 0;
ALTER TABLE victims ADD COLUMN child_protection_referred BIGINT NOT NULL DEFAULT 0;
ALTER TABLE victims ADD COLUMN first_service_at TEXT;

-- victim_counts: victims by place, sex, age group ('child', 'adult' or 'unknown' when no age is
-- known) and what the dashboard counts (each 0 or 1): identified (a result other than
-- not_a_victim), referred, accepted, served (a first service), child_without_cp (a child with
-- no child protection referral). At most a few hundred rows per district.
CREATE TABLE victim_counts (
    district_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    sex TEXT NOT NULL,
    age_group TEXT NOT NULL,
    identified BIGINT NOT NULL,
    referred BIGINT NOT NULL,
    accepted BIGINT NOT NULL,
    served BIGINT NOT NULL,
    child_without_cp BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (district_code, province_code, sex, age_group, identified, referred, accepted, served, child_without_cp)
);

-- victim_service_days: identified victims who were served, by place and whole days from
-- identification to first service (0 when served the day before): the median is read from the
-- running total.
CREATE TABLE victim_service_days (
    district_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    days BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (district_code, province_code, days)
);

-- Every victim as it stands before its flags are set (no referral yet): the per-engine file
-- then rewrites each referral in place once its triggers exist, which sets the flags and moves
-- the tallies, days included.
INSERT INTO victim_counts (district_code, province_code, sex, age_group, identified, referred, accepted, served, child_without_cp, n)
SELECT district_code, province_code, sex,
    CASE WHEN age_years IS NULL THEN 'unknown' WHEN is_child = 1 THEN 'child' ELSE 'adult' END,
    CASE WHEN result <> 'not_a_victim' THEN 1 ELSE 0 END, 0, 0, 0,
    CASE WHEN is_child = 1 THEN 1 ELSE 0 END, COUNT(*)
FROM victims
GROUP BY district_code, province_code, sex,
    CASE WHEN age_years IS NULL THEN 'unknown' WHEN is_child = 1 THEN 'child' ELSE 'adult' END,
    CASE WHEN result <> 'not_a_victim' THEN 1 ELSE 0 END,
    CASE WHEN is_child = 1 THEN 1 ELSE 0 END;

-- What the dashboard still counts and lists from the rows: referrals past their answer time
-- (which depends on the hour asked; referrals_status holds them), consent overrides (few), and
-- the children without a child protection referral, oldest first.
CREATE INDEX referrals_override ON referrals(victim_id) WHERE consent_override_reason IS NOT NULL;
CREATE INDEX victims_child_without_cp ON victims(identified_on, id)
WHERE is_child = 1 AND child_protection_referred = 0 AND result <> 'not_a_victim';
