//! Prosecution and trial: the prosecution's scrutiny of a challan, the court and judge, what
//! happened at each hearing, the verdict per accused and per offence, appeals, and compensation
//! ordered to victims. The requests check themselves here; the store applies them to a case.

use crate::code_list;
use crate::validation::{clean, FieldErrors};
use chrono::NaiveDate;
use serde::Deserialize;

code_list! {
    /// The prosecution's decision on a challan.
    ScrutinyDecision {
        Accepted = "accepted": "Accepted and sent to the court",
        Returned = "returned": "Returned to the police with objections",
    }
}

code_list! {
    /// What happened at a hearing.
    HearingOutcome {
        ChargeFramed = "charge_framed": "Charge framed",
        EvidenceRecorded = "evidence_recorded": "Evidence recorded",
        WitnessAbsent = "witness_absent": "Witness absent",
        HostileWitness = "hostile_witness": "Witness turned hostile",
        ArgumentsHeard = "arguments_heard": "Final arguments heard",
        Adjourned = "adjourned": "Adjourned",
        Judgment = "judgment": "Judgment announced",
    }
}

code_list! {
    /// Why a hearing was adjourned.
    AdjournmentReason {
        DefenceCounselAbsent = "defence_counsel_absent": "Defence counsel absent",
        ProsecutionNotReady = "prosecution_not_ready": "Prosecution not ready",
        WitnessAbsent = "witness_absent": "Prosecution witness absent",
        AccusedNotProduced = "accused_not_produced": "Accused not produced from jail",
        JudgeOnLeave = "judge_on_leave": "Presiding officer on leave",
        LawyersStrike = "lawyers_strike": "Lawyers' strike",
        RecordNotReceived = "record_not_received": "Police file or record not received",
        Other = "other": "Other reason",
    }
}

code_list! {
    /// At whose request a hearing was adjourned.
    AdjournedBy {
        Court = "court": "The court, on its own",
        Defence = "defence": "The defence",
        Prosecution = "prosecution": "The prosecution",
    }
}

code_list! {
    /// A verdict on one accused for one offence.
    VerdictOutcome {
        Convicted = "convicted": "Convicted",
        Acquitted = "acquitted": "Acquitted",
    }
}

code_list! {
    /// Who filed an appeal.
    AppealFiledBy {
        Convict = "convict": "The convicted accused",
        State = "state": "The State (prosecution)",
        Complainant = "complainant": "The complainant or the victim",
    }
}

code_list! {
    /// How an appeal was decided.
    AppealOutcome {
        Dismissed = "dismissed": "Dismissed: the judgment stands",
        AcquittedOnAppeal = "acquitted_on_appeal": "Allowed: acquitted on appeal",
        ConvictedOnAppeal = "convicted_on_appeal": "Allowed: convicted on appeal",
        SentenceReduced = "sentence_reduced": "Sentence reduced",
        SentenceEnhanced = "sentence_enhanced": "Sentence enhanced",
        Retrial = "retrial": "Sent back for retrial",
        Withdrawn = "withdrawn": "Withdrawn",
    }
}

code_list! {
    /// The law under which compensation was ordered to a victim.
    CompensationLaw {
        Ptpa2018 = "ptpa_2018": "Prevention of Trafficking in Persons Act 2018",
        Pachto2002 = "pachto_2002_s6": "PACHTO 2002, section 6",
        Crpc544a = "crpc_544a": "Code of Criminal Procedure, section 544-A",
        Other = "other": "Other",
    }
}

/// The longest text kept in a remark, objection or note.
const LONG: usize = 2000;
/// The longest court or judge name.
const SHORT: usize = 200;
/// Imprisonment for life counts as 25 years (PPC s. 57); sentences for several offences may run
/// one after the other, so a single verdict stays under twice that.
pub const MAX_IMPRISONMENT_MONTHS: i64 = 600;
/// A fine or compensation above this (ten billion rupees) is a typing error.
pub const MAX_RUPEES: i64 = 10_000_000_000;

fn text(
    e: &mut FieldErrors,
    field: &str,
    v: Option<&str>,
    max: usize,
    missing: Option<&str>,
) -> Option<String> {
    let v = clean(v);
    match (&v, missing) {
        (None, Some(m)) => e.add(field, m),
        (Some(x), _) if x.chars().count() > max => e.add(
            field,
            if max == SHORT {
                "Keep it under 200 characters"
            } else {
                "Keep it under 2,000 characters"
            },
        ),
        _ => {}
    }
    v
}

fn past(e: &mut FieldErrors, field: &str, d: Option<NaiveDate>, today: NaiveDate, missing: &str) {
    match d {
        None => e.add(field, missing),
        Some(d) if d > today => e.add(field, "The date must be today or in the past"),
        Some(_) => {}
    }
}

fn rupees(e: &mut FieldErrors, field: &str, v: Option<i64>) {
    if v.is_some_and(|x| !(0..=MAX_RUPEES).contains(&x)) {
        e.add(field, "Enter an amount in rupees from 0 to 10,000,000,000");
    }
}

/// The prosecution's scrutiny of a challan.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ChallanScrutiny {
    /// Accept it for the court, or return it to the police.
    pub decision: ScrutinyDecision,
    /// The court it is sent to (required when accepted).
    pub court: Option<String>,
    /// The presiding judge, if known.
    pub judge: Option<String>,
    /// The objections (required when returned).
    pub objections: Option<String>,
}

impl ChallanScrutiny {
    /// Checks the request and returns it cleaned.
    pub fn validate(self) -> Result<ChallanScrutiny, FieldErrors> {
        let mut e = FieldErrors::new();
        let accepted = self.decision == ScrutinyDecision::Accepted;
        let court = text(
            &mut e,
            "court",
            self.court.as_deref(),
            SHORT,
            accepted.then_some("Enter the court the challan is sent to"),
        );
        let judge = text(&mut e, "judge", self.judge.as_deref(), SHORT, None);
        let objections = text(
            &mut e,
            "objections",
            self.objections.as_deref(),
            LONG,
            (!accepted).then_some("Enter the objections the police must answer"),
        );
        e.into_result(ChallanScrutiny {
            decision: self.decision,
            court: court.filter(|_| accepted),
            judge: judge.filter(|_| accepted),
            objections: objections.filter(|_| !accepted),
        })
    }
}

/// The court and judge a case is before (a case moves between courts; judges are posted away).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CourtAssignment {
    /// The court.
    #[serde(default)]
    pub court: String,
    /// The presiding judge, if known.
    pub judge: Option<String>,
}

impl CourtAssignment {
    /// Checks the request and returns the cleaned court and judge.
    pub fn validate(self) -> Result<(String, Option<String>), FieldErrors> {
        let mut e = FieldErrors::new();
        let court = text(
            &mut e,
            "court",
            Some(&self.court),
            SHORT,
            Some("Enter the court"),
        );
        let judge = text(&mut e, "judge", self.judge.as_deref(), SHORT, None);
        e.into_result((court.unwrap_or_default(), judge))
    }
}

/// What happened at a hearing, and the date it was put off to.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct HearingResult {
    /// The outcome.
    pub outcome: HearingOutcome,
    /// Why it was adjourned (required for an adjournment).
    pub adjournment_reason: Option<AdjournmentReason>,
    /// At whose request (required for an adjournment).
    pub adjourned_by: Option<AdjournedBy>,
    /// A note: which witness was absent or turned hostile (by witness number or victim code,
    /// required then), what evidence was recorded.
    pub note: Option<String>,
    /// The next hearing's date, if the court fixed one (not after a judgment).
    pub next_hearing_date: Option<NaiveDate>,
}

impl HearingResult {
    /// Checks the result of a hearing held on `held_on`.
    pub fn validate(
        mut self,
        held_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<HearingResult, FieldErrors> {
        let mut e = FieldErrors::new();
        if held_on > today {
            e.add(
                "outcome",
                "Record the outcome on or after the day of the hearing",
            );
        }
        if self.outcome == HearingOutcome::Adjourned {
            if self.adjournment_reason.is_none() {
                e.add("adjournment_reason", "Choose why the hearing was adjourned");
            }
            if self.adjourned_by.is_none() {
                e.add(
                    "adjourned_by",
                    "Choose at whose request the hearing was adjourned",
                );
            }
        } else {
            self.adjournment_reason = None;
            self.adjourned_by = None;
        }
        let witness = matches!(
            self.outcome,
            HearingOutcome::WitnessAbsent | HearingOutcome::HostileWitness
        );
        self.note = text(
            &mut e,
            "note",
            self.note.as_deref(),
            LONG,
            witness.then_some("Enter which witness, by witness number or victim code"),
        );
        match self.next_hearing_date {
            Some(_) if self.outcome == HearingOutcome::Judgment => e.add(
                "next_hearing_date",
                "A judgment ends the trial: leave the next date empty",
            ),
            Some(d) if d <= held_on => e.add(
                "next_hearing_date",
                "The next hearing must be after this one",
            ),
            Some(d) if (d - today).num_days() > 2 * 366 => e.add(
                "next_hearing_date",
                "A hearing more than two years ahead is surely a typing error",
            ),
            _ => {}
        }
        e.into_result(self)
    }
}

/// The verdict on one accused for one offence.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewVerdict {
    /// The accused (their id in the case).
    pub case_person_id: i64,
    /// The offence (a code of the case's offences, e.g. `PTPA-3`).
    #[serde(default)]
    pub offence_code: String,
    /// Convicted or acquitted.
    pub outcome: VerdictOutcome,
    /// The day of the judgment.
    pub judgment_date: Option<NaiveDate>,
    /// Imprisonment in months, for a conviction (life is 300, PPC s. 57).
    pub imprisonment_months: Option<i64>,
    /// Fine in rupees, for a conviction.
    pub fine_pkr: Option<i64>,
}

impl NewVerdict {
    /// Checks the verdict: a sentence or fine with a conviction and only then.
    pub fn validate(self, today: NaiveDate) -> Result<NewVerdict, FieldErrors> {
        let mut e = FieldErrors::new();
        if self.offence_code.trim().is_empty() {
            e.add("offence_code", "Choose the offence");
        }
        past(
            &mut e,
            "judgment_date",
            self.judgment_date,
            today,
            "Enter the date of the judgment",
        );
        match self.outcome {
            VerdictOutcome::Convicted => {
                if self.imprisonment_months.is_none() && self.fine_pkr.is_none() {
                    e.add(
                        "imprisonment_months",
                        "Enter the imprisonment, the fine or both",
                    );
                }
                if self
                    .imprisonment_months
                    .is_some_and(|m| !(1..=MAX_IMPRISONMENT_MONTHS).contains(&m))
                {
                    e.add(
                        "imprisonment_months",
                        "Enter the imprisonment in months, from 1 to 600 (life is 300)",
                    );
                }
                rupees(&mut e, "fine_pkr", self.fine_pkr);
            }
            VerdictOutcome::Acquitted => {
                if self.imprisonment_months.is_some() || self.fine_pkr.is_some() {
                    e.add(
                        "imprisonment_months",
                        "An acquittal has no sentence or fine: leave them empty",
                    );
                }
            }
        }
        e.into_result(NewVerdict {
            offence_code: self.offence_code.trim().to_owned(),
            ..self
        })
    }
}

/// An appeal against a case's judgment.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewAppeal {
    /// The accused whose verdict is appealed against (none: the judgment as a whole).
    pub case_person_id: Option<i64>,
    /// Who filed it.
    pub filed_by: AppealFiledBy,
    /// The appellate court (e.g. "Lahore High Court").
    #[serde(default)]
    pub court: String,
    /// The day it was filed.
    pub filed_on: Option<NaiveDate>,
}

impl NewAppeal {
    /// Checks the appeal and returns its cleaned court.
    pub fn validate(self, today: NaiveDate) -> Result<NewAppeal, FieldErrors> {
        let mut e = FieldErrors::new();
        let court = text(
            &mut e,
            "court",
            Some(&self.court),
            SHORT,
            Some("Enter the court the appeal was filed in"),
        );
        past(
            &mut e,
            "filed_on",
            self.filed_on,
            today,
            "Enter the date the appeal was filed",
        );
        e.into_result(NewAppeal {
            court: court.unwrap_or_default(),
            ..self
        })
    }
}

/// How an appeal was decided.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AppealDecision {
    /// The outcome.
    pub outcome: AppealOutcome,
    /// The day it was decided.
    pub decided_on: Option<NaiveDate>,
    /// A remark (e.g. the sentence after appeal).
    pub remark: Option<String>,
}

impl AppealDecision {
    /// Checks the decision of an appeal filed on `filed_on`.
    pub fn validate(
        mut self,
        filed_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<AppealDecision, FieldErrors> {
        let mut e = FieldErrors::new();
        past(
            &mut e,
            "decided_on",
            self.decided_on,
            today,
            "Enter the date the appeal was decided",
        );
        if self.decided_on.is_some_and(|d| d < filed_on) {
            e.add(
                "decided_on",
                "The appeal was decided before it was filed: check the date",
            );
        }
        self.remark = text(&mut e, "remark", self.remark.as_deref(), LONG, None);
        e.into_result(self)
    }
}

/// Compensation a court ordered to a victim.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewCompensation {
    /// The victim (their id in the case).
    pub case_person_id: i64,
    /// The law it was ordered under.
    pub law: CompensationLaw,
    /// Amount in rupees.
    pub amount_pkr: Option<i64>,
    /// The day it was ordered.
    pub ordered_on: Option<NaiveDate>,
}

impl NewCompensation {
    /// Checks the order.
    pub fn validate(self, today: NaiveDate) -> Result<NewCompensation, FieldErrors> {
        let mut e = FieldErrors::new();
        match self.amount_pkr {
            None | Some(0) => e.add("amount_pkr", "Enter the amount ordered, in rupees"),
            v => rupees(&mut e, "amount_pkr", v),
        }
        past(
            &mut e,
            "ordered_on",
            self.ordered_on,
            today,
            "Enter the date the compensation was ordered",
        );
        e.into_result(self)
    }
}

/// A payment of compensation to a victim (added to what was paid before).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CompensationPayment {
    /// Amount paid now, in rupees.
    pub paid_pkr: Option<i64>,
    /// The day it was paid.
    pub paid_on: Option<NaiveDate>,
}

impl CompensationPayment {
    /// Checks a payment towards an order of `ordered` rupees of which `paid` were paid before,
    /// ordered on `ordered_on`.
    pub fn validate(
        self,
        ordered: i64,
        paid: i64,
        ordered_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<CompensationPayment, FieldErrors> {
        let mut e = FieldErrors::new();
        match self.paid_pkr {
            None | Some(0) => e.add("paid_pkr", "Enter the amount paid, in rupees"),
            Some(x) if x < 0 => e.add("paid_pkr", "Enter the amount paid, in rupees"),
            Some(x) if x > ordered - paid => e.add(
                "paid_pkr",
                format!(
                    "Only '{}' rupees remain to be paid on this order",
                    ordered - paid
                ),
            ),
            Some(_) => {}
        }
        past(
            &mut e,
            "paid_on",
            self.paid_on,
            today,
            "Enter the date it was paid",
        );
        if self.paid_on.is_some_and(|d| d < ordered_on) {
            e.add(
                "paid_on",
                "The payment is dated before the order: check the date",
            );
        }
        e.into_result(self)
    }
}

/// The imprisonment of a sentence in words, e.g. "7 years 6 months".
pub fn imprisonment_words(months: i64) -> String {
    let (y, m) = (months / 12, months % 12);
    let part = |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (y, m) {
        (0, m) => part(m, "month", "months"),
        (y, 0) => part(y, "year", "years"),
        (y, m) => format!(
            "{} {}",
            part(y, "year", "years"),
            part(m, "month", "months")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_challan_is_accepted_with_its_court_and_returned_with_objections() {
        let s = |d, court: Option<&str>, obj: Option<&str>| ChallanScrutiny {
            decision: d,
            court: court.map(Into::into),
            judge: None,
            objections: obj.map(Into::into),
        };
        let e = s(ScrutinyDecision::Accepted, None, None)
            .validate()
            .unwrap_err();
        assert!(e.first("court").is_some());
        let e = s(ScrutinyDecision::Returned, Some("ATC"), Some("  "))
            .validate()
            .unwrap_err();
        assert!(e.first("objections").is_some());
        let ok = s(
            ScrutinyDecision::Returned,
            Some("ATC"),
            Some("Medical report missing"),
        )
        .validate()
        .unwrap();
        assert_eq!(ok.court, None, "a returned challan goes to no court");
    }

    #[test]
    fn an_adjournment_says_why_and_at_whose_request() {
        let r = |o| HearingResult {
            outcome: o,
            adjournment_reason: None,
            adjourned_by: None,
            note: None,
            next_hearing_date: Some(day(30)),
        };
        let e = r(HearingOutcome::Adjourned)
            .validate(day(2), day(3))
            .unwrap_err();
        assert!(e.first("adjournment_reason").is_some() && e.first("adjourned_by").is_some());
        let e = r(HearingOutcome::HostileWitness)
            .validate(day(2), day(3))
            .unwrap_err();
        assert!(e.first("note").is_some(), "which witness");
        let e = r(HearingOutcome::Judgment)
            .validate(day(2), day(3))
            .unwrap_err();
        assert!(e.first("next_hearing_date").is_some());
        let e = r(HearingOutcome::EvidenceRecorded)
            .validate(day(4), day(3))
            .unwrap_err();
        assert!(
            e.first("outcome").is_some(),
            "a hearing still ahead has no outcome"
        );
        assert!(r(HearingOutcome::ChargeFramed)
            .validate(day(2), day(3))
            .is_ok());
    }

    #[test]
    fn a_conviction_carries_a_sentence_and_an_acquittal_none() {
        let v = |o, m: Option<i64>, f: Option<i64>| NewVerdict {
            case_person_id: 1,
            offence_code: "PTPA-3".into(),
            outcome: o,
            judgment_date: Some(day(2)),
            imprisonment_months: m,
            fine_pkr: f,
        };
        assert!(v(VerdictOutcome::Convicted, None, None)
            .validate(day(3))
            .is_err());
        assert!(v(VerdictOutcome::Convicted, Some(601), None)
            .validate(day(3))
            .is_err());
        assert!(v(VerdictOutcome::Convicted, Some(84), Some(500_000))
            .validate(day(3))
            .is_ok());
        assert!(v(VerdictOutcome::Convicted, None, Some(100_000))
            .validate(day(3))
            .is_ok());
        assert!(v(VerdictOutcome::Acquitted, Some(12), None)
            .validate(day(3))
            .is_err());
        assert!(
            v(VerdictOutcome::Acquitted, None, None)
                .validate(day(1))
                .is_err(),
            "judged tomorrow"
        );
    }

    #[test]
    fn compensation_is_never_paid_beyond_the_order() {
        let p = |x| CompensationPayment {
            paid_pkr: Some(x),
            paid_on: Some(day(3)),
        };
        assert!(p(300_000)
            .validate(500_000, 200_000, day(1), day(3))
            .is_ok());
        let e = p(300_001)
            .validate(500_000, 200_000, day(1), day(3))
            .unwrap_err();
        assert!(e.first("paid_pkr").unwrap().contains("'300000'"));
        assert!(
            p(1).validate(500_000, 0, day(4), day(5)).is_err(),
            "paid before ordered"
        );
    }

    #[test]
    fn sentences_read_in_years_and_months() {
        assert_eq!(imprisonment_words(84), "7 years");
        assert_eq!(imprisonment_words(90), "7 years 6 months");
        assert_eq!(imprisonment_words(13), "1 year 1 month");
        assert_eq!(imprisonment_words(6), "6 months");
    }
}
