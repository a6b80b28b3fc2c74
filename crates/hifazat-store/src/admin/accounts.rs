//! The account lifecycle: disable and enable, change one's own password, an administrator's
//! password reset (a one-time password that must be changed at the next sign-in), the second
//! factor's enrolment and reset, and the sessions of an account (listed, ended one by one or
//! all at once). Disabling an account or resetting its password or second factor ends all its
//! sessions and API tokens at once. Every step is audited in its own transaction.

use crate::admin::auth::session_id;
use crate::audit::{self, AuditAction, Entry};
use crate::sealed;
use crate::{ts, Ctx, Result, Store, StoreError};
use hifazat_domain::{Action, FieldErrors};
use hifazat_vault::second_factor;
use serde::Serialize;
use sqlx::Row;

/// One open session or API token of an account.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionInfo {
    /// Public id (not the token).
    pub id: String,
    /// `web` or `api`.
    pub kind: String,
    /// Opened at (UTC).
    pub created_at: String,
    /// Last used at (UTC).
    pub last_seen_at: Option<String>,
    /// Ends at (UTC).
    pub expires_at: String,
    /// Client address at sign-in.
    pub ip: Option<String>,
    /// Waiting for the second factor.
    pub second_factor_pending: bool,
}

/// An account as its page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AccountInfo {
    /// The account.
    #[serde(flatten)]
    pub user: crate::admin::users::UserInfo,
    /// Created at (UTC).
    pub created_at: String,
    /// Password last set at (UTC).
    pub password_changed_at: Option<String>,
    /// Disabled at (UTC), when disabled.
    pub disabled_at: Option<String>,
    /// Unused recovery codes.
    pub recovery_codes_left: i64,
    /// The role requires a second factor.
    pub second_factor_required: bool,
}

/// A second factor being enrolled: what the authenticator app needs.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Enrolment {
    /// The secret in base32, to type in.
    pub secret: String,
    /// The `otpauth://` address (shown as a QR code).
    pub otpauth_url: String,
}

impl Enrolment {
    fn of(secret: &[u8], username: &str) -> Enrolment {
        Enrolment {
            secret: second_factor::secret_base32(secret),
            otpauth_url: second_factor::otpauth_url(secret, username),
        }
    }
}

fn is_self(ctx: &Ctx, user_id: i64) -> bool {
    ctx.actor.user_id == user_id
}

fn require_admin(ctx: &Ctx) -> Result<()> {
    if ctx.actor.may(Action::ManageUsers) {
        Ok(())
    } else {
        Err(StoreError::Forbidden("only administrators manage accounts"))
    }
}

fn require_self_or_admin(ctx: &Ctx, user_id: i64) -> Result<()> {
    if is_self(ctx, user_id) || ctx.actor.may(Action::ManageUsers) {
        Ok(())
    } else {
        Err(StoreError::Forbidden(
            "only administrators manage other people's accounts",
        ))
    }
}

/// A one-time password an administrator hands over (16 letters and digits, about 80 bits).
fn one_time_password() -> String {
    let t = hifazat_vault::new_token();
    let s: String = t
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(16)
        .collect();
    format!("{}-{}-{}-{}", &s[..4], &s[4..8], &s[8..12], &s[12..16])
}

impl Store {
    /// Writes the audit row of a step in an account's life, in the step's transaction.
    async fn audit_account(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        ctx: &Ctx,
        action: AuditAction,
        user_id: i64,
        detail: String,
    ) -> Result<()> {
        audit::record_ctx(
            self,
            tx,
            ctx,
            Entry {
                action,
                entity: "user",
                entity_id: Some(user_id.to_string()),
                case_id: None,
                detail: Some(detail),
            },
        )
        .await
    }

    async fn username_of(&self, user_id: i64) -> Result<String> {
        sqlx::query("SELECT username FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?
            .map(|r| r.try_get("username"))
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    /// An account's page: the account, when its password was set, its second factor.
    pub async fn account(&self, ctx: &Ctx, user_id: i64) -> Result<AccountInfo> {
        require_self_or_admin(ctx, user_id)?;
        let user = self
            .users()
            .await?
            .into_iter()
            .find(|u| u.id == user_id)
            .ok_or(StoreError::NotFound)?;
        let r = sqlx::query(
            "SELECT created_at, password_changed_at, disabled_at, \
             (SELECT COUNT(*) FROM recovery_codes c WHERE c.user_id = u.id AND c.used_at IS NULL) AS codes \
             FROM users u WHERE u.id = $1",
        )
        .bind(user_id)
        .fetch_one(self.pool())
        .await?;
        Ok(AccountInfo {
            second_factor_required: self.auth_config().requires_second_factor(&user.roles),
            user,
            created_at: r.try_get("created_at")?,
            password_changed_at: r.try_get("password_changed_at")?,
            disabled_at: r.try_get("disabled_at")?,
            recovery_codes_left: r.try_get("codes")?,
        })
    }

    /// Disables (`active` false) or enables an account. Disabling ends every session and API
    /// token of the account in the same transaction; an administrator cannot disable
    /// themselves. Returns the number of sessions ended.
    pub async fn set_user_active(
        &self,
        ctx: &Ctx,
        user_id: i64,
        active: bool,
        reason: &str,
    ) -> Result<u64> {
        require_admin(ctx)?;
        let mut e = FieldErrors::new();
        if !active && is_self(ctx, user_id) {
            e.add(
                "user",
                "You cannot disable your own account: ask another administrator",
            );
        }
        if !active && reason.trim().is_empty() {
            e.add("reason", "Enter why the account is disabled");
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let username = self.username_of(user_id).await?;
        let mut w = self.write().await?;
        sqlx::query("UPDATE users SET active = $1, disabled_at = $2 WHERE id = $3")
            .bind(active as i64)
            .bind((!active).then(|| ts(self.now())))
            .bind(user_id)
            .execute(&mut *w.tx)
            .await?;
        let ended = if active {
            0
        } else {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *w.tx)
                .await?
                .rows_affected()
        };
        self.audit_account(
            &mut w.tx,
            ctx,
            if active {
                AuditAction::Enable
            } else {
                AuditAction::Disable
            },
            user_id,
            if active {
                format!("{username} enabled")
            } else {
                format!(
                    "{username} disabled ({ended} sessions ended): {}",
                    reason.trim()
                )
            },
        )
        .await?;
        w.commit().await?;
        Ok(ended)
    }

    /// An administrator resets a password: returns a one-time password (shown once) that the
    /// user must change at the next sign-in; every session of the account ends.
    pub async fn reset_password(&self, ctx: &Ctx, user_id: i64) -> Result<String> {
        require_admin(ctx)?;
        if is_self(ctx, user_id) {
            let mut e = FieldErrors::new();
            e.add(
                "user",
                "Change your own password on your account page, with your current one",
            );
            return Err(e.into());
        }
        let username = self.username_of(user_id).await?;
        let temp = one_time_password();
        let t = temp.clone();
        let hash = tokio::task::spawn_blocking(move || hifazat_vault::hash_password(&t))
            .await
            .map_err(|e| StoreError::Config(e.to_string()))?;
        let mut w = self.write().await?;
        sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = 1, password_changed_at = $2 WHERE id = $3",
        )
        .bind(hash)
        .bind(ts(self.now()))
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?;
        let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        self.audit_account(&mut w.tx, ctx, AuditAction::PasswordReset, user_id, format!(
                    "{username}: one-time password issued, to be changed at next sign-in ({ended} sessions ended)"
                ))
            .await?;
        w.commit().await?;
        Ok(temp)
    }

    /// A user changes their own password: the current one must be right (checked under the
    /// login throttle), the new one must meet the policy and differ. Every other session of
    /// the account ends; `keep_session` (the current one's id) stays.
    pub async fn change_password(
        &self,
        ctx: &Ctx,
        current: &str,
        new: &str,
        keep_session: Option<&str>,
    ) -> Result<()> {
        let user_id = ctx.actor.user_id;
        let r = sqlx::query("SELECT password_hash, display_name FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        let display: String = r.try_get("display_name")?;
        let mut e = FieldErrors::new();
        let ip = ctx.ip.clone().unwrap_or_else(|| "unknown".into());
        if let Some(wait) = self.grant_attempt(&ctx.actor.username, &ip).await? {
            let _ = wait;
            e.add(
                "current_password",
                "Too many wrong passwords: try again later",
            );
            return Err(e.into());
        }
        if !self
            .check_password(current, r.try_get("password_hash")?)
            .await?
        {
            e.add("current_password", "Enter your current password correctly");
        } else {
            self.attempt_succeeded(&ctx.actor.username, &ip).await?;
        }
        if let Some(p) = self
            .password_problem(new, &[&ctx.actor.username, &display])
            .await?
        {
            e.add("new_password", p);
        } else if new == current {
            e.add(
                "new_password",
                "Choose a password that differs from the current one",
            );
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let n = new.to_owned();
        let hash = tokio::task::spawn_blocking(move || hifazat_vault::hash_password(&n))
            .await
            .map_err(|e| StoreError::Config(e.to_string()))?;
        let mut w = self.write().await?;
        sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = 0, password_changed_at = $2 WHERE id = $3",
        )
        .bind(hash)
        .bind(ts(self.now()))
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?;
        let ended = self
            .delete_sessions(&mut w.tx, user_id, None, keep_session)
            .await?;
        self.audit_account(
            &mut w.tx,
            ctx,
            AuditAction::PasswordChange,
            user_id,
            format!("{ended} other sessions ended"),
        )
        .await?;
        w.commit().await
    }

    async fn delete_sessions(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        user_id: i64,
        only: Option<&str>,
        except: Option<&str>,
    ) -> Result<u64> {
        let rows = sqlx::query("SELECT token_hash FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&mut **tx)
            .await?;
        let mut n = 0;
        for r in rows {
            let hash: String = r.try_get("token_hash")?;
            let id = session_id(&hash);
            if only.is_some_and(|o| o != id) || except.is_some_and(|x| x == id) {
                continue;
            }
            n += sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(hash)
                .execute(&mut **tx)
                .await?
                .rows_affected();
        }
        Ok(n)
    }

    /// The open sessions and API tokens of an account (its user or an administrator).
    pub async fn sessions_of(&self, ctx: &Ctx, user_id: i64) -> Result<Vec<SessionInfo>> {
        require_self_or_admin(ctx, user_id)?;
        let rows = sqlx::query(
            "SELECT token_hash, kind, created_at, last_seen_at, expires_at, ip, mfa_pending FROM sessions \
             WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC",
        )
        .bind(user_id)
        .bind(ts(self.now()))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SessionInfo {
                    id: session_id(&r.try_get::<String, _>("token_hash")?),
                    kind: r.try_get("kind")?,
                    created_at: r.try_get("created_at")?,
                    last_seen_at: r.try_get("last_seen_at")?,
                    expires_at: r.try_get("expires_at")?,
                    ip: r.try_get("ip")?,
                    second_factor_pending: r.try_get::<i64, _>("mfa_pending")? == 1,
                })
            })
            .collect()
    }

    /// Ends one session (`Some(id)`) or all sessions (`None`) of an account, except `keep`.
    /// Returns how many ended.
    pub async fn end_sessions(
        &self,
        ctx: &Ctx,
        user_id: i64,
        only: Option<&str>,
        keep: Option<&str>,
    ) -> Result<u64> {
        require_self_or_admin(ctx, user_id)?;
        let username = self.username_of(user_id).await?;
        let mut w = self.write().await?;
        let n = self.delete_sessions(&mut w.tx, user_id, only, keep).await?;
        if only.is_some() && n == 0 {
            return Err(StoreError::NotFound);
        }
        self.audit_account(
            &mut w.tx,
            ctx,
            AuditAction::SessionEnd,
            user_id,
            match only {
                Some(id) => format!("{username}: session {id} ended"),
                None => format!("{username}: {n} sessions ended"),
            },
        )
        .await?;
        w.commit().await?;
        Ok(n)
    }

    /// Starts enrolling a second factor for the signed-in user: a new secret is kept
    /// (encrypted) until a code from it is confirmed.
    pub async fn begin_second_factor(&self, ctx: &Ctx) -> Result<Enrolment> {
        let user_id = ctx.actor.user_id;
        let enabled: Option<String> =
            sqlx::query("SELECT totp_enabled_at FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(self.pool())
                .await?
                .ok_or(StoreError::NotFound)?
                .try_get("totp_enabled_at")?;
        if enabled.is_some() {
            let mut e = FieldErrors::new();
            e.add("code", "A second factor is already set up for this account");
            return Err(e.into());
        }
        let secret = second_factor::new_secret();
        let mut w = self.write().await?;
        sqlx::query("UPDATE users SET totp_secret_enc = $1, totp_last_step = NULL WHERE id = $2")
            .bind(sealed::seal(
                self.vault(),
                "users",
                "totp_secret",
                user_id,
                Some(&second_factor::secret_to_text(&secret)),
            ))
            .bind(user_id)
            .execute(&mut *w.tx)
            .await?;
        w.commit().await?;
        Ok(Enrolment::of(&secret, &ctx.actor.username))
    }

    /// The enrolment in progress, if any (to show the same QR code again after a wrong code).
    pub async fn pending_second_factor(&self, ctx: &Ctx) -> Result<Option<Enrolment>> {
        Ok(self
            .pending_secret(ctx.actor.user_id)
            .await?
            .map(|s| Enrolment::of(&s, &ctx.actor.username)))
    }

    /// Confirms the enrolment with a code from the app; returns the recovery codes (shown
    /// once; only their hashes are kept).
    pub async fn confirm_second_factor(&self, ctx: &Ctx, code: &str) -> Result<Vec<String>> {
        let user_id = ctx.actor.user_id;
        let mut e = FieldErrors::new();
        let Some(secret) = self.pending_secret(user_id).await? else {
            e.add(
                "code",
                "Start the set-up again: there is no second factor waiting to be confirmed",
            );
            return Err(e.into());
        };
        let unix = self.now().timestamp().max(0) as u64;
        let Some(step) = second_factor::verify_code(&secret, code, unix, None) else {
            e.add(
                "code",
                "Enter the 6-digit code the app shows now (check that the phone's clock is right)",
            );
            return Err(e.into());
        };
        let codes = second_factor::new_recovery_codes();
        let now = ts(self.now());
        let mut w = self.write().await?;
        sqlx::query(
            "UPDATE users SET totp_enabled_at = $1, totp_last_step = $2 WHERE id = $3 AND totp_enabled_at IS NULL",
        )
        .bind(now.clone())
        .bind(step as i64)
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?;
        self.replace_recovery_codes(&mut w.tx, user_id, &codes)
            .await?;
        self.audit_account(
            &mut w.tx,
            ctx,
            AuditAction::SecondFactor,
            user_id,
            "second factor enrolled; recovery codes issued".to_owned(),
        )
        .await?;
        w.commit().await?;
        Ok(codes)
    }

    async fn pending_secret(&self, user_id: i64) -> Result<Option<Vec<u8>>> {
        let r = sqlx::query("SELECT totp_secret_enc, totp_enabled_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        if r.try_get::<Option<String>, _>("totp_enabled_at")?.is_some() {
            return Ok(None);
        }
        Ok(sealed::open(
            self.vault(),
            "users",
            "totp_secret",
            user_id,
            r.try_get::<Option<String>, _>("totp_secret_enc")?
                .as_deref(),
        )?
        .and_then(|t| second_factor::secret_from_text(&t)))
    }

    async fn replace_recovery_codes(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        user_id: i64,
        codes: &[String],
    ) -> Result<()> {
        let now = ts(self.now());
        sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
        )
        .bind(now.clone())
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
        for c in codes {
            sqlx::query(
                "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
            )
            .bind(user_id)
            .bind(hifazat_vault::token_hash(
                &second_factor::normalize_recovery_code(c),
            ))
            .bind(now.clone())
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// New recovery codes for the signed-in user (the old ones stop working).
    pub async fn renew_recovery_codes(&self, ctx: &Ctx) -> Result<Vec<String>> {
        let user_id = ctx.actor.user_id;
        let enabled: Option<String> =
            sqlx::query("SELECT totp_enabled_at FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_one(self.pool())
                .await?
                .try_get("totp_enabled_at")?;
        if enabled.is_none() {
            let mut e = FieldErrors::new();
            e.add("code", "Set up a second factor first");
            return Err(e.into());
        }
        let codes = second_factor::new_recovery_codes();
        let mut w = self.write().await?;
        self.replace_recovery_codes(&mut w.tx, user_id, &codes)
            .await?;
        self.audit_account(
            &mut w.tx,
            ctx,
            AuditAction::SecondFactor,
            user_id,
            "new recovery codes issued".to_owned(),
        )
        .await?;
        w.commit().await?;
        Ok(codes)
    }

    /// An administrator removes an account's second factor (a lost phone): the user sets up a
    /// new one at the next sign-in if the role requires it. Every session of the account ends.
    pub async fn reset_second_factor(&self, ctx: &Ctx, user_id: i64) -> Result<()> {
        require_admin(ctx)?;
        if is_self(ctx, user_id) {
            let mut e = FieldErrors::new();
            e.add(
                "user",
                "You cannot remove your own second factor: ask another administrator",
            );
            return Err(e.into());
        }
        let username = self.username_of(user_id).await?;
        let mut w = self.write().await?;
        sqlx::query(
            "UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1",
        )
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?;
        sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
        )
        .bind(ts(self.now()))
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?;
        let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        self.audit_account(
            &mut w.tx,
            ctx,
            AuditAction::SecondFactor,
            user_id,
            format!(
                "{username}: second factor removed by an administrator ({ended} sessions ended)"
            ),
        )
        .await?;
        w.commit().await
    }

    /// The id of the account with this login name.
    pub async fn user_id_by_name(&self, username: &str) -> Result<i64> {
        sqlx::query("SELECT id FROM users WHERE username = $1")
            .bind(username.to_owned())
            .fetch_optional(self.pool())
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?
            .ok_or(StoreError::NotFound)
    }
}
