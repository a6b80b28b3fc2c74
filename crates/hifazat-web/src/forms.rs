//! HTML forms as posted (strings and checkbox lists), and their conversion into domain
//! requests with a message per field, so a form comes back with what the user typed.

use crate::paging::DateParts;
use crate::screening_words::country_code;
use chrono::NaiveDate;
use hifazat_domain::case::{Act, CaseAmendment, Classification, LegalElements, ReportedVia, Scope};
use hifazat_domain::documents::{DocumentKind, NewDocument};
use hifazat_domain::person::{
    AccusedStatusChange, PaymentMethod, PersonFacts, RecruitmentMethod, Relation,
    RelationshipToTrafficker,
};
use hifazat_domain::{
    AccusedStatus, CaseKind, FieldErrors, NewCase, NewPerson, PersonRole, Sex, Stage,
    TransitionRequest,
};
use hifazat_store::cases::models::NewHearing;
use serde::Deserialize;

/// Trims a text field; empty becomes `None`.
pub(crate) fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Digits as typed on an Urdu or Arabic keyboard (۰–۹, ٠–٩) read as 0–9.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '۰'..='۹' => char::from_u32(c as u32 - '۰' as u32 + '0' as u32).unwrap_or(c),
            '٠'..='٩' => char::from_u32(c as u32 - '٠' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A whole amount typed with either script's digits and thousands separators; `None` when
/// empty, `message` under `field` when not a number.
pub(crate) fn typed_amount(
    e: &mut FieldErrors,
    field: &str,
    text: &str,
    message: &str,
) -> Option<i64> {
    match ascii_digits(text).trim().replace([',', '٬'], "").as_str() {
        "" => None,
        t => t.parse().ok().or_else(|| {
            e.add(field, message);
            None
        }),
    }
}

/// An optional choice from a code list: `None` when empty, a message when not in the list.
fn optional_code<T>(
    e: &mut FieldErrors,
    field: &str,
    text: &str,
    from_code: fn(&str) -> Option<T>,
) -> Option<T> {
    match text.trim() {
        "" => None,
        c => from_code(c).or_else(|| {
            e.add(field, NOT_IN_LIST);
            None
        }),
    }
}

/// A date typed as day, month and year (`m::date_input`), read into `e` under `field`.
pub(crate) fn typed_date(
    e: &mut FieldErrors,
    field: &str,
    day: &str,
    month: &str,
    year: &str,
) -> Option<NaiveDate> {
    let d = DateParts {
        day: ascii_digits(day),
        month: ascii_digits(month),
        year: ascii_digits(year),
    };
    match d.date() {
        Ok(d) => d,
        Err(m) => {
            e.add(field, m);
            None
        }
    }
}

/// The parts of a date as typed (to show the form again).
fn parts(day: &str, month: &str, year: &str) -> DateParts {
    DateParts {
        day: day.to_owned(),
        month: month.to_owned(),
        year: year.to_owned(),
    }
}

/// A code chosen from a list: `missing` when nothing was chosen, `unknown` when the code is
/// not one of the list's (a tampered or stale form).
fn chosen<T>(
    e: &mut FieldErrors,
    field: &str,
    s: &str,
    parse: fn(&str) -> Option<T>,
    missing: &'static str,
    unknown: &'static str,
) -> Option<T> {
    match s.trim() {
        "" => {
            e.add(field, missing);
            None
        }
        t => parse(t).or_else(|| {
            e.add(field, unknown);
            None
        }),
    }
}

/// A code chosen from a list, or the message `missing` under `field` when nothing (or
/// something not in the list) was chosen.
pub(crate) fn pick<T>(
    e: &mut FieldErrors,
    field: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    missing: &str,
) -> Option<T> {
    let v = parse(value.trim());
    if v.is_none() {
        e.add(field, missing);
    }
    v
}

/// The message when a code is not one of its list's.
const NOT_IN_LIST: &str = "Choose one of the list's options";

/// The message when a destination country is not one of the list's.
pub const DESTINATION_MESSAGE: &str = "Choose each destination country from the list";

/// How many destination countries the registration form offers boxes for.
pub const DESTINATION_BOXES: usize = 3;

/// Messages of the domain and the store start with a capital letter on the page, like the
/// form's own ("choose a district" → "Choose a district"); the Urdu key is the same.
pub fn polished(e: FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, messages) in e.0 {
        for m in messages {
            let mut c = m.chars();
            let m = match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => m,
            };
            out.add(field.clone(), m);
        }
    }
    out
}

/// Polishes `e` (see [`polished`]) and renames its fields by `names` (`(from, to)` pairs): a
/// page with several forms gives each field an id of its own, so the error summary's links land
/// on the field of the form that was sent.
pub fn renamed(e: FieldErrors, names: &[(&str, &str)]) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, messages) in polished(e).0 {
        let to = names
            .iter()
            .find(|(from, _)| *from == field)
            .map(|(_, to)| (*to).to_owned())
            .unwrap_or(field);
        for m in messages {
            out.add(to.clone(), m);
        }
    }
    out
}

/// The case registration form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CaseForm {
    pub kind: String,
    pub acts: Vec<String>,
    pub means: Vec<String>,
    pub purposes: Vec<String>,
    pub child_victim: Option<String>,
    pub illegal_entry: Option<String>,
    pub financial_benefit: Option<String>,
    pub offences: Vec<String>,
    pub exploitation: Vec<String>,
    pub scope: String,
    pub district: String,
    pub agency_id: String,
    pub fir_number: String,
    #[serde(rename = "fir_date-day")]
    pub fir_day: String,
    #[serde(rename = "fir_date-month")]
    pub fir_month: String,
    #[serde(rename = "fir_date-year")]
    pub fir_year: String,
    #[serde(rename = "reported_on-day")]
    pub reported_day: String,
    #[serde(rename = "reported_on-month")]
    pub reported_month: String,
    #[serde(rename = "reported_on-year")]
    pub reported_year: String,
    pub origin_district: String,
    pub transit_points: String,
    pub exit_point: String,
    /// Countries typed or picked by name (in either language) or code, one per box.
    pub destination_countries: Vec<String>,
    pub summary: String,
    /// Why the case is amended (the amendment form only).
    pub reason: String,
    /// How the case came in (a `ReportedVia` code, or empty).
    pub reported_via: String,
    /// The report or helpline record an inquiry is opened from (its id), when it is.
    pub intake_id: String,
    /// What triage found it to be (a `Classification` code), for an inquiry from a report.
    pub intake_classification: String,
    /// The returnee's debriefing a case is opened from (its id), when it is.
    pub debriefing_id: String,
}

impl CaseForm {
    /// True when `list` holds `code` (for ticking checkboxes again).
    pub fn has(list: &[String], code: &str) -> bool {
        list.iter().any(|c| c == code)
    }

    /// The FIR date as typed.
    pub fn fir_date(&self) -> DateParts {
        parts(&self.fir_day, &self.fir_month, &self.fir_year)
    }

    /// The date the complaint was received, as typed.
    pub fn reported_on(&self) -> DateParts {
        parts(
            &self.reported_day,
            &self.reported_month,
            &self.reported_year,
        )
    }

    /// The destination boxes: what was typed, then empty boxes up to [`DESTINATION_BOXES`].
    pub fn destination_boxes(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .destination_countries
            .iter()
            .filter(|c| !c.trim().is_empty())
            .cloned()
            .collect();
        while v.len() < DESTINATION_BOXES {
            v.push(String::new());
        }
        v
    }

    /// The form filled with a registered case's classification, to amend it.
    pub fn of_case(c: &hifazat_store::cases::models::CaseDetail) -> CaseForm {
        let el = &c.elements;
        CaseForm {
            kind: c.case.kind.code().to_owned(),
            acts: el.acts.iter().map(|a| a.code().to_owned()).collect(),
            means: el.means.clone(),
            purposes: el.purposes.clone(),
            child_victim: el.child_victim.then(|| "on".to_owned()),
            illegal_entry: el.illegal_entry.then(|| "on".to_owned()),
            financial_benefit: el.financial_benefit.then(|| "on".to_owned()),
            offences: c.offences.clone(),
            exploitation: c.exploitation.clone(),
            scope: c.case.scope.code().to_owned(),
            district: c.case.district_code.clone(),
            origin_district: c.origin_district.clone().unwrap_or_default(),
            transit_points: c.transit_points.join(", "),
            exit_point: c.exit_point.clone().unwrap_or_default(),
            destination_countries: c.destination_countries.clone(),
            summary: c.summary.clone().unwrap_or_default(),
            reported_via: c
                .reported_via
                .map(|r| r.code().to_owned())
                .unwrap_or_default(),
            ..Default::default()
        }
    }

    /// The form filled with a suggested case (opened from a returnee's debriefing).
    pub fn of_new_case(c: &NewCase) -> CaseForm {
        let el = &c.elements;
        let date = |d: Option<chrono::NaiveDate>| match d {
            Some(d) => (
                d.format("%-d").to_string(),
                d.format("%-m").to_string(),
                d.format("%Y").to_string(),
            ),
            None => Default::default(),
        };
        let (reported_day, reported_month, reported_year) = date(c.reported_on);
        CaseForm {
            kind: c.kind.code().to_owned(),
            acts: el.acts.iter().map(|a| a.code().to_owned()).collect(),
            means: el.means.clone(),
            purposes: el.purposes.clone(),
            child_victim: el.child_victim.then(|| "on".to_owned()),
            illegal_entry: el.illegal_entry.then(|| "on".to_owned()),
            financial_benefit: el.financial_benefit.then(|| "on".to_owned()),
            offences: c.offences.clone(),
            exploitation: c.exploitation.clone(),
            scope: c.scope.code().to_owned(),
            district: c.district.clone(),
            origin_district: c.origin_district.clone().unwrap_or_default(),
            transit_points: c.transit_points.join(", "),
            exit_point: c.exit_point.clone().unwrap_or_default(),
            destination_countries: c.destination_countries.clone(),
            summary: c.summary.clone().unwrap_or_default(),
            reported_via: c
                .reported_via
                .map(|r| r.code().to_owned())
                .unwrap_or_default(),
            reported_day,
            reported_month,
            reported_year,
            ..Default::default()
        }
    }

    /// The amendment this form asks for, on the case registered in `district`.
    pub fn to_amendment(&self, district: &str) -> Result<CaseAmendment, FieldErrors> {
        let mut f = self.clone();
        f.district = district.to_owned();
        (
            f.agency_id,
            f.fir_number,
            f.fir_day,
            f.fir_month,
            f.fir_year,
        ) = Default::default();
        (f.reported_day, f.reported_month, f.reported_year) = Default::default();
        let c = f.to_new_case()?;
        Ok(CaseAmendment {
            classification: Classification::of(&c),
            reason: opt(&self.reason),
        })
    }

    /// The domain request, or messages per field.
    pub fn to_new_case(&self) -> Result<NewCase, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = chosen(
            &mut e,
            "kind",
            &self.kind,
            CaseKind::from_code,
            "Choose the kind of case, or \"not yet determined\"",
            NOT_IN_LIST,
        );
        let mut acts = Vec::new();
        for a in &self.acts {
            match Act::from_code(a) {
                Some(a) => acts.push(a),
                None => e.add("elements.acts", NOT_IN_LIST),
            }
        }
        if self.district.trim().is_empty() {
            e.add(
                "district",
                "Choose the district where the case is registered",
            );
        }
        let agency_id = match self.agency_id.trim() {
            "" => None,
            t => t.parse().ok().or_else(|| {
                e.add(
                    "agency_id",
                    "Choose a police station or circle from the list",
                );
                None
            }),
        };
        let reported_on = typed_date(
            &mut e,
            "reported_on",
            &self.reported_day,
            &self.reported_month,
            &self.reported_year,
        );
        let fir_date = typed_date(
            &mut e,
            "fir_date",
            &self.fir_day,
            &self.fir_month,
            &self.fir_year,
        );
        let scope = chosen(
            &mut e,
            "scope",
            &self.scope,
            Scope::from_code,
            "Choose whether the movement was within Pakistan or across a border",
            NOT_IN_LIST,
        );
        let reported_via = optional_code(
            &mut e,
            "reported_via",
            &self.reported_via,
            ReportedVia::from_code,
        );
        let mut destination_countries = Vec::new();
        for c in &self.destination_countries {
            match country_code(c) {
                Ok(Some(code)) => destination_countries.push(code),
                Ok(None) => {}
                Err(_) => {
                    if e.first("destination_countries").is_none() {
                        e.add("destination_countries", DESTINATION_MESSAGE);
                    }
                }
            }
        }
        // A check that gives `None` has recorded its message in `e`.
        let (Some(kind), Some(scope)) = (kind, scope) else {
            return Err(e);
        };
        if !e.is_empty() {
            return Err(e);
        }
        Ok(NewCase {
            kind,
            elements: LegalElements {
                acts,
                means: self.means.clone(),
                purposes: self.purposes.clone(),
                child_victim: self.child_victim.is_some(),
                illegal_entry: self.illegal_entry.is_some(),
                financial_benefit: self.financial_benefit.is_some(),
            },
            offences: self.offences.clone(),
            exploitation: self.exploitation.clone(),
            scope,
            district: self.district.trim().to_owned(),
            agency_id,
            fir_number: opt(&self.fir_number),
            fir_date,
            origin_district: opt(&self.origin_district),
            transit_points: self
                .transit_points
                .split([',', '\n', '،'])
                .filter_map(opt)
                .collect(),
            exit_point: opt(&self.exit_point),
            destination_countries,
            summary: opt(&self.summary),
            reported_on,
            reported_via,
        })
    }
}

/// The form that adds a person to a case.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    pub role: String,
    pub name: String,
    pub father_name: String,
    pub relation: String,
    pub sex: String,
    #[serde(rename = "date_of_birth-day")]
    pub dob_day: String,
    #[serde(rename = "date_of_birth-month")]
    pub dob_month: String,
    #[serde(rename = "date_of_birth-year")]
    pub dob_year: String,
    pub age: String,
    pub cnic: String,
    pub passport: String,
    /// A country typed or picked by name (either language) or code.
    pub nationality: String,
    pub phone: String,
    pub address: String,
    pub district: String,
    pub religion: String,
    pub disability: String,
    pub accused_status: String,
    pub link_existing: Option<String>,
}

impl PersonForm {
    /// The date of birth as typed.
    pub fn date_of_birth(&self) -> DateParts {
        parts(&self.dob_day, &self.dob_month, &self.dob_year)
    }

    /// The domain request, or messages per field.
    pub fn to_new_person(&self) -> Result<NewPerson, FieldErrors> {
        let mut e = FieldErrors::new();
        let role = chosen(
            &mut e,
            "role",
            &self.role,
            PersonRole::from_code,
            "Choose the person's role in the case",
            NOT_IN_LIST,
        );
        if self.name.trim().is_empty() {
            e.add(
                "name",
                "Enter the person's name, or the word unknown if it is not known",
            );
        }
        let relation = match self.relation.trim() {
            "" => None,
            t => Relation::from_code(t).or_else(|| {
                e.add("relation", NOT_IN_LIST);
                None
            }),
        };
        let sex = chosen(
            &mut e,
            "sex",
            &self.sex,
            Sex::from_code,
            "Choose the person's sex",
            NOT_IN_LIST,
        );
        let date_of_birth = typed_date(
            &mut e,
            "date_of_birth",
            &self.dob_day,
            &self.dob_month,
            &self.dob_year,
        );
        let age = match ascii_digits(&self.age).trim() {
            "" => None,
            t => t.parse().ok().or_else(|| {
                e.add("age", "Enter the age in whole years, for example 24");
                None
            }),
        };
        let nationality = country_code(&self.nationality).unwrap_or_else(|m| {
            e.add("nationality", m);
            None
        });
        let accused_status = match self.accused_status.trim() {
            "" => None,
            t => AccusedStatus::from_code(t).or_else(|| {
                e.add("accused_status", NOT_IN_LIST);
                None
            }),
        };
        // A check that gives `None` has recorded its message in `e`.
        let (Some(role), Some(sex)) = (role, sex) else {
            return Err(e);
        };
        if !e.is_empty() {
            return Err(e);
        }
        Ok(NewPerson {
            role,
            name: self.name.clone(),
            father_name: opt(&self.father_name),
            relation,
            sex,
            date_of_birth,
            age,
            cnic: opt(&self.cnic),
            passport: opt(&self.passport),
            nationality,
            phone: opt(&self.phone),
            address: opt(&self.address),
            district: opt(&self.district),
            religion: opt(&self.religion),
            disability: opt(&self.disability),
            link_existing: self.link_existing.is_some(),
            accused_status: if role == PersonRole::Accused {
                accused_status
            } else {
                None
            },
        })
    }
}

/// The form that moves a case to another stage. A final stage (a verdict, or closing the
/// case) is asked about first: the confirmation page posts the same form with `confirm=yes`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TransitionForm {
    pub to: String,
    pub remark: String,
    pub fir_number: String,
    #[serde(rename = "fir_date-day")]
    pub fir_day: String,
    #[serde(rename = "fir_date-month")]
    pub fir_month: String,
    #[serde(rename = "fir_date-year")]
    pub fir_year: String,
    pub confirm: String,
}

impl TransitionForm {
    /// The FIR date as typed.
    pub fn fir_date(&self) -> DateParts {
        parts(&self.fir_day, &self.fir_month, &self.fir_year)
    }

    /// The domain request, or messages per field. `needs_fir`: the case has no FIR yet, so
    /// moving to "FIR registered" needs its number and date; `from`: the current stage.
    pub fn to_request(
        &self,
        from: Stage,
        needs_fir: bool,
    ) -> Result<TransitionRequest, FieldErrors> {
        let mut e = FieldErrors::new();
        let to = chosen(
            &mut e,
            "to",
            &self.to,
            Stage::from_code,
            "Choose the stage to move the case to",
            NOT_IN_LIST,
        );
        let fir_date = typed_date(
            &mut e,
            "fir_date",
            &self.fir_day,
            &self.fir_month,
            &self.fir_year,
        );
        if to == Some(Stage::FirRegistered) && needs_fir {
            if self.fir_number.trim().is_empty() {
                e.add("fir_number", "Enter the FIR number");
            }
            if fir_date.is_none() && e.first("fir_date").is_none() {
                e.add("fir_date", "Enter the date of the FIR");
            }
        }
        if to.is_some_and(|t| t.needs_remark() && from != Stage::FirRegistered)
            && self.remark.trim().is_empty()
        {
            e.add("remark", "Enter why the case is moving to this stage");
        }
        // A check that gives `None` has recorded its message in `e`.
        let Some(to) = to else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(TransitionRequest {
            to,
            remark: opt(&self.remark),
            fir_number: opt(&self.fir_number),
            fir_date,
        })
    }
}

/// The form that records a hearing.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HearingForm {
    #[serde(rename = "hearing_date-day")]
    pub day: String,
    #[serde(rename = "hearing_date-month")]
    pub month: String,
    #[serde(rename = "hearing_date-year")]
    pub year: String,
    pub court: String,
    pub purpose: String,
}

impl HearingForm {
    /// The date as typed.
    pub fn hearing_date(&self) -> DateParts {
        parts(&self.day, &self.month, &self.year)
    }

    /// The request, or messages per field.
    pub fn to_request(&self) -> Result<NewHearing, FieldErrors> {
        let mut e = FieldErrors::new();
        let d = typed_date(&mut e, "hearing_date", &self.day, &self.month, &self.year);
        if d.is_none() && e.is_empty() {
            e.add("hearing_date", "Enter the date of the hearing");
        }
        if self.court.trim().is_empty() {
            e.add("court", "Enter the name of the court");
        }
        // A check that gives `None` has recorded its message in `e`.
        let Some(d) = d else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(NewHearing {
            hearing_date: d,
            court: self.court.trim().to_owned(),
            purpose: opt(&self.purpose),
        })
    }
}

/// The form that records the facts about a person in a case.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FactsForm {
    pub public_official: Option<String>,
    pub official_agency: String,
    pub paid_amount: String,
    pub paid_currency: String,
    pub paid_method: String,
    pub recruitment_methods: Vec<String>,
    /// A district or a country, by name (either language) or code.
    pub recruitment_place: String,
    pub relationship_to_trafficker: String,
}

impl FactsForm {
    /// The form filled with facts on record, to change them.
    pub fn of(f: &PersonFacts) -> FactsForm {
        FactsForm {
            public_official: f.public_official.then(|| "on".into()),
            official_agency: f.official_agency.clone().unwrap_or_default(),
            paid_amount: f.paid_amount.map(|a| a.to_string()).unwrap_or_default(),
            paid_currency: f.paid_currency.clone().unwrap_or_default(),
            paid_method: f.paid_method.map(|m| m.code().into()).unwrap_or_default(),
            recruitment_methods: f
                .recruitment_methods
                .iter()
                .map(|m| m.code().into())
                .collect(),
            recruitment_place: f.recruitment_place.clone().unwrap_or_default(),
            relationship_to_trafficker: f
                .relationship_to_trafficker
                .map(|r| r.code().into())
                .unwrap_or_default(),
        }
    }

    /// The facts, or messages per field.
    pub fn to_facts(&self) -> Result<PersonFacts, FieldErrors> {
        let mut e = FieldErrors::new();
        let paid_amount = typed_amount(
            &mut e,
            "paid_amount",
            &self.paid_amount,
            "Enter the amount in whole units, for example 1200000",
        );
        let paid_method = optional_code(
            &mut e,
            "paid_method",
            &self.paid_method,
            PaymentMethod::from_code,
        );
        let relationship_to_trafficker = optional_code(
            &mut e,
            "relationship_to_trafficker",
            &self.relationship_to_trafficker,
            RelationshipToTrafficker::from_code,
        );
        let mut recruitment_methods = Vec::new();
        for m in &self.recruitment_methods {
            match RecruitmentMethod::from_code(m) {
                Some(m) => recruitment_methods.push(m),
                None => e.add("recruitment_methods", NOT_IN_LIST),
            }
        }
        let place = self.recruitment_place.trim();
        let recruitment_place = if place.is_empty() {
            None
        } else if let Some(d) = hifazat_domain::reference::district_by_code(&place.to_uppercase())
            .or_else(|| hifazat_domain::reference::district_by_name(place))
        {
            Some(d.code.clone())
        } else {
            match country_code(place) {
                Ok(c) => c,
                Err(_) => {
                    e.add(
                        "recruitment_place",
                        "Choose the district or country where the victim was recruited",
                    );
                    None
                }
            }
        };
        e.into_result(())?;
        Ok(PersonFacts {
            public_official: self.public_official.is_some(),
            official_agency: opt(&self.official_agency),
            paid_amount,
            paid_currency: opt(&self.paid_currency),
            paid_method,
            recruitment_methods,
            recruitment_place,
            relationship_to_trafficker,
        })
    }
}

/// The form that attaches a document (sent as multipart; the file is read apart).
#[derive(Debug, Clone, Default)]
pub struct DocumentForm {
    pub kind: String,
    pub title: String,
    pub day: String,
    pub month: String,
    pub year: String,
    pub case_person_id: String,
}

impl DocumentForm {
    /// The document's date as typed.
    pub fn document_date(&self) -> DateParts {
        parts(&self.day, &self.month, &self.year)
    }

    /// Takes one multipart text field; false when the name is not the form's.
    pub fn take(&mut self, name: &str, value: String) -> bool {
        let slot = match name {
            "kind" => &mut self.kind,
            "title" => &mut self.title,
            "document_date-day" => &mut self.day,
            "document_date-month" => &mut self.month,
            "document_date-year" => &mut self.year,
            "case_person_id" => &mut self.case_person_id,
            _ => return false,
        };
        *slot = value;
        true
    }

    /// The document, or messages per field.
    pub fn to_new(&self, bytes: Vec<u8>) -> Result<NewDocument, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = chosen(
            &mut e,
            "kind",
            &self.kind,
            DocumentKind::from_code,
            "Choose what the document is",
            NOT_IN_LIST,
        );
        let document_date = typed_date(&mut e, "document_date", &self.day, &self.month, &self.year);
        let case_person_id = match self.case_person_id.trim() {
            "" => None,
            t => t.parse().ok().or_else(|| {
                e.add("case_person_id", NOT_IN_LIST);
                None
            }),
        };
        // A check that gives `None` has recorded its message in `e`.
        let Some(kind) = kind else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(NewDocument {
            kind,
            title: opt(&self.title),
            document_date,
            case_person_id,
            bytes,
        })
    }
}

/// The form that records an accused person's status.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    pub status: String,
    pub sentence: String,
    pub fine_pkr: String,
    pub remark: String,
}

impl StatusForm {
    /// The request, or messages per field.
    pub fn to_change(&self) -> Result<AccusedStatusChange, FieldErrors> {
        let mut e = FieldErrors::new();
        let status = chosen(
            &mut e,
            "status",
            &self.status,
            AccusedStatus::from_code,
            "Choose the accused person's status",
            NOT_IN_LIST,
        );
        let fine_pkr = typed_amount(
            &mut e,
            "fine_pkr",
            &self.fine_pkr,
            "Enter the fine in whole rupees, for example 50000",
        );
        // A check that gives `None` has recorded its message in `e`.
        let Some(status) = status else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(AccusedStatusChange {
            status,
            sentence: opt(&self.sentence),
            fine_pkr,
            remark: opt(&self.remark),
        })
    }
}

/// The login form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
    pub next: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_date_is_a_field_message_not_a_failure() {
        let f = CaseForm {
            kind: "undetermined".into(),
            scope: "internal".into(),
            district: "LHR".into(),
            fir_day: "31".into(),
            fir_month: "2".into(),
            fir_year: "2026".into(),
            ..Default::default()
        };
        let e = f.to_new_case().unwrap_err();
        assert_eq!(e.first("fir_date"), Some("Enter a real date"));
        let p = PersonForm {
            role: "victim".into(),
            sex: "".into(),
            age: "ten".into(),
            ..Default::default()
        };
        let e = p.to_new_person().unwrap_err();
        assert!(e.first("sex").is_some() && e.first("age").is_some());
    }

    #[test]
    fn checkbox_lists_and_comma_lists_become_vectors() {
        let f = CaseForm {
            kind: "smuggling".into(),
            scope: "cross_border".into(),
            district: "GRW".into(),
            illegal_entry: Some("on".into()),
            transit_points: "Quetta, Taftan".into(),
            destination_countries: vec!["Iran".into(), "".into(), "TR".into()],
            ..Default::default()
        };
        let c = f.to_new_case().unwrap();
        assert!(c.elements.illegal_entry && !c.elements.financial_benefit);
        assert_eq!(c.transit_points, vec!["Quetta", "Taftan"]);
        assert_eq!(c.destination_countries, vec!["IR", "TR"]);
    }
}

/// The form that creates an account.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<String>,
    pub jurisdiction: String,
    pub agency_id: String,
}

impl UserForm {
    /// The request, or messages per field.
    pub fn to_new_user(&self) -> Result<hifazat_store::admin::users::NewUser, FieldErrors> {
        use hifazat_domain::{Jurisdiction, UserRole};
        let mut e = FieldErrors::new();
        let mut roles = Vec::new();
        for r in &self.roles {
            match UserRole::from_code(r) {
                Some(r) => roles.push(r),
                None => e.add("roles", format!("unknown role '{r}'")),
            }
        }
        let jurisdiction = Jurisdiction::from_code(self.jurisdiction.trim()).or_else(|| {
            e.add(
                "jurisdiction",
                "choose the national level, a province or a district",
            );
            None
        });
        let agency_id = match self.agency_id.trim() {
            "" => None,
            t => t.parse().ok().or_else(|| {
                e.add("agency_id", "choose an agency from the list");
                None
            }),
        };
        // A check that gives `None` has recorded its message in `e`.
        let Some(jurisdiction) = jurisdiction else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(hifazat_store::admin::users::NewUser {
            username: self.username.trim().to_owned(),
            display_name: self.display_name.trim().to_owned(),
            password: self.password.clone(),
            agency_id,
            jurisdiction,
            roles,
        })
    }
}
