//! Returnees (issue 13, item 1), on SQLite and on PostgreSQL: a daily list imported with every
//! refused row reported and the rest kept, each returnee screened on arrival and linked to the
//! person index, identities sealed, scoped to the districts of arrival and of home, debriefed,
//! and a case opened from a debriefing in one transaction with the agent linked.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use hifazat_domain::agents::NewAgent;
use hifazat_domain::returnees::{
    Arrival, DocumentUsed, NewDebriefing, NewReturneeList, ReturneeKind, RouteLeg, Transport,
};
use hifazat_domain::screening::{NewWatchlistEntry, WatchlistKind};
use hifazat_domain::{CaseKind, Jurisdiction, Stage, UserRole};
use hifazat_stats::routes::RouteSource;
use hifazat_store::persons::network::NodeKind;
use hifazat_store::screening::returnees::ReturneeFilter;
use hifazat_store::{both_engines, StoreError};
use support::*;

fn arrival(s: &hifazat_store::Store, point: &str) -> Arrival {
    Arrival {
        kind: ReturneeKind::Deportee,
        point: point.into(),
        district: None,
        date: Some(s.today()),
    }
}

/// Four rows: a Red Book smuggler, a man whose CNIC is on a person record, a refused row, and
/// a man from Gujranwala.
const LIST: &str = "id,full_name,father_name,date_of_birth,cnic,passport,nationality,sex,flight,country,reason,home_district\n\
P1,Kashif Mehmood Syntheticrb,Tariq Mehmood,1980-04-02,,,PK,M,PK-212,OM,illegal_entry,\n\
P2,Asif Syntheticlinked,Akbar Ali,1995,34101-2222222-3,,PK,M,PK-212,OM,overstay,\n\
P3,Bad Row,,,,,PK,M,PK-212,Atlantis,nonsense,\n\
P4,Naveed Syntheticdeportee,Bashir Ahmad,1999,,AB1234567,PK,M,PK-212,OM,illegal_entry,Gujranwala\n";

fn list(s: &hifazat_store::Store) -> NewReturneeList {
    NewReturneeList {
        arrival: arrival(s, "Islamabad International Airport"),
        source: "FIA Immigration, Islamabad airport, morning list".into(),
        csv: LIST.into(),
    }
}

fn debriefing(s: &hifazat_store::Store, agent: Option<i64>) -> NewDebriefing {
    let leg = |from: &str, to: &str, c: &str, t| RouteLeg {
        from_place: from.into(),
        to_place: to.into(),
        country: c.into(),
        transport: t,
    };
    NewDebriefing {
        interviewed_on: Some(s.today()),
        agent_id: agent,
        agent_name: Some("Chaudhry Synthetic".into()),
        sub_agents: vec!["Gul Synthetic (Quetta)".into()],
        amount_paid_pkr: Some(1_800_000),
        legs: vec![
            leg("Gujranwala", "Quetta", "PK", Transport::Road),
            leg("Quetta", "Mand", "PK", Transport::Road),
            leg("Mand", "Kerman", "IR", Transport::Foot),
            leg("Kerman", "Muscat", "OM", Transport::Boat),
        ],
        documents_used: vec![DocumentUsed::NoDocuments],
        exploitation: vec![],
        account: Some("Synthetic: kept in a house in Kerman for three weeks.".into()),
    }
}

both_engines! {
    async fn a_daily_list_is_recorded_screened_linked_and_its_refused_rows_reported(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        national.add_watchlist_entry(NewWatchlistEntry {
            list: WatchlistKind::RedBook,
            full_name: "Kashif Mehmood Syntheticrb".into(),
            father_name: Some("Tariq Mehmood".into()),
            date_of_birth: Some("1980".into()),
            cnic: None,
            passport: None,
            nationality: Some("PK".into()),
            zone: Some("Gujranwala".into()),
            reference: Some("RB-12-099".into()),
            reason: None,
            person_uid: None,
            expires_on: None,
            review_on: None,
        }).await.unwrap();
        // A person already on record with the second row's CNIC (an accused in a case).
        let grw = s.scoped(io(&s, "GRW").await);
        let case = grw.create_case(new_case("GRW")).await.unwrap();
        let mut p = victim("Asif Syntheticlinked", "34101-2222222-3");
        p.role = hifazat_domain::PersonRole::Witness;
        grw.add_person(case, p).await.unwrap();

        let imm = s.scoped(actor(&s, UserRole::ImmigrationOfficer, Jurisdiction::District("ISB".into())).await);
        let r = imm.import_returnees(list(&s)).await.unwrap();
        assert_eq!((r.rows, r.accepted, r.refused), (4, 3, 1));
        assert_eq!(r.linked, 1, "the CNIC on a person record links");
        assert!(r.alerts >= 1, "the Red Book smuggler is found on arrival");
        assert_eq!(r.district, "ISB");
        let fields: Vec<_> = r.errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert!(fields.contains(&(4, "country")) && fields.contains(&(4, "reason")), "{fields:?}");
        // The result is kept with the list.
        let again = imm.returnee_list(r.id).await.unwrap();
        assert_eq!((again.accepted, again.refused, again.errors.len()), (3, 1, r.errors.len()));
        assert_eq!(imm.returnee_lists(None).await.unwrap().1, 1);

        // The Red Book match names the returnee; the alert waits in the immigration queue.
        let page = imm.returnees(&ReturneeFilter { list: Some(r.id), alerts: Some(true), ..Default::default() }).await.unwrap();
        assert_eq!(page.total, 1);
        let rb = imm.returnee(page.items[0].id).await.unwrap();
        assert_eq!(rb.summary.full_name, "Kashif Mehmood Syntheticrb");
        assert_eq!(rb.alert_list[0].list, WatchlistKind::RedBook);
        assert_eq!(rb.alert_list[0].status.code(), "pending");
        assert!(count(&pool, &format!("SELECT COUNT(*) AS n FROM screening_alerts WHERE returnee_id = {}", rb.summary.id)).await >= 1);

        // Nothing identifying in clear: names and documents are sealed, documents indexed.
        let clear = count(&pool, "SELECT COUNT(*) AS n FROM returnees WHERE full_name LIKE '%Synthetic%' OR father_name LIKE '%Ahmad%' OR passport LIKE '%AB123%' OR cnic LIKE '%2222222%'").await;
        assert_eq!(clear, 0);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM returnees WHERE cnic_bidx IS NOT NULL OR passport_bidx IS NOT NULL").await, 2);
        // The import and each showing are in the audit trail.
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'returnee_list' AND action = 'import'").await, 1);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'returnee' AND action = 'view_identity'").await, 1);
        s.close().await;
        db.drop_db().await;
    }

    async fn a_list_is_refused_whole_when_nothing_can_be_kept(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let imm = s.scoped(actor(&s, UserRole::ImmigrationOfficer, Jurisdiction::District("ISB".into())).await);
        // Another district's airport: not theirs to record.
        let mut l = list(&s);
        l.arrival = arrival(&s, "Allama Iqbal International Airport, Lahore");
        let e = imm.import_returnees(l).await.unwrap_err();
        assert!(matches!(&e, StoreError::Invalid(f) if f.first("district").is_some()), "{e:?}");
        // No valid row; an unknown column; a date in the future.
        let mut l = list(&s);
        l.csv = "full_name,flight,country,reason\n,PK-1,OM,overstay\n".into();
        assert!(matches!(imm.import_returnees(l).await, Err(StoreError::Invalid(f)) if f.first("csv").is_some()));
        let mut l = list(&s);
        l.csv = "full_name,flight,country,reason,shoe_size\nA,PK-1,OM,overstay,9\n".into();
        assert!(matches!(imm.import_returnees(l).await, Err(StoreError::Invalid(f)) if f.first("csv").is_some()));
        let mut l = list(&s);
        l.arrival.date = s.today().succ_opt();
        assert!(matches!(imm.import_returnees(l).await, Err(StoreError::Invalid(f)) if f.first("date").is_some()));
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM returnee_lists").await, 0);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM returnees").await, 0);
        // Roles without returnees: refused.
        let analyst = s.scoped(actor(&s, UserRole::Analyst, Jurisdiction::National).await);
        assert!(matches!(analyst.returnees(&ReturneeFilter::default()).await, Err(StoreError::Forbidden(_))));
        s.close().await;
        db.drop_db().await;
    }

    async fn returnees_are_read_where_they_arrived_and_where_they_come_from(engine: Engine) {
        let (s, db) = store(engine).await;
        let imm = s.scoped(actor(&s, UserRole::ImmigrationOfficer, Jurisdiction::District("ISB".into())).await);
        imm.import_returnees(list(&s)).await.unwrap();
        let all = imm.returnees(&ReturneeFilter::default()).await.unwrap();
        assert_eq!(all.total, 3);
        let grw = s.scoped(io(&s, "GRW").await);
        let mine = grw.returnees(&ReturneeFilter::default()).await.unwrap();
        assert_eq!(mine.total, 1, "Gujranwala reads its own deportee only");
        assert_eq!(mine.items[0].full_name, "Naveed Syntheticdeportee");
        let punjab = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-PB")).await);
        assert_eq!(punjab.returnees(&ReturneeFilter::default()).await.unwrap().total, 1);
        let sindh = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-SD")).await);
        assert_eq!(sindh.returnees(&ReturneeFilter::default()).await.unwrap().total, 0);
        let other = all.items.iter().find(|r| r.home_district.is_none()).unwrap();
        assert!(matches!(grw.returnee(other.id).await, Err(StoreError::NotFound)));
        assert!(matches!(sindh.returnee(mine.items[0].id).await, Err(StoreError::NotFound)));
        // Filters count their own: not yet debriefed, by country, by district.
        assert_eq!(imm.returnees(&ReturneeFilter { debriefed: Some(false), ..Default::default() }).await.unwrap().total, 3);
        assert_eq!(imm.returnees(&ReturneeFilter { country: Some("ae".into()), ..Default::default() }).await.unwrap().total, 0);
        assert_eq!(imm.returnees(&ReturneeFilter { district: Some("GRW".into()), ..Default::default() }).await.unwrap().total, 1);
        s.close().await;
        db.drop_db().await;
    }

    async fn a_returnee_is_identified_as_a_victim_once_in_one_transaction(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let imm = s.scoped(actor(&s, UserRole::ImmigrationOfficer, Jurisdiction::District("ISB".into())).await);
        imm.import_returnees(list(&s)).await.unwrap();
        let grw = s.scoped(io(&s, "GRW").await);
        let id = grw.returnees(&ReturneeFilter::default()).await.unwrap().items[0].id;
        // Immigration does not handle protection; a district outside the officer's is refused;
        // neither leaves a protection record or a link.
        assert!(matches!(imm.identify_returnee(id, identification("ISB", "34101-7777777-1")).await, Err(StoreError::Forbidden(_))));
        assert!(matches!(grw.identify_returnee(id, identification("LHR", "34101-7777777-1")).await, Err(StoreError::Invalid(f)) if f.first("district").is_some()));
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM victims").await, 0);
        let victim = grw.identify_returnee(id, identification("GRW", "34101-7777777-1")).await.unwrap();
        assert_eq!(grw.returnee(id).await.unwrap().victim_id, Some(victim));
        assert_eq!(count(&pool, &format!("SELECT COUNT(*) AS n FROM returnees WHERE id = {id} AND person_id IS NOT NULL")).await, 1);
        assert!(matches!(grw.identify_returnee(id, identification("GRW", "34101-7777777-1")).await, Err(StoreError::Invalid(f)) if f.first("returnee").is_some()));
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM victims").await, 1);
        s.close().await;
        db.drop_db().await;
    }

    async fn a_debriefing_opens_a_case_with_its_route_and_links_the_agent(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let imm = s.scoped(actor(&s, UserRole::ImmigrationOfficer, Jurisdiction::District("ISB".into())).await);
        imm.import_returnees(list(&s)).await.unwrap();
        let grw = s.scoped(io(&s, "GRW").await);
        let id = grw.returnees(&ReturneeFilter::default()).await.unwrap().items[0].id;
        let agent = grw.add_agent(NewAgent { name: "Chaudhry Syntheticagent".into(), district: Some("GRW".into()), ..Default::default() }).await.unwrap();

        // An interview before the arrival is refused, nothing written.
        let mut early = debriefing(&s, Some(agent));
        early.interviewed_on = s.today().pred_opt();
        assert!(matches!(grw.debrief(id, early).await, Err(StoreError::Invalid(f)) if f.first("interviewed_on").is_some()));
        let mut unknown = debriefing(&s, Some(999_999));
        unknown.agent_name = None;
        assert!(matches!(grw.debrief(id, unknown).await, Err(StoreError::Invalid(f)) if f.first("agent_id").is_some()));
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM debriefings").await, 0);

        // The immigration officer at the airport debriefs; the account is sealed.
        let did = imm.debrief(id, debriefing(&s, Some(agent))).await.unwrap();
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM debriefings WHERE account LIKE '%Kerman%'").await, 0);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM route_legs").await, 4);
        let r = grw.returnee(id).await.unwrap();
        let d = &r.debriefing_list[0];
        assert_eq!(d.agent.as_ref().map(|a| a.id), Some(agent));
        assert_eq!(d.legs[2].to_place, "Kerman");
        assert_eq!(d.account.as_deref(), Some("Synthetic: kept in a house in Kerman for three weeks."));

        // The route told counts on the routes of Gujranwala, as a debriefing.
        let today = s.today();
        let gj = Jurisdiction::District("GRW".into());
        let journeys = grw.route_records(&gj, today, today, None).await.unwrap();
        let told: Vec<_> = journeys.iter().filter(|j| j.source == RouteSource::Debriefing).collect();
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].origin.as_deref(), Some("GRW"));
        assert_eq!(told[0].exit.as_deref(), Some("Mand (land border, Iran)"));
        assert_eq!(told[0].destinations, vec!["OM".to_owned()]);
        assert!(matches!(grw.route_records(&Jurisdiction::National, today, today, None).await, Err(StoreError::Forbidden(_))));
        assert!(s.scoped(actor(&s, UserRole::Analyst, Jurisdiction::National).await).route_records(&Jurisdiction::National, today, today, None).await.is_err());

        // Gujranwala's officer opens the case: smuggling, the route prefilled, in Gujranwala.
        let draft = grw.debriefing_case_draft(did).await.unwrap();
        assert!(!draft.already_opened);
        let c = draft.case.clone();
        assert_eq!(c.kind, CaseKind::Smuggling);
        assert_eq!(c.district, "GRW");
        assert_eq!(c.exit_point.as_deref(), Some("Mand (land border, Iran)"));
        assert_eq!(c.transit_points, vec!["Kerman".to_owned()]);
        assert_eq!(c.destination_countries, vec!["OM".to_owned()]);
        assert!(!c.summary.as_deref().unwrap_or_default().contains("Naveed"), "the case names no one");
        // The immigration officer cannot register cases; Lahore cannot read the returnee.
        assert!(matches!(imm.open_case_from_debriefing(did, c.clone()).await, Err(StoreError::Forbidden(_))));
        let lhr = s.scoped(io(&s, "LHR").await);
        assert!(matches!(lhr.open_case_from_debriefing(did, c.clone()).await, Err(StoreError::NotFound)));
        let case_id = grw.open_case_from_debriefing(did, c.clone()).await.unwrap();
        let detail = grw.get_case(case_id).await.unwrap();
        assert_eq!(detail.case.stage, Stage::Inquiry);
        assert_eq!(count(&pool, &format!("SELECT COUNT(*) AS n FROM agent_cases WHERE agent_id = {agent} AND case_id = {case_id}")).await, 1);
        assert_eq!(grw.case_returnees(case_id).await.unwrap().len(), 1);
        let d = &grw.returnee(id).await.unwrap().debriefing_list[0];
        assert_eq!(d.case_id, Some(case_id));
        // Once only; and the immigration officer at the airport sees that a case was opened
        // without reading it.
        assert!(matches!(grw.open_case_from_debriefing(did, c).await, Err(StoreError::Invalid(f)) if f.first("debriefing").is_some()));
        let seen = &imm.returnee(id).await.unwrap().debriefing_list[0];
        assert!(seen.case_opened && seen.case_id.is_none());
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM cases").await, 1);
        // The agent's network shows the returnee's case and the returnee; a victim added to the
        // case is a node by code, never by name; Lahore sees the agent but not the case.
        grw.add_person(case_id, victim("Sadia Syntheticvictim", "34101-5555555-6")).await.unwrap();
        let g = grw.network(NodeKind::Agent, &agent.to_string(), 2).await.unwrap();
        let has = |g: &hifazat_store::persons::network::Graph, id: &str| g.nodes.iter().any(|n| n.id == id);
        assert!(has(&g, &format!("case:{case_id}")) && has(&g, &format!("returnee:{id}")), "{g:?}");
        let v = g.nodes.iter().find(|n| n.victim).expect("the victim is a node");
        assert!(v.label.starts_with("Victim ") && !v.label.contains("Sadia"), "{}", v.label);
        assert!(g.nodes.iter().all(|n| !n.label.contains("Sadia")));
        let seen = lhr.network(NodeKind::Agent, &agent.to_string(), 2).await.unwrap();
        assert!(!has(&seen, &format!("case:{case_id}")) && !has(&seen, &format!("returnee:{id}")));
        assert_eq!(seen.hidden_cases, 1);
        assert!(matches!(lhr.network(NodeKind::Case, &case_id.to_string(), 2).await, Err(StoreError::NotFound)));
        assert!(matches!(grw.network(NodeKind::Returnee, "999999", 2).await, Err(StoreError::NotFound)));
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'network'").await, 2);
        // A phone an agent used, also on a witness in the case: linked in the network.
        let caller = grw.add_agent(NewAgent { name: "Phone Syntheticagent".into(), phones: vec!["0300-7777777".into()], ..Default::default() }).await.unwrap();
        let mut w = victim("Khalid Syntheticwitness", "34101-6666666-7");
        w.role = hifazat_domain::PersonRole::Witness;
        w.phone = Some("+92 300 7777777".into());
        grw.add_person(case_id, w).await.unwrap();
        let g = grw.network(NodeKind::Agent, &caller.to_string(), 2).await.unwrap();
        assert!(g.edges.iter().any(|e| e.relation == "shared_identifier"), "{g:?}");
        assert!(g.nodes.iter().any(|n| n.label == "Khalid Syntheticwitness") && has(&g, &format!("case:{case_id}")));

        // Once a case is opened from it, the journey counts once, as the case.
        let journeys = grw.route_records(&gj, today, today, None).await.unwrap();
        assert_eq!(journeys.len(), 1);
        assert_eq!(journeys[0].source, RouteSource::Case);
        assert_eq!(journeys[0].exit.as_deref(), Some("Mand (land border, Iran)"));
        s.close().await;
        db.drop_db().await;
    }
}
