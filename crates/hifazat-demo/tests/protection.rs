//! The demo's victim protection and referral data on SQLite: the pilot accounts work, a
//! provider sees only its own referrals, the dashboard shows far fewer victims referred than
//! identified (but well above the 4% baseline), with overdue referrals, consent overrides and
//! children without a child protection referral; and the same seed gives the same records,
//! whether the victims of cases are written through the API or in bulk.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use chrono::{DateTime, NaiveDate, Utc};
use hifazat_demo::{seed, SeedReport, DEMO_PASSWORD};
use hifazat_domain::protection::{DischargeTo, Group, ReferralStatus, Service};
use hifazat_domain::stats::ShownCount;
use hifazat_store::protection::{
    DashboardFilter, ProtectionDashboard, ProviderFilter, VictimDetail, VictimFilter,
};
use hifazat_store::testing::TestDb;
use hifazat_store::{both_engines, Ctx, Engine, Store, Vault};
use sqlx::Row;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The demo's "now": the store's clock is fixed so that what is overdue does not depend on
/// when the test runs.
fn now() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2025, 11, 20)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
        .and_utc()
}

async fn seeded(seed_value: u64, cases: usize) -> (Store, TestDb, SeedReport) {
    let db = TestDb::new(Engine::Sqlite).await;
    let store = Store::connect(&db.url, Vault::new([1u8; 32]))
        .await
        .expect("connect and migrate")
        .with_auth(hifazat_store::AuthConfig::demo())
        .with_clock(Arc::new(now));
    let report = seed(
        &store,
        now().date_naive(),
        seed_value,
        cases,
        &mut |_, _| {},
    )
    .await
    .expect("seed");
    (store, db, report)
}

async fn ctx(store: &Store, username: &str) -> Ctx {
    let login = store
        .login(username, DEMO_PASSWORD, "127.0.0.1", "api", None)
        .await
        .unwrap_or_else(|e| panic!("{username} cannot log in: {e}"));
    Ctx {
        actor: login.actor,
        ip: Some("127.0.0.1".into()),
    }
}

fn exact(c: ShownCount) -> i64 {
    match c {
        ShownCount::Exact(n) => n,
        other => panic!("a protection officer sees exact counts, not {other}"),
    }
}

/// Every victim record in the actor's jurisdiction, in full.
async fn victims(store: &Store, ctx: &Ctx) -> Vec<VictimDetail> {
    let scoped = store.scoped(ctx.clone());
    let mut out = Vec::new();
    for page in 1.. {
        let (items, total) = scoped
            .list_victims(&VictimFilter {
                page: Some(page),
                ..Default::default()
            })
            .await
            .expect("victims");
        let n = items.len();
        for v in items {
            out.push(scoped.get_victim(v.id).await.expect("victim"));
        }
        if n == 0 || out.len() as i64 >= total {
            break;
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lahore_pilot_and_the_national_dashboard_tell_the_referral_story() {
    let (store, db, report) = seeded(2, 300).await;
    assert!(report.providers >= 80, "{report:?}");
    assert!(report.victims >= 50 && report.referrals > 0, "{report:?}");

    // The pilot accounts log in; the shelter sees only the referrals made to it.
    let welfare = ctx(&store, "welfare.lahore").await;
    let shelter = ctx(&store, "shelter.lahore").await;
    let own = shelter
        .actor
        .agency_id
        .expect("the shelter account has an agency");
    let referrals = store
        .scoped(shelter.clone())
        .list_referrals(None)
        .await
        .expect("the shelter's referrals");
    assert!(referrals.len() >= 6, "{}", referrals.len());
    assert!(referrals
        .iter()
        .all(|r| r.provider_id == own && r.provider == "Darul Aman Lahore"));
    let statuses: BTreeSet<_> = referrals.iter().map(|r| r.status).collect();
    for s in [
        ReferralStatus::Sent,
        ReferralStatus::Accepted,
        ReferralStatus::Declined,
        ReferralStatus::InService,
        ReferralStatus::Closed,
    ] {
        assert!(statuses.contains(&s), "no {s:?} referral at the shelter");
    }
    assert!(referrals
        .iter()
        .filter(|r| r.status == ReferralStatus::Declined)
        .all(|r| r.decline_reason.is_some()));
    assert!(referrals.iter().any(|r| r.overdue), "an overdue referral");
    assert!(
        referrals
            .iter()
            .any(|r| r.status == ReferralStatus::Sent && !r.overdue),
        "a referral awaiting an answer, not yet due"
    );
    // The provider learns that consent was overridden, never the reason.
    assert!(referrals.iter().any(|r| r.consent_override));
    assert!(referrals
        .iter()
        .all(|r| r.consent_override_reason.is_none()));
    assert!(referrals
        .iter()
        .any(|r| r.status == ReferralStatus::InService && !r.delivered.is_empty()));
    // The child protection unit's account sees its own referrals only.
    let cpu = ctx(&store, "cpu.lahore").await;
    let cpu_referrals = store
        .scoped(cpu.clone())
        .list_referrals(None)
        .await
        .unwrap();
    assert!(!cpu_referrals.is_empty());
    assert!(cpu_referrals
        .iter()
        .all(|r| Some(r.provider_id) == cpu.actor.agency_id && r.is_child));

    // The national dashboard: far fewer referred than identified, but well above 4%.
    let national = ctx(&store, "national").await;
    let d = store
        .scoped(national)
        .protection_dashboard(&DashboardFilter::default())
        .await
        .expect("dashboard");
    let (identified, referred) = (exact(d.identified), exact(d.referred));
    assert!(
        identified > referred && referred > 0,
        "{identified} / {referred}"
    );
    let share = d.referred_percent.expect("a share");
    assert!(share > 10.0 && share < 50.0, "referred {share}%");
    assert!(exact(d.served) > 0 && exact(d.accepted) >= exact(d.served));
    assert!(exact(d.overdue_referrals) >= 1 && !d.overdue.is_empty());
    assert!(exact(d.consent_overrides) >= 1);
    assert!(exact(d.children_without_child_protection) >= 1 && !d.children_missing_cp.is_empty());
    assert!(d.median_days_to_service.is_some());
    assert!(d
        .shelters
        .iter()
        .any(|s| s.0 == "Darul Aman Lahore" && s.3.exact().unwrap_or(0) > 0));

    // Lahore, where the mechanism is piloted, refers a larger share.
    let lahore = store
        .scoped(welfare.clone())
        .protection_dashboard(&DashboardFilter::default())
        .await
        .unwrap();
    assert!(lahore.referred_percent.unwrap() > share);

    // A stay with the victim's wishes reviewed, a discharge to family and a recorded
    // follow-up; a consent withdrawn; an override by the Punjab supervisor.
    let all = victims(&store, &welfare).await;
    assert!(all.iter().all(|v| v.victim.district_code == "LHR"));
    assert!(all.iter().any(|v| v
        .stays
        .iter()
        .any(|s| { s.discharge_to == Some(DischargeTo::Family) && s.reviews.len() >= 3 })
        && v.follow_ups.len() == 3
        && v.follow_ups.iter().any(|f| f.outcome.is_some())
        && v.follow_ups.iter().any(|f| f.done_on.is_none())));
    assert!(all.iter().any(|v| v
        .stays
        .iter()
        .any(|s| s.discharged_on.is_none() && s.reviews.len() >= 2)));
    assert!(all
        .iter()
        .any(|v| v.consents.iter().any(|c| c.withdrawn_on.is_some())));
    assert!(all
        .iter()
        .any(|v| v.consents.iter().any(|c| c.with_guardian)));
    assert!(all.iter().any(|v| v
        .referrals
        .iter()
        .any(|r| r.consent_override_reason.is_some())));
    store.close().await;
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn punjab_has_a_shelter_in_every_district() {
    let (store, db, _) = seeded(6, 50).await;
    let national = ctx(&store, "national").await;
    let shelters = store
        .scoped(national)
        .providers(&ProviderFilter {
            province: Some("PK-PB".into()),
            service: Some(Service::Shelter),
            accepts: Some(Group::Women),
            ..Default::default()
        })
        .await
        .unwrap();
    let districts: BTreeSet<_> = shelters
        .iter()
        .filter(|p| p.name.starts_with("Darul Aman"))
        .filter_map(|p| p.district_code.clone())
        .collect();
    assert_eq!(districts.len(), 36);
    assert!(shelters.iter().all(|p| (15..=60).contains(&p.capacity)));
    store.close().await;
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_protection_records() {
    async fn key(seed_value: u64) -> Vec<String> {
        let (store, db, _) = seeded(seed_value, 120).await;
        let national = ctx(&store, "national").await;
        let mut out: Vec<String> = store
            .scoped(national)
            .list_referrals(None)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {} {:?} {}",
                    r.victim_code,
                    r.provider,
                    r.status.code(),
                    r.sent_at,
                    r.first_service_at,
                    r.delivered.len()
                )
            })
            .collect();
        out.sort();
        store.close().await;
        db.drop_db().await;
        out
    }
    let a = key(9).await;
    assert!(!a.is_empty());
    assert_eq!(a, key(9).await);
    assert_ne!(a, key(10).await);
}

async fn seeded_with_bulk(engine: Engine, bulk: bool) -> (Store, TestDb) {
    let db = TestDb::new(engine).await;
    let store = db
        .connect(Vault::new([1u8; 32]))
        .await
        .expect("connect and migrate")
        .with_auth(hifazat_store::AuthConfig::demo())
        .with_clock(Arc::new(now));
    hifazat_demo::seed_with(&store, now().date_naive(), 11, 1_200, bulk, &mut |_, _| {})
        .await
        .expect("seed");
    (store, db)
}

// Demos larger than the default write the victims of cases in bulk: the same records as the
// protection API writes for the same plan (every protection table, the dashboard, sealed texts
// that open), on both engines.

/// What the protection tables hold, each row as text without its id, sorted.
async fn records(url: &str) -> Vec<(String, Vec<String>)> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let mut out = Vec::new();
    for (table, sql) in [
        ("victims", "SELECT code, person_id, case_person_id, district_code, province_code, sex, age_years, is_child, result, \
            indicators, identified_on, identified_by, agency_id, retrafficked, created_at, referred, referral_accepted, \
            child_protection_referred, first_service_at, circumstances IS NULL FROM victims"),
        ("consents", "SELECT v.code, c.purpose, c.method, c.given_on, c.guardian_name_enc IS NULL, c.guardian_relation, \
            c.recorded_by, c.recorded_at, c.withdrawn_on, c.withdrawn_by FROM consents c JOIN victims v ON v.id = c.victim_id"),
        ("referrals", "SELECT v.code, r.provider_id, r.services, r.urgency, r.status, r.needs IS NULL, r.contact_arrangements IS NULL, \
            r.consent_override_reason IS NULL, r.sent_by, r.sent_at, r.due_at, r.responded_at, r.decline_reason IS NULL, \
            r.first_service_at, r.closed_at FROM referrals r JOIN victims v ON v.id = r.victim_id"),
        ("referral_events", "SELECT v.code, r.sent_at, e.from_status, e.to_status, e.reason IS NULL, e.user_id, e.at \
            FROM referral_events e JOIN referrals r ON r.id = e.referral_id JOIN victims v ON v.id = r.victim_id"),
        ("services_delivered", "SELECT v.code, d.service, d.delivered_on, d.note IS NULL, d.recorded_by, d.recorded_at \
            FROM services_delivered d JOIN referrals r ON r.id = d.referral_id JOIN victims v ON v.id = r.victim_id"),
        ("shelter_stays", "SELECT v.code, s.provider_id, s.admitted_on, s.planned_days, s.discharged_on, s.discharge_to, \
            s.created_by, s.created_at FROM shelter_stays s JOIN victims v ON v.id = s.victim_id"),
        ("stay_reviews", "SELECT v.code, w.review_date, w.victim_wishes IS NULL, w.plan IS NULL, w.reviewed_by, w.created_at \
            FROM stay_reviews w JOIN shelter_stays s ON s.id = w.stay_id JOIN victims v ON v.id = s.victim_id"),
        ("follow_ups", "SELECT v.code, f.due_on, f.done_on, f.outcome, f.note IS NULL, f.recorded_by \
            FROM follow_ups f JOIN victims v ON v.id = f.victim_id"),
        ("victim_counts", "SELECT district_code, province_code, sex, age_group, identified, referred, accepted, served, \
            child_without_cp, n FROM victim_counts WHERE n <> 0"),
        ("victim_service_days", "SELECT district_code, province_code, days, n FROM victim_service_days WHERE n <> 0"),
    ] {
        let mut rows: Vec<String> = sqlx::query(sql)
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| {
                        r.try_get::<Option<String>, _>(i)
                            .map(|v| v.unwrap_or_else(|| "NULL".into()))
                            .or_else(|_| r.try_get::<Option<i64>, _>(i).map(|v| format!("{v:?}")))
                            .or_else(|_| r.try_get::<bool, _>(i).map(|v| (v as i64).to_string()))
                            .unwrap()
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        rows.sort();
        out.push((table.to_owned(), rows));
    }
    pool.close().await;
    out
}

/// A dashboard without the row ids (the two ways number rows differently), its lists in order
/// of content (ties in their own order fall by id).
fn comparable(d: &ProtectionDashboard) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("id");
                m.remove("victim_id");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(d).unwrap();
    strip(&mut v);
    for list in ["overdue", "children_missing_cp"] {
        if let Some(serde_json::Value::Array(a)) = v.get_mut(list) {
            a.sort_by_key(|x| x.to_string());
        }
    }
    v
}

both_engines! {
    async fn victims_of_cases_written_in_bulk_are_those_the_api_writes(engine: Engine) {
        let (api, api_db) = seeded_with_bulk(engine, false).await;
        let (bulk, bulk_db) = seeded_with_bulk(engine, true).await;
        let (a, b) = (records(&api_db.url).await, records(&bulk_db.url).await);
        for ((table, a), (_, b)) in a.iter().zip(&b) {
            assert!(!a.is_empty(), "{table} is empty");
            assert_eq!(a.len(), b.len(), "{table}");
            for (x, y) in a.iter().zip(b) {
                assert_eq!(x, y, "{table}");
            }
        }
        let f = DashboardFilter::default();
        let (na, nb) = (ctx(&api, "national").await, ctx(&bulk, "national").await);
        let da = api.scoped(na).protection_dashboard(&f).await.unwrap();
        let db = bulk.scoped(nb.clone()).protection_dashboard(&f).await.unwrap();
        assert_eq!(comparable(&da), comparable(&db));
        // The sealed texts written in bulk open, as the victim's page shows them.
        let scoped = bulk.scoped(nb);
        let (victims, n) = scoped.list_victims(&Default::default()).await.unwrap();
        assert!(n > 20, "{n}");
        let mut opened = 0;
        for v in victims {
            let d = scoped.get_victim(v.id).await.unwrap();
            for r in &d.referrals {
                assert!(r.needs.is_some());
                opened += 1;
            }
        }
        assert!(opened > 0);
        api.close().await;
        bulk.close().await;
        api_db.drop_db().await;
        bulk_db.drop_db().await;
    }
}
