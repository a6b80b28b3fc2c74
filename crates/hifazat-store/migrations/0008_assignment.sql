-- Who works a case (issue 10, item 3): its investigating officer and its supervising officer.
-- A case an investigating officer registers is theirs until a supervisor assigns it; older
-- cases registered by one are given to them here.
ALTER TABLE cases ADD COLUMN investigating_officer_id BIGINT REFERENCES users(id);
ALTER TABLE cases ADD COLUMN supervisor_id BIGINT REFERENCES users(id);
UPDATE cases SET investigating_officer_id = created_by
 WHERE created_by IN (SELECT id FROM users WHERE roles LIKE '%investigating_officer%');
CREATE INDEX cases_officer ON cases(investigating_officer_id, stage);
CREATE INDEX cases_supervisor ON cases(supervisor_id, stage);
