//! Victim protection and referral: identification, consent, services, referrals and their
//! statuses, shelter stays and follow-ups. The rules here are pure; the store enforces them.

use crate::code_list;
use crate::validation::{clean, FieldErrors};
use chrono::NaiveDate;
use serde::Deserialize;

code_list! {
    /// The outcome of screening a person for trafficking indicators.
    IdentificationResult {
        Possible = "possible": "Possible victim",
        Presumed = "presumed": "Presumed victim",
        Confirmed = "confirmed": "Confirmed victim",
        NotAVictim = "not_a_victim": "Not a victim",
    }
}

code_list! {
    /// What a victim consents to; each purpose is recorded (and withdrawn) on its own.
    ConsentPurpose {
        RegisterCase = "register_case": "Register a case",
        ReferServices = "refer_services": "Referral to services",
        ShareAgency = "share_agency": "Sharing with another agency",
        ContactLater = "contact_later": "Being contacted later",
    }
}

code_list! {
    /// How consent was given.
    ConsentMethod {
        Written = "written": "Written, signed",
        Thumbprint = "thumbprint": "Thumbprint",
        OralWitnessed = "oral_witnessed": "Oral, witnessed",
        Guardian = "guardian": "By guardian (child)",
    }
}

code_list! {
    /// Services a victim can be referred to.
    Service {
        Shelter = "shelter": "Shelter (Darul Aman)",
        Medical = "medical": "Medical care",
        Psychosocial = "psychosocial": "Psychosocial support",
        LegalAid = "legal_aid": "Legal aid",
        Vocational = "vocational": "Vocational training",
        Repatriation = "repatriation": "Repatriation",
        ChildProtection = "child_protection": "Child protection",
        FamilyTracing = "family_tracing": "Family tracing and reunification",
    }
}

code_list! {
    /// Who a provider accepts.
    Group {
        Women = "women": "Women",
        Men = "men": "Men",
        Children = "children": "Children",
        Transgender = "transgender": "Transgender persons",
    }
}

code_list! {
    /// How fast a referral needs an answer.
    Urgency {
        Emergency = "emergency": "Emergency (answer within 4 hours)",
        Urgent = "urgent": "Urgent (within 24 hours)",
        Routine = "routine": "Routine (within 72 hours)",
    }
}

impl Urgency {
    /// Hours within which the receiving side should accept or decline.
    pub fn answer_hours(self) -> i64 {
        match self {
            Urgency::Emergency => 4,
            Urgency::Urgent => 24,
            Urgency::Routine => 72,
        }
    }
}

code_list! {
    /// Where a referral stands.
    ReferralStatus {
        Sent = "sent": "Sent, awaiting answer",
        Accepted = "accepted": "Accepted",
        Declined = "declined": "Declined",
        InService = "in_service": "Services being delivered",
        Closed = "closed": "Closed",
    }
}

impl ReferralStatus {
    /// Statuses that may follow this one. Declined and closed referrals are final: a new
    /// referral follows them instead.
    pub fn next(self) -> &'static [ReferralStatus] {
        use ReferralStatus::*;
        match self {
            // The sender may withdraw a referral that has had no answer.
            Sent => &[Accepted, Declined, Closed],
            Accepted => &[InService, Closed],
            InService => &[Closed],
            Declined | Closed => &[],
        }
    }

    /// True when the referral can no longer change.
    pub fn is_final(self) -> bool {
        self.next().is_empty()
    }
}

code_list! {
    /// Where a shelter stay ends.
    DischargeTo {
        Family = "family": "Return to family",
        IndependentLiving = "independent_living": "Independent living",
        OtherProvider = "other_provider": "Another provider",
        Repatriation = "repatriation": "Repatriation",
        LeftOwnChoice = "left_own_choice": "Left by own choice",
    }
}

code_list! {
    /// How a follow-up found the person.
    FollowUpOutcome {
        Reintegrated = "reintegrated": "Reintegrated, doing well",
        NeedsSupport = "needs_support": "Needs further support",
        AtRisk = "at_risk": "At risk",
        LostContact = "lost_contact": "Contact lost",
        Retrafficked = "retrafficked": "Re-trafficked",
    }
}

/// Trafficking indicators on the identification checklist (HTCDS methods of control and the
/// common signs of forced labour).
pub const SCREENING_INDICATORS: &[(&str, &str)] = &[
    ("restricted_movement", "Movement restricted or confined"),
    ("withholds_documents", "Identity documents withheld"),
    ("debt_bondage", "Debt bondage or an advance to repay"),
    ("physical_threats", "Threats against the person"),
    ("threatens_family", "Threats against children or family"),
    (
        "threats_law_enforcement",
        "Threatened with police or deportation",
    ),
    ("false_promises", "Deceived about the job or conditions"),
    ("excessive_hours", "Excessive working hours"),
    ("takes_earnings", "No pay, or earnings taken"),
    ("physical_abuse", "Physical abuse"),
    ("sexual_abuse", "Sexual abuse"),
    ("psychological_abuse", "Psychological abuse"),
    (
        "withholds_necessities",
        "Food, sleep or medical care withheld",
    ),
    ("psychoactive_substance", "Made to take drugs or alcohol"),
    ("isolation", "Isolated, cannot contact family"),
];

/// The label of a screening indicator.
pub fn indicator_label(code: &str) -> Option<&'static str> {
    SCREENING_INDICATORS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
}

/// A presumed victim as recorded at identification.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewIdentification {
    /// A victim already in a case (their id in the case), or none for a victim found
    /// outside a case.
    pub case_person_id: Option<i64>,
    /// For a victim outside a case: the person (validated as any person, role `victim`).
    pub person: Option<crate::NewPerson>,
    /// District where the victim was identified (code).
    pub district: String,
    /// Indicators observed (codes from the checklist).
    #[serde(default)]
    pub indicators: Vec<String>,
    /// The result.
    pub result: IdentificationResult,
    /// Where and how the person was found (no names of others).
    pub circumstances: Option<String>,
    /// Date of identification; today when absent.
    pub identified_on: Option<NaiveDate>,
}

impl NewIdentification {
    /// Checks the checklist and the link to a case or a person.
    pub fn validate(mut self, today: NaiveDate) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        if self.case_person_id.is_some() == self.person.is_some() {
            e.add(
                "person",
                "Choose a victim in a case, or enter the person found outside a case",
            );
        }
        if crate::reference::district_by_code(&self.district).is_none() {
            e.add("district", "Choose a district");
        }
        for i in &self.indicators {
            if indicator_label(i).is_none() {
                e.add("indicators", "Choose indicators from the checklist");
            }
        }
        self.indicators.sort();
        self.indicators.dedup();
        if matches!(
            self.result,
            IdentificationResult::Presumed | IdentificationResult::Confirmed
        ) && self.indicators.is_empty()
        {
            e.add("indicators", "Tick the indicators that support the result");
        }
        if self.identified_on.is_some_and(|d| d > today) {
            e.add(
                "identified_on",
                "The date of identification must be today or in the past",
            );
        }
        self.circumstances = clean(self.circumstances.as_deref());
        if let Some(p) = self.person.take() {
            let mut p = p;
            p.role = crate::PersonRole::Victim;
            match p.validate(today) {
                Ok(p) => self.person = Some(p),
                Err(pe) => {
                    for (f, ms) in pe.0 {
                        for m in ms {
                            e.add(format!("person.{f}"), m);
                        }
                    }
                }
            }
        }
        e.into_result(self)
    }
}

/// Consent as recorded.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewConsent {
    /// What it is for.
    pub purpose: ConsentPurpose,
    /// How it was given.
    pub method: ConsentMethod,
    /// Date given; today when absent.
    pub given_on: Option<NaiveDate>,
    /// The guardian who consented for a child.
    pub guardian_name: Option<String>,
    /// The guardian's relation to the child.
    pub guardian_relation: Option<String>,
}

impl NewConsent {
    /// A child's consent is given with a guardian.
    pub fn validate(mut self, is_child: bool, today: NaiveDate) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        self.guardian_name = clean(self.guardian_name.as_deref());
        self.guardian_relation = clean(self.guardian_relation.as_deref());
        if is_child && self.guardian_name.is_none() {
            e.add(
                "guardian_name",
                "Enter the guardian's name: a child consents with a guardian",
            );
        }
        if self.method == ConsentMethod::Guardian && self.guardian_name.is_none() {
            e.add("guardian_name", "Enter the guardian's name");
        }
        if self.given_on.is_some_and(|d| d > today) {
            e.add(
                "given_on",
                "The date consent was given must be today or in the past",
            );
        }
        e.into_result(self)
    }
}

/// A referral as submitted.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewReferral {
    /// The victim's protection record.
    pub victim_id: i64,
    /// The provider (agency id).
    pub provider_id: i64,
    /// Services asked for.
    pub services: Vec<Service>,
    /// Urgency.
    pub urgency: Urgency,
    /// Needs, in words the provider needs (no case file, no names of others).
    pub needs: Option<String>,
    /// How to reach the victim (through the referring officer, at the shelter…).
    pub contact_arrangements: Option<String>,
    /// Without consent: the reason for the override (needs an authorised role).
    pub consent_override_reason: Option<String>,
}

impl NewReferral {
    /// Checks the fields that do not need the database.
    pub fn validate(mut self) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        self.services.sort();
        self.services.dedup();
        if self.services.is_empty() {
            e.add("services", "Choose at least one service");
        }
        self.needs = clean(self.needs.as_deref());
        self.contact_arrangements = clean(self.contact_arrangements.as_deref());
        self.consent_override_reason = clean(self.consent_override_reason.as_deref());
        if self
            .needs
            .as_ref()
            .is_some_and(|n| n.chars().count() > 2000)
        {
            e.add("needs", "Enter the needs in 2,000 characters or fewer");
        }
        e.into_result(self)
    }
}

/// The receiving side's answer or progress on a referral.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ReferralUpdate {
    /// The new status.
    pub status: ReferralStatus,
    /// Why (required to decline).
    pub reason: Option<String>,
}

/// Checks a referral's change of status.
pub fn check_referral_update(
    from: ReferralStatus,
    u: &ReferralUpdate,
) -> Result<Option<String>, FieldErrors> {
    let mut e = FieldErrors::new();
    let reason = clean(u.reason.as_deref());
    if from.is_final() {
        e.add(
            "status",
            "This referral is declined or closed and cannot change: make a new referral instead",
        );
    } else if !from.next().contains(&u.status) {
        e.add(
            "status",
            "This referral cannot move to that status from where it stands",
        );
    }
    if u.status == ReferralStatus::Declined && reason.is_none() {
        e.add("reason", "Enter why the referral is declined");
    }
    e.into_result(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declined_and_closed_referrals_are_final_and_declining_needs_a_reason() {
        let up = |status, reason: Option<&str>| ReferralUpdate {
            status,
            reason: reason.map(Into::into),
        };
        assert!(
            check_referral_update(ReferralStatus::Sent, &up(ReferralStatus::Declined, None))
                .is_err()
        );
        assert_eq!(
            check_referral_update(
                ReferralStatus::Sent,
                &up(ReferralStatus::Declined, Some("full"))
            )
            .unwrap()
            .as_deref(),
            Some("full")
        );
        assert!(check_referral_update(
            ReferralStatus::Closed,
            &up(ReferralStatus::InService, None)
        )
        .is_err());
        assert!(check_referral_update(
            ReferralStatus::Declined,
            &up(ReferralStatus::Accepted, None)
        )
        .is_err());
        assert!(
            check_referral_update(ReferralStatus::Sent, &up(ReferralStatus::InService, None))
                .is_err()
        );
        // The sender may withdraw a referral that has had no answer.
        assert!(
            check_referral_update(ReferralStatus::Sent, &up(ReferralStatus::Closed, None)).is_ok()
        );
        assert!(check_referral_update(
            ReferralStatus::Accepted,
            &up(ReferralStatus::InService, None)
        )
        .is_ok());
    }

    #[test]
    fn a_childs_consent_needs_a_guardian() {
        let c = NewConsent {
            purpose: ConsentPurpose::ReferServices,
            method: ConsentMethod::OralWitnessed,
            given_on: None,
            guardian_name: None,
            guardian_relation: None,
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(c.clone().validate(false, today).is_ok());
        assert!(c
            .validate(true, today)
            .unwrap_err()
            .first("guardian_name")
            .is_some());
    }

    #[test]
    fn presumed_victims_need_indicators() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let i = NewIdentification {
            case_person_id: Some(1),
            person: None,
            district: "LHR".into(),
            indicators: vec![],
            result: IdentificationResult::Presumed,
            circumstances: None,
            identified_on: None,
        };
        assert!(i
            .clone()
            .validate(today)
            .unwrap_err()
            .first("indicators")
            .is_some());
        let mut ok = i.clone();
        ok.indicators = vec!["debt_bondage".into(), "debt_bondage".into()];
        assert_eq!(ok.validate(today).unwrap().indicators, vec!["debt_bondage"]);
        let mut bad = i;
        bad.case_person_id = None;
        assert!(bad.validate(today).unwrap_err().first("person").is_some());
    }
}
