//! Watchlists and border screening through the real HTTP server, on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::admin::users::NewUser;
use hifazat_store::both_engines;
use serde_json::json;

both_engines! {
    async fn a_red_book_entry_is_found_across_spellings_and_decided_at_the_counter(engine: Engine) {
        let app = TestApp::start(engine).await;
        app.store.admin(&hifazat_store::Ctx::system("test")).unwrap().create_user(NewUser { username: "immigration.lahore".into(), display_name: "Immigration".into(), password: PASSWORD.into(), agency_id: None, jurisdiction: Jurisdiction::National, roles: vec![UserRole::ImmigrationOfficer] }).await.unwrap();
        let national = app.api("national").await;
        let (s, e) = national.post("/api/v1/watchlist", json!({"list": "red_book", "full_name": "Muhammad Asif", "father_name": "Ghulam Rasool", "date_of_birth": "1980", "cnic": "35202-1234567-1", "zone": "Gujranwala", "reference": "RB-12-017"})).await;
        assert_eq!(s, 201, "{e}");
        let entry = e["id"].as_i64().unwrap();
        let (s, e) = national.post("/api/v1/watchlist", json!({"list": "blacklist_cnic", "cnic": "12345"})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["cnic"].is_array());
        let imm = app.api("immigration.lahore").await;
        assert_eq!(imm.post("/api/v1/watchlist", json!({"list": "red_book", "full_name": "X"})).await.0, 403, "immigration does not edit the Red Book");
        assert_eq!(app.api("io.lahore").await.post("/api/v1/screen", json!({"full_name": "X"})).await.0, 403);
        assert_eq!(app.api("io.lahore").await.get("/api/v1/watchlist").await.0, 200);
        assert_eq!(app.api("analyst").await.get("/api/v1/watchlist").await.0, 403);

        // Another spelling, CNIC typed without dashes: an alert with its explanation.
        let (s, r) = imm.post("/api/v1/screen", json!({"id": "PK-303/12", "full_name": "Mohd Asif", "father_name": "Ghulam Rasool", "cnic": "3520212345671", "exit_point": "Allama Iqbal International Airport, Lahore"})).await;
        assert_eq!(s, 200, "{r}");
        let alerts = r["alerts"].as_array().unwrap();
        assert_eq!(alerts.len(), 1, "{r}");
        assert_eq!(alerts[0]["entry"]["id"], entry);
        assert!(alerts[0]["score"].as_f64().unwrap() >= 0.8);
        assert!(!alerts[0]["explanation"].as_str().unwrap().is_empty());
        // Urdu script.
        let (_, r) = imm.post("/api/v1/screen", json!({"full_name": "محمد آصف", "father_name": "غلام رسول", "date_of_birth": "1980"})).await;
        assert_eq!(r["alerts"].as_array().unwrap().len(), 1, "Urdu script matches: {r}");
        // Someone else passes.
        let (_, r) = imm.post("/api/v1/screen", json!({"full_name": "Bilal Ahmed", "father_name": "Naseer Ahmed", "cnic": "35202-7777777-1"})).await;
        assert_eq!(r["alerts"], json!([]));
        assert_eq!(imm.post("/api/v1/screen", json!({"full_name": " "})).await.0, 422);

        // A list: bad rows reported by line, good rows screened.
        let csv = "id,full_name,father_name,date_of_birth,cnic,passport,nationality\n1,Bilal Ahmed,,,,,PK\n2,Asif Muhammad,Ghulam Rasool,1980,,,PK\n3,Zahid Khan,,,35202-12,,PK\n";
        let c = reqwest::Client::new();
        let r = c.post(app.url("/api/v1/screen/batch?source=PK-303")).bearer_auth(&imm.token).header("content-type", "text/csv").body(csv).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let rep: serde_json::Value = r.json().await.unwrap();
        assert_eq!((rep["rows"].as_i64(), rep["screened"].as_i64()), (Some(3), Some(2)), "{rep}");
        assert!(rep["rejected"][0].as_str().unwrap().starts_with("line 4 (id 3)"), "{rep}");
        assert_eq!(rep["alerts"], 1);

        // Decisions are kept; a decided alert stays decided.
        let (_, page) = imm.get("/api/v1/alerts?status=pending").await;
        assert_eq!(page["total"], 3, "{page}");
        let queue = &page["items"];
        assert_eq!(queue.as_array().unwrap().len(), 3, "{queue}");
        // The queue pages with its true total.
        let (_, p1) = imm.get("/api/v1/alerts?status=pending&per_page=2").await;
        let (_, p2) = imm.get("/api/v1/alerts?status=pending&per_page=2&page=2").await;
        assert_eq!((p1["total"].clone(), p2["total"].clone()), (json!(3), json!(3)));
        assert_eq!(p1["items"].as_array().unwrap().len(), 2);
        assert_eq!(p2["items"].as_array().unwrap().len(), 1);
        assert_eq!(p2["items"][0]["id"], queue[2]["id"], "page 2 goes on where page 1 stops");
        let first = queue[0]["id"].as_i64().unwrap();
        assert_eq!(imm.post(&format!("/api/v1/alerts/{first}/decision"), json!({"decision": "true_match", "note": "CNIC and father's name checked"})).await.0, 204);
        assert_eq!(imm.post(&format!("/api/v1/alerts/{first}/decision"), json!({"decision": "false_alarm"})).await.0, 422);
        let (_, stats) = imm.get("/api/v1/alerts/stats").await;
        assert_eq!((stats["true_match"].as_i64(), stats["pending"].as_i64()), (Some(1), Some(2)));

        // Removed from the list: no longer alerts (and the entry is kept).
        assert_eq!(national.post(&format!("/api/v1/watchlist/{entry}/remove"), json!({})).await.0, 204);
        let (_, r) = imm.post("/api/v1/screen", json!({"full_name": "Mohd Asif", "father_name": "Ghulam Rasool", "cnic": "3520212345671"})).await;
        assert_eq!(r["alerts"], json!([]));
        app.stop().await;
    }

    async fn the_alert_queue_pages_with_a_true_total_and_a_decision_leads_to_the_next_alert(engine: Engine) {
        let app = TestApp::start(engine).await;
        app.store.admin(&hifazat_store::Ctx::system("test")).unwrap().create_user(NewUser { username: "immigration.lahore".into(), display_name: "Immigration".into(), password: PASSWORD.into(), agency_id: None, jurisdiction: Jurisdiction::National, roles: vec![UserRole::ImmigrationOfficer] }).await.unwrap();
        let national = app.api("national").await;
        let mut entries = Vec::new();
        for i in 0..30 {
            let (s, e) = national.post("/api/v1/watchlist", json!({"list": "blacklist_cnic", "cnic": format!("35202-77{i:03}00-1")})).await;
            assert_eq!(s, 201, "{e}");
            entries.push(e["id"].as_i64().unwrap());
        }
        // The watchlist pages with its true total and keeps its filter.
        let nat = app.browser("national").await;
        let page = nat.get(app.url("/watchlist?list=blacklist_cnic")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("30 active entries") && page.contains("Showing 1–25 of 30"), "{page}");
        assert!(page.contains("href=\"/watchlist?list=blacklist_cnic&#38;page=2\""), "the next page keeps the filter");
        let page = nat.get(app.url("/watchlist?list=blacklist_cnic&page=2")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Showing 26–30 of 30"), "{page}");

        // A list of 30 travellers raises 30 alerts: the queue counts them all, 25 a page.
        let imm = app.browser("immigration.lahore").await;
        let home = imm.get(app.url("/screening")).send().await.unwrap().text().await.unwrap();
        let csrf = home.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let mut csv = String::from("id,full_name,father_name,date_of_birth,cnic,passport,nationality\n");
        for i in 0..30 {
            csv.push_str(&format!("{i},,,,3520277{i:03}001,,PK\n"));
        }
        let r = imm.post(app.url("/screening")).form(&[("csrf", csrf.as_str()), ("form", "list"), ("source", "PK-303"), ("csv", csv.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let page = r.text().await.unwrap();
        assert!(page.contains("30 of 30 persons screened.") && page.contains("30 alerts were sent to the queue."), "{page}");
        let queue = imm.get(app.url("/alerts")).send().await.unwrap().text().await.unwrap();
        assert!(queue.contains("30 alerts") && queue.contains("Showing 1–25 of 30"), "{queue}");
        assert!(queue.contains("href=\"/alerts?status=pending&#38;page=2\""), "{queue}");
        assert!(queue.contains("Strong match"), "score bands in words");
        let ids: Vec<i64> = queue.split("id=\"alert-").skip(1).filter_map(|x| x.split('"').next().unwrap().parse().ok()).collect();
        assert_eq!(ids.len(), 25);
        // Deciding the newest leads to the next one, saying what was recorded.
        let r = imm.post(app.url(&format!("/alerts/{}/decision", ids[0]))).form(&[("csrf", csrf.as_str()), ("decision", "true_match"), ("note", "NADRA record checked")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.ends_with(&format!("#alert-{}", ids[1])) && to.contains(&format!("decided={}", ids[0])), "{to}");
        let page = imm.get(app.url(&to)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Recorded: True match: the listed person.") && page.contains("NADRA record checked"), "{page}");
        assert!(page.contains("29 alerts"), "{page}");
        // Deciding it again is refused with an error summary.
        let r = imm.post(app.url(&format!("/alerts/{}/decision", ids[0]))).form(&[("csrf", csrf.as_str()), ("decision", "false_alarm")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("This alert has already been decided"));
        let home = imm.get(app.url("/screening")).send().await.unwrap().text().await.unwrap();
        assert!(home.contains("alerts await a decision") && home.contains(">29<"), "the start page counts pending alerts");

        // A form with a mistake: an error summary linking to the field, what was typed kept.
        let r = imm.post(app.url("/screening")).form(&[("csrf", csrf.as_str()), ("full_name", "Mohd Asif"), ("cnic", "123"), ("date_of_birth-day", "4"), ("date_of_birth-year", "1980"), ("nationality", "Atlantis")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        for f in ["cnic", "date_of_birth", "nationality"] {
            assert!(page.contains(&format!("href=\"#f-{f}\"")), "{f}: {page}");
        }
        assert!(page.contains("value=\"Mohd Asif\""));
        // A partial date of birth and a country by name are accepted.
        let r = imm.post(app.url("/screening")).form(&[("csrf", csrf.as_str()), ("full_name", "Bilal Synthetic"), ("date_of_birth-month", "7"), ("date_of_birth-year", "1980"), ("nationality", "Pakistan")]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("No match on the watchlists."));
        // In Urdu.
        let page = imm.get(app.url("/alerts")).header("accept-language", "ur").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("lang=\"ur\"") && page.contains("الرٹس کی قطار"), "{page}");

        // Removing an entry asks first, then says what was removed.
        let page = nat.get(app.url(&format!("/watchlist/{}/remove", entries[0]))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Remove this entry from screening?"), "{page}");
        let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let r = nat.post(app.url(&format!("/watchlist/{}/remove", entries[0]))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        let page = nat.get(app.url(&to)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("was removed from the Blacklisted CNIC") && page.contains("29 active entries"), "{page}");
        app.stop().await;
    }

    async fn an_entry_is_reviewed_on_its_page_and_an_alert_says_why_the_accused_is_listed(engine: Engine) {
        let app = TestApp::start(engine).await;
        app.store.admin(&hifazat_store::Ctx::system("test")).unwrap().create_user(NewUser { username: "immigration.lahore".into(), display_name: "Immigration".into(), password: PASSWORD.into(), agency_id: None, jurisdiction: Jurisdiction::National, roles: vec![UserRole::ImmigrationOfficer] }).await.unwrap();
        let io = app.api("io.lahore").await;
        let (_, c) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        let id = c["id"].as_i64().unwrap();
        let (s, a) = io.post(&format!("/api/v1/cases/{id}/persons"), json!({"role": "accused", "name": "Synthetic Kilnowner", "father_name": "Synthetic Father", "sex": "male", "age": 52, "cnic": "35202-7654321-3", "accused_status": "at_large"})).await;
        assert_eq!(s, 201, "{a}");
        let person = a["id"].as_i64().unwrap();
        let (s, _) = io.post(&format!("/api/v1/cases/{id}/persons/{person}/status"), json!({"status": "on_bail", "remark": "Bail order of the Sessions Court Lahore, passport not surrendered"})).await;
        assert_eq!(s, 204);
        let sup = app.api("supervisor.punjab").await;
        let (s, e) = sup.post(&format!("/api/v1/cases/{id}/persons/{person}/exit"), json!({})).await;
        assert_eq!(s, 201, "{e}");
        let entry = e["id"].as_i64().unwrap();
        let (_, detail) = sup.get(&format!("/api/v1/watchlist/{entry}")).await;
        assert!(detail["entry"]["review_on"].is_string() && detail["entry"]["expires_on"].is_null(), "{detail}");

        // At the counter: the alert says why the person is listed, in JSON and on the page.
        let imm = app.api("immigration.lahore").await;
        let (_, r) = imm.post("/api/v1/screen", json!({"full_name": "Synthetic Kilnowner", "cnic": "3520276543213"})).await;
        let from = &r["alerts"][0]["entry"]["from_case"];
        assert_eq!(from["accused_status"], "on_bail", "{r}");
        let reference = from["reference"].as_str().unwrap().to_owned();
        assert!(from["order"].as_str().unwrap().contains("Sessions Court Lahore"), "{r}");
        let (_, q) = page(&app.browser("immigration.lahore").await, app.url("/alerts")).await;
        assert!(q.contains("Why listed") && q.contains("Accused in case") && q.contains(&reference), "{q}");
        assert!(q.contains("On bail") && q.contains("Bail order of the Sessions Court Lahore"), "{q}");

        // The entry's page: its dates and the review form; a review without what it needs is
        // refused with an error summary, then recorded with a confirmation and its history.
        let web = app.browser("supervisor.punjab").await;
        let (s, p) = page(&web, app.url(&format!("/watchlist/{entry}"))).await;
        assert_eq!(s, 200);
        assert!(p.contains("Review this entry") && p.contains("Not set: listed until removed") && p.contains("Not reviewed yet."), "{p}");
        let csrf = csrf_of(&p);
        let r = web.post(app.url(&format!("/watchlist/{entry}/review"))).form(&[("csrf", csrf.as_str()), ("decision", "extend"), ("expires_on-day", "31"), ("expires_on-month", "2"), ("expires_on-year", "2031")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let p = r.text().await.unwrap();
        for f in ["next_review_on", "expires_on", "reason"] {
            assert!(p.contains(&format!("href=\"#f-{f}\"")), "{f}: {p}");
        }
        assert!(p.contains("Enter a real date") && p.contains("Enter the reason for the decision"), "{p}");
        use chrono::Datelike;
        let next = app.store.today() + chrono::Duration::days(30);
        let (d, m, y) = (next.day().to_string(), next.month().to_string(), next.year().to_string());
        let r = web.post(app.url(&format!("/watchlist/{entry}/review"))).form(&[("csrf", csrf.as_str()), ("decision", "keep"), ("next_review_on-day", d.as_str()), ("next_review_on-month", m.as_str()), ("next_review_on-year", y.as_str()), ("reason", "Bail continues; hearing adjourned")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, p) = page(&web, app.url(r.headers()["location"].to_str().unwrap())).await;
        assert!(p.contains("Review recorded: the entry stays on the list") && p.contains("Bail continues; hearing adjourned"), "{p}");
        assert_eq!(rows(&p, "review-history"), 1);

        // Through the API: extended, then the history and the due-for-review filter.
        let later = |days: i64| (app.store.today() + chrono::Duration::days(days)).to_string();
        let (s, e) = sup.post(&format!("/api/v1/watchlist/{entry}/review"), json!({"decision": "extend", "next_review_on": later(60), "expires_on": later(400), "reason": "Trial continues"})).await;
        assert_eq!(s, 204, "{e}");
        assert_eq!(sup.post(&format!("/api/v1/watchlist/{entry}/review"), json!({"decision": "keep"})).await.0, 422);
        assert_eq!(imm.post(&format!("/api/v1/watchlist/{entry}/review"), json!({"decision": "remove", "reason": "x"})).await.0, 403);
        let (_, detail) = sup.get(&format!("/api/v1/watchlist/{entry}")).await;
        assert_eq!(detail["reviews"].as_array().unwrap().len(), 2, "{detail}");
        assert_eq!(detail["entry"]["expires_on"], json!(later(400)));
        let (_, due) = sup.get("/api/v1/watchlist?due=true").await;
        assert_eq!(due["total"], 0, "{due}");
        let (_, w) = page(&web, app.url("/watchlist?due=1")).await;
        assert!(w.contains("0 entries are due for review"), "{w}");
        app.stop().await;
    }
}
