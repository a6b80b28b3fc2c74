//! Prosecution and trial (issue 10, item 4) through the real server, on SQLite and PostgreSQL:
//! the prosecutor scrutinises the challan from the trial page (error summary, confirmation),
//! records hearings and their outcomes and the verdict; compensation and appeal by the API;
//! the page in Urdu.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_store::both_engines;
use serde_json::json;

/// Posts a form from `path`'s page (with its CSRF token) to `to`: the status and the page it
/// leads to (the redirect followed) or the page returned.
async fn submit(
    app: &TestApp,
    web: &reqwest::Client,
    path: &str,
    to: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let (_, p) = page(web, app.url(path)).await;
    let csrf = csrf_of(&p);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    let r = web.post(app.url(to)).form(&form).send().await.unwrap();
    let status = r.status().as_u16();
    if status == 303 {
        let next = r.headers()["location"].to_str().unwrap().to_owned();
        (status, page(web, app.url(&next)).await.1)
    } else {
        (status, r.text().await.unwrap())
    }
}

both_engines! {
    async fn a_prosecutor_takes_a_challan_to_a_conviction_with_compensation_and_an_appeal(engine: Engine) {
        let app = TestApp::start(engine).await;
        add_prosecutor(&app).await;
        let io = app.api("io.lahore").await;
        let (s, c) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        assert_eq!(s, 201, "{c}");
        let id = c["id"].as_i64().unwrap();
        let (s, v) = io.post(&format!("/api/v1/cases/{id}/persons"), victim("Synthetic Worker", "35202-1111111-2")).await;
        assert_eq!(s, 201, "{v}");
        let (s, a) = io.post(&format!("/api/v1/cases/{id}/persons"),
            json!({"role": "accused", "name": "Synthetic Kiln Owner", "sex": "male", "age": 50, "accused_status": "arrested"})).await;
        assert_eq!(s, 201, "{a}");
        let (victim_id, accused_id) = (v["id"].as_i64().unwrap(), a["id"].as_i64().unwrap());
        for body in [json!({"to": "fir_registered", "fir_number": "7/2026", "fir_date": "2026-01-05"}), json!({"to": "under_investigation", "remark": "x"}), json!({"to": "challan_submitted", "remark": "Challan to the prosecution"})] {
            assert_eq!(io.post(&format!("/api/v1/cases/{id}/transitions"), body).await.0, 200);
        }
        // The case page leads to the trial; the investigating officer is not offered the scrutiny.
        let officer = app.browser("io.lahore").await;
        let (_, p) = page(&officer, app.url(&format!("/cases/{id}"))).await;
        assert!(p.contains(&format!("href=\"/cases/{id}/trial\"")), "{p}");
        let trial = format!("/cases/{id}/trial");
        let (s, p) = page(&officer, app.url(&trial)).await;
        assert_eq!(s, 200);
        assert!(p.contains("The challan waits for the prosecution&#39;s scrutiny") && !p.contains("id=\"scrutiny-form\""), "{p}");
        assert_eq!(io.post(&format!("/api/v1/cases/{id}/challan-scrutiny"), json!({"decision": "accepted", "court": "X"})).await.0, 403);

        // The prosecutor: accepting without a court is refused with the error summary.
        let web = app.browser("prosecutor.lahore").await;
        let (s, p) = page(&web, app.url(&trial)).await;
        assert_eq!(s, 200);
        assert!(p.contains("id=\"scrutiny-form\""));
        let (s, e) = submit(&app, &web, &trial, &format!("{trial}/scrutiny"), &[("decision", "accepted"), ("objections", "")]).await;
        assert_eq!(s, 422);
        assert!(e.contains("href=\"#f-scrutiny_court\"") && e.contains("Enter the court the challan is sent to"), "{e}");
        let (s, e) = submit(&app, &web, &trial, &format!("{trial}/scrutiny"), &[]).await;
        assert_eq!(s, 422);
        assert!(e.contains("href=\"#f-decision\""), "{e}");
        let (s, done) = submit(&app, &web, &trial, &format!("{trial}/scrutiny"),
            &[("decision", "accepted"), ("scrutiny_court", "Sessions Court Lahore"), ("scrutiny_judge", "Synthetic Judge")]).await;
        assert_eq!(s, 303);
        assert!(done.contains("The challan was accepted and the case is now: Under trial."), "{done}");
        assert!(done.contains("Sessions Court Lahore") && done.contains("Synthetic Judge"));

        // A hearing last week, adjourned: the reason and who asked are required.
        let (s, _) = submit(&app, &web, &trial, &format!("{trial}/hearings"),
            &[("hearing_date-day", "1"), ("hearing_date-month", "12"), ("hearing_date-year", "2026"), ("hearing_court", "Sessions Court Lahore"), ("purpose", "Evidence")]).await;
        assert_eq!(s, 303);
        let (_, t) = io.get(&format!("/api/v1/cases/{id}")).await;
        let h = t["hearings"][0]["id"].as_i64().unwrap();
        let (s, e) = submit(&app, &web, &trial, &format!("{trial}/hearings/{h}/outcome"), &[("outcome", "adjourned")]).await;
        assert_eq!(s, 422);
        assert!(e.contains("href=\"#f-adjournment_reason\"") && e.contains("href=\"#f-adjourned_by\""), "{e}");
        assert!(e.contains("id=\"f-adjournment_reason\""), "the summary's link lands on the row's field");
        let (s, done) = submit(&app, &web, &trial, &format!("{trial}/hearings/{h}/outcome"),
            &[("outcome", "adjourned"), ("adjournment_reason", "defence_counsel_absent"), ("adjourned_by", "defence"),
              ("next_hearing_date-day", "3"), ("next_hearing_date-month", "12"), ("next_hearing_date-year", "2026")]).await;
        assert_eq!(s, 303);
        assert!(done.contains("The outcome was recorded.") && done.contains("Defence counsel absent") && done.contains("at the request of the defence"), "{done}");
        let (_, t) = io.get(&format!("/api/v1/cases/{id}")).await;
        assert_eq!(t["hearings"].as_array().unwrap().len(), 2, "the next date became a hearing");
        assert_eq!(t["hearings"][0]["outcome"], "adjourned");

        // The judgment: seven years and a fine; the only accused convicted decides the case.
        let (s, e) = submit(&app, &web, &trial, &format!("{trial}/verdicts"),
            &[("accused", &accused_id.to_string()), ("offence_code", "PTPA-3"), ("verdict", "convicted"),
              ("judgment_date-day", "4"), ("judgment_date-month", "12"), ("judgment_date-year", "2026")]).await;
        assert_eq!(s, 422);
        assert!(e.contains("href=\"#f-years\"") && e.contains("Enter the imprisonment, the fine or both"), "{e}");
        let (s, done) = submit(&app, &web, &trial, &format!("{trial}/verdicts"),
            &[("accused", &accused_id.to_string()), ("offence_code", "PTPA-3"), ("verdict", "convicted"), ("years", "7"), ("fine_pkr", "5,00,000"),
              ("judgment_date-day", "4"), ("judgment_date-month", "12"), ("judgment_date-year", "2026")]).await;
        assert_eq!(s, 303);
        assert!(done.contains("The verdict was recorded. The case is: Decided: convicted."), "{done}");
        assert!(done.contains("7 years") && done.contains("Rs 500,000"), "{done}");

        // Compensation and an appeal by the API.
        let (s, e) = app.api("prosecutor.lahore").await.post(&format!("/api/v1/cases/{id}/compensation"),
            json!({"case_person_id": accused_id, "law": "ptpa_2018", "amount_pkr": 300000, "ordered_on": "2026-12-04"})).await;
        assert_eq!(s, 422, "{e}");
        let pp = app.api("prosecutor.lahore").await;
        let (s, o) = pp.post(&format!("/api/v1/cases/{id}/compensation"),
            json!({"case_person_id": victim_id, "law": "ptpa_2018", "amount_pkr": 300000, "ordered_on": "2026-12-04"})).await;
        assert_eq!(s, 201, "{o}");
        let order = o["id"].as_i64().unwrap();
        let (s, e) = pp.post(&format!("/api/v1/cases/{id}/compensation/{order}/payments"), json!({"paid_pkr": 300001, "paid_on": "2026-12-05"})).await;
        assert_eq!(s, 422, "{e}");
        assert_eq!(pp.post(&format!("/api/v1/cases/{id}/compensation/{order}/payments"), json!({"paid_pkr": 100000, "paid_on": "2026-12-05"})).await.0, 204);
        let (s, done) = submit(&app, &web, &trial, &format!("{trial}/appeals"),
            &[("filed_by", "convict"), ("appeal_accused", &accused_id.to_string()), ("appeal_court", "Lahore High Court"),
              ("filed_on-day", "5"), ("filed_on-month", "12"), ("filed_on-year", "2026")]).await;
        assert_eq!(s, 303);
        assert!(done.contains("The appeal was recorded.") && done.contains("Lahore High Court") && done.contains("Partly paid"), "{done}");
        let (s, t) = pp.get(&format!("/api/v1/cases/{id}/trial")).await;
        assert_eq!(s, 200);
        assert_eq!(t["court"], "Sessions Court Lahore");
        assert_eq!(t["verdicts"][0]["imprisonment_months"], 84);
        assert_eq!(t["compensation"][0]["paid_pkr"], 100000);
        assert_eq!(t["appeals"][0]["filed_by"], "convict");
        assert!(t["appeals"][0]["outcome"].is_null());
        let (_, c) = io.get(&format!("/api/v1/cases/{id}")).await;
        assert_eq!(c["stage"], "convicted");
        let owner = c["persons"].as_array().unwrap().iter().find(|p| p["id"] == accused_id).unwrap().clone();
        assert_eq!((owner["accused_status"].clone(), owner["sentence"].clone()), (json!("convicted"), json!("7 years")));

        // The page in Urdu.
        web.get(app.url("/language?to=ur&back=/")).send().await.unwrap();
        let (s, p) = page(&web, app.url(&trial)).await;
        assert_eq!(s, 200);
        assert!(p.contains("استغاثہ اور ٹرائل") && p.contains("سزا یافتہ"), "{p}");
        app.stop().await;
    }
}
