-- Returnees (issue 13, item 1): deportees, off-loaded passengers and returning migrants, the
-- daily lists they arrive in, and their debriefings with the route legs they describe. Same
-- conventions as 0001. Names and documents are sealed like persons' (`sealed.rs`); CNIC and
-- passport also kept as keyed hashes for linking to the person index.

-- One list as received, with the result of its import and screening kept.
CREATE TABLE returnee_lists (
    id @ID@,
    kind TEXT NOT NULL,
    arrival_point TEXT NOT NULL,
    province_code TEXT NOT NULL,
    district_code TEXT NOT NULL,
    arrived_on TEXT NOT NULL,
    source TEXT NOT NULL,
    rows_read BIGINT NOT NULL,
    accepted BIGINT NOT NULL,
    refused BIGINT NOT NULL,
    alerts BIGINT NOT NULL,
    linked BIGINT NOT NULL,
    -- The refused rows (JSON: line, column, message); never the rows' contents.
    errors TEXT NOT NULL,
    received_by BIGINT REFERENCES users(id),
    received_at TEXT NOT NULL
);
CREATE INDEX returnee_lists_place ON returnee_lists(district_code, arrived_on);

CREATE TABLE returnees (
    id @ID@,
    reference TEXT NOT NULL UNIQUE,
    list_id BIGINT REFERENCES returnee_lists(id),
    list_ref TEXT,
    kind TEXT NOT NULL,
    full_name TEXT,
    father_name TEXT,
    dob TEXT,
    cnic TEXT,
    passport TEXT,
    cnic_bidx TEXT,
    passport_bidx TEXT,
    sex TEXT,
    birth_year BIGINT,
    nationality TEXT NOT NULL,
    document TEXT,
    flight TEXT NOT NULL,
    country TEXT NOT NULL,
    reason TEXT NOT NULL,
    arrival_point TEXT NOT NULL,
    province_code TEXT NOT NULL,
    district_code TEXT NOT NULL,
    home_province TEXT,
    home_district TEXT,
    arrived_on TEXT NOT NULL,
    person_id BIGINT REFERENCES persons(id),
    -- The protection record opened when a debriefing showed them a victim.
    victim_id BIGINT REFERENCES victims(id),
    alerts BIGINT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX returnees_arrival ON returnees(district_code, arrived_on);
CREATE INDEX returnees_home ON returnees(home_district, arrived_on);
CREATE INDEX returnees_list ON returnees(list_id);
CREATE INDEX returnees_cnic ON returnees(cnic_bidx);
CREATE INDEX returnees_passport ON returnees(passport_bidx);
CREATE INDEX returnees_person ON returnees(person_id);

-- What a returnee told in an interview. Agents' names are in clear, as in the register of
-- agents; the returnee's own account is sealed.
CREATE TABLE debriefings (
    id @ID@,
    returnee_id BIGINT NOT NULL REFERENCES returnees(id),
    interviewed_on TEXT NOT NULL,
    agent_id BIGINT REFERENCES agents(id),
    agent_name TEXT,
    sub_agents TEXT NOT NULL,
    amount_paid_pkr BIGINT,
    documents_used TEXT NOT NULL,
    exploitation TEXT NOT NULL,
    account TEXT,
    case_id BIGINT REFERENCES cases(id),
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX debriefings_returnee ON debriefings(returnee_id);
CREATE INDEX debriefings_agent ON debriefings(agent_id);

CREATE TABLE route_legs (
    id @ID@,
    debriefing_id BIGINT NOT NULL REFERENCES debriefings(id),
    seq BIGINT NOT NULL,
    from_place TEXT NOT NULL,
    to_place TEXT NOT NULL,
    country TEXT NOT NULL,
    transport TEXT NOT NULL
);
CREATE INDEX route_legs_debriefing ON route_legs(debriefing_id, seq);

-- An alert raised by a returnee's screening names the returnee.
ALTER TABLE screening_alerts ADD COLUMN returnee_id BIGINT REFERENCES returnees(id);
CREATE INDEX screening_alerts_returnee ON screening_alerts(returnee_id);
