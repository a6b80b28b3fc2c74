//! Agencies, staff accounts, sessions and API tokens, and login throttling.

use crate::audit::{self, AuditAction, Entry};
use crate::{parse_ts, ts, Result, Store, StoreError};
use chrono::Duration;
use hifazat_domain::{Actor, FieldErrors, Jurisdiction, UserRole};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::sync::OnceLock;

/// Failed logins per account within [`THROTTLE_WINDOW_MINUTES`] before logins are refused.
pub const MAX_FAILURES_PER_USER: i64 = 5;
/// Failed logins per client address within the window before logins are refused.
pub const MAX_FAILURES_PER_IP: i64 = 30;
/// The throttling window.
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
/// How long a browser session lasts.
pub const WEB_SESSION_HOURS: i64 = 10;
/// How long an API token lasts.
pub const API_TOKEN_HOURS: i64 = 24;

/// Kinds of agency.
pub const AGENCY_KINDS: &[(&str, &str)] = &[
    ("fia_headquarters", "FIA headquarters"),
    ("fia_zone", "FIA zone"),
    ("fia_circle", "FIA Anti-Human Trafficking Circle"),
    ("immigration", "FIA immigration (exit point)"),
    ("police_station", "Police station"),
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

/// A new agency.
#[derive(Debug, Clone, Deserialize)]
pub struct NewAgency {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Province code.
    pub province_code: Option<String>,
    /// District code.
    pub district_code: Option<String>,
    /// Parent agency.
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
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The user.
    pub actor: Actor,
    /// Display name.
    pub display_name: String,
    /// The CSRF token that forms of this session must carry.
    pub csrf_token: String,
    /// `web` or `api`.
    pub kind: String,
}

/// What a successful login returns.
#[derive(Debug, Clone)]
pub struct LoginOk {
    /// The bearer or cookie token (shown once; only its hash is stored).
    pub token: String,
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Who logged in.
    pub actor: Actor,
}

fn roles_from(s: &str) -> Vec<UserRole> {
    s.split(',').filter_map(UserRole::from_code).collect()
}

fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| hifazat_vault::hash_password("not-a-real-password-used-for-timing"))
}

fn validate_username(u: &str, e: &mut FieldErrors) {
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
    /// Creates an agency (administration and seeding; the caller checks the role).
    pub async fn create_agency(&self, by: &str, a: NewAgency) -> Result<i64> {
        let mut e = FieldErrors::new();
        if a.name.trim().is_empty() {
            e.add("name", "give the agency's name");
        }
        if !AGENCY_KINDS.iter().any(|(k, _)| *k == a.kind) {
            e.add("kind", "unknown kind of agency");
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let mut w = self.write().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO agencies (name, kind, province_code, district_code, parent_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(a.name.trim().to_owned())
        .bind(a.kind.clone())
        // The province as it stands today (`PK-TA` is Khyber Pakhtunkhwa).
        .bind(
            a.province_code
                .map(|p| hifazat_domain::reference::current_province_code(&p).to_owned()),
        )
        .bind(a.district_code)
        .bind(a.parent_id)
        .bind(ts(self.now()))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        audit::record(
            self,
            &mut w.tx,
            None,
            by,
            None,
            Entry {
                action: AuditAction::Create,
                entity: "agency",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(a.name),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

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

    /// Creates a staff account. `by` names who did it (an administrator, or `cli` / `demo`).
    pub async fn create_user(&self, by: &str, u: NewUser) -> Result<i64> {
        let mut e = FieldErrors::new();
        validate_username(&u.username, &mut e);
        if u.password.chars().count() < 12 {
            e.add("password", "at least 12 characters");
        }
        if u.roles.is_empty() {
            e.add("roles", "give at least one role");
        }
        if u.display_name.trim().is_empty() {
            e.add("display_name", "give the person's name");
        }
        if sqlx::query("SELECT id FROM users WHERE username = $1")
            .bind(u.username.clone())
            .fetch_optional(self.pool())
            .await?
            .is_some()
        {
            e.add("username", "this login name is taken");
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let password = u.password.clone();
        let hash = tokio::task::spawn_blocking(move || hifazat_vault::hash_password(&password))
            .await
            .map_err(|e| StoreError::Config(e.to_string()))?;
        let roles: Vec<&str> = u.roles.iter().map(|r| r.code()).collect();
        let mut w = self.write().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, agency_id, jurisdiction, roles, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id",
        )
        .bind(u.username.clone())
        .bind(u.display_name.trim().to_owned())
        .bind(hash)
        .bind(u.agency_id)
        .bind(u.jurisdiction.to_code())
        .bind(roles.join(","))
        .bind(ts(self.now()))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        audit::record(
            self,
            &mut w.tx,
            None,
            by,
            None,
            Entry {
                action: AuditAction::Create,
                entity: "user",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "{} ({}; {})",
                    u.username,
                    roles.join(","),
                    u.jurisdiction.to_code()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Creates an account on behalf of a signed-in administrator (the role is checked here).
    pub async fn create_user_as(&self, ctx: &crate::Ctx, u: NewUser) -> Result<i64> {
        if !ctx.actor.may(hifazat_domain::Action::ManageUsers) {
            return Err(StoreError::Forbidden("only administrators manage accounts"));
        }
        self.create_user(&ctx.actor.username, u).await
    }

    /// All accounts.
    pub async fn users(&self) -> Result<Vec<UserInfo>> {
        let rows = sqlx::query(
            "SELECT u.id, u.username, u.display_name, a.name AS agency, u.jurisdiction, u.roles \
             FROM users u LEFT JOIN agencies a ON a.id = u.agency_id ORDER BY u.username",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(UserInfo {
                    id: r.try_get("id")?,
                    username: r.try_get("username")?,
                    display_name: r.try_get("display_name")?,
                    agency: r.try_get("agency")?,
                    jurisdiction: r.try_get("jurisdiction")?,
                    roles: roles_from(&r.try_get::<String, _>("roles")?),
                })
            })
            .collect()
    }

    /// Number of accounts (to tell a fresh installation).
    pub async fn user_count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(self.pool())
            .await?
            .try_get("n")?)
    }

    async fn failures_since(&self, column: &str, value: &str, since: &str) -> Result<i64> {
        let sql = format!("SELECT COUNT(*) AS n FROM login_attempts WHERE {column} = $1 AND at >= $2 AND succeeded = 0");
        Ok(sqlx::query(&sql)
            .bind(value.to_owned())
            .bind(since.to_owned())
            .fetch_one(self.pool())
            .await?
            .try_get("n")?)
    }

    /// Checks a password and opens a session (`kind` is `web` or `api`). Refuses with
    /// [`StoreError::Throttled`] after too many recent failures, whatever the password.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        ip: &str,
        kind: &str,
    ) -> Result<LoginOk> {
        let now = self.now();
        let since = ts(now - Duration::minutes(THROTTLE_WINDOW_MINUTES));
        if self.failures_since("username", username, &since).await? >= MAX_FAILURES_PER_USER
            || self.failures_since("ip", ip, &since).await? >= MAX_FAILURES_PER_IP
        {
            return Err(StoreError::Throttled);
        }
        let row = sqlx::query(
            "SELECT id, password_hash, agency_id, jurisdiction, roles FROM users WHERE username = $1 AND active = 1",
        )
        .bind(username.to_owned())
        .fetch_optional(self.pool())
        .await?;
        let hash = match &row {
            Some(r) => r.try_get::<String, _>("password_hash")?,
            None => dummy_hash().to_owned(),
        };
        let pw = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || hifazat_vault::verify_password(&pw, &hash))
            .await
            .map_err(|e| StoreError::Config(e.to_string()))?
            && row.is_some();
        let mut w = self.write().await?;
        sqlx::query(
            "INSERT INTO login_attempts (username, ip, succeeded, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(username.to_owned())
        .bind(ip.to_owned())
        .bind(ok as i64)
        .bind(ts(now))
        .execute(&mut *w.tx)
        .await?;
        let Some(row) = row.filter(|_| ok) else {
            audit::record(
                self,
                &mut w.tx,
                None,
                username,
                Some(ip),
                Entry {
                    action: AuditAction::LoginFailed,
                    entity: "session",
                    entity_id: None,
                    case_id: None,
                    detail: None,
                },
            )
            .await?;
            w.commit().await?;
            return Err(StoreError::NotFound);
        };
        let actor = Actor {
            user_id: row.try_get("id")?,
            username: username.to_owned(),
            agency_id: row.try_get("agency_id")?,
            roles: roles_from(&row.try_get::<String, _>("roles")?),
            jurisdiction: Jurisdiction::from_code(&row.try_get::<String, _>("jurisdiction")?)
                .ok_or_else(|| {
                    StoreError::Config(format!("account {username} has an unknown jurisdiction"))
                })?,
        };
        let token = hifazat_vault::new_token();
        let csrf_token = hifazat_vault::new_token();
        let hours = if kind == "api" {
            API_TOKEN_HOURS
        } else {
            WEB_SESSION_HOURS
        };
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, kind, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(hifazat_vault::token_hash(&token))
        .bind(actor.user_id)
        .bind(kind.to_owned())
        .bind(csrf_token.clone())
        .bind(ts(now))
        .bind(ts(now + Duration::hours(hours)))
        .execute(&mut *w.tx)
        .await?;
        audit::record(
            self,
            &mut w.tx,
            Some(actor.user_id),
            username,
            Some(ip),
            Entry {
                action: AuditAction::Login,
                entity: "session",
                entity_id: None,
                case_id: None,
                detail: Some(kind.to_owned()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(LoginOk {
            token,
            csrf_token,
            actor,
        })
    }

    /// The session for a token, if it exists and has not expired.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        let row = sqlx::query(
            "SELECT s.kind, s.csrf_token, s.expires_at, u.id, u.username, u.display_name, u.agency_id, u.jurisdiction, u.roles \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND u.active = 1",
        )
        .bind(hifazat_vault::token_hash(token))
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = row else { return Ok(None) };
        let expires: String = r.try_get("expires_at")?;
        if parse_ts(&expires).is_none_or(|t| t <= self.now()) {
            return Ok(None);
        }
        let Some(jurisdiction) = Jurisdiction::from_code(&r.try_get::<String, _>("jurisdiction")?)
        else {
            return Ok(None);
        };
        Ok(Some(Session {
            actor: Actor {
                user_id: r.try_get("id")?,
                username: r.try_get("username")?,
                agency_id: r.try_get("agency_id")?,
                roles: roles_from(&r.try_get::<String, _>("roles")?),
                jurisdiction,
            },
            display_name: r.try_get("display_name")?,
            csrf_token: r.try_get("csrf_token")?,
            kind: r.try_get("kind")?,
        }))
    }

    /// Ends a session.
    pub async fn logout(&self, token: &str, ip: Option<&str>) -> Result<()> {
        let Some(s) = self.session(token).await? else {
            return Ok(());
        };
        let mut w = self.write().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(hifazat_vault::token_hash(token))
            .execute(&mut *w.tx)
            .await?;
        audit::record(
            self,
            &mut w.tx,
            Some(s.actor.user_id),
            &s.actor.username,
            ip,
            Entry {
                action: AuditAction::Logout,
                entity: "session",
                entity_id: None,
                case_id: None,
                detail: None,
            },
        )
        .await?;
        w.commit().await
    }
}
