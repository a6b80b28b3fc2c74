//! Administration: agencies, the service-provider directory (with the districts each provider
//! serves), staff accounts' roles and jurisdictions, and the import of a directory from CSV.
//!
//! Only administrators get an [`Admin`] view ([`Store::admin`] checks
//! [`Action::ManageUsers`]); the command line and the demo seeder come through the same door
//! as the system actor ([`Ctx::system`]). Every write is validated first
//! (a message per field, nothing written), then made in one transaction together with its
//! audit row, whose detail lists each changed field as `old → new`: a record is never
//! overwritten without its previous values being kept in the audit trail.
//!
//! Beside it: staff accounts and agencies (`users`), the account lifecycle (`accounts`),
//! signing in (`auth`), the key check and rotation (`keys`), backup, restore and retention
//! (`backup`).

pub mod accounts;
pub mod auth;
pub mod backup;
pub mod keys;
pub mod users;

use crate::admin::users::{validate_username, NewUser, AGENCY_KINDS};
use crate::audit::{self, AuditAction, Entry};
use crate::sql::Q;
use crate::{ts, Ctx, Result, Store, StoreError};
use hifazat_domain::csv_import::{read_csv, split_list, CsvLayout};
use hifazat_domain::person::normalize_phone;
use hifazat_domain::protection::{Group, Service};
use hifazat_domain::reference;
use hifazat_domain::{Action, FieldErrors, Jurisdiction, UserRole};
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, HashMap};

/// Rows accepted in one directory file.
pub const MAX_IMPORT_ROWS: usize = 5000;
/// Longest agency or display name.
pub const MAX_NAME: usize = 200;
/// Most beds a provider may declare.
pub const MAX_CAPACITY: i64 = 10_000;
/// The columns of a directory file, in the documented order.
pub const DIRECTORY_COLUMNS: &[&str] = &[
    "agency",
    "kind",
    "province",
    "district",
    "services",
    "accepts",
    "languages",
    "capacity",
    "phone",
    "districts_served",
];

/// Administration as one administrator (or the command line) may do it.
#[derive(Debug)]
pub struct Admin<'s> {
    store: &'s Store,
    user_id: Option<i64>,
    username: String,
    ip: Option<String>,
}

impl Store {
    /// The administration view for a signed-in administrator, or for the system actor
    /// ([`Ctx::system`]: the command line, seeding); refused for anyone else.
    pub fn admin(&self, ctx: &Ctx) -> Result<Admin<'_>> {
        if !ctx.actor.may(Action::ManageUsers) {
            return Err(StoreError::Forbidden(
                "only administrators manage agencies, the service directory and accounts",
            ));
        }
        Ok(Admin {
            store: self,
            // The system actor has no account.
            user_id: Some(ctx.actor.user_id).filter(|id| *id > 0),
            username: ctx.actor.username.clone(),
            ip: ctx.ip.clone(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Types

/// An agency as entered (create or edit). Empty strings count as absent.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AgencyInput {
    /// Name (unique, whatever the letter case).
    pub name: String,
    /// Kind: a code from the agency kinds (e.g. `ngo`, `social_welfare`, `fia_circle`).
    pub kind: String,
    /// Province code (`PK-PB`); taken from the district when only that is given.
    pub province_code: Option<String>,
    /// District code (`LHR`), in the province.
    pub district_code: Option<String>,
    /// Parent agency (a circle's zone).
    pub parent_id: Option<i64>,
}

/// An agency in the administrators' list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgencyItem {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Kind (code).
    pub kind: String,
    /// Kind (label).
    pub kind_label: String,
    /// Province code.
    pub province_code: Option<String>,
    /// District code.
    pub district_code: Option<String>,
    /// District name.
    pub district: Option<String>,
    /// Parent agency.
    pub parent_id: Option<i64>,
    /// Parent agency's name.
    pub parent: Option<String>,
    /// True when the agency is in the service directory.
    pub provider: bool,
    /// Staff accounts of the agency.
    pub users: i64,
}

/// A page of agencies.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgencyList {
    /// This page, by name.
    pub items: Vec<AgencyItem>,
    /// Agencies matching the filters, all pages.
    pub total: i64,
    /// Page number, from 1.
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
}

/// Filters for the list of agencies.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgencyFilter {
    /// Name contains (any letter case).
    pub q: Option<String>,
    /// Only this kind.
    pub kind: Option<String>,
    /// Only this province.
    pub province: Option<String>,
    /// Only providers in the service directory (`true`) or only other agencies (`false`).
    pub providers: Option<bool>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows per page (at most 200, 50 by default).
    pub per_page: Option<i64>,
}

/// An agency with its entry in the service directory, if any.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgencyDetail {
    /// The agency.
    pub agency: AgencyItem,
    /// Its directory entry, when it provides services.
    pub provider: Option<ProviderEntry>,
}

/// An agency's entry in the service directory.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ProviderEntry {
    /// Services offered.
    pub services: Vec<Service>,
    /// Who it accepts.
    pub accepts: Vec<Group>,
    /// Languages spoken, e.g. `Urdu, Punjabi`.
    pub languages: String,
    /// Beds (0 when not residential).
    pub capacity: i64,
    /// Phone, in international form.
    pub phone: Option<String>,
    /// District codes served besides the agency's own district.
    pub districts_served: Vec<String>,
    /// Last change (UTC).
    pub updated_at: String,
}

/// A directory entry as entered. Codes are checked against the code lists (services:
/// `shelter`, `medical`, `psychosocial`, `legal_aid`, `vocational`, `repatriation`,
/// `child_protection`, `family_tracing`; groups: `women`, `men`, `children`, `transgender`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProviderInput {
    /// Service codes (at least one).
    pub services: Vec<String>,
    /// Group codes (at least one).
    pub accepts: Vec<String>,
    /// Languages spoken (free text, comma-separated).
    pub languages: String,
    /// Beds: 0 when not residential; more than 0 when the provider offers shelter.
    pub capacity: i64,
    /// Phone.
    pub phone: Option<String>,
    /// District codes served besides the agency's own district.
    pub districts_served: Vec<String>,
}

/// A staff account as an administrator sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserDetail {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown in the interface.
    pub display_name: String,
    /// Agency.
    pub agency_id: Option<i64>,
    /// Agency name.
    pub agency: Option<String>,
    /// Territory (`national`, `province:PK-PB`, `district:LHR`).
    pub jurisdiction: String,
    /// Territory, in words.
    pub jurisdiction_label: String,
    /// Roles.
    pub roles: Vec<UserRole>,
    /// False when the account is disabled.
    pub active: bool,
    /// Created (UTC).
    pub created_at: String,
}

/// A change to an account's roles, jurisdiction, agency and name. Every field is sent (read
/// the account first); the change applies from the account's next request.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct UserUpdate {
    /// Name shown in the interface.
    pub display_name: String,
    /// Role codes (at least one).
    pub roles: Vec<String>,
    /// `national`, `province:PK-PB` or `district:LHR`.
    pub jurisdiction: String,
    /// Agency (required for service provider accounts).
    pub agency_id: Option<i64>,
}

pub use hifazat_domain::csv_import::RowError;

/// What an import did (of the directory, or of the register of licensed recruitment agents).
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// Data rows read.
    pub rows: usize,
    /// Providers added to the directory (with their agency, when it was new).
    pub created: usize,
    /// Providers (or their agencies) changed.
    pub updated: usize,
    /// Rows that matched the directory already.
    pub unchanged: usize,
    /// Rows refused (nothing of them was written).
    pub rejected: usize,
    /// Every problem of every refused row, by line.
    pub errors: Vec<RowError>,
}

// ---------------------------------------------------------------------------------------------
// Checks (pure)

fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn kind_code(s: &str) -> Option<&'static str> {
    let s = s.trim();
    AGENCY_KINDS
        .iter()
        .find(|(k, l)| k.eq_ignore_ascii_case(s) || l.eq_ignore_ascii_case(s))
        .map(|(k, _)| *k)
}

/// The label of an agency kind.
pub fn kind_label(code: &str) -> &str {
    AGENCY_KINDS
        .iter()
        .find(|(k, _)| *k == code)
        .map(|(_, l)| *l)
        .unwrap_or(code)
}

fn district_name(code: &Option<String>) -> Option<String> {
    code.as_deref()
        .and_then(reference::district_by_code)
        .map(|d| d.name.clone())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Checks an agency's own fields and normalises them (trims, codes, the province from the
/// district). Uniqueness and the parent need the database: see `check_agency_db`.
fn check_agency(a: &mut AgencyInput, e: &mut FieldErrors) {
    a.name = a.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if a.name.is_empty() {
        e.add("name", "Enter the agency's name");
    } else if a.name.chars().count() > MAX_NAME {
        e.add("name", "The agency's name must be 200 characters or fewer");
    }
    match kind_code(&a.kind) {
        Some(k) => a.kind = k.to_owned(),
        None if a.kind.trim().is_empty() => e.add("kind", "Choose the kind of agency"),
        None => e.add("kind", "Choose a kind of agency from the list"),
    }
    // The province as it stands today: the former tribal areas' `PK-TA` is Khyber Pakhtunkhwa.
    a.province_code = clean(a.province_code.take())
        .map(|p| reference::current_province_code(&p.to_uppercase()).to_owned());
    a.district_code = clean(a.district_code.take()).map(|d| d.to_uppercase());
    if let Some(p) = &a.province_code {
        if reference::province_name(p).is_none() {
            e.add("province_code", "Choose a province from the list");
        }
    }
    if let Some(d) = &a.district_code {
        match reference::district_by_code(d) {
            None => e.add("district_code", "Choose a district from the list"),
            Some(dist) => match &a.province_code {
                None => a.province_code = Some(dist.province_code.clone()),
                Some(p) if *p != dist.province_code => {
                    e.add("district_code", "Choose a district in the province")
                }
                Some(_) => {}
            },
        }
    }
}

/// A checked directory entry.
#[derive(Debug, Clone, PartialEq)]
struct ValidProvider {
    services: Vec<Service>,
    accepts: Vec<Group>,
    languages: String,
    capacity: i64,
    phone: Option<String>,
    districts: Vec<String>,
}

fn check_provider(p: &ProviderInput, e: &mut FieldErrors) -> ValidProvider {
    let mut services = Vec::new();
    for s in p
        .services
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        match Service::from_code(&s.to_lowercase()) {
            Some(s) => services.push(s),
            None => e.add(
                "services",
                format!(
                    "Unknown service '{s}': use {}",
                    Service::ALL
                        .iter()
                        .map(|s| s.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        }
    }
    services.sort();
    services.dedup();
    if services.is_empty() && e.first("services").is_none() {
        e.add("services", "Choose at least one service");
    }
    let mut accepts = Vec::new();
    for g in p.accepts.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match Group::from_code(&g.to_lowercase()) {
            Some(g) => accepts.push(g),
            None => e.add(
                "accepts",
                format!(
                    "Unknown group '{g}': use {}",
                    Group::ALL
                        .iter()
                        .map(|g| g.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        }
    }
    accepts.sort();
    accepts.dedup();
    if accepts.is_empty() && e.first("accepts").is_none() {
        e.add("accepts", "Choose whom the provider accepts");
    }
    let mut langs: Vec<&str> = Vec::new();
    for l in p
        .languages
        .split([',', ';'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if !langs.iter().any(|x| x.eq_ignore_ascii_case(l)) {
            langs.push(l);
        }
    }
    let languages = langs.join(", ");
    if languages.chars().count() > MAX_NAME {
        e.add("languages", "The languages must be 200 characters or fewer");
    }
    if p.capacity < 0 {
        e.add("capacity", "The number of beds cannot be negative");
    } else if p.capacity > MAX_CAPACITY {
        e.add("capacity", "The number of beds must be 10,000 or fewer");
    } else if p.capacity == 0 && services.contains(&Service::Shelter) {
        e.add(
            "capacity",
            "Enter the number of beds: the provider offers shelter",
        );
    }
    let phone = match clean(p.phone.clone()) {
        None => None,
        Some(ph) => match normalize_phone(&ph) {
            Ok(n) => Some(n),
            Err(m) => {
                e.add("phone", capitalise(&m));
                None
            }
        },
    };
    let mut districts = Vec::new();
    for d in p
        .districts_served
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        match reference::district_by_code(&d.to_uppercase()) {
            Some(d) => districts.push(d.code.clone()),
            None => e.add(
                "districts_served",
                format!("Unknown district '{d}': choose districts from the list"),
            ),
        }
    }
    districts.sort();
    districts.dedup();
    ValidProvider {
        services,
        accepts,
        languages,
        capacity: p.capacity,
        phone,
        districts,
    }
}

/// The messages the store would give for a directory entry (for forms that must show every
/// problem at once even when one of their own fields could not be read).
pub fn provider_errors(p: &ProviderInput) -> FieldErrors {
    let mut e = FieldErrors::new();
    check_provider(p, &mut e);
    e
}

/// Collects `field: old → new` for each field that changed, for the audit trail.
#[derive(Default)]
struct Changes(Vec<String>);

impl Changes {
    fn text(&mut self, field: &str, old: Option<&str>, new: Option<&str>) {
        if old != new {
            let show = |v: Option<&str>| v.map_or("—".to_owned(), |s| format!("{s:?}"));
            self.0
                .push(format!("{field}: {} → {}", show(old), show(new)));
        }
    }
    fn code(&mut self, field: &str, old: Option<&str>, new: Option<&str>) {
        if old != new {
            let show = |v: Option<&str>| v.unwrap_or("—").to_owned();
            self.0
                .push(format!("{field}: {} → {}", show(old), show(new)));
        }
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    fn detail(&self, prefix: &str) -> String {
        if prefix.is_empty() {
            self.0.join("; ")
        } else {
            format!("{prefix}; {}", self.0.join("; "))
        }
    }
}

fn list<T: Copy>(items: &[T], code: fn(T) -> &'static str) -> String {
    items.iter().map(|i| code(*i)).collect::<Vec<_>>().join(",")
}

fn agency_changes(c: &mut Changes, old: Option<&AgencyInput>, new: &AgencyInput) {
    let parent = |a: &AgencyInput| a.parent_id.map(|p| p.to_string());
    c.text("name", old.map(|o| o.name.as_str()), Some(&new.name));
    c.code("kind", old.map(|o| o.kind.as_str()), Some(&new.kind));
    c.code(
        "province",
        old.and_then(|o| o.province_code.as_deref()),
        new.province_code.as_deref(),
    );
    c.code(
        "district",
        old.and_then(|o| o.district_code.as_deref()),
        new.district_code.as_deref(),
    );
    c.code(
        "parent",
        old.and_then(parent).as_deref(),
        parent(new).as_deref(),
    );
}

fn provider_changes(c: &mut Changes, old: Option<&ProviderEntry>, new: &ValidProvider) {
    let s = |v: String| Some(v);
    c.code(
        "services",
        old.and_then(|o| s(list(&o.services, Service::code)))
            .as_deref(),
        Some(&list(&new.services, Service::code)),
    );
    c.code(
        "accepts",
        old.and_then(|o| s(list(&o.accepts, Group::code)))
            .as_deref(),
        Some(&list(&new.accepts, Group::code)),
    );
    c.text(
        "languages",
        old.map(|o| o.languages.as_str()),
        Some(&new.languages),
    );
    c.code(
        "capacity",
        old.map(|o| o.capacity.to_string()).as_deref(),
        Some(&new.capacity.to_string()),
    );
    c.code(
        "phone",
        old.and_then(|o| o.phone.as_deref()),
        new.phone.as_deref(),
    );
    c.code(
        "districts_served",
        old.map(|o| o.districts_served.join(",")).as_deref(),
        Some(&new.districts.join(",")),
    );
}

// ---------------------------------------------------------------------------------------------
// Reads shared with the directory

/// The districts each of `ids` serves besides its own (for the directory).
pub(crate) async fn districts_served(
    c: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<String>>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    for chunk in ids.chunks(500) {
        let mut q = Q::new("SELECT agency_id, district_code FROM provider_districts WHERE");
        q.push_in("agency_id", chunk);
        q.push(" ORDER BY agency_id, district_code");
        for r in q.query().fetch_all(&mut *c).await? {
            out.entry(r.try_get("agency_id")?)
                .or_default()
                .push(r.try_get("district_code")?);
        }
    }
    Ok(out)
}

async fn agency_row(c: &mut AnyConnection, id: i64) -> Result<Option<AgencyInput>> {
    let r = sqlx::query(
        "SELECT name, kind, province_code, district_code, parent_id FROM agencies WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await?;
    r.map(|r| {
        Ok(AgencyInput {
            name: r.try_get("name")?,
            kind: r.try_get("kind")?,
            province_code: r.try_get("province_code")?,
            district_code: r.try_get("district_code")?,
            parent_id: r.try_get("parent_id")?,
        })
    })
    .transpose()
}

async fn provider_entry(c: &mut AnyConnection, id: i64) -> Result<Option<ProviderEntry>> {
    let Some(r) = sqlx::query(
        "SELECT services, accepts, languages, capacity, phone, updated_at FROM providers WHERE agency_id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await?
    else {
        return Ok(None);
    };
    let split = |s: String| -> Vec<String> {
        s.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut districts = districts_served(c, &[id]).await?;
    Ok(Some(ProviderEntry {
        services: split(r.try_get("services")?)
            .iter()
            .filter_map(|s| Service::from_code(s))
            .collect(),
        accepts: split(r.try_get("accepts")?)
            .iter()
            .filter_map(|s| Group::from_code(s))
            .collect(),
        languages: r.try_get("languages")?,
        capacity: r.try_get("capacity")?,
        phone: r.try_get("phone")?,
        districts_served: districts.remove(&id).unwrap_or_default(),
        updated_at: r.try_get("updated_at")?,
    }))
}

const ITEM_SQL: &str = "SELECT a.id, a.name, a.kind, a.province_code, a.district_code, a.parent_id, p.name AS parent, \
    (SELECT COUNT(*) FROM providers pr WHERE pr.agency_id = a.id) AS provider, \
    (SELECT COUNT(*) FROM users u WHERE u.agency_id = a.id) AS users \
    FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id WHERE 1 = 1";

fn item_from(r: &sqlx::any::AnyRow) -> Result<AgencyItem> {
    let kind: String = r.try_get("kind")?;
    let district_code: Option<String> = r.try_get("district_code")?;
    Ok(AgencyItem {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        kind_label: kind_label(&kind).to_owned(),
        kind,
        province_code: r.try_get("province_code")?,
        district: district_name(&district_code),
        district_code,
        parent_id: r.try_get("parent_id")?,
        parent: r.try_get("parent")?,
        provider: r.try_get::<i64, _>("provider")? > 0,
        users: r.try_get("users")?,
    })
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Writes shared by the forms, the API and the import

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The agencies whose name equals `name` in any letter case, the exact spelling first.
async fn agencies_named(c: &mut AnyConnection, name: &str) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, name FROM agencies WHERE LOWER(name) = LOWER($1)")
        .bind(name.to_owned())
        .fetch_all(&mut *c)
        .await?;
    let mut v = rows
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect::<Result<Vec<(i64, String)>>>()?;
    v.sort_by_key(|(_, n)| n != name);
    Ok(v)
}

/// The checks that need the database: a unique name, an existing parent, no cycle.
async fn check_agency_db(
    c: &mut AnyConnection,
    id: Option<i64>,
    a: &AgencyInput,
    e: &mut FieldErrors,
) -> Result<()> {
    if !a.name.is_empty()
        && agencies_named(c, &a.name)
            .await?
            .iter()
            .any(|(other, _)| Some(*other) != id)
    {
        e.add("name", "An agency with this name already exists");
    }
    if let Some(parent) = a.parent_id {
        if Some(parent) == id {
            e.add("parent_id", "An agency cannot be its own parent");
            return Ok(());
        }
        let mut cur = parent;
        for depth in 0..64 {
            let row = sqlx::query("SELECT parent_id FROM agencies WHERE id = $1")
                .bind(cur)
                .fetch_optional(&mut *c)
                .await?;
            let Some(row) = row else {
                if depth == 0 {
                    e.add("parent_id", "Choose a parent agency from the list");
                }
                return Ok(());
            };
            match row.try_get::<Option<i64>, _>("parent_id")? {
                Some(p) if Some(p) == id => {
                    e.add(
                        "parent_id",
                        "Choose a parent that is not one of this agency's own sub-agencies",
                    );
                    return Ok(());
                }
                Some(p) => cur = p,
                None => return Ok(()),
            }
        }
    }
    Ok(())
}

async fn insert_agency(tx: &mut Tx, a: &AgencyInput, now: &str) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO agencies (name, kind, province_code, district_code, parent_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(a.name.clone())
    .bind(a.kind.clone())
    .bind(a.province_code.clone())
    .bind(a.district_code.clone())
    .bind(a.parent_id)
    .bind(now.to_owned())
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?)
}

async fn update_agency_row(tx: &mut Tx, id: i64, a: &AgencyInput) -> Result<()> {
    sqlx::query(
        "UPDATE agencies SET name = $1, kind = $2, province_code = $3, district_code = $4, parent_id = $5 WHERE id = $6",
    )
    .bind(a.name.clone())
    .bind(a.kind.clone())
    .bind(a.province_code.clone())
    .bind(a.district_code.clone())
    .bind(a.parent_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn write_provider(tx: &mut Tx, id: i64, p: &ValidProvider, now: &str) -> Result<()> {
    sqlx::query("INSERT INTO providers (agency_id, services, accepts, languages, capacity, phone, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
        ON CONFLICT (agency_id) DO UPDATE SET services = excluded.services, accepts = excluded.accepts, languages = excluded.languages, \
        capacity = excluded.capacity, phone = excluded.phone, updated_at = excluded.updated_at")
        .bind(id)
        .bind(list(&p.services, Service::code))
        .bind(list(&p.accepts, Group::code))
        .bind(p.languages.clone())
        .bind(p.capacity)
        .bind(p.phone.clone())
        .bind(now.to_owned())
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM provider_districts WHERE agency_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for d in &p.districts {
        let province = reference::district_by_code(d)
            .map(|x| x.province_code.clone())
            .unwrap_or_default();
        sqlx::query(
            "INSERT INTO provider_districts (agency_id, district_code, province_code) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(d.clone())
        .bind(province)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Admin<'_> {
    async fn audit(
        &self,
        tx: &mut Tx,
        action: AuditAction,
        entity: &str,
        entity_id: Option<i64>,
        detail: String,
    ) -> Result<()> {
        audit::record(
            self.store,
            tx,
            self.user_id,
            &self.username,
            self.ip.as_deref(),
            Entry {
                action,
                entity,
                entity_id: entity_id.map(|i| i.to_string()),
                case_id: None,
                detail: Some(detail),
            },
        )
        .await
    }

    // -----------------------------------------------------------------------------------------
    // Agencies

    /// A page of agencies by name, with the number matching.
    pub async fn agencies(&self, f: &AgencyFilter) -> Result<AgencyList> {
        let mut w = Q::new("");
        if let Some(q) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            w.push_arg(
                " AND LOWER(a.name) LIKE {} ESCAPE '\\'",
                format!("%{}%", like_escape(&q.to_lowercase())),
            );
        }
        if let Some(k) = f.kind.as_deref().filter(|s| !s.is_empty()) {
            w.push_arg(" AND a.kind = {}", k);
        }
        if let Some(p) = f.province.as_deref().filter(|s| !s.is_empty()) {
            w.push_arg(" AND a.province_code = {}", p);
        }
        match f.providers {
            Some(true) => {
                w.push(" AND EXISTS (SELECT 1 FROM providers pr WHERE pr.agency_id = a.id)");
            }
            Some(false) => {
                w.push(" AND NOT EXISTS (SELECT 1 FROM providers pr WHERE pr.agency_id = a.id)");
            }
            None => {}
        }
        let mut count = w.clone();
        count.sql = format!("SELECT COUNT(*) AS n FROM agencies a WHERE 1 = 1{}", w.sql);
        let total: i64 = count
            .query()
            .fetch_one(self.store.pool())
            .await?
            .try_get("n")?;
        let per_page = f.per_page.unwrap_or(50).clamp(1, 200);
        let page = crate::page_number(f.page);
        let mut q = w;
        q.sql = format!("{ITEM_SQL}{} ORDER BY a.name, a.id", q.sql);
        q.push_arg(" LIMIT {}", per_page);
        q.push_arg(" OFFSET {}", (page - 1) * per_page);
        let items = q
            .query()
            .fetch_all(self.store.pool())
            .await?
            .iter()
            .map(item_from)
            .collect::<Result<Vec<_>>>()?;
        Ok(AgencyList {
            items,
            total,
            page,
            per_page,
        })
    }

    /// One agency with its directory entry.
    pub async fn agency(&self, id: i64) -> Result<AgencyDetail> {
        let mut c = self.store.pool().acquire().await?;
        let r = sqlx::query(&format!("{ITEM_SQL} AND a.id = $1"))
            .bind(id)
            .fetch_optional(&mut *c)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(AgencyDetail {
            agency: item_from(&r)?,
            provider: provider_entry(&mut c, id).await?,
        })
    }

    /// Creates an agency; returns its id.
    pub async fn create_agency(&self, mut a: AgencyInput) -> Result<i64> {
        let mut e = FieldErrors::new();
        check_agency(&mut a, &mut e);
        let mut w = self.store.write().await?;
        check_agency_db(&mut w.tx, None, &a, &mut e).await?;
        e.into_result(())?;
        let id = insert_agency(&mut w.tx, &a, &ts(self.store.now())).await?;
        let mut c = Changes::default();
        agency_changes(&mut c, None, &a);
        self.audit(
            &mut w.tx,
            AuditAction::Create,
            "agency",
            Some(id),
            c.detail(""),
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Changes an agency's name, kind, province, district and parent; the audit row keeps the
    /// previous values. Nothing is written when nothing changes.
    pub async fn update_agency(&self, id: i64, mut a: AgencyInput) -> Result<()> {
        let mut e = FieldErrors::new();
        check_agency(&mut a, &mut e);
        let mut w = self.store.write().await?;
        let old = agency_row(&mut w.tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        check_agency_db(&mut w.tx, Some(id), &a, &mut e).await?;
        e.into_result(())?;
        let mut c = Changes::default();
        agency_changes(&mut c, Some(&old), &a);
        if c.is_empty() {
            return Ok(());
        }
        update_agency_row(&mut w.tx, id, &a).await?;
        self.audit(
            &mut w.tx,
            AuditAction::Update,
            "agency",
            Some(id),
            c.detail(""),
        )
        .await?;
        w.commit().await
    }

    /// Puts an agency in the service directory or changes its entry (services, groups accepted,
    /// languages, beds, phone, districts served); the audit row keeps the previous values.
    pub async fn set_provider(&self, agency_id: i64, p: ProviderInput) -> Result<()> {
        let mut e = FieldErrors::new();
        let v = check_provider(&p, &mut e);
        let mut w = self.store.write().await?;
        let agency = agency_row(&mut w.tx, agency_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        e.into_result(())?;
        let old = provider_entry(&mut w.tx, agency_id).await?;
        let mut c = Changes::default();
        provider_changes(&mut c, old.as_ref(), &v);
        if c.is_empty() {
            return Ok(());
        }
        write_provider(&mut w.tx, agency_id, &v, &ts(self.store.now())).await?;
        self.audit(
            &mut w.tx,
            if old.is_some() {
                AuditAction::Update
            } else {
                AuditAction::Create
            },
            "provider",
            Some(agency_id),
            c.detail(&format!("{:?}", agency.name)),
        )
        .await?;
        w.commit().await
    }

    // -----------------------------------------------------------------------------------------
    // Accounts

    /// Creates a staff account (validated: login name free and well formed, a strong
    /// password, at least one role); returns its id.
    pub async fn create_user(&self, u: NewUser) -> Result<i64> {
        let mut e = FieldErrors::new();
        validate_username(&u.username, &mut e);
        if let Some(problem) = self
            .store
            .password_problem(&u.password, &[&u.username, &u.display_name])
            .await?
        {
            e.add("password", problem);
        }
        if u.roles.is_empty() {
            e.add("roles", "give at least one role");
        }
        if u.display_name.trim().is_empty() {
            e.add("display_name", "give the person's name");
        }
        if sqlx::query("SELECT id FROM users WHERE username = $1")
            .bind(u.username.clone())
            .fetch_optional(self.store.pool())
            .await?
            .is_some()
        {
            e.add("username", "this login name is taken");
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let password = u.password.clone();
        let hash = tokio::task::spawn_blocking(move || hifazat_vault::hash_password(&password))
            .await
            .map_err(|e| StoreError::Config(e.to_string()))?;
        let roles: Vec<&str> = u.roles.iter().map(|r| r.code()).collect();
        let mut w = self.store.write().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, agency_id, jurisdiction, roles, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id",
        )
        .bind(u.username.clone())
        .bind(u.display_name.trim().to_owned())
        .bind(hash)
        .bind(u.agency_id)
        .bind(u.jurisdiction.to_code())
        .bind(roles.join(","))
        .bind(ts(self.store.now()))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        let detail = format!(
            "{} ({}; {})",
            u.username,
            roles.join(","),
            u.jurisdiction.to_code()
        );
        self.audit(&mut w.tx, AuditAction::Create, "user", Some(id), detail)
            .await?;
        w.commit().await?;
        Ok(id)
    }

    /// One account.
    pub async fn user(&self, id: i64) -> Result<UserDetail> {
        let r = sqlx::query(
            "SELECT u.id, u.username, u.display_name, u.agency_id, a.name AS agency, u.jurisdiction, u.roles, u.active, u.created_at \
             FROM users u LEFT JOIN agencies a ON a.id = u.agency_id WHERE u.id = $1",
        )
        .bind(id)
        .fetch_optional(self.store.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let jurisdiction: String = r.try_get("jurisdiction")?;
        Ok(UserDetail {
            id: r.try_get("id")?,
            username: r.try_get("username")?,
            display_name: r.try_get("display_name")?,
            agency_id: r.try_get("agency_id")?,
            agency: r.try_get("agency")?,
            jurisdiction_label: Jurisdiction::from_code(&jurisdiction)
                .map(|j| j.label())
                .unwrap_or_else(|| jurisdiction.clone()),
            jurisdiction,
            roles: r
                .try_get::<String, _>("roles")?
                .split(',')
                .filter_map(UserRole::from_code)
                .collect(),
            active: r.try_get::<i64, _>("active")? != 0,
            created_at: r.try_get("created_at")?,
        })
    }

    /// Changes an account's name, roles, jurisdiction and agency. Sessions read the account on
    /// every request, so the change applies from the account's next request. The last active
    /// administrator keeps the administrator role.
    pub async fn update_user(&self, id: i64, u: UserUpdate) -> Result<()> {
        let mut e = FieldErrors::new();
        let display_name = u
            .display_name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if display_name.is_empty() {
            e.add("display_name", "Enter the person's name");
        } else if display_name.chars().count() > MAX_NAME {
            e.add("display_name", "The name must be 200 characters or fewer");
        }
        let mut roles = Vec::new();
        for r in u.roles.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
            match UserRole::from_code(r) {
                Some(r) => roles.push(r),
                None => e.add(
                    "roles",
                    format!("Unknown role '{r}': choose roles from the list"),
                ),
            }
        }
        roles.sort();
        roles.dedup();
        if roles.is_empty() && e.first("roles").is_none() {
            e.add("roles", "Choose at least one role");
        }
        let jurisdiction = Jurisdiction::from_code(u.jurisdiction.trim());
        if jurisdiction.is_none() {
            e.add(
                "jurisdiction",
                "Choose the national level, a province or a district",
            );
        }
        if roles.contains(&UserRole::ServiceProvider) && u.agency_id.is_none() {
            e.add(
                "agency_id",
                "Choose the provider's agency: a service provider's account sees only its agency's referrals",
            );
        }
        let mut w = self.store.write().await?;
        let old = sqlx::query(
            "SELECT display_name, agency_id, jurisdiction, roles, active FROM users WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if let Some(a) = u.agency_id {
            if agency_row(&mut w.tx, a).await?.is_none() {
                e.add("agency_id", "Choose an agency from the list");
            }
        }
        let old_roles: String = old.try_get("roles")?;
        let was_admin = old_roles.split(',').any(|r| r == "administrator");
        if was_admin && !roles.contains(&UserRole::Administrator) && !roles.is_empty() {
            let others: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM users WHERE active = 1 AND id <> $1 AND (',' || roles || ',') LIKE '%,administrator,%'",
            )
            .bind(id)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("n")?;
            if others == 0 && old.try_get::<i64, _>("active")? != 0 {
                e.add(
                    "roles",
                    "Keep the administrator role: this is the last active administrator",
                );
            }
        }
        // A check that gives `None` has recorded its message in `e`.
        let Some(jurisdiction) = jurisdiction else {
            return Err(e.into());
        };
        e.into_result(())?;
        let jurisdiction = jurisdiction.to_code();
        let new_roles = roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",");
        let old_agency: Option<i64> = old.try_get("agency_id")?;
        let mut c = Changes::default();
        c.text(
            "display_name",
            Some(&old.try_get::<String, _>("display_name")?),
            Some(&display_name),
        );
        c.code("roles", Some(&old_roles), Some(&new_roles));
        c.code(
            "jurisdiction",
            Some(&old.try_get::<String, _>("jurisdiction")?),
            Some(&jurisdiction),
        );
        c.code(
            "agency",
            old_agency.map(|a| a.to_string()).as_deref(),
            u.agency_id.map(|a| a.to_string()).as_deref(),
        );
        if c.is_empty() {
            return Ok(());
        }
        sqlx::query(
            "UPDATE users SET display_name = $1, roles = $2, jurisdiction = $3, agency_id = $4 WHERE id = $5",
        )
        .bind(display_name)
        .bind(new_roles)
        .bind(jurisdiction)
        .bind(u.agency_id)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        self.audit(
            &mut w.tx,
            AuditAction::Update,
            "user",
            Some(id),
            c.detail(""),
        )
        .await?;
        w.commit().await
    }

    // -----------------------------------------------------------------------------------------
    // Import

    /// Imports a service directory from CSV (see [`DIRECTORY_COLUMNS`] and the README): every
    /// row is checked, refused rows are reported by line, field and message, and the accepted
    /// rows are written in one transaction. Rows match agencies by name (any letter case), so
    /// importing the same file again updates instead of duplicating. One audit row per provider
    /// created or changed, plus one summary row. `Err(Invalid)` (field `csv`) when the file
    /// itself is unusable (no header, an unknown column, too many rows): nothing is written.
    ///
    /// The command line calls `store.admin(&Ctx::system("cli"))?.import_directory(text)`.
    pub async fn import_directory(&self, csv_text: String) -> Result<ImportReport> {
        let parsed = tokio::task::spawn_blocking(move || parse_directory(&csv_text))
            .await
            .map_err(|e| StoreError::Config(format!("import task failed: {e}")))??;
        let mut report = ImportReport {
            rows: parsed.rows,
            errors: parsed.errors,
            ..Default::default()
        };
        let now = ts(self.store.now());
        let mut w = self.store.write().await?;
        for row in parsed.good {
            let line = row.line;
            match self.import_row(&mut w.tx, row, &now).await? {
                RowOutcome::Created => report.created += 1,
                RowOutcome::Updated => report.updated += 1,
                RowOutcome::Unchanged => report.unchanged += 1,
                RowOutcome::Refused(field, message) => report.errors.push(RowError {
                    line,
                    field: field.into(),
                    message,
                }),
            }
        }
        report.errors.sort_by_key(|e| e.line);
        let mut lines: Vec<u64> = report.errors.iter().map(|e| e.line).collect();
        lines.dedup();
        report.rejected = lines.len();
        self.audit(
            &mut w.tx,
            AuditAction::Import,
            "directory",
            None,
            format!(
                "rows {}; created {}; updated {}; unchanged {}; rejected {}",
                report.rows, report.created, report.updated, report.unchanged, report.rejected
            ),
        )
        .await?;
        w.commit().await?;
        Ok(report)
    }

    async fn import_row(&self, tx: &mut Tx, row: ImportRow, now: &str) -> Result<RowOutcome> {
        let found = agencies_named(tx, &row.name).await?;
        let existing = match found.as_slice() {
            [] => None,
            [(id, _), ..] if found.len() == 1 || found[0].1 == row.name => Some(*id),
            _ => {
                return Ok(RowOutcome::Refused(
                    "agency",
                    "Several agencies have this name in other letter cases: write it exactly"
                        .into(),
                ))
            }
        };
        let Some(id) = existing else {
            let Some(kind) = row.kind else {
                return Ok(RowOutcome::Refused(
                    "kind",
                    "Enter the kind of agency: the agency is new".into(),
                ));
            };
            let a = AgencyInput {
                name: row.name,
                kind: kind.into(),
                province_code: row.province,
                district_code: row.district,
                parent_id: None,
            };
            let id = insert_agency(tx, &a, now).await?;
            write_provider(tx, id, &row.provider, now).await?;
            let mut c = Changes::default();
            agency_changes(&mut c, None, &a);
            provider_changes(&mut c, None, &row.provider);
            self.audit(
                tx,
                AuditAction::Create,
                "provider",
                Some(id),
                c.detail(&format!("import line {}; new agency", row.line)),
            )
            .await?;
            return Ok(RowOutcome::Created);
        };
        let old = agency_row(tx, id).await?.ok_or(StoreError::NotFound)?;
        let mut new = old.clone();
        if let Some(k) = row.kind {
            new.kind = k.into();
        }
        if row.province.is_some() {
            new.province_code = row.province;
        }
        if row.district.is_some() {
            new.district_code = row.district;
        }
        if let (Some(p), Some(d)) = (&new.province_code, &new.district_code) {
            if reference::district_by_code(d).is_some_and(|d| d.province_code != *p) {
                return Ok(RowOutcome::Refused(
                    "district",
                    format!(
                        "The agency's district {d} is not in province {p}: give its district too"
                    ),
                ));
            }
        }
        let old_provider = provider_entry(tx, id).await?;
        let mut c = Changes::default();
        agency_changes(&mut c, Some(&old), &new);
        let agency_changed = !c.is_empty();
        provider_changes(&mut c, old_provider.as_ref(), &row.provider);
        if c.is_empty() {
            return Ok(RowOutcome::Unchanged);
        }
        if agency_changed {
            update_agency_row(tx, id, &new).await?;
        }
        write_provider(tx, id, &row.provider, now).await?;
        let created = old_provider.is_none();
        self.audit(
            tx,
            if created {
                AuditAction::Create
            } else {
                AuditAction::Update
            },
            "provider",
            Some(id),
            c.detail(&format!("import line {}", row.line)),
        )
        .await?;
        Ok(if created {
            RowOutcome::Created
        } else {
            RowOutcome::Updated
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing a directory file (pure, run off the async runtime)

enum RowOutcome {
    Created,
    Updated,
    Unchanged,
    Refused(&'static str, String),
}

/// A row that passed every check that needs no database.
#[derive(Debug)]
struct ImportRow {
    line: u64,
    name: String,
    /// Absent: keep the agency's kind (required for a new agency).
    kind: Option<&'static str>,
    /// Absent: keep the agency's province (or the district's).
    province: Option<String>,
    /// Absent: keep the agency's district.
    district: Option<String>,
    provider: ValidProvider,
}

#[derive(Debug)]
struct Parsed {
    rows: usize,
    good: Vec<ImportRow>,
    errors: Vec<RowError>,
}

fn province_of(s: &str) -> Option<&'static str> {
    reference::PROVINCES
        .iter()
        .find(|p| p.code.eq_ignore_ascii_case(s) || p.name.eq_ignore_ascii_case(s))
        .map(|p| p.code)
}

/// How a directory file is laid out.
const DIRECTORY_LAYOUT: CsvLayout = CsvLayout {
    columns: DIRECTORY_COLUMNS,
    aliases: &[("agency_name", "agency"), ("name", "agency")],
    required: &["agency", "services", "accepts"],
    max_rows: MAX_IMPORT_ROWS,
    ignore_unknown: false,
};

fn parse_directory(text: &str) -> Result<Parsed> {
    let file = read_csv(text, &DIRECTORY_LAYOUT)?;
    let mut out = Parsed {
        rows: file.rows,
        good: Vec::new(),
        errors: file.errors,
    };
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    for record in file.readable {
        let line = record.line;
        let get = |c: &str| record.get(c);
        let mut e = FieldErrors::new();
        let name = get("agency")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            e.add("agency", "Enter the agency's name");
        } else if name.chars().count() > MAX_NAME {
            e.add(
                "agency",
                "The agency's name must be 200 characters or fewer",
            );
        } else if let Some(first) = seen.get(&name.to_lowercase()) {
            e.add(
                "agency",
                format!("This agency is also on line {first}: give each agency once"),
            );
        } else {
            seen.insert(name.to_lowercase(), line);
        }
        let kind = match get("kind").as_str() {
            "" => None,
            k => kind_code(k).or_else(|| {
                e.add(
                    "kind",
                    format!(
                        "Unknown kind of agency '{k}': use {}",
                        AGENCY_KINDS
                            .iter()
                            .map(|(k, _)| *k)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                None
            }),
        };
        let mut province = match get("province").as_str() {
            "" => None,
            p => province_of(p).map(str::to_owned).or_else(|| {
                e.add("province", format!("Unknown province '{p}'"));
                None
            }),
        };
        let district = match get("district").as_str() {
            "" => None,
            d => match reference::district_by_code_or_name(d) {
                None => {
                    e.add("district", format!("Unknown district '{d}'"));
                    None
                }
                Some(dist) => {
                    match &province {
                        None if get("province").is_empty() => {
                            province = Some(dist.province_code.clone())
                        }
                        Some(p) if *p != dist.province_code => e.add(
                            "district",
                            format!("District '{d}' is not in province {p}: choose a district in the province"),
                        ),
                        _ => {}
                    }
                    Some(dist.code.clone())
                }
            },
        };
        let capacity = match get("capacity").as_str() {
            "" => 0,
            c => c.replace(',', "").parse::<i64>().unwrap_or_else(|_| {
                e.add(
                    "capacity",
                    format!("Write the number of beds as a whole number, not '{c}'"),
                );
                0
            }),
        };
        let mut served = Vec::new();
        for d in split_list(&get("districts_served")) {
            match reference::district_by_code_or_name(&d) {
                Some(x) => served.push(x.code.clone()),
                None => e.add("districts_served", format!("Unknown district '{d}'")),
            }
        }
        let input = ProviderInput {
            services: split_list(&get("services")),
            accepts: split_list(&get("accepts")),
            languages: get("languages"),
            capacity,
            phone: Some(get("phone")),
            districts_served: served,
        };
        let mut pe = FieldErrors::new();
        let provider = check_provider(&input, &mut pe);
        for (f, msgs) in pe.0 {
            // Only one message for a column already refused while reading it.
            if f == "capacity" && e.first("capacity").is_some() {
                continue;
            }
            for m in msgs {
                e.add(f.clone(), m);
            }
        }
        if e.is_empty() {
            out.good.push(ImportRow {
                line,
                name,
                kind,
                province,
                district,
                provider,
            });
        } else {
            out.errors.extend(record.problems(e));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_checked_row_by_row_with_line_numbers() {
        let text = "agency,kind,province,district,services,accepts,languages,capacity,phone,districts_served\n\
            Darul Aman Sahiwal,social_welfare,Punjab,Sahiwal,shelter;psychosocial,women;children,Urdu;Punjabi,40,040-1234567,Okara;Pakpattan\n\
            ,ngo,,,legal_aid,women,,,,\n\
            \"Clinic, Multan\",ngo,PK-SD,Multan,medical;flying,women,,0,,\n\
            darul aman sahiwal,,,,shelter,women,,10,,\n\
            \n\
            Legal Aid Quetta,ngo,,QTA,legal_aid,men;women,Balochi,,+92 81 1234567,\n";
        let p = parse_directory(text).unwrap();
        assert_eq!(p.rows, 5);
        assert_eq!(p.good.len(), 2);
        let first = &p.good[0];
        assert_eq!(first.line, 2);
        assert_eq!(first.province.as_deref(), Some("PK-PB"));
        assert_eq!(
            first.provider.services,
            vec![Service::Shelter, Service::Psychosocial]
        );
        assert_eq!(first.provider.languages, "Urdu, Punjabi");
        assert_eq!(first.provider.phone.as_deref(), Some("+92401234567"));
        assert_eq!(p.good[1].line, 7, "the blank line is counted");
        assert_eq!(p.good[1].province.as_deref(), Some("PK-BA"));
        let errs: Vec<(u64, &str)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.field.as_str()))
            .collect();
        assert_eq!(
            errs,
            vec![
                (3, "agency"),
                (4, "district"),
                (4, "services"),
                (5, "agency"),
            ],
            "{:?}",
            p.errors
        );
        assert!(p.errors[3].message.contains("line 2"));
    }

    #[test]
    fn line_numbers_survive_crlf_blank_lines_and_quoted_line_breaks() {
        let text = "\u{feff}agency,services,accepts\r\n\r\n\"Shelter\r\nOne\",shelter,women\r\nGood NGO,legal_aid,men\r\n  \r\nBad NGO,,men\r\n";
        let p = parse_directory(text).unwrap();
        assert_eq!(p.rows, 3);
        assert_eq!(p.good.len(), 1, "{:?}", p.errors);
        assert_eq!(p.good[0].line, 5);
        let errs: Vec<(u64, &str)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.field.as_str()))
            .collect();
        assert_eq!(errs, vec![(3, "capacity"), (7, "services")]);
    }

    #[test]
    fn an_unusable_file_is_refused_whole() {
        for bad in [
            "",
            "agency,kind\nX,ngo\n",
            "agency,services,accepts,beds\nX,shelter,women,4\n",
        ] {
            assert!(
                matches!(parse_directory(bad), Err(StoreError::Invalid(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn agencies_are_checked_field_by_field() {
        let mut a = AgencyInput {
            name: "  Darul   Aman Lahore ".into(),
            kind: "Social welfare department".into(),
            province_code: Some("".into()),
            district_code: Some("lhr".into()),
            parent_id: None,
        };
        let mut e = FieldErrors::new();
        check_agency(&mut a, &mut e);
        assert!(e.is_empty(), "{e}");
        assert_eq!(a.name, "Darul Aman Lahore");
        assert_eq!(a.kind, "social_welfare");
        assert_eq!(a.province_code.as_deref(), Some("PK-PB"));
        let mut b = AgencyInput {
            name: " ".into(),
            kind: "".into(),
            province_code: Some("PK-SD".into()),
            district_code: Some("LHR".into()),
            parent_id: None,
        };
        let mut e = FieldErrors::new();
        check_agency(&mut b, &mut e);
        assert_eq!(e.first("name"), Some("Enter the agency's name"));
        assert_eq!(e.first("kind"), Some("Choose the kind of agency"));
        assert_eq!(
            e.first("district_code"),
            Some("Choose a district in the province")
        );
    }
}
