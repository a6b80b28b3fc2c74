//! Victims and witnesses at trial: how they testified, the protection measures asked of the
//! court and its decisions, threats and pressure reported (an alert to the supervisor and the
//! protection officer), and a victim's consent to the case being registered. Code lists and
//! the checks of what is submitted; the store enforces who and where.

use crate::code_list;
use crate::validation::{clean, FieldErrors};
use chrono::NaiveDate;
use serde::Deserialize;

code_list! {
    /// How a victim or witness gave evidence.
    TestimonyMode {
        OpenCourt = "open_court": "In open court",
        InCamera = "in_camera": "In camera",
        VideoLink = "video_link": "By video link",
        Screened = "screened": "Behind a screen",
    }
}

code_list! {
    /// A measure that protects a victim or witness.
    MeasureKind {
        IdentityWithheld = "identity_withheld": "Identity withheld",
        InCamera = "in_camera": "Hearing in camera",
        VideoLink = "video_link": "Evidence by video link",
        Screen = "screen": "Screen in court",
        PoliceProtection = "police_protection": "Police protection",
        SafeHouse = "safe_house": "Safe house",
        Relocation = "relocation": "Relocation",
        Other = "other": "Other",
    }
}

code_list! {
    /// Who asked for a protection measure.
    MeasureRequester {
        Prosecution = "prosecution": "The prosecution",
        Victim = "victim": "The victim or witness",
        ProtectionOfficer = "protection_officer": "The protection officer",
        Court = "court": "The court of its own motion",
    }
}

code_list! {
    /// Where a protection measure stands.
    MeasureStatus {
        Requested = "requested": "Requested",
        Granted = "granted": "Granted",
        Refused = "refused": "Refused",
    }
}

code_list! {
    /// The court's decision on a protection measure.
    MeasureOutcome {
        Granted = "granted": "Granted",
        Refused = "refused": "Refused",
    }
}

code_list! {
    /// What was reported.
    ThreatKind {
        Threat = "threat": "Threat",
        PressureToSettle = "pressure_to_settle": "Pressure to settle or withdraw",
        Inducement = "inducement": "Inducement (money or favours)",
        Violence = "violence": "Violence",
        Other = "other": "Other",
    }
}

code_list! {
    /// Who threatened or pressed.
    ThreatSource {
        Accused = "accused": "The accused",
        AccusedFamily = "accused_family": "The accused's family",
        Agent = "agent": "An agent or associate",
        Unknown = "unknown": "Unknown",
        Other = "other": "Other",
    }
}

code_list! {
    /// Whether a threat report still waits for the supervisor or protection officer.
    ThreatStatus {
        Open = "open": "Open",
        Acknowledged = "acknowledged": "Acknowledged",
    }
}

code_list! {
    /// A victim's answer when asked to consent to the case being registered (some sources
    /// require it: the government booklet says victims' consent is needed to register a case).
    RegistrationConsent {
        Given = "given": "Consent given",
        Refused = "refused": "Consent refused",
        NotAsked = "not_asked": "Not asked yet",
    }
}

/// The longest remark, description or action taken accepted.
pub const MAX_TEXT: usize = 2000;

fn not_future(e: &mut FieldErrors, field: &str, d: NaiveDate, today: NaiveDate, msg: &str) {
    if d > today {
        e.add(field, msg);
    }
}

fn short(e: &mut FieldErrors, field: &str, text: &Option<String>, msg: &str) {
    if text.as_ref().is_some_and(|t| t.chars().count() > MAX_TEXT) {
        e.add(field, msg);
    }
}

/// A testimony given at trial.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewTestimony {
    /// The victim or witness (their id in the case, `case_persons`).
    pub case_person_id: i64,
    /// The day they gave evidence.
    pub testified_on: NaiveDate,
    /// How.
    pub mode: TestimonyMode,
    /// Remark (at most 2,000 characters).
    #[serde(default)]
    pub remark: Option<String>,
}

impl NewTestimony {
    /// Checks the date and the remark's length; trims the remark.
    pub fn validate(mut self, today: NaiveDate) -> Result<NewTestimony, FieldErrors> {
        let mut e = FieldErrors::new();
        self.remark = clean(self.remark.as_deref());
        not_future(
            &mut e,
            "testified_on",
            self.testified_on,
            today,
            "Enter a date of testimony that is not in the future",
        );
        short(
            &mut e,
            "remark",
            &self.remark,
            "Keep the remark under 2,000 characters",
        );
        e.into_result(self)
    }
}

/// A protection measure asked of the court.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewMeasure {
    /// The victim or witness it protects (`case_persons` id).
    pub case_person_id: i64,
    /// What is asked for.
    pub measure: MeasureKind,
    /// The day it was asked for.
    pub requested_on: NaiveDate,
    /// Who asked.
    pub requested_by: MeasureRequester,
}

impl NewMeasure {
    /// Checks the date.
    pub fn validate(self, today: NaiveDate) -> Result<NewMeasure, FieldErrors> {
        let mut e = FieldErrors::new();
        not_future(
            &mut e,
            "requested_on",
            self.requested_on,
            today,
            "Enter a request date that is not in the future",
        );
        e.into_result(self)
    }
}

/// The court's decision on a protection measure.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct MeasureDecision {
    /// Granted or refused.
    pub outcome: MeasureOutcome,
    /// The day the court decided.
    pub decided_on: NaiveDate,
    /// The court's reasons or conditions (required when refused; at most 2,000 characters).
    #[serde(default)]
    pub remark: Option<String>,
}

impl MeasureDecision {
    /// Checks the date (not in the future, not before the request) and the remark.
    pub fn validate(
        mut self,
        requested_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<MeasureDecision, FieldErrors> {
        let mut e = FieldErrors::new();
        self.remark = clean(self.remark.as_deref());
        not_future(
            &mut e,
            "decided_on",
            self.decided_on,
            today,
            "Enter a decision date that is not in the future",
        );
        if self.decided_on < requested_on {
            e.add(
                "decided_on",
                "Enter a decision date on or after the day the measure was requested",
            );
        }
        if self.outcome == MeasureOutcome::Refused && self.remark.is_none() {
            e.add("remark", "Enter why the court refused the measure");
        }
        short(
            &mut e,
            "remark",
            &self.remark,
            "Keep the remark under 2,000 characters",
        );
        e.into_result(self)
    }
}

/// A threat or pressure reported by (or about) a victim or witness.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewThreat {
    /// The victim or witness threatened (`case_persons` id).
    pub case_person_id: i64,
    /// What happened.
    pub kind: ThreatKind,
    /// From whom.
    pub from_whom: ThreatSource,
    /// The day it was reported.
    pub reported_on: NaiveDate,
    /// What happened, in words (sealed at rest; at most 2,000 characters).
    pub description: String,
}

impl NewThreat {
    /// Checks the date and the description; trims it.
    pub fn validate(mut self, today: NaiveDate) -> Result<NewThreat, FieldErrors> {
        let mut e = FieldErrors::new();
        self.description = self.description.trim().to_owned();
        not_future(
            &mut e,
            "reported_on",
            self.reported_on,
            today,
            "Enter a report date that is not in the future",
        );
        if self.description.is_empty() {
            e.add("description", "Enter what happened");
        } else if self.description.chars().count() > MAX_TEXT {
            e.add("description", "Keep the description under 2,000 characters");
        }
        e.into_result(self)
    }
}

/// The supervisor's or protection officer's acknowledgement of a threat report.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ThreatAcknowledgement {
    /// What was done (required; at most 2,000 characters).
    pub action_taken: String,
}

impl ThreatAcknowledgement {
    /// Checks and trims the action taken.
    pub fn validate(mut self) -> Result<ThreatAcknowledgement, FieldErrors> {
        let mut e = FieldErrors::new();
        self.action_taken = self.action_taken.trim().to_owned();
        if self.action_taken.is_empty() {
            e.add("action_taken", "Enter the action taken");
        } else if self.action_taken.chars().count() > MAX_TEXT {
            e.add(
                "action_taken",
                "Keep the action taken under 2,000 characters",
            );
        }
        e.into_result(self)
    }
}

/// A victim's consent to the case being registered, as recorded.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ConsentUpdate {
    /// Given, refused or not asked yet.
    pub consent: RegistrationConsent,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, d).unwrap()
    }

    #[test]
    fn dates_in_the_future_and_empty_texts_are_refused() {
        let t = NewTestimony {
            case_person_id: 1,
            testified_on: day(11),
            mode: TestimonyMode::InCamera,
            remark: Some("  ".into()),
        };
        assert!(t.clone().validate(day(10)).is_err());
        assert_eq!(t.validate(day(11)).unwrap().remark, None);
        let threat = NewThreat {
            case_person_id: 1,
            kind: ThreatKind::Threat,
            from_whom: ThreatSource::AccusedFamily,
            reported_on: day(1),
            description: " ".into(),
        };
        let e = threat.validate(day(2)).unwrap_err();
        assert_eq!(e.first("description"), Some("Enter what happened"));
        let e = ThreatAcknowledgement {
            action_taken: "".into(),
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.first("action_taken"), Some("Enter the action taken"));
    }

    #[test]
    fn a_refusal_needs_its_reason_and_a_decision_follows_its_request() {
        let d = MeasureDecision {
            outcome: MeasureOutcome::Refused,
            decided_on: day(3),
            remark: None,
        };
        let e = d.clone().validate(day(4), day(10)).unwrap_err();
        assert!(e.first("remark").is_some() && e.first("decided_on").is_some());
        let granted = MeasureDecision {
            outcome: MeasureOutcome::Granted,
            ..d
        };
        assert!(granted.validate(day(3), day(10)).is_ok());
    }
}
