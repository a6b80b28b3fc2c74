//! Hifazat's secrets: everything that turns a key or a password into protection.
//!
//! * [`Vault`] encrypts identifying fields with AES-256-GCM. Each value gets a random nonce,
//!   the key's id travels with the ciphertext (for rotation), and the table, column and row are
//!   bound as associated data, so a ciphertext copied into another row or column fails to
//!   decrypt. The key lives in a file or an environment variable, never in the database.
//! * [`Vault::blind_index`] gives keyed hashes (HMAC-SHA256) for exact look-ups by CNIC or
//!   passport without storing them in clear.
//! * [`hash_password`] / [`verify_password`]: Argon2id PHC strings with OWASP parameters.
//! * [`new_token`] / [`token_hash`]: random session and API tokens, stored only as hashes.
//! * [`password::PasswordPolicy`]: length and guessability (zxcvbn) of new passwords.
//! * [`second_factor`]: TOTP codes (RFC 6238) and recovery codes.

pub mod password;
pub mod second_factor;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Environment variable holding the master key (base64 of 32 bytes).
pub const KEY_ENV: &str = "HIFAZAT_KEY";

/// What can go wrong with keys and ciphertexts.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// The key is not 32 bytes of base64.
    #[error("the encryption key must be 32 bytes, base64-encoded: {0}")]
    BadKey(String),
    /// The key file could not be read or written.
    #[error("key file {path}: {source}")]
    KeyFile {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The ciphertext was made with a key this vault does not hold.
    #[error("ciphertext made with key {0}, which is not loaded")]
    UnknownKey(String),
    /// The ciphertext was altered, moved to another field, or is not a ciphertext.
    #[error("ciphertext does not authenticate (altered, moved or corrupt)")]
    Corrupt,
}

/// The field-encryption and blind-index keys, derived from one master key.
#[derive(Clone)]
pub struct Vault {
    key_id: String,
    cipher: Aes256Gcm,
    index_key: [u8; 32],
    name_keys: [u8; 16],
    previous: Vec<(String, Aes256Gcm)>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

#[allow(clippy::expect_used)] // HKDF-SHA256 gives up to 8160 bytes; 32 are asked.
fn derive(master: &[u8; 32], info: &[u8]) -> [u8; 32] {
    let hk = hkdf::Hkdf::<Sha256>::new(Some(b"hifazat"), master);
    let mut out = [0u8; 32];
    hk.expand(info, &mut out)
        .expect("32 bytes is a valid HKDF length");
    out
}

fn first_half(k: [u8; 32]) -> [u8; 16] {
    let mut out = [0u8; 16];
    out.copy_from_slice(&k[..16]);
    out
}

fn key_id(master: &[u8; 32]) -> String {
    hex::encode(&Sha256::digest(derive(master, b"key-id"))[..4])
}

fn decode_key(text: &str) -> Result<[u8; 32], VaultError> {
    let bytes = STANDARD
        .decode(text.trim())
        .map_err(|e| VaultError::BadKey(e.to_string()))?;
    bytes
        .try_into()
        .map_err(|b: Vec<u8>| VaultError::BadKey(format!("{} bytes", b.len())))
}

impl Vault {
    /// A vault from a 32-byte master key.
    pub fn new(master: [u8; 32]) -> Self {
        let enc = derive(&master, b"field-encryption-v1");
        Vault {
            key_id: key_id(&master),
            cipher: Aes256Gcm::new(&enc.into()),
            index_key: derive(&master, b"blind-index-v1"),
            name_keys: first_half(derive(&master, b"person-name-keys-v1")),
            previous: Vec::new(),
        }
    }

    /// A vault from a base64 master key.
    pub fn from_base64(text: &str) -> Result<Self, VaultError> {
        Ok(Self::new(decode_key(text)?))
    }

    /// Adds a retired key that can still decrypt (during key rotation).
    pub fn with_previous_key(mut self, master: [u8; 32]) -> Self {
        let enc = derive(&master, b"field-encryption-v1");
        self.previous
            .push((key_id(&master), Aes256Gcm::new(&enc.into())));
        self
    }

    /// Adds `other`'s keys as retired keys that can still decrypt (a rotation from `other`).
    pub fn with_previous_key_of(mut self, other: &Vault) -> Self {
        self.previous
            .push((other.key_id.clone(), other.cipher.clone()));
        self.previous.extend(other.previous.iter().cloned());
        self
    }

    /// Reads a base64 master key (from a key file's text).
    pub fn decode_master(text: &str) -> Result<[u8; 32], VaultError> {
        decode_key(text)
    }

    /// Writes `key_b64` to a new file at `path`, readable by its owner only; refuses to
    /// overwrite an existing file.
    pub fn write_key_file(path: &Path, key_b64: &str) -> Result<(), VaultError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| VaultError::KeyFile {
                path: path.display().to_string(),
                source,
            })?;
        }
        write_private(path, key_b64).map_err(|source| VaultError::KeyFile {
            path: path.display().to_string(),
            source,
        })
    }

    /// A fresh random master key, base64-encoded.
    pub fn generate_key() -> String {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        STANDARD.encode(k)
    }

    /// Loads the key from `HIFAZAT_KEY` if set, otherwise from `path`; when neither exists and
    /// `create` is true, writes a new key to `path` (mode 0600). Returns the vault and whether
    /// a key was created.
    pub fn load(path: &Path, create: bool) -> Result<(Self, bool), VaultError> {
        if let Ok(k) = std::env::var(KEY_ENV) {
            return Ok((Self::from_base64(&k)?, false));
        }
        let io = |source| VaultError::KeyFile {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => Ok((Self::from_base64(&text)?, false)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
                let key = Self::generate_key();
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(io)?;
                }
                write_private(path, &key).map_err(io)?;
                Ok((Self::from_base64(&key)?, true))
            }
            Err(e) => Err(io(e)),
        }
    }

    /// The id of the current key (a short hash, safe to log).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Encrypts `plaintext` for the field named by `context` (e.g. `persons.name:<row uid>`).
    #[allow(clippy::expect_used)] // AES-GCM fails only for a message over 64 GiB.
    pub fn encrypt(&self, context: &str, plaintext: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ct = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .expect("AES-GCM encryption does not fail for in-memory buffers");
        let mut blob = nonce.to_vec();
        blob.extend_from_slice(&ct);
        format!("{}:{}", self.key_id, STANDARD.encode(blob))
    }

    /// Encrypts an optional value.
    pub fn encrypt_opt(&self, context: &str, plaintext: Option<&str>) -> Option<String> {
        plaintext.map(|p| self.encrypt(context, p))
    }

    /// Decrypts a value made by [`Vault::encrypt`] with the same `context`.
    pub fn decrypt(&self, context: &str, stored: &str) -> Result<String, VaultError> {
        let (kid, b64) = stored.split_once(':').ok_or(VaultError::Corrupt)?;
        let cipher = if kid == self.key_id {
            &self.cipher
        } else {
            &self
                .previous
                .iter()
                .find(|(id, _)| id == kid)
                .ok_or_else(|| VaultError::UnknownKey(kid.to_owned()))?
                .1
        };
        let blob = STANDARD.decode(b64).map_err(|_| VaultError::Corrupt)?;
        if blob.len() < 12 + 16 {
            return Err(VaultError::Corrupt);
        }
        let (nonce, ct) = blob.split_at(12);
        let pt = cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| VaultError::Corrupt)?;
        String::from_utf8(pt).map_err(|_| VaultError::Corrupt)
    }

    /// Decrypts an optional value.
    pub fn decrypt_opt(
        &self,
        context: &str,
        stored: Option<&str>,
    ) -> Result<Option<String>, VaultError> {
        stored.map(|s| self.decrypt(context, s)).transpose()
    }

    /// The secret that seals the person index's name keys (a SipHash key, derived from the
    /// master key like the others: a new master key gives new name keys).
    pub fn name_key_secret(&self) -> [u8; 16] {
        self.name_keys
    }

    /// A keyed hash of a normalised identifier, for exact look-ups (`kind` separates CNICs
    /// from passports so equal strings of different kinds do not collide).
    #[allow(clippy::expect_used)] // HMAC takes a key of any length.
    pub fn blind_index(&self, kind: &str, normalized: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.index_key).expect("any key length");
        mac.update(kind.as_bytes());
        mac.update(b"\0");
        mac.update(normalized.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.write_all(b"\n")
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, format!("{text}\n"))
}

#[allow(clippy::expect_used)] // Constant parameters within Argon2's limits.
fn argon2() -> argon2::Argon2<'static> {
    // OWASP: Argon2id, m = 19 MiB, t = 2, p = 1.
    let params = argon2::Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Hashes a password into an Argon2id PHC string (slow by design: call it off the async runtime).
#[allow(clippy::expect_used)] // Fails only for out-of-range parameters or salt: both are fixed.
pub fn hash_password(password: &str) -> String {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 hashing does not fail with valid parameters")
        .to_string()
}

/// Checks a password against a PHC string; false for a malformed hash.
pub fn verify_password(password: &str, phc: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(phc)
        .map(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// A new random token (256 bits, URL-safe base64).
pub fn new_token() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    URL_SAFE_NO_PAD.encode(b)
}

/// The hash under which a token is stored (SHA-256, hex): a stolen database gives no tokens.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// SHA-256 of `bytes`, hex (the audit hash chain).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Compares two strings in constant time (for CSRF tokens).
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> Vault {
        Vault::new([7u8; 32])
    }

    #[test]
    fn encryption_round_trips_and_hides_the_text() {
        let v = vault();
        let c = v.encrypt("persons.name:abc", "Test Person");
        assert!(!c.contains("Test"));
        assert_ne!(
            c,
            v.encrypt("persons.name:abc", "Test Person"),
            "random nonce"
        );
        assert_eq!(v.decrypt("persons.name:abc", &c).unwrap(), "Test Person");
    }

    #[test]
    fn a_ciphertext_moved_to_another_row_or_column_fails() {
        let v = vault();
        let c = v.encrypt("persons.name:abc", "Test Person");
        assert!(v.decrypt("persons.name:xyz", &c).is_err());
        assert!(v.decrypt("persons.cnic:abc", &c).is_err());
        // One character in the middle changed (each there carries six whole bits; the last may
        // carry padding bits, and replacing it with 'A' changed nothing when it was 'A' already:
        // this test failed once in 64 runs).
        let mid = c.len() / 2;
        let other = if &c[mid..=mid] == "A" { "B" } else { "A" };
        let tampered = format!("{}{other}{}", &c[..mid], &c[mid + 1..]);
        assert_ne!(tampered, c);
        assert!(v.decrypt("persons.name:abc", &tampered).is_err());
    }

    #[test]
    fn another_key_cannot_decrypt_but_a_rotated_one_can() {
        let old = vault();
        let c = old.encrypt("f", "secret");
        let new = Vault::new([9u8; 32]);
        assert!(matches!(
            new.decrypt("f", &c),
            Err(VaultError::UnknownKey(_))
        ));
        let rotated = Vault::new([9u8; 32]).with_previous_key([7u8; 32]);
        assert_eq!(rotated.decrypt("f", &c).unwrap(), "secret");
    }

    #[test]
    fn blind_index_is_keyed_and_typed() {
        let v = vault();
        assert_eq!(
            v.blind_index("cnic", "35202-1234567-1"),
            v.blind_index("cnic", "35202-1234567-1")
        );
        assert_ne!(v.blind_index("cnic", "X"), v.blind_index("passport", "X"));
        assert_ne!(
            v.blind_index("cnic", "X"),
            Vault::new([1u8; 32]).blind_index("cnic", "X")
        );
    }

    #[test]
    fn passwords_and_tokens() {
        let h = hash_password("hifazat-demo");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("hifazat-demo", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
        let t = new_token();
        assert_eq!(token_hash(&t).len(), 64);
        assert_ne!(new_token(), t);
        assert!(constant_time_eq("abc", "abc") && !constant_time_eq("abc", "abd"));
    }

    #[test]
    fn keys_load_from_a_file_created_once() {
        let dir = std::env::temp_dir().join(format!("hifazat-vault-{}", new_token()));
        let path = dir.join("hifazat.key");
        let (v1, created) = Vault::load(&path, true).unwrap();
        assert!(created);
        let (v2, created) = Vault::load(&path, true).unwrap();
        assert!(!created);
        assert_eq!(v1.key_id(), v2.key_id());
        assert!(Vault::load(&dir.join("missing.key"), false).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
