//! The second factor: time-based one-time passwords (RFC 6238: HMAC-SHA1, six digits, 30-second
//! steps, one step of clock drift either way) and single-use recovery codes.
//!
//! A code is accepted once: [`verify_code`] returns the time step it matched, the caller stores
//! it, and a later code for the same or an earlier step is refused (RFC 6238 §5.2).

use base64::Engine;
use rand::RngCore;
use totp_rs::{Algorithm, TOTP};

/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Hifazat";
/// Seconds per step.
pub const STEP_SECONDS: u64 = 30;
/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;

/// A new random secret (160 bits, as RFC 4226 recommends).
pub fn new_secret() -> Vec<u8> {
    let mut s = vec![0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut s);
    s
}

fn totp(secret: &[u8], account: &str) -> TOTP {
    TOTP::new_unchecked(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECONDS,
        secret.to_vec(),
        Some(ISSUER.to_owned()),
        account.replace(':', "_"),
    )
}

/// The secret as base32 (for typing into an authenticator app).
pub fn secret_base32(secret: &[u8]) -> String {
    totp(secret, "").get_secret_base32()
}

/// Reads a secret typed as base32 (as [`secret_base32`] writes it).
pub fn secret_from_base32(text: &str) -> Option<Vec<u8>> {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    totp_rs::Secret::Encoded(clean).to_bytes().ok()
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(secret: &[u8], account: &str) -> String {
    totp(secret, account).get_url()
}

/// The code for `unix_time` (tests and enrolment checks).
pub fn code_at(secret: &[u8], unix_time: u64) -> String {
    totp(secret, "").generate(unix_time)
}

/// Checks `code` at `unix_time`, allowing one step of drift; refuses a step at or before
/// `last_step` (a code already used). Returns the matched step.
pub fn verify_code(
    secret: &[u8],
    code: &str,
    unix_time: u64,
    last_step: Option<u64>,
) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret, "");
    let now = unix_time / STEP_SECONDS;
    [now.saturating_sub(1), now, now + 1]
        .into_iter()
        .filter(|step| last_step.is_none_or(|l| *step > l))
        .find(|step| crate::constant_time_eq(&t.generate(step * STEP_SECONDS), &code))
}

/// New recovery codes, `xxxxx-xxxxx` from an unambiguous alphabet (50 bits each).
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut b = [0u8; 10];
            rand::rngs::OsRng.fill_bytes(&mut b);
            let s: String = b
                .iter()
                .map(|x| ALPHABET[*x as usize % ALPHABET.len()] as char)
                .collect();
            format!("{}-{}", &s[..5], &s[5..])
        })
        .collect()
}

/// The form in which a recovery code is stored and compared (lower case, no spaces or dashes).
pub fn normalize_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Encodes a secret for storage (before encryption).
pub fn secret_to_text(secret: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(secret)
}

/// Decodes a stored secret.
pub fn secret_from_text(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", eight-digit codes; the
    // six-digit code is the last six digits.
    #[test]
    fn matches_the_rfc_6238_test_vectors() {
        let seed = b"12345678901234567890";
        for (t, eight) in [
            (59u64, "94287082"),
            (1111111109, "07081804"),
            (1234567890, "89005924"),
            (2000000000, "69279037"),
        ] {
            assert_eq!(code_at(seed, t), eight[2..]);
        }
    }

    #[test]
    fn a_code_is_accepted_once_and_within_one_step() {
        let s = new_secret();
        let t = 1_800_000_000;
        let c = code_at(&s, t);
        let step = verify_code(&s, &c, t, None).expect("valid now");
        assert_eq!(verify_code(&s, &c, t, Some(step)), None, "replay refused");
        assert!(verify_code(&s, &c, t + 30, None).is_some(), "one step late");
        assert!(
            verify_code(&s, &c, t + 90, None).is_none(),
            "three steps late"
        );
        assert!(verify_code(&s, "12345", t, None).is_none());
        assert!(verify_code(&s, &format!("{} ", c), t, None).is_some());
    }

    #[test]
    fn recovery_codes_are_distinct_and_normalise() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let set: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(set.len(), codes.len());
        assert_eq!(normalize_recovery_code(" AbCdE-fGhJk "), "abcdefghjk");
    }

    #[test]
    fn the_typed_secret_reads_back() {
        let s = new_secret();
        assert_eq!(
            secret_from_base32(&secret_base32(&s).to_lowercase()),
            Some(s)
        );
    }

    #[test]
    fn the_url_names_the_issuer_and_account() {
        let u = otpauth_url(&[1u8; 20], "io.lahore");
        assert!(
            u.starts_with("otpauth://totp/Hifazat:io.lahore?secret="),
            "{u}"
        );
        assert!(u.contains("issuer=Hifazat"));
    }
}
