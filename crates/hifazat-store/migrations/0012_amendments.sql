-- Amendments of a registered case (issue 10, item 1): its classification before and after
-- (JSON of `hifazat_domain::case::Classification`), why, who and when. The case row always holds
-- the current classification, which statistics use; the history is read from here, and a
-- publication drawn as of an earlier day reads the classification the case had then.
CREATE TABLE case_amendments (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    previous TEXT NOT NULL,
    amended TEXT NOT NULL,
    reason TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    at TEXT NOT NULL
);
CREATE INDEX case_amendments_case ON case_amendments(case_id, at);

-- The offence catalogue now follows the Emigration Ordinance 1979 as the law states it: its
-- section 21 recovers money as arrears of land revenue and is not an offence; contraventions
-- it was used for are punished by section 23 (penalty for other offences).
UPDATE case_offences SET offence_code = 'EO-23'
 WHERE offence_code = 'EO-21'
   AND NOT EXISTS (SELECT 1 FROM case_offences o WHERE o.case_id = case_offences.case_id AND o.offence_code = 'EO-23');
DELETE FROM case_offences WHERE offence_code = 'EO-21';
