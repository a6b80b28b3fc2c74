
-- SQLite: one trigger per change; a single writer at a time, so no lock order to keep.
-- A referral written: its victim's flags recomputed from all of the victim's referrals (and
-- the former victim's too when a referral moves), which moves the victim's tallies below.
CREATE TRIGGER victim_flags_insert AFTER INSERT ON referrals
BEGIN
    UPDATE victims SET (referred, referral_accepted, child_protection_referred, first_service_at) = (
        SELECT CASE WHEN COUNT(*) > 0 THEN 1 ELSE 0 END,
            COALESCE(MAX(CASE WHEN r.status IN ('accepted', 'in_service') OR (r.status = 'closed' AND r.responded_at IS NOT NULL) THEN 1 ELSE 0 END), 0),
            COALESCE(MAX(CASE WHEN r.services LIKE '%child_protection%' AND r.status <> 'declined' THEN 1 ELSE 0 END), 0),
            MIN(r.first_service_at)
        FROM referrals r WHERE r.victim_id = victims.id)
    WHERE id = NEW.victim_id;
END;

CREATE TRIGGER victim_flags_update AFTER UPDATE OF victim_id, status, services, responded_at, first_service_at ON referrals
BEGIN
    UPDATE victims SET (referred, referral_accepted, child_protection_referred, first_service_at) = (
        SELECT CASE WHEN COUNT(*) > 0 THEN 1 ELSE 0 END,
            COALESCE(MAX(CASE WHEN r.status IN ('accepted', 'in_service') OR (r.status = 'closed' AND r.responded_at IS NOT NULL) THEN 1 ELSE 0 END), 0),
            COALESCE(MAX(CASE WHEN r.services LIKE '%child_protection%' AND r.status <> 'declined' THEN 1 ELSE 0 END), 0),
            MIN(r.first_service_at)
        FROM referrals r WHERE r.victim_id = victims.id)
    WHERE id IN (OLD.victim_id, NEW.victim_id);
END;

CREATE TRIGGER victim_flags_delete AFTER DELETE ON referrals
BEGIN
    UPDATE victims SET (referred, referral_accepted, child_protection_referred, first_service_at) = (
        SELECT CASE WHEN COUNT(*) > 0 THEN 1 ELSE 0 END,
            COALESCE(MAX(CASE WHEN r.status IN ('accepted', 'in_service') OR (r.status = 'closed' AND r.responded_at IS NOT NULL) THEN 1 ELSE 0 END), 0),
            COALESCE(MAX(CASE WHEN r.services LIKE '%child_protection%' AND r.status <> 'declined' THEN 1 ELSE 0 END), 0),
            MIN(r.first_service_at)
        FROM referrals r WHERE r.victim_id = victims.id)
    WHERE id = OLD.victim_id;
END;

-- A victim written: one off the old tallies, one on the new.
CREATE TRIGGER victim_tallies_insert AFTER INSERT ON victims
BEGIN
    INSERT INTO victim_counts (district_code, province_code, sex, age_group, identified, referred, accepted, served, child_without_cp, n)
    VALUES (NEW.district_code, NEW.province_code, NEW.sex,
        CASE WHEN NEW.age_years IS NULL THEN 'unknown' WHEN NEW.is_child = 1 THEN 'child' ELSE 'adult' END,
        CASE WHEN NEW.result <> 'not_a_victim' THEN 1 ELSE 0 END, NEW.referred, NEW.referral_accepted,
        CASE WHEN NEW.first_service_at IS NOT NULL THEN 1 ELSE 0 END,
        CASE WHEN NEW.is_child = 1 AND NEW.child_protection_referred = 0 THEN 1 ELSE 0 END, 1)
    ON CONFLICT (district_code, province_code, sex, age_group, identified, referred, accepted, served, child_without_cp) DO UPDATE SET n = n + 1;
    INSERT INTO victim_service_days (district_code, province_code, days, n)
    SELECT NEW.district_code, NEW.province_code, MAX(0, CAST(ROUND(julianday(SUBSTR(NEW.first_service_at, 1, 10)) - julianday(NEW.identified_on)) AS INTEGER)), 1
    WHERE NEW.result <> 'not_a_victim' AND NEW.first_service_at IS NOT NULL
    ON CONFLICT (district_code, province_code, days) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER victim_tallies_delete AFTER DELETE ON victims
BEGIN
    UPDATE victim_counts SET n = n - 1
    WHERE (district_code, province_code, sex, age_group, identified, referred, accepted, served, child_without_cp) = (OLD.district_code, OLD.province_code, OLD.sex,
        CASE WHEN OLD.age_years IS NULL THEN 'unknown' WHEN OLD.is_child = 1 THEN 'child' ELSE 'adult' END,
        CASE WHEN OLD.result <> 'not_a_victim' THEN 1 ELSE 0 END, OLD.referred, OLD.referral_accepted,
        CASE WHEN OLD.first_service_at IS NOT NULL THEN 1 ELSE 0 END,
        CASE WHEN OLD.is_child = 1 AND OLD.child_protection_referred = 0 THEN 1 ELSE 0 END);
    UPDATE victim_service_days SET n = n - 1
    WHERE OLD.result <> 'not_a_victim' AND OLD.first_service_at IS NOT NULL
        AND district_code = OLD.district_code AND province_code = OLD.province_code AND days = MAX(0, CAST(ROUND(julianday(SUBSTR(OLD.first_service_at, 1, 10)) - julianday(OLD.identified_on)) AS INTEGER));
END;

CREATE TRIGGER victim_tallies_update AFTER UPDATE OF district_code, province_code, sex, age_years, is_child, result,
    identified_on, referred, referral_accepted, child_protection_referred, first_service_at ON victims
BEGIN
    UPDATE victim_counts SET n = n - 1
    WHERE (district_code, province_code, sex, age_group, identified, referred, accepted, served, child_without_cp) = (OLD.district_code, OLD.province_code, OLD.sex,
        CASE WHEN OLD.age_years IS NULL THEN 'unknown' WHEN OLD.is_child = 1 THEN 'child' ELSE 'adult' END,
        CASE WHEN OLD.result <> 'not_a_victim' THEN 1 ELSE 0 END, OLD.referred, OLD.referral_accepted,
        CASE WHEN OLD.first_service_at IS NOT NULL THEN 1 ELSE 0 END,
        CASE WHEN OLD.is_child = 1 AND OLD.child_protection_referred = 0 THEN 1 ELSE 0 END);
    UPDATE victim_service_days SET n = n - 1
    WHERE OLD.result <> 'not_a_victim' AND OLD.first_service_at IS NOT NULL
        AND district_code = OLD.district_code AND province_code = OLD.province_code AND days = MAX(0, CAST(ROUND(julianday(SUBSTR(OLD.first_service_at, 1, 10)) - julianday(OLD.identified_on)) AS INTEGER));
    INSERT INTO victim_counts (district_code, province_code, sex, age_group, identified, referred, accepted, served, child_without_cp, n)
    VALUES (NEW.district_code, NEW.province_code, NEW.sex,
        CASE WHEN NEW.age_years IS NULL THEN 'unknown' WHEN NEW.is_child = 1 THEN 'child' ELSE 'adult' END,
        CASE WHEN NEW.result <> 'not_a_victim' THEN 1 ELSE 0 END, NEW.referred, NEW.referral_accepted,
        CASE WHEN NEW.first_service_at IS NOT NULL THEN 1 ELSE 0 END,
        CASE WHEN NEW.is_child = 1 AND NEW.child_protection_referred = 0 THEN 1 ELSE 0 END, 1)
    ON CONFLICT (district_code, province_code, sex, age_group, identified, referred, accepted, served, child_without_cp) DO UPDATE SET n = n + 1;
    INSERT INTO victim_service_days (district_code, province_code, days, n)
    SELECT NEW.district_code, NEW.province_code, MAX(0, CAST(ROUND(julianday(SUBSTR(NEW.first_service_at, 1, 10)) - julianday(NEW.identified_on)) AS INTEGER)), 1
    WHERE NEW.result <> 'not_a_victim' AND NEW.first_service_at IS NOT NULL
    ON CONFLICT (district_code, province_code, days) DO UPDATE SET n = n + 1;
END;

-- The flags of victims already referred (see 0028_victim_tallies.sql).
UPDATE referrals SET status = status;
