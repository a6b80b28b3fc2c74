//! Formats for people: times in Pakistan time (PKT, UTC+5, no daylight saving) written out.

use chrono::{DateTime, FixedOffset, Utc};

/// Pakistan Standard Time.
fn pkt() -> FixedOffset {
    // Evaluated when compiling, so it cannot fail at run time.
    const PKT: FixedOffset = match FixedOffset::east_opt(5 * 3600) {
        Some(o) => o,
        None => panic!("UTC+5 is a valid offset"),
    };
    PKT
}

/// A stored UTC time (`2026-12-03T12:42:25Z`) as `3 Dec 2026, 17:42 PKT`; anything that is not
/// such a time is returned as it is.
pub fn pk_time(stored: &str) -> String {
    match DateTime::parse_from_rfc3339(stored) {
        Ok(t) => t
            .with_timezone(&Utc)
            .with_timezone(&pkt())
            .format("%-d %b %Y, %H:%M PKT")
            .to_string(),
        Err(_) => stored.to_owned(),
    }
}

pub use hifazat_matching::spreadsheet_safe;

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_neutralised() {
        use super::spreadsheet_safe as s;
        assert_eq!(s("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(s("+92 300"), "'+92 300");
        assert_eq!(s("-1+1"), "'-1+1");
        assert_eq!(s("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(s("LHR-2026-0001"), "LHR-2026-0001");
        assert_eq!(s(""), "");
    }

    #[test]
    fn utc_becomes_pakistan_time() {
        assert_eq!(
            super::pk_time("2026-12-03T20:42:25Z"),
            "4 Dec 2026, 01:42 PKT"
        );
        assert_eq!(super::pk_time("soon"), "soon");
    }
}
