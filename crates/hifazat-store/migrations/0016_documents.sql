-- Evidence and documents (issue 10, item 6): files attached to a case or to a person in it.
-- `title` and `content` (the file, base64) are sealed with the vault like identities
-- (`sealed.rs`), so key rotation re-encrypts them; kind, date, type, size and SHA-256 stay in
-- clear. Every download is audited.
CREATE TABLE case_documents (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    case_person_id BIGINT REFERENCES case_persons(id),
    kind TEXT NOT NULL,
    title TEXT,
    document_date TEXT,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content TEXT,
    added_by BIGINT REFERENCES users(id),
    added_at TEXT NOT NULL
);
CREATE INDEX case_documents_case ON case_documents(case_id);
