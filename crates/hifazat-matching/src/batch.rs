//! Batch screening of a CSV of people against a CSV watchlist.

use std::fmt;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use hifazat_domain::csv_import::CsvLayout;
use hifazat_domain::screening::{read_screening_list, SCREENING_LAYOUT};

use crate::matcher::{Alert, IndexError, MatchOptions, Matcher, DEFAULT_THRESHOLD};
use crate::Record;

/// Good records with their line numbers, and the bad rows, read from one CSV file.
pub type ReadRecords = (Vec<(u64, Record)>, Vec<BadRow>);

/// Options of [`screen_csv`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScreenOptions {
    /// Alert threshold in 0..1 (default [`DEFAULT_THRESHOLD`]).
    pub threshold: f64,
    /// At most this many alerts per query row.
    pub max_alerts_per_query: usize,
    /// Worker threads; 0 uses the available parallelism.
    pub threads: usize,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions {
            threshold: DEFAULT_THRESHOLD,
            max_alerts_per_query: 10,
            threads: 0,
        }
    }
}

/// Which file a row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// The watchlist file.
    Watchlist,
    /// The file of people to screen.
    Input,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Watchlist => "watchlist",
            Source::Input => "input",
        })
    }
}

/// A row that could not be used, with its line number (1 = header line) and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadRow {
    /// File the row is in.
    pub source: Source,
    /// Line number in that file (the header is line 1).
    pub line: u64,
    /// The row's id, when it has one.
    pub id: Option<String>,
    /// Why the row was not used.
    pub reason: String,
}

impl fmt::Display for BadRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} line {}", self.source, self.line)?;
        if let Some(id) = &self.id {
            write!(f, " (id {id})")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// What a screening run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScreenReport {
    /// Data rows read from the watchlist.
    pub watchlist_rows: usize,
    /// Watchlist entries indexed.
    pub watchlist_indexed: usize,
    /// Data rows read from the input.
    pub input_rows: usize,
    /// Input rows screened.
    pub screened: usize,
    /// Input rows with at least one alert.
    pub queries_with_alerts: usize,
    /// Alert rows written.
    pub alerts: usize,
    /// Rows not used, by file and line; never silently dropped.
    pub bad_rows: Vec<BadRow>,
}

/// Stage of a screening run, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Building the watchlist index.
    Indexing,
    /// Screening input rows.
    Screening,
}

/// A progress report: `done` of `total` rows of the stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Stage.
    pub stage: Stage,
    /// Rows done.
    pub done: usize,
    /// Rows in the stage.
    pub total: usize,
}

/// A failure that stops a screening run (bad rows do not: they go to the report).
#[derive(Debug, thiserror::Error)]
pub enum ScreenError {
    /// A file cannot be used as a whole (e.g. no `full_name` column), in the server's words.
    #[error("{source_file}: {message}")]
    File {
        /// File.
        source_file: Source,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read.
    #[error("{source_file}: cannot read: {error}")]
    Read {
        /// File.
        source_file: Source,
        /// The error.
        #[source]
        error: std::io::Error,
    },
    /// Writing the alerts failed.
    #[error("cannot write alerts: {0}")]
    Write(#[from] csv::Error),
    /// Writing the alerts failed.
    #[error("cannot write alerts: {0}")]
    Io(#[from] std::io::Error),
}

/// A watchlist file: a list to screen whose entries all have an id (alerts name them by it).
const WATCHLIST_LAYOUT: CsvLayout = CsvLayout {
    required: &["id", "full_name"],
    ..SCREENING_LAYOUT
};

/// Reads records from a CSV laid out as the server reads a list to screen
/// ([`SCREENING_LAYOUT`]: `id,full_name,father_name,date_of_birth,cnic,passport,nationality`
/// in any order, `full_name` required, `name` and `dob` accepted for `full_name` and
/// `date_of_birth`, other columns ignored, blank lines skipped), every row checked as
/// [`read_screening_list`] checks it, so that a file gives the same rows and the same
/// rejections here as on the server. A watchlist also needs an `id` column and an id on every
/// entry; an input row without an id is named `line N`. Returns the good records with their
/// line numbers, and the bad rows, in file order.
pub fn read_records<R: Read>(mut r: R, source: Source) -> Result<ReadRecords, ScreenError> {
    let mut text = Vec::new();
    r.read_to_end(&mut text)
        .map_err(|error| ScreenError::Read {
            source_file: source,
            error,
        })?;
    let layout = match source {
        Source::Watchlist => &WATCHLIST_LAYOUT,
        Source::Input => &SCREENING_LAYOUT,
    };
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let list = read_screening_list(&text, layout, |line, req| {
        let id = match (&req.id, source) {
            (Some(id), _) => id.clone(),
            (None, Source::Input) => format!("line {line}"),
            (None, Source::Watchlist) => {
                return bad.push(BadRow {
                    source,
                    line,
                    id: None,
                    reason: "missing id".into(),
                })
            }
        };
        good.push((line, Record::of(id, req.identity())));
    })
    .map_err(|e| ScreenError::File {
        source_file: source,
        message: e.messages().collect::<Vec<_>>().join("; "),
    })?;
    bad.extend(list.rejected.into_iter().map(|r| BadRow {
        source,
        line: r.line,
        id: r.id,
        reason: r.reason,
    }));
    bad.sort_by_key(|b| b.line);
    Ok((good, bad))
}

/// Screens every row of `input` against `watchlist` (both CSV with the columns
/// `id,full_name,father_name,date_of_birth,cnic,passport,nationality`, read by
/// [`read_records`] as the server reads a list) and writes one row per alert to `output`:
/// `query_id,watchlist_id,score,explanation`, score with three decimals, sorted by input order
/// then score descending (an input row without an id is named `line N`). Bad rows (a watchlist
/// entry without an id, a date or CNIC that does not read, a duplicate watchlist id…) are
/// returned in the report with their line numbers, in the server's words; the good rows are
/// still screened. `progress` is called from the calling thread.
pub fn screen_csv<R1: Read, R2: Read, W: Write>(
    watchlist: R1,
    input: R2,
    output: W,
    opts: &ScreenOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ScreenReport, ScreenError> {
    let mut report = ScreenReport::default();
    let (wl, mut bad) = read_records(watchlist, Source::Watchlist)?;
    report.watchlist_rows = wl.len() + bad.len();
    let mut matcher = Matcher::new(MatchOptions {
        threshold: opts.threshold,
        max_alerts: opts.max_alerts_per_query.max(1),
        ..MatchOptions::default()
    });
    let total = wl.len();
    for (i, (line, rec)) in wl.iter().enumerate() {
        match matcher.insert(rec) {
            Ok(()) => {}
            Err(e) => {
                let reason = match &e {
                    IndexError::DuplicateId(_) => format!("{e} (first occurrence kept)"),
                    _ => e.to_string(),
                };
                bad.push(BadRow {
                    source: Source::Watchlist,
                    line: *line,
                    id: Some(rec.id.clone()),
                    reason,
                });
            }
        }
        if (i + 1) % 10_000 == 0 || i + 1 == total {
            progress(Progress {
                stage: Stage::Indexing,
                done: i + 1,
                total,
            });
        }
    }
    report.watchlist_indexed = matcher.len();

    let (queries, qbad) = read_records(input, Source::Input)?;
    report.input_rows = queries.len() + qbad.len();
    bad.extend(qbad);
    bad.sort_by_key(|a| (a.source as u8, a.line));
    report.bad_rows = bad;

    let mut w = csv::Writer::from_writer(output);
    w.write_record(["query_id", "watchlist_id", "score", "explanation"])?;
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    } else {
        opts.threads
    };
    let total = queries.len();
    let block = 4096;
    let mut done = 0;
    for chunk in queries.chunks(block) {
        let results: Vec<Vec<Alert>> = screen_block(&matcher, chunk, threads, opts.threshold);
        for ((_, q), alerts) in chunk.iter().zip(results) {
            if !alerts.is_empty() {
                report.queries_with_alerts += 1;
            }
            for a in alerts {
                w.write_record([
                    spreadsheet_safe(&q.id).as_ref(),
                    spreadsheet_safe(&a.watchlist_id).as_ref(),
                    &format!("{:.3}", a.score),
                    spreadsheet_safe(&a.explanation).as_ref(),
                ])?;
                report.alerts += 1;
            }
        }
        done += chunk.len();
        report.screened = done;
        progress(Progress {
            stage: Stage::Screening,
            done,
            total,
        });
    }
    w.flush()?;
    Ok(report)
}

fn screen_block(
    m: &Matcher,
    chunk: &[(u64, Record)],
    threads: usize,
    threshold: f64,
) -> Vec<Vec<Alert>> {
    let run = |part: &[(u64, Record)]| -> Vec<Vec<Alert>> {
        part.iter()
            .map(|(_, q)| m.screen_with_threshold(q, threshold))
            .collect()
    };
    if threads <= 1 || chunk.len() < 64 {
        return run(chunk);
    }
    let per = chunk.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = chunk
            .chunks(per)
            .map(|part| s.spawn(move || run(part)))
            .collect();
        handles
            .into_iter()
            // A worker's panic is raised again here, with its own message.
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// A CSV cell that a spreadsheet will not run as a formula: text starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'` (OWASP's advice against CSV injection).
/// Used for every CSV Hifazat writes (ids and explanations here come from the input files).
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}
