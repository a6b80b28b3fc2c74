//! Administration pages: agencies and their entries in the service directory, the import of a
//! directory from CSV, and a staff account's page (roles, jurisdiction, agency, name).
//! Administrators only: the store refuses everyone else, and the refusal is a 403 page.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::opt;
use crate::pages::{all_districts, form_page, html, submitted, Chrome};
use crate::paging::{address, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use hifazat_domain::protection::{Group, Service};
use hifazat_domain::reference::{self, District, Province};
use hifazat_domain::{FieldErrors, UserRole};
use hifazat_store::admin::users::{Agency, AGENCY_KINDS};
use hifazat_store::admin::{
    provider_errors, AgencyDetail, AgencyFilter, AgencyInput, AgencyItem, AgencyList, ImportReport,
    ProviderEntry, ProviderInput, UserDetail, UserUpdate, DIRECTORY_COLUMNS,
};
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// Percent-encodes a query value.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Provinces with their census districts, by name (for the districts-served checkboxes).
fn districts_by_province() -> Vec<(&'static Province, Vec<&'static District>)> {
    reference::PROVINCES
        .iter()
        .map(|p| {
            let mut ds: Vec<_> = reference::districts()
                .iter()
                .filter(|d| d.province_code == p.code)
                .collect();
            ds.sort_by(|a, b| a.name.cmp(&b.name));
            (p, ds)
        })
        .filter(|(_, ds)| !ds.is_empty())
        .collect()
}

/// The message key of a kind of agency.
fn kind_key(code: &str) -> String {
    format!("agency-kind-{code}")
}

/// The message key of a province.
fn province_key(code: &str) -> String {
    format!("province-{code}")
}

fn unprocessable<T: Template>(page: T) -> PageResult {
    form_page(false, page)
}

// ---------------------------------------------------------------------------------------------
// The list of agencies

/// Query of the list of agencies.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AgenciesQuery {
    q: String,
    kind: String,
    province: String,
    /// `yes`, `no` or empty.
    providers: String,
    page: String,
}

#[derive(Template)]
#[template(path = "admin_agencies.html")]
struct AgenciesPage {
    chrome: Chrome,
    list: AgencyList,
    query: AgenciesQuery,
    kinds: &'static [(&'static str, &'static str)],
    provinces: &'static [Province],
    pager: Pager,
}

impl AgenciesPage {
    fn kind_key(&self, code: &str) -> String {
        kind_key(code)
    }
    fn province_key(&self, code: &str) -> String {
        province_key(code)
    }
}

/// `GET /admin/agencies`: agencies by name, filtered, a page at a time.
pub async fn agencies(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<AgenciesQuery>,
) -> PageResult {
    let admin = app.store.admin(&user.ctx())?;
    let f = AgencyFilter {
        q: opt(&q.q),
        kind: opt(&q.kind),
        province: opt(&q.province),
        providers: match q.providers.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        page: q.page.trim().parse().ok(),
        per_page: Some(50),
    };
    let list = admin.agencies(&f).await?;
    let base = format!(
        "/admin/agencies?q={}&kind={}&province={}&providers={}",
        enc(&q.q),
        enc(&q.kind),
        enc(&q.province),
        enc(&q.providers)
    );
    html(AgenciesPage {
        chrome: Chrome::of(&user),
        pager: Pager::new(list.page, list.per_page, list.total, base),
        list,
        query: q,
        kinds: AGENCY_KINDS,
        provinces: reference::PROVINCES,
    })
}

// ---------------------------------------------------------------------------------------------
// One agency: create, edit, directory entry

/// The agency form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AgencyForm {
    name: String,
    kind: String,
    province_code: String,
    district_code: String,
    parent_id: String,
}

impl AgencyForm {
    fn of(a: &AgencyItem) -> Self {
        AgencyForm {
            name: a.name.clone(),
            kind: a.kind.clone(),
            province_code: a.province_code.clone().unwrap_or_default(),
            district_code: a.district_code.clone().unwrap_or_default(),
            parent_id: a.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        }
    }

    fn to_input(&self) -> Result<AgencyInput, FieldErrors> {
        let mut e = FieldErrors::new();
        let parent_id = match self.parent_id.trim() {
            "" => None,
            t => t.parse().ok().or_else(|| {
                e.add("parent_id", "Choose a parent agency from the list");
                None
            }),
        };
        e.into_result(AgencyInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            province_code: opt(&self.province_code),
            district_code: opt(&self.district_code),
            parent_id,
        })
    }
}

/// The directory entry form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProviderForm {
    services: Vec<String>,
    accepts: Vec<String>,
    languages: String,
    capacity: String,
    phone: String,
    districts_served: Vec<String>,
}

impl ProviderForm {
    fn of(p: &ProviderEntry) -> Self {
        ProviderForm {
            services: p.services.iter().map(|s| s.code().to_owned()).collect(),
            accepts: p.accepts.iter().map(|g| g.code().to_owned()).collect(),
            languages: p.languages.clone(),
            capacity: p.capacity.to_string(),
            phone: p.phone.clone().unwrap_or_default(),
            districts_served: p.districts_served.clone(),
        }
    }

    /// The request, or every message (the store's checks included) when a number is unreadable.
    fn to_input(&self) -> Result<ProviderInput, FieldErrors> {
        let mut input = ProviderInput {
            services: self.services.clone(),
            accepts: self.accepts.clone(),
            languages: self.languages.clone(),
            capacity: 0,
            phone: opt(&self.phone),
            districts_served: self.districts_served.clone(),
        };
        match self.capacity.trim() {
            "" => Ok(input),
            t => match t.parse() {
                Ok(n) => {
                    input.capacity = n;
                    Ok(input)
                }
                Err(_) => {
                    let mut e = FieldErrors::new();
                    e.add("capacity", "Enter the number of beds as a whole number");
                    for (f, msgs) in provider_errors(&input).0 {
                        if f != "capacity" {
                            for m in msgs {
                                e.add(f.clone(), m);
                            }
                        }
                    }
                    Err(e)
                }
            },
        }
    }
}

#[derive(Template)]
#[template(path = "admin_agency.html")]
struct AgencyPage {
    chrome: Chrome,
    /// `None` on the page that creates an agency.
    detail: Option<AgencyDetail>,
    form: AgencyForm,
    errors: FieldErrors,
    pform: ProviderForm,
    perrors: FieldErrors,
    kinds: &'static [(&'static str, &'static str)],
    provinces: &'static [Province],
    districts: Vec<&'static District>,
    by_province: Vec<(&'static Province, Vec<&'static District>)>,
    services: &'static [Service],
    groups: &'static [Group],
    parents: Vec<Agency>,
    done: String,
}

impl AgencyPage {
    async fn new(
        app: &AppState,
        user: &WebUser,
        id: Option<i64>,
        done: String,
    ) -> Result<Self, PageError> {
        let admin = app.store.admin(&user.ctx())?;
        let detail = match id {
            Some(id) => Some(admin.agency(id).await?),
            None => None,
        };
        let form = detail
            .as_ref()
            .map(|d| AgencyForm::of(&d.agency))
            .unwrap_or_default();
        let pform = detail
            .as_ref()
            .and_then(|d| d.provider.as_ref())
            .map(ProviderForm::of)
            .unwrap_or_default();
        let parents = app
            .store
            .agencies()
            .await?
            .into_iter()
            .filter(|a| Some(a.id) != id)
            .collect();
        Ok(AgencyPage {
            chrome: Chrome::of(user),
            detail,
            form,
            errors: FieldErrors::new(),
            pform,
            perrors: FieldErrors::new(),
            kinds: AGENCY_KINDS,
            provinces: reference::PROVINCES,
            districts: all_districts(),
            by_province: districts_by_province(),
            services: Service::ALL,
            groups: Group::ALL,
            parents,
            done,
        })
    }

    fn has(list: &[String], code: &str) -> bool {
        list.iter().any(|c| c == code)
    }
    fn has_service(&self, code: &str) -> bool {
        Self::has(&self.pform.services, code)
    }
    fn has_group(&self, code: &str) -> bool {
        Self::has(&self.pform.accepts, code)
    }
    fn serves(&self, code: &str) -> bool {
        Self::has(&self.pform.districts_served, code)
    }
    fn serves_any(&self, ds: &[&District]) -> bool {
        ds.iter().any(|d| self.serves(&d.code))
    }
    fn done_message(&self) -> &'static str {
        match self.done.as_str() {
            "created" => "admin-done-created",
            "saved" => "admin-done-saved",
            "provider" => "admin-done-provider",
            _ => "",
        }
    }
    fn kind_key(&self, code: &str) -> String {
        kind_key(code)
    }
    fn province_key(&self, code: &str) -> String {
        province_key(code)
    }
    fn service_key(&self, code: &str) -> String {
        format!("admin-service-{code}")
    }
    fn group_key(&self, code: &str) -> String {
        format!("admin-group-{code}")
    }
}

/// Query of an agency's page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

/// `GET /admin/agencies/new`.
pub async fn agency_new(State(app): State<AppState>, user: WebUser) -> PageResult {
    html(AgencyPage::new(&app, &user, None, String::new()).await?)
}

/// `POST /admin/agencies`: creates an agency.
pub async fn agency_create(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<AgencyForm>,
) -> PageResult {
    let admin = app.store.admin(&user.ctx())?;
    let outcome = async { admin.create_agency(form.to_input()?).await }.await;
    let next = |id| format!("/admin/agencies/{id}?done=created");
    submitted(outcome, next, |errors| async {
        let mut page = AgencyPage::new(&app, &user, None, String::new()).await?;
        page.form = form;
        page.errors = errors;
        Ok(page)
    })
    .await
}

/// `GET /admin/agencies/{id}`: the agency and its directory entry.
pub async fn agency_page(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    html(AgencyPage::new(&app, &user, Some(id), q.done).await?)
}

/// `POST /admin/agencies/{id}`: changes the agency.
pub async fn agency_update(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<AgencyForm>,
) -> PageResult {
    let admin = app.store.admin(&user.ctx())?;
    let outcome = async { admin.update_agency(id, form.to_input()?).await }.await;
    let next = |()| format!("/admin/agencies/{id}?done=saved");
    submitted(outcome, next, |errors| async {
        let mut page = AgencyPage::new(&app, &user, Some(id), String::new()).await?;
        page.form = form;
        page.errors = errors;
        Ok(page)
    })
    .await
}

/// `POST /admin/agencies/{id}/provider`: puts the agency in the directory or changes its entry.
pub async fn provider_update(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ProviderForm>,
) -> PageResult {
    let admin = app.store.admin(&user.ctx())?;
    let outcome = async { admin.set_provider(id, form.to_input()?).await }.await;
    let next = |()| format!("/admin/agencies/{id}?done=provider#provider");
    submitted(outcome, next, |errors| async {
        let mut page = AgencyPage::new(&app, &user, Some(id), String::new()).await?;
        page.pform = form;
        page.perrors = errors;
        Ok(page)
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Import

/// The import form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ImportForm {
    csv: String,
}

#[derive(Template)]
#[template(path = "admin_import.html")]
struct ImportPage {
    chrome: Chrome,
    csv: String,
    errors: FieldErrors,
    report: Option<ImportReport>,
    columns: String,
    services: &'static [Service],
    groups: &'static [Group],
    kinds: &'static [(&'static str, &'static str)],
}

impl ImportPage {
    fn summary(&self, r: &ImportReport) -> String {
        let tr = self.chrome.tr;
        tr.args(
            "admin-import-summary",
            &[
                ("rows", &tr.n(r.rows)),
                ("created", &tr.n(r.created)),
                ("updated", &tr.n(r.updated)),
                ("unchanged", &tr.n(r.unchanged)),
                ("rejected", &tr.n(r.rejected)),
            ],
        )
    }

    fn new(user: &WebUser, csv: String) -> Self {
        ImportPage {
            chrome: Chrome::of(user),
            csv,
            errors: FieldErrors::new(),
            report: None,
            columns: DIRECTORY_COLUMNS.join(","),
            services: Service::ALL,
            groups: Group::ALL,
            kinds: AGENCY_KINDS,
        }
    }
}

/// `GET /admin/directory/import`.
pub async fn import_page(State(app): State<AppState>, user: WebUser) -> PageResult {
    app.store.admin(&user.ctx())?;
    html(ImportPage::new(&user, String::new()))
}

/// `POST /admin/directory/import`: imports the pasted file and shows the report.
pub async fn import(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<ImportForm>,
) -> PageResult {
    let admin = app.store.admin(&user.ctx())?;
    match admin.import_directory(form.csv.clone()).await {
        Ok(report) => {
            let mut page = ImportPage::new(&user, String::new());
            if report.rejected > 0 {
                // Keep the text so that the refused rows can be corrected and sent again.
                page.csv = form.csv;
            }
            page.report = Some(report);
            html(page)
        }
        Err(StoreError::Invalid(e)) => {
            let mut page = ImportPage::new(&user, form.csv);
            page.errors = e;
            unprocessable(page)
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// A staff account

/// The form that changes an account.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UserEditForm {
    display_name: String,
    roles: Vec<String>,
    jurisdiction: String,
    agency_id: String,
}

impl UserEditForm {
    fn of(u: &UserDetail) -> Self {
        UserEditForm {
            display_name: u.display_name.clone(),
            roles: u.roles.iter().map(|r| r.code().to_owned()).collect(),
            jurisdiction: u.jurisdiction.clone(),
            agency_id: u.agency_id.map(|a| a.to_string()).unwrap_or_default(),
        }
    }

    fn to_update(&self) -> Result<UserUpdate, FieldErrors> {
        let mut e = FieldErrors::new();
        let agency_id = match self.agency_id.trim() {
            "" => None,
            t => t.parse().ok().or_else(|| {
                e.add("agency_id", "Choose an agency from the list");
                None
            }),
        };
        e.into_result(UserUpdate {
            display_name: self.display_name.clone(),
            roles: self.roles.clone(),
            jurisdiction: self.jurisdiction.clone(),
            agency_id,
        })
    }
}

#[derive(Template)]
#[template(path = "admin_user.html")]
struct UserPage {
    chrome: Chrome,
    u: UserDetail,
    form: UserEditForm,
    errors: FieldErrors,
    roles: &'static [UserRole],
    provinces: &'static [Province],
    districts: Vec<&'static District>,
    agencies: Vec<Agency>,
    done: String,
}

impl UserPage {
    async fn new(app: &AppState, user: &WebUser, id: i64, done: String) -> Result<Self, PageError> {
        let u = app.store.admin(&user.ctx())?.user(id).await?;
        Ok(UserPage {
            chrome: Chrome::of(user),
            form: UserEditForm::of(&u),
            u,
            errors: FieldErrors::new(),
            roles: UserRole::ALL,
            provinces: reference::PROVINCES,
            districts: all_districts(),
            agencies: app.store.agencies().await?,
            done,
        })
    }

    fn has_role(&self, code: &str) -> bool {
        self.form.roles.iter().any(|r| r == code)
    }
}

/// `GET /admin/users/{id}`: an account's page.
pub async fn user_page(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    html(UserPage::new(&app, &user, id, q.done).await?)
}

/// `POST /admin/users/{id}`: changes the account's name, roles, jurisdiction and agency.
pub async fn user_update(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<UserEditForm>,
) -> PageResult {
    let admin = app.store.admin(&user.ctx())?;
    let outcome = async { admin.update_user(id, form.to_update()?).await }.await;
    let next = |()| format!("/admin/users/{id}?done=saved");
    submitted(outcome, next, |errors| async {
        let mut page = UserPage::new(&app, &user, id, String::new()).await?;
        page.form = form;
        page.errors = errors;
        Ok(page)
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// The list of accounts, and a new account

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<hifazat_store::admin::users::UserInfo>,
    pager: Pager,
    query: UsersQuery,
    form: crate::forms::UserForm,
    errors: FieldErrors,
    created: String,
    roles: &'static [UserRole],
    provinces: &'static [Province],
    districts: Vec<&'static District>,
    agencies: Vec<Agency>,
}

impl UsersPage {
    fn has_role(&self, code: &str) -> bool {
        self.form.roles.iter().any(|r| r == code)
    }
}

/// Query of the accounts page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UsersQuery {
    q: String,
    /// `yes`, `no` or empty.
    active: String,
    page: String,
    /// The login name of the account just created.
    created: String,
}

async fn users_page(
    app: &AppState,
    user: &WebUser,
    query: UsersQuery,
    form: crate::forms::UserForm,
    errors: FieldErrors,
) -> Result<UsersPage, PageError> {
    if !user.session.actor.may(hifazat_domain::Action::ManageUsers) {
        return Err(StoreError::Forbidden("only administrators manage accounts").into());
    }
    let f = hifazat_store::admin::users::UserFilter {
        q: opt(&query.q),
        active: match query.active.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        page: query.page.trim().parse().ok(),
        per_page: Some(50),
    };
    let (users, total) = app.store.list_users(&f).await?;
    let base = address(
        "/admin/users",
        &[("q", query.q.trim()), ("active", &query.active)],
    );
    Ok(UsersPage {
        chrome: Chrome::of(user),
        users,
        pager: Pager::new(hifazat_store::page_number(f.page), 50, total, base),
        query,
        form,
        errors,
        created: String::new(),
        roles: UserRole::ALL,
        provinces: reference::PROVINCES,
        districts: all_districts(),
        agencies: app.store.agencies().await?,
    })
}

/// `GET /admin/users`: accounts by login name, a page at a time, and the form for a new one.
pub async fn users(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<UsersQuery>,
) -> PageResult {
    let created = q.created.trim().to_owned();
    let form = crate::forms::UserForm {
        jurisdiction: "national".into(),
        ..Default::default()
    };
    let mut page = users_page(&app, &user, q, form, FieldErrors::new()).await?;
    page.created = created;
    html(page)
}

/// `POST /admin/users`: creates an account, or shows the form again with a message per field.
pub async fn user_create(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<crate::forms::UserForm>,
) -> PageResult {
    let admin = app.store.admin(&user.ctx())?;
    let outcome = async { admin.create_user(form.to_new_user()?).await }.await;
    let name = form.username.trim().to_owned();
    let next = |_| address("/admin/users", &[("q", &name), ("created", &name)]);
    submitted(outcome, next, |errors| async {
        let mut form = form;
        form.password.clear();
        users_page(&app, &user, UsersQuery::default(), form, errors).await
    })
    .await
}
