//! Watchlists and screening at the border: the lists, their entries, and the decisions an
//! immigration officer records on alerts (kept for measuring and tuning the matcher).

use crate::code_list;
use crate::csv_import::{read_rows, CsvLayout, CsvRow, FileError};
use crate::person::{normalize_cnic, normalize_passport, Identity};
use crate::validation::{clean, FieldErrors};
use chrono::{Months, NaiveDate};
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
    /// What a review of a watchlist entry decided.
    ReviewDecision {
        Keep = "keep": "Keep on the list until the next review",
        Extend = "extend": "Extend: set a new expiry date",
        Remove = "remove": "Remove from the list",
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
    /// The day after which the entry no longer raises alerts (`YYYY-MM-DD`); none: until
    /// removed.
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
    /// When the entry is next reviewed; none: the list's default (see [`default_review_on`]).
    #[serde(default)]
    pub review_on: Option<NaiveDate>,
}

/// Months after listing when an entry is first due for review, by where it comes from: an
/// accused put on the exit blacklist from a case is reviewed after 6 months (bail and
/// proclamations change), an Interpol notice after 6 months too (notices are withdrawn), and
/// the Red Book and the other blacklists yearly (the Red Book's edition is yearly).
pub fn review_months(list: WatchlistKind, from_case: bool) -> u32 {
    match list {
        _ if from_case => 6,
        WatchlistKind::Interpol => 6,
        WatchlistKind::RedBook
        | WatchlistKind::BlacklistedCnic
        | WatchlistKind::BlacklistedPassport
        | WatchlistKind::RecruitmentAgent => 12,
    }
}

/// The first review date of an entry listed on `today` (see [`review_months`]).
pub fn default_review_on(list: WatchlistKind, from_case: bool, today: NaiveDate) -> NaiveDate {
    today
        .checked_add_months(Months::new(review_months(list, from_case)))
        .unwrap_or(today)
}

/// Checks a review date and an expiry date against today and each other, into `e`.
fn check_entry_dates(
    e: &mut FieldErrors,
    review_on: Option<NaiveDate>,
    expires_on: Option<NaiveDate>,
    today: NaiveDate,
) {
    if review_on.is_some_and(|r| r < today) {
        e.add("review_on", "Enter a review date that is today or later");
    }
    if let Some(x) = expires_on {
        if x < today {
            e.add("expires_on", "Enter an expiry date that is today or later");
        } else if review_on.is_some_and(|r| r >= x) {
            e.add(
                "expires_on",
                "Enter an expiry date after the review date, or an earlier review date",
            );
        }
    }
}

impl NewWatchlistEntry {
    /// Validates as [`NewWatchlistEntry::validate`] does, and the dates against `today` (not in
    /// the past; the expiry after the review); a missing review date takes the list's default
    /// (`from_case`: an accused listed from a case).
    pub fn validate_on(self, today: NaiveDate, from_case: bool) -> Result<Self, FieldErrors> {
        let (review_on, expires_on) = (self.review_on, self.expires_on);
        let mut e = FieldErrors::new();
        check_entry_dates(&mut e, review_on, expires_on, today);
        let mut n = match self.validate() {
            Ok(n) if e.is_empty() => n,
            Ok(_) => return Err(e),
            Err(mut de) => {
                for (f, m) in e.firsts() {
                    if de.first(f).is_none() {
                        de.add(f, m);
                    }
                }
                return Err(de);
            }
        };
        if n.review_on.is_none() {
            let d = default_review_on(n.list, from_case, today);
            // A default review falls before an expiry that comes sooner.
            n.review_on = Some(match n.expires_on {
                Some(x) if x <= d => x.pred_opt().filter(|p| *p >= today).unwrap_or(today),
                _ => d,
            });
        }
        Ok(n)
    }

    /// The listed person's identity.
    pub fn identity(&self) -> Identity {
        crate::identity_of!(self)
    }

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

/// A review of a watchlist entry: keep it to a new review date, extend it (a new expiry date),
/// or remove it, always with the reason.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct EntryReview {
    /// Keep, extend or remove.
    pub decision: Option<ReviewDecision>,
    /// The next review (keep and extend).
    #[serde(default)]
    pub next_review_on: Option<NaiveDate>,
    /// The new expiry date (extend; on keep it may set one where there was none).
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
    /// Why (what was checked: the case, the court's order, the notice).
    #[serde(default)]
    pub reason: String,
}

impl EntryReview {
    /// Validates against `today` and the entry's expiry `current_expiry`: keep and extend
    /// need the next review date (after today), extend a new expiry after the current one and
    /// after the next review; remove ignores the dates; every decision needs a reason.
    pub fn validate(
        mut self,
        today: NaiveDate,
        current_expiry: Option<NaiveDate>,
    ) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        self.reason = self.reason.trim().to_owned();
        match self.decision {
            None => e.add("decision", "Choose keep, extend or remove"),
            Some(ReviewDecision::Remove) => {
                self.next_review_on = None;
                self.expires_on = None;
            }
            Some(d) => {
                match self.next_review_on {
                    None => e.add("next_review_on", "Enter the date of the next review"),
                    Some(r) if r <= today => e.add(
                        "next_review_on",
                        "Enter a date for the next review after today",
                    ),
                    Some(_) => {}
                }
                if d == ReviewDecision::Keep {
                    // Keep leaves an expiry as it is; it may set one where there was none.
                    if current_expiry.is_some() {
                        self.expires_on = None;
                    }
                    let until = self.expires_on.or(current_expiry);
                    if let (Some(r), Some(x)) = (self.next_review_on, until) {
                        if r >= x && e.first("next_review_on").is_none() {
                            e.add(
                                "next_review_on",
                                "Enter a review date before the entry expires, or choose extend",
                            );
                        }
                    }
                } else {
                    match self.expires_on {
                        None => e.add("expires_on", "Enter the new expiry date"),
                        Some(x) if current_expiry.is_some_and(|c| x <= c) => e.add(
                            "expires_on",
                            "Enter an expiry date later than the current one",
                        ),
                        Some(x) if self.next_review_on.is_some_and(|r| r >= x) => {
                            e.add("expires_on", "Enter an expiry date after the next review")
                        }
                        Some(x) if x <= today => {
                            e.add("expires_on", "Enter an expiry date after today")
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        if self.reason.is_empty() {
            e.add("reason", "Enter the reason for the decision");
        } else if self.reason.chars().count() > 1000 {
            e.add("reason", "Keep the reason under 1,000 characters");
        }
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
    /// The traveller's identity.
    pub fn identity(&self) -> Identity {
        crate::identity_of!(self)
    }

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

/// The columns of a list to screen, read the same way by the command line (`hifazat screen`,
/// for its watchlist as well as its input) and by the server (a list pasted on the screening
/// page or posted to the API): any order, `full_name` required, other columns ignored.
pub const SCREENING_LAYOUT: CsvLayout = CsvLayout {
    columns: &[
        "id",
        "full_name",
        "father_name",
        "date_of_birth",
        "cnic",
        "passport",
        "nationality",
        "exit_point",
    ],
    aliases: &[("name", "full_name"), ("dob", "date_of_birth")],
    required: &["full_name"],
    // No limit of its own: a request to the server is limited in bytes, and the command line
    // screens files of any length.
    max_rows: usize::MAX,
    ignore_unknown: true,
};

/// A row of a list to screen that was not screened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    /// Line number in the list (the column names are line 1).
    pub line: u64,
    /// The row's own reference, if it has one.
    pub id: Option<String>,
    /// What is wrong with its fields; `None` when the line could not be read at all.
    pub errors: Option<FieldErrors>,
    /// Why, in words: the fields' messages, or why the line could not be read.
    pub reason: String,
}

impl std::fmt::Display for RejectedRow {
    /// `line 4 (id P-17): cnic: …`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(id) = &self.id {
            write!(f, " (id {id})")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// A list to screen, read.
#[derive(Debug, Clone, Default)]
pub struct ScreeningList {
    /// Data rows read (blank lines not counted).
    pub rows: usize,
    /// The rows refused, in file order.
    pub rejected: Vec<RejectedRow>,
}

/// Reads a list to screen laid out as `layout` ([`SCREENING_LAYOUT`], or one that requires
/// more columns): each row is checked as [`ScreenRequest::validate`] checks one traveller,
/// and handed to `each` with its line when it passes. `Err` (under `csv`) when the list as a
/// whole cannot be read.
pub fn read_screening_list(
    text: impl AsRef<[u8]>,
    layout: &CsvLayout,
    mut each: impl FnMut(u64, ScreenRequest),
) -> Result<ScreeningList, FieldErrors> {
    let mut rejected = Vec::new();
    let rows = read_rows(text.as_ref(), layout, |row| {
        let row = match row {
            Ok(row) => row,
            Err(u) => {
                return rejected.push(RejectedRow {
                    line: u.line,
                    id: None,
                    errors: None,
                    reason: format!("unreadable ({})", u.error),
                })
            }
        };
        match traveller(&row).validate() {
            Ok(req) => each(row.line, req),
            Err(e) => rejected.push(RejectedRow {
                line: row.line,
                id: Some(row.get("id")).filter(|s| !s.is_empty()),
                reason: e.to_string(),
                errors: Some(e),
            }),
        }
    })
    .map_err(|e| {
        let mut errors = FieldErrors::new();
        match e {
            FileError::NotCsv(_) => errors.add(
                "csv",
                "Paste the list as CSV: the column names on the first line, then one traveller a line",
            ),
            FileError::MissingColumn(_) => errors.add(
                "csv",
                "Enter the column names on the first line: id,full_name,father_name,date_of_birth,cnic,passport,nationality",
            ),
            other => return other.errors(layout),
        }
        errors
    })?;
    Ok(ScreeningList { rows, rejected })
}

/// The traveller a row of a list names, as written.
fn traveller(row: &CsvRow) -> ScreenRequest {
    let opt = |c: &str| Some(row.get(c)).filter(|s| !s.is_empty());
    ScreenRequest {
        id: opt("id"),
        full_name: row.get("full_name"),
        father_name: opt("father_name"),
        date_of_birth: opt("date_of_birth"),
        cnic: opt("cnic"),
        passport: opt("passport"),
        nationality: opt("nationality"),
        exit_point: opt("exit_point"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry on `list` with a name and nothing else.
    fn bare(list: WatchlistKind, name: &str) -> NewWatchlistEntry {
        NewWatchlistEntry {
            list,
            full_name: name.into(),
            father_name: None,
            date_of_birth: None,
            cnic: None,
            passport: None,
            nationality: None,
            zone: None,
            reference: None,
            reason: None,
            person_uid: None,
            expires_on: None,
            review_on: None,
        }
    }

    #[test]
    fn entries_and_requests_are_checked() {
        assert!(
            check_partial_date("1985")
                && check_partial_date("1985-07")
                && check_partial_date("1985-07-14")
        );
        assert!(!check_partial_date("14/07/1985") && !check_partial_date("1985-02-30"));
        let e = bare(WatchlistKind::BlacklistedCnic, "");
        assert!(e.clone().validate().unwrap_err().first("cnic").is_some());
        let mut ok = e;
        ok.cnic = Some("3520212345671".into());
        assert_eq!(
            ok.validate().unwrap().cnic.as_deref(),
            Some("35202-1234567-1")
        );
        assert!(ScreenRequest::default().validate().is_err());
    }

    #[test]
    fn entry_dates_and_reviews_are_checked() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-03-10");
        let e = bare(WatchlistKind::RedBook, "Synthetic Person");
        // Defaults: the Red Book yearly, an accused from a case after six months.
        assert_eq!(
            e.clone().validate_on(today, false).unwrap().review_on,
            Some(d("2027-03-10"))
        );
        let mut c = e.clone();
        c.list = WatchlistKind::BlacklistedCnic;
        c.cnic = Some("35202-1234567-1".into());
        assert_eq!(
            c.validate_on(today, true).unwrap().review_on,
            Some(d("2026-09-10"))
        );
        // A default review comes before a sooner expiry.
        let mut soon = e.clone();
        soon.expires_on = Some(d("2026-05-01"));
        assert_eq!(
            soon.validate_on(today, false).unwrap().review_on,
            Some(d("2026-04-30"))
        );
        let mut bad = e.clone();
        bad.review_on = Some(d("2026-03-09"));
        bad.expires_on = Some(d("2026-03-01"));
        bad.full_name = String::new();
        let err = bad.validate_on(today, false).unwrap_err();
        assert!(err.first("review_on").is_some() && err.first("expires_on").is_some());
        assert!(err.first("full_name").is_some(), "every message at once");
        let mut after = e;
        after.review_on = Some(d("2026-06-01"));
        after.expires_on = Some(d("2026-05-01"));
        assert!(after.validate_on(today, false).is_err());

        let r = EntryReview::default().validate(today, None).unwrap_err();
        assert!(r.first("decision").is_some() && r.first("reason").is_some());
        let extend = EntryReview {
            decision: Some(ReviewDecision::Extend),
            next_review_on: Some(d("2026-09-01")),
            expires_on: Some(d("2026-08-01")),
            reason: "Order of the court".into(),
        };
        assert!(extend.clone().validate(today, None).is_err());
        let ok = EntryReview {
            expires_on: Some(d("2027-01-01")),
            ..extend
        };
        assert!(ok.clone().validate(today, Some(d("2027-02-01"))).is_err());
        assert!(ok.validate(today, Some(d("2026-12-01"))).is_ok());
        let remove = EntryReview {
            decision: Some(ReviewDecision::Remove),
            next_review_on: Some(d("2020-01-01")),
            expires_on: None,
            reason: "Acquitted".into(),
        };
        assert_eq!(remove.validate(today, None).unwrap().next_review_on, None);
    }

    #[test]
    fn a_list_to_screen_is_read_row_by_row_in_the_servers_words() {
        let text = "\u{feff}Name,DOB,CNIC,flight\n\nAsif,1980,3520212345671,PK-1\n,,,\nBibi,80-1-1,1,PK-2\n";
        let mut good = Vec::new();
        let list =
            read_screening_list(text, &SCREENING_LAYOUT, |line, r| good.push((line, r))).unwrap();
        assert_eq!(list.rows, 2);
        assert_eq!(good.len(), 1);
        assert_eq!(good[0].0, 3);
        assert_eq!(good[0].1.cnic.as_deref(), Some("35202-1234567-1"));
        assert_eq!(list.rejected.len(), 1);
        let r = &list.rejected[0];
        assert_eq!((r.line, r.id.as_deref()), (5, None));
        let fields: Vec<&str> = r
            .errors
            .as_ref()
            .unwrap()
            .0
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(fields, ["cnic", "date_of_birth"]);
        assert!(r.to_string().starts_with("line 5: cnic: "), "{r}");
        let e =
            read_screening_list("id,father_name\n1,x\n", &SCREENING_LAYOUT, |_, _| {}).unwrap_err();
        assert_eq!(
            e.first("csv"),
            Some("Enter the column names on the first line: id,full_name,father_name,date_of_birth,cnic,passport,nationality")
        );
    }
}
