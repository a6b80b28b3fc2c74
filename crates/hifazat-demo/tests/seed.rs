//! Seeding the demo on SQLite: it works, the accounts log in, it runs once, it is
//! deterministic, and smuggling concentrates where the sources say it does.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use chrono::NaiveDate;
use hifazat_demo::{demo_accounts, seed, SeedReport, DEMO_PASSWORD};
use hifazat_domain::trial::{HearingOutcome, ScrutinyDecision, VerdictOutcome};
use hifazat_domain::{AccusedStatus, CaseKind, Stage};
use hifazat_store::cases::models::{CaseFilter, CaseSummary};
use hifazat_store::testing::TestDb;
use hifazat_store::{Ctx, Engine, Store, Vault};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 20).unwrap()
}

async fn store() -> (Store, TestDb) {
    let db = TestDb::new(Engine::Sqlite).await;
    let store = Store::connect(&db.url, Vault::new([1u8; 32]))
        .await
        .expect("connect and migrate")
        .with_auth(hifazat_store::AuthConfig::demo());
    (store, db)
}

async fn seeded(seed_value: u64, cases: usize) -> (Store, TestDb, SeedReport) {
    let (store, db) = store().await;
    let mut calls = Vec::new();
    let report = seed(&store, today(), seed_value, cases, &mut |done, total| {
        calls.push((done, total))
    })
    .await
    .expect("seed");
    assert_eq!(
        calls.last(),
        Some(&(cases, cases)),
        "progress reaches the total"
    );
    assert!(calls.windows(2).all(|w| w[0].0 < w[1].0));
    (store, db, report)
}

/// Every case, as the national coordinator sees them.
async fn all_cases(store: &Store) -> Vec<CaseSummary> {
    let login = store
        .login("national", DEMO_PASSWORD, "127.0.0.1", "api", None)
        .await
        .expect("login");
    let scoped = store.scoped(Ctx {
        actor: login.actor,
        ip: Some("127.0.0.1".into()),
    });
    let mut out = Vec::new();
    for page in 1.. {
        let (items, total) = scoped
            .list_cases(&CaseFilter {
                page: Some(page),
                per_page: Some(500),
                ..Default::default()
            })
            .await
            .expect("list");
        out.extend(items);
        if out.len() as i64 >= total {
            break;
        }
    }
    out.sort_by(|a, b| a.reference.cmp(&b.reference));
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeding_300_cases_works_and_every_account_logs_in() {
    let (store, db, report) = seeded(1, 300).await;
    assert!(!report.skipped);
    assert_eq!(report.cases, 300);
    assert_eq!(store.case_count().await.unwrap(), 300);
    assert!(report.agencies > 200, "{report:?}");
    assert_eq!(report.users, demo_accounts().len());
    assert_eq!(store.user_count().await.unwrap() as usize, report.users);
    for name in [
        "admin",
        "national",
        "io.lahore",
        "io.gujranwala",
        "supervisor.punjab",
        "analyst",
        "auditor",
    ] {
        assert!(demo_accounts().iter().any(|a| a.username == name), "{name}");
    }
    for a in demo_accounts() {
        let ok = store
            .login(a.username, DEMO_PASSWORD, "127.0.0.1", "api", None)
            .await
            .unwrap_or_else(|e| panic!("{} cannot log in: {e}", a.username));
        assert_eq!(ok.actor.roles, a.roles);
        assert_eq!(ok.actor.jurisdiction, a.jurisdiction);
        assert!(ok.actor.agency_id.is_some(), "{}", a.username);
    }
    // The register of recruitment agents: about 150 promoters, some acted on and met in
    // cases, and the cases' recurring agents linked to the cases where they are accused.
    assert_eq!(report.promoters, 150);
    assert!(report.unlicensed_agents > 5, "{report:?}");
    let em = store
        .login(
            "emigration.islamabad",
            DEMO_PASSWORD,
            "127.0.0.1",
            "api",
            None,
        )
        .await
        .unwrap();
    let em = store.scoped(Ctx {
        actor: em.actor,
        ip: None,
    });
    use hifazat_domain::agents::{AgentKind, LicenceStatus};
    use hifazat_store::agents::AgentFilter;
    let count = |kind, status| AgentFilter {
        kind: Some(kind),
        status,
        ..Default::default()
    };
    let em_total = |f| {
        let em = &em;
        async move { em.agents(&f).await.unwrap().total }
    };
    assert_eq!(em_total(count(AgentKind::Promoter, None)).await, 150);
    assert!(em_total(count(AgentKind::Promoter, Some(LicenceStatus::Suspended))).await > 0);
    assert!(em_total(count(AgentKind::Promoter, Some(LicenceStatus::Cancelled))).await > 0);
    let unlicensed = em
        .agents(&count(AgentKind::Unlicensed, None))
        .await
        .unwrap();
    assert_eq!(unlicensed.total as usize, report.unlicensed_agents);
    assert!(unlicensed.items.iter().all(|a| a.cases > 0));
    assert!(unlicensed.items.iter().any(|a| a.victims > 0));
    let cases = all_cases(&store).await;
    assert_eq!(cases.len(), 300);
    assert!(cases.iter().all(|c| c.agency.is_some()));
    assert!(cases
        .iter()
        .all(|c| c.fir_number.is_some() == c.fir_date.is_some()));
    for kind in [CaseKind::Trafficking, CaseKind::Smuggling, CaseKind::Both] {
        assert!(cases.iter().any(|c| c.kind == kind), "{kind:?}");
    }
    assert!(cases.iter().any(|c| c.stage == Stage::UnderTrial));
    assert!(cases.iter().any(|c| c.stage.is_decided()));
    // The trials read like the courts': the held hearings' outcomes, adjournments among them,
    // none for a hearing still ahead; the case before its court.
    let login = store
        .login("national", DEMO_PASSWORD, "127.0.0.1", "api", None)
        .await
        .unwrap();
    let scoped = store.scoped(Ctx {
        actor: login.actor,
        ip: None,
    });
    let tried = cases.iter().find(|c| c.stage == Stage::Convicted).unwrap();
    let c = scoped.get_case(tried.id).await.unwrap();
    assert!(
        c.hearings
            .iter()
            .all(|h| h.outcome.is_some() || h.purpose.as_deref() == Some("Bail application")),
        "{:?}",
        c.hearings
    );
    assert_eq!(
        c.hearings.last().unwrap().outcome,
        Some(HearingOutcome::Judgment)
    );
    let t = scoped.trial(tried.id).await.unwrap();
    assert_eq!(t.court.as_deref(), Some(c.hearings[0].court.as_str()));
    assert!(t
        .scrutinies
        .iter()
        .any(|s| s.decision == ScrutinyDecision::Accepted));
    // The verdicts say what the accused's statuses say, offence by offence.
    assert!(c
        .persons
        .iter()
        .any(|p| p.accused_status == Some(AccusedStatus::Convicted)));
    for p in c
        .persons
        .iter()
        .filter(|p| p.accused_status == Some(AccusedStatus::Convicted))
    {
        let theirs: Vec<_> = t
            .verdicts
            .iter()
            .filter(|v| v.case_person_id == p.id)
            .collect();
        assert_eq!(theirs.len(), c.offences.len(), "{theirs:?}");
        assert!(theirs
            .iter()
            .all(|v| v.outcome == VerdictOutcome::Convicted && v.imprisonment_months.is_some()));
    }
    let mut adjourned = 0;
    for c in cases.iter().filter(|c| c.stage == Stage::UnderTrial) {
        let c = scoped.get_case(c.id).await.unwrap();
        let today = chrono::Utc::now().date_naive().to_string();
        assert!(c
            .hearings
            .iter()
            .filter(|h| h.hearing_date > today)
            .all(|h| h.outcome.is_none()));
        adjourned += c
            .hearings
            .iter()
            .filter(|h| h.outcome == Some(HearingOutcome::Adjourned))
            .count();
    }
    assert!(adjourned > 5, "{adjourned}");
    store.close().await;
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeding_twice_skips_the_second_time() {
    let (store, db, _) = seeded(2, 50).await;
    let users = store.user_count().await.unwrap();
    let report = seed(&store, today(), 3, 50, &mut |_, _| {}).await.unwrap();
    assert!(report.skipped);
    assert_eq!(
        report,
        SeedReport {
            skipped: true,
            ..Default::default()
        }
    );
    assert_eq!(store.case_count().await.unwrap(), 50);
    assert_eq!(store.user_count().await.unwrap(), users);
    store.close().await;
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_cases() {
    let (a, db_a, _) = seeded(7, 120).await;
    let (b, db_b, _) = seeded(7, 120).await;
    let key = |c: &CaseSummary| {
        (
            c.reference.clone(),
            c.kind,
            c.stage,
            c.fir_number.clone(),
            c.reported_on.clone(),
            c.victim_codes.clone(),
        )
    };
    let ca: Vec<_> = all_cases(&a).await.iter().map(key).collect();
    let cb: Vec<_> = all_cases(&b).await.iter().map(key).collect();
    assert_eq!(ca.len(), 120);
    assert_eq!(ca, cb);
    let (c, db_c, _) = seeded(8, 120).await;
    let cc: Vec<_> = all_cases(&c).await.iter().map(key).collect();
    assert_ne!(ca, cc, "another seed gives other cases");
    for (s, db) in [(a, db_a), (b, db_b), (c, db_c)] {
        s.close().await;
        db.drop_db().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smuggling_concentrates_in_the_source_districts() {
    let (store, db, _) = seeded(11, 300).await;
    let cases = all_cases(&store).await;
    const SOURCE: [&str; 4] = ["GRW", "GJT", "SKT", "MBD"];
    let share = |kind: CaseKind| {
        let of_kind: Vec<_> = cases.iter().filter(|c| c.kind == kind).collect();
        let n = of_kind
            .iter()
            .filter(|c| SOURCE.contains(&c.district_code.as_str()))
            .count();
        (n as f64 / of_kind.len().max(1) as f64, of_kind.len())
    };
    let (smuggling, n) = share(CaseKind::Smuggling);
    let (trafficking, _) = share(CaseKind::Trafficking);
    // The four districts hold about 6% of the population (2017 census).
    assert!(n >= 50, "enough smuggling cases to judge: {n}");
    assert!(
        smuggling > 0.40,
        "smuggling in the source districts: {smuggling:.2}"
    );
    assert!(
        smuggling > 2.0 * trafficking,
        "smuggling {smuggling:.2} vs trafficking {trafficking:.2}"
    );
    store.close().await;
    db.drop_db().await;
}
