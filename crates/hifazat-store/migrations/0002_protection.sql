-- Victim protection and referral (issue 4). Same conventions as 0001.

-- A provider of services: an agency with services, whom it accepts and its capacity.
CREATE TABLE providers (
    agency_id BIGINT PRIMARY KEY REFERENCES agencies(id),
    services TEXT NOT NULL,
    accepts TEXT NOT NULL,
    languages TEXT NOT NULL,
    capacity BIGINT NOT NULL,
    phone TEXT,
    updated_at TEXT NOT NULL
);

-- A victim's protection record: identified from a case or on their own.
CREATE TABLE victims (
    id @ID@,
    code TEXT NOT NULL UNIQUE,
    person_id BIGINT NOT NULL REFERENCES persons(id),
    case_person_id BIGINT REFERENCES case_persons(id),
    district_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    sex TEXT NOT NULL,
    age_years BIGINT,
    is_child BIGINT NOT NULL,
    result TEXT NOT NULL,
    indicators TEXT NOT NULL,
    circumstances TEXT,
    identified_on TEXT NOT NULL,
    identified_by BIGINT REFERENCES users(id),
    agency_id BIGINT REFERENCES agencies(id),
    retrafficked BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX victims_district ON victims(district_code, identified_on);
CREATE INDEX victims_province ON victims(province_code, identified_on);
CREATE INDEX victims_person ON victims(person_id);

CREATE TABLE consents (
    id @ID@,
    victim_id BIGINT NOT NULL REFERENCES victims(id),
    purpose TEXT NOT NULL,
    method TEXT NOT NULL,
    given_on TEXT NOT NULL,
    guardian_name_enc TEXT,
    guardian_relation TEXT,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    withdrawn_on TEXT,
    withdrawn_by BIGINT REFERENCES users(id)
);
CREATE INDEX consents_victim ON consents(victim_id, purpose);

CREATE TABLE referrals (
    id @ID@,
    victim_id BIGINT NOT NULL REFERENCES victims(id),
    provider_id BIGINT NOT NULL REFERENCES agencies(id),
    services TEXT NOT NULL,
    urgency TEXT NOT NULL,
    status TEXT NOT NULL,
    needs TEXT,
    contact_arrangements TEXT,
    consent_override_reason TEXT,
    sent_by BIGINT REFERENCES users(id),
    sent_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    responded_at TEXT,
    decline_reason TEXT,
    first_service_at TEXT,
    closed_at TEXT
);
CREATE INDEX referrals_victim ON referrals(victim_id);
CREATE INDEX referrals_provider ON referrals(provider_id, status);
CREATE INDEX referrals_status ON referrals(status, due_at);

CREATE TABLE referral_events (
    id @ID@,
    referral_id BIGINT NOT NULL REFERENCES referrals(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT,
    user_id BIGINT REFERENCES users(id),
    at TEXT NOT NULL
);
CREATE INDEX referral_events_referral ON referral_events(referral_id, at);

CREATE TABLE services_delivered (
    id @ID@,
    referral_id BIGINT NOT NULL REFERENCES referrals(id),
    service TEXT NOT NULL,
    delivered_on TEXT NOT NULL,
    note TEXT,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX services_delivered_referral ON services_delivered(referral_id);

CREATE TABLE shelter_stays (
    id @ID@,
    victim_id BIGINT NOT NULL REFERENCES victims(id),
    provider_id BIGINT NOT NULL REFERENCES agencies(id),
    referral_id BIGINT REFERENCES referrals(id),
    admitted_on TEXT NOT NULL,
    planned_days BIGINT NOT NULL,
    discharged_on TEXT,
    discharge_to TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX shelter_stays_provider ON shelter_stays(provider_id, discharged_on);
CREATE INDEX shelter_stays_victim ON shelter_stays(victim_id);

-- A stay is never confinement: every review records the victim's own wishes.
CREATE TABLE stay_reviews (
    id @ID@,
    stay_id BIGINT NOT NULL REFERENCES shelter_stays(id),
    review_date TEXT NOT NULL,
    victim_wishes TEXT NOT NULL,
    plan TEXT,
    reviewed_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);

CREATE TABLE follow_ups (
    id @ID@,
    victim_id BIGINT NOT NULL REFERENCES victims(id),
    due_on TEXT NOT NULL,
    done_on TEXT,
    outcome TEXT,
    note TEXT,
    recorded_by BIGINT REFERENCES users(id)
);
CREATE INDEX follow_ups_victim ON follow_ups(victim_id, due_on);
