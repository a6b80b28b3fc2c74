-- Dated editions of publications (issue 12, item 5): the Red Book as it stood on a day and the
-- quarterly Gazette (`period`: its quarter, `YYYY-Qn`; `scope`: the jurisdiction it counts,
-- the issuer's), with the SHA-256 of the PDF issued (so
-- a reproduction can be checked), and which offices received each edition. Same conventions
-- as 0001.
CREATE TABLE editions (
    id @ID@,
    kind TEXT NOT NULL,
    number BIGINT NOT NULL,
    as_of TEXT NOT NULL,
    period TEXT NOT NULL,
    entries BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    office TEXT NOT NULL,
    scope TEXT NOT NULL,
    issued_by BIGINT REFERENCES users(id),
    issued_at TEXT NOT NULL,
    UNIQUE (kind, number)
);
CREATE TABLE edition_recipients (
    edition_id BIGINT NOT NULL REFERENCES editions(id),
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (edition_id, agency_id)
);
