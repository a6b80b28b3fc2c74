//! Interceptions at borders (issue 13, item 2), on SQLite and on PostgreSQL: recorded in one
//! transaction (a refused record leaves nothing behind), scoped by district, listed with true
//! totals and filters, linked to cases the recorder may read, totals that add up (and small
//! counts hidden from analysts), and the audit rows.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use chrono::NaiveDate;
use hifazat_domain::interceptions::{
    AgeGroup, BorderKind, Direction, MigrantGroup, MigrantSex, NewInterception, VehicleCount,
    VehicleKind,
};
use hifazat_domain::stats::ShownCount;
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::admin::AgencyInput;
use hifazat_store::screening::interceptions::{InterceptionCaseLink, InterceptionFilter};
use hifazat_store::{both_engines, Store, StoreError};
use support::*;

async fn agency(s: &Store, name: &str, kind: &str, province: &str, district: &str) -> i64 {
    s.admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .create_agency(AgencyInput {
            name: name.into(),
            kind: kind.into(),
            province_code: Some(province.into()),
            district_code: Some(district.into()),
            parent_id: None,
        })
        .await
        .unwrap()
}

fn group(nationality: &str, sex: MigrantSex, age: AgeGroup, count: i64) -> MigrantGroup {
    MigrantGroup {
        nationality: nationality.into(),
        sex,
        age_group: age,
        count,
    }
}

/// Frontier Corps at Mand (Kech): 20 Pakistani men, 3 Afghan boys, 2 smugglers, 2 pickups.
fn mand(agency_id: i64) -> NewInterception {
    NewInterception {
        agency_id: Some(agency_id),
        border: Some(BorderKind::Land),
        place: "Mand, near the Iran border".into(),
        district: "KCH".into(),
        intercepted_on: NaiveDate::from_ymd_opt(2025, 6, 10),
        direction: Some(Direction::Leaving),
        migrants: vec![
            group("PK", MigrantSex::Male, AgeGroup::Adult, 20),
            group("AF", MigrantSex::Male, AgeGroup::Child, 3),
        ],
        smugglers_arrested: 2,
        vehicles: vec![VehicleCount {
            kind: VehicleKind::Pickup,
            count: 2,
        }],
        note: Some("Stopped at a check post".into()),
    }
}

/// Coast Guards off Karachi South: 8 Bangladeshi women, 1 smuggler, 1 boat.
fn karachi(agency_id: i64) -> NewInterception {
    NewInterception {
        agency_id: Some(agency_id),
        border: Some(BorderKind::Sea),
        place: "Off Manora".into(),
        district: "KHS".into(),
        intercepted_on: NaiveDate::from_ymd_opt(2025, 7, 1),
        direction: Some(Direction::Leaving),
        migrants: vec![group("BD", MigrantSex::Female, AgeGroup::Adult, 8)],
        smugglers_arrested: 1,
        vehicles: vec![VehicleCount {
            kind: VehicleKind::Boat,
            count: 1,
        }],
        note: None,
    }
}

both_engines! {
    async fn a_refused_interception_leaves_nothing_and_a_good_one_is_written_whole(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let fc = agency(&s, "Frontier Corps Mand", "frontier_corps", "PK-BA", "KCH").await;
        let ngo = agency(&s, "Helping Hands", "ngo", "PK-BA", "QTA").await;
        let nc = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        // Bad rows, an agency that does not intercept: nothing is written.
        let mut bad = mand(ngo);
        bad.migrants.push(group("ZZ", MigrantSex::Male, AgeGroup::Adult, 4));
        match nc.record_interception(bad).await {
            Err(StoreError::Invalid(e)) => {
                assert!(e.first("agency_id").is_some());
                assert_eq!(e.first("migrants"), Some("Choose each group's nationality from the list"));
            }
            other => panic!("{other:?}"),
        }
        for t in ["interceptions", "interception_migrants", "interception_vehicles"] {
            assert_eq!(count(&pool, &format!("SELECT COUNT(*) AS n FROM {t}")).await, 0, "{t}");
        }
        let id = nc.record_interception(mand(fc)).await.unwrap();
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM interception_migrants").await, 2);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM interception_vehicles").await, 1);
        let d = nc.interception(id).await.unwrap();
        assert_eq!((d.summary.migrants, d.summary.smugglers_arrested, d.summary.vehicles), (23, 2, 2));
        assert_eq!(d.summary.agency_kind, "frontier_corps");
        assert_eq!(d.province_code, "PK-BA");
        assert_eq!(d.migrant_groups[0].nationality, "PK");
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'create' AND entity = 'interception'").await, 1);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'view' AND entity = 'interception'").await, 1);
    }

    async fn each_jurisdiction_sees_its_own_interceptions(engine: Engine) {
        let (s, _db) = store(engine).await;
        let fc = agency(&s, "Frontier Corps Mand", "frontier_corps", "PK-BA", "KCH").await;
        let cg = agency(&s, "Pakistan Coast Guards Karachi", "coast_guards", "PK-SD", "KHS").await;
        let nc = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        let sindh = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-SD")).await);
        let imm = s.scoped(actor(&s, UserRole::ImmigrationOfficer, Jurisdiction::District("KHS".into())).await);
        let analyst = s.scoped(actor(&s, UserRole::Analyst, Jurisdiction::National).await);
        let b = nc.record_interception(mand(fc)).await.unwrap();
        // A Karachi immigration officer records in Karachi, not in Kech.
        match imm.record_interception(mand(fc)).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e.first("district"), Some("Choose a district in your jurisdiction")),
            other => panic!("{other:?}"),
        }
        let k = imm.record_interception(karachi(cg)).await.unwrap();
        let all = nc.interceptions(&InterceptionFilter::default()).await.unwrap();
        assert_eq!(all.total, 2);
        assert_eq!(all.items[0].id, k, "latest first");
        let own = sindh.interceptions(&InterceptionFilter::default()).await.unwrap();
        assert_eq!((own.total, own.items[0].id), (1, k));
        assert!(matches!(sindh.interception(b).await, Err(StoreError::NotFound)));
        assert!(sindh.interception(k).await.is_ok());
        // Filters.
        let sea = nc.interceptions(&InterceptionFilter { border: Some(BorderKind::Sea), ..Default::default() }).await.unwrap();
        assert_eq!((sea.total, sea.items[0].id), (1, k));
        let fcs = nc.interceptions(&InterceptionFilter { agency_kind: Some("frontier_corps".into()), ..Default::default() }).await.unwrap();
        assert_eq!((fcs.total, fcs.items[0].id), (1, b));
        let june = nc.interceptions(&InterceptionFilter { from: NaiveDate::from_ymd_opt(2025, 6, 1), to: NaiveDate::from_ymd_opt(2025, 6, 30), ..Default::default() }).await.unwrap();
        assert_eq!(june.total, 1);
        let kch = nc.interceptions(&InterceptionFilter { district: Some("kch".into()), ..Default::default() }).await.unwrap();
        assert_eq!(kch.total, 1);
        // The analyst: totals only.
        assert!(matches!(analyst.interceptions(&InterceptionFilter::default()).await, Err(StoreError::Forbidden(_))));
        assert!(matches!(analyst.interception(b).await, Err(StoreError::Forbidden(_))));
        let prosecutor = s.scoped(actor(&s, UserRole::Prosecutor, Jurisdiction::National).await);
        assert!(matches!(prosecutor.interception_totals(&InterceptionFilter::default()).await, Err(StoreError::Forbidden(_))));
    }

    async fn totals_add_up_and_small_counts_are_hidden_from_analysts(engine: Engine) {
        let (s, _db) = store(engine).await;
        let fc = agency(&s, "Frontier Corps Mand", "frontier_corps", "PK-BA", "KCH").await;
        let cg = agency(&s, "Pakistan Coast Guards Karachi", "coast_guards", "PK-SD", "KHS").await;
        let nc = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        nc.record_interception(mand(fc)).await.unwrap();
        nc.record_interception(mand(fc)).await.unwrap();
        nc.record_interception(karachi(cg)).await.unwrap();
        let t = nc.interception_totals(&InterceptionFilter::default()).await.unwrap();
        assert!(!t.suppressed);
        assert_eq!(t.interceptions, 3);
        assert_eq!(t.migrants, ShownCount::Exact(54));
        assert_eq!(t.smugglers, ShownCount::Exact(5));
        assert_eq!(t.vehicles, ShownCount::Exact(5));
        let sum = |rows: &[hifazat_store::screening::interceptions::InterceptionCount]| -> i64 {
            rows.iter().map(|r| r.count.exact().unwrap()).sum()
        };
        assert_eq!(sum(&t.by_nationality), 54);
        assert_eq!(sum(&t.by_sex), 54);
        assert_eq!(sum(&t.by_age_group), 54);
        assert_eq!(sum(&t.by_vehicle), 5);
        assert_eq!(t.by_nationality[0].code, "PK");
        assert_eq!(t.by_nationality[0].count, ShownCount::Exact(40));
        assert_eq!(t.by_district.iter().map(|g| g.migrants.exact().unwrap()).sum::<i64>(), 54);
        assert_eq!(t.by_agency_kind.iter().map(|g| g.interceptions).sum::<i64>(), 3);
        let sd = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-SD")).await);
        let t = sd.interception_totals(&InterceptionFilter::default()).await.unwrap();
        assert_eq!((t.interceptions, t.migrants), (1, ShownCount::Exact(8)));
        // The analyst: the 6 Afghan boys show; a small count does not, nor what would give it
        // away; the period is whole years.
        let analyst = s.scoped(actor(&s, UserRole::Analyst, Jurisdiction::National).await);
        let t = analyst.interception_totals(&InterceptionFilter { from: NaiveDate::from_ymd_opt(2025, 6, 1), ..Default::default() }).await.unwrap();
        assert!(t.suppressed);
        assert_eq!(t.from.as_deref(), Some("2025-01-01"));
        let smugglers: Vec<ShownCount> = t.by_district.iter().map(|g| g.smugglers).collect();
        assert!(smugglers.iter().any(|c| c.is_hidden()), "{smugglers:?}");
        let vehicles: Vec<ShownCount> = t.by_vehicle.iter().map(|g| g.count).collect();
        assert!(vehicles.iter().all(|c| c.is_hidden()), "{vehicles:?}");
        assert_eq!(t.migrants, ShownCount::Exact(54));
    }

    async fn cases_are_linked_only_when_the_recorder_may_read_them(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let cg = agency(&s, "Pakistan Coast Guards Karachi", "coast_guards", "PK-SD", "KHS").await;
        let sindh = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-SD")).await);
        let lahore = s.scoped(io(&s, "LHR").await);
        let khs = s.scoped(io(&s, "KHS").await);
        let id = sindh.record_interception(karachi(cg)).await.unwrap();
        let own = khs.create_case(new_case("KHS")).await.unwrap();
        let far = lahore.create_case(new_case("LHR")).await.unwrap();
        let reference = |id: i64| {
            let pool = pool.clone();
            async move {
                let r = sqlx::query("SELECT reference FROM cases WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap();
                sqlx::Row::try_get::<String, _>(&r, "reference").unwrap()
            }
        };
        let (own_ref, far_ref) = (reference(own).await, reference(far).await);
        let link = |r: &str| InterceptionCaseLink { case_reference: r.to_owned() };
        match sindh.link_interception_case(id, link(&far_ref)).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e.first("case_reference"), Some("There is no case with this reference in your jurisdiction")),
            other => panic!("{other:?}"),
        }
        sindh.link_interception_case(id, link(&own_ref.to_lowercase())).await.unwrap();
        match sindh.link_interception_case(id, link(&own_ref)).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e.first("case_reference"), Some("This case is already linked to the interception")),
            other => panic!("{other:?}"),
        }
        // Lahore's officer does not reach the Karachi interception at all.
        assert!(matches!(lahore.link_interception_case(id, link(&far_ref)).await, Err(StoreError::NotFound)));
        let d = sindh.interception(id).await.unwrap();
        assert_eq!(d.linked_cases.len(), 1);
        assert_eq!(d.linked_cases[0].reference, own_ref);
        assert_eq!(d.summary.cases, 1);
        sindh.unlink_interception_case(id, own).await.unwrap();
        assert!(matches!(sindh.unlink_interception_case(id, own).await, Err(StoreError::NotFound)));
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM interception_cases").await, 0);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'interception_case' AND case_id IS NOT NULL").await, 2);
    }
}
