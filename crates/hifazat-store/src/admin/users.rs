//! Agencies and staff accounts (creation and lists). Signing in is in [`crate::admin::auth`], the
//! account lifecycle (disable, passwords, second factor, sessions) in [`crate::admin::accounts`].

use crate::admin::auth::roles_from;
use crate::{Result, Store};
use hifazat_domain::{FieldErrors, Jurisdiction, UserRole};
use serde::{Deserialize, Serialize};
use sqlx::Row;

pub use crate::admin::auth::{LoginError, LoginOk, Session};

/// Kinds of agency.
pub const AGENCY_KINDS: &[(&str, &str)] = &[
    ("fia_headquarters", "FIA headquarters"),
    ("fia_zone", "FIA zone"),
    ("fia_circle", "FIA Anti-Human Trafficking Circle"),
    ("immigration", "FIA immigration (exit point)"),
    ("police_station", "Police station"),
    ("frontier_corps", "Frontier Corps"),
    ("levies", "Levies"),
    ("coast_guards", "Pakistan Coast Guards"),
    ("maritime_security_agency", "Maritime Security Agency"),
    ("social_welfare", "Social welfare department"),
    ("women_development", "Women development department"),
    ("child_protection", "Child protection unit"),
    ("labour", "Labour department"),
    (
        "bureau_emigration",
        "Bureau of Emigration and Overseas Employment",
    ),
    ("prosecution", "Prosecution"),
    ("ngo", "NGO"),
    ("international", "International organisation"),
    ("other", "Other"),
];

/// An agency (FIA circle, police station, department, NGO…).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Agency {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Kind (see [`AGENCY_KINDS`]).
    pub kind: String,
    /// Province code, for provincial and local agencies.
    pub province_code: Option<String>,
    /// District code, for local agencies.
    pub district_code: Option<String>,
    /// Parent agency (a circle's zone).
    pub parent_id: Option<i64>,
}

/// A new staff account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name: lower-case letters, digits, dots, dashes.
    pub username: String,
    /// Name shown in the interface.
    pub display_name: String,
    /// Password (at least 12 characters).
    pub password: String,
    /// Agency.
    pub agency_id: Option<i64>,
    /// Territory.
    pub jurisdiction: Jurisdiction,
    /// Roles.
    pub roles: Vec<UserRole>,
}

/// A staff account as listed (no password hash).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserInfo {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Agency name.
    pub agency: Option<String>,
    /// Territory (`national`, `province:PK-PB`, `district:LHR`).
    pub jurisdiction: String,
    /// Roles.
    pub roles: Vec<UserRole>,
    /// False when disabled.
    pub active: bool,
    /// Has a second factor.
    pub second_factor: bool,
    /// Must change the password at the next sign-in.
    pub must_change_password: bool,
}

/// Filters and paging for the list of accounts.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Part of the login name or the name.
    pub q: Option<String>,
    /// Only enabled (`true`) or disabled (`false`) accounts.
    pub active: Option<bool>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Accounts per page (default 50).
    pub per_page: Option<i64>,
}

pub(crate) fn validate_username(u: &str, e: &mut FieldErrors) {
    if u.len() < 3
        || u.len() > 64
        || !u
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
    {
        e.add(
            "username",
            "3 to 64 characters: lower-case letters, digits, '.', '-' or '_'",
        );
    }
}

impl Store {
    /// All agencies, by name.
    pub async fn agencies(&self) -> Result<Vec<Agency>> {
        let rows = sqlx::query("SELECT id, name, kind, province_code, district_code, parent_id FROM agencies ORDER BY name")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Agency {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    kind: r.try_get("kind")?,
                    province_code: r.try_get("province_code")?,
                    district_code: r.try_get("district_code")?,
                    parent_id: r.try_get("parent_id")?,
                })
            })
            .collect()
    }

    /// The agency with this name, if any.
    pub async fn agency_id_by_name(&self, name: &str) -> Result<Option<i64>> {
        Ok(sqlx::query("SELECT id FROM agencies WHERE name = $1")
            .bind(name.to_owned())
            .fetch_optional(self.pool())
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?)
    }

    /// All accounts.
    pub async fn users(&self) -> Result<Vec<UserInfo>> {
        Ok(self
            .list_users(&UserFilter {
                per_page: Some(i64::MAX),
                ..Default::default()
            })
            .await?
            .0)
    }

    /// A page of accounts by login name, matching `f`, with the number matching in all.
    pub async fn list_users(&self, f: &UserFilter) -> Result<(Vec<UserInfo>, i64)> {
        let mut w = crate::sql::Q::new(" WHERE 1 = 1");
        if let Some(q) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let like = format!("%{}%", q.to_lowercase());
            let a = w.arg(like);
            w.push(&format!(
                " AND (LOWER(u.username) LIKE {a} OR LOWER(u.display_name) LIKE {a})"
            ));
        }
        if let Some(active) = f.active {
            w.push_arg(" AND u.active = {}", active as i64);
        }
        let mut count = w.clone();
        count.sql = format!("SELECT COUNT(*) AS n FROM users u{}", count.sql);
        let total: i64 = count.query().fetch_one(self.pool()).await?.try_get("n")?;
        let per_page = f.per_page.unwrap_or(50).max(1);
        let mut q = w;
        q.sql = format!(
            "SELECT u.id, u.username, u.display_name, a.name AS agency, u.jurisdiction, u.roles, u.active, \
             u.totp_enabled_at, u.must_change_password \
             FROM users u LEFT JOIN agencies a ON a.id = u.agency_id{} ORDER BY u.username",
            q.sql
        );
        if per_page < i64::MAX {
            q.push_arg(" LIMIT {}", per_page);
            q.push_arg(" OFFSET {}", (crate::page_number(f.page) - 1) * per_page);
        }
        let rows = q.query().fetch_all(self.pool()).await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(UserInfo {
                    id: r.try_get("id")?,
                    username: r.try_get("username")?,
                    display_name: r.try_get("display_name")?,
                    agency: r.try_get("agency")?,
                    jurisdiction: r.try_get("jurisdiction")?,
                    roles: roles_from(&r.try_get::<String, _>("roles")?),
                    active: r.try_get::<i64, _>("active")? == 1,
                    second_factor: r.try_get::<Option<String>, _>("totp_enabled_at")?.is_some(),
                    must_change_password: r.try_get::<i64, _>("must_change_password")? == 1,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((items, total))
    }

    /// Number of accounts (to tell a fresh installation).
    pub async fn user_count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(self.pool())
            .await?
            .try_get("n")?)
    }
}
