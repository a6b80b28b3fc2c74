-- The national person index (issue 3): merged person records, and watchlist entries linked to
-- person records. Same conventions as 0001.

-- A merged record is kept, retired: `merged_into` names the record that now holds its roles.
ALTER TABLE persons ADD COLUMN merged_into BIGINT REFERENCES persons(id);

-- One merge of two records of one person, with why and by whom; undone by an unmerge, which
-- is recorded on the same row (nothing is deleted).
CREATE TABLE person_merges (
    id @ID@,
    kept_person_id BIGINT NOT NULL REFERENCES persons(id),
    merged_person_id BIGINT NOT NULL REFERENCES persons(id),
    reason TEXT NOT NULL,
    merged_by BIGINT REFERENCES users(id),
    merged_at TEXT NOT NULL,
    unmerge_reason TEXT,
    unmerged_by BIGINT REFERENCES users(id),
    unmerged_at TEXT
);
CREATE INDEX person_merges_kept ON person_merges(kept_person_id);
CREATE INDEX person_merges_merged ON person_merges(merged_person_id);

-- What a merge moved from the merged record to the kept one (`kind` = case_person or
-- watchlist_entry, `row_id` its id), so that an unmerge moves exactly that back.
CREATE TABLE person_merge_moves (
    merge_id BIGINT NOT NULL REFERENCES person_merges(id),
    kind TEXT NOT NULL,
    row_id BIGINT NOT NULL,
    PRIMARY KEY (merge_id, kind, row_id)
);

-- A watchlist entry may name the person record it is about (the Red Book's persons are
-- accused in cases).
ALTER TABLE watchlist_entries ADD COLUMN person_id BIGINT REFERENCES persons(id);
CREATE INDEX watchlist_entries_person ON watchlist_entries(person_id);
