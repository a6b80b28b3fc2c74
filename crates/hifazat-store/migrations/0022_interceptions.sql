-- Interceptions at land and sea borders and airports (issue 13, item 2): who intercepted
-- (the agency, and its kind at the time, so that totals by kind do not move if the agency is
-- later reclassified), where (the district decides who sees the record), when, which way, and
-- the counts: migrants by nationality, sex and age group, smugglers arrested, vehicles and
-- boats. No migrant is named. `migrants` is the sum of the groups' counts, kept for lists.
CREATE TABLE interceptions (
    id @ID@,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    agency_kind TEXT NOT NULL,
    border TEXT NOT NULL,
    place TEXT NOT NULL,
    province_code TEXT NOT NULL,
    district_code TEXT NOT NULL,
    intercepted_on TEXT NOT NULL,
    direction TEXT NOT NULL,
    migrants BIGINT NOT NULL,
    smugglers_arrested BIGINT NOT NULL,
    note TEXT,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX interceptions_day ON interceptions(intercepted_on);
CREATE INDEX interceptions_district ON interceptions(district_code, intercepted_on);
-- Migrants of one nationality (ISO 3166-1 alpha-2), sex and age group.
CREATE TABLE interception_migrants (
    id @ID@,
    interception_id BIGINT NOT NULL REFERENCES interceptions(id),
    nationality TEXT NOT NULL,
    sex TEXT NOT NULL,
    age_group TEXT NOT NULL,
    persons BIGINT NOT NULL
);
CREATE INDEX interception_migrants_of ON interception_migrants(interception_id);
-- Vehicles and boats of one kind.
CREATE TABLE interception_vehicles (
    id @ID@,
    interception_id BIGINT NOT NULL REFERENCES interceptions(id),
    kind TEXT NOT NULL,
    units BIGINT NOT NULL
);
CREATE INDEX interception_vehicles_of ON interception_vehicles(interception_id);
-- Cases registered from an interception (against the smugglers, or for migrants found to be
-- victims of trafficking). An unlinked case's row is deleted; the audit trail keeps both.
CREATE TABLE interception_cases (
    id @ID@,
    interception_id BIGINT NOT NULL REFERENCES interceptions(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    linked_by BIGINT REFERENCES users(id),
    linked_at TEXT NOT NULL,
    UNIQUE (interception_id, case_id)
);
CREATE INDEX interception_cases_case ON interception_cases(case_id);
