-- Recruitment agents (issue 11, item 4). One table for both kinds, told apart by `kind`:
-- `promoter`, a licensed Overseas Employment Promoter from the Bureau of Emigration's register
-- (licence number, status, dates, offices), and `unlicensed`, an agent or sub-agent met in a
-- case, a report or at screening (aliases, phones, district). The public look-up reads only
-- promoters' licence columns and their offices' districts.
CREATE TABLE agents (
    id @ID@,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    -- Upper-cased name, aliases and licence key, for search.
    search_text TEXT NOT NULL,
    -- Promoters: as the Bureau writes it ('OEP 3814/RWP'), and its letters and digits only.
    licence_number TEXT,
    licence_key TEXT UNIQUE,
    status TEXT,
    issued_on TEXT,
    expires_on TEXT,
    address TEXT,
    -- Unlicensed agents: other names (JSON list), phones (JSON list, +92…), district, notes.
    aliases TEXT,
    phones TEXT,
    district_code TEXT,
    notes TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX agents_kind_name ON agents(kind, name);
-- A promoter's offices: one row per district; `position` 0 is the head office.
CREATE TABLE agent_offices (
    id @ID@,
    agent_id BIGINT NOT NULL REFERENCES agents(id),
    district_code TEXT NOT NULL,
    position BIGINT NOT NULL
);
CREATE INDEX agent_offices_agent ON agent_offices(agent_id);
-- What was done about a licence; status changes keep the status before and after.
CREATE TABLE licence_actions (
    id @ID@,
    agent_id BIGINT NOT NULL REFERENCES agents(id),
    kind TEXT NOT NULL,
    taken_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    order_reference TEXT,
    status_before TEXT,
    status_after TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX licence_actions_agent ON licence_actions(agent_id);
CREATE TABLE agent_cases (
    id @ID@,
    agent_id BIGINT NOT NULL REFERENCES agents(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    note TEXT,
    linked_by BIGINT REFERENCES users(id),
    linked_at TEXT NOT NULL,
    UNIQUE (agent_id, case_id)
);
CREATE INDEX agent_cases_case ON agent_cases(case_id);
CREATE TABLE agent_persons (
    id @ID@,
    agent_id BIGINT NOT NULL REFERENCES agents(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    note TEXT,
    linked_by BIGINT REFERENCES users(id),
    linked_at TEXT NOT NULL,
    UNIQUE (agent_id, person_id)
);
CREATE INDEX agent_persons_person ON agent_persons(person_id);
-- Reports and helpline calls (issue 11, the front door) that name an agent: the agent's
-- complaints. Linked at triage; one row per report and agent.
CREATE TABLE agent_reports (
    id @ID@,
    agent_id BIGINT NOT NULL REFERENCES agents(id),
    item_id BIGINT NOT NULL REFERENCES intake_items(id),
    linked_by BIGINT REFERENCES users(id),
    linked_at TEXT NOT NULL,
    UNIQUE (agent_id, item_id)
);
CREATE INDEX agent_reports_item ON agent_reports(item_id);
