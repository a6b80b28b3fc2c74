-- A case list's search text is first looked up whole: references have their unique index, and
-- FIR numbers get this one, so finding a case by either reads no other case.
CREATE INDEX cases_fir ON cases(fir_number);
