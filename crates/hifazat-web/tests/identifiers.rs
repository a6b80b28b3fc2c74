//! Identifiers (issue 13, item 3) through the real server, on SQLite and PostgreSQL: a phone on
//! a victim and on an agent found from the page (through a posted form and the plain address)
//! and the JSON API, the count outside the reader's scope, an account linked through the form
//! with its error summary first, the API's 422s and 403s.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_store::both_engines;
use serde_json::json;

both_engines! {
    async fn a_number_is_found_and_linked_through_the_page_and_the_api(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let (s, c) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        assert_eq!(s, 201, "{c}");
        let id = c["id"].as_i64().unwrap();
        // The support's victim has 0300-1234567.
        let (s, v) = io.post(&format!("/api/v1/cases/{id}/persons"), victim("Amina Syntheticbibi", "35202-1234567-2")).await;
        assert_eq!(s, 201, "{v}");
        let (s, a) = io.post("/api/v1/agents", json!({"name": "Jabbar Syntheticagent", "phones": ["+92 300 1234567"], "district": "LHR"})).await;
        assert_eq!(s, 201, "{a}");
        let (_, case) = io.get(&format!("/api/v1/cases/{id}")).await;
        let reference = case["reference"].as_str().unwrap().to_owned();

        // The page: the form posts the number; the victim appears by code, never by name.
        let web = app.browser("io.lahore").await;
        let (s, p) = page(&web, app.url("/identifiers")).await;
        assert_eq!(s, 200);
        assert!(p.contains("href=\"/identifiers\""), "the navigation offers it");
        let csrf = csrf_of(&p);
        let r = web.post(app.url("/identifiers/search")).form(&[("csrf", csrf.as_str()), ("kind", "phone"), ("value", "0300 1234567")]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let body = r.text().await.unwrap();
        assert!(body.contains("id=\"identifier-results\""), "{body}");
        assert!(body.contains(&format!("href=\"/cases/{id}\"")) && body.contains(&reference));
        assert!(body.contains("Jabbar Syntheticagent"));
        assert!(!body.contains("Amina Syntheticbibi"));
        assert!(body.contains("2 places you may see"), "{body}");
        // A value that is not a number: the error summary links to the field.
        let r = web.post(app.url("/identifiers/search")).form(&[("csrf", csrf.as_str()), ("kind", "phone"), ("value", "call me")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("href=\"#f-value\""));
        // The plain address works too, in Urdu as well.
        let (s, p) = page(&web, app.url("/identifiers?kind=phone&value=%2B923001234567")).await;
        assert_eq!(s, 200);
        assert!(p.contains("id=\"identifier-results\""));

        // A Sindh supervisor: the register of agents is national, the Lahore case is counted.
        let sindh = app.api("supervisor.sindh").await;
        let (s, w) = sindh.post("/api/v1/identifiers/search", json!({"kind": "phone", "value": "0300-1234567"})).await;
        assert_eq!(s, 200, "{w}");
        assert_eq!((w["visible"].as_i64(), w["outside"].as_i64()), (Some(1), Some(1)), "{w}");
        let sweb = app.browser("supervisor.sindh").await;
        let (_, p) = page(&sweb, app.url("/identifiers?kind=phone&value=03001234567")).await;
        assert!(p.contains("1 more outside your jurisdiction"), "{p}");

        // Link an IBAN to the case through the form: the summary first, then the confirmation.
        let link = |reference: &str| vec![("csrf", csrf.clone()), ("kind", "bank_account".into()), ("value", "PK36 SCBL 0000 0011 2345 6702".into()), ("bank", String::new()), ("entity", "case".into()), ("reference", reference.to_owned()), ("note", "Synthetic: the agent's account".into())];
        let r = web.post(app.url("/identifiers/links")).form(&link("")).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("href=\"#f-link_reference\""));
        let r = web.post(app.url("/identifiers/links")).form(&link(&reference)).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.contains("done=linked") && !to.contains("PK36"), "{to}");
        let (_, p) = page(&web, app.url(&to)).await;
        assert!(p.contains("id=\"done\""));
        let (s, w) = io.post("/api/v1/identifiers/search", json!({"kind": "bank_account", "value": "pk36scbl0000001123456702"})).await;
        assert_eq!(s, 200);
        assert_eq!(w["groups"][0]["items"][0]["reference"], reference.as_str());
        assert_eq!(w["groups"][0]["items"][0]["note"], "Synthetic: the agent's account");

        // The API: a wallet linked to the victim by her code; 422s per field; 403 for analysts.
        let code = case["persons"][0]["victim_code"].as_str().map(str::to_owned).unwrap_or_default();
        let (s, l) = io.post("/api/v1/identifiers/links", json!({"kind": "wallet", "value": "0345 1112223", "entity": "person", "reference": code})).await;
        assert_eq!(s, 201, "{l} {case}");
        assert_eq!(l["case_id"], id);
        let (s, e) = io.post("/api/v1/identifiers/links", json!({"kind": "bank_account", "value": "PK37SCBL0000001123456702", "entity": "case", "reference": reference})).await;
        assert_eq!(s, 422);
        assert!(e.to_string().contains("check digits"), "{e}");
        let (s, _) = sindh.post("/api/v1/identifiers/links", json!({"kind": "phone", "value": "0300 1234567", "entity": "case", "reference": reference})).await;
        assert_eq!(s, 422, "a case outside scope is not one the reader may name");
        let (s, _) = io.post("/api/v1/identifiers/search", json!({"kind": "address", "value": "x"})).await;
        assert_eq!(s, 422);
        let (s, _) = app.api("analyst").await.post("/api/v1/identifiers/search", json!({"kind": "phone", "value": "0300 1234567"})).await;
        assert_eq!(s, 403);
        app.stop().await;
    }
}
