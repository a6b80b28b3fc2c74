-- Transfers of a case between districts and agencies (issue 10, item 2): requested by the side
-- that holds the case, accepted or declined by a supervisor of the receiving district. On
-- acceptance the case row moves (district, province, agency); the transfer row keeps where it
-- came from, so the sending side keeps read access to the record as it stood when it left.
CREATE TABLE case_transfers (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    from_district TEXT NOT NULL,
    from_province TEXT NOT NULL,
    from_agency_id BIGINT REFERENCES agencies(id),
    to_district TEXT NOT NULL,
    to_province TEXT NOT NULL,
    to_agency_id BIGINT REFERENCES agencies(id),
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_by BIGINT REFERENCES users(id),
    requested_at TEXT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at TEXT,
    remark TEXT
);
CREATE INDEX case_transfers_case ON case_transfers(case_id, status);
CREATE INDEX case_transfers_to ON case_transfers(to_district, status);
CREATE INDEX case_transfers_from ON case_transfers(from_district, status);
