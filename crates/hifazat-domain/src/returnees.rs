//! Returnees (issue 13, item 1): deportees, off-loaded passengers and returning migrants, each
//! a record of who came back, on which flight or at which crossing, from which country and why;
//! the daily lists in which immigration receives them; and the structured debriefing whose
//! answers (the agent, the sub-agents, the money, the route, the documents, the exploitation)
//! are the intelligence that otherwise stays in an interview room.
//!
//! Code lists, the checks of what is submitted, the list file's layout, and the case a
//! debriefing suggests. The store keeps who may read what and seals identities.

use crate::case::{CaseKind, LegalElements, NewCase, ReportedVia, Scope};
use crate::code_list;
use crate::csv_import::{CsvLayout, CsvRow};
use crate::person::{normalize_cnic, normalize_passport, Identity, Sex};
use crate::reference;
use crate::screening::{check_partial_date, ScreenRequest};
use crate::validation::{clean, FieldErrors};
use chrono::NaiveDate;
use serde::Deserialize;

code_list! {
    /// How the person came back.
    ReturneeKind {
        Deportee = "deportee": "Deportee",
        Offloaded = "offloaded": "Off-loaded passenger",
        ReturningMigrant = "returning_migrant": "Returning migrant",
    }
}

code_list! {
    /// Why they were sent back or stopped.
    ReturnReason {
        IllegalEntry = "illegal_entry": "Illegal entry",
        Overstay = "overstay": "Overstay or illegal stay",
        ForgedDocuments = "forged_documents": "Forged or altered documents",
        AsylumRefused = "asylum_refused": "Asylum refused",
        Crime = "crime": "Criminal conviction abroad",
        IncompleteDocuments = "incomplete_documents": "Off-loaded: incomplete or doubtful documents",
        SuspectedSmuggling = "suspected_smuggling": "Off-loaded: suspected smuggling",
        SuspectedTrafficking = "suspected_trafficking": "Off-loaded: suspected trafficking",
        Voluntary = "voluntary": "Voluntary or assisted return",
        Other = "other": "Other",
    }
}

code_list! {
    /// The document the person travelled back on.
    TravelDocument {
        Passport = "passport": "Own passport",
        EmergencyCertificate = "emergency_certificate": "Emergency travel document",
        ForgedPassport = "forged_passport": "Forged or another person's passport",
        NoDocument = "none": "No document",
        Other = "other": "Other",
    }
}

code_list! {
    /// How a leg of the journey was travelled.
    Transport {
        Air = "air": "By air",
        Road = "road": "By road",
        Foot = "foot": "On foot",
        Boat = "boat": "By boat",
        Rail = "rail": "By rail",
        Other = "other": "Other",
    }
}

code_list! {
    /// Documents used on the way out, as the returnee tells it.
    DocumentUsed {
        OwnPassport = "own_passport": "Own passport",
        ForgedPassport = "forged_passport": "Forged or another person's passport",
        VisitVisa = "visit_visa": "Visit or tourist visa",
        WorkVisa = "work_visa": "Work visa",
        ForgedVisa = "forged_visa": "Forged visa",
        NoDocuments = "none": "No documents",
    }
}

/// The district of each point where returnees arrive (the exit points, see
/// [`reference::EXIT_POINTS`]); "Other or unofficial crossing" has none and needs one named.
pub const ARRIVAL_DISTRICTS: &[(&str, &str)] = &[
    ("Allama Iqbal International Airport, Lahore", "LHR"),
    ("Islamabad International Airport", "ISB"),
    ("Jinnah International Airport, Karachi", "MLR"),
    ("Bacha Khan International Airport, Peshawar", "PEW"),
    ("Multan International Airport", "MUX"),
    ("Sialkot International Airport", "SKT"),
    ("Faisalabad International Airport", "FSD"),
    ("Quetta International Airport", "QTA"),
    ("Taftan (land border, Iran)", "CHG"),
    ("Chaman (land border, Afghanistan)", "KAL"),
    ("Torkham (land border, Afghanistan)", "KHY"),
    ("Wagah (land border, India)", "LHR"),
    ("Gwadar (sea)", "GWD"),
    ("Jiwani (sea)", "GWD"),
    ("Karachi (sea)", "KHS"),
    ("Mand (land border, Iran)", "KCH"),
];

/// The district of an arrival point, when it has a fixed one.
pub fn arrival_district(point: &str) -> Option<&'static str> {
    ARRIVAL_DISTRICTS
        .iter()
        .find(|(p, _)| *p == point)
        .map(|(_, d)| *d)
}

/// Where and when a list of returnees arrived: what one daily list has in common.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Arrival {
    /// Deportees, off-loaded passengers or returning migrants.
    pub kind: ReturneeKind,
    /// Arrival point (one of the exit points).
    pub point: String,
    /// District of the arrival point (code); taken from the point when it has one.
    #[serde(default)]
    pub district: Option<String>,
    /// Day of arrival (or of off-loading).
    pub date: Option<NaiveDate>,
}

impl Arrival {
    fn check(&mut self, today: NaiveDate, e: &mut FieldErrors) {
        self.point = self.point.trim().to_owned();
        if !reference::EXIT_POINTS.contains(&self.point.as_str()) {
            e.add("point", "Choose the airport, crossing or port of arrival");
        }
        self.district = clean(self.district.as_deref())
            .map(|d| d.to_uppercase())
            .or_else(|| arrival_district(&self.point).map(str::to_owned));
        match &self.district {
            None => e.add("district", "Choose the district of the crossing"),
            Some(d) if reference::district_by_code(d).is_none() => {
                e.add("district", "Choose the district of the crossing")
            }
            Some(_) => {}
        }
        match self.date {
            None => e.add("date", "Enter the day of arrival"),
            Some(d) if d > today => e.add("date", "The day of arrival cannot be in the future"),
            Some(_) => {}
        }
    }
}

/// One returnee as submitted (one by one, or a row of a list with its [`Arrival`]).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewReturnee {
    /// Where and when they arrived.
    pub arrival: Arrival,
    /// The list's own id for the row (a passenger number), if any.
    #[serde(default)]
    pub list_ref: Option<String>,
    /// Full name (Latin or Urdu script).
    #[serde(default)]
    pub full_name: String,
    /// Father's or husband's name.
    pub father_name: Option<String>,
    /// Date of birth: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date_of_birth: Option<String>,
    /// Sex, when known.
    pub sex: Option<Sex>,
    /// CNIC.
    pub cnic: Option<String>,
    /// Passport number.
    pub passport: Option<String>,
    /// Nationality (ISO 3166-1 alpha-2); Pakistani when absent.
    pub nationality: Option<String>,
    /// The document they travelled back on.
    pub document: Option<TravelDocument>,
    /// Flight number, or the crossing or vessel.
    pub flight: String,
    /// Country returned from (ISO 3166-1 alpha-2).
    pub country: String,
    /// Why they were returned or off-loaded.
    pub reason: ReturnReason,
    /// Home district (code), when known: the district whose officers follow up.
    pub home_district: Option<String>,
}

impl NewReturnee {
    /// Checks the record; `today` bounds the arrival date. Returns the cleaned record or a
    /// message per field.
    pub fn validate(mut self, today: NaiveDate) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        self.arrival.check(today, &mut e);
        self.full_name = self.full_name.trim().to_owned();
        if self.full_name.is_empty() {
            e.add("full_name", "Enter the returnee's name");
        } else if self.full_name.chars().count() > 120 {
            e.add("full_name", "A name has at most 120 characters");
        }
        self.father_name = clean(self.father_name.as_deref());
        self.list_ref = clean(self.list_ref.as_deref());
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
            Some(c) => normalize_cnic(&c)
                .map_err(|_| e.add("cnic", "Enter the CNIC as 13 digits, like 35202-1234567-1"))
                .ok(),
        };
        self.passport = match clean(self.passport.as_deref()) {
            None => None,
            Some(p) => normalize_passport(&p)
                .map_err(|_| {
                    e.add(
                        "passport",
                        "Enter the passport number: 5 to 12 letters and digits",
                    )
                })
                .ok(),
        };
        self.nationality = Some(
            clean(self.nationality.as_deref())
                .map(|n| n.to_uppercase())
                .unwrap_or_else(|| "PK".into()),
        );
        if self
            .nationality
            .as_deref()
            .is_some_and(|n| reference::country(n).is_none())
        {
            e.add("nationality", "Choose the nationality");
        }
        self.flight = self.flight.trim().to_owned();
        if self.flight.is_empty() {
            e.add(
                "flight",
                "Enter the flight number, or the crossing or vessel",
            );
        } else if self.flight.chars().count() > 60 {
            e.add("flight", "A flight or crossing has at most 60 characters");
        }
        self.country = self.country.trim().to_uppercase();
        if self.country.is_empty()
            || self.country == "PK"
            || reference::country(&self.country).is_none()
        {
            e.add("country", "Choose the country returned from");
        }
        self.home_district = clean(self.home_district.as_deref()).map(|d| d.to_uppercase());
        if let Some(d) = &self.home_district {
            if reference::district_by_code(d).is_none() {
                e.add(
                    "home_district",
                    "Choose the home district, or leave it empty",
                );
            }
        }
        e.into_result(self)
    }

    /// The returnee's identity.
    pub fn identity(&self) -> Identity {
        crate::identity_of!(self)
    }

    /// What the screening reads of this returnee (`id` names the record in the alert).
    pub fn screen_request(&self, id: String) -> ScreenRequest {
        ScreenRequest {
            id: Some(id),
            full_name: self.full_name.clone(),
            father_name: self.father_name.clone(),
            date_of_birth: self.date_of_birth.clone(),
            cnic: self.cnic.clone(),
            passport: self.passport.clone(),
            nationality: self.nationality.clone(),
            exit_point: Some(self.arrival.point.clone()),
        }
    }
}

/// A daily list of returnees as received: where and when they arrived, who sent it, the file.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewReturneeList {
    /// Where and when the list's returnees arrived.
    pub arrival: Arrival,
    /// Who sent the list (e.g. "FIA Immigration, Islamabad airport, morning list").
    pub source: String,
    /// The list as CSV: the screening's columns plus `flight`, `country`, `reason` (see
    /// [`LIST_LAYOUT`]).
    pub csv: String,
}

/// The columns of a list of returnees: the screening's columns, then the arrival's.
pub const LIST_LAYOUT: CsvLayout = CsvLayout {
    columns: &[
        "id",
        "full_name",
        "father_name",
        "date_of_birth",
        "cnic",
        "passport",
        "nationality",
        "sex",
        "flight",
        "country",
        "reason",
        "document",
        "home_district",
    ],
    aliases: &[
        ("name", "full_name"),
        ("crossing", "flight"),
        ("flight_or_crossing", "flight"),
        ("country_from", "country"),
        ("returned_from", "country"),
        ("dob", "date_of_birth"),
    ],
    required: &["full_name", "flight", "country", "reason"],
    max_rows: 5_000,
    ignore_unknown: false,
};

/// Reads one row of a list into a returnee (validated by [`NewReturnee::validate`]). Codes
/// may be given as codes or as their English labels (`Deportee`, `Overstay or illegal stay`).
pub fn returnee_from_row(row: &CsvRow, arrival: &Arrival) -> Result<NewReturnee, FieldErrors> {
    let mut e = FieldErrors::new();
    let opt = |c: &str| Some(row.get(c)).filter(|s| !s.is_empty());
    let reason = row.get("reason");
    let reason = ReturnReason::ALL.iter().copied().find(|r| {
        r.code().eq_ignore_ascii_case(&reason) || r.label().eq_ignore_ascii_case(&reason)
    });
    if reason.is_none() {
        e.add(
            "reason",
            format!(
                "Enter the reason as one of: {}",
                ReturnReason::ALL
                    .iter()
                    .map(|r| r.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    let sex = match opt("sex") {
        None => None,
        Some(s) => {
            let s = s.to_lowercase();
            let found = Sex::ALL
                .iter()
                .copied()
                .find(|x| x.code() == s || (s.len() == 1 && x.code().starts_with(s.as_str())));
            if found.is_none() {
                e.add(
                    "sex",
                    "Enter the sex as male, female or transgender (or M, F, T)",
                );
            }
            found
        }
    };
    let document = match opt("document") {
        None => None,
        Some(d) => {
            let found = TravelDocument::from_code(&d.to_lowercase());
            if found.is_none() {
                e.add(
                    "document",
                    "Enter the document as passport, emergency_certificate, forged_passport, none or other",
                );
            }
            found
        }
    };
    let home_district = match opt("home_district") {
        None => None,
        Some(d) => match reference::district_by_code_or_name(&d) {
            Some(x) => Some(x.code.clone()),
            None => {
                e.add(
                    "home_district",
                    "Enter the home district's code or name, or leave it empty",
                );
                None
            }
        },
    };
    let country = {
        let c = row.get("country");
        reference::country(&c)
            .or_else(|| {
                reference::countries()
                    .iter()
                    .find(|x| x.name.eq_ignore_ascii_case(&c))
            })
            .map(|x| x.alpha2.clone())
            .unwrap_or(c)
    };
    let r = NewReturnee {
        arrival: arrival.clone(),
        list_ref: opt("id"),
        full_name: row.get("full_name"),
        father_name: opt("father_name"),
        date_of_birth: opt("date_of_birth"),
        sex,
        cnic: opt("cnic"),
        passport: opt("passport"),
        nationality: opt("nationality"),
        document,
        flight: row.get("flight"),
        country,
        reason: reason.unwrap_or(ReturnReason::Other),
        home_district,
    };
    // Every problem of the row at once: the codes above and the record's own checks.
    let today = arrival.date.unwrap_or(NaiveDate::MAX);
    match r.validate(today) {
        Ok(r) if e.is_empty() => Ok(r),
        Ok(_) => Err(e),
        Err(more) => {
            e.extend(more);
            Err(e)
        }
    }
}

impl NewReturneeList {
    /// Checks what the list's rows have in common (the rows are checked one by one).
    pub fn validate(mut self, today: NaiveDate) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        self.arrival.check(today, &mut e);
        self.source = self.source.trim().to_owned();
        if self.source.is_empty() {
            e.add("source", "Enter who sent the list");
        } else if self.source.chars().count() > 200 {
            e.add("source", "Who sent the list: at most 200 characters");
        }
        if self.csv.trim().is_empty() {
            e.add("csv", "Choose the list's file, or paste the list");
        }
        e.into_result(self)
    }
}

/// One leg of the journey as the returnee tells it.
#[derive(Debug, Clone, Deserialize, serde::Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct RouteLeg {
    /// Where the leg started (a town, a crossing).
    pub from_place: String,
    /// Where it ended.
    pub to_place: String,
    /// Country where it ended (ISO 3166-1 alpha-2).
    pub country: String,
    /// How it was travelled.
    pub transport: Transport,
}

/// A debriefing as submitted.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewDebriefing {
    /// Day of the interview.
    pub interviewed_on: Option<NaiveDate>,
    /// The agent, when in the register of recruitment agents (its id).
    pub agent_id: Option<i64>,
    /// The agent as named by the returnee (a name, a nickname), when not in the register.
    pub agent_name: Option<String>,
    /// Sub-agents and facilitators named, one per entry.
    #[serde(default)]
    pub sub_agents: Vec<String>,
    /// Money paid, in rupees.
    pub amount_paid_pkr: Option<i64>,
    /// The legs of the journey, in order.
    #[serde(default)]
    pub legs: Vec<RouteLeg>,
    /// Documents used on the way.
    #[serde(default)]
    pub documents_used: Vec<DocumentUsed>,
    /// Exploitation suffered (codes of the forms of exploitation).
    #[serde(default)]
    pub exploitation: Vec<String>,
    /// The account in the returnee's words (sealed; no other victims' names).
    pub account: Option<String>,
}

/// The most legs a debriefing records (the message says 12).
pub const MAX_LEGS: usize = 12;

impl NewDebriefing {
    /// Checks the debriefing; `returned_on` is the day the returnee arrived (the interview is
    /// not before it) and `today` bounds it.
    pub fn validate(
        mut self,
        returned_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        match self.interviewed_on {
            None => e.add("interviewed_on", "Enter the day of the interview"),
            Some(d) if d > today => {
                e.add("interviewed_on", "The interview cannot be in the future")
            }
            Some(d) if d < returned_on => e.add(
                "interviewed_on",
                "The interview cannot be before the returnee arrived",
            ),
            Some(_) => {}
        }
        self.agent_name = clean(self.agent_name.as_deref());
        if self
            .agent_name
            .as_deref()
            .is_some_and(|n| n.chars().count() > 120)
        {
            e.add("agent_name", "The agent's name has at most 120 characters");
        }
        self.sub_agents = self
            .sub_agents
            .iter()
            .filter_map(|s| clean(Some(s)))
            .collect();
        if self.sub_agents.len() > 20 || self.sub_agents.iter().any(|s| s.chars().count() > 120) {
            e.add(
                "sub_agents",
                "Name at most 20 sub-agents, each in at most 120 characters",
            );
        }
        if self
            .amount_paid_pkr
            .is_some_and(|a| !(0..=1_000_000_000).contains(&a))
        {
            e.add(
                "amount_paid_pkr",
                "Enter the amount paid in rupees, as a whole number",
            );
        }
        self.legs.retain(|l| {
            !(l.from_place.trim().is_empty()
                && l.to_place.trim().is_empty()
                && l.country.trim().is_empty())
        });
        if self.legs.len() > MAX_LEGS {
            e.add("legs", "Enter at most 12 legs");
        }
        for (i, l) in self.legs.iter_mut().enumerate() {
            l.from_place = l.from_place.trim().to_owned();
            l.to_place = l.to_place.trim().to_owned();
            l.country = l.country.trim().to_uppercase();
            let at = format!("legs.{i}");
            if l.from_place.is_empty() || l.to_place.is_empty() {
                e.add(at.clone(), "Enter where the leg started and where it ended");
            } else if l.from_place.chars().count() > 80 || l.to_place.chars().count() > 80 {
                e.add(at.clone(), "A place has at most 80 characters");
            }
            if reference::country(&l.country).is_none() {
                e.add(at, "Choose the country where the leg ended");
            }
        }
        self.documents_used.sort();
        self.documents_used.dedup();
        self.exploitation.sort();
        self.exploitation.dedup();
        for x in &self.exploitation {
            if reference::exploitation_form(x).is_none() {
                e.add(
                    "exploitation",
                    "Choose the forms of exploitation from the list",
                );
                break;
            }
        }
        self.account = clean(self.account.as_deref());
        if self
            .account
            .as_deref()
            .is_some_and(|a| a.chars().count() > 8_000)
        {
            e.add("account", "The account has at most 8,000 characters");
        }
        if self.agent_id.is_none()
            && self.agent_name.is_none()
            && self.sub_agents.is_empty()
            && self.legs.is_empty()
            && self.account.is_none()
        {
            e.add(
                "agent_name",
                "Enter what the returnee told: the agent, the route, or their account",
            );
        }
        e.into_result(self)
    }
}

/// What a case opened from a debriefing starts with: the facts the returnee gave, never their
/// name (the officer adds the persons).
pub struct CaseSuggestion<'a> {
    /// The returnee's reference (`RT-…`).
    pub reference: &'a str,
    /// Why they were returned.
    pub reason: ReturnReason,
    /// Country returned from.
    pub country: &'a str,
    /// Home district, else the district of arrival.
    pub district: &'a str,
    /// Home district, when known.
    pub home_district: Option<&'a str>,
    /// The debriefing.
    pub debriefing: &'a NewDebriefing,
}

impl CaseSuggestion<'_> {
    /// The case form's first values: smuggling when the returnee paid to be taken across a
    /// border illegally, both when they also suffered exploitation (the officer completes the
    /// trafficking elements); the route as transit points, exit point and destinations.
    pub fn case(&self) -> NewCase {
        let d = self.debriefing;
        let illegal = matches!(
            self.reason,
            ReturnReason::IllegalEntry
                | ReturnReason::Overstay
                | ReturnReason::ForgedDocuments
                | ReturnReason::AsylumRefused
                | ReturnReason::SuspectedSmuggling
        ) || d.documents_used.iter().any(|x| {
            matches!(
                x,
                DocumentUsed::ForgedPassport | DocumentUsed::ForgedVisa | DocumentUsed::NoDocuments
            )
        });
        let paid = d.amount_paid_pkr.is_some_and(|a| a > 0);
        let exploited = !d.exploitation.is_empty();
        let kind = match (illegal && paid, exploited) {
            (true, true) => CaseKind::Both,
            (true, false) => CaseKind::Smuggling,
            (false, true) => CaseKind::Trafficking,
            (false, false) => CaseKind::Undetermined,
        };
        // The last place in Pakistan is the exit point; the places after it, before the
        // destination, are transit points.
        let last_home = d.legs.iter().rposition(|l| l.country == "PK");
        // The case names exit points from the list; a place not on it (a smugglers' crossing)
        // is "other or unofficial" and stays on the route as the first transit point.
        let exit_place = last_home.map(|i| d.legs[i].to_place.clone());
        let listed = exit_place.as_deref().and_then(|place| {
            let place = place.to_lowercase();
            reference::EXIT_POINTS
                .iter()
                .find(|p| p.to_lowercase().starts_with(&place))
        });
        let exit_point = match (listed, &exit_place) {
            (Some(p), _) => Some((*p).to_owned()),
            (None, Some(_)) => reference::EXIT_POINTS.last().map(|p| (*p).to_owned()),
            (None, None) => None,
        };
        let abroad: Vec<&RouteLeg> = match last_home {
            Some(i) => d.legs[i + 1..].iter().collect(),
            None => d.legs.iter().collect(),
        };
        let mut transit_points: Vec<String> = match (listed, exit_place) {
            (None, Some(place)) => vec![place],
            _ => Vec::new(),
        };
        transit_points.extend(
            abroad
                .iter()
                .take(abroad.len().saturating_sub(1))
                .map(|l| l.to_place.clone()),
        );
        let mut destination_countries = vec![self.country.to_owned()];
        if let Some(l) = abroad.last() {
            if l.country != "PK" && !destination_countries.contains(&l.country) {
                destination_countries.push(l.country.clone());
            }
        }
        NewCase {
            kind,
            elements: LegalElements {
                purposes: d.exploitation.clone(),
                illegal_entry: illegal,
                financial_benefit: paid,
                ..LegalElements::default()
            },
            offences: Vec::new(),
            exploitation: d.exploitation.clone(),
            scope: Scope::CrossBorder,
            district: self.district.to_owned(),
            agency_id: None,
            fir_number: None,
            fir_date: None,
            origin_district: self.home_district.map(str::to_owned),
            transit_points,
            exit_point,
            destination_countries,
            summary: Some(format!(
                "Opened from the debriefing of returnee {}: {}.",
                self.reference,
                self.reason.label().to_lowercase()
            )),
            reported_on: d.interviewed_on,
            reported_via: Some(ReportedVia::Immigration),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn arrival() -> Arrival {
        Arrival {
            kind: ReturneeKind::Deportee,
            point: "Islamabad International Airport".into(),
            district: None,
            date: Some(today()),
        }
    }

    fn returnee() -> NewReturnee {
        NewReturnee {
            arrival: arrival(),
            list_ref: None,
            full_name: "Test Returnee".into(),
            father_name: None,
            date_of_birth: Some("1995".into()),
            sex: Some(Sex::Male),
            cnic: Some("3410112345671".into()),
            passport: None,
            nationality: None,
            document: None,
            flight: "PK-212".into(),
            country: "om".into(),
            reason: ReturnReason::Overstay,
            home_district: Some("grw".into()),
        }
    }

    #[test]
    fn a_returnee_is_cleaned_and_takes_the_district_of_the_airport() {
        let r = returnee().validate(today()).unwrap();
        assert_eq!(r.arrival.district.as_deref(), Some("ISB"));
        assert_eq!(r.cnic.as_deref(), Some("34101-1234567-1"));
        assert_eq!(r.country, "OM");
        assert_eq!(r.nationality.as_deref(), Some("PK"));
        assert_eq!(r.home_district.as_deref(), Some("GRW"));
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let mut r = returnee();
        r.full_name = " ".into();
        r.flight = String::new();
        r.country = "PK".into();
        r.cnic = Some("123".into());
        r.arrival.point = "Other or unofficial crossing".into();
        r.arrival.date = Some(today().succ_opt().unwrap());
        let e = r.validate(today()).unwrap_err();
        for f in ["full_name", "flight", "country", "cnic", "district", "date"] {
            assert!(e.first(f).is_some(), "{f}: {e}");
        }
    }

    #[test]
    fn a_list_row_reads_codes_or_labels_and_reports_every_problem() {
        let layout = LIST_LAYOUT;
        let text = "name,flight,country_from,reason,sex,home_district\n\
                    A One,PK-212,Oman,Overstay or illegal stay,M,Gujranwala\n\
                    ,PK-212,XX,nonsense,Q,Nowhere\n";
        let f = crate::csv_import::read_csv(text, &layout).unwrap();
        let ok = returnee_from_row(&f.readable[0], &arrival()).unwrap();
        assert_eq!(ok.country, "OM");
        assert_eq!(ok.reason, ReturnReason::Overstay);
        assert_eq!(ok.sex, Some(Sex::Male));
        assert_eq!(ok.home_district.as_deref(), Some("GRW"));
        let bad = returnee_from_row(&f.readable[1], &arrival()).unwrap_err();
        for field in ["full_name", "country", "reason", "sex", "home_district"] {
            assert!(bad.first(field).is_some(), "{field}: {bad}");
        }
    }

    fn debriefing() -> NewDebriefing {
        NewDebriefing {
            interviewed_on: Some(today()),
            agent_id: None,
            agent_name: Some("Agent X".into()),
            sub_agents: vec![" ".into(), "Sub One".into()],
            amount_paid_pkr: Some(1_500_000),
            legs: vec![
                RouteLeg {
                    from_place: "Gujranwala".into(),
                    to_place: "Quetta".into(),
                    country: "pk".into(),
                    transport: Transport::Road,
                },
                RouteLeg {
                    from_place: "Quetta".into(),
                    to_place: "Mand".into(),
                    country: "PK".into(),
                    transport: Transport::Road,
                },
                RouteLeg {
                    from_place: "Mand".into(),
                    to_place: "Kerman".into(),
                    country: "IR".into(),
                    transport: Transport::Foot,
                },
                RouteLeg {
                    from_place: "Kerman".into(),
                    to_place: "Van".into(),
                    country: "TR".into(),
                    transport: Transport::Road,
                },
                RouteLeg {
                    from_place: String::new(),
                    to_place: String::new(),
                    country: String::new(),
                    transport: Transport::Road,
                },
            ],
            documents_used: vec![DocumentUsed::NoDocuments],
            exploitation: vec![],
            account: None,
        }
    }

    #[test]
    fn a_debriefing_drops_blank_legs_and_checks_the_rest() {
        let d = debriefing().validate(today(), today()).unwrap();
        assert_eq!(d.legs.len(), 4);
        assert_eq!(d.sub_agents, vec!["Sub One".to_owned()]);
        let mut bad = debriefing();
        bad.legs[1].to_place = String::new();
        bad.legs[2].country = "ZZ".into();
        bad.interviewed_on = today().pred_opt();
        let e = bad.validate(today(), today()).unwrap_err();
        assert!(e.first("legs.1").is_some() && e.first("legs.2").is_some());
        assert!(e.first("interviewed_on").is_some(), "{e}");
    }

    #[test]
    fn an_empty_debriefing_is_refused() {
        let d = NewDebriefing {
            interviewed_on: Some(today()),
            agent_id: None,
            agent_name: None,
            sub_agents: vec![],
            amount_paid_pkr: None,
            legs: vec![],
            documents_used: vec![],
            exploitation: vec![],
            account: Some("  ".into()),
        };
        assert!(d
            .validate(today(), today())
            .unwrap_err()
            .first("agent_name")
            .is_some());
    }

    #[test]
    fn the_suggested_case_follows_the_route_and_names_no_one() {
        let d = debriefing().validate(today(), today()).unwrap();
        let s = CaseSuggestion {
            reference: "RT-2026-000001",
            reason: ReturnReason::IllegalEntry,
            country: "TR",
            district: "GRW",
            home_district: Some("GRW"),
            debriefing: &d,
        };
        let c = s.case();
        assert_eq!(c.kind, CaseKind::Smuggling);
        assert_eq!(c.exit_point.as_deref(), Some("Mand (land border, Iran)"));
        assert_eq!(c.transit_points, vec!["Kerman".to_owned()]);
        assert_eq!(c.destination_countries, vec!["TR".to_owned()]);
        // A crossing not on the list is "other or unofficial" and stays on the route.
        let mut d2 = d.clone();
        d2.legs[1].to_place = "Panjgur hills".into();
        d2.legs[2].from_place = "Panjgur hills".into();
        let c2 = CaseSuggestion {
            debriefing: &d2,
            ..s
        };
        let c2 = c2.case();
        assert_eq!(
            c2.exit_point.as_deref(),
            Some("Other or unofficial crossing")
        );
        assert_eq!(
            c2.transit_points,
            vec!["Panjgur hills".to_owned(), "Kerman".to_owned()]
        );
        assert_eq!(c.origin_district.as_deref(), Some("GRW"));
        assert!(!c.summary.unwrap().contains("Agent X"));
        // The suggested smuggling case passes the case's own checks.
        let mut again = s.case();
        again.district = "GRW".into();
        assert!(again.validate(today()).is_ok());
    }
}
