//! Rules for publishing counts: small counts are suppressed so that an aggregate never
//! points at a person. The protection of whole tables (complementary suppression, so that a
//! hidden count cannot be worked out from totals) is in the `hifazat-stats` crate; this is the
//! shape a count takes once decided.

use serde::{Serialize, Serializer};

/// Counts from 1 up to (not including) this value are hidden in outputs for aggregate-only
/// users and in every statistical release, unless an installation configures another threshold.
pub const DEFAULT_THRESHOLD: i64 = 5;

/// A count as it may be shown: exact, hidden because it is small (`<5`), or withheld so that a
/// small count elsewhere cannot be worked out by subtraction (`x`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShownCount {
    /// The exact count.
    Exact(i64),
    /// A count from 1 to the threshold less one, hidden; holds the threshold (shown `<5`).
    Small(i64),
    /// A count of any size withheld to protect a small one (complementary suppression).
    Withheld,
}

impl ShownCount {
    /// Applies primary suppression at the default threshold when `suppress` is true (zero is
    /// never hidden: it reveals no one). This alone does not stop subtraction from totals: a
    /// page that shows a total beside its parts protects them with `hifazat_stats`.
    pub fn new(n: i64, suppress: bool) -> Self {
        if suppress && (1..DEFAULT_THRESHOLD).contains(&n) {
            ShownCount::Small(DEFAULT_THRESHOLD)
        } else {
            ShownCount::Exact(n)
        }
    }

    /// The exact value, when it is shown.
    pub fn exact(self) -> Option<i64> {
        match self {
            ShownCount::Exact(n) => Some(n),
            _ => None,
        }
    }

    /// True when the count is hidden (small or withheld).
    pub fn is_hidden(self) -> bool {
        !matches!(self, ShownCount::Exact(_))
    }
}

impl std::fmt::Display for ShownCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShownCount::Exact(n) => write!(f, "{n}"),
            ShownCount::Small(t) => write!(f, "<{t}"),
            ShownCount::Withheld => f.write_str("x"),
        }
    }
}

/// Exact counts are JSON numbers; hidden ones the strings `"<5"` and `"x"`.
impl Serialize for ShownCount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ShownCount::Exact(n) => s.serialize_i64(*n),
            other => s.collect_str(other),
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
        assert_eq!(ShownCount::Withheld.to_string(), "x");
    }

    #[test]
    fn json_shows_numbers_or_marks() {
        let v = serde_json::to_value([
            ShownCount::Exact(7),
            ShownCount::Small(5),
            ShownCount::Withheld,
        ])
        .unwrap();
        assert_eq!(v, serde_json::json!([7, "<5", "x"]));
    }
}
