
-- SQLite: one trigger per change; a single writer at a time, so no lock order to keep.
CREATE TRIGGER case_tallies_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO case_counts (district_code, province_code, kind, stage, n)
    VALUES (NEW.district_code, NEW.province_code, NEW.kind, NEW.stage, 1)
    ON CONFLICT (district_code, province_code, kind, stage) DO UPDATE SET n = n + 1;
    INSERT INTO case_months (district_code, province_code, kind, open, month, n)
    VALUES (NEW.district_code, NEW.province_code, NEW.kind,
        CASE WHEN NEW.stage IN ('convicted', 'acquitted', 'compounded', 'closed_untraced', 'closed_cancelled', 'closed_transferred') THEN 0 ELSE 1 END,
        SUBSTR(NEW.reported_on, 1, 7), 1)
    ON CONFLICT (district_code, province_code, kind, open, month) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_tallies_delete AFTER DELETE ON cases
BEGIN
    UPDATE case_counts SET n = n - 1
    WHERE district_code = OLD.district_code AND province_code = OLD.province_code
        AND kind = OLD.kind AND stage = OLD.stage;
    UPDATE case_months SET n = n - 1
    WHERE district_code = OLD.district_code AND province_code = OLD.province_code AND kind = OLD.kind
        AND open = CASE WHEN OLD.stage IN ('convicted', 'acquitted', 'compounded', 'closed_untraced', 'closed_cancelled', 'closed_transferred') THEN 0 ELSE 1 END
        AND month = SUBSTR(OLD.reported_on, 1, 7);
END;

CREATE TRIGGER case_tallies_update AFTER UPDATE OF district_code, province_code, kind, stage, reported_on ON cases
BEGIN
    UPDATE case_counts SET n = n - 1
    WHERE district_code = OLD.district_code AND province_code = OLD.province_code
        AND kind = OLD.kind AND stage = OLD.stage;
    UPDATE case_months SET n = n - 1
    WHERE district_code = OLD.district_code AND province_code = OLD.province_code AND kind = OLD.kind
        AND open = CASE WHEN OLD.stage IN ('convicted', 'acquitted', 'compounded', 'closed_untraced', 'closed_cancelled', 'closed_transferred') THEN 0 ELSE 1 END
        AND month = SUBSTR(OLD.reported_on, 1, 7);
    INSERT INTO case_counts (district_code, province_code, kind, stage, n)
    VALUES (NEW.district_code, NEW.province_code, NEW.kind, NEW.stage, 1)
    ON CONFLICT (district_code, province_code, kind, stage) DO UPDATE SET n = n + 1;
    INSERT INTO case_months (district_code, province_code, kind, open, month, n)
    VALUES (NEW.district_code, NEW.province_code, NEW.kind,
        CASE WHEN NEW.stage IN ('convicted', 'acquitted', 'compounded', 'closed_untraced', 'closed_cancelled', 'closed_transferred') THEN 0 ELSE 1 END,
        SUBSTR(NEW.reported_on, 1, 7), 1)
    ON CONFLICT (district_code, province_code, kind, open, month) DO UPDATE SET n = n + 1;
END;
