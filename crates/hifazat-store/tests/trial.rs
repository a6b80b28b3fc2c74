//! Prosecution and trial (issue 10, item 4), on SQLite and on PostgreSQL: the prosecution's
//! scrutiny of a challan, hearing outcomes, verdicts per accused and offence that decide the
//! case and set the accused's status, appeals, and compensation that is never overpaid.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use chrono::Duration;
use hifazat_domain::trial::*;
use hifazat_domain::{
    AccusedStatus, Jurisdiction, PersonRole, Sex, Stage, TransitionRequest, UserRole,
};
use hifazat_store::cases::models::NewHearing;
use hifazat_store::{both_engines, Scoped, StoreError};
use support::*;

async fn walk(s: &Scoped<'_>, today: chrono::NaiveDate, id: i64, stages: &[Stage]) {
    for &to in stages {
        let mut t = TransitionRequest {
            to,
            remark: Some("next step".into()),
            fir_number: None,
            fir_date: None,
        };
        if to == Stage::FirRegistered {
            t.fir_number = Some("45/2026".into());
            t.fir_date = Some(today);
        }
        s.transition(id, t).await.unwrap();
    }
}

fn accused(name: &str, cnic: &str, status: AccusedStatus) -> hifazat_domain::NewPerson {
    let mut p = victim(name, cnic);
    p.role = PersonRole::Accused;
    p.sex = Sex::Male;
    p.age = Some(40);
    p.accused_status = Some(status);
    p
}

fn field(r: Result<impl std::fmt::Debug, StoreError>, f: &str) {
    match r {
        Err(StoreError::Invalid(e)) => assert!(e.first(f).is_some(), "{f}: {e}"),
        r => panic!("expected an error on {f}: {r:?}"),
    }
}

fn verdict(
    p: i64,
    offence: &str,
    outcome: VerdictOutcome,
    months: Option<i64>,
    fine: Option<i64>,
    on: chrono::NaiveDate,
) -> NewVerdict {
    NewVerdict {
        case_person_id: p,
        offence_code: offence.into(),
        outcome,
        judgment_date: Some(on),
        imprisonment_months: months,
        fine_pkr: fine,
    }
}

both_engines! {
    async fn a_challan_goes_through_the_prosecution_to_judgment_compensation_and_appeal(engine: Engine) {
        let (s, db) = store(engine).await;
        let today = s.today();
        let lhr = s.scoped(io(&s, "LHR").await);
        let mut c = new_case("LHR");
        c.offences = vec!["PTPA-3".into(), "PPC-420".into()];
        let id = lhr.create_case(c).await.unwrap();
        let v = lhr.add_person(id, victim("Synthetic Worker", "35202-1111111-2")).await.unwrap();
        let a1 = lhr.add_person(id, accused("Synthetic Kiln Owner", "35202-2222222-1", AccusedStatus::Arrested)).await.unwrap();
        let a2 = lhr.add_person(id, accused("Synthetic Munshi", "35202-3333333-1", AccusedStatus::OnBail)).await.unwrap();
        let a3 = lhr.add_person(id, accused("Synthetic Recruiter", "35202-4444444-1", AccusedStatus::ProclaimedOffender)).await.unwrap();
        let pool = raw(&db.url).await;

        // Before the challan the prosecutor does not see the case; the police never scrutinise.
        let pp = s.scoped(actor(&s, UserRole::Prosecutor, Jurisdiction::District("LHR".into())).await);
        let accept = ChallanScrutiny { decision: ScrutinyDecision::Accepted, court: Some("Sessions Court Lahore".into()), judge: Some("Synthetic Judge".into()), objections: None };
        assert!(matches!(pp.scrutinise_challan(id, accept.clone()).await, Err(StoreError::NotFound)));
        walk(&lhr, today, id, &[Stage::FirRegistered, Stage::UnderInvestigation, Stage::ChallanSubmitted]).await;
        assert!(matches!(lhr.scrutinise_challan(id, accept.clone()).await, Err(StoreError::Forbidden(_))));
        // A prosecutor of another district does not reach it.
        let other = s.scoped(actor(&s, UserRole::Prosecutor, Jurisdiction::District("GRW".into())).await);
        assert!(matches!(other.scrutinise_challan(id, accept.clone()).await, Err(StoreError::NotFound)));

        // Returned with objections: back to investigation, the objections in the history.
        field(pp.scrutinise_challan(id, ChallanScrutiny { decision: ScrutinyDecision::Returned, court: None, judge: None, objections: None }).await, "objections");
        let back = pp.scrutinise_challan(id, ChallanScrutiny { decision: ScrutinyDecision::Returned, court: None, judge: None, objections: Some("Medical report of the victim missing".into()) }).await.unwrap();
        assert_eq!(back, Stage::UnderInvestigation);
        let c = lhr.get_case(id).await.unwrap();
        assert!(c.events.last().unwrap().remark.as_deref().unwrap().contains("Medical report"));
        // Submitted again and accepted: under trial before the court.
        walk(&lhr, today, id, &[Stage::ChallanSubmitted]).await;
        assert_eq!(pp.scrutinise_challan(id, accept.clone()).await.unwrap(), Stage::UnderTrial);
        let t = pp.trial(id).await.unwrap();
        assert_eq!(t.court.as_deref(), Some("Sessions Court Lahore"));
        assert_eq!(t.scrutinies.len(), 2);
        assert_eq!(t.scrutinies[0].decision, ScrutinyDecision::Returned);
        field(pp.scrutinise_challan(id, accept).await, "decision");

        // Hearings: the prosecutor records them; an adjournment needs its reason and who asked.
        let h1 = pp.add_hearing(id, NewHearing { hearing_date: today - Duration::days(20), court: "Sessions Court Lahore".into(), purpose: Some("Evidence".into()) }).await.unwrap();
        let adjourned = HearingResult { outcome: HearingOutcome::Adjourned, adjournment_reason: None, adjourned_by: Some(AdjournedBy::Defence), note: None, next_hearing_date: Some(today - Duration::days(6)) };
        field(pp.record_hearing_outcome(id, h1, adjourned.clone()).await, "adjournment_reason");
        let h2 = pp.record_hearing_outcome(id, h1, HearingResult { adjournment_reason: Some(AdjournmentReason::DefenceCounselAbsent), ..adjourned.clone() }).await.unwrap().unwrap();
        field(pp.record_hearing_outcome(id, h1, HearingResult { adjournment_reason: Some(AdjournmentReason::Other), ..adjourned }).await, "outcome");
        pp.record_hearing_outcome(id, h2, HearingResult { outcome: HearingOutcome::HostileWitness, adjournment_reason: None, adjourned_by: None, note: Some("PW-2, the victim's cousin".into()), next_hearing_date: None }).await.unwrap();
        // A hearing still ahead has no outcome yet.
        let ahead = pp.add_hearing(id, NewHearing { hearing_date: today + Duration::days(3), court: "Sessions Court Lahore".into(), purpose: None }).await.unwrap();
        field(pp.record_hearing_outcome(id, ahead, HearingResult { outcome: HearingOutcome::Judgment, adjournment_reason: None, adjourned_by: None, note: None, next_hearing_date: None }).await, "outcome");
        let hs = lhr.get_case(id).await.unwrap().hearings;
        let first = hs.iter().find(|h| h.id == h1).unwrap();
        assert_eq!((first.outcome, first.adjournment_reason, first.adjourned_by), (Some(HearingOutcome::Adjourned), Some(AdjournmentReason::DefenceCounselAbsent), Some(AdjournedBy::Defence)));
        assert_eq!(hs.iter().find(|h| h.id == h2).unwrap().outcome, Some(HearingOutcome::HostileWitness));

        // Verdicts: only for an accused and an offence of this case, once each.
        let judged = today - Duration::days(1);
        field(pp.add_verdict(id, verdict(v.id, "PTPA-3", VerdictOutcome::Convicted, Some(84), None, judged)).await, "case_person_id");
        field(pp.add_verdict(id, verdict(a1.id, "PSMA-3", VerdictOutcome::Convicted, Some(84), None, judged)).await, "offence_code");
        field(pp.add_verdict(id, verdict(a1.id, "PTPA-3", VerdictOutcome::Acquitted, Some(84), None, judged)).await, "imprisonment_months");
        pp.add_verdict(id, verdict(a1.id, "PTPA-3", VerdictOutcome::Convicted, Some(84), Some(500_000), judged)).await.unwrap();
        field(pp.add_verdict(id, verdict(a1.id, "PTPA-3", VerdictOutcome::Acquitted, None, None, judged)).await, "offence_code");
        // One accused judged of two: the case is still under trial; the accused's status follows.
        let c = lhr.get_case(id).await.unwrap();
        assert_eq!(c.case.stage, Stage::UnderTrial);
        let owner = c.persons.iter().find(|p| p.id == a1.id).unwrap();
        assert_eq!((owner.accused_status, owner.sentence.as_deref(), owner.fine_pkr), (Some(AccusedStatus::Convicted), Some("7 years"), Some(500_000)));
        pp.add_verdict(id, verdict(a1.id, "PPC-420", VerdictOutcome::Convicted, Some(36), Some(100_000), judged)).await.unwrap();
        let owner = lhr.get_case(id).await.unwrap().persons.into_iter().find(|p| p.id == a1.id).unwrap();
        assert_eq!((owner.sentence.as_deref(), owner.fine_pkr), (Some("7 years"), Some(600_000)), "concurrent terms, fines added");
        // Compensation waits for the conviction.
        let order = NewCompensation { case_person_id: v.id, law: CompensationLaw::Ptpa2018, amount_pkr: Some(300_000), ordered_on: Some(judged) };
        field(pp.order_compensation(id, order.clone()).await, "amount_pkr");
        // The second accused acquitted; the proclaimed offender's trial is split off: decided.
        pp.add_verdict(id, verdict(a2.id, "PTPA-3", VerdictOutcome::Acquitted, None, None, judged)).await.unwrap();
        let c = lhr.get_case(id).await.unwrap();
        assert_eq!(c.case.stage, Stage::Convicted);
        assert!(c.events.last().unwrap().remark.as_deref().unwrap().contains("1 accused convicted, 1 acquitted"));
        assert_eq!(c.persons.iter().find(|p| p.id == a2.id).unwrap().accused_status, Some(AccusedStatus::Acquitted));
        assert_eq!(c.persons.iter().find(|p| p.id == a3.id).unwrap().accused_status, Some(AccusedStatus::ProclaimedOffender));

        // Compensation to the victim (not an accused), paid in parts, never beyond the order.
        field(pp.order_compensation(id, NewCompensation { case_person_id: a1.id, ..order.clone() }).await, "case_person_id");
        let o = pp.order_compensation(id, order).await.unwrap();
        pp.pay_compensation(id, o, CompensationPayment { paid_pkr: Some(200_000), paid_on: Some(today) }).await.unwrap();
        field(pp.pay_compensation(id, o, CompensationPayment { paid_pkr: Some(100_001), paid_on: Some(today) }).await, "paid_pkr");
        pp.pay_compensation(id, o, CompensationPayment { paid_pkr: Some(100_000), paid_on: Some(today) }).await.unwrap();
        let t = lhr.trial(id).await.unwrap();
        assert_eq!((t.compensation[0].amount_pkr, t.compensation[0].paid_pkr), (300_000, 300_000));
        assert_eq!(t.compensation[0].victim_code, v.victim_code);

        // The convict appeals to the High Court; dismissed later.
        let appeal = NewAppeal { case_person_id: Some(a1.id), filed_by: AppealFiledBy::Convict, court: "Lahore High Court".into(), filed_on: Some(today) };
        let ap = pp.file_appeal(id, appeal.clone()).await.unwrap();
        field(pp.file_appeal(id, NewAppeal { case_person_id: Some(v.id), ..appeal }).await, "case_person_id");
        field(pp.decide_appeal(id, ap, AppealDecision { outcome: AppealOutcome::Dismissed, decided_on: Some(today - Duration::days(2)), remark: None }).await, "decided_on");
        pp.decide_appeal(id, ap, AppealDecision { outcome: AppealOutcome::Dismissed, decided_on: Some(today), remark: Some("Conviction upheld".into()) }).await.unwrap();
        field(pp.decide_appeal(id, ap, AppealDecision { outcome: AppealOutcome::Withdrawn, decided_on: Some(today), remark: None }).await, "outcome");
        let t = lhr.trial(id).await.unwrap();
        assert_eq!((t.appeals[0].outcome, t.appeals[0].court.as_str()), (Some(AppealOutcome::Dismissed), "Lahore High Court"));

        // Every write is in the audit trail.
        for (entity, n) in [("challan_scrutiny", 2), ("hearing", 4), ("verdict", 3), ("compensation", 3), ("appeal", 2)] {
            let sql = format!("SELECT COUNT(*) AS n FROM audit_log WHERE entity = '{entity}'");
            assert_eq!(count(&pool, &sql).await, n, "{entity}");
        }
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn an_acquittal_of_every_accused_decides_the_case_as_acquitted(engine: Engine) {
        let (s, db) = store(engine).await;
        let today = s.today();
        let lhr = s.scoped(io(&s, "LHR").await);
        let id = lhr.create_case(new_case("LHR")).await.unwrap();
        let a = lhr.add_person(id, accused("Synthetic Agent", "35202-5555555-1", AccusedStatus::OnBail)).await.unwrap();
        walk(&lhr, today, id, &[Stage::FirRegistered, Stage::UnderInvestigation, Stage::ChallanSubmitted, Stage::UnderTrial]).await;
        // The case's own officer records the trial too; the accused is acquitted: decided.
        lhr.add_verdict(id, verdict(a.id, "PTPA-3", VerdictOutcome::Acquitted, None, None, today)).await.unwrap();
        assert_eq!(lhr.get_case(id).await.unwrap().case.stage, Stage::Acquitted);
        // The State appeals the acquittal; no compensation without a conviction.
        lhr.file_appeal(id, NewAppeal { case_person_id: None, filed_by: AppealFiledBy::State, court: "Lahore High Court".into(), filed_on: Some(today) }).await.unwrap();
        let v = lhr.add_person(id, victim("Synthetic Child", "35202-6666666-2")).await;
        if let Ok(v) = v {
            field(lhr.order_compensation(id, NewCompensation { case_person_id: v.id, law: CompensationLaw::Crpc544a, amount_pkr: Some(1), ordered_on: Some(today) }).await, "amount_pkr");
        }
        // An analyst records nothing.
        let analyst = s.scoped(actor(&s, UserRole::Analyst, Jurisdiction::National).await);
        assert!(matches!(analyst.add_verdict(id, verdict(a.id, "PTPA-3", VerdictOutcome::Convicted, Some(1), None, today)).await, Err(StoreError::Forbidden(_))));
        s.close().await;
        db.drop_db().await;
    }
}
