//! The front door (issue 11) through the real server, on SQLite and PostgreSQL: the public
//! portal (small pages without scripts, a report with its reference and secret, a follow-up
//! that reveals nothing of any other report, one use per form, limits per address), the same in
//! the JSON API, and the staff side (a helpline call in immediate danger escalated to the
//! district's duty officer, the queue per district, triage, an inquiry opened from a report).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::both_engines;
use serde_json::{json, Value};

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The token and the answer of a report form (English page: "what is 3 plus 4?").
fn form_check(page: &str) -> (String, String) {
    let token = page
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let q = page.split("what is ").nth(1).unwrap();
    let mut it = q.split(['?', ' ']).filter(|w| !w.is_empty());
    let a: u32 = it.next().unwrap().parse().unwrap();
    assert_eq!(it.next(), Some("plus"));
    let b: u32 = it.next().unwrap().parse().unwrap();
    (token, (a + b).to_string())
}

fn between<'a>(page: &'a str, id: &str) -> &'a str {
    page.split(&format!("id=\"{id}\">"))
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
}

/// Sends a report through the portal's form: the status and the page.
async fn send_report(app: &TestApp, fields: &[(&str, &str)]) -> (u16, String) {
    let c = client();
    let (_, form) = page(&c, app.url("/public/report")).await;
    let (token, answer) = form_check(&form);
    let mut body: Vec<(&str, &str)> = vec![("token", &token), ("answer", &answer)];
    body.extend_from_slice(fields);
    let r = c
        .post(app.url("/public/report"))
        .form(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

both_engines! {
    async fn the_portal_is_small_needs_no_script_and_reveals_no_other_report(engine: Engine) {
        let app = TestApp::start_with(engine, |mut s| {
            s.public.reports_per_hour = 50;
            s
        })
        .await;
        let c = client();
        let css = c.get(app.url("/static/public.css")).send().await.unwrap().text().await.unwrap();
        assert!(!css.contains("@font-face"), "no web font on the portal");
        for (path, lang) in [("/public", "en"), ("/public", "ur"), ("/public/report", "ur"), ("/public/follow-up", "ur")] {
            let r = c.get(app.url(path)).header("Accept-Language", lang).send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
            let html = r.text().await.unwrap();
            assert!(!html.contains("<script"), "{path}: no script");
            assert!(html.len() + css.len() < 100 * 1024, "{path}: {} bytes with its style sheet", html.len() + css.len());
            if lang == "ur" {
                assert!(html.contains("lang=\"ur\" dir=\"rtl\""), "{path}");
            }
        }
        // An anonymous report in immediate danger.
        let (s, a) = send_report(&app, &[("what_happened", "Synthetic: a boy is kept at a kiln and beaten."), ("district", "LHR"), ("in_danger", "yes"), ("indicators", "physical_abuse")]).await;
        assert_eq!(s, 200, "{a}");
        let (ref_a, secret_a) = (between(&a, "reference").to_owned(), between(&a, "secret").to_owned());
        assert!(ref_a.starts_with("R-"));
        let (s, b) = send_report(&app, &[("what_happened", "Synthetic: an agent in Gujrat takes money for Greece."), ("name", "Synthetic Reporter"), ("phone", "0300 7654321"), ("callback", "yes"), ("woman_officer", "yes")]).await;
        assert_eq!(s, 200, "{b}");
        let (ref_b, secret_b) = (between(&b, "reference").to_owned(), between(&b, "secret").to_owned());
        assert_ne!(ref_a, ref_b);
        assert!(!b.contains(&ref_a) && !b.contains("kiln"), "a receipt shows only its own report");
        // Follow-up with A's pair: A's status, nothing of B; with B's secret: nothing at all.
        let r = c.post(app.url("/public/follow-up")).form(&[("reference", ref_a.as_str()), ("secret", secret_a.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let f = r.text().await.unwrap();
        assert!(f.contains(&ref_a) && f.contains("id=\"report-status\""));
        assert!(!f.contains(&ref_b) && !f.contains("kiln"), "not even its own words are shown back");
        let r = c.post(app.url("/public/follow-up")).form(&[("reference", ref_a.as_str()), ("secret", secret_b.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let f = r.text().await.unwrap();
        assert!(f.contains("No report matches this reference and secret") && !f.contains("report-status"));
        // Adding to one's report.
        let r = c.post(app.url("/public/follow-up/add")).form(&[("reference", ref_a.as_str()), ("secret", secret_a.as_str()), ("text", "Synthetic: they moved him last night.")]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("id=\"done\""));
        // A form is good once; a wrong answer and an empty report are refused with messages.
        let (_, form) = page(&c, app.url("/public/report")).await;
        let (token, answer) = form_check(&form);
        let wrong = (answer.parse::<u32>().unwrap() + 1).to_string();
        let body = |ans: &str| vec![("token", token.clone()), ("answer", ans.to_owned()), ("what_happened", "Synthetic: again.".to_owned())];
        let r = c.post(app.url("/public/report")).form(&body(&wrong)).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("The answer is not right"));
        let r = c.post(app.url("/public/report")).form(&body(&answer)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let r = c.post(app.url("/public/report")).form(&body(&answer)).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("This form was already sent"));
        let (s, e) = send_report(&app, &[("what_happened", "  ")]).await;
        assert_eq!(s, 422);
        assert!(e.contains("href=\"#f-what_happened\""), "the error summary links to the field");
        // The staff see the report in Lahore's queue; nothing became a case.
        let sup = app.api("supervisor.punjab").await;
        let (s, q) = sup.get("/api/v1/intake?district=LHR").await;
        assert_eq!(s, 200, "{q}");
        assert_eq!(q["total"], 1);
        assert_eq!(q["items"][0]["reference"], ref_a.as_str());
        assert_eq!(q["items"][0]["urgency"], "immediate");
        let (_, cases) = sup.get("/api/v1/cases").await;
        assert_eq!(cases["total"], 0);
        app.stop().await;
    }

    async fn the_portal_limits_each_address(engine: Engine) {
        let app = TestApp::start_with(engine, |mut s| {
            s.public.reports_per_hour = 2;
            s.public.follow_ups_per_hour = 3;
            s
        })
        .await;
        for i in 0..2 {
            let (s, p) = send_report(&app, &[("what_happened", "Synthetic: a report.")]).await;
            assert_eq!(s, 200, "report {i}: {p}");
        }
        let (s, p) = send_report(&app, &[("what_happened", "Synthetic: a third report.")]).await;
        assert_eq!(s, 429);
        assert!(p.contains("Too many requests"));
        // The API counts against the same allowance.
        let c = client();
        let form: Value = c.get(app.url("/api/v1/public/form")).send().await.unwrap().json().await.unwrap();
        let r = c.post(app.url("/api/v1/public/reports")).json(&json!({"what_happened": "Synthetic", "token": form["token"], "answer": "1"})).send().await.unwrap();
        assert_eq!(r.status(), 429);
        // Guessing secrets is limited too.
        for _ in 0..3 {
            let r = c.post(app.url("/api/v1/public/reports/status")).json(&json!({"reference": "R-0000-0000-0000-0000", "secret": "x"})).send().await.unwrap();
            assert_eq!(r.status(), 404);
        }
        let r = c.post(app.url("/api/v1/public/reports/status")).json(&json!({"reference": "R-0000-0000-0000-0000", "secret": "x"})).send().await.unwrap();
        assert_eq!(r.status(), 429);
        app.stop().await;
    }

    async fn the_public_api_takes_a_report_and_answers_its_reporter_only(engine: Engine) {
        let app = TestApp::start(engine).await;
        let c = client();
        let send = |form: Value, body: Value| {
            let c = c.clone();
            let url = app.url("/api/v1/public/reports");
            async move {
                let q = form["question"].as_str().unwrap().to_owned();
                let n: Vec<u32> = q.split(|ch: char| !ch.is_ascii_digit()).filter_map(|w| w.parse().ok()).collect();
                let mut body = body;
                body["token"] = form["token"].clone();
                body["answer"] = json!((n[0] + n[1]).to_string());
                let r = c.post(url).json(&body).send().await.unwrap();
                (r.status().as_u16(), r.json::<Value>().await.unwrap())
            }
        };
        let form: Value = c.get(app.url("/api/v1/public/form")).send().await.unwrap().json().await.unwrap();
        let (s, bad) = send(form, json!({"what_happened": ""})).await;
        assert_eq!(s, 422);
        assert!(bad["fields"]["what_happened"].is_array());
        let form: Value = c.get(app.url("/api/v1/public/form")).send().await.unwrap().json().await.unwrap();
        let (s, a) = send(form, json!({"what_happened": "Synthetic: girls kept in a flat in Clifton.", "district": "KHS", "woman_officer": true})).await;
        assert_eq!(s, 201, "{a}");
        let r = c.post(app.url("/api/v1/public/reports/status")).json(&json!({"reference": a["reference"], "secret": a["secret"]})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["status"], "received");
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["additions", "received_at", "reference", "status"], "nothing else is answered");
        let r = c.post(app.url("/api/v1/public/reports/additions")).json(&json!({"reference": a["reference"], "secret": "WRONG", "text": "more"})).send().await.unwrap();
        assert_eq!(r.status(), 404);
        // Sindh's supervisor sees it, with the woman officer asked for; Punjab's does not.
        let sindh = app.api("supervisor.sindh").await;
        let (_, q) = sindh.get("/api/v1/intake").await;
        assert_eq!(q["total"], 1);
        assert_eq!(q["items"][0]["woman_officer"], true);
        let id = q["items"][0]["id"].as_i64().unwrap();
        let (s, _) = app.api("supervisor.punjab").await.get(&format!("/api/v1/intake/{id}")).await;
        assert_eq!(s, 404);
        let (s, item) = sindh.get(&format!("/api/v1/intake/{id}")).await;
        assert_eq!(s, 200);
        assert!(item["narrative"].as_str().unwrap().contains("Clifton"));
        let (s, _) = app.api("analyst").await.get("/api/v1/intake").await;
        assert_eq!(s, 403);
        app.stop().await;
    }

    async fn a_call_in_danger_reaches_the_duty_officer_and_becomes_an_inquiry(engine: Engine) {
        let app = TestApp::start(engine).await;
        add_account(&app, "helpline.op", UserRole::HelplineOperator, Jurisdiction::National).await;
        // The supervisor names Lahore's duty officer on the queue page.
        let sup = app.browser("supervisor.punjab").await;
        let (s, q) = page(&sup, app.url("/intake")).await;
        assert_eq!(s, 200, "{q}");
        assert!(q.contains("id=\"duty\""));
        let r = sup.post(app.url("/intake/duty")).form(&[("csrf", csrf_of(&q).as_str()), ("district", "LHR"), ("username", "io.gujranwala")]).send().await.unwrap();
        assert_eq!(r.status(), 422, "an officer of another district");
        assert!(r.text().await.unwrap().contains("href=\"#f-username\""));
        let r = sup.post(app.url("/intake/duty")).form(&[("csrf", csrf_of(&q).as_str()), ("district", "LHR"), ("username", "io.lahore")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        // The operator records a call: the form refuses immediate danger without a district.
        let op = app.browser("helpline.op").await;
        let (s, home) = page(&op, app.url("/")).await;
        assert_eq!(s, 303, "{home}");
        let (s, f) = page(&op, app.url("/intake/new")).await;
        assert_eq!(s, 200);
        let csrf = csrf_of(&f);
        let mut call = vec![("csrf", csrf.as_str()), ("channel", "call"), ("language", "punjabi"), ("caller_kind", "family"), ("urgency", "immediate"), ("situation", "Synthetic: her daughter is locked in a house in Model Town and beaten."), ("indicators", "restricted_movement"), ("woman_officer", "yes")];
        let r = op.post(app.url("/intake")).form(&call).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("href=\"#f-district\""));
        call.push(("district", "LHR"));
        let r = op.post(app.url("/intake")).form(&call).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.contains("done=escalated"), "{to}");
        let id: i64 = to.trim_start_matches("/intake/").split('?').next().unwrap().parse().unwrap();
        let (_, item) = page(&op, app.url(&to)).await;
        assert!(item.contains("io.lahore") && item.contains("Model Town"));
        // The duty officer sees it on My work and acknowledges it.
        let io = app.browser("io.lahore").await;
        let (_, work) = page(&io, app.url("/work")).await;
        assert!(work.contains("id=\"intake-alerts\"") && work.contains(&format!("/intake/{id}")), "{work}");
        let (s, item) = page(&io, app.url(&format!("/intake/{id}"))).await;
        assert_eq!(s, 200);
        assert!(item.contains("id=\"acknowledge\"") && !item.contains("id=\"triage-form\""), "the duty officer does not triage");
        let r = io.post(app.url(&format!("/intake/{id}/acknowledgement"))).form(&[("csrf", csrf_of(&item).as_str()), ("text", "Raid team with a woman constable on the way")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, work) = page(&io, app.url("/work")).await;
        assert!(!work.contains("id=\"intake-alerts\""));
        // Gujranwala's officer cannot open it; Sindh's supervisor neither.
        let (s, _) = page(&app.browser("io.gujranwala").await, app.url(&format!("/intake/{id}"))).await;
        assert_eq!(s, 404);
        let (s, _) = page(&app.browser("supervisor.sindh").await, app.url(&format!("/intake/{id}"))).await;
        assert_eq!(s, 404);
        // The supervisor opens an inquiry: the case form comes prefilled…
        let (s, item) = page(&sup, app.url(&format!("/intake/{id}"))).await;
        assert_eq!(s, 200);
        assert!(item.contains("id=\"inquiry-form\""));
        let (s, form) = page(&sup, app.url(&format!("/cases/new?from_report={id}&classification=possible_tip"))).await;
        assert_eq!(s, 200, "{form}");
        assert!(form.contains("id=\"from-report\"") && form.contains(&format!("name=\"intake_id\" value=\"{id}\"")));
        assert!(form.contains("value=\"LHR\" selected") || form.contains("value=\"LHR\"selected"), "the district comes from the report");
        // …and the API opens it in one step (a bad case leaves the report untriaged).
        let api = app.api("supervisor.punjab").await;
        let mut case = trafficking_case("LHR");
        case["district"] = json!("XXX");
        let (s, _) = api.post(&format!("/api/v1/intake/{id}/inquiry"), json!({"classification": "possible_tip", "case": case})).await;
        assert_eq!(s, 422);
        let (_, it) = api.get(&format!("/api/v1/intake/{id}")).await;
        assert_eq!(it["status"], "new");
        let (s, c) = api.post(&format!("/api/v1/intake/{id}/inquiry"), json!({"classification": "possible_tip", "case": trafficking_case("LHR")})).await;
        assert_eq!(s, 201, "{c}");
        let case_id = c["id"].as_i64().unwrap();
        let (_, it) = api.get(&format!("/api/v1/intake/{id}")).await;
        assert_eq!((it["status"].as_str(), it["triage_action"].as_str()), (Some("triaged"), Some("open_inquiry")));
        // The district's officer sees the inquiry among the district's cases.
        let (_, cs) = app.api("io.lahore").await.get("/api/v1/cases").await;
        let found = cs["items"].as_array().unwrap().iter().find(|c| c["id"] == case_id).cloned().unwrap();
        assert_eq!(found["stage"], "inquiry");
        // The dashboard and the monitoring page count it.
        let (s, d) = page(&sup, app.url("/intake/dashboard")).await;
        assert_eq!(s, 200);
        assert_eq!(rows(&d, "by-channel"), 1);
        let (_, dash) = api.get("/api/v1/intake/dashboard?days=7").await;
        assert_eq!(dash["response"][0]["acted_on"], 1, "{dash}");
        // The showings of what the caller said are in the audit trail.
        let (_, audit) = app.api("auditor").await.get("/api/v1/audit?entity=intake_item").await;
        assert!(audit["total"].as_i64().unwrap() >= 3, "{audit}");
        app.stop().await;
    }
}
