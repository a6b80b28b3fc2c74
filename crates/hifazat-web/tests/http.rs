//! The real HTTP server, end to end, on SQLite and on PostgreSQL: the case journey through the
//! API, and the access rules for every endpoint.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_store::{both_engines, Engine};
use serde_json::{json, Value};

async fn lahore_case_with_victim(app: &TestApp) -> (i64, i64, String) {
    let io = app.api("io.lahore").await;
    let (s, case) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
    assert_eq!(s, 201, "{case}");
    let id = case["id"].as_i64().unwrap();
    let (s, p) = io
        .post(
            &format!("/api/v1/cases/{id}/persons"),
            victim("Nasreen Syntheticbibi", "35202-1111111-2"),
        )
        .await;
    assert_eq!(s, 201, "{p}");
    (
        id,
        p["id"].as_i64().unwrap(),
        p["victim_code"].as_str().unwrap().to_owned(),
    )
}

both_engines! {
    async fn an_officer_registers_a_case_adds_a_victim_and_moves_it_on(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let (id, _, code) = lahore_case_with_victim(&app).await;
        assert!(code.starts_with("V-") && code.contains("-LHR-"), "{code}");
        let (s, c) = io.get(&format!("/api/v1/cases/{id}")).await;
        assert_eq!(s, 200);
        assert_eq!(c["stage"], "complaint_received");
        assert_eq!(c["victim_codes"], json!([code]));
        let text = c.to_string();
        assert!(!text.contains("Nasreen") && !text.contains("1111111"), "victim identity leaked: {text}");
        let (s, t) = io.post(&format!("/api/v1/cases/{id}/transitions"), json!({"to": "fir_registered", "fir_number": "77/2026", "fir_date": "2026-01-05"})).await;
        assert_eq!(s, 200, "{t}");
        let (s, _) = io.post(&format!("/api/v1/cases/{id}/transitions"), json!({"to": "under_investigation"})).await;
        assert_eq!(s, 200);
        let (s, h) = io.post(&format!("/api/v1/cases/{id}/hearings"), json!({"hearing_date": "2026-12-01", "court": "Sessions Court Lahore"})).await;
        assert_eq!(s, 201, "{h}");
        let (s, list) = io.get("/api/v1/cases?district=LHR&open=true").await;
        assert_eq!(s, 200);
        assert_eq!(list["total"], 1);
        assert_eq!(list["items"][0]["victim_codes"], json!([code]));
        assert_eq!(list["items"][0]["stage"], "under_investigation");
        assert!(!list.to_string().contains("Nasreen"));
        app.stop().await;
    }

    async fn another_district_gets_404_on_every_route(engine: Engine) {
        let app = TestApp::start(engine).await;
        let (id, pid, code) = lahore_case_with_victim(&app).await;
        let grw = app.api("io.gujranwala").await;
        assert_eq!(grw.get(&format!("/api/v1/cases/{id}")).await.0, 404);
        assert_eq!(grw.post(&format!("/api/v1/cases/{id}/persons"), victim("X", "35202-2222222-2")).await.0, 404);
        assert_eq!(grw.post(&format!("/api/v1/cases/{id}/transitions"), json!({"to": "inquiry"})).await.0, 404);
        assert_eq!(grw.post(&format!("/api/v1/cases/{id}/hearings"), json!({"hearing_date": "2026-12-01", "court": "X"})).await.0, 404);
        assert_eq!(grw.get(&format!("/api/v1/cases/{id}/victims/{pid}/identity")).await.0, 404);
        let (s, list) = grw.get("/api/v1/cases").await;
        assert_eq!((s, list["total"].as_i64()), (200, Some(0)));
        // Search by victim code or CNIC does not reach across districts either.
        assert_eq!(grw.post("/api/v1/cases/search", json!({"q": code})).await.1["total"], 0);
        assert_eq!(grw.post("/api/v1/cases/search", json!({"q": "3520211111112"})).await.1["total"], 0);
        // Nor does the monitoring page, nor the CSV export, nor the case page.
        let (_, m) = grw.get("/api/v1/monitoring").await;
        assert_eq!(m["total"], 0);
        let b = app.browser("io.gujranwala").await;
        assert_eq!(b.get(app.url(&format!("/cases/{id}"))).send().await.unwrap().status(), 404);
        assert_eq!(b.get(app.url(&format!("/cases/{id}/victims/{pid}"))).send().await.unwrap().status(), 404);
        let csv = b.get(app.url("/cases.csv")).send().await.unwrap().text().await.unwrap();
        assert!(!csv.contains("LHR-"), "{csv}");
        // Another province's supervisor too; this province's supervisor and the national coordinator see it.
        assert_eq!(app.api("supervisor.sindh").await.get(&format!("/api/v1/cases/{id}")).await.0, 404);
        assert_eq!(app.api("supervisor.punjab").await.get(&format!("/api/v1/cases/{id}")).await.0, 200);
        assert_eq!(app.api("national").await.get(&format!("/api/v1/cases/{id}")).await.0, 200);
        // The owner sees it in the export, by code.
        let csv = app.browser("io.lahore").await.get(app.url("/cases.csv")).send().await.unwrap().text().await.unwrap();
        assert!(csv.contains(&code) && !csv.contains("Nasreen"), "{csv}");
        app.stop().await;
    }

    async fn analysts_see_no_personal_data(engine: Engine) {
        let app = TestApp::start(engine).await;
        let (id, pid, _) = lahore_case_with_victim(&app).await;
        let analyst = app.api("analyst").await;
        assert_eq!(analyst.get("/api/v1/cases").await.0, 403);
        assert_eq!(analyst.get(&format!("/api/v1/cases/{id}")).await.0, 403);
        assert_eq!(analyst.get(&format!("/api/v1/cases/{id}/victims/{pid}/identity")).await.0, 403);
        assert_eq!(analyst.post("/api/v1/cases", trafficking_case("LHR")).await.0, 403);
        let (s, m) = analyst.get("/api/v1/monitoring").await;
        assert_eq!(s, 200);
        assert_eq!(m["aggregates_only"], true);
        assert_eq!(m["total"], "<5", "small counts are suppressed: {m}");
        assert_eq!(m["stalled"], json!([]));
        let text = m.to_string();
        assert!(!text.contains("Nasreen") && !text.contains("V-") && !text.contains("LHR-"), "{text}");
        // Administrators and auditors do not read victims' identities either.
        assert_eq!(app.api("admin").await.get(&format!("/api/v1/cases/{id}/victims/{pid}/identity")).await.0, 403);
        assert_eq!(app.api("auditor").await.get(&format!("/api/v1/cases/{id}/victims/{pid}/identity")).await.0, 403);
        app.stop().await;
    }

    async fn each_view_of_a_victims_identity_is_audited(engine: Engine) {
        let app = TestApp::start(engine).await;
        let (id, pid, code) = lahore_case_with_victim(&app).await;
        let auditor = app.api("auditor").await;
        let count = |v: &Value| v["total"].as_i64().unwrap();
        let before = count(&auditor.get("/api/v1/audit?action=view_identity").await.1);
        let io = app.api("io.lahore").await;
        let (s, ident) = io.get(&format!("/api/v1/cases/{id}/victims/{pid}/identity")).await;
        assert_eq!(s, 200);
        assert_eq!(ident["name"], "Nasreen Syntheticbibi");
        assert_eq!(ident["cnic"], "35202-1111111-2");
        // Through the page as well.
        let b = app.browser("supervisor.punjab").await;
        let page = b.get(app.url(&format!("/cases/{id}/victims/{pid}"))).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("Nasreen Syntheticbibi"));
        let (_, rows) = auditor.get("/api/v1/audit?action=view_identity").await;
        assert_eq!(count(&rows), before + 2);
        let users: Vec<&str> = rows["items"].as_array().unwrap().iter().map(|r| r["username"].as_str().unwrap()).collect();
        assert!(users.contains(&"io.lahore") && users.contains(&"supervisor.punjab"));
        assert_eq!(rows["items"][0]["detail"], code.as_str());
        assert_eq!(rows["items"][0]["case_id"], id);
        // Writes are audited too, and only auditors read the trail.
        assert!(count(&auditor.get("/api/v1/audit?action=create").await.1) >= 2);
        assert_eq!(io.get("/api/v1/audit").await.0, 403);
        app.stop().await;
    }

    async fn bad_input_answers_422_per_field_and_writes_nothing(engine: Engine) {
        let app = TestApp::start(engine).await;
        let (id, _, _) = lahore_case_with_victim(&app).await;
        let io = app.api("io.lahore").await;
        let mut bad = victim("Someone", "35202-123");
        bad["date_of_birth"] = json!("2099-01-01");
        let (s, e) = io.post(&format!("/api/v1/cases/{id}/persons"), bad).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["cnic"][0].as_str().unwrap().contains("13 digits"), "{e}");
        assert!(e["fields"]["date_of_birth"][0].as_str().unwrap().contains("future"), "{e}");
        let (s, e) = io.post(&format!("/api/v1/cases/{id}/transitions"), json!({"to": "under_trial"})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["to"][0].as_str().unwrap().contains("cannot move"), "{e}");
        let (s, e) = io.post("/api/v1/cases", json!({"kind": "smuggling", "scope": "cross_border", "district": "LHR"})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["elements.illegal_entry"].is_array(), "{e}");
        let (_, c) = io.get(&format!("/api/v1/cases/{id}")).await;
        assert_eq!(c["persons"].as_array().unwrap().len(), 1, "nothing half-written");
        assert_eq!(c["stage"], "complaint_received");
        assert_eq!(io.get("/api/v1/cases").await.1["total"], 1);
        app.stop().await;
    }

    async fn forms_need_the_sessions_csrf_token(engine: Engine) {
        let app = TestApp::start(engine).await;
        let b = app.browser("io.lahore").await;
        let form = [("kind", "undetermined"), ("scope", "internal"), ("district", "LHR")];
        let r = b.post(app.url("/cases")).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 403);
        let page = b.get(app.url("/cases/new")).send().await.unwrap().text().await.unwrap();
        let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let mut with = form.to_vec();
        with.push(("csrf", &csrf));
        let r = b.post(app.url("/cases")).form(&with).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert!(r.headers()["location"].to_str().unwrap().starts_with("/cases/"));
        // A cross-site post is refused even with the token.
        let r = b.post(app.url("/cases")).header("sec-fetch-site", "cross-site").form(&with).send().await.unwrap();
        assert_eq!(r.status(), 403);
        // A bad form comes back with a message per field and what was typed.
        let r = b.post(app.url("/cases")).form(&[("kind", "trafficking"), ("scope", "internal"), ("district", "LHR"), ("fir_number", "9/2026"), ("csrf", &csrf)]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("needs at least one act") && html.contains("value=\"9/2026\""));
        app.stop().await;
    }

    async fn a_person_can_appear_in_several_cases_as_one_record(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let accused = json!({"role": "accused", "name": "Tariq Synthetic", "father_name": "Rafiq Synthetic", "sex": "male", "age": 40, "cnic": "35202-4444444-3", "accused_status": "at_large"});
        let (_, c1) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        let (_, c2) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        let (c1, c2) = (c1["id"].as_i64().unwrap(), c2["id"].as_i64().unwrap());
        let (s, first) = io.post(&format!("/api/v1/cases/{c1}/persons"), accused.clone()).await;
        assert_eq!(s, 201);
        // The same CNIC again is refused with a message, unless the officer says it is the same person.
        let (s, e) = io.post(&format!("/api/v1/cases/{c2}/persons"), accused.clone()).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["cnic"][0].as_str().unwrap().contains("already on record"), "{e}");
        let mut linked = accused.clone();
        linked["link_existing"] = json!(true);
        linked["cnic"] = json!("3520244444443");
        let (s, second) = io.post(&format!("/api/v1/cases/{c2}/persons"), linked.clone()).await;
        assert_eq!(s, 201, "{second}");
        assert_eq!(second["person_uid"], first["person_uid"], "one person, two cases");
        assert_eq!(second["name"], "Tariq Synthetic");
        assert_eq!(io.post(&format!("/api/v1/cases/{c2}/persons"), linked).await.0, 422, "not twice in the same role");
        // Searching by the CNIC finds both cases.
        assert_eq!(io.post("/api/v1/cases/search", json!({"q": "35202-4444444-3"})).await.1["total"], 2);
        // A victim linked into another case in another role stays behind a code: no name anywhere.
        let (s, _) = io.post(&format!("/api/v1/cases/{c1}/persons"), victim("Hidden Syntheticbibi", "35202-6666666-2")).await;
        assert_eq!(s, 201);
        let (s, w) = io.post(&format!("/api/v1/cases/{c2}/persons"), json!({"role": "witness", "name": "Anything", "sex": "female", "cnic": "35202-6666666-2", "link_existing": true})).await;
        assert_eq!(s, 201, "{w}");
        assert!(w["name"].is_null() && w["cnic"].is_null(), "{w}");
        let (_, case2) = io.get(&format!("/api/v1/cases/{c2}")).await;
        assert!(!case2.to_string().contains("Hidden"), "{case2}");
        let (_, hits) = io.post("/api/v1/persons/search", json!({"name": "Hidden Syntheticbibi"})).await;
        assert_eq!(hits, json!([]));
        app.stop().await;
    }

    async fn persons_are_found_across_spellings_within_scope_and_duplicates_are_flagged(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let (_, c1) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        let (_, c2) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        let (c1, c2) = (c1["id"].as_i64().unwrap(), c2["id"].as_i64().unwrap());
        let (s, _) = io.post(&format!("/api/v1/cases/{c1}/persons"), json!({"role": "accused", "name": "Muhammad Asif", "father_name": "Ghulam Rasool", "sex": "male", "age": 45})).await;
        assert_eq!(s, 201);
        io.post(&format!("/api/v1/cases/{c1}/persons"), victim("Muhammad Asif Victim", "35202-8888888-1")).await;
        // Another spelling in another case: flagged as possibly the same person, with the explanation.
        let (s, p) = io.post(&format!("/api/v1/cases/{c2}/persons"), json!({"role": "accused", "name": "Mohd Asif", "father_name": "Ghulam Rasool", "sex": "male"})).await;
        assert_eq!(s, 201);
        let dups = p["possible_duplicates"].as_array().expect("duplicates flagged");
        assert_eq!(dups[0]["name"], "Muhammad Asif");
        assert!(!dups[0]["explanation"].as_str().unwrap().is_empty());
        // Search: Latin spelling and Urdu script; never victims; never outside the jurisdiction.
        let (s, hits) = io.post("/api/v1/persons/search", json!({"name": "Mohammad Asif", "father_name": "Ghulam Rasool"})).await;
        assert_eq!(s, 200);
        let names: Vec<&str> = hits.as_array().unwrap().iter().map(|h| h["name"].as_str().unwrap()).collect();
        assert!(names.contains(&"Muhammad Asif") && names.contains(&"Mohd Asif"), "{names:?}");
        assert!(!hits.to_string().contains("Victim"), "victims are not found by name: {hits}");
        let (_, hits) = io.post("/api/v1/persons/search", json!({"name": "محمد آصف", "father_name": "غلام رسول"})).await;
        assert!(!hits.as_array().unwrap().is_empty(), "Urdu script finds the Latin spelling");
        let (_, hits) = app.api("io.gujranwala").await.post("/api/v1/persons/search", json!({"name": "Muhammad Asif"})).await;
        assert_eq!(hits, json!([]));
        assert_eq!(app.api("analyst").await.post("/api/v1/persons/search", json!({"name": "Asif"})).await.0, 403);
        app.stop().await;
    }

    async fn only_administrators_create_accounts(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.browser("io.lahore").await;
        assert_eq!(io.get(app.url("/admin/users")).send().await.unwrap().status(), 403);
        let admin = app.browser("admin").await;
        let page = admin.get(app.url("/admin/users")).send().await.unwrap().text().await.unwrap();
        let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let form = |pw: &'static str| vec![
            ("csrf", csrf.clone()), ("username", "io.sialkot".into()), ("display_name", "Test Sialkot".into()),
            ("password", pw.into()), ("jurisdiction", "district:SKT".into()), ("roles", "investigating_officer".into()),
        ];
        let r = admin.post(app.url("/admin/users")).form(&form("short")).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("at least 12 characters"));
        let r = admin.post(app.url("/admin/users")).form(&form("a-long-enough-password")).send().await.unwrap();
        assert_eq!(r.status(), 303);
        // An officer cannot create accounts even with a valid token for their own session.
        let io_page = io.get(app.url("/cases")).send().await.unwrap().text().await.unwrap();
        let io_csrf = io_page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let mut f = form("another-long-password");
        f[0].1 = io_csrf;
        f[1].1 = "io.mallory".into();
        assert_eq!(io.post(app.url("/admin/users")).form(&f).send().await.unwrap().status(), 403);
        let r = reqwest::Client::new().post(app.url("/api/v1/auth/login")).json(&json!({"username": "io.sialkot", "password": "a-long-enough-password"})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let r = reqwest::Client::new().post(app.url("/api/v1/auth/login")).json(&json!({"username": "io.mallory", "password": "another-long-password"})).send().await.unwrap();
        assert_eq!(r.status(), 401);
        app.stop().await;
    }

    async fn sign_in_is_required_throttled_and_tokens_expire_with_logout(engine: Engine) {
        let app = TestApp::start(engine).await;
        let c = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        assert_eq!(c.get(app.url("/api/v1/cases")).send().await.unwrap().status(), 401);
        assert_eq!(c.get(app.url("/api/v1/cases")).bearer_auth("made-up").send().await.unwrap().status(), 401);
        let r = c.get(app.url("/cases")).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert!(r.headers()["location"].to_str().unwrap().starts_with("/login"));
        assert_eq!(c.get(app.url("/healthz")).send().await.unwrap().status(), 200);
        // A web session cookie is HttpOnly and SameSite=Strict.
        let r = c.post(app.url("/login")).form(&[("username", "io.lahore"), ("password", PASSWORD)]).send().await.unwrap();
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        for _ in 0..5 {
            let r = c.post(app.url("/api/v1/auth/login")).json(&json!({"username": "analyst", "password": "wrong"})).send().await.unwrap();
            assert_eq!(r.status(), 401);
        }
        let r = c.post(app.url("/api/v1/auth/login")).json(&json!({"username": "analyst", "password": PASSWORD})).send().await.unwrap();
        assert_eq!(r.status(), 429);
        app.stop().await;
    }
}

#[tokio::test]
async fn the_openapi_document_lists_the_api() {
    let app = TestApp::start(Engine::Sqlite).await;
    let doc: Value = reqwest::get(app.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut paths: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(p, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| format!("{} {p}", m.to_uppercase()))
        })
        .collect();
    paths.sort();
    insta::assert_json_snapshot!("openapi_paths", paths);
    assert!(doc["components"]["schemas"]["NewCase"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    app.stop().await;
}
