//! What a real installation needs, on SQLite and PostgreSQL: account lifecycle, the second
//! factor, throttling that cannot be raced, idle sessions, the audit hash chain, the key check
//! and key rotation, backup and restore, encrypted passenger details and victims' free text,
//! and the retention of cleared travellers' alerts.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use chrono::{Duration, Utc};
use hifazat_domain::protection::NewIdentification;
use hifazat_domain::screening::ScreenRequest;
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::admin::users::{LoginError, NewUser};
use hifazat_store::{both_engines, AuthConfig, Ctx, Engine, Store, StoreError, Vault};
use hifazat_vault::second_factor;
use sqlx::Row;
use std::sync::Arc;
use support::*;

const PW: &str = "amber kettle orbit 42";

async fn account(s: &Store, username: &str, role: UserRole) -> i64 {
    s.admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .create_user(NewUser {
            username: username.into(),
            display_name: format!("Officer {username}"),
            password: PW.into(),
            agency_id: None,
            jurisdiction: Jurisdiction::National,
            roles: vec![role],
        })
        .await
        .unwrap()
}

fn ctx_of(login: &hifazat_store::admin::users::LoginOk) -> Ctx {
    Ctx {
        actor: login.actor.clone(),
        ip: Some("10.1.1.1".into()),
    }
}

/// The store as seen `minutes` later.
fn later(s: &Store, minutes: i64) -> Store {
    let t = Utc::now() + Duration::minutes(minutes);
    s.clone().with_clock(Arc::new(move || t))
}

both_engines! {
    async fn a_hundred_concurrent_wrong_passwords_get_at_most_the_free_checks(engine: Engine) {
        let (s, db) = store(engine).await;
        account(&s, "io.target", UserRole::InvestigatingOfficer).await;
        let before = s.password_checks();
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..100 {
            let s = s.clone();
            tasks.spawn(async move { s.login("io.target", &format!("wrong guess {i}"), "198.51.100.7", "api", None).await });
        }
        let mut throttled = 0;
        while let Some(r) = tasks.join_next().await {
            match r.unwrap() {
                Err(LoginError::Throttled(_)) => throttled += 1,
                Err(LoginError::Wrong) => {}
                other => panic!("{other:?}"),
            }
        }
        let checks = s.password_checks() - before;
        assert!(checks <= s.auth_config().free_failures as u64, "{checks} password checks");
        assert_eq!(throttled as u64, 100 - checks);
        // The right password from the attacker's address waits too (no check is spent)...
        assert!(matches!(s.login("io.target", PW, "198.51.100.7", "web", None).await, Err(LoginError::Throttled(_))));
        // ...but not from the officer's own address: no lock-out of a chosen account.
        s.login("io.target", PW, "10.1.1.1", "web", None).await.unwrap();
        // After the backoff the attacker's address may try once more, then waits longer.
        let t = later(&s, 1);
        assert!(matches!(t.login("io.target", "again wrong", "198.51.100.7", "api", None).await, Err(LoginError::Wrong)));
        match t.login("io.target", "again wrong", "198.51.100.7", "api", None).await {
            Err(LoginError::Throttled(wait)) => assert!(wait >= 30, "{wait}"),
            other => panic!("{other:?}"),
        }
        s.close().await;
        db.drop_db().await;
    }

    async fn disabling_an_account_ends_its_sessions_and_tokens_at_once(engine: Engine) {
        let (s, db) = store(engine).await;
        let id = account(&s, "io.leaving", UserRole::InvestigatingOfficer).await;
        let admin = actor(&s, UserRole::Administrator, Jurisdiction::National).await;
        let web = s.login("io.leaving", PW, "10.1.1.1", "web", None).await.unwrap();
        let api = s.login("io.leaving", PW, "10.1.1.1", "api", None).await.unwrap();
        assert_eq!(s.sessions_of(&admin, id).await.unwrap().len(), 2);
        // Not without a reason; not by the account itself; not by a non-administrator.
        assert!(matches!(s.set_user_active(&admin, id, false, " ").await, Err(StoreError::Invalid(_))));
        assert!(matches!(s.set_user_active(&admin, admin.actor.user_id, false, "test").await, Err(StoreError::Invalid(_))));
        let io = io(&s, "LHR").await;
        assert!(matches!(s.set_user_active(&io, id, false, "x").await, Err(StoreError::Forbidden(_))));
        assert_eq!(s.set_user_active(&admin, id, false, "transferred to another agency").await.unwrap(), 2);
        assert!(s.session(&web.token).await.unwrap().is_none());
        assert!(s.session(&api.token).await.unwrap().is_none());
        assert!(matches!(s.login("io.leaving", PW, "10.1.1.1", "web", None).await, Err(LoginError::Disabled)));
        s.set_user_active(&admin, id, true, "").await.unwrap();
        s.login("io.leaving", PW, "10.1.1.1", "web", None).await.unwrap();
        let pool = raw(&db.url).await;
        let audited: Vec<String> = sqlx::query("SELECT action FROM audit_log WHERE entity = 'user' AND entity_id = $1 ORDER BY id")
            .bind(id.to_string()).fetch_all(&pool).await.unwrap().iter().map(|r| r.try_get("action").unwrap()).collect();
        assert!(audited.ends_with(&["disable".to_string(), "enable".to_string()]), "{audited:?}");
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn a_reset_password_must_be_changed_and_changing_it_ends_other_sessions(engine: Engine) {
        let (s, db) = store(engine).await;
        let id = account(&s, "io.forgot", UserRole::InvestigatingOfficer).await;
        let admin = actor(&s, UserRole::Administrator, Jurisdiction::National).await;
        let old = s.login("io.forgot", PW, "10.1.1.1", "web", None).await.unwrap();
        let temp = s.reset_password(&admin, id).await.unwrap();
        assert!(s.session(&old.token).await.unwrap().is_none(), "reset ends sessions");
        assert!(matches!(s.login("io.forgot", PW, "10.1.1.1", "web", None).await, Err(LoginError::Wrong)));
        // The API refuses until the password is changed; the web session is held to the password page.
        assert!(matches!(s.login("io.forgot", &temp, "10.1.1.1", "api", None).await, Err(LoginError::PasswordChangeRequired)));
        let first = s.login("io.forgot", &temp, "10.1.1.1", "web", None).await.unwrap();
        assert!(first.must_change_password);
        let session = s.session(&first.token).await.unwrap().unwrap();
        assert!(session.must_change_password && !session.is_complete());
        let second = s.login("io.forgot", &temp, "10.1.1.2", "web", None).await.unwrap();
        let ctx = ctx_of(&first);
        // Policy: too short, common, the login name, or the same as now.
        for (bad, field) in [("short", "new_password"), ("password12345", "new_password"), ("io.forgot-2026!", "new_password"), (temp.as_str(), "new_password")] {
            match s.change_password(&ctx, &temp, bad, Some(&session.id)).await {
                Err(StoreError::Invalid(e)) => assert!(e.first(field).is_some(), "{bad}: {e:?}"),
                r => panic!("{bad}: {r:?}"),
            }
        }
        match s.change_password(&ctx, "not the password", "violet harbour lamp 7", Some(&session.id)).await {
            Err(StoreError::Invalid(e)) => assert!(e.first("current_password").is_some()),
            r => panic!("{r:?}"),
        }
        s.change_password(&ctx, &temp, "violet harbour lamp 7", Some(&session.id)).await.unwrap();
        let now = s.session(&first.token).await.unwrap().unwrap();
        assert!(now.is_complete(), "the current session goes on");
        assert!(s.session(&second.token).await.unwrap().is_none(), "other sessions end");
        s.login("io.forgot", "violet harbour lamp 7", "10.1.1.1", "api", None).await.unwrap();
        s.close().await;
        db.drop_db().await;
    }

    async fn the_demo_password_and_weak_passwords_are_refused_outside_the_demo(engine: Engine) {
        let (s, db) = store(engine).await;
        let user = |password: &str| NewUser {
            username: "io.new".into(),
            display_name: "New Officer".into(),
            password: password.into(),
            agency_id: None,
            jurisdiction: Jurisdiction::National,
            roles: vec![UserRole::InvestigatingOfficer],
        };
        for bad in [hifazat_store::DEMO_PASSWORD, "qwertyuiop12", "short"] {
            match s.admin(&hifazat_store::Ctx::system("test")).unwrap().create_user(user(bad)).await {
                Err(StoreError::Invalid(e)) => assert!(e.first("password").is_some(), "{bad}"),
                r => panic!("{bad}: {r:?}"),
            }
        }
        // The same store with the demo rules accepts the demo password.
        let demo = s.clone().with_auth(AuthConfig::demo());
        demo.admin(&hifazat_store::Ctx::system("test")).unwrap().create_user(user(hifazat_store::DEMO_PASSWORD)).await.unwrap();
        // Served without --demo, the demo password signs in only to be changed.
        let l = s.login("io.new", hifazat_store::DEMO_PASSWORD, "10.1.1.1", "web", None).await.unwrap();
        assert!(l.must_change_password);
        s.close().await;
        db.drop_db().await;
    }

    async fn idle_browser_sessions_end(engine: Engine) {
        let (s, db) = store(engine).await;
        account(&s, "io.idle", UserRole::InvestigatingOfficer).await;
        let web = s.login("io.idle", PW, "10.1.1.1", "web", None).await.unwrap();
        assert!(later(&s, 31).session(&web.token).await.unwrap().is_none(), "idle 31 minutes: over");
        // Used at minute 20, it lasts until minute 50.
        later(&s, 20).session(&web.token).await.unwrap().expect("20 minutes: still on");
        assert!(later(&s, 45).session(&web.token).await.unwrap().is_some());
        assert!(later(&s, 95).session(&web.token).await.unwrap().is_none());
        // API tokens have no idle limit, only their lifetime.
        let api = s.login("io.idle", PW, "10.1.1.1", "api", None).await.unwrap();
        assert!(later(&s, 120).session(&api.token).await.unwrap().is_some());
        s.close().await;
        db.drop_db().await;
    }

    async fn the_second_factor_is_enrolled_required_and_used_once(engine: Engine) {
        let (s, db) = store(engine).await;
        let s = s.with_auth(AuthConfig { second_factor_roles: vec![UserRole::Administrator], ..AuthConfig::default() });
        account(&s, "admin.two", UserRole::Administrator).await;
        // Required but not enrolled: the API refuses, the web session is held to the set-up page.
        assert!(matches!(s.login("admin.two", PW, "10.1.1.1", "api", None).await, Err(LoginError::SecondFactorNotEnrolled)));
        let web = s.login("admin.two", PW, "10.1.1.1", "web", None).await.unwrap();
        let session = s.session(&web.token).await.unwrap().unwrap();
        assert!(session.must_enrol_second_factor && !session.is_complete());
        let ctx = ctx_of(&web);
        let enrol = s.begin_second_factor(&ctx).await.unwrap();
        assert!(enrol.otpauth_url.starts_with("otpauth://totp/Hifazat:admin.two?"));
        let secret = second_factor::secret_from_base32(&enrol.secret).unwrap();
        assert!(matches!(s.confirm_second_factor(&ctx, "000000").await, Err(StoreError::Invalid(_))));
        let now = Utc::now().timestamp() as u64;
        let codes = s.confirm_second_factor(&ctx, &second_factor::code_at(&secret, now)).await.unwrap();
        assert_eq!(codes.len(), 10);
        assert!(s.session(&web.token).await.unwrap().unwrap().is_complete());
        let pool = raw(&db.url).await;
        let stored: String = sqlx::query("SELECT totp_secret_enc FROM users WHERE username = 'admin.two'").fetch_one(&pool).await.unwrap().try_get(0).unwrap();
        assert!(!stored.contains(&enrol.secret), "the secret is encrypted");
        // A web login now waits for the code; the half-open session opens nothing.
        let half = s.login("admin.two", PW, "10.1.1.1", "web", None).await.unwrap();
        assert!(half.second_factor_pending);
        assert!(s.session(&half.token).await.unwrap().unwrap().second_factor_pending);
        // The code used at enrolment is spent; the next step's code works once.
        let next = second_factor::code_at(&secret, now + 30);
        assert!(matches!(s.complete_second_factor(&half.token, "123456", "10.1.1.1").await, Err(LoginError::WrongCode)));
        let full = s.complete_second_factor(&half.token, &next, "10.1.1.1").await.unwrap();
        assert_ne!(full.token, half.token, "a new token after the code");
        assert!(s.session(&half.token).await.unwrap().is_none());
        let again = s.login("admin.two", PW, "10.1.1.1", "web", None).await.unwrap();
        assert!(matches!(s.complete_second_factor(&again.token, &next, "10.1.1.1").await, Err(LoginError::WrongCode)), "replayed code");
        // A recovery code works once, also for the API.
        s.complete_second_factor(&again.token, &codes[0].to_uppercase(), "10.1.1.1").await.unwrap();
        assert!(matches!(s.login("admin.two", PW, "10.1.1.1", "api", Some(&codes[0])).await, Err(LoginError::WrongCode)));
        assert!(matches!(s.login("admin.two", PW, "10.1.1.1", "api", None).await, Err(LoginError::SecondFactorRequired)));
        s.login("admin.two", PW, "10.1.1.1", "api", Some(&codes[1])).await.unwrap();
        // An administrator removes it (lost phone): sessions end, set-up again at next sign-in.
        let other = actor(&s, UserRole::Administrator, Jurisdiction::Province("PK-PB".into())).await;
        let id = s.user_id_by_name("admin.two").await.unwrap();
        s.reset_second_factor(&other, id).await.unwrap();
        assert!(s.session(&full.token).await.unwrap().is_none());
        let w = s.login("admin.two", PW, "10.1.1.1", "web", None).await.unwrap();
        assert!(!w.second_factor_pending && s.session(&w.token).await.unwrap().unwrap().must_enrol_second_factor);
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn the_audit_chain_names_the_first_row_changed_behind_the_applications_back(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        for _ in 0..4 {
            lhr.create_case(new_case("LHR")).await.unwrap();
        }
        let ok = s.verify_audit(&mut |_| {}).await.unwrap();
        assert!(ok.broken.is_none(), "{:?}", ok.broken);
        assert!(ok.rows >= 5 && ok.head.is_some());
        // As the schema owner, with the append-only triggers out of the way, edit one row.
        let pool = raw(&db.owner_url).await;
        let victim_row: i64 = sqlx::query("SELECT id FROM audit_log WHERE seq = 3").fetch_one(&pool).await.unwrap().try_get("id").unwrap();
        tamper(engine, &pool, &format!("UPDATE audit_log SET username = 'someone else' WHERE id = {victim_row}")).await;
        let bad = s.verify_audit(&mut |_| {}).await.unwrap();
        let b = bad.broken.expect("the edit is caught");
        assert_eq!(b.id, Some(victim_row));
        assert!(b.why.contains("edited"), "{}", b.why);
        assert_eq!(bad.rows, 2, "the rows before it are intact");
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn the_audit_chain_catches_deleted_rows(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        for _ in 0..4 {
            lhr.create_case(new_case("LHR")).await.unwrap();
        }
        let pool = raw(&db.owner_url).await;
        tamper(engine, &pool, "DELETE FROM audit_log WHERE seq = 2").await;
        let b = s.verify_audit(&mut |_| {}).await.unwrap().broken.expect("caught");
        assert!(b.why.contains("missing"), "{}", b.why);
        assert_eq!(b.seq, Some(3));
        // Rows removed at the end are caught by the chain's head.
        let last: i64 = sqlx::query("SELECT MAX(seq) AS m FROM audit_log").fetch_one(&pool).await.unwrap().try_get("m").unwrap();
        tamper(engine, &pool, &format!("DELETE FROM audit_log WHERE seq >= 2 AND seq <> {last}")).await;
        tamper(engine, &pool, &format!("DELETE FROM audit_log WHERE seq = {last}")).await;
        let b = s.verify_audit(&mut |_| {}).await.unwrap().broken.expect("caught");
        assert!(b.why.contains("removed"), "{}", b.why);
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn a_server_with_the_wrong_key_refuses_to_start(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let id = lhr.create_case(new_case("LHR")).await.unwrap();
        lhr.add_person(id, victim("Rukhsana Syntheticbibi", "35202-5555555-2")).await.unwrap();
        s.close().await;
        let e = db.connect(Vault::new([9u8; 32])).await.unwrap_err();
        let text = e.to_string();
        assert!(text.contains("not the key this database was encrypted with"), "{text}");
        // The key closure is told the database is not new, so no key file would be created.
        let mut told = None;
        let _ = Store::open(db.options(), |state| {
            told = Some(state.clone());
            Err("stop".into())
        })
        .await;
        assert!(matches!(told, Some(hifazat_store::KeyState::Known { .. })), "{told:?}");
        db.connect(Vault::new([3u8; 32])).await.unwrap().close().await;
        db.drop_db().await;
    }

    async fn key_rotation_re_encrypts_everything_and_resumes_after_an_interruption(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr_ctx = io(&s, "LHR").await;
        let lhr = s.scoped(lhr_ctx.clone());
        let mut victims = Vec::new();
        for i in 0..3 {
            let id = lhr.create_case(new_case("LHR")).await.unwrap();
            let p = lhr.add_person(id, victim(&format!("Parveen Synthetic{i}"), &format!("35202-700000{i}-2"))).await.unwrap();
            victims.push((id, p.id));
        }
        let new_key = [11u8; 32];
        // Interrupted after the first batch.
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let mut tx = Some(tx);
        let mut stop_after_first_batch = |_: &str, _: u64| {
            if let Some(t) = tx.take() {
                let _ = t.send(());
            }
        };
        tokio::select! {
            r = s.rotate_key("test", new_key, &mut stop_after_first_batch) => panic!("not interrupted: {r:?}"),
            _ = rx => {}
        }
        s.close().await;
        // Neither key starts a server while the rotation is unfinished.
        let e = db.connect(Vault::new([3u8; 32])).await.unwrap_err();
        assert!(e.to_string().contains("unfinished"), "{e}");
        // Finishing it with the old key open.
        let opts = hifazat_store::StoreOptions { during_rotation: true, ..db.options() };
        let old = Store::open(opts, |_| Ok(Vault::new([3u8; 32]))).await.unwrap();
        old.rotate_key("test", new_key, &mut |_, _| {}).await.unwrap();
        old.close().await;
        assert!(db.connect(Vault::new([3u8; 32])).await.is_err(), "the old key is retired");
        let s = db.connect(Vault::new(new_key)).await.unwrap();
        let lhr = s.scoped(io(&s, "LHR").await);
        for (i, (case, person)) in victims.iter().enumerate() {
            let who = lhr.victim_identity(*case, *person).await.unwrap();
            assert_eq!(who.name, format!("Parveen Synthetic{i}"));
        }
        // Blind indexes were recomputed: the CNIC still finds its case.
        let f = hifazat_store::cases::models::CaseFilter { q: Some("3520270000012".into()), ..Default::default() };
        assert_eq!(lhr.list_cases(&f).await.unwrap().1, 1);
        let pool = raw(&db.url).await;
        let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM persons WHERE name_enc NOT LIKE $1")
            .bind(format!("{}:%", Vault::new(new_key).key_id())).fetch_one(&pool).await.unwrap().try_get("n").unwrap();
        assert_eq!(left, 0);
        let rotations: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'key_rotation'").fetch_one(&pool).await.unwrap().try_get("n").unwrap();
        assert!(rotations >= 2, "started and finished are audited");
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn passenger_details_and_victims_free_text_are_encrypted_and_cleared_alerts_purged(engine: Engine) {
        let (s, db) = store(engine).await;
        let national = actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await;
        let sc = s.scoped(national.clone());
        sc.add_watchlist_entry(hifazat_domain::screening::NewWatchlistEntry {
            list: hifazat_domain::screening::WatchlistKind::RedBook,
            full_name: "Zulfiqar Syntheticwala".into(),
            father_name: Some("Abdul Karim".into()),
            date_of_birth: None,
            cnic: Some("35202-9999999-1".into()),
            passport: None,
            nationality: None,
            zone: None,
            reference: Some("RB-TEST-1".into()),
            reason: None,
            person_uid: None,
            expires_on: None,
            review_on: None,
        }).await.unwrap();
        let traveller = ScreenRequest {
            full_name: "Zulfikar Syntheticwala".into(),
            father_name: Some("Abdul Karim".into()),
            cnic: Some("3520299999991".into()),
            ..Default::default()
        };
        let r = sc.screen(traveller, "counter").await.unwrap();
        assert!(!r.alerts.is_empty());
        let alert = &r.alerts[0];
        assert_eq!(alert.query_name, "Zulfikar Syntheticwala", "read back in clear");
        // Victims' free text.
        let welfare = s.scoped(actor(&s, UserRole::ProtectionOfficer, Jurisdiction::District("LHR".into())).await);
        let v = welfare.identify(NewIdentification {
            circumstances: Some("Found at a kiln near Raiwind with her two children".into()),
            ..identification("LHR", "35202-4444444-2")
        }).await.unwrap();
        assert_eq!(welfare.get_victim(v).await.unwrap().circumstances.as_deref(), Some("Found at a kiln near Raiwind with her two children"));
        let pool = raw(&db.url).await;
        for sql in ["SELECT query_name AS t FROM screening_alerts", "SELECT query_cnic AS t FROM screening_alerts", "SELECT explanation AS t FROM screening_alerts", "SELECT circumstances AS t FROM victims"] {
            for row in sqlx::query(sql).fetch_all(&pool).await.unwrap() {
                let t: String = row.try_get("t").unwrap();
                assert!(!t.contains("Zulfikar") && !t.contains("9999999") && !t.contains("Raiwind") && !t.contains("zulfikar"), "{sql}: {t}");
            }
        }
        // Cleared travellers' alerts go after the retention period; true matches stay.
        let decide = |id, d| sc.decide(id, hifazat_store::screening::Decision { decision: d, note: None });
        decide(alert.id, hifazat_domain::screening::AlertDecision::FalseAlarm).await.unwrap();
        assert_eq!(s.purge_cleared_alerts(90).await.unwrap(), 0, "decided today");
        assert_eq!(later(&s, 91 * 24 * 60).purge_cleared_alerts(90).await.unwrap(), 1);
        let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM screening_alerts WHERE id = $1").bind(alert.id).fetch_one(&pool).await.unwrap().try_get("n").unwrap();
        assert_eq!(left, 0);
        let purged: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'purge'").fetch_one(&pool).await.unwrap().try_get("n").unwrap();
        assert_eq!(purged, 1);
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }
}

/// Runs `sql` against the audit table with its append-only triggers disabled, as only the
/// schema owner (or whoever owns the SQLite file) can.
async fn tamper(engine: Engine, pool: &sqlx::AnyPool, sql: &str) {
    match engine {
        Engine::Postgres => {
            let mut c = pool.acquire().await.unwrap();
            sqlx::query("ALTER TABLE audit_log DISABLE TRIGGER USER")
                .execute(&mut *c)
                .await
                .unwrap();
            sqlx::query(sql).execute(&mut *c).await.unwrap();
            sqlx::query("ALTER TABLE audit_log ENABLE TRIGGER USER")
                .execute(&mut *c)
                .await
                .unwrap();
        }
        Engine::Sqlite => {
            sqlx::query("DROP TRIGGER IF EXISTS audit_log_no_update")
                .execute(pool)
                .await
                .unwrap();
            sqlx::query("DROP TRIGGER IF EXISTS audit_log_no_delete")
                .execute(pool)
                .await
                .unwrap();
            sqlx::query(sql).execute(pool).await.unwrap();
        }
    }
}

/// A backup taken while the store runs, restored into a fresh directory, opened with the same
/// key: the victim's identity reads back, the audit chain is intact, and the backup records
/// itself. (SQLite: PostgreSQL is backed up with pg_dump.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_restored_on_a_fresh_machine_reads_a_victims_identity_back() {
    let (s, db) = store(Engine::Sqlite).await;
    let lhr = s.scoped(io(&s, "LHR").await);
    let case = lhr.create_case(new_case("LHR")).await.unwrap();
    let p = lhr
        .add_person(case, victim("Shabnam Syntheticbibi", "35202-3131313-2"))
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!("hifazat-backup-{}", uuid_like()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("hifazat-2026-12-03.db");
    let summary = s.backup_sqlite("test", &file).await.unwrap();
    assert_eq!((summary.cases, summary.persons), (1, 1));
    assert!(
        s.backup_sqlite("test", &file).await.is_err(),
        "never overwrites a backup"
    );
    // A later change is not in the backup.
    lhr.create_case(new_case("LHR")).await.unwrap();
    // Restore onto a "fresh machine": an empty data directory.
    let fresh = dir.join("fresh");
    let target = fresh.join("hifazat.db");
    hifazat_store::admin::backup::restore_sqlite(&file, &target, false)
        .await
        .unwrap();
    assert!(
        hifazat_store::admin::backup::restore_sqlite(&file, &target, false)
            .await
            .is_err(),
        "no silent overwrite"
    );
    let url = format!("sqlite://{}", target.display());
    assert!(
        Store::connect(&url, Vault::new([8u8; 32])).await.is_err(),
        "a backup needs its key"
    );
    let restored = Store::connect(&url, Vault::new([3u8; 32])).await.unwrap();
    let r = restored.scoped(io(&restored, "LHR").await);
    assert_eq!(
        r.victim_identity(case, p.id).await.unwrap().name,
        "Shabnam Syntheticbibi"
    );
    assert_eq!(r.list_cases(&Default::default()).await.unwrap().1, 1);
    let audit = restored.verify_audit(&mut |_| {}).await.unwrap();
    assert!(audit.broken.is_none());
    // A damaged file is refused before anything is replaced.
    let junk = dir.join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    assert!(
        hifazat_store::admin::backup::restore_sqlite(&junk, &target, true)
            .await
            .is_err()
    );
    restored.close().await;
    s.close().await;
    db.drop_db().await;
    let _ = std::fs::remove_dir_all(dir);
}

fn uuid_like() -> String {
    hifazat_vault::new_token().replace(['-', '_'], "x")
}

/// PostgreSQL over TLS (rustls): `sslmode=require` encrypts the connection; `verify-full`
/// refuses a certificate it cannot verify, with a message that says what to check.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_connections_use_tls_when_the_url_asks() {
    sqlx::any::install_default_drivers();
    let db = hifazat_store::testing::TestDb::new(Engine::Postgres).await;
    let admin = sqlx::AnyPool::connect(&hifazat_store::testing::postgres_admin_url())
        .await
        .unwrap();
    let ssl_on: String = sqlx::query("SHOW ssl")
        .fetch_one(&admin)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    admin.close().await;
    let with = |url: &str, mode: &str| {
        format!(
            "{url}{}sslmode={mode}",
            if url.contains('?') { '&' } else { '?' }
        )
    };
    let opts = hifazat_store::StoreOptions {
        url: with(&db.url, "require"),
        owner_url: Some(with(&db.owner_url, "require")),
        ..db.options()
    };
    if ssl_on == "on" {
        let s = Store::open(opts, |_| Ok(Vault::new([3u8; 32])))
            .await
            .unwrap();
        s.close().await;
        let pool = sqlx::AnyPool::connect(&with(&db.url, "require"))
            .await
            .unwrap();
        let tls: bool = sqlx::query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        assert!(tls, "the connection is encrypted");
        pool.close().await;
        // The test server's certificate is self-signed: full verification refuses it.
        let strict = hifazat_store::StoreOptions {
            url: with(&db.url, "verify-full"),
            owner_url: None,
            ..db.options()
        };
        let e = Store::open(strict, |_| Ok(Vault::new([3u8; 32])))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("sslrootcert"), "{e}");
    } else {
        // A server without TLS: `require` fails with a message naming TLS.
        let e = Store::open(opts, |_| Ok(Vault::new([3u8; 32])))
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("TLS") || e.to_string().contains("SSL"),
            "{e}"
        );
    }
    db.drop_db().await;
}
