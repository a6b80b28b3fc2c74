//! Rules for publishing counts: small counts are suppressed so that an aggregate never
//! points at a person.

use serde::Serialize;

/// Counts from 1 to this value (inclusive) are suppressed in outputs for aggregate-only users.
pub const SUPPRESS_BELOW_OR_AT: i64 = 4;

/// A count as it may be shown: exact, or suppressed (1 to 4 shown as "<5").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum ShownCount {
    /// The exact count.
    Exact(i64),
    /// A small count, hidden.
    Suppressed(&'static str),
}

impl ShownCount {
    /// Applies suppression when `suppress` is true (zero is never hidden: it reveals no one).
    pub fn new(n: i64, suppress: bool) -> Self {
        if suppress && (1..=SUPPRESS_BELOW_OR_AT).contains(&n) {
            ShownCount::Suppressed("<5")
        } else {
            ShownCount::Exact(n)
        }
    }
}

impl std::fmt::Display for ShownCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShownCount::Exact(n) => write!(f, "{n}"),
            ShownCount::Suppressed(s) => f.write_str(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_hidden_only_when_asked() {
        assert_eq!(ShownCount::new(3, true).to_string(), "<5");
        assert_eq!(ShownCount::new(0, true).to_string(), "0");
        assert_eq!(ShownCount::new(5, true).to_string(), "5");
        assert_eq!(ShownCount::new(3, false).to_string(), "3");
    }
}
