//! The append-only audit trail: who did what to which record, when and from where.
//!
//! Entries are written by the store itself, in the transaction of the change they record, so
//! a change without its audit row cannot commit. The table refuses UPDATE and DELETE.

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
}

impl AuditAction {
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

/// Writes an entry inside the caller's transaction.
pub(crate) async fn record(
    store: &Store,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: Option<i64>,
    username: &str,
    ip: Option<&str>,
    e: Entry<'_>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, case_id, ip, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(ts(store.now()))
    .bind(user_id)
    .bind(username.to_owned())
    .bind(e.action.code())
    .bind(e.entity.to_owned())
    .bind(e.entity_id)
    .bind(e.case_id)
    .bind(ip.map(str::to_owned))
    .bind(e.detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
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
        Some(ctx.actor.user_id),
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
    /// Client address.
    pub ip: Option<String>,
    /// Details (never identifying data).
    pub detail: Option<String>,
}

/// Filters for the audit trail.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct AuditFilter {
    /// Only this account.
    pub username: Option<String>,
    /// Only this action.
    pub action: Option<String>,
    /// Only this case.
    pub case_id: Option<i64>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows per page (at most 500).
    pub per_page: Option<i64>,
}

impl Store {
    /// The audit trail, newest first, for an auditor.
    pub async fn audit_trail(&self, ctx: &Ctx, f: &AuditFilter) -> Result<(Vec<AuditRow>, i64)> {
        if !ctx.actor.may(Action::ViewAudit) {
            return Err(StoreError::Forbidden("only auditors read the audit trail"));
        }
        let mut w = Q::new(" WHERE 1 = 1");
        if let Some(u) = f.username.as_deref().filter(|s| !s.is_empty()) {
            w.push_arg(" AND username = {}", u);
        }
        if let Some(a) = f.action.as_deref().filter(|s| !s.is_empty()) {
            w.push_arg(" AND action = {}", a);
        }
        if let Some(c) = f.case_id {
            w.push_arg(" AND case_id = {}", c);
        }
        let mut count = w.clone();
        count.sql = format!("SELECT COUNT(*) AS n FROM audit_log{}", w.sql);
        let total: i64 = count.query().fetch_one(self.pool()).await?.try_get("n")?;
        let per_page = f.per_page.unwrap_or(100).clamp(1, 500);
        let page = f.page.unwrap_or(1).max(1);
        let mut q = w;
        q.sql = format!(
            "SELECT id, at, username, action, entity, entity_id, case_id, ip, detail FROM audit_log{} ORDER BY id DESC",
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
                    ip: r.try_get("ip")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((rows, total))
    }
}
