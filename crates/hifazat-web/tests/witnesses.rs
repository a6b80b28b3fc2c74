//! Victims and witnesses at trial (issue 10, item 5) through the real server, on SQLite and
//! PostgreSQL: the page's forms with their error summary and confirmation, the JSON API, the
//! threat alert on the Punjab supervisor's "My work" page and on the Lahore protection
//! officer's protection page (not on Sindh's), acknowledged with the action taken.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::both_engines;
use serde_json::json;

async fn account(app: &TestApp, username: &str, role: UserRole, district: &str) {
    add_account(app, username, role, Jurisdiction::District(district.into())).await
}

/// A Lahore case under trial with a victim and a witness: its id, the victim's and the
/// witness's ids in the case, and the victim's code.
async fn case_under_trial(app: &TestApp) -> (i64, i64, i64, String) {
    let io = app.api("io.lahore").await;
    let sup = app.api("supervisor.punjab").await;
    let (s, c) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
    assert_eq!(s, 201, "{c}");
    let id = c["id"].as_i64().unwrap();
    let (s, v) = io
        .post(
            &format!("/api/v1/cases/{id}/persons"),
            victim("Amina Syntheticbibi", "35202-1234567-2"),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let (s, w) = io
        .post(
            &format!("/api/v1/cases/{id}/persons"),
            json!({"role": "witness", "name": "Karim Syntheticwitness", "sex": "male", "age": 50}),
        )
        .await;
    assert_eq!(s, 201, "{w}");
    for body in [
        json!({"to": "fir_registered", "fir_number": "12/2026", "fir_date": "2026-01-05"}),
        json!({"to": "under_investigation"}),
        json!({"to": "challan_submitted", "remark": "Challan put in court"}),
        json!({"to": "under_trial", "remark": "Charge framed"}),
    ] {
        let (s, t) = sup
            .post(&format!("/api/v1/cases/{id}/transitions"), body)
            .await;
        assert_eq!(s, 200, "{t}");
    }
    (
        id,
        v["id"].as_i64().unwrap(),
        w["id"].as_i64().unwrap(),
        v["victim_code"].as_str().unwrap().to_owned(),
    )
}

both_engines! {
    async fn the_trial_page_records_testimony_measures_and_threats_with_its_messages(engine: Engine) {
        let app = TestApp::start(engine).await;
        let (id, victim_id, witness_id, code) = case_under_trial(&app).await;
        let web = app.browser("io.lahore").await;
        let (s, case_page) = page(&web, app.url(&format!("/cases/{id}"))).await;
        assert_eq!(s, 200);
        assert!(case_page.contains(&format!("href=\"/cases/{id}/witnesses\"")), "the case page links to the trial page");
        let url = app.url(&format!("/cases/{id}/witnesses"));
        let (s, p) = page(&web, url.clone()).await;
        assert_eq!(s, 200, "{p}");
        assert!(p.contains("Victims and witnesses at trial") && p.contains(&code) && !p.contains("Amina"), "victims by code only");
        assert!(p.contains("Karim Syntheticwitness"));
        let csrf = csrf_of(&p);
        let post = |path: String, form: Vec<(&'static str, String)>| {
            let web = web.clone();
            let url = app.url(&path);
            async move {
                let r = web.post(url).form(&form).send().await.unwrap();
                let status = r.status().as_u16();
                let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
                (status, location, r.text().await.unwrap())
            }
        };

        // An empty testimony form: the summary links to each field of that form.
        let (s, _, body) = post(format!("/cases/{id}/witnesses/testimonies"), vec![("csrf", csrf.clone())]).await;
        assert_eq!(s, 422);
        for f in ["#f-testimony_person", "#f-testified_on", "#f-mode"] {
            assert!(body.contains(&format!("href=\"{f}\"")), "{f}: {body}");
        }
        assert!(body.contains("Enter the date of the testimony"));
        // Filled in: recorded, with its confirmation.
        let (s, to, _) = post(format!("/cases/{id}/witnesses/testimonies"), vec![
            ("csrf", csrf.clone()), ("case_person_id", victim_id.to_string()), ("mode", "video_link".into()),
            ("testified_on-day", "5".into()), ("testified_on-month", "1".into()), ("testified_on-year", "2026".into()),
        ]).await;
        assert_eq!(s, 303);
        let (_, p) = page(&web, app.url(&to.unwrap())).await;
        assert!(p.contains("Testimony recorded.") && p.contains("By video link") && p.contains("5 Jan 2026"), "{p}");

        // A measure asked for, then refused without a reason (refused), then granted.
        let (s, _, _) = post(format!("/cases/{id}/witnesses/measures"), vec![
            ("csrf", csrf.clone()), ("case_person_id", witness_id.to_string()), ("measure", "screen".into()),
            ("requested_by", "prosecution".into()),
            ("requested_on-day", "6".into()), ("requested_on-month", "1".into()), ("requested_on-year", "2026".into()),
        ]).await;
        assert_eq!(s, 303);
        let (s, w) = app.api("io.lahore").await.get(&format!("/api/v1/cases/{id}/witnesses")).await;
        assert_eq!(s, 200, "{w}");
        let m = w["measures"][0]["id"].as_i64().unwrap();
        let decision = |outcome: &str, remark: &str| vec![
            ("csrf", csrf.clone()), ("outcome", outcome.to_owned()), ("remark", remark.to_owned()),
            ("decided_on-day", "7".into()), ("decided_on-month", "1".into()), ("decided_on-year", "2026".into()),
        ];
        let (s, _, body) = post(format!("/cases/{id}/witnesses/measures/{m}/decision"), decision("refused", "")).await;
        assert_eq!(s, 422);
        assert!(body.contains(&format!("href=\"#f-decision_remark-{m}\"")) && body.contains("Enter why the court refused the measure"), "{body}");
        let (s, to, _) = post(format!("/cases/{id}/witnesses/measures/{m}/decision"), decision("granted", "Screen for the witness")).await;
        assert_eq!(s, 303);
        let (_, p) = page(&web, app.url(&to.unwrap())).await;
        assert!(p.contains("decision is recorded.") && p.contains("Granted"), "{p}");

        // A threat: without a description refused; then reported, an alert for Punjab's supervisor.
        let threat = |description: &str| vec![
            ("csrf", csrf.clone()), ("case_person_id", victim_id.to_string()), ("kind", "threat".into()),
            ("from_whom", "accused_family".into()), ("description", description.to_owned()),
            ("reported_on-day", "8".into()), ("reported_on-month", "1".into()), ("reported_on-year", "2026".into()),
        ];
        let (s, _, body) = post(format!("/cases/{id}/witnesses/threats"), threat(" ")).await;
        assert_eq!(s, 422);
        assert!(body.contains("href=\"#f-description\"") && body.contains("Enter what happened"));
        let (s, to, _) = post(format!("/cases/{id}/witnesses/threats"), threat("Synthetic uncle of the accused called twice at night")).await;
        assert_eq!(s, 303);
        let (_, p) = page(&web, app.url(&to.unwrap())).await;
        assert!(p.contains("Threat reported.") && p.contains("Synthetic uncle of the accused"), "{p}");

        let punjab = app.browser("supervisor.punjab").await;
        let (_, work) = page(&punjab, app.url("/work")).await;
        assert!(work.contains("id=\"threat-alerts\"") && work.contains("1 threat reported waits for action") && work.contains(&code), "{work}");
        let sindh = app.browser("supervisor.sindh").await;
        let (_, work) = page(&sindh, app.url("/work")).await;
        assert!(!work.contains("threat-alerts"));
        // Acknowledging needs the action taken; then the alert clears.
        let (_, threats) = page(&punjab, app.url("/threats")).await;
        assert!(threats.contains("Synthetic uncle of the accused"));
        let t = app.api("supervisor.punjab").await.get("/api/v1/threats").await.1[0]["id"].as_i64().unwrap();
        let sup_csrf = csrf_of(&threats);
        let r = punjab.post(app.url(&format!("/threats/{t}/acknowledgement"))).form(&[("csrf", sup_csrf.as_str()), ("action_taken", "")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains(&format!("href=\"#f-action_taken-{t}\"")) && body.contains("Enter the action taken"), "{body}");
        let r = punjab.post(app.url(&format!("/threats/{t}/acknowledgement"))).form(&[("csrf", sup_csrf.as_str()), ("action_taken", "Police guard posted")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, threats) = page(&punjab, app.url("/threats?done=acknowledged")).await;
        assert!(threats.contains("Acknowledged. The alert is cleared") && threats.contains("No threat waits for action."));
        let (_, work) = page(&punjab, app.url("/work")).await;
        assert!(!work.contains("threat-alerts"));
        let (_, p) = page(&web, url.clone()).await;
        assert!(p.contains("Police guard posted"));

        // Consent to registration, per victim, from the page.
        let (s, to, _) = post(format!("/cases/{id}/witnesses/consent/{victim_id}"), vec![("csrf", csrf.clone()), ("consent", "given".into())]).await;
        assert_eq!(s, 303);
        let (_, p) = page(&web, app.url(&to.unwrap())).await;
        assert!(p.contains("answer is recorded.") && p.contains("Consent given"));
        // In Urdu too.
        let (_, ur) = page(&web, app.url(&format!("/language?to=ur&back=/cases/{id}/witnesses"))).await;
        let _ = ur;
        let (_, ur) = page(&web, url).await;
        assert!(ur.contains("سماعت میں متاثرین اور گواہ"), "Urdu page");
        app.stop().await;
    }

    async fn the_api_records_the_trial_and_raises_and_clears_threat_alerts(engine: Engine) {
        let app = TestApp::start(engine).await;
        account(&app, "prosecutor.lahore", UserRole::Prosecutor, "LHR").await;
        account(&app, "protection.lahore", UserRole::ProtectionOfficer, "LHR").await;
        account(&app, "protection.gujranwala", UserRole::ProtectionOfficer, "GRW").await;
        let (id, victim_id, witness_id, code) = case_under_trial(&app).await;
        let pp = app.api("prosecutor.lahore").await;
        let base = format!("/api/v1/cases/{id}");

        // 422 per field, and an honest 422 for a body that does not match the schema.
        let (s, e) = pp.post(&format!("{base}/testimonies"), json!({"case_person_id": 999999, "testified_on": "2026-01-05", "mode": "in_camera"})).await;
        assert_eq!(s, 422, "{e}");
        assert!(e["fields"]["case_person_id"].is_array(), "{e}");
        let (s, _) = pp.post(&format!("{base}/testimonies"), json!({"case_person_id": witness_id, "testified_on": "2026-01-05", "mode": "whispered"})).await;
        assert_eq!(s, 422);
        let (s, c) = pp.post(&format!("{base}/testimonies"), json!({"case_person_id": witness_id, "testified_on": "2026-01-05", "mode": "in_camera", "remark": "Closed court"})).await;
        assert_eq!(s, 201, "{c}");
        let (s, m) = pp.post(&format!("{base}/protection-measures"), json!({"case_person_id": victim_id, "measure": "identity_withheld", "requested_on": "2026-01-05", "requested_by": "victim"})).await;
        assert_eq!(s, 201, "{m}");
        let m = m["id"].as_i64().unwrap();
        let (s, _) = pp.post(&format!("{base}/protection-measures/{m}/decision"), json!({"outcome": "granted", "decided_on": "2026-01-06"})).await;
        assert_eq!(s, 204);
        let (s, _) = pp.post(&format!("{base}/protection-measures/{m}/decision"), json!({"outcome": "refused", "decided_on": "2026-01-06", "remark": "late"})).await;
        assert_eq!(s, 422);

        let (s, t) = pp.post(&format!("{base}/threats"), json!({"case_person_id": victim_id, "kind": "inducement", "from_whom": "agent", "reported_on": "2026-01-07", "description": "Synthetic agent offered money to withdraw"})).await;
        assert_eq!(s, 201, "{t}");
        let t = t["id"].as_i64().unwrap();
        // The alert: Lahore's protection officer and Punjab's supervisor, not Gujranwala's nor Sindh's.
        let po = app.api("protection.lahore").await;
        let (s, open) = po.get("/api/v1/threats").await;
        assert_eq!(s, 200, "{open}");
        assert_eq!(open.as_array().unwrap().len(), 1);
        assert_eq!(open[0]["victim_code"], code.as_str());
        assert_eq!(open[0]["description"], "Synthetic agent offered money to withdraw");
        assert_eq!(app.api("supervisor.punjab").await.get("/api/v1/threats").await.1.as_array().unwrap().len(), 1);
        assert!(app.api("supervisor.sindh").await.get("/api/v1/threats").await.1.as_array().unwrap().is_empty());
        let grw = app.api("protection.gujranwala").await;
        assert!(grw.get("/api/v1/threats").await.1.as_array().unwrap().is_empty());
        assert_eq!(app.api("io.lahore").await.get("/api/v1/threats").await.0, 403);
        // The protection officer's page shows it.
        let web = app.browser("protection.lahore").await;
        let (_, p) = page(&web, app.url("/protection")).await;
        assert!(p.contains("id=\"threat-alerts\"") && p.contains(&code), "{p}");

        let ack = format!("/api/v1/threats/{t}/acknowledgement");
        assert_eq!(grw.post(&ack, json!({"action_taken": "Called"})).await.0, 404);
        let (s, e) = po.post(&ack, json!({"action_taken": "  "})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["action_taken"].is_array(), "{e}");
        assert_eq!(po.post(&ack, json!({"action_taken": "Victim moved to another shelter"})).await.0, 204);
        assert!(po.get("/api/v1/threats").await.1.as_array().unwrap().is_empty());

        let (s, w) = pp.get(&format!("{base}/witnesses")).await;
        assert_eq!(s, 200, "{w}");
        assert_eq!(w["testimonies"][0]["mode"], "in_camera");
        assert_eq!(w["measures"][0]["status"], "granted");
        assert_eq!(w["threats"][0]["status"], "acknowledged");
        assert_eq!(w["threats"][0]["action_taken"], "Victim moved to another shelter");
        assert!(w["persons"].as_array().unwrap().iter().all(|p| p["role"] != "victim" || p["name"].is_null()));

        // Consent to registration: the police record it (PUT); a prosecutor may not.
        let client = reqwest::Client::new();
        let put = |token: String, consent: &str| {
            client.put(app.url(&format!("{base}/persons/{victim_id}/registration-consent"))).bearer_auth(token).json(&json!({"consent": consent})).send()
        };
        assert_eq!(put(app.token("io.lahore").await, "given").await.unwrap().status(), 204);
        assert_eq!(put(pp.token.clone(), "given").await.unwrap().status(), 403);
        assert_eq!(put(app.token("io.lahore").await, "maybe").await.unwrap().status(), 422);
        let (_, w) = pp.get(&format!("{base}/witnesses")).await;
        let v = w["persons"].as_array().unwrap().iter().find(|p| p["case_person_id"] == victim_id).unwrap().clone();
        assert_eq!(v["registration_consent"], "given");
        app.stop().await;
    }
}
