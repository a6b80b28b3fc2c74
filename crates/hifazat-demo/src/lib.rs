//! Demo data for Hifazat: the agencies of Pakistan's response to trafficking in persons and
//! smuggling of migrants, demo accounts for each kind of user, and a few thousand synthetic
//! cases over five years with patterns that can be explained from the sources (smuggling from
//! the source districts of upper Punjab through Quetta and Taftan, bonded labour in brick kilns,
//! low conviction rates, stalled cases…).
//!
//! Everything is synthetic: names are invented from common given and family names, identity
//! card and phone numbers are random but well-formed. Generation is deterministic for a seed,
//! and every case and person passes the same validation as interactive entry before it is
//! imported.
//!
//! Victim protection and referral come on top: a service directory (a *Darul Aman* in each of
//! Punjab's districts, far fewer elsewhere, child protection units, hospitals, legal aid,
//! psychosocial and vocational providers, IOM), and a few hundred victims identified from the
//! cases or found by social welfare and labour officers, with consents, referrals, services,
//! shelter stays and follow-ups. Far fewer victims are referred than identified (the sources'
//! baseline is 4%), more in Lahore where the referral mechanism is piloted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "synthetic data from constant, non-empty lists: a panic is a bug in the generator, met when the demo is seeded"
)]

mod agencies;
mod agents;
mod directory;
mod generate;
mod intake;
mod interceptions;
mod people;
mod plan;
mod protection;
mod returnees;
mod watchlists;

use hifazat_domain::{Actor, Jurisdiction, UserRole};
use hifazat_store::admin::users::NewUser;
use hifazat_store::{Ctx, Store};
use std::collections::HashMap;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = hifazat_store::DEMO_PASSWORD;

/// Cases imported per transaction.
const BATCH: usize = 250;

/// What [`seed`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeedReport {
    /// Agencies created.
    pub agencies: usize,
    /// Accounts created.
    pub users: usize,
    /// Cases imported.
    pub cases: usize,
    /// Providers in the service directory.
    pub providers: usize,
    /// Victims' protection records created.
    pub victims: usize,
    /// Referrals made.
    pub referrals: usize,
    /// Licensed promoters in the register of recruitment agents.
    pub promoters: usize,
    /// Unlicensed agents recorded, linked to their cases.
    pub unlicensed_agents: usize,
    /// True when the database already had accounts or cases and nothing was written.
    pub skipped: bool,
}

/// A demo account (its password is [`DEMO_PASSWORD`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    /// Login name.
    pub username: &'static str,
    /// Name shown in the interface (invented).
    pub display_name: &'static str,
    /// Roles held.
    pub roles: Vec<UserRole>,
    /// Territory.
    pub jurisdiction: Jurisdiction,
    /// Name of the agency the account belongs to.
    pub agency: &'static str,
}

/// The demo accounts: one or more for each kind of staff user.
pub fn demo_accounts() -> Vec<DemoAccount> {
    use Jurisdiction::{District, National, Province};
    use UserRole::*;
    let acc = |username, display_name, role, jurisdiction, agency| DemoAccount {
        username,
        display_name,
        roles: vec![role],
        jurisdiction,
        agency,
    };
    vec![
        acc(
            "admin",
            "Farhan Qureshi",
            Administrator,
            National,
            agencies::HQ,
        ),
        acc(
            "national",
            "Ayesha Siddiqui",
            NationalCoordinator,
            National,
            agencies::HQ_CELL,
        ),
        acc(
            "io.lahore",
            "Inspector Bilal Cheema",
            InvestigatingOfficer,
            District("LHR".into()),
            "AHTC Lahore",
        ),
        acc(
            "io.gujranwala",
            "Sub-Inspector Kashif Warraich",
            InvestigatingOfficer,
            District("GRW".into()),
            "AHTC Gujranwala",
        ),
        acc(
            "io.quetta",
            "Inspector Naseebullah Kakar",
            InvestigatingOfficer,
            District("QTA".into()),
            "AHTC Quetta",
        ),
        acc(
            "immigration.lahore",
            "Assistant Director Imran Qureshi",
            ImmigrationOfficer,
            District("LHR".into()),
            "FIA Immigration, Allama Iqbal International Airport, Lahore",
        ),
        acc(
            "supervisor.punjab",
            "Deputy Director Sadia Malik",
            Supervisor,
            Province("PK-PB".into()),
            "FIA Lahore Zone",
        ),
        acc(
            "supervisor.sindh",
            "Assistant Director Imran Soomro",
            Supervisor,
            Province("PK-SD".into()),
            "FIA Karachi Zone",
        ),
        acc(
            "prosecutor.lahore",
            "Rubina Akhtar",
            Prosecutor,
            District("LHR".into()),
            "Prosecution Department Punjab",
        ),
        acc(
            "prosecutor.karachi",
            "Syed Kamran Ali",
            Prosecutor,
            District("KHS".into()),
            "Prosecution Department Sindh",
        ),
        acc(
            "analyst",
            "Hamza Baig",
            Analyst,
            National,
            agencies::HQ_CELL,
        ),
        acc("auditor", "Nadia Awan", Auditor, National, agencies::HQ),
        acc(
            "emigration.islamabad",
            "Deputy Director Saima Qazi",
            EmigrationOfficer,
            National,
            agencies::BUREAU,
        ),
        acc(
            "helpline",
            "Sana Javed",
            HelplineOperator,
            National,
            agencies::HQ_CELL,
        ),
        acc(
            "welfare.lahore",
            "Shazia Parveen",
            ProtectionOfficer,
            District("LHR".into()),
            "Social Welfare Department Lahore",
        ),
        acc(
            "shelter.lahore",
            "Superintendent Nusrat Jabeen",
            ServiceProvider,
            District("LHR".into()),
            directory::SHELTER_LAHORE,
        ),
        acc(
            "cpu.lahore",
            "Child Protection Officer Asma Rafiq",
            ServiceProvider,
            District("LHR".into()),
            directory::CPU_LAHORE,
        ),
        acc(
            "welfare.gujranwala",
            "Tahir Mehmood Butt",
            ProtectionOfficer,
            District("GRW".into()),
            "Social Welfare Department Gujranwala",
        ),
        acc(
            "shelter.gujranwala",
            "Superintendent Razia Sultana",
            ServiceProvider,
            District("GRW".into()),
            directory::SHELTER_GUJRANWALA,
        ),
        acc(
            "labour.punjab",
            "Labour Inspector Javed Iqbal",
            ProtectionOfficer,
            Province("PK-PB".into()),
            "Labour Department Punjab",
        ),
        acc(
            "welfare.sindh",
            "Shabnam Memon",
            ProtectionOfficer,
            Province("PK-SD".into()),
            "Social Welfare Department Sindh",
        ),
        acc(
            "shelter.karachi",
            "Superintendent Farzana Baloch",
            ServiceProvider,
            District("KHS".into()),
            directory::SHELTER_KARACHI,
        ),
        acc(
            "iom.pakistan",
            "Saima Niazi",
            ServiceProvider,
            National,
            directory::IOM,
        ),
        acc(
            "legalaid.punjab",
            "Advocate Kamran Yousaf",
            ServiceProvider,
            Province("PK-PB".into()),
            directory::LEGAL_AID_PUNJAB,
        ),
    ]
}

/// Seeds agencies, the service directory, demo accounts and about `cases` cases over the five
/// years ending `today`, then victims' protection records over the last year (identification,
/// consent, referrals, services, shelter stays, follow-ups, each at its own time) and the
/// register of recruitment agents (licensed promoters, the cases' unlicensed agents),
/// deterministically from `seed`, only when the database has no users and no cases (otherwise
/// returns `skipped = true` and writes nothing). `progress(done, total)` is called after each
/// batch of imported cases.
pub async fn seed(
    store: &Store,
    today: chrono::NaiveDate,
    seed: u64,
    cases: usize,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> anyhow::Result<SeedReport> {
    seed_with(store, today, seed, cases, cases > THROUGH_THE_API, progress).await
}

/// Demos of up to this many cases (the default) write every protection record through the API,
/// as the officers would; larger ones write the victims of cases in bulk, keeping the API for
/// the victims found outside cases and the scripted Lahore set.
const THROUGH_THE_API: usize = 5_000;

/// [`seed`], choosing whether the victims of cases are written in bulk (tests compare the
/// two ways on one plan).
#[doc(hidden)]
pub async fn seed_with(
    store: &Store,
    today: chrono::NaiveDate,
    seed: u64,
    cases: usize,
    bulk: bool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> anyhow::Result<SeedReport> {
    anyhow::ensure!(
        store.auth_config().policy.demo,
        "demo data needs the demo sign-in rules (AuthConfig::demo()): the demo password is refused otherwise"
    );
    if store.user_count().await? > 0 || store.case_count().await? > 0 {
        return Ok(SeedReport {
            skipped: true,
            ..SeedReport::default()
        });
    }
    let (agency_ids, agencies) = agencies::create_all(store).await?;
    let providers = directory::register(store, &agency_ids).await?;
    tracing::info!(
        agencies,
        providers,
        "demo agencies and service directory created"
    );
    let accounts = demo_accounts();
    let admin = store.admin(&Ctx::system("demo"))?;
    let mut actors = HashMap::new();
    for a in &accounts {
        let agency_id = agency_ids.get(a.agency).copied();
        anyhow::ensure!(agency_id.is_some(), "demo agency '{}' is missing", a.agency);
        let user_id = admin
            .create_user(NewUser {
                username: a.username.into(),
                display_name: a.display_name.into(),
                password: DEMO_PASSWORD.into(),
                agency_id,
                jurisdiction: a.jurisdiction.clone(),
                roles: a.roles.clone(),
            })
            .await?;
        let actor = Actor {
            user_id,
            username: a.username.into(),
            agency_id,
            roles: a.roles.clone(),
            jurisdiction: a.jurisdiction.clone(),
        };
        actors.insert(a.username, Ctx { actor, ip: None });
    }
    let generated = generate::Gen::new(today, seed, &agency_ids).cases(cases)?;
    let total = generated.len();
    let imported = store
        .scoped(Ctx::system("demo"))
        .import_cases(generated, BATCH, &mut |done| progress(done, total))
        .await?;
    tracing::info!(cases = imported, "demo cases imported");
    let protected =
        protection::seed(store, today, seed, imported, bulk, &agency_ids, &actors).await?;
    tracing::info!(
        victims = protected.victims,
        referrals = protected.referrals,
        "demo protection records created"
    );
    let national = actors
        .get("national")
        .ok_or_else(|| anyhow::anyhow!("demo account 'national' is missing"))?;
    let watchlist = watchlists::seed(&store.scoped(national.clone()), seed).await?;
    tracing::info!(entries = watchlist, "demo watchlists created");
    let indicators = plan::seed(store, national).await?;
    tracing::info!(indicators, "demo plan indicators entered");
    let emigration = actors
        .get("emigration.islamabad")
        .ok_or_else(|| anyhow::anyhow!("demo account 'emigration.islamabad' is missing"))?;
    let registered = agents::seed(store, today, seed, emigration, national).await?;
    tracing::info!(
        promoters = registered.promoters,
        unlicensed = registered.unlicensed,
        links = registered.links,
        "demo recruitment agents registered"
    );
    let immigration = actors
        .get("immigration.lahore")
        .ok_or_else(|| anyhow::anyhow!("demo account 'immigration.lahore' is missing"))?;
    let returned = returnees::seed(store, today, seed, immigration).await?;
    tracing::info!(returned, "demo returnees imported and some debriefed");
    let intercepted = interceptions::seed(store, today, &agency_ids, national).await?;
    tracing::info!(intercepted, "demo interceptions at borders recorded");
    // The front door's times are "now" on the day of the demo (its overdue alert is hours old).
    let now = match chrono::Utc::now() {
        t if t.date_naive() == today => t,
        _ => today.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Duration::hours(12),
    };
    let reports = intake::seed(store, now, seed, &actors).await?;
    tracing::info!(reports, "demo reports and helpline calls written");
    Ok(SeedReport {
        agencies,
        users: accounts.len(),
        cases: imported,
        providers,
        victims: protected.victims,
        referrals: protected.referrals,
        promoters: registered.promoters,
        unlicensed_agents: registered.unlicensed,
        skipped: false,
    })
}
