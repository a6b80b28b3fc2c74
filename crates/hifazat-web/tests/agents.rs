//! Recruitment agents (issue 11, item 4) through the real server, on SQLite and PostgreSQL:
//! the register imported by the emigration authority (a bad row reported by line, the good
//! rows kept), the public licence look-up answering the licence and nothing else, the scope of
//! linked cases, who may import and act on a licence, and the pages' forms with their error
//! summary and confirmation.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::admin::users::NewUser;
use hifazat_store::both_engines;
use serde_json::{json, Value};

const REGISTER: &str = "licence_number,name,status,issued_on,expires_on,districts,address\n\
    OEP 3814/RWP,Al-Noor Overseas Employment Promoters,valid,2024-01-10,2030-01-09,RWP;ISB,\"Office 4, Saddar\"\n\
    OEP 0001/LHR,,valid,,,LHR,\n\
    OEP 2210/GRW,Bright Future Manpower,suspended,2023-05-01,2029-04-30,GRW;Gujrat,\n";

async fn emigration_account(app: &TestApp) {
    app.store
        .admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .create_user(NewUser {
            username: "emigration".into(),
            display_name: "Test emigration".into(),
            password: PASSWORD.into(),
            agency_id: None,
            jurisdiction: Jurisdiction::National,
            roles: vec![UserRole::EmigrationOfficer],
        })
        .await
        .unwrap();
}

/// POSTs a CSV body with `token`: status and JSON.
async fn post_csv(app: &TestApp, token: &str, path: &str, body: &str) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

/// A Lahore case with a victim, linked to a new unlicensed agent: (agent id, case reference).
async fn linked_agent(app: &TestApp) -> (i64, String) {
    let io = app.api("io.lahore").await;
    let (s, c) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
    assert_eq!(s, 201, "{c}");
    let id = c["id"].as_i64().unwrap();
    let reference = c["reference"].as_str().unwrap().to_owned();
    let (s, v) = io
        .post(
            &format!("/api/v1/cases/{id}/persons"),
            victim("Amina Syntheticbibi", "35202-1234567-2"),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let (s, a) = io
        .post(
            "/api/v1/agents",
            json!({"name": "Jabbar Syntheticagent", "aliases": ["Jabbar Dubai wala"], "phones": ["0300-7654321"], "district": "LHR"}),
        )
        .await;
    assert_eq!(s, 201, "{a}");
    let agent = a["id"].as_i64().unwrap();
    let (s, l) = io
        .post(
            &format!("/api/v1/agents/{agent}/cases"),
            json!({"case_reference": reference, "note": "Took PKR 400,000 for a visa"}),
        )
        .await;
    assert_eq!(s, 204, "{l}");
    (agent, reference)
}

both_engines! {
    async fn the_register_is_imported_with_bad_rows_reported_and_good_rows_kept(engine: Engine) {
        let app = TestApp::start(engine).await;
        emigration_account(&app).await;
        let token = app.token("emigration").await;
        let (s, r) = post_csv(&app, &token, "/api/v1/agents/import", REGISTER).await;
        assert_eq!(s, 200, "{r}");
        assert_eq!((r["rows"].as_i64(), r["created"].as_i64(), r["rejected"].as_i64()), (Some(3), Some(2), Some(1)));
        assert_eq!(r["errors"][0]["line"], 3);
        assert_eq!(r["errors"][0]["field"], "name");
        let em = app.api("emigration").await;
        let (s, list) = em.get("/api/v1/agents?kind=promoter").await;
        assert_eq!(s, 200, "{list}");
        assert_eq!(list["total"], 2);
        let (_, suspended) = em.get("/api/v1/agents?status=suspended").await;
        assert_eq!(suspended["items"][0]["name"], "Bright Future Manpower");
        // An unusable file: 422 on `csv`.
        let (s, e) = post_csv(&app, &token, "/api/v1/agents/import", "name,colour\nA,red\n").await;
        assert_eq!(s, 422, "{e}");
        assert!(e["fields"]["csv"].is_array(), "{e}");

        // The page: the report by line, the text kept to correct it.
        let web = app.browser("emigration").await;
        let (s, form) = page(&web, app.url("/agents/import")).await;
        assert_eq!(s, 200);
        let r = web
            .post(app.url("/agents/import"))
            .form(&[("csrf", csrf_of(&form).as_str()), ("csv", REGISTER)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert_eq!(rows(&html, "import-errors"), 1);
        assert!(html.contains("Enter the promoter&#39;s name"), "{html}");
        assert!(html.contains("OEP 0001/LHR"), "the refused text is kept");
        // Again in Urdu: the report's messages are translated.
        let r = web
            .post(app.url("/agents/import"))
            .header("accept-language", "ur")
            .form(&[("csrf", csrf_of(&form).as_str()), ("csv", REGISTER)])
            .send()
            .await
            .unwrap();
        let html = r.text().await.unwrap();
        assert!(html.contains("پروموٹر کا نام درج کریں"), "{html}");
        app.stop().await;
    }

    async fn the_public_look_up_answers_only_the_licence(engine: Engine) {
        let app = TestApp::start(engine).await;
        emigration_account(&app).await;
        let token = app.token("emigration").await;
        post_csv(&app, &token, "/api/v1/agents/import", REGISTER).await;
        let (_, reference) = linked_agent(&app).await;
        // Link the promoter to the case too: the look-up must still not tell.
        let em = app.api("emigration").await;
        let (_, list) = em.get("/api/v1/agents?q=3814").await;
        let promoter = list["items"][0]["id"].as_i64().unwrap();
        let (s, _) = app.api("io.lahore").await.post(&format!("/api/v1/agents/{promoter}/cases"), json!({"case_reference": reference})).await;
        assert_eq!(s, 204);

        let anon = reqwest::Client::new();
        let get = |q: &str| anon.get(app.url("/api/v1/public/licence")).query(&[("q", q)]).send();
        let r = get("oep-3814/rwp").await.unwrap();
        assert_eq!(r.status(), 200);
        let text = r.text().await.unwrap();
        let a: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(a["licensed"], true);
        assert_eq!(a["matches"][0]["status"], "valid");
        assert_eq!(a["matches"][0]["districts"], json!(["RWP", "ISB"]));
        let keys: Vec<&String> = a["matches"][0].as_object().unwrap().keys().collect();
        assert_eq!(keys, vec!["districts", "expires_on", "licence_number", "name", "status"]);
        assert!(!text.contains(&reference) && !text.contains("Syntheticagent") && !text.contains("victim"), "{text}");
        // Name searches never reach an unlicensed agent: "not licensed".
        for q in ["Jabbar Syntheticagent", "Dubai wala", "0300-7654321", &reference] {
            let text = get(q).await.unwrap().text().await.unwrap();
            let a: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(a["licensed"], false, "{q}: {text}");
            assert!(!text.contains("Syntheticagent") || q.contains("Syntheticagent"), "{text}");
            assert!(!text.contains(&reference) || q == reference, "{text}");
        }
        let a: Value = get("bright future").await.unwrap().json().await.unwrap();
        assert_eq!(a["matches"][0]["status"], "suspended");

        // The portal's page says the same, and no more.
        let page_of = |q: &str| anon.get(app.url("/public/agents")).query(&[("q", q)]).send();
        let r = page_of("OEP 3814/RWP").await.unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(html.contains("Al-Noor Overseas Employment Promoters") && html.contains("status-valid"), "{html}");
        assert!(html.contains("Rawalpindi (RWP)"));
        assert!(html.len() < 100_000 && !html.contains("<script"));
        for q in ["Jabbar Syntheticagent", reference.as_str()] {
            let html = page_of(q).await.unwrap().text().await.unwrap();
            assert!(html.contains("id=\"not-licensed\""), "{q}");
            let answer = html.split("id=\"answer\"").nth(1).unwrap();
            assert!(!answer.contains("Bright Future") && !answer.contains("Al-Noor"), "{answer}");
        }
        // Only the query itself is echoed: the agent's other names, phones and cases never.
        let html = page_of("Jabbar").await.unwrap().text().await.unwrap();
        assert!(!html.contains("Dubai wala") && !html.contains("7654321") && !html.contains(&reference));
        let r = page_of("ab").await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("href=\"#f-q\""));
        let r = anon.get(app.url("/public/agents")).header("accept-language", "ur").query(&[("q", "Bright Future")]).send().await.unwrap();
        let html = r.text().await.unwrap();
        assert!(html.contains("معطل") && html.contains("lang=\"ur\""), "{html}");

        // Every path of the area documents 400, and 401 where a token is needed.
        let doc: Value = anon.get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
        let mut seen = 0;
        for (path, ops) in doc["paths"].as_object().unwrap() {
            if !(path.starts_with("/api/v1/agents") || path == "/api/v1/public/licence") {
                continue;
            }
            for (method, op) in ops.as_object().unwrap() {
                seen += 1;
                let r = &op["responses"];
                assert!(r["400"].is_object(), "{method} {path}");
                assert_eq!(r["401"].is_object(), !path.starts_with("/api/v1/public"), "{method} {path}");
            }
        }
        assert_eq!(seen, 9);
        app.stop().await;
    }

    async fn the_public_look_up_is_rate_limited_per_address(engine: Engine) {
        let app = TestApp::start_with(engine, |mut s| {
            s.public.lookups_per_hour = 3;
            s
        })
        .await;
        let anon = reqwest::Client::new();
        // The form alone costs nothing.
        for _ in 0..5 {
            assert_eq!(anon.get(app.url("/public/agents")).send().await.unwrap().status(), 200);
        }
        // The page and the JSON share one allowance.
        for path in ["/public/agents", "/api/v1/public/licence", "/public/agents"] {
            let r = anon.get(app.url(path)).query(&[("q", "Al-Noor")]).send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
        }
        for path in ["/public/agents", "/api/v1/public/licence"] {
            let r = anon.get(app.url(path)).query(&[("q", "Al-Noor")]).send().await.unwrap();
            assert_eq!(r.status(), 429, "{path}");
        }
        app.stop().await;
    }

    async fn a_linked_case_outside_the_readers_jurisdiction_is_counted_not_shown(engine: Engine) {
        let app = TestApp::start(engine).await;
        let (agent, reference) = linked_agent(&app).await;
        let (s, a) = app.api("io.lahore").await.get(&format!("/api/v1/agents/{agent}")).await;
        assert_eq!(s, 200, "{a}");
        assert_eq!(a["cases"][0]["reference"], reference.as_str());
        assert_eq!((a["cases_total"].as_i64(), a["victims_linked"].as_i64()), (Some(1), Some(1)));
        assert_eq!(a["complaints"], json!([]));

        let grw = app.api("io.gujranwala").await;
        let (s, a) = grw.get(&format!("/api/v1/agents/{agent}")).await;
        assert_eq!(s, 200);
        assert_eq!(a["cases"], json!([]));
        assert_eq!((a["cases_total"].as_i64(), a["victims_linked"].as_i64()), (Some(1), Some(1)));
        assert!(!a.to_string().contains(&reference));
        let web = app.browser("io.gujranwala").await;
        let (s, html) = page(&web, app.url(&format!("/agents/{agent}"))).await;
        assert_eq!(s, 200);
        assert!(!html.contains(&reference), "the reference leaks");
        assert!(html.contains("id=\"cases-hidden\""));
        // Gujranwala cannot link the Lahore case either (same answer as no case).
        let (s, e) = grw.post(&format!("/api/v1/agents/{agent}/cases"), json!({"case_reference": reference})).await;
        assert_eq!(s, 422, "{e}");
        // The list counts it for everyone.
        let (_, list) = grw.get("/api/v1/agents?q=dubai").await;
        assert_eq!((list["total"].as_i64(), list["items"][0]["cases"].as_i64()), (Some(1), Some(1)));
        app.stop().await;
    }

    async fn an_investigating_officer_neither_imports_nor_acts_on_a_licence(engine: Engine) {
        let app = TestApp::start(engine).await;
        emigration_account(&app).await;
        let em_token = app.token("emigration").await;
        post_csv(&app, &em_token, "/api/v1/agents/import", REGISTER).await;
        let em = app.api("emigration").await;
        let (_, list) = em.get("/api/v1/agents?q=al-noor").await;
        let promoter = list["items"][0]["id"].as_i64().unwrap();
        let action = json!({"kind": "suspension", "taken_on": "2026-01-05", "reason": "Visa fraud complaints"});

        let io = app.api("io.lahore").await;
        let (s, _) = post_csv(&app, &io.token, "/api/v1/agents/import", REGISTER).await;
        assert_eq!(s, 403);
        assert_eq!(io.post(&format!("/api/v1/agents/{promoter}/actions"), action.clone()).await.0, 403);
        assert_eq!(io.post("/api/v1/agents/promoters", json!({"licence_number": "OEP 1/LHR", "name": "X", "status": "valid", "districts": ["LHR"]})).await.0, 403);
        let web = app.browser("io.lahore").await;
        assert_eq!(page(&web, app.url("/agents/import")).await.0, 403);
        let (s, html) = page(&web, app.url(&format!("/agents/{promoter}"))).await;
        assert_eq!(s, 200);
        assert!(!html.contains("id=\"action-form\""), "no action form for an officer");
        let r = web.post(app.url(&format!("/agents/{promoter}/actions")))
            .form(&[("csrf", csrf_of(&html).as_str()), ("kind", "suspension"), ("taken_on-day", "5"), ("taken_on-month", "1"), ("taken_on-year", "2026"), ("reason", "x")])
            .send().await.unwrap();
        assert_eq!(r.status(), 403);
        // The analyst does not see the register at all.
        assert_eq!(app.api("analyst").await.get("/api/v1/agents").await.0, 403);

        // The emigration authority acts, through the page: errors first, then the confirmation.
        let web = app.browser("emigration").await;
        let (_, html) = page(&web, app.url(&format!("/agents/{promoter}"))).await;
        let csrf = csrf_of(&html);
        let r = web.post(app.url(&format!("/agents/{promoter}/actions")))
            .form(&[("csrf", csrf.as_str()), ("kind", ""), ("reason", "")])
            .send().await.unwrap();
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("href=\"#f-action_kind\"") && html.contains("href=\"#f-taken_on\""), "{html}");
        let r = web.post(app.url(&format!("/agents/{promoter}/actions")))
            .form(&[("csrf", csrf.as_str()), ("kind", "suspension"), ("taken_on-day", "5"), ("taken_on-month", "1"), ("taken_on-year", "2026"), ("reason", "")])
            .send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("href=\"#f-reason\""));
        let r = web.post(app.url(&format!("/agents/{promoter}/actions")))
            .form(&[("csrf", csrf.as_str()), ("kind", "suspension"), ("taken_on-day", "5"), ("taken_on-month", "1"), ("taken_on-year", "2026"), ("reason", "Visa fraud complaints"), ("order_reference", "BE&OE/2026/17")])
            .send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        let (_, html) = page(&web, app.url(&to)).await;
        assert!(html.contains("id=\"done\""), "{html}");
        assert_eq!(rows(&html, "action-list"), 1);
        let (_, a) = em.get(&format!("/api/v1/agents/{promoter}")).await;
        assert_eq!(a["status"], "suspended");
        assert_eq!(a["acted_on"]["suspension"], true);
        // The navigation names the register for the authority and for officers.
        assert!(html.contains("href=\"/agents\""));
        app.stop().await;
    }

    async fn officers_add_agents_and_link_cases_through_the_pages(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let (_, c) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        let reference = c["reference"].as_str().unwrap().to_owned();
        let case_id = c["id"].as_i64().unwrap();
        let mut accused = victim("Jabbar Syntheticagent", "35202-7654321-3");
        accused["role"] = json!("accused");
        accused["sex"] = json!("male");
        let (s, p) = io.post(&format!("/api/v1/cases/{case_id}/persons"), accused).await;
        assert_eq!(s, 201, "{p}");
        let web = app.browser("io.lahore").await;
        let (s, form) = page(&web, app.url("/agents/new")).await;
        assert_eq!(s, 200);
        let csrf = csrf_of(&form);
        let r = web.post(app.url("/agents")).form(&[("csrf", csrf.as_str()), ("name", " "), ("phones", "call me")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("href=\"#f-name\"") && html.contains("href=\"#f-phones\""), "{html}");
        let r = web.post(app.url("/agents"))
            .form(&[("csrf", csrf.as_str()), ("name", "Jabbar Syntheticagent"), ("aliases", "Jabbar Dubai wala"), ("phones", "0300-7654321\n0321 1112223"), ("district", "LHR")])
            .send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        let agent: i64 = to.trim_start_matches("/agents/").split('?').next().unwrap().parse().unwrap();
        let (_, html) = page(&web, app.url(&to)).await;
        assert!(html.contains("id=\"done\"") && html.contains("+923211112223"));
        let r = web.post(app.url(&format!("/agents/{agent}/cases"))).form(&[("csrf", csrf.as_str()), ("case_reference", "")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("href=\"#f-case_reference\""));
        let r = web.post(app.url(&format!("/agents/{agent}/cases"))).form(&[("csrf", csrf.as_str()), ("case_reference", reference.as_str()), ("note", "Recruiter")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, html) = page(&web, app.url(&format!("/agents/{agent}"))).await;
        assert_eq!(rows(&html, "case-list"), 1);
        assert!(html.contains(&reference));
        // The case's page names the agent.
        let (_, case_page) = page(&web, app.url(&format!("/cases/{case_id}"))).await;
        let line = case_page.split("id=\"case-agents\"").nth(1).unwrap().split("</p>").next().unwrap();
        assert!(line.contains(&format!("/agents/{agent}")) && line.contains("Jabbar Syntheticagent") && line.contains("Not licensed"), "{line}");
        // The accused of the linked case may now be linked.
        let uid = p["person_uid"].as_str().unwrap();
        assert!(html.contains(&format!("value=\"{uid}\"")), "{html}");
        let r = web.post(app.url(&format!("/agents/{agent}/persons"))).form(&[("csrf", csrf.as_str()), ("person_uid", uid)]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, html) = page(&web, app.url(&format!("/agents/{agent}?done=person"))).await;
        assert_eq!(rows(&html, "person-list"), 1);
        assert_eq!(rows(&html, "complaint-list"), 0);
        // The list finds the agent by phone, with its counts.
        let (s, html) = page(&web, app.url("/agents?q=0321+1112223")).await;
        assert_eq!(s, 200);
        assert_eq!(rows(&html, "agents"), 1);
        app.stop().await;
    }
}
