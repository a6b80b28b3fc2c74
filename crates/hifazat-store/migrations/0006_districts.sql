-- Provinces as they are today. The Federally Administered Tribal Areas (ISO 3166-2 PK-TA, as
-- the 2017 census tables have them) were merged into Khyber Pakhtunkhwa by the 25th Amendment
-- (2018). The reference data now gives their districts PK-KP (keeping PK-TA as the census-time
-- code); rows written before that carried PK-TA, and a Khyber Pakhtunkhwa scope, which matches
-- on province_code, would miss them. Rewrite them, and the accounts whose jurisdiction was the
-- tribal areas. The audit trail is left as it was written.

UPDATE cases SET province_code = 'PK-KP' WHERE province_code = 'PK-TA';
UPDATE victims SET province_code = 'PK-KP' WHERE province_code = 'PK-TA';
UPDATE agencies SET province_code = 'PK-KP' WHERE province_code = 'PK-TA';
UPDATE users SET jurisdiction = 'province:PK-KP' WHERE jurisdiction = 'province:PK-TA';
