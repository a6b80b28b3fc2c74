
-- A changed identifying field makes the stored keys stale, whoever writes it (the keys' own
-- write-back sets name_keys alone and does not fire this).
CREATE FUNCTION persons_name_keys_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.name_keys IS NOT DISTINCT FROM OLD.name_keys THEN
        NEW.name_keys := NULL;
    END IF;
    RETURN NEW;
END; $$;
CREATE TRIGGER persons_name_keys_stale
BEFORE UPDATE OF name_enc, father_name_enc, dob_enc, cnic_enc, passport_enc ON persons
FOR EACH ROW EXECUTE FUNCTION persons_name_keys_stale();
