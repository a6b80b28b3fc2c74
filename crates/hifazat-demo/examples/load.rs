//! Drives a running Hifazat server's JSON API with many concurrent users and reports, per
//! endpoint, throughput and latency percentiles (the registry benchmark, `bench/registry/`).
//!
//! ```sh
//! cargo run --release -p hifazat-demo --example load -- \
//!     --base http://127.0.0.1:8080 --users 200 --seconds 60 --think-ms 0
//! ```
//!
//! Each user signs in as one of the demo accounts (tokens are shared per account: one Argon2
//! check each, not 200) and repeats a mix of what officers do: list cases, filter them, search
//! by reference, open a case, look at monitoring, and (a supervisor) the protection dashboard.
//! With `--think-ms N` each user pauses N ms (±50 %) between requests, as people do. Latency is
//! measured from sending the request to reading the whole body; errors are counted apart and
//! left out of the percentiles. The first `--warmup` seconds are not counted.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::Client;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What one user does, and how often (weights).
const MIX: [(&str, u32); 6] = [
    ("list", 25),
    ("filter", 20),
    ("search", 15),
    ("case", 25),
    ("monitoring", 10),
    ("dashboard", 5),
];

/// Accounts the users sign in as (demo password), round robin.
const ACCOUNTS: [&str; 4] = [
    "national",
    "supervisor.punjab",
    "io.lahore",
    "supervisor.sindh",
];

const STAGES: [&str; 5] = [
    "under_investigation",
    "challan_submitted",
    "under_trial",
    "fir_registered",
    "inquiry",
];

#[derive(Debug, Clone)]
struct Opts {
    base: String,
    users: usize,
    seconds: u64,
    warmup: u64,
    think_ms: u64,
    password: String,
}

fn opts() -> anyhow::Result<Opts> {
    let mut o = Opts {
        base: "http://127.0.0.1:8080".into(),
        users: 200,
        seconds: 60,
        warmup: 5,
        think_ms: 0,
        password: "hifazat-demo".into(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || {
            args.next()
                .ok_or_else(|| anyhow::anyhow!("{a} needs a value"))
        };
        match a.as_str() {
            "--base" => o.base = val()?,
            "--users" => o.users = val()?.parse()?,
            "--seconds" => o.seconds = val()?.parse()?,
            "--warmup" => o.warmup = val()?.parse()?,
            "--think-ms" => o.think_ms = val()?.parse()?,
            "--password" => o.password = val()?,
            "-h" | "--help" => {
                println!(
                    "load [--base URL] [--users N] [--seconds S] [--warmup S] [--think-ms MS] [--password P]"
                );
                std::process::exit(0);
            }
            other => anyhow::bail!("unknown argument {other} (see --help)"),
        }
    }
    anyhow::ensure!(
        o.users > 0 && o.seconds > 0,
        "--users and --seconds must be above 0"
    );
    Ok(o)
}

/// Latencies (µs) and errors per endpoint.
#[derive(Default)]
struct Tally {
    ok: BTreeMap<&'static str, Vec<u32>>,
    errors: BTreeMap<&'static str, u64>,
    first_error: Option<String>,
}

/// A number below `n` (at least 1) from a user's own generator.
fn below(rng: &mut StdRng, n: u64) -> u64 {
    rng.gen_range(0..n.max(1))
}

async fn login(client: &Client, o: &Opts, user: &str) -> anyhow::Result<String> {
    let r = client
        .post(format!("{}/api/v1/auth/login", o.base))
        .json(&serde_json::json!({"username": user, "password": o.password}))
        .send()
        .await?;
    anyhow::ensure!(r.status().is_success(), "login as {user}: {}", r.status());
    let v: Value = r.json().await?;
    v["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("login as {user}: no token"))
}

/// The ids and references an account sees on the first pages of its case list, to open and
/// search for.
async fn sample(client: &Client, o: &Opts, token: &str) -> anyhow::Result<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for page in 1..=4 {
        let v: Value = client
            .get(format!("{}/api/v1/cases?per_page=100&page={page}", o.base))
            .bearer_auth(token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        for c in v["items"].as_array().into_iter().flatten() {
            if let (Some(id), Some(r)) = (c["id"].as_i64(), c["reference"].as_str()) {
                out.push((id, r.to_owned()));
            }
        }
    }
    anyhow::ensure!(
        !out.is_empty(),
        "the account sees no cases: seed the database first"
    );
    Ok(out)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let o = opts()?;
    let client = Client::builder()
        .pool_max_idle_per_host(o.users)
        .timeout(Duration::from_secs(60))
        .build()?;
    let mut accounts = Vec::new();
    for user in ACCOUNTS {
        let token = login(&client, &o, user).await?;
        let cases = sample(&client, &o, &token).await?;
        accounts.push(Arc::new((user, token, cases)));
    }
    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let counting_from = started + Duration::from_secs(o.warmup);
    let end = counting_from + Duration::from_secs(o.seconds);
    let total_weight: u32 = MIX.iter().map(|(_, w)| w).sum();
    let mut tasks = Vec::new();
    for u in 0..o.users {
        let (client, o, tally) = (client.clone(), o.clone(), tally.clone());
        let account = accounts[u % accounts.len()].clone();
        tasks.push(tokio::spawn(async move {
            let (user, token, cases) = &*account;
            let mut rng = StdRng::seed_from_u64(u as u64);
            while Instant::now() < end {
                let mut pick = below(&mut rng, u64::from(total_weight)) as u32;
                let what = MIX
                    .iter()
                    .find(|(_, w)| {
                        if pick < *w {
                            true
                        } else {
                            pick -= w;
                            false
                        }
                    })
                    .map_or("list", |(k, _)| *k);
                let (id, reference) = &cases[below(&mut rng, cases.len() as u64) as usize];
                let req = match what {
                    "list" => client.get(format!(
                        "{}/api/v1/cases?page={}",
                        o.base,
                        1 + below(&mut rng, 20)
                    )),
                    "filter" => client.get(format!(
                        "{}/api/v1/cases?stage={}&open=true",
                        o.base,
                        STAGES[below(&mut rng, STAGES.len() as u64) as usize]
                    )),
                    "search" => client
                        .post(format!("{}/api/v1/cases/search", o.base))
                        .json(&serde_json::json!({ "q": reference })),
                    "case" => client.get(format!("{}/api/v1/cases/{id}", o.base)),
                    "monitoring" => client.get(format!("{}/api/v1/monitoring", o.base)),
                    // The protection dashboard is a supervisor's and the national coordinator's.
                    _ if *user == "io.lahore" => {
                        client.get(format!("{}/api/v1/monitoring?mine=true", o.base))
                    }
                    _ => client.get(format!("{}/api/v1/protection/dashboard", o.base)),
                };
                let sent = Instant::now();
                let res = req.bearer_auth(token).send().await;
                let outcome = match res {
                    Ok(r) if r.status().is_success() => {
                        r.bytes().await.map(|_| ()).map_err(|e| e.to_string())
                    }
                    Ok(r) => {
                        let status = r.status();
                        let body = r.text().await.unwrap_or_default();
                        Err(format!(
                            "{what}: {status} {}",
                            body.chars().take(200).collect::<String>()
                        ))
                    }
                    Err(e) => Err(format!("{what}: {e}")),
                };
                let took = sent.elapsed();
                if sent >= counting_from && Instant::now() <= end {
                    let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
                    match outcome {
                        Ok(()) => {
                            t.ok.entry(what)
                                .or_default()
                                .push(took.as_micros().min(u128::from(u32::MAX)) as u32)
                        }
                        Err(e) => {
                            *t.errors.entry(what).or_default() += 1;
                            t.first_error.get_or_insert(e);
                        }
                    }
                }
                if o.think_ms > 0 {
                    let pause = o.think_ms / 2 + below(&mut rng, o.think_ms + 1);
                    tokio::time::sleep(Duration::from_millis(pause)).await;
                }
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let t = tally.lock().unwrap_or_else(|e| e.into_inner());
    let secs = o.seconds as f64;
    println!(
        "{} users, think time {} ms, {} s measured after {} s warm-up, against {}",
        o.users, o.think_ms, o.seconds, o.warmup, o.base
    );
    println!();
    println!("| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut all: Vec<u32> = Vec::new();
    let mut errors = 0;
    let row = |name: &str, v: &mut Vec<u32>, err: u64| {
        v.sort_unstable();
        let q = |p: f64| -> f64 {
            if v.is_empty() {
                return 0.0;
            }
            let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
            f64::from(v[i]) / 1000.0
        };
        println!(
            "| {name} | {} | {err} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} |",
            v.len(),
            v.len() as f64 / secs,
            q(0.50),
            q(0.95),
            q(0.99),
            q(1.0)
        );
    };
    for (name, _) in MIX {
        let mut v = t.ok.get(name).cloned().unwrap_or_default();
        let err = t.errors.get(name).copied().unwrap_or(0);
        all.extend(&v);
        errors += err;
        row(name, &mut v, err);
    }
    row("**all**", &mut all, errors);
    if let Some(e) = &t.first_error {
        println!();
        println!("first error: {e}");
    }
    Ok(())
}
