//! Watchlists and screening at the border: the lists, their entries, and the decisions an
//! immigration officer records on alerts (kept for measuring and tuning the matcher).

use crate::code_list;
use crate::person::{normalize_cnic, normalize_passport};
use crate::validation::{clean, FieldErrors};
use serde::Deserialize;

code_list! {
    /// The watchlists screening runs against.
    WatchlistKind {
        RedBook = "red_book": "Red Book: most wanted human smugglers and traffickers",
        BlacklistedCnic = "blacklist_cnic": "Blacklisted identity card",
        BlacklistedPassport = "blacklist_passport": "Blacklisted passport",
        Interpol = "interpol": "Interpol notice",
        RecruitmentAgent = "recruitment_agent": "Blacklisted recruitment agent",
    }
}

code_list! {
    /// An immigration officer's decision on an alert.
    AlertDecision {
        Pending = "pending": "Awaiting decision",
        TrueMatch = "true_match": "True match: the listed person",
        FalseAlarm = "false_alarm": "False alarm: another person",
    }
}

/// Checks a date of birth written `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub fn check_partial_date(s: &str) -> bool {
    let p: Vec<&str> = s.split('-').collect();
    let ok_num = |x: &str, len: usize| x.len() == len && x.chars().all(|c| c.is_ascii_digit());
    match p.as_slice() {
        [y] => ok_num(y, 4),
        [y, m] => ok_num(y, 4) && ok_num(m, 2),
        [y, m, d] => {
            ok_num(y, 4)
                && ok_num(m, 2)
                && ok_num(d, 2)
                && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
        }
        _ => false,
    }
}

/// A watchlist entry as submitted.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewWatchlistEntry {
    /// Which list.
    pub list: WatchlistKind,
    /// Full name (Latin or Urdu script); may be empty for a bare document blacklist.
    #[serde(default)]
    pub full_name: String,
    /// Father's name.
    pub father_name: Option<String>,
    /// Date of birth: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date_of_birth: Option<String>,
    /// CNIC.
    pub cnic: Option<String>,
    /// Passport number.
    pub passport: Option<String>,
    /// Nationality (ISO 3166-1 alpha-2).
    pub nationality: Option<String>,
    /// FIA zone (Red Book).
    pub zone: Option<String>,
    /// Serial, notice number or licence number.
    pub reference: Option<String>,
    /// Why listed (offences, cases).
    pub reason: Option<String>,
    /// The person record the entry is about (its cases are shown with the entry).
    #[serde(default)]
    pub person_uid: Option<String>,
}

impl NewWatchlistEntry {
    /// Validates and normalises; a blacklist of documents needs the document.
    pub fn validate(mut self) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        self.full_name = self.full_name.trim().to_owned();
        self.father_name = clean(self.father_name.as_deref());
        self.date_of_birth = clean(self.date_of_birth.as_deref());
        if let Some(d) = &self.date_of_birth {
            if !check_partial_date(d) {
                e.add(
                    "date_of_birth",
                    "Enter the date of birth as a year, a year and month, or a full date",
                );
            }
        }
        self.cnic = match clean(self.cnic.as_deref()) {
            None => None,
            Some(c) => normalize_cnic(&c).map_err(|m| e.add("cnic", m)).ok(),
        };
        self.passport = match clean(self.passport.as_deref()) {
            None => None,
            Some(p) => normalize_passport(&p)
                .map_err(|m| e.add("passport", m))
                .ok(),
        };
        match self.list {
            WatchlistKind::BlacklistedCnic if self.cnic.is_none() && e.first("cnic").is_none() => {
                e.add("cnic", "Enter the CNIC of the blacklisted identity card")
            }
            WatchlistKind::BlacklistedPassport
                if self.passport.is_none() && e.first("passport").is_none() =>
            {
                e.add("passport", "Enter the number of the blacklisted passport")
            }
            WatchlistKind::RedBook | WatchlistKind::Interpol | WatchlistKind::RecruitmentAgent
                if self.full_name.is_empty() =>
            {
                e.add("full_name", "Enter the name")
            }
            _ => {}
        }
        if self.full_name.is_empty()
            && self.cnic.is_none()
            && self.passport.is_none()
            && e.is_empty()
        {
            e.add("full_name", "Enter a name, a CNIC or a passport number");
        }
        self.nationality = clean(self.nationality.as_deref()).map(|n| n.to_uppercase());
        self.zone = clean(self.zone.as_deref());
        self.reference = clean(self.reference.as_deref());
        self.reason = clean(self.reason.as_deref());
        self.person_uid = clean(self.person_uid.as_deref());
        e.into_result(self)
    }
}

/// One traveller (or deportee, off-loadee) to screen.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ScreenRequest {
    /// The traveller's own reference (boarding pass, row id).
    pub id: Option<String>,
    /// Full name as on the passport.
    #[serde(default)]
    pub full_name: String,
    /// Father's name.
    pub father_name: Option<String>,
    /// Date of birth: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date_of_birth: Option<String>,
    /// CNIC.
    pub cnic: Option<String>,
    /// Passport number.
    pub passport: Option<String>,
    /// Nationality.
    pub nationality: Option<String>,
    /// Exit point or flight.
    pub exit_point: Option<String>,
}

impl ScreenRequest {
    /// Validates; at least a name or a document.
    pub fn validate(mut self) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        self.full_name = self.full_name.trim().to_owned();
        self.date_of_birth = clean(self.date_of_birth.as_deref());
        if let Some(d) = &self.date_of_birth {
            if !check_partial_date(d) {
                e.add(
                    "date_of_birth",
                    "Enter the date of birth as a year, a year and month, or a full date",
                );
            }
        }
        self.cnic = match clean(self.cnic.as_deref()) {
            None => None,
            Some(c) => normalize_cnic(&c).map_err(|m| e.add("cnic", m)).ok(),
        };
        self.passport = clean(self.passport.as_deref());
        self.father_name = clean(self.father_name.as_deref());
        self.nationality = clean(self.nationality.as_deref());
        self.exit_point = clean(self.exit_point.as_deref());
        self.id = clean(self.id.as_deref());
        if self.full_name.is_empty()
            && self.cnic.is_none()
            && self.passport.is_none()
            && e.is_empty()
        {
            e.add(
                "full_name",
                "Enter the traveller's name, CNIC or passport number",
            );
        }
        e.into_result(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_requests_are_checked() {
        assert!(
            check_partial_date("1985")
                && check_partial_date("1985-07")
                && check_partial_date("1985-07-14")
        );
        assert!(!check_partial_date("14/07/1985") && !check_partial_date("1985-02-30"));
        let e = NewWatchlistEntry {
            list: WatchlistKind::BlacklistedCnic,
            full_name: String::new(),
            father_name: None,
            date_of_birth: None,
            cnic: None,
            passport: None,
            nationality: None,
            zone: None,
            reference: None,
            reason: None,
            person_uid: None,
        };
        assert!(e.clone().validate().unwrap_err().first("cnic").is_some());
        let mut ok = e;
        ok.cnic = Some("3520212345671".into());
        assert_eq!(
            ok.validate().unwrap().cnic.as_deref(),
            Some("35202-1234567-1")
        );
        assert!(ScreenRequest::default().validate().is_err());
    }
}
