//! A real Hifazat server on 127.0.0.1:0 over a fresh database, with one account per role.

#![allow(dead_code)]

use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::admin::users::NewUser;
use hifazat_store::testing::TestDb;
use hifazat_store::{Engine, Store, Vault};
use serde_json::{json, Value};

pub const PASSWORD: &str = "test-password-123";

pub struct TestApp {
    pub base: String,
    pub store: Store,
    db: Option<TestDb>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

pub const ACCOUNTS: &[(&str, UserRole, &str)] = &[
    ("admin", UserRole::Administrator, "national"),
    ("national", UserRole::NationalCoordinator, "national"),
    ("io.lahore", UserRole::InvestigatingOfficer, "district:LHR"),
    (
        "io.gujranwala",
        UserRole::InvestigatingOfficer,
        "district:GRW",
    ),
    ("supervisor.punjab", UserRole::Supervisor, "province:PK-PB"),
    ("supervisor.sindh", UserRole::Supervisor, "province:PK-SD"),
    ("analyst", UserRole::Analyst, "national"),
    ("auditor", UserRole::Auditor, "national"),
];

impl TestApp {
    pub async fn start(engine: Engine) -> TestApp {
        Self::start_with(engine, |s| s).await
    }

    /// A server whose state `configure` may change (trusted proxies, Secure cookies…).
    pub async fn start_with(
        engine: Engine,
        configure: impl FnOnce(hifazat_web::AppState) -> hifazat_web::AppState,
    ) -> TestApp {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("hifazat_web=error")
            .with_test_writer()
            .try_init();
        let db = TestDb::new(engine).await;
        let store = db.connect(Vault::new([5u8; 32])).await.expect("connect");
        for (u, role, j) in ACCOUNTS {
            store
                .admin(&hifazat_store::Ctx::system("test"))
                .unwrap()
                .create_user(NewUser {
                    username: (*u).into(),
                    display_name: format!("Test {u}"),
                    password: PASSWORD.into(),
                    agency_id: None,
                    jurisdiction: Jurisdiction::from_code(j).unwrap(),
                    roles: vec![*role],
                })
                .await
                .unwrap();
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let state = configure(hifazat_web::AppState::new(store.clone()));
        let server = tokio::spawn(async move {
            hifazat_web::serve(listener, state, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        TestApp {
            base,
            store,
            db: Some(db),
            shutdown: Some(tx),
            server: Some(server),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A bearer token for `username`.
    pub async fn token(&self, username: &str) -> String {
        let r = reqwest::Client::new()
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "login {username}");
        r.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn api(&self, username: &str) -> Api {
        Api {
            app_base: self.base.clone(),
            token: self.token(username).await,
            client: reqwest::Client::new(),
        }
    }

    /// A browser-like client (cookies, no redirects followed) signed in through the login form.
    pub async fn browser(&self, username: &str) -> reqwest::Client {
        let c = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = c
            .post(self.url("/login"))
            .form(&[
                ("username", username),
                ("password", PASSWORD),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "form login {username}");
        c
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(s) = self.server.take() {
            let _ = s.await;
        }
        self.store.close().await;
        if let Some(db) = self.db.take() {
            db.drop_db().await;
        }
    }
}

pub struct Api {
    app_base: String,
    pub token: String,
    client: reqwest::Client,
}

impl Api {
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .client
            .get(format!("{}{}", self.app_base, path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let s = r.status().as_u16();
        (s, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .client
            .post(format!("{}{}", self.app_base, path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let s = r.status().as_u16();
        (s, r.json().await.unwrap_or(Value::Null))
    }
}

pub fn trafficking_case(district: &str) -> Value {
    json!({
        "kind": "trafficking",
        "elements": {"acts": ["recruiting", "transporting"], "means": ["deception"], "purposes": ["forced_labour"]},
        "offences": ["PTPA-3"],
        "exploitation": ["bonded_labour"],
        "scope": "internal",
        "district": district,
        "summary": "Family held at a brick kiln for an advance"
    })
}

pub fn victim(name: &str, cnic: &str) -> Value {
    json!({"role": "victim", "name": name, "father_name": "Synthetic Father", "sex": "female", "age": 24, "cnic": cnic, "phone": "0300-1234567"})
}

/// GETs a page: its status and its HTML.
pub async fn page(web: &reqwest::Client, url: String) -> (u16, String) {
    let r = web.get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The CSRF token of the first form on a page.
pub fn csrf_of(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned()
}

/// Rows of the table body with id `table_id` (the "nothing here" row not counted).
pub fn rows(page: &str, table_id: &str) -> usize {
    let t = page
        .split(&format!("id=\"{table_id}\""))
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    t.matches("<tr").count() - 1 - usize::from(t.contains("class=\"empty\""))
}

/// Adds `prosecutor.lahore`, a prosecutor of Lahore district (not among the demo accounts).
pub async fn add_prosecutor(app: &TestApp) {
    app.store
        .admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .create_user(NewUser {
            username: "prosecutor.lahore".into(),
            display_name: "Prosecutor Lahore".into(),
            password: PASSWORD.into(),
            agency_id: None,
            jurisdiction: Jurisdiction::District("LHR".into()),
            roles: vec![UserRole::Prosecutor],
        })
        .await
        .unwrap();
}

/// Adds an account with one role (password [`PASSWORD`]).
pub async fn add_account(app: &TestApp, username: &str, role: UserRole, j: Jurisdiction) {
    app.store
        .admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .create_user(NewUser {
            username: username.into(),
            display_name: format!("Test {username}"),
            password: PASSWORD.into(),
            agency_id: None,
            jurisdiction: j,
            roles: vec![role],
        })
        .await
        .unwrap();
}
