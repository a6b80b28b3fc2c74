//! Seeds a throw-away SQLite database with the full demo and reports how long it took, with
//! the national protection dashboard's numbers, then how long the in-memory person index takes
//! to rebuild from the database (decrypting every record, then from the keys the first build
//! stored) and how much memory it holds, and
//! how searches fare while a new process builds it in the background at start-up:
//! `cargo run --release -p hifazat-demo --example seed_timing [CASES] [SEED]` (default 5,000
//! cases, seed 2018 as `hifazat serve --demo` uses).

use hifazat_store::protection::DashboardFilter;
use hifazat_store::testing::TestDb;
use hifazat_store::{Ctx, Engine, Store, Vault};
use std::time::Instant;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cases = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(5_000);
    let seed = std::env::args()
        .nth(2)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(2018);
    let db = TestDb::new(Engine::Sqlite).await;
    let store = Store::connect(&db.url, Vault::new([1u8; 32]))
        .await?
        .with_auth(hifazat_store::AuthConfig::demo());
    let today = chrono::Utc::now().date_naive();
    let started = Instant::now();
    let report = hifazat_demo::seed(&store, today, seed, cases, &mut |done, total| {
        eprint!("\r{done}/{total} cases");
    })
    .await?;
    eprintln!();
    println!(
        "seeded {} agencies, {} providers, {} accounts, {} cases, {} victims, {} referrals in {:.1} s",
        report.agencies,
        report.providers,
        report.users,
        report.cases,
        report.victims,
        report.referrals,
        started.elapsed().as_secs_f64()
    );
    for (user, filter) in [
        ("national", DashboardFilter::default()),
        ("welfare.lahore", DashboardFilter::default()),
    ] {
        let login = store
            .login(user, hifazat_demo::DEMO_PASSWORD, "127.0.0.1", "api", None)
            .await?;
        let d = store
            .scoped(Ctx {
                actor: login.actor,
                ip: None,
            })
            .protection_dashboard(&filter)
            .await?;
        println!(
            "{}: identified {}, referred {} ({:?}% against {}%), accepted {}, served {}, median days to service {:?}, \
             overdue {}, consent overrides {}, children without child protection {}",
            d.jurisdiction,
            d.identified,
            d.referred,
            d.referred_percent,
            d.baseline_percent,
            d.accepted,
            d.served,
            d.median_days_to_service,
            d.overdue_referrals,
            d.consent_overrides,
            d.children_without_child_protection
        );
    }
    // The person index as at the first start after an upgrade: every record decrypted and
    // indexed (its keys forgotten first), its keys stored; then as at any later start, from
    // the stored keys.
    store.forget_person_index_keys().await?;
    for how in ["decrypting every record", "from the stored keys"] {
        let rss_before = rss_mb();
        let started = Instant::now();
        let persons = store.load_person_index().await?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "person index {how}: {persons} records rebuilt in {secs:.2} s ({:.0} records/s, {} decrypted); process memory {:.0} MB -> {:.0} MB",
            persons as f64 / secs,
            store.person_index_decrypted(),
            rss_before,
            rss_mb()
        );
    }
    let officer = store
        .login(
            "io.lahore",
            hifazat_demo::DEMO_PASSWORD,
            "127.0.0.1",
            "api",
            None,
        )
        .await?
        .actor;
    store.close().await;
    // The server's start: a new process over the same database builds the person index in the
    // background; an officer searches meanwhile, every 20 ms.
    let started = Instant::now();
    let store = Store::connect(&db.url, Vault::new([1u8; 32]))
        .await?
        .with_auth(hifazat_store::AuthConfig::demo());
    let officer = store.scoped(Ctx {
        actor: officer,
        ip: None,
    });
    let q = hifazat_store::persons::PersonQuery {
        name: "Muhammad Asif".into(),
        ..Default::default()
    };
    let mut waits = Vec::new();
    while store.person_index_loading().is_some() {
        let t = Instant::now();
        officer.search_persons(&q).await?;
        waits.push(t.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let secs = started.elapsed().as_secs_f64();
    waits.sort_by(f64::total_cmp);
    let at =
        |p: f64| waits.get(((waits.len() as f64 * p) as usize).min(waits.len().saturating_sub(1)));
    println!(
        "start-up: person index built in the background in {secs:.2} s ({} records decrypted); {} searches meanwhile, median {:.1} ms, slowest {:.1} ms",
        store.person_index_decrypted(),
        waits.len(),
        at(0.5).copied().unwrap_or(0.0),
        waits.last().copied().unwrap_or(0.0)
    );
    store.close().await;
    db.drop_db().await;
    Ok(())
}

/// Resident memory of this process (Linux), in MB.
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}
