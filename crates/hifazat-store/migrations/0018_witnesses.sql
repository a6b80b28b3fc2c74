-- Victims and witnesses at trial (issue 10, item 5): testimony (open court, in camera, by
-- video link, behind a screen), protection measures asked of the court and its decision,
-- threats and pressure reported (an alert to the supervisor and the protection officer until
-- acknowledged with the action taken), and each victim's consent to the case being registered.
-- A threat's `description` is sealed with the vault like identities (`sealed.rs`), so key
-- rotation re-encrypts it; everything else stays in clear for the lists and the alerts.
CREATE TABLE testimonies (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    case_person_id BIGINT NOT NULL REFERENCES case_persons(id),
    testified_on TEXT NOT NULL,
    mode TEXT NOT NULL,
    remark TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX testimonies_case ON testimonies(case_id);
CREATE TABLE protection_measures (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    case_person_id BIGINT NOT NULL REFERENCES case_persons(id),
    measure TEXT NOT NULL,
    requested_on TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_on TEXT,
    decision_remark TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at TEXT
);
CREATE INDEX protection_measures_case ON protection_measures(case_id);
CREATE TABLE threat_reports (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    case_person_id BIGINT NOT NULL REFERENCES case_persons(id),
    kind TEXT NOT NULL,
    from_whom TEXT NOT NULL,
    reported_on TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    acknowledged_by BIGINT REFERENCES users(id),
    acknowledged_at TEXT,
    action_taken TEXT
);
CREATE INDEX threat_reports_case ON threat_reports(case_id);
CREATE INDEX threat_reports_status ON threat_reports(status);
-- `given`, `refused` or `not_asked`; victims only; NULL until recorded.
ALTER TABLE case_persons ADD COLUMN registration_consent TEXT;
