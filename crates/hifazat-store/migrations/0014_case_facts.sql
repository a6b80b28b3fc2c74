-- Facts the sources ask for (issue 10, item 7): how a case came in; for an accused, whether a
-- public official and of which agency (complicity); for a victim, money paid to agents (amount,
-- ISO 4217 currency, method), how, where (district code or country) and by whom recruited
-- (HTCDS 2.0 vic_MethodOfRecruitment as a JSON list of codes, vic_LocationOfRecruitment,
-- vic_RelationshipToTrafficker). None of them identifies a person: they stay in clear.
ALTER TABLE cases ADD COLUMN reported_via TEXT;
ALTER TABLE case_persons ADD COLUMN public_official BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_persons ADD COLUMN official_agency TEXT;
ALTER TABLE case_persons ADD COLUMN paid_amount BIGINT;
ALTER TABLE case_persons ADD COLUMN paid_currency TEXT;
ALTER TABLE case_persons ADD COLUMN paid_method TEXT;
ALTER TABLE case_persons ADD COLUMN recruitment_methods TEXT;
ALTER TABLE case_persons ADD COLUMN recruitment_place TEXT;
ALTER TABLE case_persons ADD COLUMN relationship_to_trafficker TEXT;
