//! Seeds an empty database with the demo at scale and times it (the log shows each phase), then
//! times the protection dashboard from the victim tallies and counted from every victim, for
//! the whole country, a province and a district (median of 5 each, milliseconds):
//! `cargo run -p hifazat-demo --example protection_scale -- URL CASES [api]` (`api` writes
//! every protection record through the API, as demos up to the default size do). With CASES 0
//! it only times the dashboard of a database already seeded.

use hifazat_store::protection::DashboardFilter;
use hifazat_store::{Ctx, Store, Vault};
use std::time::Instant;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter("info,sqlx=warn")
        .init();
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("give a database URL"))?;
    let cases: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(0);
    let through_api = args.next().as_deref() == Some("api");
    let store = Store::connect(&url, Vault::new([1u8; 32]))
        .await?
        .with_auth(hifazat_store::AuthConfig::demo());
    if cases > 0 {
        let started = Instant::now();
        let today = chrono::Utc::now().date_naive();
        let r = hifazat_demo::seed_with(&store, today, 2018, cases, !through_api, &mut |_, _| {})
            .await?;
        println!(
            "seeded {} cases, {} victims, {} referrals in {:.1} s",
            r.cases,
            r.victims,
            r.referrals,
            started.elapsed().as_secs_f64()
        );
    }
    let login = store
        .login(
            "national",
            hifazat_demo::DEMO_PASSWORD,
            "127.0.0.1",
            "api",
            None,
        )
        .await?;
    let national = store.scoped(Ctx {
        actor: login.actor,
        ip: None,
    });
    println!(
        "| Protection dashboard (ms, median of 5) | counting the victims | from the tallies |"
    );
    println!("|---|---|---|");
    for (name, f) in [
        ("whole country", DashboardFilter::default()),
        (
            "Punjab",
            DashboardFilter {
                province: Some("PK-PB".into()),
                ..Default::default()
            },
        ),
        (
            "Lahore",
            DashboardFilter {
                district: Some("LHR".into()),
                ..Default::default()
            },
        ),
    ] {
        let mut counted = Vec::new();
        let mut tallied = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let a = national.protection_dashboard_recount(&f).await?;
            counted.push(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            let b = national.protection_dashboard(&f).await?;
            tallied.push(t.elapsed().as_secs_f64() * 1000.0);
            anyhow::ensure!(
                serde_json::to_value(&a)? == serde_json::to_value(&b)?,
                "the dashboards differ"
            );
        }
        counted.sort_by(f64::total_cmp);
        tallied.sort_by(f64::total_cmp);
        println!("| {name} | {:.0} | {:.0} |", counted[2], tallied[2]);
    }
    Ok(())
}
