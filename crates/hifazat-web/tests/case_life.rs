//! The case's life after registration (issue 10) through the real server, on SQLite and
//! PostgreSQL: a smuggling case reclassified as trafficking from its page and by the API, the
//! history shown, the offence catalogue's procedure, compounding refused.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::admin::users::NewUser;
use hifazat_store::both_engines;
use serde_json::json;

fn smuggling_case() -> serde_json::Value {
    json!({
        "kind": "smuggling",
        "elements": {"illegal_entry": true, "financial_benefit": true},
        "offences": ["PSMA-3", "EO-22"],
        "scope": "cross_border",
        "district": "LHR",
        "destination_countries": ["IR", "TR"],
        "summary": "Young men taken overland to Iran for a fee"
    })
}

/// A smuggling case registered by `io.lahore`: their API client, its id, their browser and
/// the case page.
async fn lahore_smuggling_case(app: &TestApp) -> (Api, i64, reqwest::Client, String) {
    let io = app.api("io.lahore").await;
    let (s, c) = io.post("/api/v1/cases", smuggling_case()).await;
    assert_eq!(s, 201, "{c}");
    let id = c["id"].as_i64().unwrap();
    let web = app.browser("io.lahore").await;
    let (_, p) = page(&web, app.url(&format!("/cases/{id}"))).await;
    (io, id, web, p)
}

both_engines! {
    async fn a_smuggling_case_is_reclassified_as_trafficking_from_its_page(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let (s, c) = io.post("/api/v1/cases", smuggling_case()).await;
        assert_eq!(s, 201, "{c}");
        let id = c["id"].as_i64().unwrap();
        let web = app.browser("io.lahore").await;
        let (s, p) = page(&web, app.url(&format!("/cases/{id}"))).await;
        assert_eq!(s, 200);
        assert!(p.contains(&format!("href=\"/cases/{id}/amend\"")), "the case page offers the amendment");
        assert!(p.contains("Receiving money, etc. for providing foreign employment") && p.contains("cognizable · non-bailable · non-compoundable"), "offences with their procedure");
        assert!(p.contains("The case has not been amended"));
        // The form comes filled with the case as it stands.
        let (s, f) = page(&web, app.url(&format!("/cases/{id}/amend"))).await;
        assert_eq!(s, 200);
        assert!(f.contains("name=\"kind\" value=\"smuggling\" checked") && f.contains("value=\"PSMA-3\" checked"), "{f}");
        assert!(!f.contains("name=\"fir_number\""), "the FIR is not amended here");
        let csrf = csrf_of(&f);
        let url = app.url(&format!("/cases/{id}/amend"));
        // Trafficking without its elements and without a reason: every problem at once.
        let base = [("csrf", csrf.as_str()), ("kind", "trafficking"), ("scope", "cross_border"), ("illegal_entry", "on"), ("financial_benefit", "on"), ("offences", "PTPA-3"), ("destination_countries", "IR")];
        let r = web.post(&url).form(&base).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let e = r.text().await.unwrap();
        assert!(e.contains("href=\"#f-reason\"") && e.contains("Enter why the case is amended") && e.contains("href=\"#f-elements.acts\""), "{e}");
        assert_eq!(io.get(&format!("/api/v1/cases/{id}")).await.1["kind"], "smuggling", "nothing written");
        let mut good = base.to_vec();
        good.extend([("acts", "recruiting"), ("means", "deception"), ("purposes", "forced_labour"), ("reason", "Statements show the men were sold to a kiln owner in Iran")]);
        let r = web.post(&url).form(&good).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, c) = page(&web, app.url(r.headers()["location"].to_str().unwrap())).await;
        assert!(c.contains("The amendment is saved: the case is now Trafficking in persons (PTPA 2018)"), "{c}");
        assert!(c.contains("Kind: Smuggling of migrants (PSMA 2018) → Trafficking in persons (PTPA 2018)"), "{c}");
        assert!(c.contains("Offences: removed EO-22, PSMA-3; added PTPA-3"), "{c}");
        assert!(c.contains("Destination countries: removed Türkiye") || c.contains("Destination countries: removed Turkey"), "{c}");
        assert!(c.contains("Statements show the men were sold to a kiln owner in Iran"));
        // The API shows the history; an amendment by the API is checked the same way.
        let (_, got) = io.get(&format!("/api/v1/cases/{id}")).await;
        assert_eq!(got["kind"], "trafficking");
        assert_eq!(got["amendments"][0]["changes"][0], json!({"field": "kind", "removed": ["smuggling"], "added": ["trafficking"]}));
        let mut cl = json!({"kind": "both", "elements": got["elements"].clone(), "offences": ["PTPA-3", "PSMA-3"], "exploitation": got["exploitation"].clone(),
            "scope": "cross_border", "destination_countries": ["IR"], "summary": got["summary"].clone()});
        let (s, e) = io.post(&format!("/api/v1/cases/{id}/amendments"), json!({"classification": cl.clone()})).await;
        assert_eq!((s, e["fields"]["reason"][0].as_str()), (422, Some("Enter why the case is amended")), "{e}");
        let (s, done) = io.post(&format!("/api/v1/cases/{id}/amendments"), json!({"classification": cl.clone(), "reason": "Both: smuggled, then exploited"})).await;
        assert_eq!(s, 200, "{done}");
        assert_eq!(done["changes"][0]["added"], json!(["both"]));
        cl["kind"] = json!("smuggling");
        cl["scope"] = json!("internal");
        let (s, e) = io.post(&format!("/api/v1/cases/{id}/amendments"), json!({"classification": cl, "reason": "typo"})).await;
        assert_eq!(s, 422, "{e}");
        assert!(e["fields"]["scope"].is_array() && e["fields"]["destination_countries"].is_array(), "{e}");
        assert_eq!(io.get(&format!("/api/v1/cases/{id}")).await.1["amendments"].as_array().unwrap().len(), 2);
        // The audit trail holds both amendments with what changed.
        let (_, audit) = app.api("auditor").await.get(&format!("/api/v1/audit?case_id={id}")).await;
        let details: Vec<String> = audit["items"].as_array().unwrap().iter()
            .filter(|i| i["entity"] == "case_classification").map(|i| i["detail"].as_str().unwrap().to_owned()).collect();
        assert_eq!(details.len(), 2, "{audit}");
        // In Urdu the history reads in Urdu.
        web.get(app.url("/language?to=ur&back=/")).send().await.unwrap();
        let (_, u) = page(&web, app.url(&format!("/cases/{id}"))).await;
        assert!(u.contains("ترامیم") && u.contains("جرائم: خارج"), "{u}");
        app.stop().await;
    }

    async fn an_accused_on_bail_is_stopped_at_the_counter_until_arrested(engine: Engine) {
        let app = TestApp::start(engine).await;
        app.store.admin(&hifazat_store::Ctx::system("test")).unwrap().create_user(NewUser { username: "immigration.lahore".into(), display_name: "Immigration".into(), password: PASSWORD.into(), agency_id: None, jurisdiction: Jurisdiction::National, roles: vec![UserRole::ImmigrationOfficer] }).await.unwrap();
        let io = app.api("io.lahore").await;
        let (_, c) = io.post("/api/v1/cases", smuggling_case()).await;
        let id = c["id"].as_i64().unwrap();
        let (s, a) = io.post(&format!("/api/v1/cases/{id}/persons"), json!({"role": "accused", "name": "Synthetic Agent", "father_name": "Synthetic Father", "sex": "male", "age": 41, "cnic": "35202-7654321-3", "accused_status": "on_bail"})).await;
        assert_eq!(s, 201, "{a}");
        let person = a["id"].as_i64().unwrap();
        let traveller = json!({"full_name": "Synthetic Agent", "father_name": "Synthetic Father", "cnic": "3520276543213", "exit_point": "Allama Iqbal International Airport, Lahore"});
        let imm = app.api("immigration.lahore").await;
        assert!(imm.post("/api/v1/screen", traveller.clone()).await.1["alerts"].as_array().unwrap().is_empty(), "not listed yet");
        // The investigating officer sees no button; the supervisor lists the accused from the case page.
        let (_, p) = page(&app.browser("io.lahore").await, app.url(&format!("/cases/{id}"))).await;
        assert!(!p.contains("/exit\""), "only those who keep the watchlists list");
        assert_eq!(io.post(&format!("/api/v1/cases/{id}/persons/{person}/exit"), json!({})).await.0, 403);
        let web = app.browser("supervisor.punjab").await;
        let (_, p) = page(&web, app.url(&format!("/cases/{id}"))).await;
        assert!(p.contains(&format!("action=\"/cases/{id}/persons/{person}/exit\"")), "{p}");
        let r = web.post(app.url(&format!("/cases/{id}/persons/{person}/exit"))).form(&[("csrf", csrf_of(&p).as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, p) = page(&web, app.url(r.headers()["location"].to_str().unwrap())).await;
        assert!(p.contains("The accused is on the exit blacklist") && p.contains("On the exit blacklist (entry "), "{p}");
        let (_, r) = imm.post("/api/v1/screen", traveller.clone()).await;
        assert_eq!(r["alerts"].as_array().unwrap().len(), 1, "{r}");
        // Twice: refused, with the reason on the page.
        let r = web.post(app.url(&format!("/cases/{id}/persons/{person}/exit"))).form(&[("csrf", csrf_of(&p).as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("already on the exit blacklist"));
        // Arrested: off the list at once.
        let (s, _) = io.post(&format!("/api/v1/cases/{id}/persons/{person}/status"), json!({"status": "arrested"})).await;
        assert_eq!(s, 204);
        assert!(imm.post("/api/v1/screen", traveller).await.1["alerts"].as_array().unwrap().is_empty(), "removed from the live index");
        app.stop().await;
    }

    async fn facts_about_victims_and_accused_are_recorded_from_the_page_and_the_api(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let mut case = smuggling_case();
        case["reported_via"] = json!("immigration");
        let (_, c) = io.post("/api/v1/cases", case).await;
        let id = c["id"].as_i64().unwrap();
        let (_, v) = io.post(&format!("/api/v1/cases/{id}/persons"), victim("Synthetic Migrant", "35202-2222222-2")).await;
        let (_, a) = io.post(&format!("/api/v1/cases/{id}/persons"), json!({"role": "accused", "name": "Synthetic Constable", "sex": "male", "age": 38, "accused_status": "arrested"})).await;
        let (vid, aid) = (v["id"].as_i64().unwrap(), a["id"].as_i64().unwrap());
        let web = app.browser("io.lahore").await;
        let (_, p) = page(&web, app.url(&format!("/cases/{id}"))).await;
        assert!(p.contains("Immigration (at the border or on deportation)"), "how the case came in");
        assert!(p.contains(&format!("action=\"/cases/{id}/persons/{vid}/facts\"")) && p.contains(&format!("action=\"/cases/{id}/persons/{aid}/facts\"")));
        let csrf = csrf_of(&p);
        // A victim's payment and recruitment: a bad amount and place come back with the summary.
        let url = app.url(&format!("/cases/{id}/persons/{vid}/facts"));
        let r = web.post(&url).form(&[("csrf", csrf.as_str()), ("paid_amount", "twelve lakh"), ("recruitment_place", "Atlantis")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let e = r.text().await.unwrap();
        assert!(e.contains("href=\"#f-paid_amount\"") && e.contains("id=\"f-paid_amount\"") && e.contains("Choose the district or country where the victim was recruited"), "{e}");
        let r = web.post(&url).form(&[("csrf", csrf.as_str()), ("paid_amount", "۱۲۰۰۰۰۰"), ("paid_method", "hawala"),
            ("recruitment_methods", "through_friends_or_social_events"), ("recruitment_place", "Gujrat"), ("relationship_to_trafficker", "acquainted")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, p) = page(&web, app.url(r.headers()["location"].to_str().unwrap())).await;
        assert!(p.contains("The facts are saved.") && p.contains("Paid PKR 1,200,000 to agents (Hawala or hundi)"), "{p}");
        assert!(p.contains("Recruited: through friends or social events · Gujrat · known to the victim"), "{p}");
        // An accused public official, by the API; the victim's facts refused for an accused.
        let (s, e) = io.post(&format!("/api/v1/cases/{id}/persons/{aid}/facts"), json!({"paid_amount": 5})).await;
        assert_eq!(s, 422, "{e}");
        let (s, _) = io.post(&format!("/api/v1/cases/{id}/persons/{aid}/facts"), json!({"public_official": true, "official_agency": "Punjab Police"})).await;
        assert_eq!(s, 204);
        let (_, got) = io.get(&format!("/api/v1/cases/{id}")).await;
        let persons = got["persons"].as_array().unwrap();
        let facts = |pid: i64| persons.iter().find(|p| p["id"] == pid).unwrap()["facts"].clone();
        assert_eq!(facts(aid)["official_agency"], "Punjab Police");
        assert_eq!(facts(vid)["recruitment_place"], "GJT");
        assert_eq!(got["reported_via"], "immigration");
        let (_, p) = page(&web, app.url(&format!("/cases/{id}"))).await;
        assert!(p.contains("Public official: Punjab Police"));
        // Found to be trafficking too: the HTCDS file carries the victim's recruitment.
        let cl = json!({"kind": "both", "elements": {"acts": ["recruiting"], "means": ["deception"], "purposes": ["forced_labour"], "illegal_entry": true, "financial_benefit": true},
            "offences": ["PSMA-3", "PTPA-3"], "scope": "cross_border", "destination_countries": ["IR", "TR"], "reported_via": "immigration"});
        let (s, e) = io.post(&format!("/api/v1/cases/{id}/amendments"), json!({"classification": cl, "reason": "sold on to a kiln in Iran"})).await;
        assert_eq!(s, 200, "{e}");
        let year = got["reported_on"].as_str().unwrap()[..4].to_owned();
        let f = app.browser("national").await.get(app.url(&format!("/statistics/htcds.csv?year={year}"))).send().await.unwrap();
        assert_eq!(f.status(), 200);
        let csv = f.text().await.unwrap();
        assert!(csv.lines().next().unwrap().ends_with(",vic_MethodOfRecruitment,vic_RelationshipToTrafficker"), "{csv}");
        assert!(csv.contains(",ThroughFriendsOrSocialEvents,Acquainted"), "{csv}");
        app.stop().await;
    }

    async fn a_case_goes_from_lahore_to_karachi_on_the_sindh_supervisors_acceptance(engine: Engine) {
        let app = TestApp::start(engine).await;
        let (io, id, web, p) = lahore_smuggling_case(&app).await;
        assert!(p.contains("id=\"transfer-form\"") && p.contains("The case has not been transferred."));
        let csrf = csrf_of(&p);
        let url = app.url(&format!("/cases/{id}/transfers"));
        // Without a district or a reason: the summary links to the transfer form's own fields.
        let r = web.post(&url).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let e = r.text().await.unwrap();
        assert!(e.contains("href=\"#f-to_district\"") && e.contains("href=\"#f-transfer_reason\"") && e.contains("id=\"f-transfer_reason\""), "{e}");
        let r = web.post(&url).form(&[("csrf", csrf.as_str()), ("to_district", "KHS"), ("reason", "The agent and the boat are in Karachi")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, p) = page(&web, app.url(r.headers()["location"].to_str().unwrap())).await;
        assert!(p.contains("The transfer is asked for.") && p.contains("Waiting for a supervisor of the receiving district"), "{p}");
        assert!(!p.contains("id=\"transfer-form\""), "one transfer at a time");
        // The Sindh supervisor finds it on My work, reads it and accepts it.
        let sindh = app.browser("supervisor.sindh").await;
        let (_, w) = page(&sindh, app.url("/work")).await;
        assert!(w.contains("Offered to your district") && w.contains(&format!("href=\"/cases/{id}#transfer-section\"")), "{w}");
        let (_, offered) = page(&sindh, app.url(&format!("/cases/{id}"))).await;
        assert!(offered.contains("This case is offered to your district by transfer") && offered.contains("id=\"accept-transfer\""), "{offered}");
        assert!(!offered.contains("id=\"transition-form\""), "read-only until accepted");
        let (_, api_view) = app.api("supervisor.sindh").await.get("/api/v1/transfers").await;
        let tid = api_view["incoming"][0]["id"].as_i64().unwrap();
        let durl = app.url(&format!("/cases/{id}/transfers/{tid}/decision"));
        let r = sindh.post(&durl).form(&[("csrf", csrf_of(&offered).as_str()), ("decision", "decline")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Enter why the transfer is declined"));
        let r = sindh.post(&durl).form(&[("csrf", csrf_of(&offered).as_str()), ("decision", "accept")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, p) = page(&sindh, app.url(r.headers()["location"].to_str().unwrap())).await;
        assert!(p.contains("The case is accepted: it is now your district") && p.contains("id=\"transition-form\""), "{p}");
        // Lahore reads it, read-only; the API says so.
        let (_, back) = page(&web, app.url(&format!("/cases/{id}"))).await;
        assert!(back.contains("This case was transferred out of your jurisdiction") && !back.contains("id=\"transition-form\""), "{back}");
        let (_, got) = io.get(&format!("/api/v1/cases/{id}")).await;
        assert_eq!((got["read_only"].as_bool(), got["district_code"].as_str()), (Some(true), Some("KHS")));
        assert_eq!(io.post(&format!("/api/v1/cases/{id}/hearings"), json!({"hearing_date": "2027-01-15", "court": "Sessions Court"})).await.0, 404);
        app.stop().await;
    }

    async fn a_document_is_attached_from_the_page_and_downloaded_with_an_audit_row(engine: Engine) {
        let app = TestApp::start(engine).await;
        let (io, id, web, p) = lahore_smuggling_case(&app).await;
        assert!(p.contains("enctype=\"multipart/form-data\"") && p.contains("No documents attached yet."));
        let csrf = csrf_of(&p);
        let url = app.url(&format!("/cases/{id}/documents"));
        let form = |kind: &str, bytes: &[u8]| reqwest::multipart::Form::new()
            .text("csrf", csrf.clone()).text("kind", kind.to_owned()).text("title", "FIR 45/2026")
            .text("document_date-day", "3").text("document_date-month", "1").text("document_date-year", "2026")
            .part("file", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("fir.pdf"));
        // Not what it claims: refused with the summary; no kind: asked for.
        let r = web.post(&url).multipart(form("fir_copy", b"MZ not a pdf")).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let e = r.text().await.unwrap();
        assert!(e.contains("href=\"#f-file\"") && e.contains("Attach a PDF, JPEG or PNG file"), "{e}");
        let r = web.post(&url).multipart(form("", b"%PDF-1.4")).send().await.unwrap();
        assert!(r.text().await.unwrap().contains("Choose what the document is"));
        // Real files hold NUL bytes: they pass (only text fields refuse them).
        let pdf = b"%PDF-1.4 \x00\x01 synthetic FIR copy".to_vec();
        let r = web.post(&url).multipart(form("fir_copy", &pdf)).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, p) = page(&web, app.url(r.headers()["location"].to_str().unwrap())).await;
        assert!(p.contains("The document is attached and encrypted.") && p.contains("Copy of the FIR") && p.contains("3 Jan 2026"), "{p}");
        let (_, got) = io.get(&format!("/api/v1/cases/{id}")).await;
        let doc = got["documents"][0]["id"].as_i64().unwrap();
        let r = web.get(app.url(&format!("/cases/{id}/documents/{doc}"))).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"LHR-"));
        assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
        // By the API, a JPEG, downloaded again; both downloads are audited.
        let jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0, 0];
        let api = reqwest::Client::new();
        let token = app.token("io.lahore").await;
        let r = api.post(app.url(&format!("/api/v1/cases/{id}/documents"))).bearer_auth(&token)
            .multipart(reqwest::multipart::Form::new().text("kind", "photograph").text("document_date", "2026-11-02")
                .part("file", reqwest::multipart::Part::bytes(jpeg.clone()).file_name("p.jpg")))
            .send().await.unwrap();
        assert_eq!(r.status(), 201);
        let pid = r.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
        let r = api.get(app.url(&format!("/api/v1/cases/{id}/documents/{pid}"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap().to_owned()), (200, "image/jpeg".to_owned()));
        assert_eq!(r.bytes().await.unwrap().to_vec(), jpeg);
        let (_, audit) = app.api("auditor").await.get(&format!("/api/v1/audit?case_id={id}")).await;
        let downloads = audit["items"].as_array().unwrap().iter().filter(|i| i["entity"] == "document" && i["action"] == "view").count();
        assert_eq!(downloads, 2, "{audit}");
        // Another district's officer cannot fetch it.
        let other = app.browser("io.gujranwala").await;
        assert_eq!(other.get(app.url(&format!("/cases/{id}/documents/{doc}"))).send().await.unwrap().status(), 404);
        app.stop().await;
    }
}
