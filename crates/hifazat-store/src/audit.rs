//! The append-only audit trail: who did what to which record, when and from where.
//!
//! Entries are written by the store itself, in the transaction of the change they record, so
//! a change without its audit row cannot commit. The table refuses UPDATE and DELETE (triggers
//! on both engines; on PostgreSQL the serving role also lacks the privileges, see
//! `migrate::grant_app_role`).
//!
//! The rows form a hash chain: each carries its place (`seq`), the previous row's hash and the
//! SHA-256 of its own content with that previous hash, so a row changed, removed or inserted
//! behind the application's back breaks the chain, and [`Store::verify_audit`] names the first
//! broken row. Writers take the chain's head row (`audit_chain`) for update, so rows join the
//! chain one at a time in commit order. Rows written before the chain existed are covered by a
//! digest that is the first chained row's previous hash.

use crate::sql::Q;
use crate::{ts, Ctx, Result, Store, StoreError};
use hifazat_domain::Action;
use serde::Serialize;
use sqlx::Row;

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    /// A record was created.
    Create,
    /// A record was changed.
    Update,
    /// A case moved to another stage.
    Transition,
    /// A victim's identifying data was shown.
    ViewIdentity,
    /// A successful login.
    Login,
    /// A failed login.
    LoginFailed,
    /// A logout.
    Logout,
    /// Demo or bulk data was loaded.
    Import,
    /// Two person records were merged into one.
    Merge,
    /// A merge of person records was undone.
    Unmerge,
    /// A case file, protection record, referral or person record was read.
    View,
    /// Records left the system in a file (CSV export).
    Export,
    /// A request for a record outside the user's scope, or for no record, was refused.
    AccessDenied,
    /// An account was disabled.
    Disable,
    /// An account was enabled again.
    Enable,
    /// A user changed their own password.
    PasswordChange,
    /// An administrator reset a password.
    PasswordReset,
    /// A second factor was enrolled, used with a recovery code, or reset.
    SecondFactor,
    /// Sessions or API tokens were ended by their user or an administrator.
    SessionEnd,
    /// Protected fields were re-encrypted under a new key.
    KeyRotation,
    /// A backup was taken.
    Backup,
    /// Records past their retention period were deleted.
    Purge,
}

impl AuditAction {
    /// Every action, in the order the audit trail's filter offers them.
    pub const ALL: &'static [AuditAction] = &[
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Transition,
        AuditAction::View,
        AuditAction::ViewIdentity,
        AuditAction::Export,
        AuditAction::AccessDenied,
        AuditAction::Login,
        AuditAction::LoginFailed,
        AuditAction::Logout,
        AuditAction::Merge,
        AuditAction::Unmerge,
        AuditAction::Import,
        AuditAction::Disable,
        AuditAction::Enable,
        AuditAction::PasswordChange,
        AuditAction::PasswordReset,
        AuditAction::SecondFactor,
        AuditAction::SessionEnd,
        AuditAction::KeyRotation,
        AuditAction::Backup,
        AuditAction::Purge,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Transition => "transition",
            AuditAction::ViewIdentity => "view_identity",
            AuditAction::Login => "login",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::Logout => "logout",
            AuditAction::Import => "import",
            AuditAction::Merge => "merge",
            AuditAction::Unmerge => "unmerge",
            AuditAction::View => "view",
            AuditAction::Export => "export",
            AuditAction::AccessDenied => "access_denied",
            AuditAction::Disable => "disable",
            AuditAction::Enable => "enable",
            AuditAction::PasswordChange => "password_change",
            AuditAction::PasswordReset => "password_reset",
            AuditAction::SecondFactor => "second_factor",
            AuditAction::SessionEnd => "session_end",
            AuditAction::KeyRotation => "key_rotation",
            AuditAction::Backup => "backup",
            AuditAction::Purge => "purge",
        }
    }
}

/// One audit row to write.
pub(crate) struct Entry<'a> {
    pub action: AuditAction,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub case_id: Option<i64>,
    pub detail: Option<String>,
}

/// The content of an audit row that its hash covers.
#[derive(Debug, Clone, Serialize)]
struct Content<'a> {
    seq: Option<i64>,
    at: &'a str,
    user_id: Option<i64>,
    username: &'a str,
    action: &'a str,
    entity: &'a str,
    entity_id: Option<&'a str>,
    case_id: Option<i64>,
    ip: Option<&'a str>,
    detail: Option<&'a str>,
}

impl Content<'_> {
    /// The canonical bytes: a JSON array in a fixed order, then the previous hash.
    #[allow(clippy::expect_used)] // Numbers, strings and None always serialise.
    fn bytes(&self, prev_hash: &str) -> Vec<u8> {
        let mut v = serde_json::to_vec(&(
            self.seq,
            self.at,
            self.user_id,
            self.username,
            self.action,
            self.entity,
            self.entity_id,
            self.case_id,
            self.ip,
            self.detail,
        ))
        .expect("plain values serialise");
        v.push(b'\n');
        v.extend_from_slice(prev_hash.as_bytes());
        v
    }

    fn hash(&self, prev_hash: &str) -> String {
        hifazat_vault::sha256_hex(&self.bytes(prev_hash))
    }

    fn of(r: &sqlx::any::AnyRow) -> Result<OwnedContent> {
        Ok(OwnedContent {
            id: r.try_get("id")?,
            seq: r.try_get("seq")?,
            at: r.try_get("at")?,
            user_id: r.try_get("user_id")?,
            username: r.try_get("username")?,
            action: r.try_get("action")?,
            entity: r.try_get("entity")?,
            entity_id: r.try_get("entity_id")?,
            case_id: r.try_get("case_id")?,
            ip: r.try_get("ip")?,
            detail: r.try_get("detail")?,
            prev_hash: r.try_get("prev_hash")?,
            row_hash: r.try_get("row_hash")?,
        })
    }
}

/// An audit row as read back for verification.
struct OwnedContent {
    id: i64,
    seq: Option<i64>,
    at: String,
    user_id: Option<i64>,
    username: String,
    action: String,
    entity: String,
    entity_id: Option<String>,
    case_id: Option<i64>,
    ip: Option<String>,
    detail: Option<String>,
    prev_hash: Option<String>,
    row_hash: Option<String>,
}

impl OwnedContent {
    fn content(&self) -> Content<'_> {
        Content {
            seq: self.seq,
            at: &self.at,
            user_id: self.user_id,
            username: &self.username,
            action: &self.action,
            entity: &self.entity,
            entity_id: self.entity_id.as_deref(),
            case_id: self.case_id,
            ip: self.ip.as_deref(),
            detail: self.detail.as_deref(),
        }
    }
}

const ROW_COLUMNS: &str =
    "id, seq, at, user_id, username, action, entity, entity_id, case_id, ip, detail, prev_hash, row_hash";

/// The digest of the rows written before the chain began (in id order): the first chained
/// row's previous hash.
async fn legacy_digest<'e, E>(exec: E) -> Result<String>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {ROW_COLUMNS} FROM audit_log WHERE seq IS NULL ORDER BY id"
    ))
    .fetch_all(exec)
    .await?;
    let mut all = Vec::new();
    for r in &rows {
        let c = Content::of(r)?;
        all.extend_from_slice(&c.content().bytes(""));
        all.push(b'\n');
    }
    Ok(hifazat_vault::sha256_hex(&all))
}

/// Writes an entry inside the caller's transaction, as the next link of the chain.
pub(crate) async fn record(
    store: &Store,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: Option<i64>,
    username: &str,
    ip: Option<&str>,
    e: Entry<'_>,
) -> Result<()> {
    // Taking the head row for update serialises writers until this transaction ends.
    let head = sqlx::query("UPDATE audit_chain SET seq = seq + 1 WHERE id = 1 RETURNING seq, head")
        .fetch_one(&mut **tx)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let prev: String = match head.try_get::<Option<String>, _>("head")? {
        Some(h) => h,
        None => legacy_digest(&mut **tx).await?,
    };
    let at = ts(store.now());
    let content = Content {
        seq: Some(seq),
        at: &at,
        user_id,
        username,
        action: e.action.code(),
        entity: e.entity,
        entity_id: e.entity_id.as_deref(),
        case_id: e.case_id,
        ip,
        detail: e.detail.as_deref(),
    };
    let hash = content.hash(&prev);
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, case_id, ip, detail, seq, prev_hash, row_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(at.clone())
    .bind(user_id)
    .bind(username.to_owned())
    .bind(e.action.code())
    .bind(e.entity.to_owned())
    .bind(e.entity_id.clone())
    .bind(e.case_id)
    .bind(ip.map(str::to_owned))
    .bind(e.detail.clone())
    .bind(seq)
    .bind(prev)
    .bind(hash.clone())
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_chain SET head = $1 WHERE id = 1")
        .bind(hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What [`Store::verify_audit`] found.
#[derive(Debug, Clone, Serialize)]
pub struct AuditVerification {
    /// Rows read.
    pub rows: i64,
    /// Rows written before the chain began (covered by one digest).
    pub legacy_rows: i64,
    /// The last chained row's hash (record it elsewhere to detect a rewritten chain).
    pub head: Option<String>,
    /// The last chained row's place.
    pub last_seq: i64,
    /// The first break, if any.
    pub broken: Option<AuditBreak>,
}

/// Where and how the chain is broken.
#[derive(Debug, Clone, Serialize)]
pub struct AuditBreak {
    /// The audit row's id (None when rows are missing at the end).
    pub id: Option<i64>,
    /// Its place in the chain.
    pub seq: Option<i64>,
    /// What is wrong.
    pub why: String,
}

/// Writes an entry for `ctx` inside the caller's transaction.
pub(crate) async fn record_ctx(
    store: &Store,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &Ctx,
    e: Entry<'_>,
) -> Result<()> {
    record(
        store,
        tx,
        Some(ctx.actor.user_id).filter(|id| *id > 0),
        &ctx.actor.username,
        ctx.ip.as_deref(),
        e,
    )
    .await
}

/// An audit row as shown to auditors.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditRow {
    /// Row id (increasing).
    pub id: i64,
    /// When (UTC).
    pub at: String,
    /// Account name.
    pub username: String,
    /// What was done (`create`, `update`, `transition`, `view_identity`, `login`…).
    pub action: String,
    /// Kind of record.
    pub entity: String,
    /// Which record.
    pub entity_id: Option<String>,
    /// The case concerned.
    pub case_id: Option<i64>,
    /// The reference of the case concerned.
    pub case_reference: Option<String>,
    /// Client address.
    pub ip: Option<String>,
    /// Details (never identifying data).
    pub detail: Option<String>,
}

/// Filters for the audit trail.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Only this account.
    pub username: Option<String>,
    /// Only this action.
    pub action: Option<String>,
    /// Only this case.
    pub case_id: Option<i64>,
    /// Only the case with this reference (e.g. `LHR-2024-0042`).
    pub case_reference: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows per page (at most 500).
    pub per_page: Option<i64>,
}

impl Store {
    /// Walks the whole hash chain and reports the first broken row: a row whose content no
    /// longer gives its hash (edited), whose previous hash is not the previous row's (removed
    /// or inserted rows), a gap in the places, rows missing at the end, or a changed row from
    /// before the chain. `progress` is told the rows checked so far.
    pub async fn verify_audit(
        &self,
        progress: &mut (dyn FnMut(i64) + Send),
    ) -> Result<AuditVerification> {
        let legacy_rows: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE seq IS NULL")
            .fetch_one(self.pool())
            .await?
            .try_get("n")?;
        let mut prev = legacy_digest(self.pool()).await?;
        let mut out = AuditVerification {
            rows: legacy_rows,
            legacy_rows,
            head: None,
            last_seq: 0,
            broken: None,
        };
        let mut expected = 1i64;
        'pages: loop {
            let rows = sqlx::query(&format!(
                "SELECT {ROW_COLUMNS} FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT 5000"
            ))
            .bind(expected)
            .fetch_all(self.pool())
            .await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let c = Content::of(r)?;
                let seq = c.seq.unwrap_or_default();
                let broken = |why: String| AuditBreak {
                    id: Some(c.id),
                    seq: c.seq,
                    why,
                };
                if seq != expected {
                    out.broken = Some(broken(format!(
                        "rows {expected} to {} of the chain are missing (deleted)",
                        seq - 1
                    )));
                    break 'pages;
                }
                if c.prev_hash.as_deref() != Some(prev.as_str()) {
                    out.broken = Some(broken(if seq == 1 {
                        "the rows written before the chain began were changed, removed or added to"
                            .into()
                    } else {
                        "its previous hash is not the previous row's hash (a row was replaced)"
                            .into()
                    }));
                    break 'pages;
                }
                let hash = c.content().hash(&prev);
                if c.row_hash.as_deref() != Some(hash.as_str()) {
                    out.broken = Some(broken(
                        "its content does not give its hash (the row was edited)".into(),
                    ));
                    break 'pages;
                }
                prev = hash;
                out.rows += 1;
                out.last_seq = seq;
                out.head = Some(prev.clone());
                expected += 1;
            }
            progress(out.rows);
        }
        if out.broken.is_none() {
            let chain = sqlx::query("SELECT seq, head FROM audit_chain WHERE id = 1")
                .fetch_one(self.pool())
                .await?;
            let seq: i64 = chain.try_get("seq")?;
            let head: Option<String> = chain.try_get("head")?;
            if seq != out.last_seq || head != out.head {
                out.broken = Some(AuditBreak {
                    id: None,
                    seq: Some(out.last_seq + 1),
                    why: format!(
                        "the chain's head says {seq} rows but {} were found: rows at the end were removed",
                        out.last_seq
                    ),
                });
            }
        }
        Ok(out)
    }

    /// The audit trail, newest first, for an auditor.
    pub async fn audit_trail(&self, ctx: &Ctx, f: &AuditFilter) -> Result<(Vec<AuditRow>, i64)> {
        if !ctx.actor.may(Action::ViewAudit) {
            return Err(StoreError::Forbidden("only auditors read the audit trail"));
        }
        let mut w = Q::new(" WHERE 1 = 1");
        if let Some(u) = f.username.as_deref().filter(|s| !s.is_empty()) {
            w.push_arg(" AND a.username = {}", u);
        }
        if let Some(a) = f.action.as_deref().filter(|s| !s.is_empty()) {
            w.push_arg(" AND a.action = {}", a);
        }
        if let Some(c) = f.case_id {
            w.push_arg(" AND a.case_id = {}", c);
        }
        if let Some(r) = f
            .case_reference
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            w.push_arg(
                " AND a.case_id IN (SELECT id FROM cases WHERE UPPER(reference) = {})",
                r.to_uppercase(),
            );
        }
        let mut count = w.clone();
        count.sql = format!("SELECT COUNT(*) AS n FROM audit_log a{}", w.sql);
        let total: i64 = count.query().fetch_one(self.pool()).await?.try_get("n")?;
        let per_page = f.per_page.unwrap_or(100).clamp(1, 500);
        let page = crate::page_number(f.page);
        let mut q = w;
        q.sql = format!(
            "SELECT a.id, a.at, a.username, a.action, a.entity, a.entity_id, a.case_id, c.reference, a.ip, a.detail \
             FROM audit_log a LEFT JOIN cases c ON c.id = a.case_id{} ORDER BY a.id DESC",
            q.sql
        );
        q.push_arg(" LIMIT {}", per_page);
        q.push_arg(" OFFSET {}", (page - 1) * per_page);
        let rows = q.query().fetch_all(self.pool()).await?;
        let rows = rows
            .iter()
            .map(|r| -> Result<AuditRow> {
                Ok(AuditRow {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    username: r.try_get("username")?,
                    action: r.try_get("action")?,
                    entity: r.try_get("entity")?,
                    entity_id: r.try_get("entity_id")?,
                    case_id: r.try_get("case_id")?,
                    case_reference: r.try_get("reference")?,
                    ip: r.try_get("ip")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((rows, total))
    }
}

impl Store {
    /// Records a refused request (403, or 404 for a record outside scope or absent) of a
    /// signed-in user: `route` is the route's pattern, `path` the path asked for.
    pub async fn record_refusal(
        &self,
        ctx: &Ctx,
        route: &str,
        path: &str,
        status: u16,
    ) -> Result<()> {
        let mut w = self.write().await?;
        record_ctx(
            self,
            &mut w.tx,
            ctx,
            Entry {
                action: AuditAction::AccessDenied,
                entity: "request",
                entity_id: Some(path.chars().take(300).collect()),
                case_id: None,
                detail: Some(format!("{status} {route}")),
            },
        )
        .await?;
        w.commit().await
    }
}
