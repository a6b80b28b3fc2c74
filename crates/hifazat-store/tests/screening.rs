//! Person search order, and the watchlist and alert queue read a page at a time with true
//! totals, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use chrono::{Duration, NaiveDate, Utc};
use hifazat_domain::screening::{
    AlertDecision, EntryReview, NewWatchlistEntry, ReviewDecision, ScreenRequest, WatchlistKind,
};
use hifazat_domain::{AccusedStatus, Jurisdiction, PersonRole, Sex, UserRole};
use hifazat_store::persons::PersonQuery;
use hifazat_store::screening::{Decision, WatchlistFilter};
use hifazat_store::{both_engines, Store, StoreError};
use std::sync::Arc;
use support::*;

/// The store as seen `days` later.
fn later(s: &Store, days: i64) -> Store {
    let t = Utc::now() + Duration::days(days);
    s.clone().with_clock(Arc::new(move || t))
}

fn traveller(name: &str) -> ScreenRequest {
    ScreenRequest {
        full_name: name.into(),
        father_name: Some("Synthetic Father".into()),
        ..Default::default()
    }
}

fn review(
    d: ReviewDecision,
    next: Option<NaiveDate>,
    expires: Option<NaiveDate>,
    reason: &str,
) -> EntryReview {
    EntryReview {
        decision: Some(d),
        next_review_on: next,
        expires_on: expires,
        reason: reason.into(),
    }
}

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
        expires_on: None,
        review_on: None,
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

/// A list as lists come: a byte-order mark, `Name` and `DOB` for `full_name` and
/// `date_of_birth`, header names in capitals, a column nobody reads, CRLF, a blank line and a
/// line of blanks, a name quoted over two lines, a row without an id, and rows with one or
/// two problems.
const AWKWARD_LIST: &str = "\u{feff}ID,Name,Father_Name,DOB,CNIC,Passport,Nationality,Seat\r\n\
    P1,Muhammad Asif,Ghulam Rasool,1980-05-01,35202-1234567-1,,PK,12A\r\n\
    \r\n\
    P2,Someone Unrelated,,1990-02-30,,,,14C\r\n\
    P3,Bad Cnic,,,35202-123,,,\r\n\
    \x20, , , \r\n\
    P4,,,,,,,\r\n\
    ,Shazia Bibi,Abdul Karim,1985,,,,\r\n\
    P5,\"Zia\r\nul Haq\",,,,AB1234567,,\r\n\
    P6,Nadia Khan,,85-01-01,12345,,,\r\n";

/// The same persons as the watchlist of [`AWKWARD_LIST`]'s test, as the command line reads it.
const AWKWARD_WATCHLIST: &str =
    "id,full_name,father_name,date_of_birth,cnic,passport,nationality\n\
    W1,Muhammad Asif,Ghulam Rasool,1980-05-01,35202-1234567-1,,PK\n\
    W2,Shazia Bibi,Abdul Karim,1985,,,PK\n\
    W3,Zia ul Haq,,,,AB1234567,PK\n";

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

    async fn an_expired_entry_raises_no_alert_until_a_review_extends_it(engine: Engine) {
        let (s, db) = store(engine).await;
        let today = s.today();
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        let mut e = entry(NAMES[0], WatchlistKind::RedBook, "Lahore", "RB-12-001");
        e.expires_on = Some(today + Duration::days(10));
        let id = national.add_watchlist_entry(e).await.unwrap();
        let (listed, _) = national.watchlist_entry(id).await.unwrap();
        // The Red Book's default review is yearly, but before a sooner expiry.
        assert_eq!(listed.review_on, Some((today + Duration::days(9)).to_string()));
        assert!(!listed.expired && !listed.due_for_review);
        let imm_ctx = actor(&s, UserRole::ImmigrationOfficer, Jurisdiction::National).await;
        let csv = format!("id,full_name,father_name\nP1,{},Synthetic Father\n", NAMES[0]);
        assert_eq!(s.scoped(imm_ctx.clone()).screen(traveller(NAMES[0]), "counter").await.unwrap().alerts.len(), 1);
        // Eleven days on, the same running store (no restart): expired, no alert either way.
        let on = later(&s, 11);
        let imm = on.scoped(imm_ctx.clone());
        assert!(imm.screen(traveller(NAMES[0]), "counter").await.unwrap().alerts.is_empty());
        assert_eq!(imm.screen_batch(&csv, "flight PK-701").await.unwrap().alerts, 0);
        let keeper = on.scoped(actor(&on, UserRole::NationalCoordinator, Jurisdiction::National).await);
        assert_eq!(keeper.watchlist_due_count().await.unwrap(), 1);
        let (due, total) = keeper.watchlist_page(&WatchlistFilter { due: true, ..Default::default() }).await.unwrap();
        assert_eq!((due.len(), total), (1, 1));
        assert!(due[0].expired && due[0].due_for_review);
        // Extended: screened against again at once.
        let day = on.today();
        keeper.review_entry(id, review(ReviewDecision::Extend, Some(day + Duration::days(30)), Some(day + Duration::days(180)), "Court extended the order")).await.unwrap();
        assert_eq!(imm.screen(traveller(NAMES[0]), "counter").await.unwrap().alerts.len(), 1);
        assert_eq!(imm.screen_batch(&csv, "flight PK-702").await.unwrap().alerts, 1);
        assert_eq!(keeper.watchlist_due_count().await.unwrap(), 0);
        s.close().await;
        db.drop_db().await;
    }

    async fn a_review_keeps_extends_or_removes_with_its_history_and_audit(engine: Engine) {
        let (s, db) = store(engine).await;
        let today = s.today();
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        let id = national.add_watchlist_entry(entry(NAMES[1], WatchlistKind::Interpol, "Quetta", "IN-9")).await.unwrap();
        let first_review = national.watchlist_entry(id).await.unwrap().0.review_on;
        assert_eq!(first_review, Some(today.checked_add_months(chrono::Months::new(6)).unwrap().to_string()));
        // Immigration officers see the lists but do not keep them.
        let imm = s.scoped(actor(&s, UserRole::ImmigrationOfficer, Jurisdiction::National).await);
        assert!(matches!(imm.review_entry(id, review(ReviewDecision::Remove, None, None, "x")).await, Err(StoreError::Forbidden(_))));
        national.review_entry(id, review(ReviewDecision::Keep, Some(today + Duration::days(90)), None, "Notice still in force")).await.unwrap();
        national.review_entry(id, review(ReviewDecision::Extend, Some(today + Duration::days(60)), Some(today + Duration::days(365)), "Renewed notice")).await.unwrap();
        let (e, active) = national.watchlist_entry(id).await.unwrap();
        assert!(active);
        assert_eq!(e.review_on, Some((today + Duration::days(60)).to_string()));
        assert_eq!(e.expires_on, Some((today + Duration::days(365)).to_string()));
        national.review_entry(id, review(ReviewDecision::Remove, None, None, "Notice withdrawn by Interpol")).await.unwrap();
        assert!(!national.watchlist_entry(id).await.unwrap().1);
        assert!(imm.screen(traveller(NAMES[1]), "counter").await.unwrap().alerts.is_empty());
        let h = national.watchlist_reviews(id).await.unwrap();
        let decisions: Vec<_> = h.iter().map(|r| r.decision).collect();
        assert_eq!(decisions, vec![ReviewDecision::Keep, ReviewDecision::Extend, ReviewDecision::Remove]);
        assert_eq!(h[0].previous_review_on, first_review);
        assert_eq!(h[1].previous_review_on, Some((today + Duration::days(90)).to_string()));
        assert_eq!(h[2].reason, "Notice withdrawn by Interpol");
        assert!(h[2].reviewed_by.is_some());
        // A removed entry is not reviewed again.
        match national.review_entry(id, review(ReviewDecision::Remove, None, None, "again")).await {
            Err(StoreError::Invalid(e)) => assert!(e.first("decision").is_some(), "{e}"),
            r => panic!("{r:?}"),
        }
        let pool = raw(&db.url).await;
        assert_eq!(count(&pool, &format!("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'watchlist_entry' AND entity_id = '{id}' AND detail LIKE 'reviewed: %'")).await, 3);
        s.close().await;
        db.drop_db().await;
    }

    async fn a_refused_review_or_entry_writes_nothing(engine: Engine) {
        let (s, db) = store(engine).await;
        let today = s.today();
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        let id = national.add_watchlist_entry(entry(NAMES[2], WatchlistKind::RedBook, "Lahore", "RB-12-002")).await.unwrap();
        let before = national.watchlist_entry(id).await.unwrap().0;
        let pool = raw(&db.url).await;
        let audit = count(&pool, "SELECT COUNT(*) AS n FROM audit_log").await;
        for bad in [
            EntryReview::default(),
            review(ReviewDecision::Keep, None, None, "checked"),
            review(ReviewDecision::Extend, Some(today + Duration::days(30)), None, "checked"),
            review(ReviewDecision::Keep, Some(today + Duration::days(30)), None, "  "),
        ] {
            assert!(matches!(national.review_entry(id, bad).await, Err(StoreError::Invalid(_))));
        }
        let mut past = entry(NAMES[3], WatchlistKind::RedBook, "Lahore", "RB-12-003");
        past.review_on = Some(today - Duration::days(1));
        match national.add_watchlist_entry(past).await {
            Err(StoreError::Invalid(e)) => assert!(e.first("review_on").is_some(), "{e}"),
            r => panic!("{r:?}"),
        }
        assert!(national.watchlist_reviews(id).await.unwrap().is_empty());
        let after = national.watchlist_entry(id).await.unwrap().0;
        assert_eq!((after.review_on, after.expires_on), (before.review_on, before.expires_on));
        assert_eq!(national.watchlist(None).await.unwrap().len(), 1);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log").await, audit);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM watchlist_reviews").await, 0);
        s.close().await;
        db.drop_db().await;
    }

    async fn an_accused_on_bail_alerts_with_the_case_and_status_as_the_reason(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let case = lhr.create_case(new_case("LHR")).await.unwrap();
        let mut p = accused("Synthetic Absconder", "Synthetic Father", Some("35202-7654321-3"));
        p.accused_status = Some(AccusedStatus::OnBail);
        let cp = lhr.add_person(case, p).await.unwrap();
        let sup = s.scoped(actor(&s, UserRole::Supervisor, Jurisdiction::Province("PK-PB".into())).await);
        let id = sup.blacklist_accused(case, cp.id, Some("bail granted, passport not surrendered".into())).await.unwrap();
        let (e, _) = sup.watchlist_entry(id).await.unwrap();
        assert_eq!(e.review_on, Some(s.today().checked_add_months(chrono::Months::new(6)).unwrap().to_string()), "a case's entry is reviewed after six months");
        let imm = s.scoped(actor(&s, UserRole::ImmigrationOfficer, Jurisdiction::National).await);
        let r = imm.screen(ScreenRequest { full_name: "Synthetic Absconder".into(), cnic: Some("35202-7654321-3".into()), ..Default::default() }, "counter").await.unwrap();
        assert_eq!(r.alerts.len(), 1);
        let a = imm.alert(r.alerts[0].id).await.unwrap();
        let reference = lhr.get_case(case).await.unwrap().case.reference;
        assert!(a.entry.reason.as_deref().unwrap().contains(&reference), "{:?}", a.entry.reason);
        let from = a.entry.from_case.expect("listed from a case");
        assert_eq!((from.case_id, from.reference.as_str(), from.accused_status), (case, reference.as_str(), Some(AccusedStatus::OnBail)));
        s.close().await;
        db.drop_db().await;
    }

    async fn a_person_is_found_by_cnic_only_within_the_jurisdiction_and_never_a_victim(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let case = lhr.create_case(new_case("LHR")).await.unwrap();
        let cnic = "35202-7654321-3";
        lhr.add_person(case, accused("Synthetic Absconder", "Synthetic Father", Some(cnic))).await.unwrap();
        lhr.add_person(case, victim("Synthetic Victim", "35202-1212121-2")).await.unwrap();
        let uid = lhr.person_uid_by_cnic("3520276543213").await.unwrap().expect("found by CNIC, any format");
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        assert_eq!(national.person_uid_by_cnic(cnic).await.unwrap(), Some(uid));
        // Outside the jurisdiction, a victim's CNIC, an unknown or malformed one: nothing.
        let khi = s.scoped(io(&s, "KHI").await);
        assert_eq!(khi.person_uid_by_cnic(cnic).await.unwrap(), None);
        assert_eq!(national.person_uid_by_cnic("35202-1212121-2").await.unwrap(), None);
        assert_eq!(national.person_uid_by_cnic("35202-0000000-1").await.unwrap(), None);
        assert_eq!(national.person_uid_by_cnic("not a cnic").await.unwrap(), None);
        // A role that does not search persons is refused.
        let imm = s.scoped(actor(&s, UserRole::ImmigrationOfficer, Jurisdiction::National).await);
        assert!(matches!(imm.person_uid_by_cnic(cnic).await, Err(StoreError::Forbidden(_))));
        s.close().await;
        db.drop_db().await;
    }

    async fn a_list_gives_the_same_rows_and_rejections_on_the_command_line_and_the_server(engine: Engine) {
        let (s, db) = store(engine).await;
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        for (name, father, dob, cnic, passport) in [
            ("Muhammad Asif", Some("Ghulam Rasool"), Some("1980-05-01"), Some("35202-1234567-1"), None),
            ("Shazia Bibi", Some("Abdul Karim"), Some("1985"), None, None),
            ("Zia ul Haq", None, None, None, Some("AB1234567")),
        ] {
            let mut e = entry(name, WatchlistKind::RedBook, "Lahore", name);
            e.father_name = father.map(str::to_owned);
            e.date_of_birth = dob.map(str::to_owned);
            e.cnic = cnic.map(str::to_owned);
            e.passport = passport.map(str::to_owned);
            national.add_watchlist_entry(e).await.unwrap();
        }
        let imm = s.scoped(actor(&s, UserRole::ImmigrationOfficer, Jurisdiction::National).await);
        let server = imm.screen_batch(AWKWARD_LIST, "flight PK-301").await.unwrap();

        let mut alerts_csv = Vec::new();
        let cli = hifazat_matching::screen_csv(
            AWKWARD_WATCHLIST.as_bytes(),
            AWKWARD_LIST.as_bytes(),
            &mut alerts_csv,
            &hifazat_matching::ScreenOptions::default(),
            &mut |_| {},
        )
        .unwrap();
        let (accepted, _) = hifazat_matching::read_records(AWKWARD_LIST.as_bytes(), hifazat_matching::Source::Input).unwrap();

        // Rows read and screened: blank lines are not rows; the name over two lines is one.
        assert_eq!((server.rows, server.screened), (7, 3), "{server:?}");
        assert_eq!((cli.input_rows, cli.screened, cli.watchlist_indexed), (7, 3, 3), "{cli:?}");
        let accepted: Vec<(u64, &str)> = accepted.iter().map(|(l, r)| (*l, r.id.as_str())).collect();
        assert_eq!(accepted, vec![(2, "P1"), (8, "line 8"), (9, "P5")]);

        // Rejections by line, id and field, the same on both, in the server's words.
        let by_field: Vec<(u64, Option<&str>, Vec<&str>)> = server
            .rejected_rows
            .iter()
            .map(|r| (r.line, r.id.as_deref(), r.errors.as_ref().unwrap().0.keys().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            by_field,
            vec![
                (4, Some("P2"), vec!["date_of_birth"]),
                (5, Some("P3"), vec!["cnic"]),
                (7, Some("P4"), vec!["full_name"]),
                (11, Some("P6"), vec!["cnic", "date_of_birth"]),
            ]
        );
        assert_eq!(server.rejected[0], "line 4 (id P2): date_of_birth: Enter the date of birth as a year, a year and month, or a full date");
        let server_rows: Vec<(u64, Option<&str>, &str)> =
            server.rejected_rows.iter().map(|r| (r.line, r.id.as_deref(), r.reason.as_str())).collect();
        let cli_rows: Vec<(u64, Option<&str>, &str)> = cli
            .bad_rows
            .iter()
            .map(|b| {
                assert_eq!(b.source, hifazat_matching::Source::Input, "{b}");
                (b.line, b.id.as_deref(), b.reason.as_str())
            })
            .collect();
        assert_eq!(cli_rows, server_rows);
        let cli_words: Vec<String> = cli.bad_rows.iter().map(ToString::to_string).collect();
        let server_words: Vec<String> = server.rejected.iter().map(|r| format!("input {r}")).collect();
        assert_eq!(cli_words, server_words);

        // The same travellers alert (a row without an id: no reference on the server, its line
        // on the command line).
        let mut on_server: Vec<Option<String>> = imm
            .alerts(Some(AlertDecision::Pending))
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.query_ref)
            .collect();
        on_server.sort();
        on_server.dedup();
        let mut on_cli: Vec<Option<String>> = csv::Reader::from_reader(alerts_csv.as_slice())
            .records()
            .map(|r| r.unwrap()[0].to_owned())
            .map(|id| Some(id).filter(|i| !i.starts_with("line ")))
            .collect();
        on_cli.sort();
        on_cli.dedup();
        assert_eq!(on_server, vec![None, Some("P1".to_owned()), Some("P5".to_owned())]);
        assert_eq!(on_cli, on_server);
        s.close().await;
        db.drop_db().await;
    }
}
