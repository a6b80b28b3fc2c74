//! The front door (issue 11): reports from the public portal and calls and messages to the
//! helpline land in one queue per district, where a supervisor triages each one (possible
//! trafficking, possible smuggling, a labour complaint, not trafficking, a duplicate), links it
//! to a case or person, opens an inquiry from it, or routes it to another district. An item in
//! immediate danger is escalated to the district's duty officer the moment it is received; each
//! urgency has a time within which someone must act, after which the item shows as overdue.
//!
//! Code lists, the checks of what is submitted, and the response-time rule. The store keeps
//! who may read what; the web layer adds the portal's own checks (rate limits, the question).

use crate::code_list;
use crate::protection::indicator_label;
use crate::reference;
use crate::validation::{clean, FieldErrors};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

code_list! {
    /// Where an item came from.
    IntakeSource {
        Public = "public": "Public report (online)",
        Helpline = "helpline": "Helpline",
    }
}

code_list! {
    /// How it reached us.
    Channel {
        Web = "web": "Online form",
        Call = "call": "Phone call",
        Sms = "sms": "Text message",
        WhatsApp = "whatsapp": "WhatsApp",
        Email = "email": "Email",
        WalkIn = "walk_in": "In person",
    }
}

code_list! {
    /// The language the caller or reporter used.
    IntakeLanguage {
        Urdu = "urdu": "Urdu",
        English = "english": "English",
        Punjabi = "punjabi": "Punjabi",
        Sindhi = "sindhi": "Sindhi",
        Pashto = "pashto": "Pashto",
        Balochi = "balochi": "Balochi",
        Saraiki = "saraiki": "Saraiki",
        Other = "other": "Other",
    }
}

code_list! {
    /// Who called or wrote.
    CallerKind {
        Victim = "victim": "The victim",
        Family = "family": "Family of the victim",
        Witness = "witness": "A witness",
        Other = "other": "Someone else",
        Anonymous = "anonymous": "Anonymous",
    }
}

code_list! {
    /// How fast someone must act on an item.
    IntakeUrgency {
        Immediate = "immediate": "Immediate danger (act within 1 hour)",
        Urgent = "urgent": "Urgent (within 24 hours)",
        Routine = "routine": "Routine (within 72 hours)",
    }
}

impl IntakeUrgency {
    /// Hours within which the first action must be taken (triage, or the duty officer's
    /// acknowledgement of an escalation).
    pub fn limit_hours(self) -> i64 {
        match self {
            IntakeUrgency::Immediate => 1,
            IntakeUrgency::Urgent => 24,
            IntakeUrgency::Routine => 72,
        }
    }

    /// When the first action is due for an item received at `received`.
    pub fn due(self, received: DateTime<Utc>) -> DateTime<Utc> {
        received + Duration::hours(self.limit_hours())
    }
}

code_list! {
    /// What triage found.
    Classification {
        PossibleTip = "possible_tip": "Possible trafficking in persons",
        PossibleSom = "possible_som": "Possible smuggling of migrants",
        LabourComplaint = "labour_complaint": "Labour complaint",
        NotTrafficking = "not_trafficking": "Not trafficking or smuggling",
        Duplicate = "duplicate": "Duplicate of another report",
    }
}

code_list! {
    /// Where an item stands.
    IntakeStatus {
        New = "new": "Awaiting triage",
        Triaged = "triaged": "Triaged",
    }
}

code_list! {
    /// What triage did with an item.
    TriageAction {
        LinkCase = "link_case": "Linked to a case",
        LinkPerson = "link_person": "Linked to a person",
        OpenInquiry = "open_inquiry": "Inquiry opened",
        Route = "route": "Routed to another district",
        Close = "close": "Closed",
    }
}

/// The most characters of a description.
pub const MAX_TEXT: usize = 4000;
/// The most characters of a name or a note.
pub const MAX_SHORT: usize = 200;

fn text(e: &mut FieldErrors, field: &str, s: Option<&str>, missing: &str) -> Option<String> {
    let v = clean(s);
    match &v {
        None => e.add(field, missing),
        Some(t) if t.chars().count() > MAX_TEXT => e.add(field, "Keep it under 4,000 characters"),
        _ => {}
    }
    v
}

fn short(e: &mut FieldErrors, field: &str, s: Option<&str>) -> Option<String> {
    let v = clean(s);
    if v.as_ref().is_some_and(|t| t.chars().count() > MAX_SHORT) {
        e.add(field, "Keep it under 200 characters");
    }
    v
}

/// A phone number as typed: digits, spaces, `+` and `-` only, 7 to 15 digits.
fn phone(e: &mut FieldErrors, field: &str, s: Option<&str>) -> Option<String> {
    let v = clean(s)?;
    let digits = v.chars().filter(|c| c.is_ascii_digit()).count();
    if !v
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-'))
        || !(7..=15).contains(&digits)
    {
        e.add(
            field,
            "Enter a phone number, like 0300 1234567 or +92 300 1234567",
        );
    }
    Some(v)
}

fn indicators(e: &mut FieldErrors, list: &mut Vec<String>) {
    if list.iter().any(|i| indicator_label(i).is_none()) {
        e.add("indicators", "Choose signs from the list");
    }
    list.sort();
    list.dedup();
}

/// A district code, when given: it must be one of Pakistan's districts.
fn district(e: &mut FieldErrors, s: Option<&str>) -> Option<String> {
    let code = clean(s)?.to_ascii_uppercase();
    if reference::district_by_code(&code).is_none() {
        e.add("district", "Choose a district from the list");
    }
    Some(code)
}

/// A report from the public portal, as submitted (no sign-in).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct NewPublicReport {
    /// What happened, in the reporter's words.
    pub what_happened: Option<String>,
    /// The district where it happens (code), when the reporter knows it.
    pub district: Option<String>,
    /// Someone is in danger right now.
    #[serde(default)]
    pub in_danger: bool,
    /// Signs seen (codes of the identification checklist).
    #[serde(default)]
    pub indicators: Vec<String>,
    /// The reporter's name (optional: reports may be anonymous).
    pub name: Option<String>,
    /// A phone number to call back on.
    pub phone: Option<String>,
    /// The reporter agrees to be called back on that number.
    #[serde(default)]
    pub callback: bool,
    /// The reporter asks to speak with a woman officer.
    #[serde(default)]
    pub woman_officer: bool,
    /// The language of the report (`urdu` or `english`, the portal's languages).
    pub language: Option<IntakeLanguage>,
}

impl NewPublicReport {
    /// Checks the report: what happened is needed; a call back needs a number.
    pub fn validate(mut self) -> Result<NewPublicReport, FieldErrors> {
        let mut e = FieldErrors::new();
        self.what_happened = text(
            &mut e,
            "what_happened",
            self.what_happened.as_deref(),
            "Enter what happened",
        );
        self.district = district(&mut e, self.district.as_deref());
        self.name = short(&mut e, "name", self.name.as_deref());
        self.phone = phone(&mut e, "phone", self.phone.as_deref());
        if self.callback && self.phone.is_none() {
            e.add("phone", "Enter a phone number to be called back on");
        }
        indicators(&mut e, &mut self.indicators);
        e.into_result(self)
    }

    /// The urgency: immediate when someone is in danger now, else routine (triage may change
    /// it).
    pub fn urgency(&self) -> IntakeUrgency {
        if self.in_danger {
            IntakeUrgency::Immediate
        } else {
            IntakeUrgency::Routine
        }
    }

    /// True when the reporter left no way to reach them.
    pub fn anonymous(&self) -> bool {
        self.name.is_none() && self.phone.is_none()
    }
}

/// A call or message to the helpline, as the operator records it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewHelplineRecord {
    /// How it came in.
    pub channel: Channel,
    /// The language spoken.
    pub language: IntakeLanguage,
    /// Who called.
    pub caller_kind: CallerKind,
    /// The caller agrees to be contacted again.
    #[serde(default)]
    pub contact_consent: bool,
    /// The caller's name, when given.
    pub caller_name: Option<String>,
    /// A number to reach them on.
    pub caller_phone: Option<String>,
    /// The situation, in the operator's words (personal data: sealed, audited when shown).
    pub situation: Option<String>,
    /// Signs of trafficking heard (codes of the identification checklist).
    #[serde(default)]
    pub indicators: Vec<String>,
    /// The district where it happens (code), when known.
    pub district: Option<String>,
    /// How fast someone must act.
    pub urgency: IntakeUrgency,
    /// The caller asked for a woman officer.
    #[serde(default)]
    pub woman_officer: bool,
}

impl NewHelplineRecord {
    /// Checks the record: the situation is needed; immediate danger needs the district (the
    /// duty officer is the district's); consent to contact needs a number.
    pub fn validate(mut self) -> Result<NewHelplineRecord, FieldErrors> {
        let mut e = FieldErrors::new();
        self.situation = text(
            &mut e,
            "situation",
            self.situation.as_deref(),
            "Enter the situation",
        );
        self.district = district(&mut e, self.district.as_deref());
        if self.district.is_none() && self.urgency == IntakeUrgency::Immediate {
            e.add(
                "district",
                "Choose the district: immediate danger goes to its duty officer",
            );
        }
        self.caller_name = short(&mut e, "caller_name", self.caller_name.as_deref());
        self.caller_phone = phone(&mut e, "caller_phone", self.caller_phone.as_deref());
        if self.contact_consent && self.caller_phone.is_none() {
            e.add(
                "caller_phone",
                "Enter the number the caller agreed to be contacted on",
            );
        }
        if self.caller_kind == CallerKind::Anonymous
            && (self.caller_name.is_some() || self.caller_phone.is_some())
        {
            e.add(
                "caller_kind",
                "An anonymous caller has no name or number: choose who called",
            );
        }
        indicators(&mut e, &mut self.indicators);
        e.into_result(self)
    }
}

/// A supervisor's triage of an item.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Triage {
    /// What the item is.
    pub classification: Classification,
    /// What is done with it (an inquiry is opened with [`Triage`] through the case form).
    pub action: TriageAction,
    /// The report this one repeats (its reference), for a duplicate.
    pub duplicate_of: Option<String>,
    /// The case to link (its reference), for "link to a case".
    pub case_reference: Option<String>,
    /// The person record to link (its uid), for "link to a person".
    pub person_uid: Option<String>,
    /// The district to route to (code), for "route".
    pub route_to: Option<String>,
    /// The urgency, when triage changes it.
    pub urgency: Option<IntakeUrgency>,
    /// A note (what was done, where it was sent).
    pub note: Option<String>,
}

impl Triage {
    /// Checks that each action has what it needs, and that a classification fits the action.
    pub fn validate(mut self) -> Result<Triage, FieldErrors> {
        let mut e = FieldErrors::new();
        self.duplicate_of = clean(self.duplicate_of.as_deref()).map(|s| s.to_ascii_uppercase());
        self.case_reference = clean(self.case_reference.as_deref());
        self.person_uid = clean(self.person_uid.as_deref());
        self.note = clean(self.note.as_deref());
        if self.note.as_ref().is_some_and(|n| n.chars().count() > 2000) {
            e.add("note", "Keep the note under 2,000 characters");
        }
        self.route_to = clean(self.route_to.as_deref()).map(|s| s.to_ascii_uppercase());
        if self.classification == Classification::Duplicate && self.duplicate_of.is_none() {
            e.add(
                "duplicate_of",
                "Enter the reference of the report it repeats",
            );
        }
        match self.action {
            TriageAction::LinkCase if self.case_reference.is_none() => {
                e.add("case_reference", "Enter the case reference")
            }
            TriageAction::LinkPerson if self.person_uid.is_none() => {
                e.add("person_uid", "Enter the person record's number")
            }
            TriageAction::Route => match self.route_to.as_deref() {
                None => e.add("route_to", "Choose the district to route it to"),
                Some(d) if reference::district_by_code(d).is_none() => {
                    e.add("route_to", "Choose a district from the list")
                }
                _ => {}
            },
            TriageAction::OpenInquiry => e.add("action", "Open an inquiry with the case form"),
            _ => {}
        }
        if self.classification == Classification::NotTrafficking
            && self.action == TriageAction::LinkCase
        {
            e.add(
                "action",
                "A report that is not trafficking is closed or routed, not linked to a case",
            );
        }
        e.into_result(self)
    }
}

/// Something added to an item later: by the reporter with their secret, or by staff.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct NewAddition {
    /// The text.
    pub text: Option<String>,
}

impl NewAddition {
    /// Checks the text.
    pub fn validate(mut self) -> Result<String, FieldErrors> {
        let mut e = FieldErrors::new();
        self.text = text(
            &mut e,
            "text",
            self.text.as_deref(),
            "Enter what you want to add",
        );
        e.into_result(self.text.unwrap_or_default())
    }
}

/// The duty officer's acknowledgement of an escalated item.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct EscalationAck {
    /// What is being done.
    pub action_taken: Option<String>,
}

impl EscalationAck {
    /// Checks that the action is said.
    pub fn validate(self) -> Result<String, FieldErrors> {
        let mut e = FieldErrors::new();
        let v = text(
            &mut e,
            "action_taken",
            self.action_taken.as_deref(),
            "Enter what is being done",
        );
        e.into_result(v.unwrap_or_default())
    }
}

/// True when an item not yet acted on is overdue at `now`.
pub fn is_overdue(
    first_action: Option<DateTime<Utc>>,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    first_action.is_none() && now > due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> NewPublicReport {
        NewPublicReport {
            what_happened: Some("A girl from our street is kept in a house and not paid.".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_report_needs_what_happened_and_a_number_to_call_back() {
        let e = NewPublicReport::default().validate().unwrap_err();
        assert_eq!(e.first("what_happened"), Some("Enter what happened"));
        let mut r = report();
        r.callback = true;
        assert_eq!(
            r.validate().unwrap_err().first("phone"),
            Some("Enter a phone number to be called back on")
        );
        let mut r = report();
        r.phone = Some("0300 12x".into());
        assert!(r.validate().unwrap_err().first("phone").is_some());
        let mut r = report();
        r.phone = Some("+92 300 1234567".into());
        r.callback = true;
        r.district = Some("lhr".into());
        let ok = r.validate().unwrap();
        assert_eq!(ok.district.as_deref(), Some("LHR"));
        assert!(!ok.anonymous());
        assert!(report().validate().unwrap().anonymous());
    }

    #[test]
    fn a_report_is_bounded_and_its_district_and_signs_come_from_the_lists() {
        let mut r = report();
        r.what_happened = Some("x".repeat(MAX_TEXT + 1));
        r.district = Some("XXX".into());
        r.indicators = vec!["made_up".into()];
        let e = r.validate().unwrap_err();
        assert!(e.first("what_happened").is_some());
        assert_eq!(e.first("district"), Some("Choose a district from the list"));
        assert_eq!(e.first("indicators"), Some("Choose signs from the list"));
    }

    #[test]
    fn danger_now_is_immediate_and_due_within_the_hour() {
        let mut r = report();
        assert_eq!(r.urgency(), IntakeUrgency::Routine);
        r.in_danger = true;
        assert_eq!(r.urgency(), IntakeUrgency::Immediate);
        let t = DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let due = IntakeUrgency::Immediate.due(t);
        assert_eq!(due - t, Duration::hours(1));
        assert!(!is_overdue(None, due, t + Duration::minutes(59)));
        assert!(is_overdue(None, due, t + Duration::minutes(61)));
        assert!(!is_overdue(Some(t), due, t + Duration::hours(5)));
    }

    fn call() -> NewHelplineRecord {
        NewHelplineRecord {
            channel: Channel::Call,
            language: IntakeLanguage::Punjabi,
            caller_kind: CallerKind::Family,
            contact_consent: false,
            caller_name: None,
            caller_phone: None,
            situation: Some("Her son went to Greece through an agent; no news since.".into()),
            indicators: vec![],
            district: None,
            urgency: IntakeUrgency::Routine,
            woman_officer: false,
        }
    }

    #[test]
    fn immediate_danger_needs_a_district_and_consent_needs_a_number() {
        assert!(call().validate().is_ok());
        let mut c = call();
        c.urgency = IntakeUrgency::Immediate;
        c.contact_consent = true;
        let e = c.validate().unwrap_err();
        assert!(e.first("district").is_some());
        assert!(e.first("caller_phone").is_some());
        let mut c = call();
        c.caller_kind = CallerKind::Anonymous;
        c.caller_name = Some("Someone".into());
        assert!(c.validate().unwrap_err().first("caller_kind").is_some());
    }

    #[test]
    fn triage_needs_what_its_action_needs() {
        let t = |classification, action| Triage {
            classification,
            action,
            duplicate_of: None,
            case_reference: None,
            person_uid: None,
            route_to: None,
            urgency: None,
            note: None,
        };
        let e = t(Classification::Duplicate, TriageAction::Close)
            .validate()
            .unwrap_err();
        assert!(e.first("duplicate_of").is_some());
        let e = t(Classification::PossibleTip, TriageAction::LinkCase)
            .validate()
            .unwrap_err();
        assert!(e.first("case_reference").is_some());
        let e = t(Classification::PossibleSom, TriageAction::Route)
            .validate()
            .unwrap_err();
        assert!(e.first("route_to").is_some());
        let mut r = t(Classification::PossibleSom, TriageAction::Route);
        r.route_to = Some("grw".into());
        assert_eq!(r.validate().unwrap().route_to.as_deref(), Some("GRW"));
        let mut l = t(Classification::NotTrafficking, TriageAction::LinkCase);
        l.case_reference = Some("LHR-2026-0001".into());
        assert!(l.validate().unwrap_err().first("action").is_some());
        assert!(t(Classification::PossibleTip, TriageAction::OpenInquiry)
            .validate()
            .is_err());
        assert!(t(Classification::LabourComplaint, TriageAction::Close)
            .validate()
            .is_ok());
    }
}
