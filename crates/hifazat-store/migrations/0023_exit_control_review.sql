-- Exit control (issue 13, item 6): a watchlist entry may expire (the day after `expires_on`
-- it raises no alert) and is reviewed on `review_on`; each review is kept (keep to a new
-- review date, extend the expiry, or remove), with the dates before and after, the reason,
-- who and when, so that no date is silently overwritten. Dates are `YYYY-MM-DD`.
ALTER TABLE watchlist_entries ADD COLUMN expires_on TEXT;
ALTER TABLE watchlist_entries ADD COLUMN review_on TEXT;
CREATE INDEX watchlist_entries_review ON watchlist_entries(active, review_on);

CREATE TABLE watchlist_reviews (
    id @ID@,
    entry_id BIGINT NOT NULL REFERENCES watchlist_entries(id),
    decision TEXT NOT NULL,
    review_on TEXT,
    expires_on TEXT,
    previous_review_on TEXT,
    previous_expires_on TEXT,
    reason TEXT NOT NULL,
    reviewed_by BIGINT REFERENCES users(id),
    reviewed_at TEXT NOT NULL
);
CREATE INDEX watchlist_reviews_entry ON watchlist_reviews(entry_id);
