//! Watchlists and border screening through the real HTTP server, on SQLite and PostgreSQL.

mod common;

use common::*;
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::both_engines;
use hifazat_store::users::NewUser;
use serde_json::json;

both_engines! {
    async fn a_red_book_entry_is_found_across_spellings_and_decided_at_the_counter(engine: Engine) {
        let app = TestApp::start(engine).await;
        app.store.create_user("test", NewUser { username: "immigration.lahore".into(), display_name: "Immigration".into(), password: PASSWORD.into(), agency_id: None, jurisdiction: Jurisdiction::National, roles: vec![UserRole::ImmigrationOfficer] }).await.unwrap();
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
        let (_, queue) = imm.get("/api/v1/alerts?status=pending").await;
        assert_eq!(queue.as_array().unwrap().len(), 3, "{queue}");
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
}
