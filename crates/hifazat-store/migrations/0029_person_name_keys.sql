-- The person index's keys of each record, written back when the index is built so that the
-- next start reads them instead of decrypting and parsing every record again (issue 15).
-- Sealed: each key is a keyed hash (under a secret derived from the master key) of a hash of a
-- name's skeleton, a CNIC or a date, never a name. Written as "<key id>.<base64>" (the master
-- key that sealed them: after a key rotation they are computed again). NULL until computed, and
-- set back to NULL by a trigger whenever an identifying field changes.
ALTER TABLE persons ADD COLUMN name_keys TEXT;
