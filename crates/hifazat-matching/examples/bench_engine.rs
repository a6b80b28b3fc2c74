//! Benchmark driver for `bench/matching/run.py` (build with `--release`).
//!
//! ```text
//! bench_engine screen WATCHLIST.csv QUERIES.csv OUT.csv [FLOOR] [MAX_ALERTS] [THREADS]
//! bench_engine latency WATCHLIST.csv QUERIES.csv [N]
//! bench_engine pairs PAIRS.csv OUT.csv          (columns name1,name2 → score)
//! bench_engine truth WATCHLIST.csv QUERIES.csv TRUTH.csv OUT.csv
//! ```
//! bench_engine keys WATCHLIST.csv QUERIES.csv [COPIES] [compare]
//! ```
//! `keys` builds the compact person index ([`KeyIndex`]) from COPIES variants of the watchlist
//! (default 1; each copy after the first pairs every own name with another entry's father's
//! name and date of birth, and gives it a new CNIC), and reports the build time, the memory
//! held per entry (table capacities, and the process's resident growth), and the latency of a
//! search (candidates, then scoring the records it asks for). With `compare`, it also builds the
//! full [`Matcher`] from the same entries and counts the queries on which both give the same
//! alerts.
//! ```text
//! `truth` scores every labelled (query, watchlist entry) pair of `TRUTH.csv` (columns
//! `query_id,watchlist_id`) directly, without candidate generation: a true pair that scores
//! above the threshold here but raises no alert in `screen` was lost by the index.
//! Each mode prints one JSON line of measurements on stdout.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark driver: a panic stops the run with its message"
)]

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::time::Instant;

use hifazat_matching::{
    compare_names, read_records, Alert, Cnic, EntryKeys, KeyIndex, MatchOptions, Matcher, Record,
    Source,
};

/// The process's resident memory now, in bytes.
fn rss_bytes() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0)
        * 1024.0
}

/// Entry `i` of copy `c` of the watchlist `wl` for the `keys` mode, numbered `c * len + i`.
fn variant(wl: &[Record], c: usize, i: usize) -> Record {
    let base = &wl[i];
    let mut r = base.clone();
    r.id = (c * wl.len() + i).to_string();
    if c > 0 {
        let other = &wl[(i + c * 104_729) % wl.len()];
        r.father_name = other.father_name.clone();
        r.date_of_birth = other.date_of_birth;
        let serial = (c * wl.len() + i) % 10_000_000;
        r.cnic = base
            .cnic
            .and_then(|_| Cnic::parse(&format!("3520{}-{serial:07}-{}", c % 10, i % 10)).ok());
    }
    r
}

fn n_of<T>(v: &[T]) -> f64 {
    v.len().max(1) as f64
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn peak_rss_mb() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    for l in s.lines() {
        if let Some(v) = l.strip_prefix("VmHWM:") {
            let kb: f64 = v
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .unwrap_or(0.0);
            return kb / 1024.0;
        }
    }
    0.0
}

fn load(path: &str, src: Source) -> Vec<Record> {
    let (good, bad) =
        read_records(BufReader::new(File::open(path).expect(path)), src).expect("csv");
    for b in bad.iter().take(5) {
        eprintln!("bad row: {b}");
    }
    if bad.len() > 5 {
        eprintln!("… {} bad rows in {path}", bad.len());
    }
    good.into_iter().map(|(_, r)| r).collect()
}

fn build(wl: &[Record], floor: f64, max: usize) -> Matcher {
    let mut m = Matcher::new(MatchOptions {
        threshold: floor,
        max_alerts: max,
        ..MatchOptions::default()
    });
    for r in wl {
        if let Err(e) = m.insert(r) {
            eprintln!("skip: {e}");
        }
    }
    m
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("");
    match mode {
        "screen" => {
            let floor: f64 = args.get(5).and_then(|s| s.parse().ok()).unwrap_or(0.5);
            let max: usize = args.get(6).and_then(|s| s.parse().ok()).unwrap_or(10);
            let threads: usize = args.get(7).and_then(|s| s.parse().ok()).unwrap_or(2);
            let t0 = Instant::now();
            let wl = load(&args[2], Source::Watchlist);
            let qs = load(&args[3], Source::Input);
            let t_load = t0.elapsed().as_secs_f64();
            let t1 = Instant::now();
            let m = build(&wl, floor, max);
            drop(wl);
            let t_index = t1.elapsed().as_secs_f64();
            let t2 = Instant::now();
            let per = qs.len().div_ceil(threads.max(1));
            let results: Vec<Vec<Alert>> = std::thread::scope(|s| {
                let hs: Vec<_> = qs
                    .chunks(per.max(1))
                    .map(|part| {
                        let m = &m;
                        s.spawn(move || part.iter().map(|q| m.screen(q)).collect::<Vec<_>>())
                    })
                    .collect();
                hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
            });
            let t_screen = t2.elapsed().as_secs_f64();
            let mut w = csv::Writer::from_writer(BufWriter::new(File::create(&args[4]).unwrap()));
            w.write_record(["query_id", "watchlist_id", "score", "explanation"])
                .unwrap();
            for (q, alerts) in qs.iter().zip(&results) {
                for a in alerts {
                    let score = format!("{:.3}", a.score);
                    w.write_record([
                        q.id.as_str(),
                        a.watchlist_id.as_str(),
                        &score,
                        a.explanation.as_str(),
                    ])
                    .unwrap();
                }
            }
            w.flush().unwrap();
            println!(
                "{{\"entries\":{},\"queries\":{},\"load_s\":{:.3},\"index_s\":{:.3},\"screen_s\":{:.3},\"qps\":{:.1},\"peak_rss_mb\":{:.1},\"threads\":{}}}",
                m.len(),
                qs.len(),
                t_load,
                t_index,
                t_screen,
                qs.len() as f64 / t_screen,
                peak_rss_mb(),
                threads
            );
        }
        "latency" => {
            let n: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(5000);
            let wl = load(&args[2], Source::Watchlist);
            let qs = load(&args[3], Source::Input);
            let m = build(&wl, 0.8, 10);
            let mut lat: Vec<f64> = Vec::with_capacity(n);
            // warm-up
            for q in qs.iter().take(200) {
                let _ = m.screen(q);
            }
            for q in qs.iter().cycle().take(n) {
                let t = Instant::now();
                let a = m.screen(q);
                lat.push(t.elapsed().as_secs_f64() * 1000.0);
                std::hint::black_box(a);
            }
            lat.sort_by(|a, b| a.total_cmp(b));
            let p = |x: f64| lat[((lat.len() as f64 * x) as usize).min(lat.len() - 1)];
            println!(
                "{{\"entries\":{},\"n\":{},\"p50_ms\":{:.3},\"p99_ms\":{:.3},\"max_ms\":{:.3}}}",
                m.len(),
                n,
                p(0.5),
                p(0.99),
                lat[lat.len() - 1]
            );
        }
        "pairs" => {
            let mut rdr = csv::Reader::from_reader(BufReader::new(File::open(&args[2]).unwrap()));
            let h = rdr.headers().unwrap().clone();
            let i1 = h.iter().position(|c| c == "name1").unwrap();
            let i2 = h.iter().position(|c| c == "name2").unwrap();
            let mut w = BufWriter::new(File::create(&args[3]).unwrap());
            writeln!(w, "score").unwrap();
            let t = Instant::now();
            let mut n = 0;
            for r in rdr.records() {
                let r = r.unwrap();
                writeln!(w, "{:.3}", compare_names(&r[i1], &r[i2])).unwrap();
                n += 1;
            }
            println!(
                "{{\"pairs\":{},\"pairs_per_s\":{:.1}}}",
                n,
                n as f64 / t.elapsed().as_secs_f64()
            );
        }
        "truth" => {
            let wl = load(&args[2], Source::Watchlist);
            let qs = load(&args[3], Source::Input);
            let m = build(&wl, 0.8, 10);
            let by_id: std::collections::HashMap<&str, &Record> =
                qs.iter().map(|q| (q.id.as_str(), q)).collect();
            let mut rdr = csv::Reader::from_reader(BufReader::new(File::open(&args[4]).unwrap()));
            let mut w = csv::Writer::from_writer(BufWriter::new(File::create(&args[5]).unwrap()));
            w.write_record(["query_id", "watchlist_id", "score", "explanation"])
                .unwrap();
            let mut n = 0;
            for r in rdr.records() {
                let r = r.unwrap();
                let (qid, wid) = (&r[0], &r[1]);
                let (Some(q), false) = (by_id.get(qid), wid.is_empty()) else {
                    continue;
                };
                if let Some(s) = m.score_against(q, wid) {
                    let score = format!("{:.3}", s.score);
                    w.write_record([qid, wid, &score, &s.explanation]).unwrap();
                    n += 1;
                }
            }
            w.flush().unwrap();
            println!("{{\"pairs\":{n}}}");
        }
        "keys" => {
            let copies: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(1);
            let compare = args.get(5).is_some_and(|s| s == "compare");
            let wl = load(&args[2], Source::Watchlist);
            let qs = load(&args[3], Source::Input);
            let before = rss_bytes();
            let t = Instant::now();
            let mut k = KeyIndex::new(MatchOptions::default());
            for c in 0..copies {
                for i in 0..wl.len() {
                    if let Err(e) = k.insert(&variant(&wl, c, i)) {
                        eprintln!("skip: {e}");
                    }
                }
                eprintln!("{} entries indexed", k.len());
            }
            k.shrink_to_fit();
            let build_s = t.elapsed().as_secs_f64();
            let grown = rss_bytes() - before;
            // A restart: the same entries from their stored keys (as bytes), sealed this time.
            let secret = [9u8; 16];
            let sealed = KeyIndex::sealed(MatchOptions::default(), &secret);
            let t = Instant::now();
            let mut stored: Vec<Vec<u8>> = Vec::with_capacity(k.len());
            for c in 0..copies {
                for i in 0..wl.len() {
                    if let Ok(keys) = sealed.entry_keys(&variant(&wl, c, i)) {
                        stored.push(keys.to_bytes());
                    }
                }
            }
            let keys_s = t.elapsed().as_secs_f64();
            let stored_bytes = stored.iter().map(Vec::len).sum::<usize>() as f64 / n_of(&stored);
            let t = Instant::now();
            let mut restarted = sealed.empty_like();
            for (id, bytes) in stored.iter().enumerate() {
                let keys = EntryKeys::from_bytes(bytes).expect("reads back");
                restarted.insert_keys(id as u64, &keys).expect("new id");
            }
            restarted.shrink_to_fit();
            let restart_s = t.elapsed().as_secs_f64();
            drop((stored, restarted));
            let n = k.len() as f64;
            let search = |q: &Record| {
                let c = k.candidates(q, 10);
                let recs: Vec<Record> = c
                    .ids()
                    .iter()
                    .map(|&id| variant(&wl, id as usize / wl.len(), id as usize % wl.len()))
                    .collect();
                k.score(&c, &recs, 0.8, 10)
            };
            let mut lat = Vec::with_capacity(qs.len());
            for q in &qs {
                let t = Instant::now();
                std::hint::black_box(search(q));
                lat.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            lat.sort_by(|a, b| a.total_cmp(b));
            let same = compare.then(|| {
                let mut m = Matcher::new(MatchOptions::default());
                let before = rss_bytes();
                for c in 0..copies {
                    for i in 0..wl.len() {
                        let _ = m.insert(&variant(&wl, c, i));
                    }
                }
                m.reweigh_all();
                let matcher_bytes = (rss_bytes() - before) / n;
                let same = qs
                    .iter()
                    .filter(|q| search(q) == m.search(q, 0.8, 10))
                    .count();
                (same, matcher_bytes)
            });
            println!(
                "{{\"entries\":{},\"dead\":{},\"build_s\":{build_s:.1},\"sealed_keys_s\":{keys_s:.1},\"stored_bytes_per_entry\":{stored_bytes:.0},\"from_stored_keys_s\":{restart_s:.1},\"table_bytes_per_entry\":{:.0},\"rss_bytes_per_entry\":{:.0},\"queries\":{},\"p50_ms\":{:.3},\"p99_ms\":{:.3},\"same_alerts_as_matcher\":{},\"matcher_rss_bytes_per_entry\":{}}}",
                k.len(),
                k.dead(),
                k.heap_bytes() as f64 / n,
                grown / n,
                qs.len(),
                percentile(&lat, 0.5),
                percentile(&lat, 0.99),
                same.map_or("null".into(), |s| s.0.to_string()),
                same.map_or("null".into(), |s| format!("{:.0}", s.1)),
            );
        }
        _ => {
            eprintln!("usage: bench_engine screen|latency|pairs|truth|keys …");
            std::process::exit(2);
        }
    }
}
