-- Case lists are read newest first (reported_on DESC, id DESC) within a district, a province
-- or the whole country, a page at a time: these indexes give that order directly, so a page
-- (and a keyset page, `after`) reads its 50 rows instead of sorting every case in scope.
DROP INDEX cases_reported;
CREATE INDEX cases_reported ON cases(reported_on, id);
CREATE INDEX cases_district_reported ON cases(district_code, reported_on, id);
CREATE INDEX cases_province_reported ON cases(province_code, reported_on, id);
