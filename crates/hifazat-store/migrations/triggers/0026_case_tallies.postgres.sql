
-- PostgreSQL: writers run at once, so each trigger takes the tallies' row locks in one order
-- (case_counts before case_months, each by key): two transactions that each change one case
-- cannot deadlock on them, whichever way their cases move.
CREATE FUNCTION case_open(stage TEXT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN stage IN ('convicted', 'acquitted', 'compounded', 'closed_untraced', 'closed_cancelled', 'closed_transferred') THEN 0 ELSE 1 END::BIGINT
$$;

CREATE FUNCTION case_counts_add(d TEXT, p TEXT, k TEXT, s TEXT, delta BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO case_counts AS t (district_code, province_code, kind, stage, n) VALUES (d, p, k, s, delta)
    ON CONFLICT (district_code, province_code, kind, stage) DO UPDATE SET n = t.n + EXCLUDED.n
$$;

CREATE FUNCTION case_months_add(d TEXT, p TEXT, k TEXT, o BIGINT, m TEXT, delta BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO case_months AS t (district_code, province_code, kind, open, month, n) VALUES (d, p, k, o, m, delta)
    ON CONFLICT (district_code, province_code, kind, open, month) DO UPDATE SET n = t.n + EXCLUDED.n
$$;

-- Rows inserted (many at once in the bulk import) or deleted: one grouped upsert per table, each
-- trigger naming its rows changed_cases.
CREATE FUNCTION case_tallies_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sign BIGINT := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
    INSERT INTO case_counts AS t (district_code, province_code, kind, stage, n)
    SELECT district_code, province_code, kind, stage, sign * COUNT(*) FROM changed_cases
    GROUP BY district_code, province_code, kind, stage
    ORDER BY district_code, province_code, kind, stage
    ON CONFLICT (district_code, province_code, kind, stage) DO UPDATE SET n = t.n + EXCLUDED.n;
    INSERT INTO case_months AS t (district_code, province_code, kind, open, month, n)
    SELECT district_code, province_code, kind, case_open(stage), SUBSTR(reported_on, 1, 7), sign * COUNT(*) FROM changed_cases
    GROUP BY district_code, province_code, kind, case_open(stage), SUBSTR(reported_on, 1, 7)
    ORDER BY district_code, province_code, kind, case_open(stage), SUBSTR(reported_on, 1, 7)
    ON CONFLICT (district_code, province_code, kind, open, month) DO UPDATE SET n = t.n + EXCLUDED.n;
    RETURN NULL;
END $$;

-- One case moved (stage, kind, place or date): take one off the old tallies and add one to the
-- new, the lower key first.
CREATE FUNCTION case_tallies_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.district_code, OLD.province_code, OLD.kind, OLD.stage)
        < (NEW.district_code, NEW.province_code, NEW.kind, NEW.stage) THEN
        PERFORM case_counts_add(OLD.district_code, OLD.province_code, OLD.kind, OLD.stage, -1);
        PERFORM case_counts_add(NEW.district_code, NEW.province_code, NEW.kind, NEW.stage, 1);
    ELSIF (OLD.district_code, OLD.province_code, OLD.kind, OLD.stage)
        > (NEW.district_code, NEW.province_code, NEW.kind, NEW.stage) THEN
        PERFORM case_counts_add(NEW.district_code, NEW.province_code, NEW.kind, NEW.stage, 1);
        PERFORM case_counts_add(OLD.district_code, OLD.province_code, OLD.kind, OLD.stage, -1);
    END IF;
    IF (OLD.district_code, OLD.province_code, OLD.kind, case_open(OLD.stage), SUBSTR(OLD.reported_on, 1, 7))
        < (NEW.district_code, NEW.province_code, NEW.kind, case_open(NEW.stage), SUBSTR(NEW.reported_on, 1, 7)) THEN
        PERFORM case_months_add(OLD.district_code, OLD.province_code, OLD.kind, case_open(OLD.stage), SUBSTR(OLD.reported_on, 1, 7), -1);
        PERFORM case_months_add(NEW.district_code, NEW.province_code, NEW.kind, case_open(NEW.stage), SUBSTR(NEW.reported_on, 1, 7), 1);
    ELSIF (OLD.district_code, OLD.province_code, OLD.kind, case_open(OLD.stage), SUBSTR(OLD.reported_on, 1, 7))
        > (NEW.district_code, NEW.province_code, NEW.kind, case_open(NEW.stage), SUBSTR(NEW.reported_on, 1, 7)) THEN
        PERFORM case_months_add(NEW.district_code, NEW.province_code, NEW.kind, case_open(NEW.stage), SUBSTR(NEW.reported_on, 1, 7), 1);
        PERFORM case_months_add(OLD.district_code, OLD.province_code, OLD.kind, case_open(OLD.stage), SUBSTR(OLD.reported_on, 1, 7), -1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER case_tallies_insert AFTER INSERT ON cases
REFERENCING NEW TABLE AS changed_cases FOR EACH STATEMENT EXECUTE FUNCTION case_tallies_changed();
CREATE TRIGGER case_tallies_delete AFTER DELETE ON cases
REFERENCING OLD TABLE AS changed_cases FOR EACH STATEMENT EXECUTE FUNCTION case_tallies_changed();
CREATE TRIGGER case_tallies_update AFTER UPDATE OF district_code, province_code, kind, stage, reported_on ON cases
FOR EACH ROW EXECUTE FUNCTION case_tallies_updated();
