//! Views of cases and persons as the store hands them out. Victims appear by their code; their
//! identifying fields are only in [`VictimIdentity`], which is audited when produced.

use hifazat_domain::case::{LegalElements, Scope};
use hifazat_domain::{AccusedStatus, CaseKind, PersonRole, Sex, Stage};
use serde::{Deserialize, Serialize};

/// Filters and paging for case lists.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
#[into_params(parameter_in = Query)]
pub struct CaseFilter {
    /// Kind of case.
    pub kind: Option<CaseKind>,
    /// Stage.
    pub stage: Option<Stage>,
    /// District code.
    pub district: Option<String>,
    /// Province code (e.g. `PK-PB`).
    pub province: Option<String>,
    /// Case reference, FIR number, victim code or CNIC.
    pub q: Option<String>,
    /// Only open cases (`true`) or only closed/decided ones (`false`).
    pub open: Option<bool>,
    /// Only the cases the signed-in user registered (`true`).
    pub mine: Option<bool>,
    /// Only open cases with no activity for at least this many days.
    pub quiet_days: Option<i64>,
    /// Only open cases still waiting for their FIR (`true`).
    pub without_fir: Option<bool>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Items per page (default 50, at most 500).
    pub per_page: Option<i64>,
    /// Keyset paging: the `next` of the previous page. The page after it is read from the
    /// index, however deep in a long list (`page` is then ignored).
    pub after: Option<String>,
}

impl CaseFilter {
    /// Items per page: `per_page`, 50 by default, between 1 and 500.
    pub fn page_size(&self) -> i64 {
        self.per_page.unwrap_or(50).clamp(1, 500)
    }

    /// The `after` of the page following `items` (a full page read with this filter), or
    /// `None` after the last page.
    pub fn next_after(&self, items: &[CaseSummary]) -> Option<String> {
        (items.len() as i64 == self.page_size())
            .then(|| items.last().map(|c| format!("{},{}", c.reported_on, c.id)))
            .flatten()
    }
}

/// A case in a list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseSummary {
    /// Id.
    pub id: i64,
    /// Reference, e.g. `LHR-2024-0042`.
    pub reference: String,
    /// Kind.
    pub kind: CaseKind,
    /// Internal or cross-border.
    pub scope: Scope,
    /// Current stage.
    pub stage: Stage,
    /// District code.
    pub district_code: String,
    /// District name.
    pub district: String,
    /// Province code.
    pub province_code: String,
    /// Registering police station or circle.
    pub agency: Option<String>,
    /// FIR number.
    pub fir_number: Option<String>,
    /// FIR date.
    pub fir_date: Option<String>,
    /// Date the complaint was received.
    pub reported_on: String,
    /// Last recorded activity (UTC).
    pub last_activity_at: String,
    /// Victims, by code.
    pub victim_codes: Vec<String>,
    /// Number of accused.
    pub accused_count: i64,
}

/// A person in a case. Victims carry no name: only their code.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CasePerson {
    /// Id of the person's role in this case.
    pub id: i64,
    /// The person record (shared across cases).
    pub person_uid: String,
    /// Role.
    pub role: PersonRole,
    /// The victim's case-scoped code.
    pub victim_code: Option<String>,
    /// Name (not for victims).
    pub name: Option<String>,
    /// Father's or husband's name (not for victims).
    pub father_name: Option<String>,
    /// s/o, d/o or w/o, with the father's or husband's name.
    pub relation: Option<String>,
    /// CNIC (not for victims).
    pub cnic: Option<String>,
    /// Sex.
    pub sex: Sex,
    /// Age in years when added to the case.
    pub age_years: Option<i64>,
    /// Under 18 when added.
    pub is_child: bool,
    /// Nationality.
    pub nationality: Option<String>,
    /// District of residence.
    pub district_code: Option<String>,
    /// Accused status.
    pub accused_status: Option<AccusedStatus>,
    /// Sentence, for a convicted accused.
    pub sentence: Option<String>,
    /// Fine in rupees.
    pub fine_pkr: Option<i64>,
    /// The active exit blacklist entry put there from this case for this accused, if any.
    pub exit_entry: Option<i64>,
    /// Facts recorded about the person in this case (complicity, money paid, recruitment).
    pub facts: hifazat_domain::person::PersonFacts,
    /// Other person records that may be the same person (when just added; never for victims).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub possible_duplicates: Vec<crate::persons::PersonHit>,
}

/// A victim's identifying details: produced only for users with a need to know, and audited.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VictimIdentity {
    /// The victim's code in this case.
    pub victim_code: String,
    /// Name.
    pub name: String,
    /// Father's or husband's name.
    pub father_name: Option<String>,
    /// s/o, d/o, w/o.
    pub relation: Option<String>,
    /// Date of birth.
    pub date_of_birth: Option<String>,
    /// CNIC.
    pub cnic: Option<String>,
    /// Passport number.
    pub passport: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Religion (optional).
    pub religion: Option<String>,
    /// Disability (optional).
    pub disability: Option<String>,
}

/// One stage change.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StageEvent {
    /// Previous stage (none for the first).
    pub from_stage: Option<Stage>,
    /// New stage.
    pub to_stage: Stage,
    /// Why.
    pub remark: Option<String>,
    /// When (UTC).
    pub at: String,
    /// By whom.
    pub by: Option<String>,
}

/// A court hearing.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hearing {
    /// Id.
    pub id: i64,
    /// Date.
    pub hearing_date: String,
    /// Court.
    pub court: String,
    /// Purpose (e.g. framing of charge, evidence).
    pub purpose: Option<String>,
    /// What happened, once recorded.
    pub outcome: Option<hifazat_domain::trial::HearingOutcome>,
    /// Why it was adjourned.
    pub adjournment_reason: Option<hifazat_domain::trial::AdjournmentReason>,
    /// At whose request it was adjourned.
    pub adjourned_by: Option<hifazat_domain::trial::AdjournedBy>,
    /// The note with the outcome (which witness, what evidence).
    pub outcome_note: Option<String>,
}

/// A hearing to record.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewHearing {
    /// Date (`YYYY-MM-DD`).
    pub hearing_date: chrono::NaiveDate,
    /// Court.
    pub court: String,
    /// Purpose.
    pub purpose: Option<String>,
}

/// A staff member named on a case.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Officer {
    /// Login name.
    pub username: String,
    /// Name.
    pub display_name: String,
}

/// Who works a case: its investigating officer and its supervising officer, by login name
/// (empty or absent: nobody), with the reason for a change.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct Assignment {
    /// The investigating officer's login name.
    pub investigating_officer: Option<String>,
    /// The supervising officer's login name.
    pub supervisor: Option<String>,
    /// Why (required when someone is replaced).
    pub reason: Option<String>,
}

/// A case with everything on its page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseDetail {
    /// The list fields.
    #[serde(flatten)]
    pub case: CaseSummary,
    /// Legal elements.
    pub elements: LegalElements,
    /// Offence codes.
    pub offences: Vec<String>,
    /// Forms of exploitation.
    pub exploitation: Vec<String>,
    /// District of origin.
    pub origin_district: Option<String>,
    /// Transit points.
    pub transit_points: Vec<String>,
    /// Exit point.
    pub exit_point: Option<String>,
    /// Destination countries.
    pub destination_countries: Vec<String>,
    /// Summary of the allegation.
    pub summary: Option<String>,
    /// Persons, in the order added.
    pub persons: Vec<CasePerson>,
    /// Stage history, oldest first.
    pub events: Vec<StageEvent>,
    /// Hearings, by date.
    pub hearings: Vec<Hearing>,
    /// Stages the case may move to next.
    pub allowed_next: Vec<Stage>,
    /// The investigating officer.
    pub investigating_officer: Option<Officer>,
    /// The supervising officer.
    pub supervisor: Option<Officer>,
    /// Amendments of the classification, oldest first.
    pub amendments: Vec<Amendment>,
    /// How the case came in.
    pub reported_via: Option<hifazat_domain::case::ReportedVia>,
    /// Read through a transfer (it left the reader's jurisdiction, or is offered to it): the
    /// reader cannot change it.
    pub read_only: bool,
    /// When it left the reader's jurisdiction (UTC timestamp): persons, events, hearings and
    /// amendments after that are not shown to them.
    pub left_at: Option<String>,
    /// Its transfers, oldest first.
    pub transfers: Vec<crate::cases::transfers::Transfer>,
    /// Documents attached, oldest first (none for a reader through a transfer).
    pub documents: Vec<crate::cases::documents::Document>,
}

/// One amendment of a case's classification, as the history shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Amendment {
    /// When (UTC timestamp).
    pub at: String,
    /// Who (login name).
    pub by: Option<String>,
    /// Why.
    pub reason: String,
    /// What changed, field by field.
    pub changes: Vec<hifazat_domain::case::Change>,
}
