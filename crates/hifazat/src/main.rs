//! `hifazat`: one binary for the server and its administration.
//!
//! * `hifazat serve [--demo]` runs the web application (SQLite under the data directory by
//!   default, PostgreSQL with `--database-url postgres://…`); migrations run at start.
//! * `hifazat user …` manages staff accounts (there is no default password): add, list,
//!   disable, enable, reset a password or a second factor, list and end sessions.
//! * `hifazat audit verify` walks the audit trail's hash chain.
//! * `hifazat key generate|rotate` makes a key, or re-encrypts everything under a new one.
//! * `hifazat backup` / `hifazat restore` take and restore a consistent snapshot.
//! * `hifazat screen` screens a CSV of passengers (or any persons) against a watchlist CSV.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::{AuthConfig, Ctx, KeyState, Store, StoreOptions, Vault};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

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
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Screen a list of persons against a watchlist (CSV in, CSV of alerts out).
    ///
    /// Both files have the columns id,full_name,father_name,date_of_birth,cnic,passport,nationality
    /// (any order, empty where unknown; dates YYYY-MM-DD, YYYY-MM or a year), read as the server
    /// reads a list to screen: the same rows are screened and the same rows refused. Every
    /// watchlist entry needs an id; a person to screen without one is named "line N". The
    /// output has one row per alert: query_id,watchlist_id,score,explanation. Bad rows are
    /// reported with their line numbers.
    Screen(ScreenArgs),
    /// Encryption keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Write a consistent snapshot of the database while the server runs (SQLite: one file;
    /// PostgreSQL: runs pg_dump when it is installed). The key is NOT in the backup: keep it apart.
    Backup(BackupArgs),
    /// The service-provider directory.
    #[command(subcommand)]
    Directory(DirectoryCommand),
    /// Restore a SQLite backup into an empty data directory (or over the current database with
    /// --replace), check it, and check that the key opens it.
    Restore(RestoreArgs),
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
    /// Database URL: `sqlite://PATH` or `postgres://ROLE@HOST/DB` (add `?sslmode=verify-full&sslrootcert=CA.pem`
    /// for TLS). Default: SQLite in the data directory.
    #[arg(long, env = "HIFAZAT_DATABASE_URL")]
    database_url: Option<String>,
    /// PostgreSQL: the schema owner's URL. Migrations run as the owner, who then grants the
    /// role of --database-url what serving needs (it can add audit rows but never change them).
    #[arg(long, env = "HIFAZAT_OWNER_DATABASE_URL")]
    owner_database_url: Option<String>,
    /// File holding the encryption key (base64, 32 bytes); `HIFAZAT_KEY` overrides it.
    /// Default: `hifazat.key` in the data directory, created only for a new, empty database.
    #[arg(long, env = "HIFAZAT_KEY_FILE")]
    key_file: Option<PathBuf>,
    /// Seconds to wait for the database before giving up.
    #[arg(long, env = "HIFAZAT_CONNECT_TIMEOUT", default_value_t = 10)]
    connect_timeout: u64,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "HIFAZAT_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// On an empty database, load the synthetic national demo dataset and demo accounts
    /// (password `hifazat-demo`). Demo mode accepts the demo password and needs no second factor.
    #[arg(long)]
    demo: bool,
    /// Number of demo cases.
    #[arg(long, default_value_t = 5000)]
    demo_cases: usize,
    /// Load the demo data and stop (how `--demo` loads it, in a child process).
    #[arg(long, hide = true, requires = "demo")]
    demo_seed_only: bool,
    /// Days without activity after which an open case counts as stalled.
    #[arg(long, env = "HIFAZAT_STALLED_DAYS", default_value_t = 90)]
    stalled_days: i64,
    /// Counts from 1 up to this number less one are hidden in statistics (shown as `<5`), with
    /// others withheld so that they cannot be worked out.
    #[arg(long, env = "HIFAZAT_SMALL_COUNT_THRESHOLD", default_value_t = hifazat_domain::stats::DEFAULT_THRESHOLD,
          value_parser = clap::value_parser!(i64).range(2..=100))]
    small_count_threshold: i64,
    /// Provinces where a case's FIR is registered only once each adult victim's consent to
    /// registration is recorded as given (comma-separated province codes such as `PK-PB`, or
    /// `all`; empty: not enforced). The government booklet says victims' consent is needed to
    /// register a case; children are exempt.
    #[arg(
        long = "registration-consent-provinces",
        env = "HIFAZAT_REGISTRATION_CONSENT",
        value_delimiter = ','
    )]
    registration_consent_provinces: Vec<String>,
    /// Production mode behind an HTTPS proxy: cookies marked Secure and HSTS sent.
    #[arg(long, env = "HIFAZAT_SECURE_COOKIES")]
    secure_cookies: bool,
    /// A reverse proxy whose X-Forwarded-For is believed (repeat, or comma-separated). Without
    /// it, the client address is the connection's peer.
    #[arg(
        long = "trusted-proxy",
        env = "HIFAZAT_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<std::net::IpAddr>,
    /// Minutes without a request after which a browser session ends.
    #[arg(long, env = "HIFAZAT_IDLE_MINUTES", default_value_t = 30)]
    idle_minutes: i64,
    /// Roles that must sign in with a second factor (comma-separated role codes, or `none`).
    /// Ignored with --demo.
    #[arg(
        long,
        env = "HIFAZAT_SECOND_FACTOR_ROLES",
        default_value = "administrator,national_coordinator,auditor"
    )]
    second_factor_roles: String,
    /// Failed sign-ins per account and address before each further attempt must wait (30 s,
    /// doubling up to 15 minutes).
    #[arg(long, env = "HIFAZAT_LOGIN_ATTEMPTS", default_value_t = 5)]
    login_attempts: i64,
    /// Days after which screening alerts about cleared travellers (false alarms) are deleted.
    #[arg(long, env = "HIFAZAT_ALERT_RETENTION_DAYS", default_value_t = 90)]
    alert_retention_days: i64,
    /// The helpline's number, shown on every page of the public portal (`/public`). With
    /// --demo and none given, a made-up number.
    #[arg(long, env = "HIFAZAT_HELPLINE_NUMBER")]
    helpline_number: Option<String>,
    /// Reports the public portal takes from one address in an hour.
    #[arg(long, env = "HIFAZAT_PUBLIC_REPORTS_PER_HOUR", default_value_t = 5,
          value_parser = clap::value_parser!(i64).range(1..=10000))]
    public_reports_per_hour: i64,
    /// Follow-ups of reports (a reference and secret tried, information added) and licence
    /// look-ups, each, that the public portal answers one address in an hour.
    #[arg(long, env = "HIFAZAT_PUBLIC_LOOKUPS_PER_HOUR", default_value_t = 60,
          value_parser = clap::value_parser!(i64).range(1..=100000))]
    public_lookups_per_hour: i64,
}

#[derive(Args)]
struct UserArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The account's login name.
    #[arg(long)]
    username: String,
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
        /// Role (repeatable): administrator, national_coordinator, supervisor, investigating_officer, prosecutor,
        /// protection_officer, service_provider, immigration_officer, emigration_officer, analyst, auditor.
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
    /// Disable an account: it can no longer sign in, and its sessions and API tokens end now.
    Disable {
        #[command(flatten)]
        user: UserArgs,
        /// Why (kept in the audit trail).
        #[arg(long)]
        reason: String,
    },
    /// Enable a disabled account again.
    Enable {
        #[command(flatten)]
        user: UserArgs,
    },
    /// Reset a password: prints a one-time password that must be changed at the next sign-in.
    ResetPassword {
        #[command(flatten)]
        user: UserArgs,
    },
    /// Remove an account's second factor (a lost phone); it is set up again at the next sign-in.
    ResetSecondFactor {
        #[command(flatten)]
        user: UserArgs,
    },
    /// List an account's open sessions and API tokens.
    Sessions {
        #[command(flatten)]
        user: UserArgs,
    },
    /// End all of an account's sessions and API tokens.
    EndSessions {
        #[command(flatten)]
        user: UserArgs,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the hash chain of the audit trail; name the first broken row (exit code 1).
    Verify {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Print a new random key (base64), for `HIFAZAT_KEY` or a key file.
    Generate,
    /// Re-encrypt every protected field (and recompute every blind index) under a new key, in
    /// batches; if interrupted, run it again with the same --new-key-file to finish. Stop the
    /// server first. With a key file, the new key takes its place and the old one is kept
    /// beside it as `…retired-ID`.
    Rotate {
        #[command(flatten)]
        db: DbArgs,
        /// Where the new key is (or is written, if the file does not exist yet).
        #[arg(long)]
        new_key_file: PathBuf,
    },
}

#[derive(Subcommand)]
enum DirectoryCommand {
    /// Import providers from a CSV file (the columns of the administration page's import:
    /// agency,kind,province,district,services,accepts,languages,capacity,phone,districts_served).
    /// Every bad row is reported with its line; the good rows are kept (exit code 2 if any row
    /// was refused). Importing the same file again updates rather than duplicates.
    Import {
        #[command(flatten)]
        db: DbArgs,
        /// The CSV file.
        #[arg(long)]
        file: PathBuf,
    },
}

#[derive(Args)]
struct BackupArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The file to write (it must not exist).
    #[arg(long)]
    output: PathBuf,
}

#[derive(Args)]
struct RestoreArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The backup file.
    #[arg(long)]
    input: PathBuf,
    /// Restore over an existing database (which is kept aside as `hifazat.db.replaced-TIME`).
    #[arg(long)]
    replace: bool,
}

impl DbArgs {
    fn url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.sqlite_path().display()))
    }

    fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("hifazat.db")
    }

    fn key_path(&self) -> PathBuf {
        self.key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("hifazat.key"))
    }

    fn options(&self, auth: AuthConfig, indexes: bool) -> StoreOptions {
        StoreOptions {
            owner_url: self.owner_database_url.clone(),
            auth,
            indexes,
            connect_timeout: std::time::Duration::from_secs(self.connect_timeout.max(1)),
            ..StoreOptions::new(self.url())
        }
    }

    /// Opens the store; the key is loaded only once the database has been reached, and a new
    /// key file is created only for a database that holds nothing encrypted.
    async fn open_with(&self, opts: StoreOptions) -> Result<Store> {
        if opts.url.starts_with("sqlite:") {
            std::fs::create_dir_all(&self.data_dir)
                .with_context(|| format!("creating data directory {}", self.data_dir.display()))?;
        }
        let key_path = self.key_path();
        let url = opts.url.clone();
        let created = std::cell::Cell::new(false);
        let store = Store::open(opts, |state: &KeyState| {
            load_key(&key_path, state, &created)
        })
        .await
        .with_context(|| format!("opening the database {}", redact(&url)))?;
        if created.get() {
            eprintln!(
                "Created a new encryption key at {}.\nBack it up and keep it apart from database backups: without it, victims' identifying data cannot be read.",
                key_path.display()
            );
        }
        Ok(store)
    }

    async fn open(&self) -> Result<Store> {
        self.open_with(self.options(AuthConfig::default(), false))
            .await
    }
}

/// The key for a database in `state`: `HIFAZAT_KEY`, else the key file; a missing file is
/// created only when the database is new.
fn load_key(
    path: &Path,
    state: &KeyState,
    created: &std::cell::Cell<bool>,
) -> Result<Vault, String> {
    if std::env::var(hifazat_vault::KEY_ENV).is_ok() || path.exists() {
        return Vault::load(path, false)
            .map(|(v, _)| v)
            .map_err(|e| format!("loading the encryption key: {e}"));
    }
    if !state.is_new() {
        return Err(format!(
            "the key file {} does not exist, but this database already holds encrypted data: \
             restore the key file from its backup (or set HIFAZAT_KEY); a new key cannot read the existing data",
            path.display()
        ));
    }
    let (v, made) =
        Vault::load(path, true).map_err(|e| format!("creating the encryption key: {e}"))?;
    created.set(made);
    Ok(v)
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
        Command::User(c) => user_command(c).await,
        Command::Audit(AuditCommand::Verify { db }) => audit_verify(db).await,
        Command::Screen(a) => screen(a),
        Command::Key(KeyCommand::Generate) => {
            println!("{}", Vault::generate_key());
            Ok(())
        }
        Command::Key(KeyCommand::Rotate { db, new_key_file }) => key_rotate(db, new_key_file).await,
        Command::Backup(a) => backup(a).await,
        Command::Restore(a) => restore(a).await,
        Command::Directory(DirectoryCommand::Import { db, file }) => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let store = db.open().await?;
            let r = match store
                .admin(&Ctx::system("cli"))?
                .import_directory(text)
                .await
            {
                Ok(r) => r,
                Err(hifazat_store::StoreError::Invalid(e)) => {
                    bail!("the file was not imported: {e}")
                }
                Err(e) => return Err(e.into()),
            };
            for e in &r.errors {
                eprintln!("Line {}: {}: {}", e.line, e.field, e.message);
            }
            println!(
                "{} rows: {} providers added, {} updated, {} unchanged, {} refused.",
                r.rows, r.created, r.updated, r.unchanged, r.rejected
            );
            if r.rejected > 0 {
                std::process::exit(2);
            }
            Ok(())
        }
    }
}

async fn user_command(c: UserCommand) -> Result<()> {
    let cli = Ctx::system("cli");
    match c {
        UserCommand::Add {
            db,
            username,
            name,
            roles,
            jurisdiction,
            agency,
        } => {
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
                .admin(&cli)?
                .create_user(hifazat_store::admin::users::NewUser {
                    username: username.clone(),
                    display_name: name,
                    password,
                    agency_id,
                    jurisdiction,
                    roles,
                })
                .await
            {
                Ok(id) => println!("Created account {username} (id {id})."),
                Err(hifazat_store::StoreError::Invalid(e)) => {
                    bail!("the account was not created: {e}")
                }
                Err(e) => return Err(e.into()),
            }
        }
        UserCommand::List { db } => {
            let store = db.open().await?;
            for u in store.users().await? {
                let roles: Vec<_> = u.roles.iter().map(|r| r.code()).collect();
                println!(
                    "{:<22} {:<28} {:<18} {:<30} {}{}",
                    u.username,
                    u.display_name,
                    u.jurisdiction,
                    roles.join(","),
                    if u.active { "active" } else { "DISABLED" },
                    if u.second_factor {
                        ", second factor"
                    } else {
                        ""
                    }
                );
            }
        }
        UserCommand::Disable { user, reason } => {
            let store = user.db.open().await?;
            let id = store
                .user_id_by_name(&user.username)
                .await
                .with_context(|| format!("no account named '{}'", user.username))?;
            match store.set_user_active(&cli, id, false, &reason).await {
                Ok(n) => println!(
                    "Disabled {}; {n} sessions and API tokens ended.",
                    user.username
                ),
                Err(hifazat_store::StoreError::Invalid(e)) => bail!("not disabled: {e}"),
                Err(e) => return Err(e.into()),
            }
        }
        UserCommand::Enable { user } => {
            let store = user.db.open().await?;
            let id = store
                .user_id_by_name(&user.username)
                .await
                .with_context(|| format!("no account named '{}'", user.username))?;
            store.set_user_active(&cli, id, true, "").await?;
            println!("Enabled {}.", user.username);
        }
        UserCommand::ResetPassword { user } => {
            let store = user.db.open().await?;
            let id = store
                .user_id_by_name(&user.username)
                .await
                .with_context(|| format!("no account named '{}'", user.username))?;
            let temp = store.reset_password(&cli, id).await?;
            println!("One-time password for {}: {temp}\nIt must be changed at the next sign-in. Hand it over in person or by phone.", user.username);
        }
        UserCommand::ResetSecondFactor { user } => {
            let store = user.db.open().await?;
            let id = store
                .user_id_by_name(&user.username)
                .await
                .with_context(|| format!("no account named '{}'", user.username))?;
            store.reset_second_factor(&cli, id).await?;
            println!(
                "Removed the second factor of {}; its sessions ended.",
                user.username
            );
        }
        UserCommand::Sessions { user } => {
            let store = user.db.open().await?;
            let id = store
                .user_id_by_name(&user.username)
                .await
                .with_context(|| format!("no account named '{}'", user.username))?;
            let sessions = store.sessions_of(&cli, id).await?;
            if sessions.is_empty() {
                println!("{} is not signed in anywhere.", user.username);
            }
            for s in sessions {
                println!(
                    "{}  {:<4} opened {}  last used {}  from {}",
                    s.id,
                    s.kind,
                    s.created_at,
                    s.last_seen_at.as_deref().unwrap_or("-"),
                    s.ip.as_deref().unwrap_or("-")
                );
            }
        }
        UserCommand::EndSessions { user } => {
            let store = user.db.open().await?;
            let id = store
                .user_id_by_name(&user.username)
                .await
                .with_context(|| format!("no account named '{}'", user.username))?;
            let n = store.end_sessions(&cli, id, None, None).await?;
            println!("Ended {n} sessions and API tokens of {}.", user.username);
        }
    }
    Ok(())
}

async fn audit_verify(db: DbArgs) -> Result<()> {
    let store = db.open().await?;
    let mut last = std::time::Instant::now();
    let report = store
        .verify_audit(&mut |n| {
            if last.elapsed().as_millis() > 250 {
                eprint!("\rChecked {n} rows");
                last = std::time::Instant::now();
            }
        })
        .await?;
    eprintln!();
    match &report.broken {
        None => {
            println!(
                "The audit trail is intact: {} rows ({} from before the chain began), last place {}.",
                report.rows, report.legacy_rows, report.last_seq
            );
            if let Some(h) = &report.head {
                println!("Head hash: {h}\nRecord it outside this system (with the date) to detect a rewritten chain later.");
            }
            Ok(())
        }
        Some(b) => {
            println!(
                "The audit trail is BROKEN at {}: {}. {} rows before it are intact.",
                match (b.id, b.seq) {
                    (Some(id), Some(seq)) => format!("row id {id} (place {seq})"),
                    (None, Some(seq)) => format!("place {seq}"),
                    _ => "an unknown row".into(),
                },
                b.why,
                report.rows
            );
            std::process::exit(1);
        }
    }
}

async fn key_rotate(db: DbArgs, new_key_file: PathBuf) -> Result<()> {
    let opts = StoreOptions {
        during_rotation: true,
        ..db.options(AuthConfig::default(), false)
    };
    let store = db.open_with(opts).await?;
    let new_b64 = if new_key_file.exists() {
        std::fs::read_to_string(&new_key_file)
            .with_context(|| format!("reading {}", new_key_file.display()))?
    } else {
        let k = Vault::generate_key();
        Vault::write_key_file(&new_key_file, &k)?;
        eprintln!("Wrote the new key to {}.", new_key_file.display());
        k
    };
    let master = Vault::decode_master(&new_b64)?;
    let old_id = store.vault().key_id().to_owned();
    let mut last = std::time::Instant::now();
    let total = store
        .rotate_key("cli", master, &mut |col, n| {
            if last.elapsed().as_millis() > 250 {
                eprint!("\rRe-encrypting {col}: {n}      ");
                last = std::time::Instant::now();
            }
        })
        .await?;
    eprintln!();
    let new_id = Vault::new(master).key_id().to_owned();
    println!("Re-encrypted {total} values under key {new_id} (was {old_id}).");
    if std::env::var(hifazat_vault::KEY_ENV).is_ok() {
        println!(
            "HIFAZAT_KEY is set: replace its value with the content of {} before starting the server.",
            new_key_file.display()
        );
    } else {
        let key_path = db.key_path();
        let retired = key_path.with_extension(format!("key.retired-{old_id}"));
        std::fs::rename(&key_path, &retired)
            .with_context(|| format!("moving the old key to {}", retired.display()))?;
        std::fs::rename(&new_key_file, &key_path)
            .with_context(|| format!("moving the new key to {}", key_path.display()))?;
        println!(
            "The new key is now {}; the old one is kept as {} (backups taken before today need it: keep it as safely).",
            key_path.display(),
            retired.display()
        );
    }
    println!("Take a new backup now, and back up the new key apart from it.");
    Ok(())
}

async fn backup(a: BackupArgs) -> Result<()> {
    let url = a.db.url();
    if url.starts_with("sqlite:") {
        let store = a.db.open().await?;
        let s = store
            .backup_sqlite("cli", &a.output)
            .await
            .context("backing up")?;
        println!(
            "Backed up {} cases, {} person records and {} audit rows to {} (encrypted with key {}).\n\
             The key is not in the backup: keep the key file apart from it; without the key the backup cannot be read.",
            s.cases,
            s.persons,
            s.audit_rows,
            a.output.display(),
            s.key_id.as_deref().unwrap_or("?")
        );
        return Ok(());
    }
    let dump_url = a.db.owner_database_url.clone().unwrap_or(url);
    let have_pg_dump = std::process::Command::new("pg_dump")
        .arg("--version")
        .output()
        .is_ok();
    if !have_pg_dump {
        println!(
            "This database is PostgreSQL. Back it up with pg_dump (from the postgresql-client package):\n  \
             pg_dump --format=custom --file {} '{}'\n\
             and restore with pg_restore --dbname NEWDB FILE. The key is not in the dump: keep it apart.",
            a.output.display(),
            redact(&dump_url)
        );
        std::process::exit(2);
    }
    let status = std::process::Command::new("pg_dump")
        .args(["--format=custom", "--file"])
        .arg(&a.output)
        .arg(&dump_url)
        .status()
        .context("running pg_dump")?;
    if !status.success() {
        bail!("pg_dump failed ({status})");
    }
    println!(
        "Dumped the database to {} with pg_dump (restore with pg_restore). The key is not in the dump: keep it apart.",
        a.output.display()
    );
    Ok(())
}

async fn restore(a: RestoreArgs) -> Result<()> {
    if a.db
        .database_url
        .as_deref()
        .is_some_and(|u| !u.starts_with("sqlite:"))
    {
        println!(
            "For PostgreSQL, restore a pg_dump file with: pg_restore --dbname postgres://OWNER@HOST/NEWDB {}\n\
             then start the server on it with the key the backup was made with.",
            a.input.display()
        );
        std::process::exit(2);
    }
    let target = match &a.db.database_url {
        Some(u) => PathBuf::from(
            u.trim_start_matches("sqlite://")
                .split('?')
                .next()
                .unwrap_or(""),
        ),
        None => a.db.sqlite_path(),
    };
    let s = hifazat_store::admin::backup::restore_sqlite(&a.input, &target, a.replace)
        .await
        .context("restoring")?;
    println!(
        "Restored {} cases, {} person records and {} audit rows into {}.",
        s.cases,
        s.persons,
        s.audit_rows,
        target.display()
    );
    let key_path = a.db.key_path();
    if std::env::var(hifazat_vault::KEY_ENV).is_err() && !key_path.exists() {
        println!(
            "Now put the key this backup was made with (id {}) at {} (or set HIFAZAT_KEY) and start the server.",
            s.key_id.as_deref().unwrap_or("?"),
            key_path.display()
        );
        return Ok(());
    }
    let store =
        a.db.open()
            .await
            .context("checking the key against the restored database")?;
    let audit = store.verify_audit(&mut |_| {}).await?;
    println!(
        "The key opens it, and the audit trail is {}.",
        if audit.broken.is_none() {
            "intact"
        } else {
            "BROKEN: run `hifazat audit verify`"
        }
    );
    Ok(())
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

fn auth_config(a: &ServeArgs) -> Result<AuthConfig> {
    if a.demo {
        return Ok(AuthConfig {
            idle_minutes: a.idle_minutes,
            free_failures: a.login_attempts,
            ..AuthConfig::demo()
        });
    }
    let roles = if a.second_factor_roles.trim() == "none" {
        Vec::new()
    } else {
        a.second_factor_roles
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|r| {
                UserRole::from_code(r)
                    .with_context(|| format!("--second-factor-roles: unknown role '{r}'"))
            })
            .collect::<Result<Vec<_>>>()?
    };
    if a.idle_minutes < 1 || a.login_attempts < 1 || a.alert_retention_days < 1 {
        bail!("--idle-minutes, --login-attempts and --alert-retention-days must be at least 1");
    }
    Ok(AuthConfig {
        second_factor_roles: roles,
        idle_minutes: a.idle_minutes,
        free_failures: a.login_attempts,
        ..AuthConfig::default()
    })
}

/// Completes on Ctrl-C or SIGTERM (the service manager's stop). The handlers are installed
/// when this is called, so call it before announcing that the server is up.
fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let term = async {
            match term.as_mut() {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
        eprintln!("Shutting down: finishing requests in progress.");
    }
}

/// The provinces named by `--registration-consent-provinces`, checked against the reference
/// data (`all`, or province codes).
fn registration_consent(codes: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for c in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let known = c.eq_ignore_ascii_case("all")
            || hifazat_domain::reference::province_name(
                hifazat_domain::reference::current_province_code(c),
            )
            .is_some();
        if !known {
            anyhow::bail!(
                "--registration-consent-provinces: unknown province {c:?} (use codes such as PK-PB, or all)"
            );
        }
        out.push(c.to_owned());
    }
    Ok(out)
}

/// Loads the demo data in a child process (this program with the same arguments and
/// `--demo-seed-only`): seeding thousands of cases leaves hundreds of megabytes of freed memory
/// in the allocator's arenas, which go back to the system only when that process ends, so the
/// server itself starts as small as after a restart.
async fn seed_demo_in_child() -> Result<()> {
    let exe = std::env::current_exe().context("finding this program to load the demo data")?;
    let status = tokio::task::spawn_blocking(move || {
        std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .arg("--demo-seed-only")
            .status()
    })
    .await?
    .context("starting the demo data loader")?;
    if !status.success() {
        bail!("loading demo data failed ({status})");
    }
    Ok(())
}

/// Loads the demo data into an empty database, saying what was loaded.
async fn seed_demo(store: &Store, total: usize) -> Result<()> {
    let today = store.today();
    let mut last = 0;
    let report = hifazat_demo::seed(store, today, 2018, total, &mut |done, total| {
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
    Ok(())
}

async fn serve(a: ServeArgs) -> Result<()> {
    let auth = auth_config(&a)?;
    if a.demo_seed_only {
        let store = a.db.open_with(a.db.options(auth, false)).await?;
        seed_demo(&store, a.demo_cases).await?;
        store.close().await;
        return Ok(());
    }
    if a.demo {
        seed_demo_in_child().await?;
    }
    let store =
        a.db.open_with(a.db.options(auth, true))
            .await?
            .with_small_count_threshold(a.small_count_threshold)
            .with_registration_consent(registration_consent(&a.registration_consent_provinces)?);
    if !a.demo && store.user_count().await? == 0 {
        eprintln!("No accounts yet: create an administrator with `hifazat user add --username admin --name \"…\" --role administrator`.");
    }
    // Alerts about cleared travellers are deleted after the retention period: now, then hourly.
    let purger = store.clone();
    let days = a.alert_retention_days;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match purger.purge_cleared_alerts(days).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(alerts = n, days, "cleared travellers' alerts deleted"),
                Err(e) => tracing::error!(error = %e, "alert retention purge failed"),
            }
        }
    });
    let listener = tokio::net::TcpListener::bind(&a.listen)
        .await
        .with_context(|| format!("listening on {}", a.listen))?;
    let shutdown = shutdown_signal();
    let addr = listener.local_addr()?;
    println!(
        "Hifazat is serving on http://{addr}/ ({:?} database)",
        store.engine()
    );
    let state = hifazat_web::AppState {
        store: store.clone(),
        demo: a.demo,
        secure_cookies: a.secure_cookies,
        stalled_days: a.stalled_days,
        trusted_proxies: a.trusted_proxies.clone(),
        public: hifazat_web::public::PublicConfig {
            helpline: a
                .helpline_number
                .clone()
                .or_else(|| a.demo.then(|| "0800-00000".to_owned())),
            reports_per_hour: a.public_reports_per_hour,
            follow_ups_per_hour: a.public_lookups_per_hour,
            lookups_per_hour: a.public_lookups_per_hour,
        },
    };
    hifazat_web::serve(listener, state, shutdown).await?;
    store.close().await;
    eprintln!("Stopped.");
    Ok(())
}
