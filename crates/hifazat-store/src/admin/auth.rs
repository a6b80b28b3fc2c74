//! Signing in: login throttling that cannot be raced, password checks off the async runtime,
//! the TOTP second factor, sessions with an absolute and an idle lifetime, and logout.
//!
//! Throttling is per (account, address) and per address, with backoff rather than a lock: a
//! password is checked only after an attempt has been *granted* by one atomic upsert on
//! `login_throttle` (counted as a failure until the password proves right), so a hundred
//! concurrent guesses get at most [`AuthConfig::free_failures`] password checks, and after
//! that one more per growing delay. The right password from another address has its own
//! allowance, so nobody can lock a chosen officer out.

use crate::audit::{self, AuditAction, Entry};
use crate::sealed;
use crate::{parse_ts, ts, Result, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use hifazat_domain::{Actor, Jurisdiction, UserRole};
use hifazat_vault::password::PasswordPolicy;
use hifazat_vault::second_factor;
use sqlx::Row;
use std::sync::atomic::Ordering;
use std::sync::OnceLock;

/// Sign-in rules of one installation.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// Password policy (the demo password only on a demo server).
    pub policy: PasswordPolicy,
    /// Roles that must use a second factor.
    pub second_factor_roles: Vec<UserRole>,
    /// Minutes without a request after which a browser session ends.
    pub idle_minutes: i64,
    /// Hours after which a browser session ends whatever happens.
    pub web_session_hours: i64,
    /// Hours an API token lasts.
    pub api_token_hours: i64,
    /// Failed attempts per (account, address) before backoff starts.
    pub free_failures: i64,
    /// Failed attempts per address (any account) before backoff starts.
    pub free_failures_per_address: i64,
    /// The first backoff delay, doubled after each further failure.
    pub backoff_base_seconds: i64,
    /// The longest backoff delay.
    pub backoff_max_seconds: i64,
}

impl Default for AuthConfig {
    /// Production rules: administrators, national coordinators and auditors need a second
    /// factor; 30 idle minutes; 5 free failures per account and address, then 30 s doubling
    /// up to 15 minutes.
    fn default() -> Self {
        AuthConfig {
            policy: PasswordPolicy { demo: false },
            second_factor_roles: vec![
                UserRole::Administrator,
                UserRole::NationalCoordinator,
                UserRole::Auditor,
            ],
            idle_minutes: 30,
            web_session_hours: 10,
            api_token_hours: 24,
            free_failures: 5,
            free_failures_per_address: 30,
            backoff_base_seconds: 30,
            backoff_max_seconds: 900,
        }
    }
}

impl AuthConfig {
    /// Demo rules: the demo password accepted, no second factor required.
    pub fn demo() -> Self {
        AuthConfig {
            policy: PasswordPolicy { demo: true },
            second_factor_roles: Vec::new(),
            ..AuthConfig::default()
        }
    }

    /// True when an account with these roles must use a second factor.
    pub fn requires_second_factor(&self, roles: &[UserRole]) -> bool {
        roles.iter().any(|r| self.second_factor_roles.contains(r))
    }

    fn backoff(&self, failures: i64, free: i64) -> i64 {
        let over = (failures - free).clamp(0, 30) as u32;
        self.backoff_base_seconds
            .saturating_mul(1i64 << over)
            .min(self.backoff_max_seconds)
    }
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
    /// A short public id of the session (for lists; not the token).
    pub id: String,
    /// The password was accepted but the second factor is still to be given.
    pub second_factor_pending: bool,
    /// The user must choose a new password before anything else.
    pub must_change_password: bool,
    /// The user's role requires a second factor that is not enrolled yet.
    pub must_enrol_second_factor: bool,
    /// The user has a second factor.
    pub second_factor_enabled: bool,
}

impl Session {
    /// True when the session may use the application (nothing is pending).
    pub fn is_complete(&self) -> bool {
        !self.second_factor_pending && !self.must_change_password && !self.must_enrol_second_factor
    }
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
    /// The second factor must be given before the session opens anything (web only).
    pub second_factor_pending: bool,
    /// The password must be changed first.
    pub must_change_password: bool,
}

/// Why a login was refused.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Wrong login name, password or code (not told apart).
    #[error("wrong login name or password")]
    Wrong,
    /// The code from the authenticator app or a recovery code is wrong.
    #[error("wrong code")]
    WrongCode,
    /// The account is disabled (said only after the right password).
    #[error("this account is disabled")]
    Disabled,
    /// Too many failures: wait this many seconds.
    #[error("too many failed attempts; try again in {0} seconds")]
    Throttled(i64),
    /// The account has a second factor: send its code (API: the `totp` field).
    #[error("this account needs the code from its authenticator app")]
    SecondFactorRequired,
    /// The account's role needs a second factor that is not enrolled: enrol in the web pages.
    #[error("this account must enrol a second factor in the web interface (Account) before using the API")]
    SecondFactorNotEnrolled,
    /// The password must be changed (in the web pages) before using the API.
    #[error("this account must change its password in the web interface before using the API")]
    PasswordChangeRequired,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for LoginError {
    fn from(e: sqlx::Error) -> Self {
        LoginError::Store(e.into())
    }
}

pub(crate) fn roles_from(s: &str) -> Vec<UserRole> {
    s.split(',').filter_map(UserRole::from_code).collect()
}

fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| hifazat_vault::hash_password("not-a-real-password-used-for-timing"))
}

/// The public id of a session: the start of its token's hash.
pub(crate) fn session_id(token_hash: &str) -> String {
    token_hash.get(..16).unwrap_or(token_hash).to_owned()
}

fn user_key(username: &str, ip: &str) -> String {
    format!("u:{username}|{ip}")
}

fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

const USER_COLUMNS: &str =
    "id, username, display_name, password_hash, agency_id, jurisdiction, roles, active, \
     must_change_password, totp_secret_enc, totp_enabled_at, totp_last_step";

struct UserRow {
    actor: Actor,
    password_hash: String,
    active: bool,
    must_change_password: bool,
    totp_secret: Option<Vec<u8>>,
    totp_last_step: Option<i64>,
}

impl Store {
    /// The sign-in rules in force.
    pub fn auth_config(&self) -> &crate::AuthConfig {
        &self.auth
    }

    /// Replaces the sign-in rules (tests and the command line).
    pub fn with_auth(mut self, auth: crate::AuthConfig) -> Self {
        self.auth = std::sync::Arc::new(auth);
        self
    }

    /// Passwords checked (Argon2 runs) since the store was opened.
    pub fn password_checks(&self) -> u64 {
        self.password_checks.load(Ordering::Relaxed)
    }

    /// Checks a password against a PHC hash off the async runtime, counting the check.
    pub(crate) async fn check_password(&self, password: &str, hash: String) -> Result<bool> {
        self.password_checks.fetch_add(1, Ordering::Relaxed);
        let pw = password.to_owned();
        tokio::task::spawn_blocking(move || hifazat_vault::verify_password(&pw, &hash))
            .await
            .map_err(|e| StoreError::Config(e.to_string()))
    }

    /// Checks a new password against the policy off the async runtime.
    pub(crate) async fn password_problem(
        &self,
        password: &str,
        inputs: &[&str],
    ) -> Result<Option<String>> {
        let policy = self.auth.policy;
        let pw = password.to_owned();
        let inputs: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
        tokio::task::spawn_blocking(move || {
            let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
            policy.problem(&pw, &refs)
        })
        .await
        .map_err(|e| StoreError::Config(e.to_string()))
    }

    /// Grants one attempt for `username` from `ip`, atomically, or says how long to wait.
    /// The attempt is counted as a failure until [`Store::attempt_succeeded`] takes it back.
    pub(crate) async fn grant_attempt(&self, username: &str, ip: &str) -> Result<Option<i64>> {
        let now = self.now();
        let stale = ts(now - Duration::hours(24));
        let mut w = self.write().await?;
        for (key, free) in [
            (user_key(username, ip), self.auth.free_failures),
            (ip_key(ip), self.auth.free_failures_per_address),
        ] {
            // One statement: count the attempt if it may be made. On PostgreSQL the upsert
            // locks the row until this transaction ends, so concurrent attempts queue here.
            let granted = sqlx::query(
                "INSERT INTO login_throttle (throttle_key, failures, next_at, updated_at) VALUES ($1, 1, NULL, $2) \
                 ON CONFLICT (throttle_key) DO UPDATE SET \
                   failures = CASE WHEN login_throttle.updated_at < $3 THEN 1 ELSE login_throttle.failures + 1 END, \
                   updated_at = $2 \
                 WHERE login_throttle.failures < $4 OR login_throttle.next_at IS NULL \
                   OR login_throttle.next_at <= $2 OR login_throttle.updated_at < $3 \
                 RETURNING failures",
            )
            .bind(key.clone())
            .bind(ts(now))
            .bind(stale.clone())
            .bind(free)
            .fetch_optional(&mut *w.tx)
            .await?;
            let Some(row) = granted else {
                // Refused: nothing of this transaction is kept.
                let next: Option<String> =
                    sqlx::query("SELECT next_at FROM login_throttle WHERE throttle_key = $1")
                        .bind(key)
                        .fetch_optional(&mut *w.tx)
                        .await?
                        .map(|r| r.try_get("next_at"))
                        .transpose()?
                        .flatten();
                let wait = next
                    .as_deref()
                    .and_then(parse_ts)
                    .map(|t| (t - now).num_seconds().max(1))
                    .unwrap_or(1);
                return Ok(Some(wait));
            };
            let failures: i64 = row.try_get("failures")?;
            if failures >= free {
                sqlx::query("UPDATE login_throttle SET next_at = $1 WHERE throttle_key = $2")
                    .bind(ts(
                        now + Duration::seconds(self.auth.backoff(failures, free))
                    ))
                    .bind(key)
                    .execute(&mut *w.tx)
                    .await?;
            }
        }
        w.commit().await?;
        Ok(None)
    }

    /// Takes back a granted attempt that succeeded.
    pub(crate) async fn attempt_succeeded(&self, username: &str, ip: &str) -> Result<()> {
        let mut w = self.write().await?;
        sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1")
            .bind(user_key(username, ip))
            .execute(&mut *w.tx)
            .await?;
        sqlx::query(
            "UPDATE login_throttle SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0",
        )
        .bind(ip_key(ip))
        .execute(&mut *w.tx)
        .await?;
        w.commit().await
    }

    async fn user_row(&self, username: &str) -> Result<Option<UserRow>> {
        let Some(r) = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
        ))
        .bind(username.to_owned())
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let id: i64 = r.try_get("id")?;
        let enabled: Option<String> = r.try_get("totp_enabled_at")?;
        let secret = match enabled {
            Some(_) => sealed::open(
                self.vault(),
                "users",
                "totp_secret",
                id,
                r.try_get::<Option<String>, _>("totp_secret_enc")?
                    .as_deref(),
            )?
            .and_then(|t| second_factor::secret_from_text(&t)),
            None => None,
        };
        Ok(Some(UserRow {
            actor: Actor {
                user_id: id,
                username: r.try_get("username")?,
                agency_id: r.try_get("agency_id")?,
                roles: roles_from(&r.try_get::<String, _>("roles")?),
                jurisdiction: Jurisdiction::from_code(&r.try_get::<String, _>("jurisdiction")?)
                    .ok_or_else(|| {
                        StoreError::Config(format!(
                            "account {username} has an unknown jurisdiction"
                        ))
                    })?,
            },
            password_hash: r.try_get("password_hash")?,
            active: r.try_get::<i64, _>("active")? == 1,
            must_change_password: r.try_get::<i64, _>("must_change_password")? == 1,
            totp_secret: secret,
            totp_last_step: r.try_get("totp_last_step")?,
        }))
    }

    async fn login_failed(&self, username: &str, ip: &str, why: &str) -> Result<()> {
        let mut w = self.write().await?;
        sqlx::query(
            "INSERT INTO login_attempts (username, ip, succeeded, at) VALUES ($1, $2, 0, $3)",
        )
        .bind(username.to_owned())
        .bind(ip.to_owned())
        .bind(ts(self.now()))
        .execute(&mut *w.tx)
        .await?;
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
                detail: Some(why.to_owned()),
            },
        )
        .await?;
        w.commit().await
    }

    /// Checks a TOTP code or a recovery code for `u`; on success records the step used (or
    /// the recovery code spent) in `tx`. Returns whether it was accepted.
    async fn accept_second_factor(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        u: &UserRow,
        code: &str,
    ) -> Result<Option<&'static str>> {
        let Some(secret) = &u.totp_secret else {
            return Ok(None);
        };
        let unix = self.now().timestamp().max(0) as u64;
        if let Some(step) = second_factor::verify_code(
            secret,
            code,
            unix,
            u.totp_last_step.map(|s| s.max(0) as u64),
        ) {
            // Conditional on the step still being newer: two concurrent uses of one code
            // cannot both pass.
            let n = sqlx::query(
                "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
            )
            .bind(step as i64)
            .bind(u.actor.user_id)
            .execute(&mut **tx)
            .await?
            .rows_affected();
            return Ok((n == 1).then_some("code"));
        }
        let normalized = second_factor::normalize_recovery_code(code);
        if normalized.len() != 10 {
            return Ok(None);
        }
        let n = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(ts(self.now()))
        .bind(u.actor.user_id)
        .bind(hifazat_vault::token_hash(&normalized))
        .execute(&mut **tx)
        .await?
        .rows_affected();
        Ok((n == 1).then_some("recovery code"))
    }

    /// Checks a password (and, for the API, the second factor's `totp` code) and opens a
    /// session (`kind` is `web` or `api`). A web login of an account with a second factor
    /// opens a session that waits for the code ([`Store::complete_second_factor`]).
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        ip: &str,
        kind: &str,
        totp: Option<&str>,
    ) -> std::result::Result<LoginOk, LoginError> {
        if let Some(wait) = self.grant_attempt(username, ip).await? {
            return Err(LoginError::Throttled(wait));
        }
        let row = self.user_row(username).await?;
        let hash = row
            .as_ref()
            .map(|r| r.password_hash.clone())
            .unwrap_or_else(|| dummy_hash().to_owned());
        let ok = self.check_password(password, hash).await? && row.is_some();
        let Some(u) = row.filter(|_| ok) else {
            self.login_failed(username, ip, "wrong password").await?;
            return Err(LoginError::Wrong);
        };
        if !u.active {
            self.login_failed(username, ip, "account disabled").await?;
            return Err(LoginError::Disabled);
        }
        let has_factor = u.totp_secret.is_some();
        let needs_factor = self.auth.requires_second_factor(&u.actor.roles);
        // A password that no longer meets the policy (the demo password outside the demo, a
        // weak one from before the policy) must be changed now.
        let weak = self
            .password_problem(password, &[&u.actor.username])
            .await?
            .is_some();
        let mut w = self.write().await?;
        let mut via = None;
        if kind == "api" {
            if has_factor {
                match totp.filter(|c| !c.trim().is_empty()) {
                    None => {
                        drop(w);
                        self.attempt_succeeded_partly(username, ip).await?;
                        return Err(LoginError::SecondFactorRequired);
                    }
                    Some(code) => match self.accept_second_factor(&mut w.tx, &u, code).await? {
                        Some(how) => via = Some(how),
                        None => {
                            drop(w);
                            self.login_failed(username, ip, "wrong second-factor code")
                                .await?;
                            return Err(LoginError::WrongCode);
                        }
                    },
                }
            } else if needs_factor {
                drop(w);
                self.attempt_succeeded_partly(username, ip).await?;
                return Err(LoginError::SecondFactorNotEnrolled);
            }
        }
        let must_change = u.must_change_password || weak;
        if kind == "api" && must_change {
            drop(w);
            self.attempt_succeeded_partly(username, ip).await?;
            return Err(LoginError::PasswordChangeRequired);
        }
        if weak && !u.must_change_password {
            sqlx::query("UPDATE users SET must_change_password = 1 WHERE id = $1")
                .bind(u.actor.user_id)
                .execute(&mut *w.tx)
                .await?;
        }
        let pending = kind == "web" && has_factor;
        let now = self.now();
        sqlx::query(
            "INSERT INTO login_attempts (username, ip, succeeded, at) VALUES ($1, $2, 1, $3)",
        )
        .bind(username.to_owned())
        .bind(ip.to_owned())
        .bind(ts(now))
        .execute(&mut *w.tx)
        .await?;
        let (token, csrf_token) = self
            .insert_session(&mut w.tx, u.actor.user_id, kind, ip, pending)
            .await?;
        let detail = match (kind, pending, via) {
            (_, true, _) => "web; password accepted, second factor pending".to_owned(),
            (k, false, Some(how)) => format!("{k}; with {how}"),
            (k, false, None) => k.to_owned(),
        };
        audit::record(
            self,
            &mut w.tx,
            Some(u.actor.user_id),
            username,
            Some(ip),
            Entry {
                action: AuditAction::Login,
                entity: "session",
                entity_id: None,
                case_id: None,
                detail: Some(detail),
            },
        )
        .await?;
        w.commit().await?;
        if !pending {
            self.attempt_succeeded(username, ip).await?;
        }
        Ok(LoginOk {
            token,
            csrf_token,
            actor: u.actor,
            second_factor_pending: pending,
            must_change_password: must_change,
        })
    }

    /// The password was right but the login cannot go on (API without a code): the attempt
    /// is not held against the address, and the account+address allowance is left as is.
    async fn attempt_succeeded_partly(&self, _username: &str, ip: &str) -> Result<()> {
        let mut w = self.write().await?;
        sqlx::query(
            "UPDATE login_throttle SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0",
        )
        .bind(ip_key(ip))
        .execute(&mut *w.tx)
        .await?;
        w.commit().await
    }

    pub(crate) async fn insert_session(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        user_id: i64,
        kind: &str,
        ip: &str,
        pending: bool,
    ) -> Result<(String, String)> {
        let now = self.now();
        let token = hifazat_vault::new_token();
        let csrf_token = hifazat_vault::new_token();
        let hours = if kind == "api" {
            self.auth.api_token_hours
        } else {
            self.auth.web_session_hours
        };
        // A half-open session (waiting for the code) lasts ten minutes.
        let expires = if pending {
            now + Duration::minutes(10)
        } else {
            now + Duration::hours(hours)
        };
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, kind, csrf_token, created_at, expires_at, last_seen_at, ip, mfa_pending) \
             VALUES ($1, $2, $3, $4, $5, $6, $5, $7, $8)",
        )
        .bind(hifazat_vault::token_hash(&token))
        .bind(user_id)
        .bind(kind.to_owned())
        .bind(csrf_token.clone())
        .bind(ts(now))
        .bind(ts(expires))
        .bind(ip.to_owned())
        .bind(pending as i64)
        .execute(&mut **tx)
        .await?;
        Ok((token, csrf_token))
    }

    /// Completes a web login that waits for its second factor: checks the code (or a recovery
    /// code) under the same throttling as passwords, ends the half-open session and opens a
    /// new one (a new token, so a token seen before the code is worth nothing after).
    pub async fn complete_second_factor(
        &self,
        token: &str,
        code: &str,
        ip: &str,
    ) -> std::result::Result<LoginOk, LoginError> {
        let Some(s) = self.session(token).await? else {
            return Err(LoginError::Wrong);
        };
        if !s.second_factor_pending {
            return Err(LoginError::Wrong);
        }
        let username = s.actor.username.clone();
        if let Some(wait) = self.grant_attempt(&username, ip).await? {
            return Err(LoginError::Throttled(wait));
        }
        let Some(u) = self.user_row(&username).await? else {
            return Err(LoginError::Wrong);
        };
        let mut w = self.write().await?;
        let Some(how) = self.accept_second_factor(&mut w.tx, &u, code).await? else {
            drop(w);
            self.login_failed(&username, ip, "wrong second-factor code")
                .await?;
            return Err(LoginError::WrongCode);
        };
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(hifazat_vault::token_hash(token))
            .execute(&mut *w.tx)
            .await?;
        let (token, csrf_token) = self
            .insert_session(&mut w.tx, u.actor.user_id, "web", ip, false)
            .await?;
        let remaining: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(u.actor.user_id)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("n")?;
        audit::record(
            self,
            &mut w.tx,
            Some(u.actor.user_id),
            &username,
            Some(ip),
            Entry {
                action: AuditAction::Login,
                entity: "session",
                entity_id: None,
                case_id: None,
                detail: Some(if how == "recovery code" {
                    format!("web; second factor with a recovery code ({remaining} left)")
                } else {
                    "web; second factor with a code".into()
                }),
            },
        )
        .await?;
        w.commit().await?;
        self.attempt_succeeded(&username, ip).await?;
        Ok(LoginOk {
            token,
            csrf_token,
            actor: u.actor,
            second_factor_pending: false,
            must_change_password: s.must_change_password,
        })
    }

    /// The session for a token, if it exists, has not expired, has not been idle too long
    /// (browser sessions) and its account is enabled. Records the use, at most once a minute.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        let hash = hifazat_vault::token_hash(token);
        let row = sqlx::query(
            "SELECT s.kind, s.csrf_token, s.expires_at, s.created_at, s.last_seen_at, s.mfa_pending, \
             u.id, u.username, u.display_name, u.agency_id, u.jurisdiction, u.roles, u.must_change_password, u.totp_enabled_at \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND u.active = 1",
        )
        .bind(hash.clone())
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = row else { return Ok(None) };
        let now = self.now();
        let expires: String = r.try_get("expires_at")?;
        if parse_ts(&expires).is_none_or(|t| t <= now) {
            return Ok(None);
        }
        let kind: String = r.try_get("kind")?;
        let last_seen: Option<String> = r.try_get("last_seen_at")?;
        let created: String = r.try_get("created_at")?;
        let last_seen: DateTime<Utc> = last_seen
            .as_deref()
            .and_then(parse_ts)
            .or_else(|| parse_ts(&created))
            .unwrap_or(now);
        if kind == "web" && now - last_seen > Duration::minutes(self.auth.idle_minutes) {
            return Ok(None);
        }
        if now - last_seen >= Duration::seconds(60) {
            let mut w = self.write().await?;
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(ts(now))
                .bind(hash.clone())
                .execute(&mut *w.tx)
                .await?;
            w.commit().await?;
        }
        let Some(jurisdiction) = Jurisdiction::from_code(&r.try_get::<String, _>("jurisdiction")?)
        else {
            return Ok(None);
        };
        let roles = roles_from(&r.try_get::<String, _>("roles")?);
        let enabled = r.try_get::<Option<String>, _>("totp_enabled_at")?.is_some();
        Ok(Some(Session {
            must_enrol_second_factor: !enabled && self.auth.requires_second_factor(&roles),
            actor: Actor {
                user_id: r.try_get("id")?,
                username: r.try_get("username")?,
                agency_id: r.try_get("agency_id")?,
                roles,
                jurisdiction,
            },
            display_name: r.try_get("display_name")?,
            csrf_token: r.try_get("csrf_token")?,
            kind,
            id: session_id(&hash),
            second_factor_pending: r.try_get::<i64, _>("mfa_pending")? == 1,
            must_change_password: r.try_get::<i64, _>("must_change_password")? == 1,
            second_factor_enabled: enabled,
        }))
    }

    /// Ends a session (a browser's sign-out, or an API token's `POST /auth/logout`).
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
                entity_id: Some(s.id),
                case_id: None,
                detail: Some(s.kind),
            },
        )
        .await?;
        w.commit().await
    }
}
