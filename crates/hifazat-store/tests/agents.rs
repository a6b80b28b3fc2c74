//! Recruitment agents (issue 11, item 4), on SQLite and on PostgreSQL: the register imported
//! row by row (bad rows reported, good rows kept, a status change kept as an action), actions
//! on a licence, unlicensed agents linked to cases and persons with the victims counted, the
//! reader's scope on linked cases, who may do what, and the public look-up that answers the
//! licence and nothing else.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use chrono::NaiveDate;
use hifazat_domain::agents::{
    AgentKind, CaseLink, LicenceActionKind, LicenceStatus, NewAgent, NewLicenceAction, NewPromoter,
    PersonLink,
};
use hifazat_domain::{Jurisdiction, PersonRole, UserRole};
use hifazat_store::agents::AgentFilter;
use hifazat_store::{both_engines, Scoped, Store, StoreError};
use support::*;

async fn emigration(s: &Store) -> Scoped<'_> {
    s.scoped(actor(s, UserRole::EmigrationOfficer, Jurisdiction::National).await)
}

fn field_of<T: std::fmt::Debug>(r: Result<T, StoreError>, f: &str) -> String {
    match r {
        Err(StoreError::Invalid(e)) => e.first(f).unwrap_or_default().to_owned(),
        other => panic!("expected a message on {f}: {other:?}"),
    }
}

const REGISTER: &str = "licence_number,name,status,issued_on,expires_on,districts,address\n\
    OEP 3814/RWP,Al-Noor Overseas Employment Promoters,valid,2024-01-10,2030-01-09,RWP;ISB,\"Office 4, Saddar\"\n\
    OEP 0001/LHR,,valid,,,LHR,\n\
    OEP 2210/GRW,Bright Future Manpower,valid,2023-05-01,2029-04-30,GRW;GJT,\n\
    OEP 7000/LHR,Expired Star Recruiters,valid,2019-01-01,2021-01-01,LHR,\n";

fn promoter(licence: &str, name: &str) -> NewPromoter {
    NewPromoter {
        licence_number: licence.into(),
        name: name.into(),
        status: LicenceStatus::Valid,
        issued_on: NaiveDate::from_ymd_opt(2024, 1, 1),
        expires_on: NaiveDate::from_ymd_opt(2030, 1, 1),
        districts: vec!["MBD".into()],
        address: None,
    }
}

async fn reference_of(pool: &sqlx::AnyPool, id: i64) -> String {
    let r = sqlx::query("SELECT reference FROM cases WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap();
    sqlx::Row::try_get(&r, "reference").unwrap()
}

both_engines! {
    async fn the_register_is_imported_row_by_row_and_again_as_an_update(engine: Engine) {
        let (s, db) = store(engine).await;
        let em = emigration(&s).await;
        let pool = raw(&db.url).await;
        let r = em.import_promoters(REGISTER.into()).await.unwrap();
        assert_eq!((r.rows, r.created, r.updated, r.unchanged, r.rejected), (4, 3, 0, 0, 1));
        assert_eq!(r.errors.len(), 1);
        assert_eq!((r.errors[0].line, r.errors[0].field.as_str()), (3, "name"));
        assert_eq!(r.errors[0].message, "Enter the promoter's name");

        // Again, with one licence suspended and one renamed: updates, and the suspension kept
        // as an action.
        let again = REGISTER
            .replace("OEP 2210/GRW,Bright Future Manpower,valid", "OEP 2210/GRW,Bright Future Manpower,suspended")
            .replace("Expired Star Recruiters", "Expired Star Recruiters (Pvt) Ltd");
        let r = em.import_promoters(again).await.unwrap();
        assert_eq!((r.created, r.updated, r.unchanged, r.rejected), (0, 2, 1, 1));
        let list = em.agents(&AgentFilter { q: Some("bright".into()), ..Default::default() }).await.unwrap();
        assert_eq!(list.total, 1);
        let bright = em.agent(list.items[0].id).await.unwrap();
        assert_eq!(bright.status, Some(LicenceStatus::Suspended));
        assert_eq!(bright.actions.len(), 1);
        assert_eq!(bright.actions[0].kind, LicenceActionKind::Suspension);
        assert_eq!(bright.actions[0].status_before, Some(LicenceStatus::Valid));
        assert!(bright.acted_on.suspension);
        assert_eq!(bright.offices, vec!["GRW", "GJT"]);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import' AND entity = 'promoter_register'").await, 2);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'update' AND entity = 'agent'").await, 2);

        // A valid licence past its expiry is expired, in the list and its filter.
        let expired = em.agents(&AgentFilter { status: Some(LicenceStatus::Expired), ..Default::default() }).await.unwrap();
        assert_eq!(expired.total, 1);
        assert_eq!(expired.items[0].name, "Expired Star Recruiters (Pvt) Ltd");
        let valid = em.agents(&AgentFilter { status: Some(LicenceStatus::Valid), ..Default::default() }).await.unwrap();
        assert_eq!(valid.total, 1, "{:?}", valid.items);
        // A file that is not the register is refused whole.
        assert!(field_of(em.import_promoters("name,colour\nA,red\n".into()).await, "csv").contains("Unknown column"));
        // The same licence by hand is refused.
        assert!(field_of(em.add_promoter(promoter("oep-3814-rwp", "Copy")).await, "licence_number").contains("already"));
        s.close().await;
        db.drop_db().await;
    }

    async fn licence_actions_change_the_status_and_only_the_authority_takes_them(engine: Engine) {
        let (s, db) = store(engine).await;
        let em = emigration(&s).await;
        let id = em.add_promoter(promoter("OEP 4100/MBD", "Crescent Gulf Recruiting")).await.unwrap();
        let today = s.today();
        let act = |kind| NewLicenceAction { kind, taken_on: today, reason: "Visa fraud complaints".into(), order_reference: Some("BE&OE/2026/17".into()) };
        let io = s.scoped(io(&s, "MBD").await);
        assert!(matches!(io.record_licence_action(id, act(LicenceActionKind::Suspension)).await, Err(StoreError::Forbidden(_))));
        assert!(matches!(io.import_promoters(REGISTER.into()).await, Err(StoreError::Forbidden(_))));
        assert!(matches!(io.add_promoter(promoter("OEP 1/MBD", "X")).await, Err(StoreError::Forbidden(_))));
        em.record_licence_action(id, act(LicenceActionKind::Suspension)).await.unwrap();
        em.record_licence_action(id, act(LicenceActionKind::ProsecutionSanction)).await.unwrap();
        em.record_licence_action(id, act(LicenceActionKind::ReferralLabourMinistry)).await.unwrap();
        assert_eq!(field_of(em.record_licence_action(id, act(LicenceActionKind::Suspension)).await, "kind"), "The licence already has this status");
        let nc = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        nc.record_licence_action(id, act(LicenceActionKind::Cancellation)).await.unwrap();
        let a = io.agent(id).await.unwrap();
        assert_eq!(a.status, Some(LicenceStatus::Cancelled));
        assert_eq!(a.actions.len(), 4);
        assert!(a.acted_on.suspension && a.acted_on.cancellation && a.acted_on.prosecution_sanction && a.acted_on.referral);
        // An unlicensed agent has no licence to act on.
        let agent = io.add_agent(NewAgent { name: "Bashir Syntheticagent".into(), ..Default::default() }).await.unwrap();
        assert_eq!(field_of(em.record_licence_action(agent, act(LicenceActionKind::Warning)).await, "kind"), "Only a licensed promoter's licence can be acted on");
        // Analysts and prosecutors do not read the register.
        let analyst = s.scoped(actor(&s, UserRole::Analyst, Jurisdiction::National).await);
        assert!(matches!(analyst.agents(&AgentFilter::default()).await, Err(StoreError::Forbidden(_))));
        assert!(matches!(analyst.agent(id).await, Err(StoreError::Forbidden(_))));
        s.close().await;
        db.drop_db().await;
    }

    async fn unlicensed_agents_are_linked_to_cases_and_persons_within_scope(engine: Engine) {
        let (s, db) = store(engine).await;
        let grw = s.scoped(io(&s, "GRW").await);
        let lhr = s.scoped(io(&s, "LHR").await);
        let pool = raw(&db.url).await;
        let agent = grw.add_agent(NewAgent {
            name: "Jabbar Syntheticagent".into(),
            aliases: vec!["Jabbar Dubai wala".into()],
            phones: vec!["0300-7654321".into()],
            district: Some("GRW".into()),
            notes: Some("Promises work in Dubai for PKR 400,000".into()),
        }).await.unwrap();
        // Two Gujranwala cases and a Lahore one; three victims, one of them in two cases.
        let g1 = grw.create_case(new_case("GRW")).await.unwrap();
        let g2 = grw.create_case(new_case("GRW")).await.unwrap();
        let l1 = lhr.create_case(new_case("LHR")).await.unwrap();
        let mut v1 = victim("Amina Syntheticbibi", "34101-1111111-2");
        v1.district = Some("GRW".into());
        let p1 = grw.add_person(g1, v1.clone()).await.unwrap();
        let mut again = v1.clone();
        again.link_existing = true;
        grw.add_person(g2, again).await.unwrap();
        grw.add_person(g2, victim("Zara Syntheticbibi", "34101-2222222-2")).await.unwrap();
        lhr.add_person(l1, victim("Gul Syntheticbibi", "35202-3333333-2")).await.unwrap();
        let mut accused = victim("Jabbar Syntheticagent", "34101-4444444-4");
        accused.role = PersonRole::Accused;
        accused.age = Some(44);
        accused.sex = hifazat_domain::Sex::Male;
        grw.add_person(g1, accused).await.unwrap();
        let (r1, r2, r3) = (reference_of(&pool, g1).await, reference_of(&pool, g2).await, reference_of(&pool, l1).await);
        for r in [&r1, &r2] {
            grw.link_case(agent, CaseLink { case_reference: r.to_lowercase(), note: Some("Recruited the victims".into()) }).await.unwrap();
        }
        assert_eq!(field_of(grw.link_case(agent, CaseLink { case_reference: r1.clone(), note: None }).await, "case_reference"), "This agent is already linked to this case");
        // Gujranwala's officer does not reach the Lahore case; Lahore's does.
        assert_eq!(field_of(grw.link_case(agent, CaseLink { case_reference: r3.clone(), note: None }).await, "case_reference"), "There is no case with this reference in your jurisdiction");
        lhr.link_case(agent, CaseLink { case_reference: r3.clone(), note: None }).await.unwrap();
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'agent_case' AND case_id IS NOT NULL").await, 3);

        // Gujranwala sees its two cases, counts all three and the three distinct victims.
        let a = grw.agent(agent).await.unwrap();
        assert_eq!(a.kind, AgentKind::Unlicensed);
        assert_eq!(a.phones, vec!["+923007654321"]);
        let refs: Vec<&str> = a.cases.iter().map(|c| c.reference.as_str()).collect();
        assert_eq!(refs.len(), 2);
        assert!(!refs.contains(&r3.as_str()));
        assert_eq!((a.cases_total, a.victims_linked), (3, 3));
        assert!(a.complaints.is_empty());
        let list = grw.agents(&AgentFilter { q: Some("dubai wala".into()), ..Default::default() }).await.unwrap();
        assert_eq!((list.total, list.items[0].cases, list.items[0].victims), (1, 3, 3));
        assert_eq!(grw.agents(&AgentFilter { q: Some("0300 7654321".into()), ..Default::default() }).await.unwrap().total, 1);
        // A case's page names its agents, in scope only.
        assert_eq!(lhr.case_agents(l1).await.unwrap().len(), 1);
        assert!(matches!(grw.case_agents(l1).await, Err(StoreError::NotFound)));
        let analyst = s.scoped(actor(&s, UserRole::Analyst, Jurisdiction::National).await);
        assert!(analyst.case_agents(l1).await.unwrap().is_empty());
        // The emigration authority sees the cases too (national), but no person records.
        let em = emigration(&s).await;
        let seen = em.agent(agent).await.unwrap();
        assert_eq!(seen.cases.len(), 3);

        // The accused of a linked case may be linked; a victim never.
        let linkable = grw.linkable_persons(agent).await.unwrap();
        assert_eq!(linkable.len(), 1, "{linkable:?}");
        assert_eq!(linkable[0].name, "Jabbar Syntheticagent");
        grw.link_person(agent, PersonLink { person_uid: linkable[0].uid.clone(), note: None }).await.unwrap();
        assert!(field_of(grw.link_person(agent, PersonLink { person_uid: p1.person_uid.clone(), note: None }).await, "person_uid").contains("not a victim"));
        assert!(field_of(lhr.link_person(agent, PersonLink { person_uid: linkable[0].uid.clone(), note: None }).await, "person_uid").contains("your jurisdiction"));
        let a = grw.agent(agent).await.unwrap();
        assert_eq!((a.persons.len(), a.persons_total), (1, 1));
        assert_eq!(a.persons[0].name, "Jabbar Syntheticagent");
        assert!(em.agent(agent).await.unwrap().persons.is_empty());
        assert!(lhr.agent(agent).await.unwrap().persons.is_empty());
        assert!(grw.linkable_persons(agent).await.unwrap().is_empty());
        // The emigration authority does not link cases.
        assert!(matches!(em.link_case(agent, CaseLink { case_reference: r1.clone(), note: None }).await, Err(StoreError::Forbidden(_))));
        s.close().await;
        db.drop_db().await;
    }

    async fn the_public_look_up_answers_the_licence_and_nothing_else(engine: Engine) {
        let (s, db) = store(engine).await;
        let em = emigration(&s).await;
        em.import_promoters(REGISTER.into()).await.unwrap();
        let grw = s.scoped(io(&s, "GRW").await);
        let agent = grw.add_agent(NewAgent { name: "Bright Future Sub-Agent Syntheticname".into(), ..Default::default() }).await.unwrap();
        let case = grw.create_case(new_case("GRW")).await.unwrap();
        let reference = reference_of(&raw(&db.url).await, case).await;
        grw.link_case(agent, CaseLink { case_reference: reference.clone(), note: None }).await.unwrap();

        let a = s.licence_lookup(" oep-3814/rwp ").await.unwrap();
        assert!(a.licensed);
        assert_eq!(a.matches.len(), 1);
        assert_eq!(a.matches[0].licence_number, "OEP 3814/RWP");
        assert_eq!(a.matches[0].status, LicenceStatus::Valid);
        assert_eq!(a.matches[0].districts, vec!["RWP", "ISB"]);
        // By name: the licensed promoter, never the unlicensed agent of the same name.
        let a = s.licence_lookup("bright future").await.unwrap();
        assert_eq!(a.matches.len(), 1);
        assert_eq!(a.matches[0].name, "Bright Future Manpower");
        let json = serde_json::to_string(&a).unwrap();
        assert!(!json.contains("Sub-Agent") && !json.contains(&reference), "{json}");
        let a = s.licence_lookup("Expired Star").await.unwrap();
        assert_eq!(a.matches[0].status, LicenceStatus::Expired);
        // Nothing matches: not licensed. Too short a name is no query.
        for q in ["Syntheticname", "OEP 9999/XYZ", "ab", "", "%%%", "_%_", "a%b"] {
            let a = s.licence_lookup(q).await.unwrap();
            assert!(!a.licensed && a.matches.is_empty(), "{q}");
        }
        s.close().await;
        db.drop_db().await;
    }
}
