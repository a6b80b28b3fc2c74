-- The front door (issue 11): reports from the public portal and calls and messages to the
-- helpline, in one queue per district; triage; the district's duty officer, to whom immediate
-- danger is escalated; and the portal's own protections (per-address limits, one-time forms).
-- `narrative` and `contact` are sealed with the vault like identities (`sealed.rs`): what a
-- caller says about a victim is personal data. Everything else is in clear for the queue.
CREATE TABLE intake_items (
    id @ID@,
    -- Public reports: unguessable (`R-` and 16 characters of base32, 80 bits). Helpline
    -- records: `H-` and the same.
    reference TEXT NOT NULL UNIQUE,
    -- SHA-256 of the reporter's secret (public reports only); the secret itself is never kept.
    secret_hash TEXT,
    source TEXT NOT NULL,
    channel TEXT NOT NULL,
    language TEXT NOT NULL,
    caller_kind TEXT NOT NULL,
    contact_consent BIGINT NOT NULL,
    woman_officer BIGINT NOT NULL,
    -- NULL when the reporter did not know: the national queue.
    province_code TEXT,
    district_code TEXT,
    urgency TEXT NOT NULL,
    indicators TEXT NOT NULL,
    narrative TEXT,
    contact TEXT,
    received_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    -- Immediate danger: the duty officer it was escalated to, and their acknowledgement.
    escalated_to BIGINT REFERENCES users(id),
    escalated_at TEXT,
    acknowledged_at TEXT,
    acknowledgement TEXT,
    -- The first thing anyone did with it (triage or acknowledgement): the response time.
    first_action_at TEXT,
    status TEXT NOT NULL,
    classification TEXT,
    triage_action TEXT,
    duplicate_of BIGINT REFERENCES intake_items(id),
    case_id BIGINT REFERENCES cases(id),
    person_id BIGINT REFERENCES persons(id),
    triage_note TEXT,
    triaged_by BIGINT REFERENCES users(id),
    triaged_at TEXT
);
CREATE INDEX intake_items_queue ON intake_items(status, district_code, due_at);
CREATE INDEX intake_items_received ON intake_items(received_at);
CREATE INDEX intake_items_case ON intake_items(case_id);
-- What the reporter (with the secret) or staff added later; `body` sealed.
CREATE TABLE intake_additions (
    id @ID@,
    item_id BIGINT NOT NULL REFERENCES intake_items(id),
    body TEXT,
    added_by BIGINT REFERENCES users(id),
    added_at TEXT NOT NULL
);
CREATE INDEX intake_additions_item ON intake_additions(item_id);
-- Routing history: each move of an item to another district's queue.
CREATE TABLE intake_routes (
    id @ID@,
    item_id BIGINT NOT NULL REFERENCES intake_items(id),
    from_district TEXT,
    to_district TEXT NOT NULL,
    routed_by BIGINT REFERENCES users(id),
    routed_at TEXT NOT NULL
);
-- The officer on duty for a district's immediate-danger reports.
CREATE TABLE duty_officers (
    district_code TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    set_by BIGINT REFERENCES users(id),
    set_at TEXT NOT NULL
);
-- Requests from one address to the public portal, per kind and window.
CREATE TABLE public_throttle (
    throttle_key TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    hits BIGINT NOT NULL
);
-- Forms of the public portal already used (each form's token is good once).
CREATE TABLE public_forms_used (
    nonce TEXT PRIMARY KEY,
    used_at TEXT NOT NULL
);
