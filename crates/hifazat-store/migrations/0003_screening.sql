-- Watchlists and border screening (issue 3). Same conventions as 0001.

CREATE TABLE watchlist_entries (
    id @ID@,
    list TEXT NOT NULL,
    full_name TEXT NOT NULL,
    father_name TEXT,
    date_of_birth TEXT,
    cnic TEXT,
    passport TEXT,
    nationality TEXT,
    zone TEXT,
    reference TEXT,
    reason TEXT,
    active BIGINT NOT NULL,
    added_by BIGINT REFERENCES users(id),
    added_at TEXT NOT NULL,
    removed_by BIGINT REFERENCES users(id),
    removed_at TEXT
);
CREATE INDEX watchlist_entries_list ON watchlist_entries(list, active);

-- Alerts wait in a queue for an immigration officer's decision; decisions are kept for
-- measuring and tuning the matcher.
CREATE TABLE screening_alerts (
    id @ID@,
    source TEXT NOT NULL,
    query_ref TEXT,
    query_name TEXT NOT NULL,
    query_father_name TEXT,
    query_dob TEXT,
    query_cnic TEXT,
    query_passport TEXT,
    query_nationality TEXT,
    exit_point TEXT,
    entry_id BIGINT NOT NULL REFERENCES watchlist_entries(id),
    score_milli BIGINT NOT NULL,
    explanation TEXT NOT NULL,
    status TEXT NOT NULL,
    decision_note TEXT,
    decided_by BIGINT REFERENCES users(id),
    decided_at TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX screening_alerts_status ON screening_alerts(status, created_at);
