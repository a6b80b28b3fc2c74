//! Victims and witnesses at trial (issue 10, item 5), on SQLite and on PostgreSQL: testimony
//! only of the case's victims and witnesses and only before the court, the prosecutor's reach,
//! protection measures and the court's decision, threat reports as alerts to the district's
//! supervisor and protection officer (sealed at rest, acknowledged with the action taken), and
//! victims' consent to registration enforced where configured.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use chrono::NaiveDate;
use hifazat_domain::witnesses::{
    ConsentUpdate, MeasureDecision, MeasureKind, MeasureOutcome, MeasureRequester, MeasureStatus,
    NewMeasure, NewTestimony, NewThreat, RegistrationConsent, TestimonyMode, ThreatAcknowledgement,
    ThreatKind, ThreatSource,
};
use hifazat_domain::{Jurisdiction, PersonRole, Stage, TransitionRequest, UserRole};
use hifazat_store::{both_engines, Scoped, Store, StoreError};
use support::*;

/// Moves a case along `stages` (as a supervisor of Punjab, who may approve each step).
async fn walk(s: &Store, id: i64, stages: &[Stage]) {
    let sup = s.scoped(actor(s, UserRole::Supervisor, supervisor_of("PK-PB")).await);
    for &to in stages {
        sup.transition(id, step(s, to)).await.unwrap();
    }
}

fn step(s: &Store, to: Stage) -> TransitionRequest {
    let fir = to == Stage::FirRegistered;
    TransitionRequest {
        to,
        remark: Some("next step".into()),
        fir_number: fir.then(|| "45/2026".into()),
        fir_date: fir.then(|| s.today()),
    }
}

const TO_TRIAL: &[Stage] = &[
    Stage::FirRegistered,
    Stage::UnderInvestigation,
    Stage::ChallanSubmitted,
    Stage::UnderTrial,
];

/// A Lahore case with an adult victim, a child victim, a witness and an accused: its id and
/// their ids in the case (adult victim, child victim, witness, accused).
async fn lahore_case(s: &Store) -> (i64, [i64; 4]) {
    let io = s.scoped(io(s, "LHR").await);
    let id = io.create_case(new_case("LHR")).await.unwrap();
    let mut adult = victim("Amina Syntheticbibi", "35202-1111111-2");
    adult.age = Some(30);
    let child = victim("Zara Syntheticbibi", "35202-2222222-2");
    let mut witness = victim("Karim Syntheticwitness", "35202-3333333-3");
    witness.role = PersonRole::Witness;
    witness.age = Some(50);
    let mut accused = victim("Jabbar Syntheticagent", "35202-4444444-4");
    accused.role = PersonRole::Accused;
    accused.age = Some(45);
    accused.accused_status = Some(hifazat_domain::AccusedStatus::Arrested);
    let mut ids = [0; 4];
    for (i, mut p) in [adult, child, witness, accused].into_iter().enumerate() {
        // Two such cases in one test: the same synthetic people, without identity numbers.
        p.cnic = None;
        ids[i] = io.add_person(id, p).await.unwrap().id;
    }
    (id, ids)
}

fn testimony(person: i64, on: NaiveDate) -> NewTestimony {
    NewTestimony {
        case_person_id: person,
        testified_on: on,
        mode: TestimonyMode::InCamera,
        remark: Some("Statement recorded in chambers".into()),
    }
}

fn threat(person: i64, on: NaiveDate) -> NewThreat {
    NewThreat {
        case_person_id: person,
        kind: ThreatKind::PressureToSettle,
        from_whom: ThreatSource::AccusedFamily,
        reported_on: on,
        description: "Synthetic cousin of the accused offered money at the shelter gate".into(),
    }
}

fn field_of(r: Result<impl std::fmt::Debug, StoreError>, f: &str) -> String {
    match r {
        Err(StoreError::Invalid(e)) => e.first(f).unwrap_or_default().to_owned(),
        other => panic!("expected a message on {f}: {other:?}"),
    }
}

async fn prosecutor<'a>(s: &'a Store, district: &str) -> Scoped<'a> {
    s.scoped(
        actor(
            s,
            UserRole::Prosecutor,
            Jurisdiction::District(district.into()),
        )
        .await,
    )
}

async fn protection_officer<'a>(s: &'a Store, district: &str) -> Scoped<'a> {
    s.scoped(
        actor(
            s,
            UserRole::ProtectionOfficer,
            Jurisdiction::District(district.into()),
        )
        .await,
    )
}

both_engines! {
    async fn testimony_is_of_the_cases_victims_and_witnesses_before_the_court(engine: Engine) {
        let (s, db) = store(engine).await;
        let today = s.today();
        let (id, [adult, child, witness, accused]) = lahore_case(&s).await;
        let (other, [other_victim, ..]) = lahore_case(&s).await;
        let io = s.scoped(io(&s, "LHR").await);
        let pool = raw(&db.url).await;

        // Before the challan: no testimony, and the prosecutor does not reach the case.
        let m = field_of(io.add_testimony(id, testimony(adult, today)).await, "case_person_id");
        assert_eq!(m, "Testimony is recorded once the challan is before the court");
        let pp = prosecutor(&s, "LHR").await;
        assert!(matches!(pp.add_testimony(id, testimony(adult, today)).await, Err(StoreError::NotFound)));
        assert!(matches!(pp.case_witnesses(id).await, Err(StoreError::NotFound)));

        walk(&s, id, TO_TRIAL).await;
        // Another district's prosecutor still does not.
        let grw = prosecutor(&s, "GRW").await;
        assert!(matches!(grw.add_testimony(id, testimony(adult, today)).await, Err(StoreError::NotFound)));
        assert!(matches!(grw.report_threat(id, threat(adult, today)).await, Err(StoreError::NotFound)));
        // Only a victim or witness of this case testifies here.
        for p in [accused, other_victim] {
            let m = field_of(pp.add_testimony(id, testimony(p, today)).await, "case_person_id");
            assert_eq!(m, "Choose a victim or witness of this case");
        }
        assert!(field_of(pp.add_testimony(id, testimony(adult, today.succ_opt().unwrap())).await, "testified_on").contains("future"));
        let before: String = sqlx::Row::try_get(&sqlx::query("SELECT last_activity_at FROM cases WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap(), "last_activity_at").unwrap();
        pp.add_testimony(id, testimony(adult, today)).await.unwrap();
        let mut by_video = testimony(witness, today);
        by_video.mode = TestimonyMode::VideoLink;
        io.add_testimony(id, by_video).await.unwrap();
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'testimony' AND action = 'create'").await, 2);
        let after: String = sqlx::Row::try_get(&sqlx::query("SELECT last_activity_at FROM cases WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap(), "last_activity_at").unwrap();
        assert!(after >= before);

        // A protection measure: asked for, then decided once; a refusal needs its reason.
        let screen = pp.request_measure(id, NewMeasure { case_person_id: child, measure: MeasureKind::Screen, requested_on: today, requested_by: MeasureRequester::Prosecution }).await.unwrap();
        let refuse = MeasureDecision { outcome: MeasureOutcome::Refused, decided_on: today, remark: None };
        assert_eq!(field_of(pp.decide_measure(id, screen, refuse).await, "remark"), "Enter why the court refused the measure");
        let grant = MeasureDecision { outcome: MeasureOutcome::Granted, decided_on: today, remark: Some("Screen for the child's evidence".into()) };
        pp.decide_measure(id, screen, grant.clone()).await.unwrap();
        assert!(field_of(pp.decide_measure(id, screen, grant.clone()).await, "outcome").contains("already recorded"));
        assert!(matches!(pp.decide_measure(other, screen, grant).await, Err(StoreError::NotFound)));
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'protection_measure'").await, 2);

        // What the trial page reads: victims by code, never by name.
        let w = pp.case_witnesses(id).await.unwrap();
        assert!(w.testimony_open && !w.registration_consent_required);
        assert_eq!(w.testimonies.len(), 2);
        assert_eq!(w.measures[0].status, MeasureStatus::Granted);
        let victims: Vec<_> = w.persons.iter().filter(|p| p.role == PersonRole::Victim).collect();
        assert_eq!(victims.len(), 2);
        assert!(victims.iter().all(|p| p.name.is_none() && p.victim_code.is_some()));
        assert!(w.persons.iter().any(|p| p.name.as_deref() == Some("Karim Syntheticwitness")));
        assert!(!w.persons.iter().any(|p| p.case_person_id == accused));
        // Roles that do not record trials do not read it.
        let analyst = s.scoped(actor(&s, UserRole::Analyst, Jurisdiction::National).await);
        assert!(matches!(analyst.case_witnesses(id).await, Err(StoreError::Forbidden(_))));
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn a_threat_alerts_the_districts_supervisor_and_protection_officer_until_acknowledged(engine: Engine) {
        let (s, db) = store(engine).await;
        let today = s.today();
        let (id, [adult, ..]) = lahore_case(&s).await;
        let io = s.scoped(io(&s, "LHR").await);
        let pool = raw(&db.url).await;
        let t = threat(adult, today);
        let mut empty = t.clone();
        empty.description = "  ".into();
        assert_eq!(field_of(io.report_threat(id, empty).await, "description"), "Enter what happened");
        // Threats are reported at any stage (here before the FIR).
        let tid = io.report_threat(id, t).await.unwrap();

        // Sealed at rest.
        let stored: String = sqlx::Row::try_get(&sqlx::query("SELECT description FROM threat_reports WHERE id = $1").bind(tid).fetch_one(&pool).await.unwrap(), "description").unwrap();
        assert!(!stored.is_empty() && !stored.contains("Synthetic") && !stored.contains("shelter"), "{stored}");

        // The alert: Punjab's supervisor and Lahore's protection officer, not Sindh's nor Gujranwala's.
        let punjab = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-PB")).await);
        let sindh = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-SD")).await);
        let po = protection_officer(&s, "LHR").await;
        let po_grw = protection_officer(&s, "GRW").await;
        let seen = punjab.open_threats().await.unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].description.as_deref(), Some("Synthetic cousin of the accused offered money at the shelter gate"));
        assert!(seen[0].victim_code.is_some());
        assert_eq!(po.open_threats().await.unwrap().len(), 1);
        assert!(sindh.open_threats().await.unwrap().is_empty());
        assert!(po_grw.open_threats().await.unwrap().is_empty());
        assert!(matches!(io.open_threats().await, Err(StoreError::Forbidden(_))));
        // Each showing of the description is audited like an identity view.
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'threat_report' AND action = 'view_identity'").await, 2);

        // Acknowledging: only in jurisdiction, only with the action taken; then the alert is gone.
        let ack = |a: &str| ThreatAcknowledgement { action_taken: a.into() };
        assert!(matches!(po_grw.acknowledge_threat(tid, ack("Called")).await, Err(StoreError::NotFound)));
        assert!(matches!(io.acknowledge_threat(tid, ack("Called")).await, Err(StoreError::Forbidden(_))));
        assert_eq!(field_of(po.acknowledge_threat(tid, ack(" ")).await, "action_taken"), "Enter the action taken");
        assert_eq!(punjab.open_threats().await.unwrap().len(), 1);
        po.acknowledge_threat(tid, ack("Police guard posted at the shelter; family warned")).await.unwrap();
        assert!(punjab.open_threats().await.unwrap().is_empty());
        assert!(po.open_threats().await.unwrap().is_empty());
        assert!(field_of(punjab.acknowledge_threat(tid, ack("Again")).await, "action_taken").contains("already acknowledged"));
        let w = io.case_witnesses(id).await.unwrap();
        assert_eq!(w.threats[0].action_taken.as_deref(), Some("Police guard posted at the shelter; family warned"));
        assert_eq!(w.threats[0].acknowledged_by.as_deref(), Some("protection-officer.district-lhr"));
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'threat_report' AND action IN ('create', 'update')").await, 2);

        // Key rotation re-encrypts the description.
        s.rotate_key("test", [9u8; 32], &mut |_, _| {}).await.unwrap();
        let rotated: String = sqlx::Row::try_get(&sqlx::query("SELECT description FROM threat_reports WHERE id = $1").bind(tid).fetch_one(&pool).await.unwrap(), "description").unwrap();
        assert_ne!(rotated, stored);
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn an_fir_is_registered_only_with_adult_victims_consent_where_configured(engine: Engine) {
        let (plain, db) = store(engine).await;
        let s = plain.clone().with_registration_consent(vec!["PK-PB".into()]);
        let (id, [adult, child, witness, _]) = lahore_case(&s).await;
        let io = s.scoped(io(&s, "LHR").await);
        let pool = raw(&db.url).await;
        let code: String = sqlx::Row::try_get(&sqlx::query("SELECT victim_code FROM case_persons WHERE id = $1").bind(adult).fetch_one(&pool).await.unwrap(), "victim_code").unwrap();
        let child_code: String = sqlx::Row::try_get(&sqlx::query("SELECT victim_code FROM case_persons WHERE id = $1").bind(child).fetch_one(&pool).await.unwrap(), "victim_code").unwrap();

        // Refused, naming the adult victim and not the child (children are exempt).
        let m = field_of(io.transition(id, step(&s, Stage::FirRegistered)).await, "to");
        assert!(m.contains(&code) && !m.contains(&child_code), "{m}");
        let consent = |c| ConsentUpdate { consent: c };
        io.set_registration_consent(id, adult, consent(RegistrationConsent::Refused)).await.unwrap();
        assert!(field_of(io.transition(id, step(&s, Stage::FirRegistered)).await, "to").contains(&code));
        // Only victims give it; a prosecutor does not record it.
        assert!(matches!(io.set_registration_consent(id, witness, consent(RegistrationConsent::Given)).await, Err(StoreError::NotFound)));
        let pp = prosecutor(&s, "LHR").await;
        assert!(matches!(pp.set_registration_consent(id, adult, consent(RegistrationConsent::Given)).await, Err(StoreError::Forbidden(_))));
        io.set_registration_consent(id, adult, consent(RegistrationConsent::Given)).await.unwrap();
        assert_eq!(io.transition(id, step(&s, Stage::FirRegistered)).await.unwrap(), Stage::FirRegistered);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'registration_consent'").await, 2);
        let w = io.case_witnesses(id).await.unwrap();
        assert!(w.registration_consent_required);
        let adult_row = w.persons.iter().find(|p| p.case_person_id == adult).unwrap();
        assert_eq!(adult_row.registration_consent, Some(RegistrationConsent::Given));

        // Registering a case with its FIR at once is refused where consent is required.
        let mut with_fir = new_case("LHR");
        with_fir.fir_number = Some("9/2026".into());
        with_fir.fir_date = Some(s.today());
        assert!(field_of(io.create_case(with_fir.clone()).await, "fir_number").starts_with("Consent is required here"));

        // Elsewhere, or without the setting, the FIR needs no recorded consent.
        let khi = s.scoped(support::io(&s, "KHS").await);
        let mut sindh_case = new_case("KHS");
        sindh_case.fir_number = Some("10/2026".into());
        sindh_case.fir_date = Some(s.today());
        khi.create_case(sindh_case).await.unwrap();
        let (free, _) = lahore_case(&plain).await;
        let plain_io = plain.scoped(support::io(&plain, "LHR").await);
        assert_eq!(plain_io.transition(free, step(&plain, Stage::FirRegistered)).await.unwrap(), Stage::FirRegistered);
        plain_io.create_case(with_fir).await.unwrap();
        let all = plain.clone().with_registration_consent(vec!["all".into()]);
        assert!(all.registration_consent_required("PK-SD") && all.registration_consent_required("PK-TA"));
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }
}
