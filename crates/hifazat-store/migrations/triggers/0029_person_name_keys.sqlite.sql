
-- A changed identifying field makes the stored keys stale, whoever writes it (the keys' own
-- write-back sets name_keys alone and does not fire this).
CREATE TRIGGER persons_name_keys_stale
AFTER UPDATE OF name_enc, father_name_enc, dob_enc, cnic_enc, passport_enc ON persons
FOR EACH ROW WHEN NEW.name_keys IS NOT NULL AND NEW.name_keys IS OLD.name_keys
BEGIN
    UPDATE persons SET name_keys = NULL WHERE id = NEW.id;
END;
