//! The bulk import of cases (demo data, the registry benchmark, legacy registers), on SQLite and
//! on PostgreSQL: written table by table with multi-row statements, it must leave the same
//! records as entering the cases one by one: references and victim codes numbered on from the
//! counters, a person on record linked by CNIC when asked, identifiers indexed and sealed,
//! stages, scrutinies, hearings and verdicts from the history, one audit row per batch, and
//! counters that interactive entry then numbers on from.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use hifazat_domain::trial::HearingOutcome;
use hifazat_domain::{AccusedStatus, Jurisdiction, PersonRole, Sex, Stage, UserRole};
use hifazat_store::cases::import::{ImportedCase, ImportedHearing, ImportedPerson};
use hifazat_store::cases::models::CaseFilter;
use hifazat_store::{both_engines, Ctx, StoreError};
use sqlx::Row;
use support::*;

const ACCUSED_CNIC: &str = "35202-7654321-9";

fn accused(status: Option<AccusedStatus>, link_existing: bool) -> ImportedPerson {
    let mut p = victim("Rafiq Syntheticagent", ACCUSED_CNIC);
    p.role = PersonRole::Accused;
    p.sex = Sex::Male;
    p.age = Some(40);
    p.phone = None;
    p.accused_status = status;
    p.link_existing = link_existing;
    let convicted = status == Some(AccusedStatus::Convicted);
    ImportedPerson {
        person: p,
        sentence: convicted.then(|| "7 years".to_owned()),
        fine_pkr: convicted.then_some(500_000),
    }
}

fn plain(p: hifazat_domain::NewPerson) -> ImportedPerson {
    ImportedPerson {
        person: p,
        sentence: None,
        fine_pkr: None,
    }
}

both_engines! {
    async fn an_import_leaves_what_entry_one_by_one_would(engine: Engine) {
        let (s, db) = store(engine).await;
        let io = io(&s, "LHR").await;
        let pool = raw(&db.url).await;
        let today = s.today();
        let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap();
        let reported = year_start.max(today - Duration::days(200)).min(today);
        let at = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(9, 0, 0).unwrap());
        // Case 1: judged; two victims (a child with a phone, an adult with an address), and an
        // accused convicted.
        let mut adult = victim("Shazia Syntheticbibi", "35202-1111111-2");
        adult.age = Some(30);
        adult.phone = None;
        adult.address = Some("House 12, Street 4, Synthetic Town".into());
        let mut case1 = new_case("LHR");
        case1.reported_on = Some(reported);
        case1.offences = vec!["PTPA-3".into(), "PPC-370".into()];
        let judged = ImportedCase {
            case: case1,
            created_by: Some(io.actor.username.clone()),
            created_at: at(reported),
            persons: vec![
                plain(victim("Nadia Syntheticchild", "35202-2222222-4")),
                plain(adult),
                accused(Some(AccusedStatus::Convicted), false),
            ],
            events: [
                Stage::FirRegistered,
                Stage::UnderInvestigation,
                Stage::ChallanSubmitted,
                Stage::UnderTrial,
                Stage::Convicted,
            ]
            .into_iter()
            .enumerate()
            .map(|(i, st)| (st, at(reported + Duration::days(10 * (i as i64 + 1))), None))
            .collect(),
            hearings: vec![
                ImportedHearing {
                    date: reported + Duration::days(45),
                    court: "Sessions Court Lahore".into(),
                    purpose: Some("evidence".into()),
                    outcome: Some((HearingOutcome::EvidenceRecorded, None, None)),
                },
            ],
        };
        // Case 2: the same accused, linked to the record on file; case 3: the same CNIC entered
        // as a new record (no link asked).
        let mut case2 = new_case("LHR");
        case2.reported_on = Some(reported);
        let linked = ImportedCase {
            case: case2.clone(),
            created_by: None,
            created_at: at(reported),
            persons: vec![accused(None, true)],
            events: vec![],
            hearings: vec![],
        };
        let unlinked = ImportedCase {
            persons: vec![accused(None, false)],
            ..linked.clone()
        };
        let mut batches = Vec::new();
        let n = s
            .scoped(hifazat_store::Ctx::system("test-import")).import_cases(vec![judged, linked, unlinked], 2, &mut |d| batches.push(d))
            .await
            .unwrap();
        assert_eq!(n, 3);
        assert_eq!(batches, vec![2, 3], "progress after each batch");
        let y = reported.format("%Y").to_string();
        let refs: Vec<String> = sqlx::query("SELECT reference FROM cases ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("reference"))
            .collect();
        assert_eq!(refs, [1, 2, 3].map(|i| format!("LHR-{y}-{i:04}")));
        // The judged case: stage, officer, court, history, victims by code, verdicts.
        let scoped = s.scoped(io.clone());
        let (list, total) = scoped.list_cases(&Default::default()).await.unwrap();
        assert_eq!(total, 3);
        let first = list.iter().find(|c| c.reference.ends_with("-0001")).unwrap();
        let d = scoped.get_case(first.id).await.unwrap();
        assert_eq!(d.case.stage, Stage::Convicted);
        assert_eq!(
            d.investigating_officer.as_ref().map(|o| o.username.as_str()),
            Some(io.actor.username.as_str()),
            "a case an IO registers is theirs"
        );
        assert_eq!(d.events.len(), 6, "registration and five moves");
        assert_eq!(d.events[0].to_stage, Stage::ComplaintReceived);
        assert_eq!(d.events[0].remark.as_deref(), Some("case registered"));
        assert_eq!(d.events[5].from_stage, Some(Stage::UnderTrial));
        assert_eq!(d.hearings.len(), 1);
        assert_eq!(d.hearings[0].outcome, Some(HearingOutcome::EvidenceRecorded));
        assert_eq!(
            d.case.victim_codes,
            vec![format!("V-{y}-LHR-0001-1"), format!("V-{y}-LHR-0001-2")]
        );
        let child = d.persons.iter().find(|p| p.victim_code.as_deref() == Some(&format!("V-{y}-LHR-0001-1")[..])).unwrap();
        assert!(child.is_child);
        let court: Option<String> = sqlx::query("SELECT court FROM cases WHERE id = $1")
            .bind(first.id)
            .fetch_one(&pool)
            .await
            .unwrap()
            .get("court");
        assert_eq!(court.as_deref(), Some("Sessions Court Lahore"));
        assert_eq!(
            count(&pool, &format!("SELECT COUNT(*) AS n FROM challan_scrutinies WHERE case_id = {} AND decision = 'accepted'", first.id)).await,
            1
        );
        assert_eq!(
            count(&pool, &format!("SELECT COUNT(*) AS n FROM verdicts WHERE case_id = {} AND outcome = 'convicted'", first.id)).await,
            2,
            "a verdict per offence"
        );
        assert_eq!(
            count(&pool, &format!("SELECT COUNT(*) AS n FROM verdicts WHERE case_id = {} AND fine_pkr = 500000 AND imprisonment_months = 84", first.id)).await,
            1,
            "term on each offence, the fine on the first"
        );
        // The accused: linked in case 2 to the record of case 1, a new record in case 3.
        let accused_ids: Vec<i64> = sqlx::query(
            "SELECT person_id FROM case_persons WHERE role = 'accused' ORDER BY case_id",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("person_id"))
        .collect();
        assert_eq!(accused_ids.len(), 3);
        assert_eq!(accused_ids[0], accused_ids[1], "linked by CNIC when asked");
        assert_ne!(accused_ids[0], accused_ids[2], "a new record when not");
        // Identifiers: the child's phone and the adult's address, sealed, linked to their records.
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM identifiers").await, 2);
        assert_eq!(
            count(&pool, "SELECT COUNT(*) AS n FROM identifiers WHERE value IS NULL OR value LIKE '%Synthetic%'").await,
            0,
            "identifier values are sealed"
        );
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM identifier_links").await, 2);
        // Nothing in clear in the persons table.
        assert_eq!(
            count(&pool, "SELECT COUNT(*) AS n FROM persons WHERE name_enc LIKE '%Synthetic%' OR cnic_enc LIKE '%35202%'").await,
            0
        );
        // One audit row per batch.
        assert_eq!(
            count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import' AND entity = 'case'").await,
            2
        );
        // Keyset paging reads the same list a page at a time, with the true total each time.
        let f1 = CaseFilter { per_page: Some(2), ..Default::default() };
        let (p1, t1) = scoped.list_cases(&f1).await.unwrap();
        let f2 = CaseFilter { after: f1.next_after(&p1), ..f1.clone() };
        assert!(f2.after.is_some());
        let (p2, t2) = scoped.list_cases(&f2).await.unwrap();
        assert_eq!((t1, t2), (3, 3));
        assert!(f2.next_after(&p2).is_none(), "the last page has no next");
        let paged: Vec<i64> = p1.iter().chain(&p2).map(|c| c.id).collect();
        assert_eq!(paged, list.iter().map(|c| c.id).collect::<Vec<_>>());
        let bad = CaseFilter { after: Some("yesterday".into()), ..Default::default() };
        match scoped.list_cases(&bad).await {
            Err(StoreError::Invalid(e)) => assert!(e.first("after").is_some(), "{e:?}"),
            other => panic!("a bad cursor is refused by field: {other:?}"),
        }
        // Entry by hand numbers on from the import: the next case, the next victim.
        let mut next = new_case("LHR");
        next.reported_on = Some(reported);
        let id = scoped.create_case(next).await.unwrap();
        let d4 = scoped.get_case(id).await.unwrap();
        assert_eq!(d4.case.reference, format!("LHR-{y}-0004"));
        let v = scoped
            .add_person(first.id, victim("Third Syntheticvictim", "35202-3333333-6"))
            .await
            .unwrap();
        assert_eq!(v.victim_code, Some(format!("V-{y}-LHR-0001-3")));
        // The person index holds the imported records.
        let hits = scoped
            .search_persons(&hifazat_store::persons::PersonQuery {
                name: "Rafiq Syntheticagent".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(hits.len() >= 2, "both records of the accused are found: {hits:?}");
        db.drop_db().await;
    }

    async fn only_administrators_and_the_system_actor_import_registers(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let io = io(&s, "LHR").await;
        let national = actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await;
        let case = ImportedCase {
            case: new_case("LHR"),
            created_by: None,
            created_at: Utc::now(),
            persons: vec![plain(victim("Nadia Syntheticchild", "35202-2222222-4"))],
            events: vec![],
            hearings: vec![],
        };
        for ctx in [io, national] {
            let who = ctx.actor.username.clone();
            let scoped = s.scoped(ctx);
            let r = scoped.import_cases(vec![case.clone()], 10, &mut |_| {}).await;
            assert!(matches!(r, Err(StoreError::Forbidden(_))), "{who} imported cases: {r:?}");
            let r = scoped.import_victims(vec![], 10, &mut |_| {}).await;
            assert!(matches!(r, Err(StoreError::Forbidden(_))), "{who} imported victims: {r:?}");
        }
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM cases").await, 0);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM persons").await, 0);
        // The system actor goes through the same door, and the audit trail names it.
        let system = s.scoped(Ctx::system("legacy-import"));
        assert_eq!(system.import_cases(vec![case], 10, &mut |_| {}).await.unwrap(), 1);
        let audited = count(
            &pool,
            "SELECT COUNT(*) AS n FROM audit_log WHERE username = 'legacy-import' AND action = 'import' AND user_id IS NULL",
        )
        .await;
        assert_eq!(audited, 1);
    }
}
