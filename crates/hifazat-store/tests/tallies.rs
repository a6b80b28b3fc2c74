//! The case tallies (migration 0026) that list totals and the monitoring page read instead of
//! counting every case: triggers keep them in step with the cases on both engines, whatever
//! writes the cases (entry one by one, the bulk import, any UPDATE or DELETE), and the pages
//! give the same figures from them as from counting.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use chrono::{Duration, TimeZone, Utc};
use hifazat_domain::{Jurisdiction, Stage, TransitionRequest, UserRole};
use hifazat_store::both_engines;
use hifazat_store::cases::import::ImportedCase;
use hifazat_store::cases::models::CaseFilter;
use hifazat_store::cases::monitoring::MonitoringFilter;
use sqlx::Row;
use support::*;

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

/// The tallies equal a count of the cases, row for row (tallies that fell to zero aside).
async fn check(pool: &sqlx::AnyPool, when: &str) {
    let closed: Vec<String> = Stage::ALL
        .iter()
        .filter(|s| !s.is_open())
        .map(|s| format!("'{}'", s.code()))
        .collect();
    let open = format!(
        "CAST(CASE WHEN stage IN ({}) THEN 0 ELSE 1 END AS TEXT)",
        closed.join(", ")
    );
    let counted = rows(
        pool,
        "SELECT district_code, province_code, kind, stage, COUNT(*) FROM cases \
         GROUP BY district_code, province_code, kind, stage",
    )
    .await;
    let tallied = rows(
        pool,
        "SELECT district_code, province_code, kind, stage, n FROM case_counts WHERE n <> 0",
    )
    .await;
    assert!(!counted.is_empty());
    assert_eq!(tallied, counted, "case_counts {when}");
    let counted = rows(
        pool,
        &format!(
            "SELECT district_code, province_code, kind, {open}, SUBSTR(reported_on, 1, 7), COUNT(*) \
             FROM cases GROUP BY district_code, province_code, kind, {open}, SUBSTR(reported_on, 1, 7)"
        ),
    )
    .await;
    let tallied = rows(
        pool,
        "SELECT district_code, province_code, kind, CAST(open AS TEXT), month, n FROM case_months WHERE n <> 0",
    )
    .await;
    assert_eq!(tallied, counted, "case_months {when}");
}

both_engines! {
    async fn tallies_follow_every_write_to_cases(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let today = s.today();
        // Entered one by one, and moved on.
        let a = lhr.create_case(new_case("LHR")).await.unwrap();
        let b = lhr.create_case(new_case("LHR")).await.unwrap();
        lhr.transition(b, TransitionRequest {
            to: Stage::FirRegistered,
            remark: None,
            fir_number: Some("12/2026".into()),
            fir_date: Some(today),
        }).await.unwrap();
        check(&pool, "after entry").await;
        // Imported in bulk, in batches, some with a history.
        let at = Utc.from_utc_datetime(&(today - Duration::days(400)).and_hms_opt(9, 0, 0).unwrap());
        let imported: Vec<ImportedCase> = (0..5)
            .map(|i| {
                let mut c = new_case(if i % 2 == 0 { "LHR" } else { "RWP" });
                c.reported_on = Some(today - Duration::days(400 - 30 * i));
                ImportedCase {
                    case: c,
                    created_by: None,
                    created_at: at,
                    persons: vec![],
                    events: if i < 2 {
                        vec![(Stage::Inquiry, at + Duration::days(1), None)]
                    } else {
                        vec![]
                    },
                    hearings: vec![],
                }
            })
            .collect();
        s.scoped(hifazat_store::Ctx::system("test-import")).import_cases(imported, 2, &mut |_| {}).await.unwrap();
        check(&pool, "after the import").await;
        // Any statement that changes what is tallied: kind, place, date reported, stage (to
        // closed and back), many rows at once; and one that changes nothing tallied.
        for sql in [
            format!("UPDATE cases SET kind = 'smuggling' WHERE id = {a}"),
            format!("UPDATE cases SET district_code = 'KHI', province_code = 'PK-SD' WHERE id = {b}"),
            format!("UPDATE cases SET reported_on = '2020-02-02' WHERE id = {a}"),
            format!("UPDATE cases SET stage = 'closed_untraced' WHERE id = {a}"),
            "UPDATE cases SET stage = 'inquiry' WHERE stage = 'complaint_received'".to_owned(),
            format!("UPDATE cases SET stage = 'inquiry' WHERE id = {a}"),
            "UPDATE cases SET last_activity_at = created_at".to_owned(),
        ] {
            sqlx::query(&sql).execute(&pool).await.unwrap();
            check(&pool, &sql).await;
        }
        // A copy inserted and deleted by hand.
        sqlx::query(&format!(
            "INSERT INTO cases (reference, kind, scope, stage, district_code, province_code, reported_on, transit_points, elements, created_at, last_activity_at) \
             SELECT 'TEST-COPY', kind, scope, 'convicted', district_code, province_code, reported_on, transit_points, elements, created_at, last_activity_at FROM cases WHERE id = {a}"
        )).execute(&pool).await.unwrap();
        check(&pool, "after a copy").await;
        sqlx::query("DELETE FROM cases WHERE reference = 'TEST-COPY'").execute(&pool).await.unwrap();
        check(&pool, "after deleting the copy").await;

        // What the list and the monitoring page read from them: the true totals.
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        let all: i64 = sqlx::query("SELECT COUNT(*) FROM cases").fetch_one(&pool).await.unwrap().get(0);
        assert_eq!(all, 7);
        assert_eq!(national.list_cases(&CaseFilter::default()).await.unwrap().1, all);
        let inquiry = CaseFilter { stage: Some(Stage::Inquiry), province: Some("PK-PB".into()), ..Default::default() };
        let (items, total) = national.list_cases(&inquiry).await.unwrap();
        let expected: i64 = sqlx::query("SELECT COUNT(*) FROM cases WHERE stage = 'inquiry' AND province_code = 'PK-PB'")
            .fetch_one(&pool).await.unwrap().get(0);
        assert!(expected > 1);
        assert_eq!((total, items.len() as i64), (expected, expected));
        let m = national.monitoring(&MonitoringFilter::default()).await.unwrap();
        assert_eq!(serde_json::to_value(m.total).unwrap(), serde_json::json!(7));
        db.drop_db().await;
    }

    async fn monitoring_counts_the_same_from_tallies_as_from_cases(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let ctx = io(&s, "LHR").await;
        let lhr = s.scoped(ctx);
        let today = s.today();
        // Open cases either side of each age bucket's first day, and some long decided.
        let mut ages: Vec<i64> = vec![0, 1, 30, 60];
        for edge in [91, 182, 365, 730] {
            ages.extend([edge - 1, edge, edge + 1]);
        }
        ages.extend([800, 1200]);
        for (i, days) in ages.iter().enumerate() {
            let id = lhr.create_case(new_case("LHR")).await.unwrap();
            let stage = if i % 5 == 4 { "convicted" } else { "inquiry" };
            sqlx::query(&format!(
                "UPDATE cases SET reported_on = '{}', stage = '{stage}' WHERE id = {id}",
                today - Duration::days(*days)
            ))
            .execute(&pool)
            .await
            .unwrap();
        }
        // The same cases counted two ways: every case in the officer's district (from the
        // tallies), and the cases the officer registered (which counts cases).
        let from_tallies = lhr.monitoring(&MonitoringFilter::default()).await.unwrap();
        let counted = lhr
            .monitoring(&MonitoringFilter { mine: Some(true), ..Default::default() })
            .await
            .unwrap();
        assert_eq!(json(&from_tallies.open_age), json(&counted.open_age));
        assert_eq!(json(&from_tallies.by_month), json(&counted.by_month));
        assert_eq!(json(&from_tallies.by_stage), json(&counted.by_stage));
        assert_eq!(json(&from_tallies.by_district), json(&counted.by_district));
        // And both as the days say.
        let open_days: Vec<i64> = ages.iter().enumerate().filter(|(i, _)| i % 5 != 4).map(|(_, d)| *d).collect();
        // A bucket's last day is in it: a case reported 91 days ago is under 3 months old.
        let expect: Vec<i64> = [(-1, 91), (91, 182), (182, 365), (365, 730), (730, i64::MAX)]
            .iter()
            .map(|(lo, hi)| open_days.iter().filter(|d| **d > *lo && **d <= *hi).count() as i64)
            .collect();
        let shown: Vec<i64> = from_tallies
            .open_age
            .iter()
            .map(|c| serde_json::to_value(c.count).unwrap().as_i64().unwrap())
            .collect();
        assert_eq!(shown, expect);
        db.drop_db().await;
    }
}
