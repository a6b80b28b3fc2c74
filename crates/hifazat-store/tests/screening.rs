//! Person search order, and the watchlist and alert queue read a page at a time with true
//! totals, on SQLite and on PostgreSQL.

mod support;

use hifazat_domain::screening::{AlertDecision, NewWatchlistEntry, ScreenRequest, WatchlistKind};
use hifazat_domain::{AccusedStatus, Jurisdiction, PersonRole, Sex, UserRole};
use hifazat_store::both_engines;
use hifazat_store::persons::PersonQuery;
use hifazat_store::screening::{Decision, WatchlistFilter};
use support::*;

fn accused(name: &str, father: &str, cnic: Option<&str>) -> hifazat_domain::NewPerson {
    let mut p = victim(name, "35202-0000000-1");
    p.role = PersonRole::Accused;
    p.sex = Sex::Male;
    p.age = Some(40);
    p.father_name = Some(father.into());
    p.cnic = cnic.map(str::to_owned);
    p.accused_status = Some(AccusedStatus::AtLarge);
    p
}

fn entry(name: &str, list: WatchlistKind, zone: &str, reference: &str) -> NewWatchlistEntry {
    NewWatchlistEntry {
        list,
        full_name: name.into(),
        father_name: Some("Synthetic Father".into()),
        date_of_birth: None,
        cnic: None,
        passport: None,
        nationality: Some("PK".into()),
        zone: Some(zone.into()),
        reference: Some(reference.into()),
        reason: None,
        person_uid: None,
    }
}

const NAMES: [&str; 7] = [
    "Arshad Khattak",
    "Bashir Lodhi",
    "Chanan Mengal",
    "Danish Rind",
    "Ehsan Bugti",
    "Farrukh Jamali",
    "Gulzar Marri",
];

both_engines! {
    async fn the_record_searched_for_comes_before_its_spelling_variants(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let case = lhr.create_case(new_case("LHR")).await.unwrap();
        // Two spellings entered first (lower ids), then the record as it is searched for.
        for name in ["Mohd Asif", "Mohammad Asif"] {
            lhr.add_person(case, accused(name, "Ghulam Rasool", None)).await.unwrap();
        }
        let case2 = lhr.create_case(new_case("LHR")).await.unwrap();
        let exact = lhr.add_person(case2, accused("Muhammad Asif", "Ghulam Rasool", Some("35202-2323232-3"))).await.unwrap();
        let q = PersonQuery { name: "muhammad  ASIF".into(), father_name: Some("Ghulam Rasool".into()), ..Default::default() };
        let hits = lhr.search_persons(&q).await.unwrap();
        assert_eq!(hits.len(), 3, "{hits:?}");
        assert_eq!(hits[0].person_uid, exact.person_uid, "the exact record first: {hits:?}");
        assert!(hits[0].exact && !hits[1].exact && !hits[2].exact, "{hits:?}");
        // The same search again gives the same order.
        let again = lhr.search_persons(&q).await.unwrap();
        let uids = |h: &[hifazat_store::persons::PersonHit]| h.iter().map(|x| x.person_uid.clone()).collect::<Vec<_>>();
        assert_eq!(uids(&hits), uids(&again));
        // The same CNIC is the record searched for, whatever the spelling.
        let q = PersonQuery { name: "Mohd Asif".into(), cnic: Some("3520223232323".into()), ..Default::default() };
        let hits = lhr.search_persons(&q).await.unwrap();
        assert_eq!(hits[0].person_uid, exact.person_uid, "{hits:?}");
        assert!(hits[0].exact && hits[1].exact, "the same name is exact too, after the same CNIC: {hits:?}");
        s.close().await;
        db.drop_db().await;
    }

    async fn watchlists_and_alerts_are_read_a_page_at_a_time_with_their_totals(engine: Engine) {
        let (s, db) = store(engine).await;
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        for (i, name) in NAMES.iter().enumerate() {
            let zone = if i % 2 == 0 { "Lahore" } else { "Quetta" };
            national.add_watchlist_entry(entry(name, WatchlistKind::RedBook, zone, &format!("RB-12-{i:03}"))).await.unwrap();
        }
        national.add_watchlist_entry(entry("Other Listed", WatchlistKind::Interpol, "Lahore", "IN-1")).await.unwrap();
        let f = WatchlistFilter { list: Some(WatchlistKind::RedBook), per_page: Some(3), page: Some(3), ..Default::default() };
        let (items, total) = national.watchlist_page(&f).await.unwrap();
        assert_eq!((items.len(), total), (1, 7));
        assert_eq!(items[0].reference.as_deref(), Some("RB-12-006"));
        // A page past the end reads the last page; a zone filter counts its own.
        let (items, _) = national.watchlist_page(&WatchlistFilter { page: Some(99), ..f.clone() }).await.unwrap();
        assert_eq!(items.len(), 1);
        let (_, total) = national.watchlist_page(&WatchlistFilter { zone: Some("Lahore".into()), ..Default::default() }).await.unwrap();
        assert_eq!(total, 5);
        assert_eq!(national.watchlist_zones().await.unwrap(), vec!["Lahore".to_owned(), "Quetta".to_owned()]);

        let imm = s.scoped(actor(&s, UserRole::ImmigrationOfficer, Jurisdiction::National).await);
        let mut raised = Vec::new();
        for x in &NAMES[..4] {
            let r = imm.screen(ScreenRequest { full_name: x.to_string(), father_name: Some("Synthetic Father".into()), ..Default::default() }, "counter").await.unwrap();
            assert_eq!(r.alerts.len(), 1, "{x}");
            raised.push(r.alerts[0].id);
        }
        assert_eq!(imm.pending_alerts().await.unwrap(), 4);
        let (page, total) = imm.alerts_page(Some(AlertDecision::Pending), Some(2), Some(3)).await.unwrap();
        assert_eq!((page.len(), total), (1, 4));
        assert_eq!(page[0].id, raised[0], "newest first: the oldest is last");
        // After deciding the newest, the next is the one raised before it.
        imm.decide(raised[3], Decision { decision: AlertDecision::FalseAlarm, note: None }).await.unwrap();
        assert_eq!(imm.next_pending_alert(raised[3]).await.unwrap(), Some((raised[2], 0)));
        // After deciding the oldest, the queue starts again from the newest.
        imm.decide(raised[0], Decision { decision: AlertDecision::TrueMatch, note: Some("NADRA record checked".into()) }).await.unwrap();
        assert_eq!(imm.next_pending_alert(raised[0]).await.unwrap(), Some((raised[2], 0)));
        assert_eq!(imm.pending_alerts().await.unwrap(), 2);
        let (_, total) = imm.alerts_page(None, None, None).await.unwrap();
        assert_eq!(total, 4);
        assert_eq!(imm.alert(raised[0]).await.unwrap().status, AlertDecision::TrueMatch);
        s.close().await;
        db.drop_db().await;
    }
}
