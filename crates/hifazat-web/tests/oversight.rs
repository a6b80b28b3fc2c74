//! The oversight pages through the real server, on SQLite and PostgreSQL: a prosecutor reads
//! only the cases before the court and changes nothing; an officer's start page counts their
//! own cases; hearings are counted in full, not by counting a capped list; the audit trail's
//! own filter works with empty fields and pages with a true total.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use chrono::{Duration, Utc};
use common::*;
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::admin::users::NewUser;
use hifazat_store::both_engines;
use serde_json::json;

/// A Lahore case registered by `io.lahore` and moved to `to` through the stages before it.
async fn case_at(app: &TestApp, to: &str) -> i64 {
    let io = app.api("io.lahore").await;
    let sup = app.api("supervisor.punjab").await;
    let (s, c) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
    assert_eq!(s, 201, "{c}");
    let id = c["id"].as_i64().unwrap();
    let path = [
        (
            "fir_registered",
            json!({"to": "fir_registered", "fir_number": "12/2026", "fir_date": "2026-01-05"}),
        ),
        ("under_investigation", json!({"to": "under_investigation"})),
        (
            "challan_submitted",
            json!({"to": "challan_submitted", "remark": "Challan put in court"}),
        ),
        (
            "under_trial",
            json!({"to": "under_trial", "remark": "Charge framed"}),
        ),
    ];
    for (stage, body) in path {
        let (s, t) = sup
            .post(&format!("/api/v1/cases/{id}/transitions"), body)
            .await;
        assert_eq!(s, 200, "{stage}: {t}");
        if stage == to {
            break;
        }
    }
    id
}

both_engines! {
    async fn a_prosecutor_reads_and_records_the_trial_of_only_the_cases_before_the_court(engine: Engine) {
        let app = TestApp::start(engine).await;
        add_prosecutor(&app).await;
        let early = case_at(&app, "under_investigation").await;
        let court = case_at(&app, "challan_submitted").await;
        let p = app.api("prosecutor.lahore").await;
        let (s, list) = p.get("/api/v1/cases").await;
        assert_eq!(s, 200, "{list}");
        assert_eq!(list["total"], 1, "{list}");
        assert_eq!(list["items"][0]["id"], court);
        assert_eq!(p.get(&format!("/api/v1/cases/{court}")).await.0, 200);
        assert_eq!(p.get(&format!("/api/v1/cases/{early}")).await.0, 404);
        let (s, _) = p
            .post(&format!("/api/v1/cases/{court}/hearings"), json!({"hearing_date": "2026-12-01", "court": "X"}))
            .await;
        assert_eq!(s, 201, "a prosecutor records the hearings of a case before the court");
        let (s, _) = p
            .post(&format!("/api/v1/cases/{early}/hearings"), json!({"hearing_date": "2026-12-01", "court": "X"}))
            .await;
        assert_eq!(s, 404, "but not of a case still under investigation");
        let (s, _) = p
            .post(&format!("/api/v1/cases/{court}/transitions"), json!({"to": "under_trial", "remark": "x"}))
            .await;
        assert_eq!(s, 403, "nor moves its stage");
        let (s, _) = p.post("/api/v1/cases", trafficking_case("LHR")).await;
        assert_eq!(s, 403);
        let (s, _) = p.post("/api/v1/persons/search", json!({"name": "Synthetic"})).await;
        assert_eq!(s, 403, "a prosecutor does not search the person index");

        // The web: the start page is theirs, not an empty one.
        let web = app.browser("prosecutor.lahore").await;
        let r = web.get(app.url("/")).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/work");
        let (s, body) = page(&web, app.url("/work")).await;
        assert_eq!(s, 200);
        assert!(body.contains("Open cases before the court"), "{body}");
        assert!(body.contains(&format!("/cases/{court}")) && !body.contains(&format!("/cases/{early}\"")), "{body}");
        app.stop().await;
    }

    async fn an_officers_start_page_counts_their_own_cases_and_every_hearing(engine: Engine) {
        let app = TestApp::start(engine).await;
        let mine = case_at(&app, "under_investigation").await;
        // A case of the same district registered by someone else is not "mine".
        let sup = app.api("supervisor.punjab").await;
        let (s, _) = sup.post("/api/v1/cases", trafficking_case("LHR")).await;
        assert_eq!(s, 201);
        // 105 hearings in the next 30 days: more than the page lists.
        let io = app.api("io.lahore").await;
        let today = Utc::now().date_naive();
        for i in 0..105 {
            let d = today + Duration::days(1 + i % 28);
            let (s, h) = io
                .post(&format!("/api/v1/cases/{mine}/hearings"), json!({"hearing_date": d.to_string(), "court": format!("Court {i}")}))
                .await;
            assert_eq!(s, 201, "{h}");
        }
        let (s, m) = sup.get("/api/v1/monitoring").await;
        assert_eq!(s, 200, "{m}");
        assert_eq!(m["hearings_count"], 105, "counted in full");
        assert_eq!(m["upcoming_hearings"].as_array().unwrap().len(), 100, "listed up to 100");
        let (s, m) = io.get("/api/v1/monitoring?mine=true").await;
        assert_eq!(s, 200);
        assert_eq!(m["total"], 1, "{m}");

        let web = app.browser("io.lahore").await;
        let r = web.get(app.url("/")).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/work");
        let (s, body) = page(&web, app.url("/work")).await;
        assert_eq!(s, 200);
        assert!(body.contains("id=\"open-count\">1<"), "one open case of mine: {body}");
        assert!(body.contains("id=\"hearings-count\">105<"), "{body}");
        assert!(body.contains("The first 10 of 105 are shown."), "{body}");
        assert!(body.contains("id=\"no-fir-count\">0<"), "{body}");
        // In Urdu, with Urdu digits.
        web.get(app.url("/language?to=ur&back=/work")).send().await.unwrap();
        let (_, body) = page(&web, app.url("/work")).await;
        assert!(body.contains("id=\"hearings-count\">۱۰۵<") && body.contains("میرا کام"), "{body}");
        app.stop().await;
    }

    async fn the_audit_trail_filters_with_empty_fields_and_pages_with_a_true_total(engine: Engine) {
        let app = TestApp::start(engine).await;
        let id = case_at(&app, "under_investigation").await;
        let io = app.api("io.lahore").await;
        for _ in 0..60 {
            assert_eq!(io.get(&format!("/api/v1/cases/{id}")).await.0, 200);
        }
        let web = app.browser("auditor").await;
        // The form as a browser sends it: every field, empty.
        let (s, body) = page(&web, app.url("/audit?username=&action=&case=")).await;
        assert_eq!(s, 200, "{body}");
        let (s, p2) = page(&web, app.url("/audit?username=&action=view&case=&page=2")).await;
        assert_eq!(s, 200);
        let first_id = |b: &str| -> i64 {
            b.split("<td data-label=\"#\">").nth(1).unwrap().split('<').next().unwrap().replace(',', "").parse().unwrap()
        };
        let (_, p1) = page(&web, app.url("/audit?action=view")).await;
        assert!(first_id(&p2) < first_id(&p1), "page 2 goes on where page 1 stops");
        assert!(p1.contains("Showing 1–50 of 6"), "a true total: {p1}");
        assert!(p1.contains("href=\"/audit?action=view&#38;page=2\""), "the next page keeps the filter: {p1}");
        // By case reference, not internal id.
        let (_, c) = io.get(&format!("/api/v1/cases/{id}")).await;
        let reference = c["reference"].as_str().unwrap();
        let (s, by_case) = page(&web, app.url(&format!("/audit?case={}", reference.to_lowercase()))).await;
        assert_eq!(s, 200);
        assert!(by_case.contains(&format!(">{reference}</a>")), "{by_case}");
        assert!(!by_case.contains(">login<"), "{by_case}");
        // An action that does not exist is "any", not an error.
        assert_eq!(page(&web, app.url("/audit?action=nonsense&page=x")).await.0, 200);
        app.stop().await;
    }

    async fn accounts_page_with_a_true_total_and_a_new_account_is_confirmed(engine: Engine) {
        let app = TestApp::start(engine).await;
        for i in 0..55 {
            app.store
                .admin(&hifazat_store::Ctx::system("test")).unwrap().create_user(NewUser {
                        username: format!("staff.{i:02}"),
                        display_name: format!("Staff {i}"),
                        password: PASSWORD.into(),
                        agency_id: None,
                        jurisdiction: Jurisdiction::District("LHR".into()),
                        roles: vec![UserRole::Analyst],
                    },
                )
                .await
                .unwrap();
        }
        let web = app.browser("admin").await;
        let (s, p1) = page(&web, app.url("/admin/users?q=staff")).await;
        assert_eq!(s, 200);
        assert!(p1.contains("55 accounts") && p1.contains("Showing 1–50 of 55"), "{p1}");
        assert!(p1.contains("href=\"/admin/users?q=staff&#38;page=2\""), "{p1}");
        let (_, p2) = page(&web, app.url("/admin/users?q=staff&page=2")).await;
        assert!(p2.contains("staff.54") && !p2.contains("staff.00<"), "{p2}");
        // An empty form: 422, the error summary links to the login field, nothing written.
        let csrf = csrf_of(&p1);
        let r = web
            .post(app.url("/admin/users"))
            .form(&[("csrf", csrf.as_str()), ("username", ""), ("display_name", ""), ("password", ""), ("jurisdiction", "national")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains("class=\"error-summary\"") && body.contains("href=\"#f-username\""), "{body}");
        let before = app.store.users().await.unwrap().len();
        let r = web
            .post(app.url("/admin/users"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", "prosecutor.multan"),
                ("display_name", "Prosecutor Multan"),
                ("password", "monsoon ledger brass 88"),
                ("jurisdiction", "district:LHR"),
                ("roles", "prosecutor"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(app.store.users().await.unwrap().len(), before + 1);
        let (_, done) = page(&web, app.url(&to)).await;
        assert!(done.contains("Account prosecutor.multan created.") && done.contains("Prosecutor Multan"), "{done}");
        app.stop().await;
    }

    async fn a_supervisor_assigns_a_case_which_then_is_the_officers_work(engine: Engine) {
        let app = TestApp::start(engine).await;
        app.store
            .admin(&hifazat_store::Ctx::system("test")).unwrap().create_user(NewUser {
                    username: "io2.lahore".into(),
                    display_name: "Second Officer".into(),
                    password: PASSWORD.into(),
                    agency_id: None,
                    jurisdiction: Jurisdiction::District("LHR".into()),
                    roles: vec![UserRole::InvestigatingOfficer],
                },
            )
            .await
            .unwrap();
        let sup = app.api("supervisor.punjab").await;
        let io = app.api("io.lahore").await;
        let (s, c) = sup.post("/api/v1/cases", trafficking_case("LHR")).await;
        assert_eq!(s, 201);
        let id = c["id"].as_i64().unwrap();
        let (_, detail) = io.get(&format!("/api/v1/cases/{id}")).await;
        assert_eq!(detail["investigating_officer"], json!(null), "a supervisor's case has no officer yet");
        assert_eq!(io.get("/api/v1/cases?mine=true").await.1["total"], 0);

        let path = format!("/api/v1/cases/{id}/assignment");
        // An officer does not assign; an officer of another district cannot be named.
        assert_eq!(io.post(&path, json!({"investigating_officer": "io.lahore"})).await.0, 403);
        let (s, e) = sup.post(&path, json!({"investigating_officer": "io.gujranwala"})).await;
        assert_eq!(s, 422, "{e}");
        assert!(e["fields"]["investigating_officer"].is_array(), "{e}");
        let (s, e) = sup.post(&path, json!({"investigating_officer": "io.lahore", "supervisor": "supervisor.punjab"})).await;
        assert_eq!(s, 204, "{e}");
        let (_, detail) = io.get(&format!("/api/v1/cases/{id}")).await;
        assert_eq!(detail["investigating_officer"]["username"], "io.lahore");
        assert_eq!(detail["supervisor"]["username"], "supervisor.punjab");
        assert_eq!(io.get("/api/v1/cases?mine=true").await.1["total"], 1, "now it is theirs");

        // Passing it to another officer needs a reason, which the audit trail keeps.
        let (s, e) = sup.post(&path, json!({"investigating_officer": "io2.lahore", "supervisor": "supervisor.punjab"})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["reason"].is_array(), "{e}");
        let (s, _) = sup.post(&path, json!({"investigating_officer": "io2.lahore", "supervisor": "supervisor.punjab", "reason": "Inspector on leave for a month"})).await;
        assert_eq!(s, 204);
        assert_eq!(io.get("/api/v1/cases?mine=true").await.1["total"], 0);
        let (_, audit) = app.api("auditor").await.get(&format!("/api/v1/audit?case_id={id}&action=update")).await;
        let detail = audit["items"][0]["detail"].as_str().unwrap().to_owned();
        assert!(detail.contains("io.lahore -> io2.lahore") && detail.contains("Inspector on leave"), "{detail}");

        // The page: the supervisor has the form, with the officers of the district; the officer has not.
        let web = app.browser("supervisor.punjab").await;
        let (_, body) = page(&web, app.url(&format!("/cases/{id}"))).await;
        assert!(body.contains("action=\"/cases/{id}/assignment\"".replace("{id}", &id.to_string()).as_str()), "{body}");
        assert!(body.contains("value=\"io.lahore\"") && !body.contains("value=\"io.gujranwala\""), "{body}");
        let csrf = csrf_of(&body);
        let r = web
            .post(app.url(&format!("/cases/{id}/assignment")))
            .form(&[("csrf", csrf.as_str()), ("investigating_officer", "io.lahore"), ("supervisor", "supervisor.punjab"), ("reason", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains("href=\"#f-reason\"") && body.contains("Enter why the case changes hands"), "{body}");
        let officer = app.browser("io.lahore").await;
        let (_, body) = page(&officer, app.url(&format!("/cases/{id}"))).await;
        assert!(body.contains("Second Officer") && !body.contains("/assignment\""), "{body}");
        app.stop().await;
    }
}
