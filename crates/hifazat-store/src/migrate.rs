//! Migrations: one SQL file per step under `migrations/`, adapted to each engine at start-up
//! (identity columns and the triggers that keep the audit trail append-only), then applied with
//! sqlx's migrator, which records checksums and refuses edited history.

use crate::{Engine, Result, StoreError};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use std::borrow::Cow;

const STEPS: &[(i64, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/0001_foundation.sql"),
    ),
    (
        2,
        "protection",
        include_str!("../migrations/0002_protection.sql"),
    ),
    (
        3,
        "screening",
        include_str!("../migrations/0003_screening.sql"),
    ),
    (
        4,
        "person_index",
        include_str!("../migrations/0004_person_index.sql"),
    ),
    (
        5,
        "operations",
        include_str!("../migrations/0005_operations.sql"),
    ),
    (
        6,
        "districts",
        include_str!("../migrations/0006_districts.sql"),
    ),
    (
        7,
        "directory",
        include_str!("../migrations/0007_directory.sql"),
    ),
    (
        8,
        "assignment",
        include_str!("../migrations/0008_assignment.sql"),
    ),
    (9, "plan", include_str!("../migrations/0009_plan.sql")),
    (
        10,
        "published",
        include_str!("../migrations/0010_published.sql"),
    ),
    (
        11,
        "editions",
        include_str!("../migrations/0011_editions.sql"),
    ),
    (
        12,
        "amendments",
        include_str!("../migrations/0012_amendments.sql"),
    ),
    (
        13,
        "exit_control",
        include_str!("../migrations/0013_exit_control.sql"),
    ),
    (
        14,
        "case_facts",
        include_str!("../migrations/0014_case_facts.sql"),
    ),
    (
        15,
        "transfers",
        include_str!("../migrations/0015_transfers.sql"),
    ),
    (
        16,
        "documents",
        include_str!("../migrations/0016_documents.sql"),
    ),
    (17, "trial", include_str!("../migrations/0017_trial.sql")),
    (
        18,
        "witnesses",
        include_str!("../migrations/0018_witnesses.sql"),
    ),
    (19, "intake", include_str!("../migrations/0019_intake.sql")),
    (20, "agents", include_str!("../migrations/0020_agents.sql")),
    (
        21,
        "returnees",
        include_str!("../migrations/0021_returnees.sql"),
    ),
    (
        22,
        "interceptions",
        include_str!("../migrations/0022_interceptions.sql"),
    ),
    (
        23,
        "exit_control_review",
        include_str!("../migrations/0023_exit_control_review.sql"),
    ),
    (
        24,
        "identifiers",
        include_str!("../migrations/0024_identifiers.sql"),
    ),
    (
        25,
        "list_order",
        include_str!("../migrations/0025_list_order.sql"),
    ),
    (
        26,
        "case_tallies",
        include_str!("../migrations/0026_case_tallies.sql"),
    ),
    (
        27,
        "case_search",
        include_str!("../migrations/0027_case_search.sql"),
    ),
    (
        28,
        "victim_tallies",
        include_str!("../migrations/0028_victim_tallies.sql"),
    ),
    (
        29,
        "person_name_keys",
        include_str!("../migrations/0029_person_name_keys.sql"),
    ),
];

/// Triggers written per engine, appended to their step.
const TRIGGERS: &[(i64, &str, &str)] = &[
    (
        26,
        include_str!("../migrations/triggers/0026_case_tallies.sqlite.sql"),
        include_str!("../migrations/triggers/0026_case_tallies.postgres.sql"),
    ),
    (
        28,
        include_str!("../migrations/triggers/0028_victim_tallies.sqlite.sql"),
        include_str!("../migrations/triggers/0028_victim_tallies.postgres.sql"),
    ),
    (
        29,
        include_str!("../migrations/triggers/0029_person_name_keys.sqlite.sql"),
        include_str!("../migrations/triggers/0029_person_name_keys.postgres.sql"),
    ),
];

const SQLITE_AUDIT: &str = "
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
";

const POSTGRES_AUDIT: &str = "
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END; $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
";

/// The SQL of one step for one engine.
pub(crate) fn engine_sql(engine: Engine, version: i64, sql: &str) -> String {
    let ident = match engine {
        Engine::Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
        Engine::Postgres => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    };
    let mut out = sql.replace("@ID@", ident);
    if version == 1 {
        out.push_str(match engine {
            Engine::Sqlite => SQLITE_AUDIT,
            Engine::Postgres => POSTGRES_AUDIT,
        });
    }
    for (v, sqlite, postgres) in TRIGGERS {
        if *v == version {
            out.push_str(match engine {
                Engine::Sqlite => sqlite,
                Engine::Postgres => postgres,
            });
        }
    }
    out
}

pub(crate) async fn run(engine: Engine, pool: &sqlx::AnyPool) -> Result<()> {
    let migrations: Vec<Migration> = STEPS
        .iter()
        .map(|(v, d, sql)| {
            Migration::new(
                *v,
                Cow::Borrowed(*d),
                MigrationType::Simple,
                Cow::Owned(engine_sql(engine, *v, sql)),
                false,
            )
        })
        .collect();
    let migrator = Migrator {
        migrations: Cow::Owned(migrations),
        ignore_missing: false,
        locking: true,
        no_tx: false,
    };
    migrator.run(pool).await?;
    Ok(())
}

/// The PostgreSQL role named by the user of `app_url`.
fn app_role(app_url: &str) -> Result<String> {
    let rest = app_url.split_once("://").map(|(_, r)| r).unwrap_or("");
    let user = rest
        .split_once('@')
        .map(|(u, _)| u.split(':').next().unwrap_or(""))
        .unwrap_or("");
    if user.is_empty()
        || !user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(StoreError::Config(
            "with a separate owner URL, the database URL must name the serving role (postgres://ROLE@host/db; letters, digits, _ and -)".into(),
        ));
    }
    Ok(user.to_owned())
}

/// Grants the serving role (the user of `app_url`) what the application needs, run by the
/// schema owner after the migrations (and again at each start, for tables added since): it
/// may read and write the working tables and insert into the audit trail, but not update,
/// delete or truncate audit rows, touch the migration history, or alter any table (only the
/// owner can, and only the owner can disable the audit triggers).
pub(crate) async fn grant_app_role(owner: &sqlx::AnyPool, app_url: &str) -> Result<()> {
    let role = app_role(app_url)?;
    let r = format!("\"{role}\"");
    for sql in [
        format!("GRANT USAGE ON SCHEMA public TO {r}"),
        format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}"),
        format!("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r}"),
        format!("REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM {r}"),
        format!("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON _sqlx_migrations FROM {r}"),
    ] {
        sqlx::query(&sql).execute(owner).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_migration_file_is_in_the_list() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        assert_eq!(files.len(), super::STEPS.len(), "{files:?}");
        for (i, (v, d, _)) in super::STEPS.iter().enumerate() {
            assert_eq!(files[i], format!("{v:04}_{d}.sql"));
        }
    }

    /// The case tallies' triggers write out the stages that are not open; they must be the
    /// domain's.
    #[test]
    fn tally_triggers_know_the_closed_stages() {
        // The store's own test for open cases, `NOT IN (…)` of the closed stages.
        let open = crate::cases::tallies::open_stages();
        let list = open.trim_start_matches("NOT ");
        for (v, sqlite, postgres) in super::TRIGGERS.iter().filter(|t| t.0 == 26) {
            let (_, _, common) = super::STEPS.iter().find(|(n, _, _)| n == v).unwrap();
            for sql in [*common, *sqlite, *postgres] {
                let written = sql.matches(" IN ('").count();
                assert!(written > 0);
                assert_eq!(sql.matches(list).count(), written, "{list}");
            }
        }
    }
}
