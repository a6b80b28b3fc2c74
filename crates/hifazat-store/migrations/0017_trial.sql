-- Prosecution and trial (issue 10, item 4). The court and judge a case is before; the
-- prosecution's scrutiny of each challan (accepted for the court, or returned to the police with
-- objections); each hearing's outcome (adjourned with the reason and at whose request, evidence
-- recorded, witness absent or hostile, judgment) and the next date it was adjourned to; the
-- verdict per accused and per offence with its sentence and fine; appeals (by whom, in which
-- court, with what outcome); compensation ordered to a victim and what of it was paid.
-- Nothing here identifies a victim (they are named by their code): it stays in clear.
ALTER TABLE cases ADD COLUMN court TEXT;
ALTER TABLE cases ADD COLUMN judge TEXT;

CREATE TABLE challan_scrutinies (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    decision TEXT NOT NULL,
    court TEXT,
    judge TEXT,
    objections TEXT,
    decided_by BIGINT REFERENCES users(id),
    decided_at TEXT NOT NULL
);
CREATE INDEX challan_scrutinies_case ON challan_scrutinies(case_id);

ALTER TABLE hearings ADD COLUMN outcome TEXT;
ALTER TABLE hearings ADD COLUMN adjournment_reason TEXT;
ALTER TABLE hearings ADD COLUMN adjourned_by TEXT;
ALTER TABLE hearings ADD COLUMN outcome_note TEXT;
ALTER TABLE hearings ADD COLUMN outcome_by BIGINT REFERENCES users(id);
ALTER TABLE hearings ADD COLUMN outcome_at TEXT;

CREATE TABLE verdicts (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    case_person_id BIGINT NOT NULL REFERENCES case_persons(id),
    offence_code TEXT NOT NULL,
    outcome TEXT NOT NULL,
    judgment_date TEXT NOT NULL,
    imprisonment_months BIGINT,
    fine_pkr BIGINT,
    court TEXT,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    UNIQUE (case_person_id, offence_code)
);
CREATE INDEX verdicts_case ON verdicts(case_id);

CREATE TABLE appeals (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    case_person_id BIGINT REFERENCES case_persons(id),
    filed_by TEXT NOT NULL,
    court TEXT NOT NULL,
    filed_on TEXT NOT NULL,
    outcome TEXT,
    decided_on TEXT,
    remark TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at TEXT
);
CREATE INDEX appeals_case ON appeals(case_id);

CREATE TABLE compensation_orders (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    case_person_id BIGINT NOT NULL REFERENCES case_persons(id),
    law TEXT NOT NULL,
    amount_pkr BIGINT NOT NULL,
    ordered_on TEXT NOT NULL,
    paid_pkr BIGINT NOT NULL DEFAULT 0,
    paid_on TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at TEXT
);
CREATE INDEX compensation_orders_case ON compensation_orders(case_id);
