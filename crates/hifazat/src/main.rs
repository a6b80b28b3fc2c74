//! `hifazat`: one binary for the server and its administration.
//!
//! * `hifazat serve [--demo]` runs the web application (SQLite under the data directory by
//!   default, PostgreSQL with `--database-url postgres://…`); migrations run at start.
//! * `hifazat user add|list` manages staff accounts (there is no default password).
//! * `hifazat screen` screens a CSV of passengers (or any persons) against a watchlist CSV.
//! * `hifazat key generate` prints a new encryption key.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::{Store, Vault};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "hifazat",
    version,
    about = "Hifazat: case registry and protection system for trafficking in persons and smuggling of migrants"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (pages and JSON API).
    Serve(ServeArgs),
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Screen a list of persons against a watchlist (CSV in, CSV of alerts out).
    ///
    /// Both files have the columns id,full_name,father_name,date_of_birth,cnic,passport,nationality
    /// (empty where unknown; dates YYYY-MM-DD or a year). The output has one row per alert:
    /// query_id,watchlist_id,score,explanation. Bad rows are reported with their line numbers.
    Screen(ScreenArgs),
    /// Encryption keys.
    #[command(subcommand)]
    Key(KeyCommand),
}

#[derive(Args)]
struct ScreenArgs {
    /// The watchlist CSV.
    #[arg(long)]
    watchlist: PathBuf,
    /// The persons to screen (CSV).
    #[arg(long)]
    input: PathBuf,
    /// Where to write the alerts (CSV).
    #[arg(long)]
    output: PathBuf,
    /// Lowest score (0 to 1) that raises an alert [default: 0.80]. At 0.80 two records that
    /// agree on one name and on nothing else ("one name only") alert; raise it above 0.80 to
    /// require something more (father's name, date of birth, a document).
    #[arg(long)]
    threshold: Option<f64>,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// Directory for the SQLite database and the key file.
    #[arg(long, env = "HIFAZAT_DATA_DIR", default_value = "hifazat-data")]
    data_dir: PathBuf,
    /// Database URL: `sqlite://PATH` or `postgres://USER@HOST/DB`. Default: SQLite in the data directory.
    #[arg(long, env = "HIFAZAT_DATABASE_URL")]
    database_url: Option<String>,
    /// File holding the encryption key (base64, 32 bytes); `HIFAZAT_KEY` overrides it.
    /// Default: `hifazat.key` in the data directory, created on first start.
    #[arg(long, env = "HIFAZAT_KEY_FILE")]
    key_file: Option<PathBuf>,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "HIFAZAT_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// On an empty database, load the synthetic national demo dataset and demo accounts (password `hifazat-demo`).
    #[arg(long)]
    demo: bool,
    /// Number of demo cases.
    #[arg(long, default_value_t = 5000)]
    demo_cases: usize,
    /// Days without activity after which an open case counts as stalled.
    #[arg(long, env = "HIFAZAT_STALLED_DAYS", default_value_t = 90)]
    stalled_days: i64,
    /// Mark cookies Secure (when served over HTTPS behind a proxy).
    #[arg(long, env = "HIFAZAT_SECURE_COOKIES")]
    secure_cookies: bool,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from the terminal (or one line of standard input).
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// Login name (lower case, digits, '.', '-', '_').
        #[arg(long)]
        username: String,
        /// Name shown in the interface.
        #[arg(long)]
        name: String,
        /// Role (repeatable): administrator, national_coordinator, supervisor, investigating_officer, prosecutor, analyst, auditor.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Jurisdiction: `national`, `province:PK-PB` or `district:LHR`.
        #[arg(long, default_value = "national")]
        jurisdiction: String,
        /// Agency name (as listed by the server).
        #[arg(long)]
        agency: Option<String>,
    },
    /// List accounts.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Print a new random key (base64), for `HIFAZAT_KEY` or a key file.
    Generate,
}

impl DbArgs {
    fn url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("hifazat.db").display()))
    }

    async fn open(&self) -> Result<Store> {
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("creating data directory {}", self.data_dir.display()))?;
        let key_path = self
            .key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("hifazat.key"));
        let (vault, created) =
            Vault::load(&key_path, true).context("loading the encryption key")?;
        if created {
            eprintln!(
                "Created a new encryption key at {}.\nBack it up and keep it apart from database backups: without it, victims' identifying data cannot be read.",
                key_path.display()
            );
        }
        let url = self.url();
        Store::connect(&url, vault)
            .await
            .with_context(|| format!("opening the database {}", redact(&url)))
    }
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…{}", &url[..s], &url[at..]),
        _ => url.to_owned(),
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HIFAZAT_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Serve(a) => serve(a).await,
        Command::User(UserCommand::Add {
            db,
            username,
            name,
            roles,
            jurisdiction,
            agency,
        }) => {
            let store = db.open().await?;
            let roles = roles
                .iter()
                .map(|r| UserRole::from_code(r).with_context(|| format!("unknown role '{r}'")))
                .collect::<Result<Vec<_>>>()?;
            let jurisdiction = Jurisdiction::from_code(&jurisdiction).with_context(|| format!("unknown jurisdiction '{jurisdiction}': use national, province:PK-PB or district:LHR"))?;
            let agency_id = match agency {
                Some(a) => Some(
                    store
                        .agency_id_by_name(&a)
                        .await?
                        .with_context(|| format!("no agency named '{a}'"))?,
                ),
                None => None,
            };
            let password = read_password()?;
            match store
                .create_user(
                    "cli",
                    hifazat_store::users::NewUser {
                        username: username.clone(),
                        display_name: name,
                        password,
                        agency_id,
                        jurisdiction,
                        roles,
                    },
                )
                .await
            {
                Ok(id) => println!("Created account {username} (id {id})."),
                Err(hifazat_store::StoreError::Invalid(e)) => {
                    bail!("the account was not created: {e}")
                }
                Err(e) => return Err(e.into()),
            }
            Ok(())
        }
        Command::User(UserCommand::List { db }) => {
            let store = db.open().await?;
            for u in store.users().await? {
                let roles: Vec<_> = u.roles.iter().map(|r| r.code()).collect();
                println!(
                    "{:<22} {:<28} {:<18} {}",
                    u.username,
                    u.display_name,
                    u.jurisdiction,
                    roles.join(",")
                );
            }
            Ok(())
        }
        Command::Screen(a) => screen(a),
        Command::Key(KeyCommand::Generate) => {
            println!("{}", Vault::generate_key());
            Ok(())
        }
    }
}

fn read_password() -> Result<String> {
    if std::io::stdin().is_terminal() {
        let p = rpassword::prompt_password("Password (at least 12 characters): ")?;
        let again = rpassword::prompt_password("Again: ")?;
        if p != again {
            bail!("the passwords differ");
        }
        Ok(p)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

fn screen(a: ScreenArgs) -> Result<()> {
    use hifazat_matching::{screen_csv, Progress, ScreenOptions, Stage, DEFAULT_THRESHOLD};
    let threshold = a.threshold.unwrap_or(DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        bail!("--threshold is a score between 0 and 1");
    }
    let open = |p: &PathBuf| {
        std::fs::File::open(p)
            .map(std::io::BufReader::new)
            .with_context(|| format!("reading {}", p.display()))
    };
    let watchlist = open(&a.watchlist)?;
    let input = open(&a.input)?;
    let tmp = a.output.with_extension("csv.partial");
    let out = std::fs::File::create(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
    let opts = ScreenOptions {
        threshold,
        ..Default::default()
    };
    let mut last_shown = std::time::Instant::now();
    let report = screen_csv(
        watchlist,
        input,
        std::io::BufWriter::new(out),
        &opts,
        &mut |p: Progress| {
            if p.stage == Stage::Screening
                && (last_shown.elapsed().as_millis() > 250 || p.done == p.total)
            {
                eprint!("\rScreened {}/{}", p.done, p.total);
                last_shown = std::time::Instant::now();
            }
        },
    )?;
    std::fs::rename(&tmp, &a.output).with_context(|| format!("writing {}", a.output.display()))?;
    eprintln!();
    for bad in &report.bad_rows {
        eprintln!("Rejected {bad}");
    }
    eprintln!(
        "{} of {} persons screened against {} watchlist entries: {} alerts for {} persons, written to {}. {} rows rejected.",
        report.screened, report.input_rows, report.watchlist_indexed, report.alerts, report.queries_with_alerts, a.output.display(), report.bad_rows.len()
    );
    if !report.bad_rows.is_empty() {
        std::process::exit(2);
    }
    Ok(())
}

async fn serve(a: ServeArgs) -> Result<()> {
    let store = a.db.open().await?;
    if a.demo {
        let today = store.today();
        let total = a.demo_cases;
        let mut last = 0;
        let report = hifazat_demo::seed(&store, today, 2018, total, &mut |done, total| {
            if done * 10 / total.max(1) != last * 10 / total.max(1) || done == total {
                eprint!("\rLoading demo data: {done}/{total} cases");
                let _ = std::io::stderr().flush();
            }
            last = done;
        })
        .await
        .context("loading demo data")?;
        if report.skipped {
            eprintln!("Demo data: the database already has data; nothing loaded.");
        } else {
            eprintln!(
                "\nDemo data: {} agencies, {} accounts (password `{}`), {} cases.",
                report.agencies,
                report.users,
                hifazat_demo::DEMO_PASSWORD,
                report.cases
            );
        }
    } else if store.user_count().await? == 0 {
        eprintln!("No accounts yet: create an administrator with `hifazat user add --username admin --name \"…\" --role administrator`.");
    }
    let listener = tokio::net::TcpListener::bind(&a.listen)
        .await
        .with_context(|| format!("listening on {}", a.listen))?;
    let addr = listener.local_addr()?;
    println!(
        "Hifazat is serving on http://{addr}/ ({:?} database)",
        store.engine()
    );
    let state = hifazat_web::AppState {
        store,
        demo: a.demo,
        secure_cookies: a.secure_cookies,
        stalled_days: a.stalled_days,
    };
    hifazat_web::serve(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("Shutting down.");
    })
    .await?;
    Ok(())
}
