//! Seeds a throw-away SQLite database with the full demo and reports how long it took:
//! `cargo run -p hifazat-demo --example seed_timing [CASES]` (default 5,000).

use hifazat_store::testing::TestDb;
use hifazat_store::{Engine, Store, Vault};
use std::time::Instant;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cases = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(5_000);
    let db = TestDb::new(Engine::Sqlite).await;
    let store = Store::connect(&db.url, Vault::new([1u8; 32])).await?;
    let today = chrono::Utc::now().date_naive();
    let started = Instant::now();
    let report = hifazat_demo::seed(&store, today, 42, cases, &mut |done, total| {
        eprint!("\r{done}/{total} cases");
    })
    .await?;
    eprintln!();
    println!(
        "seeded {} agencies, {} accounts, {} cases in {:.1} s",
        report.agencies,
        report.users,
        report.cases,
        started.elapsed().as_secs_f64()
    );
    store.close().await;
    db.drop_db().await;
    Ok(())
}
