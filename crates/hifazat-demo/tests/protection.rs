//! The demo's victim protection and referral data on SQLite: the pilot accounts work, a
//! provider sees only its own referrals, the dashboard shows far fewer victims referred than
//! identified (but well above the 4% baseline), with overdue referrals, consent overrides and
//! children without a child protection referral; and the same seed gives the same records.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use chrono::{DateTime, NaiveDate, Utc};
use hifazat_demo::{seed, SeedReport, DEMO_PASSWORD};
use hifazat_domain::protection::{DischargeTo, Group, ReferralStatus, Service};
use hifazat_domain::stats::ShownCount;
use hifazat_store::protection::{DashboardFilter, ProviderFilter, VictimDetail, VictimFilter};
use hifazat_store::testing::TestDb;
use hifazat_store::{Ctx, Engine, Store, Vault};
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
