
-- PostgreSQL: writers run at once, so the triggers take their row locks in one order: the
-- victims whose flags change (by id), then victim_counts before victim_service_days, each by
-- key, so that two transactions that each write one victim's records cannot deadlock on them.
-- Statement triggers with transition tables: the bulk import's many rows move the tallies in
-- one grouped upsert per table. (Transition tables take no column list: every UPDATE of
-- referrals and victims runs them, and one that changes nothing tallied moves nothing.)

-- A referral written: its victims' flags recomputed from all of their referrals.
CREATE FUNCTION victim_flags_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[];
BEGIN
    EXECUTE 'SELECT ARRAY(SELECT DISTINCT victim_id FROM (' || CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT victim_id FROM new_referrals'
        WHEN 'DELETE' THEN 'SELECT victim_id FROM old_referrals'
        ELSE 'SELECT victim_id FROM old_referrals UNION ALL SELECT victim_id FROM new_referrals'
    END || ') x)' INTO ids;
    PERFORM 1 FROM victims WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
    UPDATE victims SET (referred, referral_accepted, child_protection_referred, first_service_at) = (
        SELECT CASE WHEN COUNT(*) > 0 THEN 1 ELSE 0 END,
            COALESCE(MAX(CASE WHEN r.status IN ('accepted', 'in_service') OR (r.status = 'closed' AND r.responded_at IS NOT NULL) THEN 1 ELSE 0 END), 0),
            COALESCE(MAX(CASE WHEN r.services LIKE '%child_protection%' AND r.status <> 'declined' THEN 1 ELSE 0 END), 0),
            MIN(r.first_service_at)
        FROM referrals r WHERE r.victim_id = victims.id)
    WHERE id = ANY(ids);
    RETURN NULL;
END $$;

CREATE TRIGGER victim_flags_insert AFTER INSERT ON referrals
REFERENCING NEW TABLE AS new_referrals FOR EACH STATEMENT EXECUTE FUNCTION victim_flags_refresh();
CREATE TRIGGER victim_flags_update AFTER UPDATE ON referrals
REFERENCING OLD TABLE AS old_referrals NEW TABLE AS new_referrals FOR EACH STATEMENT EXECUTE FUNCTION victim_flags_refresh();
CREATE TRIGGER victim_flags_delete AFTER DELETE ON referrals
REFERENCING OLD TABLE AS old_referrals FOR EACH STATEMENT EXECUTE FUNCTION victim_flags_refresh();

-- Victims written: the old rows taken off their tallies and the new ones added, summed by key.
CREATE FUNCTION victim_tallies_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed TEXT := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT 1 AS d, * FROM new_victims'
        WHEN 'DELETE' THEN 'SELECT -1 AS d, * FROM old_victims'
        ELSE 'SELECT -1 AS d, * FROM old_victims UNION ALL SELECT 1 AS d, * FROM new_victims'
    END;
BEGIN
    EXECUTE 'INSERT INTO victim_counts AS t (district_code, province_code, sex, age_group, identified, referred, accepted, served, child_without_cp, n)
        SELECT district_code, province_code, sex,
            CASE WHEN age_years IS NULL THEN ''unknown'' WHEN is_child = 1 THEN ''child'' ELSE ''adult'' END,
            CASE WHEN result <> ''not_a_victim'' THEN 1 ELSE 0 END, referred, referral_accepted,
            CASE WHEN first_service_at IS NOT NULL THEN 1 ELSE 0 END,
            CASE WHEN is_child = 1 AND child_protection_referred = 0 THEN 1 ELSE 0 END, SUM(d)
        FROM (' || changed || ') x
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 HAVING SUM(d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        ON CONFLICT (district_code, province_code, sex, age_group, identified, referred, accepted, served, child_without_cp)
        DO UPDATE SET n = t.n + EXCLUDED.n';
    EXECUTE 'INSERT INTO victim_service_days AS t (district_code, province_code, days, n)
        SELECT district_code, province_code,
            GREATEST(0, CAST(SUBSTR(first_service_at, 1, 10) AS DATE) - CAST(identified_on AS DATE)), SUM(d)
        FROM (' || changed || ') x
        WHERE result <> ''not_a_victim'' AND first_service_at IS NOT NULL
        GROUP BY 1, 2, 3 HAVING SUM(d) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (district_code, province_code, days) DO UPDATE SET n = t.n + EXCLUDED.n';
    RETURN NULL;
END $$;

CREATE TRIGGER victim_tallies_insert AFTER INSERT ON victims
REFERENCING NEW TABLE AS new_victims FOR EACH STATEMENT EXECUTE FUNCTION victim_tallies_changed();
CREATE TRIGGER victim_tallies_update AFTER UPDATE ON victims
REFERENCING OLD TABLE AS old_victims NEW TABLE AS new_victims FOR EACH STATEMENT EXECUTE FUNCTION victim_tallies_changed();
CREATE TRIGGER victim_tallies_delete AFTER DELETE ON victims
REFERENCING OLD TABLE AS old_victims FOR EACH STATEMENT EXECUTE FUNCTION victim_tallies_changed();

-- The flags of victims already referred (see 0028_victim_tallies.sql).
UPDATE referrals SET status = status;
