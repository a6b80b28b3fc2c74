-- Phones, accounts and places as searchable identifiers (issue 13, item 3). Same conventions
-- as 0001. An identifier is kept once per kind and canonical value (see
-- hifazat_domain::identifiers): the value sealed (`identifiers.value:{id}`, `sealed.rs`), never
-- in clear, and a keyed hash of it (`value_bidx`, keyed with the kind) for look-ups.
CREATE TABLE identifiers (
    id @ID@,
    kind TEXT NOT NULL,
    value_bidx TEXT NOT NULL,
    value TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (kind, value_bidx)
);

-- Where an identifier appears: a person (in the case `case_id` where it was recorded), a case,
-- a report or helpline record (intake item), a returnee or a recruitment agent. `source` is
-- `record` when indexed from what the record holds (a person's phone, a caller's number, an
-- agent's phones) and `officer` when an officer linked it; the note is sealed.
CREATE TABLE identifier_links (
    id @ID@,
    identifier_id BIGINT NOT NULL REFERENCES identifiers(id),
    entity_kind TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    case_id BIGINT REFERENCES cases(id),
    source TEXT NOT NULL,
    note TEXT,
    linked_by BIGINT REFERENCES users(id),
    linked_at TEXT NOT NULL,
    UNIQUE (identifier_id, entity_kind, entity_id)
);
CREATE INDEX identifier_links_entity ON identifier_links(entity_kind, entity_id);
CREATE INDEX identifier_links_case ON identifier_links(case_id);
