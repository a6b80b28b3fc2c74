//! The front door (issue 11), on SQLite and on PostgreSQL: public reports reachable only with
//! their reference and secret and revealing nothing else, helpline records sealed and scoped,
//! immediate danger escalated to the district's duty officer and overdue once its hour is up,
//! triage (classify, link, route, open an inquiry in one transaction), the dashboard.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use chrono::{Duration, Utc};
use hifazat_domain::intake::{
    CallerKind, Channel, EscalationAck, Finding, IntakeLanguage, IntakeUrgency, NewAddition,
    NewHelplineRecord, NewPublicReport, Triage, TriageAction,
};
use hifazat_domain::{Jurisdiction, Stage, UserRole};
use hifazat_store::intake::{IntakeFilter, PublicStatus};
use hifazat_store::{both_engines, Store, StoreError};
use std::sync::Arc;
use support::*;

fn report(district: Option<&str>, danger: bool) -> NewPublicReport {
    NewPublicReport {
        what_happened: Some(
            "Synthetic: a girl of about 14 works in a house on our street and never goes out."
                .into(),
        ),
        district: district.map(str::to_owned),
        in_danger: danger,
        indicators: vec!["restricted_movement".into()],
        name: Some("Synthetic Neighbour".into()),
        phone: Some("0300 1234567".into()),
        callback: true,
        woman_officer: true,
        language: Some(IntakeLanguage::Urdu),
    }
}

fn call(district: &str, urgency: IntakeUrgency) -> NewHelplineRecord {
    NewHelplineRecord {
        channel: Channel::Call,
        language: IntakeLanguage::Punjabi,
        caller_kind: CallerKind::Family,
        contact_consent: true,
        caller_name: Some("Synthetic Mother".into()),
        caller_phone: Some("0321 7654321".into()),
        situation: Some("Synthetic: her son is held by an agent in a house and beaten.".into()),
        indicators: vec!["physical_abuse".into()],
        district: Some(district.into()),
        urgency,
        woman_officer: false,
    }
}

fn triage(classification: Finding, action: TriageAction) -> Triage {
    Triage {
        classification,
        action,
        duplicate_of: None,
        case_reference: None,
        person_uid: None,
        route_to: None,
        urgency: None,
        note: Some("Checked with the caller".into()),
    }
}

/// The store as seen `minutes` later.
fn later(s: &Store, minutes: i64) -> Store {
    let t = Utc::now() + Duration::minutes(minutes);
    s.clone().with_clock(Arc::new(move || t))
}

async fn operator(s: &Store) -> hifazat_store::Ctx {
    actor(s, UserRole::HelplineOperator, Jurisdiction::National).await
}

async fn lahore_supervisor(s: &Store) -> hifazat_store::Ctx {
    actor(
        s,
        UserRole::Supervisor,
        Jurisdiction::District("LHR".into()),
    )
    .await
}

both_engines! {
    async fn a_public_report_opens_only_with_its_reference_and_secret(engine: Engine) {
        let (s, db) = store(engine).await;
        let a = s.submit_public_report(report(Some("LHR"), false), Some("10.0.0.1")).await.unwrap();
        let b = s.submit_public_report(report(Some("LHR"), false), Some("10.0.0.2")).await.unwrap();
        assert_ne!(a.reference, b.reference);
        assert!(a.reference.starts_with("R-") && a.reference.len() == 21, "{}", a.reference);
        assert!(a.secret.len() >= 20);
        // Typed in lower case with spaces: still theirs.
        let typed = a.reference.to_lowercase().replace('-', " ");
        let v = s.public_report(&typed, &a.secret.to_lowercase()).await.unwrap();
        assert_eq!(v.reference, a.reference);
        assert_eq!(v.status, PublicStatus::Received);
        // The other report's secret, a made-up secret, a made-up reference: the same NotFound.
        for (r, sec) in [
            (a.reference.as_str(), b.secret.as_str()),
            (a.reference.as_str(), "AAAAA-AAAAA-AAAAA-AAAAA"),
            ("R-0000-0000-0000-0000", a.secret.as_str()),
        ] {
            assert!(matches!(s.public_report(r, sec).await, Err(StoreError::NotFound)));
            assert!(matches!(
                s.add_to_public_report(r, sec, NewAddition { text: Some("more".into()) }, None).await,
                Err(StoreError::NotFound)
            ));
        }
        s.add_to_public_report(&a.reference, &a.secret, NewAddition { text: Some("Synthetic: she was moved last night.".into()) }, None)
            .await
            .unwrap();
        assert_eq!(s.public_report(&a.reference, &a.secret).await.unwrap().additions, 1);
        // Nothing said is kept in clear, and the secret itself is not kept at all.
        let pool = raw(&db.url).await;
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM intake_items WHERE narrative LIKE '%girl%' OR contact LIKE '%0300%'").await, 0);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM intake_additions WHERE body LIKE '%moved%'").await, 0);
        let secret = a.secret.replace('-', "");
        assert_eq!(
            count(&pool, &format!("SELECT COUNT(*) AS n FROM intake_items WHERE secret_hash LIKE '%{secret}%' OR secret_hash LIKE '%{}%'", a.secret)).await,
            0
        );
        // A report is never a case by itself.
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM cases").await, 0);
        // Audited as from the public, with the address.
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE username = 'public' AND entity = 'intake_item' AND ip = '10.0.0.1'").await, 1);
        // A bad report keeps nothing.
        let e = s.submit_public_report(NewPublicReport::default(), None).await.unwrap_err();
        assert!(matches!(e, StoreError::Invalid(_)));
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM intake_items").await, 2);
        db.drop_db().await;
    }

    async fn the_portal_counts_requests_per_address_and_forms_are_good_once(engine: Engine) {
        let (s, db) = store(engine).await;
        for _ in 0..3 {
            assert!(s.public_allowance("report", "10.0.0.9", 3, Duration::hours(1)).await.unwrap());
        }
        assert!(!s.public_allowance("report", "10.0.0.9", 3, Duration::hours(1)).await.unwrap());
        assert!(s.public_allowance("report", "10.0.0.8", 3, Duration::hours(1)).await.unwrap(), "another address");
        assert!(s.public_allowance("lookup", "10.0.0.9", 3, Duration::hours(1)).await.unwrap(), "another kind");
        // An hour on, the window starts again.
        assert!(later(&s, 61).public_allowance("report", "10.0.0.9", 3, Duration::hours(1)).await.unwrap());
        assert!(s.use_public_form("nonce-1").await.unwrap());
        assert!(!s.use_public_form("nonce-1").await.unwrap());
        db.drop_db().await;
    }

    async fn immediate_danger_goes_to_the_duty_officer_and_is_overdue_after_its_hour(engine: Engine) {
        let (s, db) = store(engine).await;
        let sup = s.scoped(lahore_supervisor(&s).await);
        let io_ctx = io(&s, "LHR").await;
        sup.set_duty_officer("LHR", &io_ctx.actor.username).await.unwrap();
        // Not someone who works elsewhere.
        let grw = io(&s, "GRW").await;
        assert!(matches!(sup.set_duty_officer("LHR", &grw.actor.username).await, Err(StoreError::Invalid(_))));
        assert!(matches!(sup.set_duty_officer("GRW", &grw.actor.username).await, Err(StoreError::Invalid(_))));
        let op = s.scoped(operator(&s).await);
        let rec = op.record_helpline(call("LHR", IntakeUrgency::Immediate)).await.unwrap();
        assert_eq!(rec.escalated_to.as_deref(), Some(io_ctx.actor.username.as_str()));
        assert!(rec.reference.starts_with("H-"));
        let duty = s.scoped(io_ctx.clone());
        let alerts = duty.intake_alerts().await.unwrap();
        assert_eq!(alerts.len(), 1);
        assert_eq!(sup.intake_alerts().await.unwrap().len(), 1, "the supervisor sees it too");
        assert!(s.scoped(grw.clone()).intake_alerts().await.unwrap().is_empty());
        // The duty officer reads it (audited) though they do not triage.
        let item = duty.intake_item(rec.id).await.unwrap();
        assert!(item.narrative.contains("beaten"));
        assert_eq!(item.contact_phone.as_deref(), Some("0321 7654321"));
        assert!(matches!(s.scoped(grw).intake_item(rec.id).await, Err(StoreError::NotFound)));
        // 59 minutes on it is not overdue; 61 minutes on it is, in the queue and the counts.
        let sup_ctx = lahore_supervisor(&s).await;
        let soon = later(&s, 59);
        assert_eq!(soon.scoped(sup_ctx.clone()).intake_counts().await.unwrap().overdue, 0);
        let late = later(&s, 61);
        let counts = late.scoped(sup_ctx.clone()).intake_counts().await.unwrap();
        assert_eq!((counts.untriaged, counts.overdue, counts.immediate), (1, 1, 1));
        let q = late.scoped(sup_ctx.clone()).intake_queue(&IntakeFilter { overdue: Some(true), ..Default::default() }).await.unwrap();
        assert_eq!(q.total, 1);
        assert!(q.items[0].overdue);
        assert_eq!(late.scoped(sup_ctx.clone()).intake_overdue_by_district().await.unwrap(), vec![(Some("LHR".to_owned()), 1)]);
        // The national coordinator sees it too; Sindh's supervisor does not.
        let nat = late.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        assert_eq!(nat.intake_counts().await.unwrap().overdue, 1);
        let sindh = late.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-SD")).await);
        assert_eq!(sindh.intake_counts().await.unwrap().overdue, 0);
        // Acknowledged: no longer an alert nor overdue, but still awaiting triage.
        let late_duty = late.scoped(io_ctx);
        let e = late_duty.acknowledge_escalation(rec.id, EscalationAck { action_taken: None }).await.unwrap_err();
        assert!(matches!(e, StoreError::Invalid(_)));
        late_duty.acknowledge_escalation(rec.id, EscalationAck { action_taken: Some("Raid team sent with a woman constable".into()) }).await.unwrap();
        assert!(late_duty.intake_alerts().await.unwrap().is_empty());
        let counts = late.scoped(sup_ctx).intake_counts().await.unwrap();
        assert_eq!((counts.untriaged, counts.overdue, counts.immediate), (1, 0, 0));
        db.drop_db().await;
    }

    async fn operators_see_their_own_records_and_supervisors_their_districts(engine: Engine) {
        let (s, db) = store(engine).await;
        let op = s.scoped(operator(&s).await);
        let other_op = s.scoped(actor(&s, UserRole::HelplineOperator, Jurisdiction::Province("PK-PB".into())).await);
        let lhr = op.record_helpline(call("LHR", IntakeUrgency::Routine)).await.unwrap();
        let khi = op.record_helpline(call("KHS", IntakeUrgency::Urgent)).await.unwrap();
        s.submit_public_report(report(None, false), None).await.unwrap();
        assert_eq!(op.intake_queue(&IntakeFilter::default()).await.unwrap().total, 2);
        assert_eq!(other_op.intake_queue(&IntakeFilter::default()).await.unwrap().total, 0);
        assert!(matches!(other_op.intake_item(lhr.id).await, Err(StoreError::NotFound)));
        let sup = s.scoped(lahore_supervisor(&s).await);
        let q = sup.intake_queue(&IntakeFilter::default()).await.unwrap();
        assert_eq!((q.total, q.items[0].id), (1, lhr.id));
        assert!(matches!(sup.intake_item(khi.id).await, Err(StoreError::NotFound)));
        // The report with no district is in the national queue only.
        let nat = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        let none = nat.intake_queue(&IntakeFilter { district: Some("none".into()), ..Default::default() }).await.unwrap();
        assert_eq!(none.total, 1);
        // Only supervisors triage; an investigating officer has no queue.
        assert!(matches!(op.triage(lhr.id, triage(Finding::PossibleTip, TriageAction::Close)).await, Err(StoreError::Forbidden(_))));
        let analyst = s.scoped(actor(&s, UserRole::Analyst, Jurisdiction::National).await);
        assert!(matches!(analyst.intake_queue(&IntakeFilter::default()).await, Err(StoreError::Forbidden(_))));
        assert!(matches!(analyst.record_helpline(call("LHR", IntakeUrgency::Routine)).await, Err(StoreError::Forbidden(_))));
        // Every showing of what was said is audited.
        let pool = raw(&db.url).await;
        sup.intake_item(lhr.id).await.unwrap();
        sup.intake_item(lhr.id).await.unwrap();
        assert_eq!(count(&pool, &format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'view_identity' AND entity = 'intake_item' AND entity_id = '{}'", lhr.id)).await, 2);
        db.drop_db().await;
    }

    async fn triage_links_routes_closes_and_opens_an_inquiry_in_one_transaction(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let sup = s.scoped(lahore_supervisor(&s).await);
        let op = s.scoped(operator(&s).await);
        let a = op.record_helpline(call("LHR", IntakeUrgency::Routine)).await.unwrap();
        let b = op.record_helpline(call("LHR", IntakeUrgency::Routine)).await.unwrap();
        let c = op.record_helpline(call("LHR", IntakeUrgency::Routine)).await.unwrap();
        let d = op.record_helpline(call("LHR", IntakeUrgency::Routine)).await.unwrap();
        // A duplicate needs the other report; a made-up one is refused.
        let mut dup = triage(Finding::Duplicate, TriageAction::Close);
        dup.duplicate_of = Some("H-0000-0000-0000-0000".into());
        assert!(matches!(sup.triage(b.id, dup.clone()).await, Err(StoreError::Invalid(_))));
        dup.duplicate_of = Some(a.reference.to_lowercase());
        sup.triage(b.id, dup.clone()).await.unwrap();
        assert!(matches!(sup.triage(b.id, dup).await, Err(StoreError::Invalid(_))), "triaged once");
        assert_eq!(sup.intake_item(b.id).await.unwrap().duplicate_of.as_deref(), Some(a.reference.as_str()));
        // Linking to a case outside the supervisor's district is refused like a missing case.
        let grw_case = s.scoped(io(&s, "GRW").await).create_case(new_case("GRW")).await.unwrap();
        let grw_ref: String = sqlx::query_scalar::<_, String>("SELECT reference FROM cases WHERE id = $1").bind(grw_case).fetch_one(&pool).await.unwrap();
        let mut link = triage(Finding::PossibleTip, TriageAction::LinkCase);
        link.case_reference = Some(grw_ref);
        assert!(matches!(sup.triage(c.id, link).await, Err(StoreError::Invalid(_))));
        // Routed to Gujranwala: out of Lahore's queue, into Gujranwala's, still awaiting triage.
        let mut route = triage(Finding::PossibleSom, TriageAction::Route);
        route.route_to = Some("GRW".into());
        sup.triage(c.id, route).await.unwrap();
        assert_eq!(sup.intake_queue(&IntakeFilter::default()).await.unwrap().total, 2);
        let grw_sup = s.scoped(actor(&s, UserRole::Supervisor, Jurisdiction::District("GRW".into())).await);
        let q = grw_sup.intake_queue(&IntakeFilter::default()).await.unwrap();
        assert_eq!((q.total, q.items[0].id), (1, c.id));
        assert_eq!(grw_sup.intake_item(c.id).await.unwrap().routes, vec!["GRW".to_owned()]);
        // An inquiry: a bad case form leaves the item untriaged and no case behind.
        let before = count(&pool, "SELECT COUNT(*) AS n FROM cases").await;
        let mut bad = new_case("LHR");
        bad.district = "XXX".into();
        assert!(sup.open_inquiry(a.id, Finding::PossibleTip, bad).await.is_err());
        // A case outside the supervisor's district: refused, nothing written.
        assert!(sup.open_inquiry(a.id, Finding::PossibleTip, new_case("GRW")).await.is_err());
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM cases").await, before);
        assert_eq!(sup.intake_item(a.id).await.unwrap().summary.status.code(), "new");
        let draft = sup.inquiry_draft(a.id).await.unwrap();
        assert_eq!(draft.district.as_deref(), Some("LHR"));
        let case_id = sup.open_inquiry(a.id, Finding::PossibleTip, new_case("LHR")).await.unwrap();
        let stage: String = sqlx::query_scalar::<_, String>("SELECT stage FROM cases WHERE id = $1").bind(case_id).fetch_one(&pool).await.unwrap();
        assert_eq!(stage, Stage::Inquiry.code());
        let item = sup.intake_item(a.id).await.unwrap();
        assert!(item.summary.case_reference.is_some());
        assert!(item.summary.first_action_at.is_some());
        // The district's officer sees the inquiry among their cases.
        let (cases, _) = s.scoped(io(&s, "LHR").await).list_cases(&Default::default()).await.unwrap();
        assert!(cases.iter().any(|c| c.id == case_id));
        // Closed as not trafficking.
        sup.triage(d.id, triage(Finding::NotTrafficking, TriageAction::Close)).await.unwrap();
        // The dashboard counts each channel's outcomes and the times to first action.
        let dash = sup.intake_dashboard(Utc::now() - Duration::days(1), Utc::now() + Duration::days(1)).await.unwrap();
        let total: i64 = dash.by_channel.iter().map(|r| r.items).sum();
        assert_eq!(total, 3, "the routed report is Gujranwala's now");
        let routine = dash.response.iter().find(|r| r.urgency == IntakeUrgency::Routine).unwrap();
        assert_eq!((routine.items, routine.acted_on, routine.within_limit), (3, 3, 3));
        assert!(routine.median_minutes.is_some());
        db.drop_db().await;
    }

    async fn a_report_names_an_agent_and_the_agents_page_lists_it_for_those_who_may_read_it(engine: Engine) {
        let (s, db) = store(engine).await;
        let sup = s.scoped(lahore_supervisor(&s).await);
        let io_ctx = io(&s, "LHR").await;
        let agent = s.scoped(io_ctx.clone())
            .add_agent(hifazat_domain::agents::NewAgent { name: "Bashir Syntheticagent".into(), ..Default::default() })
            .await
            .unwrap();
        let rec = s.scoped(operator(&s).await).record_helpline(call("LHR", IntakeUrgency::Routine)).await.unwrap();
        // Only triage roles link, only agents that exist, once.
        assert!(matches!(s.scoped(io_ctx.clone()).link_report_agent(rec.id, &agent.to_string()).await, Err(StoreError::Forbidden(_))));
        assert!(matches!(sup.link_report_agent(rec.id, "999999").await, Err(StoreError::Invalid(_))));
        sup.link_report_agent(rec.id, &agent.to_string()).await.unwrap();
        assert!(matches!(sup.link_report_agent(rec.id, &agent.to_string()).await, Err(StoreError::Invalid(_))));
        assert_eq!(sup.intake_item(rec.id).await.unwrap().agents[0].id, agent);
        // The supervisor reads the complaint on the agent's page; the emigration authority and
        // Lahore's officer count it without reading it.
        let page = sup.agent(agent).await.unwrap();
        assert_eq!((page.complaints_total, page.complaints[0].reference.as_str()), (1, rec.reference.as_str()));
        for who in [
            actor(&s, UserRole::EmigrationOfficer, Jurisdiction::National).await,
            io_ctx,
        ] {
            let page = s.scoped(who).agent(agent).await.unwrap();
            assert_eq!((page.complaints_total, page.complaints.len()), (1, 0));
        }
        db.drop_db().await;
    }
}
