//! Interceptions at borders (issue 13, item 2) through the real server, on SQLite and
//! PostgreSQL: the form (422 with its error summary and nothing written, then the record and
//! its confirmation), the list with filters and totals, linking a case, the JSON API, and who
//! sees what (a Sindh supervisor not Balochistan's records, an analyst the totals only).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_store::admin::AgencyInput;
use hifazat_store::both_engines;
use serde_json::json;

async fn agency(app: &TestApp, name: &str, kind: &str, province: &str, district: &str) -> i64 {
    app.store
        .admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .create_agency(AgencyInput {
            name: name.into(),
            kind: kind.into(),
            province_code: Some(province.into()),
            district_code: Some(district.into()),
            parent_id: None,
        })
        .await
        .unwrap()
}

fn jiwani(agency_id: i64) -> serde_json::Value {
    json!({
        "agency_id": agency_id, "border": "sea", "place": "Off Jiwani", "district": "GWD",
        "intercepted_on": "2025-05-02", "direction": "leaving",
        "migrants": [{"nationality": "PK", "sex": "male", "age_group": "adult", "count": 18}],
        "smugglers_arrested": 2, "vehicles": [{"kind": "boat", "count": 1}]
    })
}

both_engines! {
    async fn an_interception_is_recorded_through_the_form(engine: Engine) {
        let app = TestApp::start(engine).await;
        let fc = agency(&app, "Frontier Corps Balochistan, Mand wing", "frontier_corps", "PK-BA", "KCH").await;
        let web = app.browser("national").await;
        let (s, form) = page(&web, app.url("/interceptions/new")).await;
        assert_eq!(s, 200);
        assert!(form.contains("Frontier Corps Balochistan, Mand wing"));
        assert_eq!(form.matches("name=\"m_nationality\"").count(), 6);
        let csrf = csrf_of(&form);
        // Wrong: no agency, no date, a row with an unknown nationality, a bad vehicle count.
        let bad: Vec<(&str, &str)> = vec![
            ("csrf", &csrf), ("agency_id", ""), ("border", "land"), ("place", "Mand"), ("district", "KCH"),
            ("direction", "leaving"),
            ("m_nationality", "Atlantis"), ("m_sex", "male"), ("m_age", "adult"), ("m_count", "12"),
            ("m_nationality", ""), ("m_sex", ""), ("m_age", ""), ("m_count", ""),
            ("vehicle_kind", "pickup"), ("vehicle_count", "two"),
        ];
        let r = web.post(app.url("/interceptions")).form(&bad).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        for f in ["agency_id", "intercepted_on", "migrants", "vehicles"] {
            assert!(html.contains(&format!("href=\"#f-{f}\"")), "{f}: {html}");
        }
        assert!(html.contains("Choose each group&#39;s nationality from the list"), "{html}");
        assert!(html.contains("value=\"Atlantis\""), "the typed row is kept");
        let nc = app.api("national").await;
        let (_, list) = nc.get("/api/v1/interceptions").await;
        assert_eq!(list["total"], 0, "nothing written");
        // Right.
        let fc_id = fc.to_string();
        let good: Vec<(&str, &str)> = vec![
            ("csrf", &csrf), ("agency_id", &fc_id), ("border", "land"), ("place", "Mand, near the Iran border"),
            ("district", "KCH"), ("intercepted_on-day", "12"), ("intercepted_on-month", "4"), ("intercepted_on-year", "2025"),
            ("direction", "leaving"),
            ("m_nationality", "Pakistan"), ("m_sex", "male"), ("m_age", "adult"), ("m_count", "34"),
            ("m_nationality", "AF"), ("m_sex", "male"), ("m_age", "child"), ("m_count", "6"),
            ("m_nationality", ""), ("m_sex", ""), ("m_age", ""), ("m_count", ""),
            ("smugglers_arrested", "3"), ("vehicle_kind", "pickup"), ("vehicle_count", "3"), ("vehicle_kind", "boat"), ("vehicle_count", ""),
        ];
        let r = web.post(app.url("/interceptions")).form(&good).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        let (s, html) = page(&web, app.url(&to)).await;
        assert_eq!(s, 200);
        assert!(html.contains("id=\"done\"") && html.contains("The interception has been recorded."), "{html}");
        assert_eq!(rows(&html, "migrant-groups"), 2);
        assert!(html.contains("Afghanistan (AF)") && html.contains("Kech (KCH)"), "{html}");
        assert!(html.contains("12 Apr 2025"));
        // The list and its totals; a filter that matches nothing.
        let (s, html) = page(&web, app.url("/interceptions")).await;
        assert_eq!(s, 200);
        assert_eq!(rows(&html, "interceptions"), 1);
        assert!(html.contains("id=\"total-migrants\">40<"), "{html}");
        assert!(html.contains("href=\"/interceptions\""), "the navigation names the area");
        let (_, html) = page(&web, app.url("/interceptions?border=sea")).await;
        assert_eq!(rows(&html, "interceptions"), 0);
        assert!(html.contains("No interception matches these filters."));
        // In Urdu.
        let r = web.get(app.url("/interceptions")).header("accept-language", "ur").send().await.unwrap();
        let html = r.text().await.unwrap();
        assert!(html.contains("سرحدوں پر روک تھام") && html.contains("فرنٹیئر کور"), "{html}");
        app.stop().await;
    }

    async fn the_api_records_lists_links_and_totals_within_scope(engine: Engine) {
        let app = TestApp::start(engine).await;
        let cg = agency(&app, "Pakistan Coast Guards, Jiwani", "coast_guards", "PK-BA", "GWD").await;
        let msa = agency(&app, "Maritime Security Agency, Karachi", "maritime_security_agency", "PK-SD", "KHS").await;
        let nc = app.api("national").await;
        let (s, e) = nc.post("/api/v1/interceptions", json!({"border": "sea"})).await;
        assert_eq!(s, 422, "{e}");
        assert!(e["fields"]["agency_id"].is_array() && e["fields"]["place"].is_array(), "{e}");
        let (s, c) = nc.post("/api/v1/interceptions", jiwani(cg)).await;
        assert_eq!(s, 201, "{c}");
        let gwadar = c["id"].as_i64().unwrap();
        let mut karachi = jiwani(msa);
        karachi["district"] = json!("KHS");
        karachi["place"] = json!("Off Manora");
        karachi["migrants"] = json!([{"nationality": "BD", "sex": "female", "age_group": "adult", "count": 3}]);
        let sindh = app.api("supervisor.sindh").await;
        // Sindh records in Sindh only.
        assert_eq!(sindh.post("/api/v1/interceptions", jiwani(cg)).await.0, 422);
        let (s, c) = sindh.post("/api/v1/interceptions", karachi).await;
        assert_eq!(s, 201, "{c}");
        let karachi = c["id"].as_i64().unwrap();
        let (_, all) = nc.get("/api/v1/interceptions").await;
        assert_eq!(all["total"], 2);
        let (_, own) = sindh.get("/api/v1/interceptions").await;
        assert_eq!((own["total"].as_i64(), own["items"][0]["id"].as_i64()), (Some(1), Some(karachi)));
        assert_eq!(sindh.get(&format!("/api/v1/interceptions/{gwadar}")).await.0, 404);
        let (s, one) = nc.get(&format!("/api/v1/interceptions/{gwadar}")).await;
        assert_eq!(s, 200, "{one}");
        assert_eq!((one["migrants"].as_i64(), one["vehicles"].as_i64()), (Some(18), Some(1)));
        let (_, f) = nc.get("/api/v1/interceptions?agency_kind=maritime_security_agency&from=2025-05-01&to=2025-05-31").await;
        assert_eq!(f["total"], 1);
        // Linking: a Lahore case is out of Sindh's reach, a Karachi case within it.
        let io = app.api("io.lahore").await;
        let (_, lc) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        let (_, kc) = sindh.post("/api/v1/cases", trafficking_case("KHS")).await;
        let (s, e) = sindh.post(&format!("/api/v1/interceptions/{karachi}/cases"), json!({"case_reference": lc["reference"]})).await;
        assert_eq!(s, 422, "{e}");
        let (s, e) = sindh.post(&format!("/api/v1/interceptions/{karachi}/cases"), json!({"case_reference": kc["reference"]})).await;
        assert_eq!(s, 204, "{e}");
        let (_, one) = sindh.get(&format!("/api/v1/interceptions/{karachi}")).await;
        assert_eq!(one["linked_cases"][0]["reference"], kc["reference"]);
        // Totals: exact for staff; for the analyst whole years and small counts hidden.
        let (s, t) = nc.get("/api/v1/interceptions/totals").await;
        assert_eq!(s, 200, "{t}");
        assert_eq!((t["interceptions"].as_i64(), t["migrants"].as_i64(), t["smugglers"].as_i64()), (Some(2), Some(21), Some(4)));
        let analyst = app.api("analyst").await;
        assert_eq!(analyst.get("/api/v1/interceptions").await.0, 403);
        assert_eq!(analyst.get(&format!("/api/v1/interceptions/{gwadar}")).await.0, 403);
        let (s, t) = analyst.get("/api/v1/interceptions/totals?from=2025-05-02").await;
        assert_eq!(s, 200, "{t}");
        assert_eq!(t["suppressed"], true);
        assert_eq!(t["from"], "2025-01-01");
        let bd = t["by_nationality"].as_array().unwrap().iter().find(|c| c["code"] == "BD").unwrap();
        assert_eq!(bd["count"], "<5");
        // The analyst's page: totals, no list, no link to record.
        let web = app.browser("analyst").await;
        let (s, html) = page(&web, app.url("/interceptions")).await;
        assert_eq!(s, 200);
        assert!(html.contains("id=\"totals\"") && !html.contains("id=\"interceptions\""));
        assert!(!html.contains("href=\"/interceptions/new\""));
        assert_eq!(page(&web, app.url("/interceptions/new")).await.0, 403);
        // The page of a linked case's interception, and unlinking through the page.
        let web = app.browser("supervisor.sindh").await;
        let (s, html) = page(&web, app.url(&format!("/interceptions/{karachi}"))).await;
        assert_eq!(s, 200);
        assert_eq!(rows(&html, "linked-cases"), 1);
        let case_id = kc["id"].as_i64().unwrap();
        let r = web.post(app.url(&format!("/interceptions/{karachi}/cases/{case_id}/remove"))).form(&[("csrf", csrf_of(&html).as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, html) = page(&web, app.url(&format!("/interceptions/{karachi}?done=unlinked"))).await;
        assert_eq!(rows(&html, "linked-cases"), 0);
        assert!(html.contains("The case has been unlinked."));
        let r = web.post(app.url(&format!("/interceptions/{karachi}/cases"))).form(&[("csrf", csrf_of(&html).as_str()), ("case_reference", "")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("href=\"#f-case_reference\""));
        assert_eq!(page(&web, app.url(&format!("/interceptions/{gwadar}"))).await.0, 404);
        app.stop().await;
    }
}
