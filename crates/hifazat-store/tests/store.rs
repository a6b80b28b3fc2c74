//! The protection rules of the store, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use hifazat_domain::{Jurisdiction, PersonRole, Sex, Stage, TransitionRequest, UserRole};
use hifazat_store::cases::models::CaseFilter;
use hifazat_store::cases::monitoring::MonitoringFilter;
use hifazat_store::protection::{DashboardFilter, ProviderFilter, VictimFilter};
use hifazat_store::{both_engines, Engine, StoreError, Vault};
use sqlx::Row;
use support::*;

both_engines! {
    async fn a_kp_supervisor_sees_cases_in_the_merged_tribal_districts(engine: Engine) {
        let (s, db) = store(engine).await;
        // Bajaur was a FATA agency in the 2017 census (PK-TA); it is in Khyber Pakhtunkhwa now.
        let bajaur = s.scoped(io(&s, "BJR").await);
        let id = bajaur.create_case(new_case("BJR")).await.unwrap();
        let kp = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-KP")).await);
        assert_eq!(kp.get_case(id).await.unwrap().case.province_code, "PK-KP");
        assert_eq!(kp.list_cases(&CaseFilter::default()).await.unwrap().1, 1);
        // The province filter finds it, whether it names the province today or as it was.
        for p in ["PK-KP", "PK-TA"] {
            let f = CaseFilter { province: Some(p.into()), ..Default::default() };
            assert_eq!(kp.list_cases(&f).await.unwrap().1, 1, "{p}");
            let m = kp.monitoring(&MonitoringFilter { province: Some(p.into()), ..Default::default() }).await.unwrap();
            assert_eq!(m.total.to_string(), "1", "{p}");
        }
        // A KP supervisor registers cases in the tribal districts, as in the settled ones.
        kp.create_case(new_case("SWH")).await.unwrap();
        kp.create_case(new_case("PEW")).await.unwrap();
        assert_eq!(kp.list_cases(&CaseFilter::default()).await.unwrap().1, 3);
        let punjab = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-PB")).await);
        assert!(matches!(punjab.get_case(id).await, Err(StoreError::NotFound)));
        let f = CaseFilter { province: Some("PK-KP".into()), ..Default::default() };
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        assert_eq!(national.list_cases(&f).await.unwrap().1, 3);
        // Protection: a victim identified in Bajaur and a shelter in Khyber are KP's.
        let victim_id = bajaur.identify(identification("BJR", "21101-1234567-2")).await.unwrap();
        shelter(&s, "Darul Aman Landi Kotal", "PK-TA", "KHY").await;
        let (victims, n) = kp.list_victims(&VictimFilter::default()).await.unwrap();
        assert_eq!((n, victims[0].id), (1, victim_id));
        let dash = kp.protection_dashboard(&DashboardFilter::default()).await.unwrap();
        assert_eq!(dash.identified.to_string(), "1");
        assert_eq!(dash.shelters.len(), 1, "{:?}", dash.shelters);
        let dash = kp.protection_dashboard(&DashboardFilter { province: Some("PK-TA".into()), ..Default::default() }).await.unwrap();
        assert_eq!((dash.identified.to_string(), dash.shelters.len()), ("1".into(), 1));
        let providers = kp.providers(&ProviderFilter { province: Some("PK-KP".into()), ..Default::default() }).await.unwrap();
        assert_eq!(providers.len(), 1);
        assert_eq!(providers[0].province_code.as_deref(), Some("PK-KP"), "stored as today's province");
        assert_eq!(punjab.list_victims(&VictimFilter::default()).await.unwrap().1, 0);
        assert!(punjab.protection_dashboard(&DashboardFilter::default()).await.unwrap().shelters.is_empty());
        s.close().await;
        db.drop_db().await;
    }

    async fn azad_kashmir_and_gilgit_baltistan_districts_hold_cases(engine: Engine) {
        let (s, db) = store(engine).await;
        let kotli = s.scoped(io(&s, "KTL").await);
        let id = kotli.create_case(new_case("KTL")).await.unwrap();
        let c = kotli.get_case(id).await.unwrap().case;
        assert!(c.reference.starts_with("KTL-"), "{}", c.reference);
        assert_eq!(c.province_code, "PK-JK");
        let gb = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-GB")).await);
        let gilgit = gb.create_case(new_case("GLT")).await.unwrap();
        assert_eq!(gb.list_cases(&CaseFilter::default()).await.unwrap().1, 1);
        assert!(matches!(gb.get_case(id).await, Err(StoreError::NotFound)));
        let ajk = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-JK")).await);
        assert_eq!(ajk.get_case(id).await.unwrap().case.district_code, "KTL");
        assert!(matches!(ajk.get_case(gilgit).await, Err(StoreError::NotFound)));
        // Monitoring names the district; a district with no census figures breaks nothing.
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        let m = national.monitoring(&MonitoringFilter::default()).await.unwrap();
        assert_eq!(m.total.to_string(), "2");
        assert!(m.by_district.iter().any(|d| d.code == "KTL" && d.province_code == "PK-JK"));
        s.close().await;
        db.drop_db().await;
    }

    async fn rows_written_with_the_tribal_areas_code_are_moved_to_khyber_pakhtunkhwa(engine: Engine) {
        let (s, db) = store(engine).await;
        let khyber = s.scoped(io(&s, "KHY").await);
        let id = khyber.create_case(new_case("KHY")).await.unwrap();
        khyber.identify(identification("KHY", "21102-7654321-4")).await.unwrap();
        let old_account = actor(&s, UserRole::Supervisor, Jurisdiction::National).await.actor.user_id;
        // Put the database back as it was before migration 0006: rows and an account with
        // PK-TA, and the migration not yet applied (as the schema owner).
        let pool = raw(&db.owner_url).await;
        for sql in [
            "UPDATE cases SET province_code = 'PK-TA'".to_owned(),
            "UPDATE victims SET province_code = 'PK-TA'".to_owned(),
            "INSERT INTO agencies (name, kind, province_code, district_code, created_at) \
             VALUES ('Police Station City, Khyber', 'police_station', 'PK-TA', 'KHY', '2017-03-15T00:00:00Z')".to_owned(),
            format!("UPDATE users SET jurisdiction = 'province:PK-TA' WHERE id = {old_account}"),
            "DELETE FROM _sqlx_migrations WHERE version = 6".to_owned(),
        ] {
            sqlx::query(&sql).execute(&pool).await.unwrap();
        }
        s.close().await;
        let s = db.connect(Vault::new([3u8; 32])).await.unwrap();
        for table in ["cases", "victims", "agencies"] {
            let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE province_code = 'PK-TA'");
            assert_eq!(count(&pool, &sql).await, 0, "{table}");
        }
        let sql = format!("SELECT COUNT(*) AS n FROM users WHERE id = {old_account} AND jurisdiction = 'province:PK-KP'");
        assert_eq!(count(&pool, &sql).await, 1);
        let kp = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-KP")).await);
        assert_eq!(kp.get_case(id).await.unwrap().case.province_code, "PK-KP");
        assert_eq!(kp.list_victims(&VictimFilter::default()).await.unwrap().1, 1);
        let agencies = s.agencies().await.unwrap();
        let station = agencies.iter().find(|a| a.name == "Police Station City, Khyber").unwrap();
        assert_eq!(station.province_code.as_deref(), Some("PK-KP"));
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn a_case_outside_the_jurisdiction_is_not_found(engine: Engine) {
        let (s, db) = store(engine).await;
        let id = s.scoped(io(&s, "LHR").await).create_case(new_case("LHR")).await.unwrap();
        let other = s.scoped(io(&s, "GRW").await);
        assert!(matches!(other.get_case(id).await, Err(StoreError::NotFound)));
        assert!(matches!(other.add_person(id, victim("A", "35202-1234567-1")).await, Err(StoreError::NotFound)));
        let req = TransitionRequest { to: Stage::Inquiry, remark: None, fir_number: None, fir_date: None };
        assert!(matches!(other.transition(id, req).await, Err(StoreError::NotFound)));
        assert_eq!(other.list_cases(&CaseFilter::default()).await.unwrap().1, 0);
        // Registering a case outside one's district is refused with a field message.
        match other.create_case(new_case("LHR")).await {
            Err(StoreError::Invalid(e)) => assert!(e.first("district").is_some()),
            r => panic!("{r:?}"),
        }
        let punjab = s.scoped(actor(&s, UserRole::Supervisor, Jurisdiction::Province("PK-PB".into())).await);
        assert_eq!(punjab.get_case(id).await.unwrap().case.reference.split('-').next(), Some("LHR"));
        let sindh = s.scoped(actor(&s, UserRole::Supervisor, Jurisdiction::Province("PK-SD".into())).await);
        assert!(matches!(sindh.get_case(id).await, Err(StoreError::NotFound)));
        s.close().await;
        db.drop_db().await;
    }

    async fn victims_are_coded_encrypted_and_each_identity_view_is_audited(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let id = lhr.create_case(new_case("LHR")).await.unwrap();
        let p = lhr.add_person(id, victim("Zarina Syntheticbibi", "35202-7654321-2")).await.unwrap();
        let code = p.victim_code.clone().unwrap();
        assert!(code.starts_with("V-") && code.ends_with("-1"), "{code}");
        assert!(p.name.is_none() && p.is_child);
        let case = lhr.get_case(id).await.unwrap();
        assert_eq!(case.case.victim_codes, vec![code.clone()]);
        assert!(case.elements.child_victim, "a child victim marks the case");
        // Nothing identifying is stored in clear.
        let pool = raw(&db.url).await;
        for r in sqlx::query("SELECT name_enc, father_name_enc, cnic_enc, phone_enc FROM persons").fetch_all(&pool).await.unwrap() {
            for i in 0..4 {
                let v: Option<String> = r.try_get(i).unwrap();
                let v = v.unwrap_or_default();
                assert!(!v.contains("Zarina") && !v.contains("7654321") && !v.contains("Synthetic"), "{v}");
            }
        }
        // The CNIC still finds the case, through the keyed hash, within scope only.
        let f = CaseFilter { q: Some("3520276543212".into()), ..Default::default() };
        assert_eq!(lhr.list_cases(&f).await.unwrap().1, 1);
        assert_eq!(s.scoped(io(&s, "GRW").await).list_cases(&f).await.unwrap().1, 0);
        // Viewing the identity is audited before the data is returned.
        let before: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'view_identity'").fetch_one(&pool).await.unwrap().try_get("n").unwrap();
        let ident = lhr.victim_identity(id, p.id).await.unwrap();
        assert_eq!(ident.name, "Zarina Syntheticbibi");
        assert_eq!(ident.cnic.as_deref(), Some("35202-7654321-2"));
        assert_eq!(ident.phone.as_deref(), Some("+923001234567"));
        let after: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'view_identity'").fetch_one(&pool).await.unwrap().try_get("n").unwrap();
        assert_eq!(after, before + 1);
        // Analysts and other districts get nothing.
        let analyst = s.scoped(actor(&s, UserRole::Analyst, Jurisdiction::National).await);
        assert!(matches!(analyst.victim_identity(id, p.id).await, Err(StoreError::Forbidden(_))));
        assert!(matches!(analyst.get_case(id).await, Err(StoreError::Forbidden(_))));
        assert!(matches!(s.scoped(io(&s, "GRW").await).victim_identity(id, p.id).await, Err(StoreError::NotFound)));
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn the_audit_trail_refuses_changes(engine: Engine) {
        let (s, db) = store(engine).await;
        s.scoped(io(&s, "LHR").await).create_case(new_case("LHR")).await.unwrap();
        // The schema owner is refused by the triggers.
        let pool = raw(&db.owner_url).await;
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log").fetch_one(&pool).await.unwrap().try_get("n").unwrap();
        assert!(n >= 1);
        let e = sqlx::query("UPDATE audit_log SET username = 'someone else'").execute(&pool).await.unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        let e = sqlx::query("DELETE FROM audit_log").execute(&pool).await.unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        pool.close().await;
        // The serving role (PostgreSQL) has no right to change rows, nor to disable triggers.
        if engine == Engine::Postgres {
            let app = raw(&db.url).await;
            for sql in ["UPDATE audit_log SET username = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log", "ALTER TABLE audit_log DISABLE TRIGGER USER"] {
                let e = sqlx::query(sql).execute(&app).await.unwrap_err();
                let t = e.to_string();
                assert!(t.contains("permission denied") || t.contains("must be owner"), "{sql}: {t}");
            }
            app.close().await;
        }
        s.close().await;
        db.drop_db().await;
    }

    async fn stages_move_only_along_allowed_transitions(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let id = lhr.create_case(new_case("LHR")).await.unwrap();
        let to = |to, remark: Option<&str>| TransitionRequest { to, remark: remark.map(Into::into), fir_number: None, fir_date: None };
        assert!(matches!(lhr.transition(id, to(Stage::UnderTrial, None)).await, Err(StoreError::Invalid(_))));
        let mut fir = to(Stage::FirRegistered, None);
        fir.fir_number = Some("123/2026".into());
        fir.fir_date = Some(s.today());
        lhr.transition(id, fir).await.unwrap();
        lhr.transition(id, to(Stage::UnderInvestigation, None)).await.unwrap();
        // An officer cannot close as untraced; a supervisor can, with a remark.
        assert!(matches!(lhr.transition(id, to(Stage::ClosedUntraced, Some("not traced"))).await, Err(StoreError::Invalid(_))));
        let sup = s.scoped(actor(&s, UserRole::Supervisor, Jurisdiction::Province("PK-PB".into())).await);
        sup.transition(id, to(Stage::ClosedUntraced, Some("accused abroad"))).await.unwrap();
        let c = lhr.get_case(id).await.unwrap();
        assert_eq!(c.case.stage, Stage::ClosedUntraced);
        assert_eq!(c.case.fir_number.as_deref(), Some("123/2026"));
        let moves: Vec<_> = c.events.iter().map(|e| e.to_stage).collect();
        assert_eq!(moves, vec![Stage::ComplaintReceived, Stage::FirRegistered, Stage::UnderInvestigation, Stage::ClosedUntraced]);
        assert_eq!(c.events.last().unwrap().remark.as_deref(), Some("accused abroad"));
        s.close().await;
        db.drop_db().await;
    }

    async fn bad_input_writes_nothing(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let id = lhr.create_case(new_case("LHR")).await.unwrap();
        let mut bad = victim("X", "123");
        bad.date_of_birth = chrono::NaiveDate::from_ymd_opt(2099, 1, 1);
        match lhr.add_person(id, bad).await {
            Err(StoreError::Invalid(e)) => {
                assert!(e.first("cnic").is_some() && e.first("date_of_birth").is_some());
            }
            r => panic!("{r:?}"),
        }
        let pool = raw(&db.url).await;
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM persons").fetch_one(&pool).await.unwrap().try_get("n").unwrap();
        assert_eq!(n, 0);
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn analysts_see_suppressed_aggregates_only(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        for _ in 0..3 {
            lhr.create_case(new_case("LHR")).await.unwrap();
        }
        let analyst = s.scoped(actor(&s, UserRole::Analyst, Jurisdiction::National).await);
        let m = analyst.monitoring(&MonitoringFilter::default()).await.unwrap();
        assert!(m.aggregates_only);
        assert_eq!(m.total.to_string(), "<5");
        assert!(m.stalled.is_empty() && m.upcoming_hearings.is_empty());
        assert!(matches!(analyst.list_cases(&CaseFilter::default()).await, Err(StoreError::Forbidden(_))));
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        let m = national.monitoring(&MonitoringFilter::default()).await.unwrap();
        assert_eq!(m.total.to_string(), "3");
        assert_eq!(m.by_district[0].code, "LHR");
        s.close().await;
        db.drop_db().await;
    }

    async fn the_person_index_is_rebuilt_in_the_background_after_a_restart(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let id = lhr.create_case(new_case("LHR")).await.unwrap();
        let mut accused = victim("Muhammad Asif", "35202-2323232-3");
        accused.role = PersonRole::Accused;
        accused.sex = Sex::Male;
        accused.father_name = Some("Ghulam Rasool".into());
        accused.accused_status = Some(hifazat_domain::AccusedStatus::AtLarge);
        lhr.add_person(id, accused).await.unwrap();
        s.close().await;
        // A new process over the same database: the index is built again, then found.
        let s = db.connect(Vault::new([3u8; 32])).await.unwrap();
        for _ in 0..200 {
            if s.person_index_loading().is_none() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert_eq!(s.person_index_loading(), None, "the index is complete");
        let q = hifazat_store::persons::PersonQuery { name: "Mohd Asif".into(), father_name: Some("Ghulam Rasool".into()), ..Default::default() };
        let hits = s.scoped(io(&s, "LHR").await).search_persons(&q).await.unwrap();
        assert_eq!(hits.len(), 1, "{hits:?}");
        s.close().await;
        db.drop_db().await;
    }

    async fn changes_made_while_the_person_index_is_rebuilt_survive_the_swap(engine: Engine) {
        use hifazat_store::persons::{MergeRequest, PersonQuery, UnmergeRequest};
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let accused = |name: &str, father: &str, cnic: Option<&str>| {
            let mut p = victim(name, cnic.unwrap_or_default());
            p.cnic = cnic.map(str::to_owned);
            p.role = PersonRole::Accused;
            p.sex = Sex::Male;
            p.age = Some(40);
            p.father_name = Some(father.into());
            p.accused_status = Some(hifazat_domain::AccusedStatus::AtLarge);
            p
        };
        let c1 = lhr.create_case(new_case("LHR")).await.unwrap();
        let c2 = lhr.create_case(new_case("LHR")).await.unwrap();
        let kept = lhr.add_person(c1, accused("Shahid Anwar", "Muhammad Anwar", Some("35202-5151515-1"))).await.unwrap();
        let dup = lhr.add_person(c2, accused("Shahid Anwer", "Muhammad Anwar", None)).await.unwrap();
        let tariq = lhr.add_person(c1, accused("Tariq Jameel", "Abdul Ghafoor", Some("35202-6161616-1"))).await.unwrap();
        let tariq2 = lhr.add_person(c2, accused("Tariq Jamil", "Abdul Ghafoor", None)).await.unwrap();
        // Merged before the rebuild reads the table: the rebuild leaves it out.
        let earlier = lhr.merge_persons(&tariq.person_uid, MergeRequest { duplicate: tariq2.person_uid.clone(), reason: "same CNIC on the FIR".into() }).await.unwrap();
        let found = |name: &'static str, father: &'static str| {
            let lhr = &lhr;
            async move {
                let q = PersonQuery { name: name.into(), father_name: Some(father.into()), ..Default::default() };
                // A search that never answered would hang the test: bounded, so that it fails.
                let hits = tokio::time::timeout(std::time::Duration::from_secs(60), lhr.search_persons(&q)).await.expect("searches answer while the index is built").unwrap();
                let mut uids: Vec<String> = hits.into_iter().map(|h| h.person_uid).collect();
                uids.sort();
                uids
            }
        };
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let (reached, reached_rx) = tokio::sync::oneshot::channel();
        let (go, go_rx) = tokio::sync::oneshot::channel::<()>();
        let pause = async move {
            reached.send(()).unwrap();
            go_rx.await.unwrap();
        };
        let meanwhile = async {
            // Every record has been read into the new index; the old one still answers.
            reached_rx.await.unwrap();
            assert_eq!(found("Shahid Anwar", "Muhammad Anwar").await, sorted(vec![kept.person_uid.clone(), dup.person_uid.clone()]));
            // A person added now is found at once…
            let c3 = lhr.create_case(new_case("LHR")).await.unwrap();
            let nadeem = lhr.add_person(c3, accused("Nadeem Akhtar", "Ghulam Nabi", Some("35202-7171717-1"))).await.unwrap();
            assert_eq!(found("Nadeem Akhtar", "Ghulam Nabi").await, [nadeem.person_uid.as_str()]);
            // …a record merged now is gone at once, and one unmerged now is back.
            lhr.merge_persons(&kept.person_uid, MergeRequest { duplicate: dup.person_uid.clone(), reason: "one person".into() }).await.unwrap();
            assert_eq!(found("Shahid Anwar", "Muhammad Anwar").await, [kept.person_uid.as_str()]);
            lhr.unmerge_persons(earlier, UnmergeRequest { reason: "two brothers".into() }).await.unwrap();
            assert_eq!(found("Tariq Jameel", "Abdul Ghafoor").await, sorted(vec![tariq.person_uid.clone(), tariq2.person_uid.clone()]));
            go.send(()).unwrap();
            nadeem
        };
        let (rebuilt, nadeem) = tokio::join!(s.load_person_index_pausing(pause), meanwhile);
        // Swapped in: kept, Tariq, his brother and Nadeem; the merged record not brought back.
        assert_eq!(rebuilt.unwrap(), 4);
        assert_eq!(s.person_index_loading(), None);
        assert_eq!(found("Nadeem Akhtar", "Ghulam Nabi").await, [nadeem.person_uid.as_str()], "added during the rebuild, kept after the swap");
        assert_eq!(found("Shahid Anwar", "Muhammad Anwar").await, [kept.person_uid.as_str()], "merged during the rebuild, not brought back");
        assert_eq!(found("Tariq Jameel", "Abdul Ghafoor").await, sorted(vec![tariq.person_uid.clone(), tariq2.person_uid.clone()]), "unmerged during the rebuild, kept");
        s.close().await;
        db.drop_db().await;
    }

    async fn logins_are_throttled_and_tokens_stored_hashed(engine: Engine) {
        use hifazat_store::admin::users::LoginError;
        let (s, db) = store(engine).await;
        s.admin(&hifazat_store::Ctx::system("test")).unwrap().create_user(hifazat_store::admin::users::NewUser {
            username: "io.test".into(),
            display_name: "Test Officer".into(),
            password: "correct horse battery".into(),
            agency_id: None,
            jurisdiction: Jurisdiction::District("LHR".into()),
            roles: vec![UserRole::InvestigatingOfficer],
        }).await.unwrap();
        let ok = s.login("io.test", "correct horse battery", "10.0.0.1", "api", None).await.unwrap();
        assert!(s.session(&ok.token).await.unwrap().is_some());
        let pool = raw(&db.url).await;
        let stored: String = sqlx::query("SELECT token_hash FROM sessions").fetch_one(&pool).await.unwrap().try_get(0).unwrap();
        assert_ne!(stored, ok.token);
        for _ in 0..5 {
            assert!(matches!(s.login("io.test", "wrong", "10.0.0.1", "web", None).await, Err(LoginError::Wrong)));
        }
        assert!(matches!(s.login("io.test", "correct horse battery", "10.0.0.1", "web", None).await, Err(LoginError::Throttled(_))));
        // The right password from another address is not locked out.
        s.login("io.test", "correct horse battery", "10.0.0.2", "web", None).await.unwrap();
        s.logout(&ok.token, None).await.unwrap();
        assert!(s.session(&ok.token).await.unwrap().is_none());
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn search_takes_the_text_whole_first_then_in_part(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let pool = raw(&db.url).await;
        let mut ids = Vec::new();
        for _ in 0..3 {
            ids.push(lhr.create_case(new_case("LHR")).await.unwrap());
        }
        // Two references, one inside the other (a five-digit number after a four-digit one).
        for (id, reference, fir) in [(ids[0], "LHR-2026-0042", "44/2026"), (ids[1], "LHR-2026-00421", "45/2026")] {
            sqlx::query(&format!("UPDATE cases SET reference = '{reference}', fir_number = '{fir}' WHERE id = {id}"))
                .execute(&pool)
                .await
                .unwrap();
        }
        let find = |q: &'static str| {
            let lhr = &lhr;
            async move {
                let (items, total) = lhr.list_cases(&CaseFilter { q: Some(q.into()), ..Default::default() }).await.unwrap();
                let mut refs: Vec<String> = items.into_iter().map(|c| c.reference).collect();
                refs.sort();
                assert_eq!(total, refs.len() as i64, "{q}");
                refs
            }
        };
        // A whole reference (however typed) or FIR number is that case alone.
        assert_eq!(find(" lhr-2026-0042 ").await, ["LHR-2026-0042"]);
        assert_eq!(find("45/2026").await, ["LHR-2026-00421"]);
        // A part finds every case it is in.
        assert_eq!(find("2026-004").await, ["LHR-2026-0042", "LHR-2026-00421"]);
        assert_eq!(find("/2026").await, ["LHR-2026-0042", "LHR-2026-00421"]);
        assert!(find("ZZZ-9").await.is_empty());
        // Outside the officer's district, nothing, whole or in part.
        let grw = s.scoped(io(&s, "GRW").await);
        for q in ["LHR-2026-0042", "2026-004"] {
            assert_eq!(grw.list_cases(&CaseFilter { q: Some(q.into()), ..Default::default() }).await.unwrap().1, 0);
        }
        db.drop_db().await;
    }
}
