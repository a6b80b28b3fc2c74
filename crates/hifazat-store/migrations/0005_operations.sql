-- Ready for a real installation (issue 9): account lifecycle, the second factor, login
-- throttling with backoff, idle sessions, the audit hash chain, the key check, encrypted
-- passenger details. Same conventions as 0001.

-- Accounts: disabled (kept, never deleted), a password that must be changed at the next
-- sign-in (after an administrator's reset), and the TOTP second factor (secret encrypted with
-- the vault; the last accepted time step, so that a code is used once).
ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at TEXT;
ALTER TABLE users ADD COLUMN totp_secret_enc TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- Single-use recovery codes (hashes only), shown once at enrolment.
CREATE TABLE recovery_codes (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

-- Sessions: when last used (idle timeout), from where, and whether the second factor is
-- still to be given (a session with mfa_pending = 1 opens nothing but the code page).
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
ALTER TABLE sessions ADD COLUMN ip TEXT;
ALTER TABLE sessions ADD COLUMN mfa_pending BIGINT NOT NULL DEFAULT 0;

-- Login throttling: one row per (account, address) and per address. A password is checked
-- only after an attempt has been granted here, atomically; failures beyond the free ones
-- must wait an increasing delay (next_at). Success clears the account+address row.
CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    next_at TEXT,
    updated_at TEXT NOT NULL
);

-- The audit hash chain: each row carries its place in the chain (seq), the previous row's
-- hash and its own. audit_chain holds the head; writers lock its one row, so rows join the
-- chain one at a time, in commit order. Rows written before this migration keep seq NULL:
-- the first chained row's prev_hash is a digest of all of them.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN row_hash TEXT;
CREATE UNIQUE INDEX audit_seq ON audit_log(seq);
CREATE TABLE audit_chain (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    head TEXT
);
INSERT INTO audit_chain (id, seq, head) VALUES (1, 0, NULL);

-- The key check: a value encrypted with each master key the database has known. The server
-- refuses to start with a key that cannot decrypt the active row. A rotation in progress has
-- a row in state 'next' until every field is re-encrypted.
CREATE TABLE vault_keys (
    key_id TEXT PRIMARY KEY,
    check_enc TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT
);

-- One-off data steps done in Rust after the SQL migrations (e.g. encrypting fields that
-- earlier versions kept in clear).
CREATE TABLE data_steps (
    name TEXT PRIMARY KEY,
    done_at TEXT NOT NULL
);
