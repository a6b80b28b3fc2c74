//! The password policy (OWASP ASVS 2.1): at least 12 characters, at most 128, and not guessable
//! — not a common or breached password, not the login name or a variation of it, not the demo
//! password outside the demo. Guessability is judged by zxcvbn, which ships lists of common
//! passwords, names and words and finds keyboard patterns, dates and repeats.

/// Fewest characters.
pub const MIN_CHARS: usize = 12;
/// Most characters (Argon2 takes any length; this bounds the work per login).
pub const MAX_CHARS: usize = 128;
/// The demo accounts' password: accepted only when the server runs with `--demo`.
pub const DEMO_PASSWORD: &str = "hifazat-demo";

/// What the policy checks a password against.
#[derive(Debug, Clone, Copy, Default)]
pub struct PasswordPolicy {
    /// True on a demo server: the demo password is then accepted.
    pub demo: bool,
}

impl PasswordPolicy {
    /// Why `password` is refused for the account (`inputs`: login name, display name…), or
    /// `None` when it is acceptable. Slow (tens of milliseconds): call it off the async runtime.
    pub fn problem(&self, password: &str, inputs: &[&str]) -> Option<String> {
        let n = password.chars().count();
        if password == DEMO_PASSWORD {
            return (!self.demo).then(|| {
                "The demo password cannot be used outside the demo: choose another password".into()
            });
        }
        // Messages are fixed texts (they are translated by their text; see the web crate).
        if n < MIN_CHARS {
            return Some("Enter a password of at least 12 characters".into());
        }
        if n > MAX_CHARS {
            return Some("Enter a password of at most 128 characters".into());
        }
        let mut words: Vec<&str> = vec!["hifazat", "password", "pakistan", "fia"];
        words.extend(inputs.iter().copied().filter(|s| !s.is_empty()));
        for w in inputs.iter().filter(|s| s.chars().count() >= 4) {
            if password.to_lowercase().contains(&w.to_lowercase()) {
                return Some(
                    "Choose a password that does not contain your login name or name".into(),
                );
            }
        }
        let estimate = zxcvbn::zxcvbn(password, &words);
        if u8::from(estimate.score()) < 3 {
            return Some(
                "Choose a password that is harder to guess: a common password, a word with numbers added, or a keyboard pattern is refused. A few unrelated words make a good password".into(),
            );
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_common_and_personal_passwords_are_refused() {
        let p = PasswordPolicy::default();
        assert!(p.problem("short", &[]).unwrap().contains("12 characters"));
        assert!(p.problem("password1234", &[]).is_some(), "common");
        assert!(
            p.problem("qwertyuiop123", &[]).is_some(),
            "keyboard pattern"
        );
        assert!(p.problem("123456789012", &[]).is_some());
        assert!(
            p.problem("io.lahore2026!", &["io.lahore"]).is_some(),
            "login name"
        );
        assert!(p.problem(&"x".repeat(129), &[]).is_some());
    }

    #[test]
    fn the_demo_password_only_in_the_demo() {
        assert!(PasswordPolicy { demo: false }
            .problem(DEMO_PASSWORD, &[])
            .is_some());
        assert!(PasswordPolicy { demo: true }
            .problem(DEMO_PASSWORD, &[])
            .is_none());
    }

    #[test]
    fn a_few_unrelated_words_pass() {
        let p = PasswordPolicy::default();
        assert_eq!(
            p.problem("river lantern cobalt spoon", &["io.lahore"]),
            None
        );
        assert_eq!(p.problem("test-password-123", &[]), None);
    }
}
