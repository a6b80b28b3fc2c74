//! Recruitment agents (issue 11, item 4): the Bureau of Emigration and Overseas Employment's
//! register of licensed Overseas Employment Promoters (OEPs, Emigration Ordinance 1979), the
//! actions taken on a licence, and the unlicensed agents and sub-agents met in cases, reports
//! and screening. Code lists, the checks of what is submitted, and the reading of the
//! register's CSV file; the store enforces who and where.

use crate::code_list;
use crate::csv_import::{read_csv, split_list, CsvLayout, RowError};
use crate::person::normalize_phone;
use crate::reference::district_by_code_or_name;
use crate::validation::{clean, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

code_list! {
    /// Where a promoter's licence stands.
    LicenceStatus {
        Valid = "valid": "Valid",
        Suspended = "suspended": "Suspended",
        Cancelled = "cancelled": "Cancelled",
        Expired = "expired": "Expired",
    }
}

code_list! {
    /// A recruitment agent: licensed by the Bureau, or not.
    AgentKind {
        Promoter = "promoter": "Licensed promoter (OEP)",
        Unlicensed = "unlicensed": "Unlicensed agent",
    }
}

code_list! {
    /// What the emigration authority did about a licence (Emigration Ordinance 1979 ss. 17-22
    /// and the Emigration Rules 1979).
    LicenceActionKind {
        Warning = "warning": "Warning or show-cause notice",
        Suspension = "suspension": "Licence suspended",
        Cancellation = "cancellation": "Licence cancelled",
        Restoration = "restoration": "Licence restored",
        Expiry = "expiry": "Licence lapsed (not renewed)",
        SecurityForfeited = "security_forfeited": "Security deposit forfeited",
        ProsecutionSanction = "prosecution_sanction": "Sanction to prosecute",
        ReferralFia = "referral_fia": "Referred to the FIA",
        ReferralLabourMinistry = "referral_labour_ministry": "Referred to the Ministry of Overseas Pakistanis and HRD",
    }
}

impl LicenceActionKind {
    /// The licence's status after the action, for the actions that change it.
    pub fn status_after(self) -> Option<LicenceStatus> {
        match self {
            LicenceActionKind::Suspension => Some(LicenceStatus::Suspended),
            LicenceActionKind::Cancellation => Some(LicenceStatus::Cancelled),
            LicenceActionKind::Restoration => Some(LicenceStatus::Valid),
            LicenceActionKind::Expiry => Some(LicenceStatus::Expired),
            _ => None,
        }
    }

    /// The action that records a change of status to `to` (an import that changes a status
    /// records it as this action).
    pub fn changing_to(to: LicenceStatus) -> LicenceActionKind {
        match to {
            LicenceStatus::Valid => LicenceActionKind::Restoration,
            LicenceStatus::Suspended => LicenceActionKind::Suspension,
            LicenceStatus::Cancelled => LicenceActionKind::Cancellation,
            LicenceStatus::Expired => LicenceActionKind::Expiry,
        }
    }
}

impl LicenceStatus {
    /// The status as of `today`: a valid licence past its expiry date has expired.
    pub fn as_of(self, expires_on: Option<NaiveDate>, today: NaiveDate) -> LicenceStatus {
        match (self, expires_on) {
            (LicenceStatus::Valid, Some(e)) if e < today => LicenceStatus::Expired,
            (s, _) => s,
        }
    }
}

/// The longest name, alias or address accepted.
pub const MAX_NAME: usize = 200;
/// The longest reason, note or remark accepted.
pub const MAX_TEXT: usize = 2000;
/// The longest licence number accepted.
pub const MAX_LICENCE: usize = 40;
/// The most aliases or phone numbers kept for one agent.
pub const MAX_LIST: usize = 20;
/// Rows accepted in one register file.
pub const MAX_IMPORT_ROWS: usize = 5000;

/// A licence number as the Bureau writes it: spaces collapsed, capitals (`oep  3814/rwp` →
/// `OEP 3814/RWP`).
pub fn normalize_licence(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// The key a licence number is found by: its letters and digits only, in capitals, so that
/// `OEP 3814/RWP`, `oep-3814-rwp` and `OEP3814RWP` are one licence.
pub fn licence_key(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A name with its spaces collapsed.
fn name_of(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

/// A licensed promoter, as the Bureau's register gives it.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct NewPromoter {
    /// The licence number, e.g. `OEP 3814/RWP`.
    pub licence_number: String,
    /// The promoter's name, e.g. `Al-Noor Overseas Employment Promoters`.
    pub name: String,
    /// Where the licence stands.
    pub status: LicenceStatus,
    /// The day the licence was issued or last renewed.
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
    /// The day it expires.
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
    /// Districts where the promoter has an office (codes, e.g. `RWP`); the first is the head
    /// office's.
    #[serde(default)]
    pub districts: Vec<String>,
    /// The head office's address.
    #[serde(default)]
    pub address: Option<String>,
}

impl NewPromoter {
    /// Checks every field; writes the licence number as the Bureau does, districts as codes.
    pub fn validate(mut self, today: NaiveDate) -> Result<NewPromoter, FieldErrors> {
        let mut e = FieldErrors::new();
        self.licence_number = normalize_licence(&self.licence_number);
        if self.licence_number.is_empty() {
            e.add("licence_number", "Enter the licence number");
        } else if too_long(&self.licence_number, MAX_LICENCE) {
            e.add(
                "licence_number",
                "Keep the licence number under 40 characters",
            );
        } else if !self.licence_number.chars().any(|c| c.is_ascii_digit()) {
            e.add(
                "licence_number",
                "Enter the licence number as the Bureau writes it, for example OEP 3814/RWP",
            );
        }
        self.name = name_of(&self.name);
        if self.name.is_empty() {
            e.add("name", "Enter the promoter's name");
        } else if too_long(&self.name, MAX_NAME) {
            e.add("name", "Keep the name under 200 characters");
        }
        if self.issued_on.is_some_and(|d| d > today) {
            e.add("issued_on", "Enter an issue date that is not in the future");
        }
        if let (Some(i), Some(x)) = (self.issued_on, self.expires_on) {
            if x <= i {
                e.add("expires_on", "Enter an expiry date after the issue date");
            }
        }
        let mut codes: Vec<String> = Vec::new();
        for d in &self.districts {
            match district_by_code_or_name(d) {
                Some(x) if !codes.contains(&x.code) => codes.push(x.code.clone()),
                Some(_) => {}
                None => e.add("districts", "Choose each office's district from the list"),
            }
        }
        if self.districts.is_empty() {
            e.add(
                "districts",
                "Enter the district of at least one office of the promoter",
            );
        }
        self.districts = codes;
        self.address = clean(self.address.as_deref());
        if self
            .address
            .as_deref()
            .is_some_and(|a| too_long(a, MAX_NAME))
        {
            e.add("address", "Keep the address under 200 characters");
        }
        e.into_result(self)
    }
}

/// An unlicensed agent or sub-agent met in a case, a report or at screening.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct NewAgent {
    /// The name they are known by.
    pub name: String,
    /// Other names and spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Phone numbers they used.
    #[serde(default)]
    pub phones: Vec<String>,
    /// The district where they operate (code, e.g. `GRW`).
    #[serde(default)]
    pub district: Option<String>,
    /// How they recruit, where they were met (no victim's name).
    #[serde(default)]
    pub notes: Option<String>,
}

impl NewAgent {
    /// Checks every field; phone numbers become international (`+92…`), the district a code.
    pub fn validate(mut self) -> Result<NewAgent, FieldErrors> {
        let mut e = FieldErrors::new();
        self.name = name_of(&self.name);
        if self.name.is_empty() {
            e.add("name", "Enter the agent's name, or the name they use");
        } else if too_long(&self.name, MAX_NAME) {
            e.add("name", "Keep the name under 200 characters");
        }
        let mut aliases: Vec<String> = Vec::new();
        for a in self.aliases.iter().map(|a| name_of(a)) {
            if too_long(&a, MAX_NAME) {
                e.add("aliases", "Keep each other name under 200 characters");
            } else if !a.is_empty() && !aliases.contains(&a) && a != self.name {
                aliases.push(a);
            }
        }
        let mut phones: Vec<String> = Vec::new();
        for p in self.phones.iter().filter(|p| !p.trim().is_empty()) {
            match normalize_phone(p) {
                Ok(p) if !phones.contains(&p) => phones.push(p),
                Ok(_) => {}
                Err(_) => e.add(
                    "phones",
                    "Enter each phone number with its area or network code, for example 0300 1234567",
                ),
            }
        }
        if aliases.len() > MAX_LIST || phones.len() > MAX_LIST {
            e.add("aliases", "Keep to 20 other names and 20 phone numbers");
        }
        self.aliases = aliases;
        self.phones = phones;
        self.district = match clean(self.district.as_deref()) {
            None => None,
            Some(d) => match district_by_code_or_name(&d) {
                Some(x) => Some(x.code.clone()),
                None => {
                    e.add("district", "Choose the district from the list");
                    None
                }
            },
        };
        self.notes = clean(self.notes.as_deref());
        if self.notes.as_deref().is_some_and(|n| too_long(n, MAX_TEXT)) {
            e.add("notes", "Keep the notes under 2,000 characters");
        }
        e.into_result(self)
    }
}

/// An action taken on a promoter's licence.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct NewLicenceAction {
    /// What was done.
    pub kind: LicenceActionKind,
    /// The day of the order.
    pub taken_on: NaiveDate,
    /// Why (at most 2,000 characters).
    pub reason: String,
    /// The order's number or file reference.
    #[serde(default)]
    pub order_reference: Option<String>,
}

impl NewLicenceAction {
    /// Checks the date, the reason, and that the action fits the licence's `current` status.
    pub fn validate(
        mut self,
        current: LicenceStatus,
        today: NaiveDate,
    ) -> Result<NewLicenceAction, FieldErrors> {
        let mut e = FieldErrors::new();
        if self.taken_on > today {
            e.add("taken_on", "Enter a date that is not in the future");
        }
        self.reason = self.reason.trim().to_owned();
        if self.reason.is_empty() {
            e.add("reason", "Enter the reason for the action");
        } else if too_long(&self.reason, MAX_TEXT) {
            e.add("reason", "Keep the reason under 2,000 characters");
        }
        self.order_reference = clean(self.order_reference.as_deref());
        if self
            .order_reference
            .as_deref()
            .is_some_and(|r| too_long(r, MAX_NAME))
        {
            e.add(
                "order_reference",
                "Keep the order reference under 200 characters",
            );
        }
        if self.kind.status_after() == Some(current) {
            e.add("kind", "The licence already has this status");
        } else if current == LicenceStatus::Cancelled && self.kind == LicenceActionKind::Suspension
        {
            e.add("kind", "A cancelled licence cannot be suspended");
        }
        e.into_result(self)
    }
}

/// A link from an agent to a case, by the case's reference.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct CaseLink {
    /// The case's reference, e.g. `GRW-2026-0012`.
    pub case_reference: String,
    /// What the agent did in the case (at most 2,000 characters).
    #[serde(default)]
    pub note: Option<String>,
}

impl CaseLink {
    /// Checks the reference and the note.
    pub fn validate(mut self) -> Result<CaseLink, FieldErrors> {
        let mut e = FieldErrors::new();
        self.case_reference = self.case_reference.trim().to_uppercase();
        if self.case_reference.is_empty() {
            e.add("case_reference", "Enter the case reference");
        }
        self.note = clean(self.note.as_deref());
        if self.note.as_deref().is_some_and(|n| too_long(n, MAX_TEXT)) {
            e.add("note", "Keep the note under 2,000 characters");
        }
        e.into_result(self)
    }
}

/// A link from an agent to a person record (the agent as an accused in a case, say).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct PersonLink {
    /// The person record's id (`uid`).
    pub person_uid: String,
    /// Why they are the same person or connected (at most 2,000 characters).
    #[serde(default)]
    pub note: Option<String>,
}

impl PersonLink {
    /// Checks that a person is chosen, and the note.
    pub fn validate(mut self) -> Result<PersonLink, FieldErrors> {
        let mut e = FieldErrors::new();
        self.person_uid = self.person_uid.trim().to_owned();
        if self.person_uid.is_empty() {
            e.add("person_uid", "Choose the person");
        }
        self.note = clean(self.note.as_deref());
        if self.note.as_deref().is_some_and(|n| too_long(n, MAX_TEXT)) {
            e.add("note", "Keep the note under 2,000 characters");
        }
        e.into_result(self)
    }
}

/// The columns of the register's CSV file, in the documented order.
pub const PROMOTER_COLUMNS: &[&str] = &[
    "licence_number",
    "name",
    "status",
    "issued_on",
    "expires_on",
    "districts",
    "address",
];

const PROMOTER_LAYOUT: CsvLayout = CsvLayout {
    columns: PROMOTER_COLUMNS,
    aliases: &[
        ("licence", "licence_number"),
        ("licence_no", "licence_number"),
        ("license_number", "licence_number"),
        ("license", "licence_number"),
        ("promoter", "name"),
        ("offices", "districts"),
    ],
    required: &["licence_number", "name", "status"],
    max_rows: MAX_IMPORT_ROWS,
    ignore_unknown: false,
};

/// A row of the register that passed every check.
#[derive(Debug, Clone)]
pub struct PromoterRow {
    /// The line it starts on.
    pub line: u64,
    /// The promoter, checked.
    pub promoter: NewPromoter,
}

/// The register's file, read and checked row by row.
#[derive(Debug, Default)]
pub struct PromoterFile {
    /// Data rows read.
    pub rows: usize,
    /// Rows that passed every check.
    pub good: Vec<PromoterRow>,
    /// Every problem of every refused row, by line.
    pub errors: Vec<RowError>,
}

/// A date in a file: `2026-03-27`, or `27/3/2026` / `27-03-2026` (day first, as written in
/// Pakistan).
fn file_date(e: &mut FieldErrors, field: &str, s: &str) -> Option<NaiveDate> {
    if s.is_empty() {
        return None;
    }
    let parsed = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&s.replace('-', "/"), "%d/%m/%Y"));
    match parsed {
        Ok(d) => Some(d),
        Err(_) => {
            e.add(
                field,
                format!("Write the date as 2026-03-27 or 27/03/2026, not '{s}'"),
            );
            None
        }
    }
}

fn file_status(s: &str) -> Option<LicenceStatus> {
    LicenceStatus::ALL
        .iter()
        .copied()
        .find(|x| x.code().eq_ignore_ascii_case(s) || x.label().eq_ignore_ascii_case(s))
}

/// Reads the register's file (see [`PROMOTER_COLUMNS`]; `districts` separated by `;`): each
/// row checked as [`NewPromoter::validate`] does, a licence given twice refused on its second
/// line. `Err` (messages under `csv`) when the file as a whole cannot be used.
pub fn parse_promoters(text: &str, today: NaiveDate) -> Result<PromoterFile, FieldErrors> {
    let file = read_csv(text, &PROMOTER_LAYOUT)?;
    let mut out = PromoterFile {
        rows: file.rows,
        good: Vec::new(),
        errors: file.errors,
    };
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    for row in file.readable {
        let mut e = FieldErrors::new();
        let status_text = row.get("status");
        let status = file_status(&status_text);
        if status.is_none() {
            if status_text.is_empty() {
                e.add("status", "Enter the licence's status");
            } else {
                e.add(
                    "status",
                    format!(
                        "Unknown licence status '{status_text}': use valid, suspended, cancelled or expired"
                    ),
                );
            }
        }
        let issued_on = file_date(&mut e, "issued_on", &row.get("issued_on"));
        let expires_on = file_date(&mut e, "expires_on", &row.get("expires_on"));
        let p = NewPromoter {
            licence_number: row.get("licence_number"),
            name: row.get("name"),
            status: status.unwrap_or(LicenceStatus::Valid),
            issued_on,
            expires_on,
            districts: split_list(&row.get("districts")),
            address: Some(row.get("address")),
        };
        let checked = p.validate(today);
        if let Err(pe) = &checked {
            e.extend(pe.clone());
        }
        let key = licence_key(&row.get("licence_number"));
        if !key.is_empty() {
            match seen.get(&key) {
                Some(first) => e.add(
                    "licence_number",
                    format!("This licence is also on line '{first}': give each licence once"),
                ),
                None => {
                    seen.insert(key, row.line);
                }
            }
        }
        match checked {
            Ok(promoter) if e.is_empty() => out.good.push(PromoterRow {
                line: row.line,
                promoter,
            }),
            _ => out.errors.extend(row.problems(e)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn promoter() -> NewPromoter {
        NewPromoter {
            licence_number: " oep  3814/rwp ".into(),
            name: "  Al-Noor   Overseas Employment Promoters ".into(),
            status: LicenceStatus::Valid,
            issued_on: NaiveDate::from_ymd_opt(2024, 1, 10),
            expires_on: NaiveDate::from_ymd_opt(2027, 1, 9),
            districts: vec!["rwp".into(), "Lahore".into(), "RWP".into()],
            address: Some(" Office 4, Saddar ".into()),
        }
    }

    #[test]
    fn a_promoter_is_written_as_the_bureau_writes_it() {
        let p = promoter().validate(today()).unwrap();
        assert_eq!(p.licence_number, "OEP 3814/RWP");
        assert_eq!(p.name, "Al-Noor Overseas Employment Promoters");
        assert_eq!(p.districts, vec!["RWP", "LHR"]);
        assert_eq!(p.address.as_deref(), Some("Office 4, Saddar"));
        assert_eq!(licence_key("oep-3814 / rwp"), "OEP3814RWP");
    }

    #[test]
    fn a_promoter_is_checked_field_by_field() {
        let mut p = promoter();
        p.licence_number = "  ".into();
        p.name = String::new();
        p.issued_on = NaiveDate::from_ymd_opt(2027, 1, 1);
        p.expires_on = NaiveDate::from_ymd_opt(2026, 1, 1);
        p.districts = vec!["Atlantis".into()];
        let e = p.validate(today()).unwrap_err();
        assert_eq!(e.first("licence_number"), Some("Enter the licence number"));
        assert_eq!(e.first("name"), Some("Enter the promoter's name"));
        assert!(e.first("issued_on").unwrap().contains("future"));
        assert_eq!(
            e.first("expires_on"),
            Some("Enter an expiry date after the issue date")
        );
        assert_eq!(
            e.first("districts"),
            Some("Choose each office's district from the list")
        );
        let mut p = promoter();
        p.licence_number = "OEP".into();
        p.districts.clear();
        let e = p.validate(today()).unwrap_err();
        assert!(e.first("licence_number").unwrap().contains("OEP 3814/RWP"));
        assert!(e.first("districts").is_some());
    }

    #[test]
    fn a_valid_licence_past_its_expiry_has_expired() {
        let past = NaiveDate::from_ymd_opt(2026, 1, 1);
        assert_eq!(
            LicenceStatus::Valid.as_of(past, today()),
            LicenceStatus::Expired
        );
        assert_eq!(
            LicenceStatus::Suspended.as_of(past, today()),
            LicenceStatus::Suspended
        );
        assert_eq!(
            LicenceStatus::Valid.as_of(None, today()),
            LicenceStatus::Valid
        );
    }

    #[test]
    fn an_unlicensed_agent_keeps_clean_names_and_international_phones() {
        let a = NewAgent {
            name: " Bashir  'Doctor' ".into(),
            aliases: vec!["Doctor Sahib".into(), "".into(), "Doctor Sahib".into()],
            phones: vec!["0300-1234567".into(), "+92 300 1234567".into(), " ".into()],
            district: Some("Gujranwala".into()),
            notes: Some("  ".into()),
        }
        .validate()
        .unwrap();
        assert_eq!(a.name, "Bashir 'Doctor'");
        assert_eq!(a.aliases, vec!["Doctor Sahib"]);
        assert_eq!(a.phones, vec!["+923001234567"]);
        assert_eq!(a.district.as_deref(), Some("GRW"));
        assert_eq!(a.notes, None);
        let e = NewAgent {
            name: " ".into(),
            phones: vec!["call me".into()],
            district: Some("Nowhere".into()),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            e.first("name"),
            Some("Enter the agent's name, or the name they use")
        );
        assert!(e.first("phones").unwrap().starts_with("Enter each phone"));
        assert_eq!(
            e.first("district"),
            Some("Choose the district from the list")
        );
    }

    #[test]
    fn a_licence_action_fits_the_status() {
        let action = |kind| NewLicenceAction {
            kind,
            taken_on: today(),
            reason: " Complaints of visa fraud ".into(),
            order_reference: None,
        };
        let a = action(LicenceActionKind::Suspension)
            .validate(LicenceStatus::Valid, today())
            .unwrap();
        assert_eq!(a.reason, "Complaints of visa fraud");
        assert_eq!(
            LicenceActionKind::Suspension.status_after(),
            Some(LicenceStatus::Suspended)
        );
        assert_eq!(LicenceActionKind::Warning.status_after(), None);
        let e = action(LicenceActionKind::Suspension)
            .validate(LicenceStatus::Cancelled, today())
            .unwrap_err();
        assert_eq!(
            e.first("kind"),
            Some("A cancelled licence cannot be suspended")
        );
        let e = action(LicenceActionKind::Restoration)
            .validate(LicenceStatus::Valid, today())
            .unwrap_err();
        assert_eq!(e.first("kind"), Some("The licence already has this status"));
        let mut late = action(LicenceActionKind::ProsecutionSanction);
        late.taken_on = today().succ_opt().unwrap();
        late.reason = String::new();
        let e = late.validate(LicenceStatus::Valid, today()).unwrap_err();
        assert!(e.first("taken_on").is_some());
        assert_eq!(e.first("reason"), Some("Enter the reason for the action"));
        for s in LicenceStatus::ALL {
            assert_eq!(LicenceActionKind::changing_to(*s).status_after(), Some(*s));
        }
    }

    #[test]
    fn the_register_is_read_row_by_row_with_line_numbers() {
        let text = "Licence No,Promoter,Status,Issued on,Expires on,Offices,Address\n\
            OEP 3814/RWP,Al-Noor Overseas Employment Promoters,valid,2024-01-10,2027-01-09,RWP;Islamabad,\"Office 4, Saddar\"\n\
            OEP 0001/LHR,,Suspended,,,LHR,\n\
            OEP 2210/GRW,Bright Future Manpower,revoked,10/13/2024,,GRW,\n\
            \n\
            oep-3814-rwp,Al Noor Again,valid,,,RWP,\n\
            OEP 5120/KHI,Sea Gate Recruiting Agency,Cancelled,,,KHS,\n";
        let f = parse_promoters(text, today()).unwrap();
        assert_eq!(f.rows, 5);
        let good: Vec<(u64, &str, LicenceStatus)> = f
            .good
            .iter()
            .map(|r| {
                (
                    r.line,
                    r.promoter.licence_number.as_str(),
                    r.promoter.status,
                )
            })
            .collect();
        assert_eq!(
            good,
            vec![
                (2, "OEP 3814/RWP", LicenceStatus::Valid),
                (7, "OEP 5120/KHI", LicenceStatus::Cancelled)
            ]
        );
        assert_eq!(f.good[0].promoter.districts, vec!["RWP", "ISB"]);
        let errs: Vec<(u64, &str)> = f
            .errors
            .iter()
            .map(|e| (e.line, e.field.as_str()))
            .collect();
        assert_eq!(
            errs,
            vec![
                (3, "name"),
                (4, "issued_on"),
                (4, "status"),
                (6, "licence_number")
            ],
            "{:?}",
            f.errors
        );
        assert!(f.errors[3].message.contains("line '2'"));
        assert!(parse_promoters("name,status\nX,valid\n", today()).is_err());
    }
}
