-- Accused at large on the exit blacklist (issue 10, item 8): an entry put there from a case
-- names the accused's place in it, so that it is removed when their status changes.
ALTER TABLE watchlist_entries ADD COLUMN case_person_id BIGINT REFERENCES case_persons(id);
CREATE INDEX watchlist_entries_case_person ON watchlist_entries(case_person_id, active);
