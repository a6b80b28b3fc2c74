-- Administration of the service directory (issue 9, item 14). Same conventions as 0001.

-- The districts a provider serves besides its own agency's district (a shelter or legal aid
-- clinic often takes people from neighbouring districts). The directory's district filter
-- finds a provider by its agency's district or by any district here; the province filter by
-- the agency's province or the province of any district here (kept alongside for that).
CREATE TABLE provider_districts (
    agency_id BIGINT NOT NULL REFERENCES providers(agency_id),
    district_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    PRIMARY KEY (agency_id, district_code)
);
CREATE INDEX provider_districts_district ON provider_districts(district_code);
CREATE INDEX provider_districts_province ON provider_districts(province_code);
