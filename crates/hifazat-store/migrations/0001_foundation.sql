-- Hifazat foundation schema: one source for both engines. At start-up `migrate.rs` replaces
-- @ID@ with each engine's identity column and adds each engine's append-only triggers for the
-- audit trail (see `engine_sql`).
-- Integers are BIGINT everywhere (one Rust type, i64, on both engines); times are ISO 8601
-- UTC text (`2026-11-23T18:00:00Z`), dates `YYYY-MM-DD`: they sort and compare as text.

CREATE TABLE agencies (
    id @ID@,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    province_code TEXT,
    district_code TEXT,
    parent_id BIGINT REFERENCES agencies(id),
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id @ID@,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    agency_id BIGINT REFERENCES agencies(id),
    jurisdiction TEXT NOT NULL,
    roles TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

-- Web sessions and API tokens; only a hash of the token is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (
    id @ID@,
    username TEXT NOT NULL,
    ip TEXT NOT NULL,
    succeeded BIGINT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts(username, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);

-- Named running numbers (case numbers per district and year, victim numbers per case).
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE cases (
    id @ID@,
    reference TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    stage TEXT NOT NULL,
    district_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    agency_id BIGINT REFERENCES agencies(id),
    fir_number TEXT,
    fir_date TEXT,
    reported_on TEXT NOT NULL,
    origin_district TEXT,
    exit_point TEXT,
    transit_points TEXT NOT NULL,
    elements TEXT NOT NULL,
    summary TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    last_activity_at TEXT NOT NULL
);
CREATE INDEX cases_district ON cases(district_code, stage);
CREATE INDEX cases_province ON cases(province_code, stage);
CREATE INDEX cases_activity ON cases(last_activity_at);
CREATE INDEX cases_reported ON cases(reported_on);

CREATE TABLE case_offences (
    case_id BIGINT NOT NULL REFERENCES cases(id),
    offence_code TEXT NOT NULL,
    PRIMARY KEY (case_id, offence_code)
);

CREATE TABLE case_exploitation (
    case_id BIGINT NOT NULL REFERENCES cases(id),
    form_code TEXT NOT NULL,
    PRIMARY KEY (case_id, form_code)
);

CREATE TABLE case_destinations (
    case_id BIGINT NOT NULL REFERENCES cases(id),
    country TEXT NOT NULL,
    PRIMARY KEY (case_id, country)
);

-- Identifying fields are AES-256-GCM ciphertexts (`*_enc`); CNIC and passport are also kept
-- as keyed hashes (`*_bidx`) for exact look-ups. Non-identifying fields stay in clear for
-- statistics.
CREATE TABLE persons (
    id @ID@,
    uid TEXT NOT NULL UNIQUE,
    name_enc TEXT NOT NULL,
    father_name_enc TEXT,
    relation TEXT,
    dob_enc TEXT,
    cnic_enc TEXT,
    passport_enc TEXT,
    phone_enc TEXT,
    address_enc TEXT,
    cnic_bidx TEXT,
    passport_bidx TEXT,
    sex TEXT NOT NULL,
    birth_year BIGINT,
    nationality TEXT,
    district_code TEXT,
    religion TEXT,
    disability TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX persons_cnic ON persons(cnic_bidx);
CREATE INDEX persons_passport ON persons(passport_bidx);

CREATE TABLE case_persons (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    role TEXT NOT NULL,
    victim_code TEXT UNIQUE,
    age_years BIGINT,
    is_child BIGINT NOT NULL,
    accused_status TEXT,
    sentence TEXT,
    fine_pkr BIGINT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (case_id, person_id, role)
);
CREATE INDEX case_persons_case ON case_persons(case_id, role);
CREATE INDEX case_persons_person ON case_persons(person_id);

-- History of accused statuses (corrections keep history).
CREATE TABLE accused_status_events (
    id @ID@,
    case_person_id BIGINT NOT NULL REFERENCES case_persons(id),
    status TEXT NOT NULL,
    sentence TEXT,
    fine_pkr BIGINT,
    remark TEXT,
    user_id BIGINT REFERENCES users(id),
    at TEXT NOT NULL
);

-- Stage history: every move with who, when and why.
CREATE TABLE case_events (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    remark TEXT,
    user_id BIGINT REFERENCES users(id),
    at TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, at);

CREATE TABLE hearings (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    hearing_date TEXT NOT NULL,
    court TEXT NOT NULL,
    purpose TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX hearings_date ON hearings(hearing_date);
CREATE INDEX hearings_case ON hearings(case_id);

-- The append-only audit trail: every write, every view of a victim's identifying data.
CREATE TABLE audit_log (
    id @ID@,
    at TEXT NOT NULL,
    user_id BIGINT,
    username TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    case_id BIGINT,
    ip TEXT,
    detail TEXT
);
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_case ON audit_log(case_id);
CREATE INDEX audit_user ON audit_log(username, at);
