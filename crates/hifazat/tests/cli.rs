//! The `hifazat` command as an administrator uses it (SQLite): accounts, the key that must
//! match its database, backup and restore, the audit chain's verification, key rotation, and a
//! server that stops cleanly on SIGTERM.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_hifazat");
const PW: &str = "cobalt lantern river 5";

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "hifazat-cli-{name}-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&str], stdin: Option<&str>, key: Option<&str>) -> Output {
    let mut c = Command::new(BIN);
    c.args(args)
        .env("HIFAZAT_LOG", "error")
        .env_remove("HIFAZAT_KEY")
        .env_remove("HIFAZAT_DATABASE_URL")
        .env_remove("HIFAZAT_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(k) = key {
        c.env("HIFAZAT_KEY", k);
    }
    let mut child = c.spawn().unwrap();
    if let Some(s) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{s}\n").as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn add_admin(dir: &Path) {
    let o = run(
        &[
            "user",
            "add",
            "--data-dir",
            dir.to_str().unwrap(),
            "--username",
            "admin",
            "--name",
            "System administrator",
            "--role",
            "administrator",
        ],
        Some(PW),
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn no_key_file_is_created_when_the_database_cannot_be_reached() {
    let dir = temp_dir("unreachable");
    let o = run(
        &[
            "user",
            "list",
            "--data-dir",
            dir.to_str().unwrap(),
            "--database-url",
            "postgres://nobody@127.0.0.1:1/none",
            "--connect-timeout",
            "3",
        ],
        None,
        None,
    );
    assert!(!o.status.success());
    let t = text(&o);
    assert!(
        t.contains("cannot connect") || t.contains("did not answer"),
        "{t}"
    );
    assert!(
        !dir.join("hifazat.key").exists(),
        "no key before the database is reached"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn accounts_are_managed_from_the_command_line_and_weak_passwords_refused() {
    let dir = temp_dir("accounts");
    let d = dir.to_str().unwrap();
    let o = run(
        &[
            "user",
            "add",
            "--data-dir",
            d,
            "--username",
            "io.one",
            "--name",
            "Officer One",
            "--role",
            "investigating_officer",
        ],
        Some("password1234"),
        None,
    );
    assert!(
        !o.status.success() && text(&o).contains("password"),
        "{}",
        text(&o)
    );
    let o = run(
        &[
            "user",
            "add",
            "--data-dir",
            d,
            "--username",
            "io.one",
            "--name",
            "Officer One",
            "--role",
            "investigating_officer",
        ],
        Some(hifazat_store::DEMO_PASSWORD),
        None,
    );
    assert!(!o.status.success(), "the demo password outside the demo");
    add_admin(&dir);
    for (args, expect) in [
        (
            vec![
                "user",
                "disable",
                "--username",
                "admin",
                "--reason",
                "test of the command",
            ],
            "Disabled admin",
        ),
        (vec!["user", "list"], "DISABLED"),
        (
            vec!["user", "enable", "--username", "admin"],
            "Enabled admin",
        ),
        (
            vec!["user", "reset-password", "--username", "admin"],
            "One-time password for admin",
        ),
        (
            vec!["user", "sessions", "--username", "admin"],
            "not signed in",
        ),
        (
            vec!["user", "end-sessions", "--username", "admin"],
            "Ended 0",
        ),
    ] {
        let mut a = args.clone();
        a.extend(["--data-dir", d]);
        let o = run(&a, None, None);
        assert!(
            o.status.success() && text(&o).contains(expect),
            "{args:?}: {}",
            text(&o)
        );
    }
    let o = run(
        &[
            "user",
            "disable",
            "--data-dir",
            d,
            "--username",
            "nobody",
            "--reason",
            "x",
        ],
        None,
        None,
    );
    assert!(!o.status.success() && text(&o).contains("no account named"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_directory_is_imported_with_every_bad_row_reported() {
    let dir = temp_dir("directory");
    add_admin(&dir);
    let file = dir.join("directory.csv");
    std::fs::write(
        &file,
        "agency,kind,province,district,services,accepts,languages,capacity,phone,districts_served\n\
         Darul Aman Sahiwal,social_welfare,Punjab,Sahiwal,shelter;psychosocial,women;children,Urdu;Punjabi,30,040-1234567,Okara\n\
         Crisis Centre Nowhere,ngo,,Atlantis,medical,women,,,,\n",
    )
    .unwrap();
    let args = [
        "directory",
        "import",
        "--data-dir",
        dir.to_str().unwrap(),
        "--file",
        file.to_str().unwrap(),
    ];
    let o = run(&args, None, None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("Line 3: district") && text(&o).contains("1 providers added"),
        "{}",
        text(&o)
    );
    let o = run(&args, None, None);
    assert!(
        text(&o).contains("0 providers added") && text(&o).contains("1 unchanged"),
        "{}",
        text(&o)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_wrong_key_is_refused_with_a_message_that_says_what_to_do() {
    let dir = temp_dir("wrongkey");
    add_admin(&dir);
    let other = hifazat_store::Vault::generate_key();
    let o = run(
        &["user", "list", "--data-dir", dir.to_str().unwrap()],
        None,
        Some(&other),
    );
    assert!(!o.status.success());
    let t = text(&o);
    assert!(
        t.contains("not the key this database was encrypted with") && t.contains("--key-file"),
        "{t}"
    );
    // The key file missing for a database that has data: not silently replaced.
    std::fs::rename(dir.join("hifazat.key"), dir.join("moved.key")).unwrap();
    let o = run(
        &["user", "list", "--data-dir", dir.to_str().unwrap()],
        None,
        None,
    );
    assert!(
        !o.status.success() && text(&o).contains("restore the key file"),
        "{}",
        text(&o)
    );
    assert!(!dir.join("hifazat.key").exists());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn backup_restore_verify_and_rotate_from_the_command_line() {
    let dir = temp_dir("backup");
    let d = dir.to_str().unwrap();
    add_admin(&dir);
    let backup = dir.join("backup.db");
    let o = run(
        &[
            "backup",
            "--data-dir",
            d,
            "--output",
            backup.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert!(
        o.status.success() && text(&o).contains("The key is not in the backup"),
        "{}",
        text(&o)
    );
    // Restore on a "fresh machine": an empty data directory and the key copied apart.
    let fresh = dir.join("fresh");
    let key = dir.join("kept-apart.key");
    std::fs::copy(dir.join("hifazat.key"), &key).unwrap();
    let o = run(
        &[
            "restore",
            "--data-dir",
            fresh.to_str().unwrap(),
            "--key-file",
            key.to_str().unwrap(),
            "--input",
            backup.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("The key opens it, and the audit trail is intact"),
        "{}",
        text(&o)
    );
    let o = run(
        &[
            "user",
            "list",
            "--data-dir",
            fresh.to_str().unwrap(),
            "--key-file",
            key.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert!(text(&o).contains("admin"));
    // The audit chain verifies, then catches an edit made behind the application's back.
    let o = run(&["audit", "verify", "--data-dir", d], None, None);
    assert!(
        o.status.success() && text(&o).contains("intact"),
        "{}",
        text(&o)
    );
    tamper(&dir.join("hifazat.db"));
    let o = run(&["audit", "verify", "--data-dir", d], None, None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("BROKEN at row id 1"), "{}", text(&o));
    // Key rotation: the new key takes the key file's place, the old one is kept beside it.
    let new_key = dir.join("new.key");
    let o = run(
        &[
            "key",
            "rotate",
            "--data-dir",
            d,
            "--new-key-file",
            new_key.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(!new_key.exists());
    assert!(std::fs::read_dir(&dir).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with("hifazat.key.retired-")));
    let o = run(&["user", "list", "--data-dir", d], None, None);
    assert!(
        o.status.success() && text(&o).contains("admin"),
        "{}",
        text(&o)
    );
    let o = run(
        &[
            "user",
            "list",
            "--data-dir",
            d,
            "--key-file",
            key.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert!(!o.status.success(), "the old key no longer opens it");
    let _ = std::fs::remove_dir_all(dir);
}

/// Edits the first audit row with the append-only triggers dropped, as whoever owns the
/// database file could.
fn tamper(db: &Path) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        for sql in [
            "DROP TRIGGER audit_log_no_update",
            "UPDATE audit_log SET detail = 'nothing happened' WHERE id = 1",
        ] {
            sqlx::query(sql).execute(&mut c).await.unwrap();
        }
        c.close().await.unwrap();
    });
}

#[cfg(unix)]
#[test]
fn the_server_stops_cleanly_on_sigterm() {
    let dir = temp_dir("sigterm");
    add_admin(&dir);
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--data-dir",
            dir.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ])
        .env("HIFAZAT_LOG", "error")
        .env_remove("HIFAZAT_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("serving on"), "{line}");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {err}", out.status);
    assert!(
        err.contains("Shutting down") && err.contains("Stopped"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
