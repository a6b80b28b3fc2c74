//! The real server's operational rules, on SQLite and PostgreSQL: sign-in with a second factor
//! and a forced password change through the pages, sign-out of API tokens, disabled accounts,
//! safe `next=` targets, HSTS, the client address behind a trusted proxy, NUL bytes refused,
//! refused and read records audited, exports audited and safe from formula injection, and no
//! names or CNICs in addresses.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_store::{both_engines, AuthConfig};
use hifazat_vault::second_factor;
use serde_json::{json, Value};

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// The value of `<input … name="NAME" value="…">` in a page.
fn field(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in page"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_owned()
}

async fn audit_rows(app: &TestApp, action: &str) -> Vec<Value> {
    let (_, a) = app
        .api("auditor")
        .await
        .get(&format!("/api/v1/audit?action={action}&per_page=500"))
        .await;
    a["items"].as_array().cloned().unwrap_or_default()
}

both_engines! {
    async fn an_administrator_sets_up_and_uses_a_second_factor_in_the_browser(engine: Engine) {
        let app = TestApp::start_with(engine, |mut s| {
            s.store = s.store.with_auth(AuthConfig { second_factor_roles: vec![hifazat_domain::UserRole::Administrator], ..AuthConfig::default() });
            s
        }).await;
        let c = browser();
        let r = c.post(app.url("/login")).form(&[("username", "admin"), ("password", PASSWORD), ("next", "/admin/users")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        // Every page sends an administrator without a second factor to set one up.
        let r = c.get(app.url("/admin/users")).send().await.unwrap();
        assert_eq!((r.status().as_u16(), location(&r)), (303, "/account/second-factor".into()));
        let page = c.get(app.url("/account/second-factor")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<svg") && page.contains("Set up an authenticator app"), "QR code shown");
        let key = page.split("class=\"secret\">").nth(1).unwrap().split('<').next().unwrap().to_owned();
        let secret = second_factor::secret_from_base32(&key).unwrap();
        let csrf = field(&page, "csrf");
        let now = chrono::Utc::now().timestamp() as u64;
        let r = c.post(app.url("/account/second-factor")).form(&[("csrf", csrf.as_str()), ("code", "000000")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("There is a problem"));
        let page = c.post(app.url("/account/second-factor")).form(&[("csrf", csrf.as_str()), ("code", &second_factor::code_at(&secret, now))]).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Your recovery codes") && page.contains("shown only now"));
        assert_eq!(c.get(app.url("/admin/users")).send().await.unwrap().status(), 200);
        // Signing in again asks for the code before anything opens.
        let c2 = browser();
        let r = c2.post(app.url("/login")).form(&[("username", "admin"), ("password", PASSWORD), ("next", "/admin/users")]).send().await.unwrap();
        assert!(location(&r).starts_with("/login/second-factor"), "{}", location(&r));
        assert!(location(&c2.get(app.url("/admin/users")).send().await.unwrap()).starts_with("/login/second-factor"));
        let page = c2.get(app.url(&location(&r))).send().await.unwrap().text().await.unwrap();
        let csrf2 = field(&page, "csrf");
        let r = c2.post(app.url("/login/second-factor")).form(&[("csrf", csrf2.as_str()), ("code", "123456"), ("next", "/admin/users")]).send().await.unwrap();
        assert_eq!(r.status(), 401);
        let r = c2.post(app.url("/login/second-factor")).form(&[("csrf", csrf2.as_str()), ("code", &second_factor::code_at(&secret, now + 30)), ("next", "/admin/users")]).send().await.unwrap();
        assert_eq!((r.status().as_u16(), location(&r)), (303, "/admin/users".into()));
        assert_eq!(c2.get(app.url("/admin/users")).send().await.unwrap().status(), 200);
        // The API needs the code too.
        let api = reqwest::Client::new();
        let r = api.post(app.url("/api/v1/auth/login")).json(&json!({"username": "admin", "password": PASSWORD})).send().await.unwrap();
        assert_eq!(r.status(), 401);
        assert!(r.json::<Value>().await.unwrap()["fields"]["totp"].is_array());
        app.stop().await;
    }

    async fn a_reset_password_is_changed_at_the_next_sign_in(engine: Engine) {
        let app = TestApp::start(engine).await;
        let admin = app.api("admin").await;
        let io_token = app.api("io.lahore").await;
        let (_, users) = admin.get("/api/v1/users").await;
        let id = users.as_array().unwrap().iter().find(|u| u["username"] == "io.lahore").unwrap()["id"].as_i64().unwrap();
        let (s, r) = admin.post(&format!("/api/v1/users/{id}/reset-password"), json!({})).await;
        assert_eq!(s, 200, "{r}");
        let temp = r["one_time_password"].as_str().unwrap().to_owned();
        assert_eq!(io_token.get("/api/v1/cases").await.0, 401, "the reset ended the token");
        let c = browser();
        let r = c.post(app.url("/login")).form(&[("username", "io.lahore"), ("password", temp.as_str()), ("next", "/cases")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let r = c.get(app.url("/cases")).send().await.unwrap();
        assert_eq!(location(&r), "/account/password");
        let page = c.get(app.url("/account/password")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("You must choose a new password"));
        let csrf = field(&page, "csrf");
        let r = c.post(app.url("/account/password")).form(&[("csrf", csrf.as_str()), ("current_password", temp.as_str()), ("new_password", "password1234"), ("confirm_password", "password1234")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains("There is a problem") && body.contains("href=\"#f-new_password\""), "error summary links to the field");
        let r = c.post(app.url("/account/password")).form(&[("csrf", csrf.as_str()), ("current_password", temp.as_str()), ("new_password", "saffron window ledger 9"), ("confirm_password", "saffron window ledger 9")]).send().await.unwrap();
        assert_eq!(location(&r), "/account?done=password");
        assert_eq!(c.get(app.url("/cases")).send().await.unwrap().status(), 200);
        app.stop().await;
    }

    async fn the_account_pages_speak_urdu_when_asked(engine: Engine) {
        let app = TestApp::start(engine).await;
        let b = app.browser("io.lahore").await;
        let r = b.get(app.url("/language?to=ur&back=/account")).send().await.unwrap();
        assert_eq!(location(&r), "/account");
        assert!(r.headers()["set-cookie"].to_str().unwrap().contains("hifazat_lang=ur"));
        let page = b.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<html lang=\"ur\" dir=\"rtl\">"), "{page}");
        assert!(page.contains("آپ کہاں سائن اِن ہیں"), "translated heading");
        assert!(!page.contains("Where you are signed in"));
        // A refused form speaks Urdu too, including the store's message.
        let page = b.get(app.url("/account/password")).send().await.unwrap().text().await.unwrap();
        let csrf = field(&page, "csrf");
        let r = b.post(app.url("/account/password")).form(&[("csrf", csrf.as_str()), ("current_password", ""), ("new_password", "x"), ("confirm_password", "x")]).send().await.unwrap();
        let body = r.text().await.unwrap();
        assert!(body.contains("ایک مسئلہ ہے") && body.contains("اپنا موجودہ پاس ورڈ درج کریں"), "{body}");
        // Back to English.
        b.get(app.url("/language?to=en&back=/account")).send().await.unwrap();
        let page = b.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<html lang=\"en\" dir=\"ltr\">") && page.contains("Where you are signed in"));
        app.stop().await;
    }

    async fn disabling_an_account_and_signing_out_revoke_api_tokens(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        assert_eq!(io.get("/api/v1/cases").await.0, 200);
        let (s, _) = io.post("/api/v1/auth/logout", json!({})).await;
        assert_eq!(s, 204);
        assert_eq!(io.get("/api/v1/cases").await.0, 401, "logout revokes the token");
        let io = app.api("io.lahore").await;
        let b = app.browser("io.lahore").await;
        let admin = app.api("admin").await;
        let (_, users) = admin.get("/api/v1/users").await;
        let id = users.as_array().unwrap().iter().find(|u| u["username"] == "io.lahore").unwrap()["id"].as_i64().unwrap();
        let (s, e) = admin.post(&format!("/api/v1/users/{id}/disable"), json!({"reason": ""})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["reason"].is_array());
        let (s, r) = admin.post(&format!("/api/v1/users/{id}/disable"), json!({"reason": "left the circle"})).await;
        assert_eq!(s, 200, "{r}");
        assert_eq!(r["sessions_ended"], 2);
        assert_eq!(io.get("/api/v1/cases").await.0, 401);
        assert_eq!(b.get(app.url("/cases")).send().await.unwrap().status(), 303);
        let r = reqwest::Client::new().post(app.url("/api/v1/auth/login")).json(&json!({"username": "io.lahore", "password": PASSWORD})).send().await.unwrap();
        assert_eq!(r.status(), 403);
        // Not an administrator's business for others.
        let (s, _) = app.api("national").await.post(&format!("/api/v1/users/{id}/enable"), json!({})).await;
        assert_eq!(s, 403);
        assert_eq!(admin.post(&format!("/api/v1/users/{id}/enable"), json!({})).await.0, 204);
        app.api("io.lahore").await;
        app.stop().await;
    }

    async fn after_sign_in_only_pages_of_this_site_are_opened(engine: Engine) {
        let app = TestApp::start(engine).await;
        for (next, expected) in [
            ("/cases?stage=inquiry", "/cases?stage=inquiry"),
            ("//evil.example/x", "/"),
            ("/\t/evil.example", "/"),
            ("/\\evil.example", "/"),
            ("https://evil.example", "/"),
            ("/\n/evil.example", "/"),
            ("javascript:alert(1)", "/"),
        ] {
            let r = browser().post(app.url("/login")).form(&[("username", "io.lahore"), ("password", PASSWORD), ("next", next)]).send().await.unwrap();
            assert_eq!(location(&r), expected, "next={next:?}");
        }
        app.stop().await;
    }

    async fn secure_mode_sends_hsts_and_secure_cookies(engine: Engine) {
        let plain = TestApp::start(engine).await;
        let r = reqwest::get(plain.url("/login")).await.unwrap();
        assert!(r.headers().get("strict-transport-security").is_none());
        plain.stop().await;
        let app = TestApp::start_with(engine, |mut s| { s.secure_cookies = true; s }).await;
        let r = reqwest::get(app.url("/login")).await.unwrap();
        assert!(r.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
        let r = browser().post(app.url("/login")).form(&[("username", "io.lahore"), ("password", PASSWORD), ("next", "/")]).send().await.unwrap();
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        app.stop().await;
    }

    async fn the_audit_records_the_real_client_behind_a_trusted_proxy_only(engine: Engine) {
        let app = TestApp::start_with(engine, |mut s| { s.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]; s }).await;
        let r = reqwest::Client::new().post(app.url("/api/v1/auth/login")).header("x-forwarded-for", "198.51.100.23, 203.0.113.9")
            .json(&json!({"username": "io.lahore", "password": PASSWORD})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let logins = audit_rows(&app, "login").await;
        assert!(logins.iter().any(|l| l["username"] == "io.lahore" && l["ip"] == "203.0.113.9"), "{logins:?}");
        app.stop().await;
        // Without the setting, a forged header changes nothing.
        let app = TestApp::start(engine).await;
        reqwest::Client::new().post(app.url("/api/v1/auth/login")).header("x-forwarded-for", "203.0.113.9")
            .json(&json!({"username": "io.lahore", "password": PASSWORD})).send().await.unwrap();
        let logins = audit_rows(&app, "login").await;
        let l = logins.iter().find(|l| l["username"] == "io.lahore").unwrap();
        assert_eq!(l["ip"], "127.0.0.1");
        app.stop().await;
    }

    async fn a_nul_byte_anywhere_is_refused_with_400(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let c = reqwest::Client::new();
        let r = c.get(app.url("/api/v1/cases?district=L%00HR")).bearer_auth(&io.token).send().await.unwrap();
        assert_eq!(r.status(), 400);
        assert!(r.headers()["content-type"].to_str().unwrap().contains("json"));
        let mut case = trafficking_case("LHR");
        case["summary"] = json!("kiln\u{0}owner");
        let (s, e) = io.post("/api/v1/cases", case).await;
        assert_eq!(s, 400, "{e}");
        assert!(e["error"].as_str().unwrap().contains("NUL"));
        let (s, _) = io.post("/api/v1/persons/search", json!({"name": "Asif\u{0}"})).await;
        assert_eq!(s, 400);
        let b = app.browser("io.lahore").await;
        let r = b.post(app.url("/cases/search")).body("csrf=x&q=a%00b").header("content-type", "application/x-www-form-urlencoded").send().await.unwrap();
        assert_eq!(r.status(), 400);
        // Nothing was written.
        assert_eq!(io.get("/api/v1/cases").await.1["total"], 0);
        app.stop().await;
    }

    async fn every_api_rejection_answers_json(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let c = reqwest::Client::new();
        let cases = app.url("/api/v1/cases");
        for (r, status) in [
            (c.post(&cases).bearer_auth(&io.token).header("content-type", "application/json").body("{not json").send().await.unwrap(), 400),
            (c.post(&cases).bearer_auth(&io.token).header("content-type", "text/plain").body("{}").send().await.unwrap(), 415),
            (c.post(&cases).bearer_auth(&io.token).json(&json!({"kind": 7})).send().await.unwrap(), 0),
            (c.delete(&cases).bearer_auth(&io.token).send().await.unwrap(), 405),
            (c.get(app.url("/api/v1/cases/not-a-number")).bearer_auth(&io.token).send().await.unwrap(), 400),
            (c.get(app.url("/api/v1/cases")).send().await.unwrap(), 401),
            (c.get(app.url("/api/v1/no-such-thing")).bearer_auth(&io.token).send().await.unwrap(), 404),
        ] {
            let got = r.status().as_u16();
            assert!(got == status || (status == 0 && (got == 400 || got == 422)), "{got} for {status}");
            assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/json"), "{status}");
            let body: Value = r.json().await.unwrap();
            assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "{status}: {body}");
        }
        app.stop().await;
    }

    async fn refused_requests_reads_and_exports_are_audited(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let (_, case) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        let id = case["id"].as_i64().unwrap();
        let grw = app.api("io.gujranwala").await;
        assert_eq!(grw.get(&format!("/api/v1/cases/{id}")).await.0, 404);
        let denied = audit_rows(&app, "access_denied").await;
        assert!(denied.iter().any(|d| d["username"] == "io.gujranwala" && d["entity_id"] == format!("/api/v1/cases/{id}") && d["detail"].as_str().unwrap().contains("404 GET /api/v1/cases/{id}")), "{denied:?}");
        assert_eq!(app.api("analyst").await.get("/api/v1/audit").await.0, 403);
        assert!(audit_rows(&app, "access_denied").await.iter().any(|d| d["username"] == "analyst"));
        // A read of the case file.
        io.get(&format!("/api/v1/cases/{id}")).await;
        assert!(audit_rows(&app, "view").await.iter().any(|v| v["username"] == "io.lahore" && v["entity"] == "case" && v["case_id"] == id));
        // An export, with formulas neutralised.
        let mut evil = trafficking_case("LHR");
        evil["fir_number"] = json!("=HYPERLINK(\"http://evil.example\")");
        evil["fir_date"] = json!("2026-01-05");
        let (s, e) = io.post("/api/v1/cases", evil).await;
        assert_eq!(s, 201, "{e}");
        let b = app.browser("io.lahore").await;
        let csv = b.get(app.url("/cases.csv")).send().await.unwrap().text().await.unwrap();
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        assert!(!csv.contains(",=HYPERLINK"));
        let exports = audit_rows(&app, "export").await;
        assert!(exports.iter().any(|x| x["entity_id"] == "cases.csv" && x["detail"].as_str().unwrap().starts_with("2 rows")), "{exports:?}");
        app.stop().await;
    }

    async fn names_and_cnics_never_travel_in_addresses(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let (_, case) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        let id = case["id"].as_i64().unwrap();
        io.post(&format!("/api/v1/cases/{id}/persons"), victim("Nasreen Syntheticbibi", "35202-1111111-2")).await;
        // The API refuses a text search in the address and takes it in the body.
        let (s, e) = io.get("/api/v1/cases?q=3520211111112").await;
        assert_eq!(s, 422);
        assert!(e["fields"]["q"].is_array());
        assert_eq!(io.post("/api/v1/cases/search", json!({"q": "35202-1111111-2"})).await.1["total"], 1);
        assert_eq!(io.get("/api/v1/persons/search?name=Asif").await.0, 405);
        // The page's search form posts; the result's address carries the search sealed.
        let b = app.browser("io.lahore").await;
        let page = b.get(app.url("/cases")).send().await.unwrap().text().await.unwrap();
        let csrf = field(&page, "csrf");
        let r = b.post(app.url("/cases/search")).form(&[("csrf", csrf.as_str()), ("q", "35202-1111111-2"), ("stage", "")]).send().await.unwrap();
        let to = location(&r);
        assert!(to.starts_with("/cases?s=") && !to.contains("1111111") && !to.contains("35202"), "{to}");
        let page = b.get(app.url(&to)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(case["reference"].as_str().unwrap()));
        // The sealed search means nothing to another session; a plain q in the address is ignored.
        let other = app.browser("io.lahore").await;
        let page = other.get(app.url(&to)).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("value=\"35202-1111111-2\""));
        app.stop().await;
    }

    async fn absurd_page_numbers_answer_an_empty_page(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let (s, list) = io.get("/api/v1/cases?page=9223372036854775807&per_page=500").await;
        assert_eq!((s, list["items"].as_array().map(|a| a.len())), (200, Some(0)));
        let (s, _) = app.api("auditor").await.get("/api/v1/audit?page=9223372036854775807").await;
        assert_eq!(s, 200);
        let (s, _) = io.get("/api/v1/cases?page=-5").await;
        assert_eq!(s, 200);
        app.stop().await;
    }

}

/// The OpenAPI document says what the server does: the codes of every code list, the
/// statuses every secured operation can answer, one key per field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_matches_the_server() {
    let app = TestApp::start(hifazat_store::Engine::Sqlite).await;
    let doc: Value = reqwest::get(app.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schemas = &doc["components"]["schemas"];
    let codes = |name: &str| -> Vec<String> {
        schemas[name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} has no enum"))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    use hifazat_domain::screening::WatchlistKind;
    let kinds: Vec<String> = WatchlistKind::ALL
        .iter()
        .map(|k| k.code().to_owned())
        .collect();
    assert_eq!(codes("WatchlistKind"), kinds);
    let relations: Vec<String> = hifazat_domain::person::Relation::ALL
        .iter()
        .map(|k| k.code().to_owned())
        .collect();
    assert_eq!(codes("Relation"), relations);
    assert_eq!(codes("Stage").len(), hifazat_domain::Stage::ALL.len());
    // Every secured operation documents 401 and 400 with the JSON error body (the public
    // look-ups under /api/v1/public need no token).
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("400"), "{method} {path}");
            if path != "/api/v1/auth/login" && !path.starts_with("/api/v1/public/") {
                assert!(responses.contains_key("401"), "{method} {path}");
            }
        }
    }
    // The audit filters are query parameters.
    let params = doc["paths"]["/api/v1/audit"]["get"]["parameters"]
        .as_array()
        .unwrap();
    assert!(params.iter().all(|p| p["in"] == "query"), "{params:?}");
    app.stop().await;
}
