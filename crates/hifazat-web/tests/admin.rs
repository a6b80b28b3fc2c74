//! Administration through the real HTTP server, on SQLite and PostgreSQL: agencies and the
//! service directory through the API and the pages, the CSV import, account changes that apply
//! to the next request, audit rows, and refusals for everyone but administrators.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_store::both_engines;
use serde_json::{json, Value};

const DIRECTORY: &str = "agency,kind,province,district,services,accepts,languages,capacity,phone,districts_served\n\
Darul Aman Sahiwal,social_welfare,Punjab,Sahiwal,shelter;psychosocial,women;children,Urdu;Punjabi,30,040-1234567,Okara;Pakpattan\n\
Crisis Centre Nowhere,ngo,,Atlantis,medical,women,,,,\n\
Legal Aid Multan,ngo,PK-PB,MUX,legal_aid;teleportation,women;men,Saraiki,,,\n\
Child Protection Unit Multan,child_protection,PK-PB,MUX,child_protection;family_tracing,children,Saraiki,,,\n\
Shelter Without Beds,ngo,,MUX,shelter,women,,,,\n";

async fn put(api: &Api, app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .put(app.url(path))
        .bearer_auth(&api.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

async fn post_csv(api: &Api, app: &TestApp, body: &str) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/providers/import"))
        .bearer_auth(&api.token)
        .header("content-type", "text/csv")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

async fn audit_rows(app: &TestApp, query: &str) -> Vec<Value> {
    let auditor = app.api("auditor").await;
    let (s, a) = auditor
        .get(&format!("/api/v1/audit?per_page=500&{query}"))
        .await;
    assert_eq!(s, 200, "{a}");
    a["items"].as_array().unwrap().clone()
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    app.store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username == username)
        .unwrap()
        .id
}

both_engines! {
    async fn an_administrator_manages_agencies_and_providers_through_the_api(engine: Engine) {
        let app = TestApp::start(engine).await;
        let admin = app.api("admin").await;
        let (s, zone) = admin.post("/api/v1/agencies", json!({"name": "FIA Lahore Zone", "kind": "fia_zone", "province_code": "PK-PB"})).await;
        assert_eq!(s, 201, "{zone}");
        let zone_id = zone["agency"]["id"].as_i64().unwrap();
        let (s, a) = admin.post("/api/v1/agencies", json!({"name": "Darul Aman Lahore", "kind": "social_welfare", "district_code": "LHR"})).await;
        assert_eq!(s, 201, "{a}");
        let id = a["agency"]["id"].as_i64().unwrap();
        assert_eq!(a["agency"]["province_code"], "PK-PB");
        assert_eq!(a["provider"], Value::Null);

        // Bad input: 422 with a message per field, and nothing written.
        let (s, e) = admin.post("/api/v1/agencies", json!({"name": "", "kind": "castle", "province_code": "PK-SD", "district_code": "LHR"})).await;
        assert_eq!(s, 422, "{e}");
        assert_eq!(e["fields"]["name"][0], "Enter the agency's name");
        assert_eq!(e["fields"]["district_code"][0], "Choose a district in the province");
        assert!(e["fields"]["kind"].is_array());
        let (s, e) = admin.post("/api/v1/agencies", json!({"name": "darul aman LAHORE", "kind": "ngo"})).await;
        assert_eq!(s, 422);
        assert_eq!(e["fields"]["name"][0], "An agency with this name already exists");
        let (_, list) = admin.get("/api/v1/agencies").await;
        assert_eq!(list["total"], 2, "{list}");

        // Edit with PUT (and POST), history in the audit trail.
        let (s, a) = put(&admin, &app, &format!("/api/v1/agencies/{id}"), json!({"name": "Darul Aman Lahore (Township)", "kind": "social_welfare", "district_code": "LHR", "parent_id": zone_id})).await;
        assert_eq!(s, 200, "{a}");
        assert_eq!(a["agency"]["parent"], "FIA Lahore Zone");
        let (s, e) = admin.post(&format!("/api/v1/agencies/{id}"), json!({"name": "Elsewhere", "kind": "social_welfare", "province_code": "PK-PB", "district_code": "KHS"})).await;
        assert_eq!(s, 422, "{e}");
        assert_eq!(e["fields"]["district_code"][0], "Choose a district in the province");
        let (_, a) = admin.get(&format!("/api/v1/agencies/{id}")).await;
        assert_eq!(a["agency"]["name"], "Darul Aman Lahore (Township)", "a refused edit was written");
        let (s, _) = admin.get("/api/v1/agencies/999999").await;
        assert_eq!(s, 404);

        // The directory entry, serving two more districts.
        let entry = json!({"services": ["shelter", "legal_aid"], "accepts": ["women", "children"], "languages": "Urdu, Punjabi",
            "capacity": 25, "phone": "042-7654321", "districts_served": ["GRW", "SKT"]});
        let (s, e) = admin.post(&format!("/api/v1/agencies/{id}/provider"), json!({"services": ["shelter", "ballooning"], "accepts": [], "capacity": 0, "districts_served": ["XXX"]})).await;
        assert_eq!(s, 422, "{e}");
        for f in ["services", "accepts", "districts_served"] {
            assert!(e["fields"][f].is_array(), "no message for {f}: {e}");
        }
        let (s, a) = admin.get(&format!("/api/v1/agencies/{id}")).await;
        assert_eq!((s, &a["provider"]), (200, &Value::Null), "a refused entry was written");
        let (s, a) = put(&admin, &app, &format!("/api/v1/agencies/{id}/provider"), entry).await;
        assert_eq!(s, 200, "{a}");
        assert_eq!(a["provider"]["districts_served"], json!(["GRW", "SKT"]));
        assert_eq!(a["provider"]["phone"], "+92427654321");

        // The directory finds it under its own district and both served districts.
        let officer = app.api("national").await;
        for d in ["LHR", "GRW", "SKT"] {
            let (s, p) = officer.get(&format!("/api/v1/providers?district={d}")).await;
            assert_eq!(s, 200);
            let names: Vec<&str> = p.as_array().unwrap().iter().map(|x| x["name"].as_str().unwrap()).collect();
            assert_eq!(names, vec!["Darul Aman Lahore (Township)"], "district {d}");
        }
        let (_, p) = officer.get("/api/v1/providers?district=QTA").await;
        assert_eq!(p, json!([]));

        let rows = audit_rows(&app, "action=update").await;
        let edit = rows.iter().find(|r| r["entity"] == "agency").expect("agency edit audited");
        assert_eq!(edit["username"], "admin");
        let detail = edit["detail"].as_str().unwrap();
        assert!(detail.contains("name: \"Darul Aman Lahore\" → \"Darul Aman Lahore (Township)\""), "{detail}");
        let created = audit_rows(&app, "action=create").await;
        let id_text = id.to_string();
        assert!(created.iter().any(|r| r["entity"] == "provider" && r["entity_id"] == id_text.as_str()));
        app.stop().await;
    }

    async fn only_administrators_reach_administration(engine: Engine) {
        let app = TestApp::start(engine).await;
        let target = user_id(&app, "io.lahore").await;
        for who in ["national", "io.lahore", "supervisor.punjab", "analyst", "auditor"] {
            let api = app.api(who).await;
            for path in ["/api/v1/agencies", "/api/v1/agencies/1", &format!("/api/v1/users/{target}")] {
                let (s, body) = api.get(path).await;
                assert_eq!(s, 403, "{who} GET {path}: {body}");
                assert!(body["error"].is_string());
            }
            let (s, _) = api.post("/api/v1/agencies", json!({"name": "Rogue Agency", "kind": "ngo"})).await;
            assert_eq!(s, 403, "{who} created an agency");
            let (s, _) = api.post(&format!("/api/v1/users/{target}"), json!({"display_name": "X", "roles": ["administrator"], "jurisdiction": "national"})).await;
            assert_eq!(s, 403, "{who} changed an account");
            let (s, _) = post_csv(&api, &app, DIRECTORY).await;
            assert_eq!(s, 403, "{who} imported a directory");
            let web = app.browser(who).await;
            for page in ["/admin/agencies", "/admin/agencies/new", "/admin/directory/import", &format!("/admin/users/{target}")] {
                let r = web.get(app.url(page)).send().await.unwrap();
                assert_eq!(r.status(), 403, "{who} {page}");
            }
        }
        let r = reqwest::get(app.url("/api/v1/agencies")).await.unwrap();
        assert_eq!(r.status(), 401);
        let admin = app.api("admin").await;
        let (_, list) = admin.get("/api/v1/agencies").await;
        assert_eq!(list["total"], 0, "a refused request created something: {list}");
        let io = app.store.users().await.unwrap().into_iter().find(|u| u.username == "io.lahore").unwrap();
        assert_eq!(io.roles, vec![hifazat_domain::UserRole::InvestigatingOfficer]);
        assert!(audit_rows(&app, "action=import").await.is_empty());
        app.stop().await;
    }

    async fn a_directory_import_keeps_good_rows_reports_bad_ones_and_updates_on_reimport(engine: Engine) {
        let app = TestApp::start(engine).await;
        let admin = app.api("admin").await;
        let (s, r) = post_csv(&admin, &app, DIRECTORY).await;
        assert_eq!(s, 200, "{r}");
        assert_eq!((r["rows"].as_i64(), r["created"].as_i64(), r["rejected"].as_i64()), (Some(5), Some(2), Some(3)), "{r}");
        let errors: Vec<(i64, &str)> = r["errors"].as_array().unwrap().iter()
            .map(|e| (e["line"].as_i64().unwrap(), e["field"].as_str().unwrap())).collect();
        assert_eq!(errors, vec![(3, "district"), (4, "services"), (6, "capacity")], "{r}");
        assert!(r["errors"][1]["message"].as_str().unwrap().contains("teleportation"));
        let (_, list) = admin.get("/api/v1/agencies?providers=true").await;
        assert_eq!(list["total"], 2, "{list}");

        // The directory finds Sahiwal's shelter in Okara, a district it serves.
        let officer = app.api("national").await;
        let (_, p) = officer.get("/api/v1/providers?district=OKR&service=shelter").await;
        assert_eq!(p.as_array().unwrap().len(), 1, "{p}");
        assert_eq!(p[0]["name"], "Darul Aman Sahiwal");

        // The corrected rows, and one changed: updated, never duplicated.
        let fixed = "agency,kind,district,services,accepts,languages,capacity\n\
            Legal Aid Multan,ngo,MUX,legal_aid,women;men,Saraiki,\n\
            Darul Aman Sahiwal,,,shelter,women,Urdu,35\n\
            Shelter Without Beds,ngo,MUX,shelter,women,,4\n";
        let (s, r) = post_csv(&admin, &app, fixed).await;
        assert_eq!(s, 200, "{r}");
        assert_eq!((r["created"].as_i64(), r["updated"].as_i64(), r["rejected"].as_i64()), (Some(2), Some(1), Some(0)), "{r}");
        let (s, r) = post_csv(&admin, &app, fixed).await;
        assert_eq!((s, r["unchanged"].as_i64(), r["created"].as_i64()), (200, Some(3), Some(0)), "{r}");
        let (_, list) = admin.get("/api/v1/agencies").await;
        assert_eq!(list["total"], 4, "{list}");
        let providers = audit_rows(&app, "").await;
        let per_provider = providers.iter().filter(|r| r["entity"] == "provider").count();
        let summaries = providers.iter().filter(|r| r["entity"] == "directory" && r["action"] == "import").count();
        assert_eq!((per_provider, summaries), (5, 3), "one row per created or updated provider, one per import");

        // An unusable file: 422 naming the file, nothing written.
        let (s, e) = post_csv(&admin, &app, "name;services\nX;shelter\n").await;
        assert_eq!(s, 422, "{e}");
        assert!(e["fields"]["csv"].is_array());
        assert_eq!(audit_rows(&app, "action=import").await.len(), 3);
        app.stop().await;
    }

    async fn a_role_or_jurisdiction_change_takes_effect_on_the_next_request(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let (s, case) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        assert_eq!(s, 201);
        let case_id = case["id"].as_i64().unwrap();
        let target = user_id(&app, "io.lahore").await;
        let admin = app.api("admin").await;
        let (s, u) = admin.get(&format!("/api/v1/users/{target}")).await;
        assert_eq!(s, 200, "{u}");
        assert_eq!(u["jurisdiction"], "district:LHR");

        let (s, e) = admin.post(&format!("/api/v1/users/{target}"), json!({"display_name": "", "roles": [], "jurisdiction": "district:XYZ"})).await;
        assert_eq!(s, 422, "{e}");
        for f in ["display_name", "roles", "jurisdiction"] {
            assert!(e["fields"][f].is_array(), "no message for {f}: {e}");
        }
        let (s, _) = io.get(&format!("/api/v1/cases/{case_id}")).await;
        assert_eq!(s, 200, "a refused change still changed the account");

        // Moved to Gujranwala: the same token no longer reaches the Lahore case.
        let (s, u) = put(&admin, &app, &format!("/api/v1/users/{target}"), json!({"display_name": "Test io.lahore", "roles": ["investigating_officer"], "jurisdiction": "district:GRW"})).await;
        assert_eq!(s, 200, "{u}");
        assert_eq!(u["jurisdiction_label"], "Gujranwala district");
        let (s, _) = io.get(&format!("/api/v1/cases/{case_id}")).await;
        assert_eq!(s, 404);
        // Made an analyst: no case lists at all.
        let (s, _) = admin.post(&format!("/api/v1/users/{target}"), json!({"display_name": "Test io.lahore", "roles": ["analyst"], "jurisdiction": "national"})).await;
        assert_eq!(s, 200);
        let (s, _) = io.get("/api/v1/cases").await;
        assert_eq!(s, 403);
        // Made an administrator: reaches administration.
        let (s, _) = admin.post(&format!("/api/v1/users/{target}"), json!({"display_name": "Test io.lahore", "roles": ["administrator"], "jurisdiction": "national"})).await;
        assert_eq!(s, 200);
        let (s, _) = io.get("/api/v1/agencies").await;
        assert_eq!(s, 200);

        let rows = audit_rows(&app, "action=update").await;
        let changes: Vec<&str> = rows.iter().filter(|r| r["entity"] == "user").map(|r| r["detail"].as_str().unwrap()).collect();
        assert_eq!(changes.len(), 3, "{changes:?}");
        assert!(changes.iter().any(|d| d.contains("jurisdiction: district:LHR → district:GRW")), "{changes:?}");
        assert!(changes.iter().any(|d| d.contains("roles: investigating_officer → analyst")), "{changes:?}");
        app.stop().await;
    }

    async fn the_administration_pages_validate_and_save(engine: Engine) {
        let app = TestApp::start(engine).await;
        let web = app.browser("admin").await;
        let page = web.get(app.url("/admin/agencies/new")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("href=\"/admin/agencies\""), "navigation for administrators");
        let csrf = csrf_of(&page);

        let r = web.post(app.url("/admin/agencies")).form(&[("csrf", csrf.as_str()), ("name", ""), ("kind", "ngo"), ("province_code", "PK-SD"), ("district_code", "LHR")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains("class=\"error-summary\""), "{body}");
        assert!(body.contains("<a href=\"#f-name\">Enter the agency&#x27;s name</a>") || body.contains("<a href=\"#f-name\">Enter the agency&#39;s name</a>"), "{body}");
        assert!(body.contains("<a href=\"#f-district_code\">Choose a district in the province</a>"));
        assert!(body.contains("id=\"f-name\""));

        let r = web.post(app.url("/admin/agencies")).form(&[("csrf", csrf.as_str()), ("name", "Darul Aman Gujranwala"), ("kind", "social_welfare"), ("province_code", ""), ("district_code", "GRW"), ("parent_id", "")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.starts_with("/admin/agencies/") && to.ends_with("?done=created"), "{to}");
        let id: i64 = to["/admin/agencies/".len()..].split('?').next().unwrap().parse().unwrap();

        let form = [("csrf", csrf.as_str()), ("services", "shelter"), ("accepts", "women"), ("accepts", "children"), ("languages", "Urdu"), ("capacity", "many"), ("phone", ""), ("districts_served", "HFZ")];
        let r = web.post(app.url(&format!("/admin/agencies/{id}/provider"))).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Enter the number of beds as a whole number"));
        let mut form = form;
        form[5] = ("capacity", "12");
        let r = web.post(app.url(&format!("/admin/agencies/{id}/provider"))).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let page = web.get(app.url(&format!("/admin/agencies/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("value=\"HFZ\" checked"), "the districts served are shown ticked");
        let officer = app.api("national").await;
        let (_, p) = officer.get("/api/v1/providers?district=HFZ").await;
        assert_eq!(p[0]["name"], "Darul Aman Gujranwala", "{p}");
        let national = app.browser("national").await;
        let dir = national.get(app.url("/providers?district=HFZ")).send().await.unwrap().text().await.unwrap();
        assert!(dir.contains("Darul Aman Gujranwala") && dir.contains("also serves Hafizabad"), "{dir}");

        let list = web.get(app.url("/admin/agencies?q=gujranwala")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains(&format!("href=\"/admin/agencies/{id}\"")), "{list}");

        let r = web.post(app.url("/admin/directory/import")).form(&[("csrf", csrf.as_str()), ("csv", DIRECTORY)]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let report = r.text().await.unwrap();
        assert!(report.contains("5 rows read: 2 added, 0 updated, 0 unchanged, 3 refused."), "{report}");
        assert!(report.contains("teleportation"));

        let target = user_id(&app, "io.gujranwala").await;
        let page = web.get(app.url(&format!("/admin/users/{target}"))).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let users = web.get(app.url("/admin/users")).send().await.unwrap().text().await.unwrap();
        assert!(users.contains(&format!("href=\"/admin/users/{target}\"")));
        let r = web.post(app.url(&format!("/admin/users/{target}"))).form(&[("csrf", csrf.as_str()), ("display_name", "IO Gujranwala"), ("jurisdiction", "district:GRW"), ("agency_id", "")]).send().await.unwrap();
        assert_eq!(r.status(), 422, "no role");
        assert!(r.text().await.unwrap().contains("<a href=\"#f-roles\">Choose at least one role</a>"));
        let r = web.post(app.url(&format!("/admin/users/{target}"))).form(&[("csrf", csrf.as_str()), ("display_name", "IO Gujranwala"), ("roles", "investigating_officer"), ("roles", "supervisor"), ("jurisdiction", "province:PK-PB"), ("agency_id", &id.to_string())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let u = app.api("admin").await.get(&format!("/api/v1/users/{target}")).await.1;
        assert_eq!(u["roles"], json!(["supervisor", "investigating_officer"]));
        assert_eq!(u["agency"], "Darul Aman Gujranwala");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_openapi_document_names_each_administration_operation_once() {
    let app = TestApp::start(hifazat_store::Engine::Sqlite).await;
    let doc: Value = reqwest::get(app.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|ops| ops.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str().map(str::to_owned))
        .collect();
    for op in [
        "list_agencies",
        "create_agency",
        "get_agency",
        "update_agency",
        "update_agency_by_post",
        "set_provider",
        "set_provider_by_post",
        "import_directory",
        "get_user",
        "update_user",
        "update_user_by_post",
    ] {
        assert_eq!(
            ids.iter().filter(|i| *i == op).count(),
            1,
            "{op} in {ids:?}"
        );
    }
    for schema in [
        "AgencyInput",
        "ProviderInput",
        "UserUpdate",
        "ImportReport",
        "RowError",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    app.stop().await;
}
