//! The case's life after registration (issue 10), on SQLite and on PostgreSQL: amendments with
//! their history, the compounding rule.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use chrono::{Duration, Utc};
use hifazat_domain::case::ReportedVia;
use hifazat_domain::case::{Act, CaseAmendment, Classification};
use hifazat_domain::documents::{DocumentKind, NewDocument};
use hifazat_domain::person::{
    AccusedStatusChange, PaymentMethod, PersonFacts, RecruitmentMethod, RelationshipToTrafficker,
};
use hifazat_domain::screening::WatchlistKind;
use hifazat_domain::{
    AccusedStatus, CaseKind, Jurisdiction, PersonRole, Sex, Stage, TransitionRequest, UserRole,
};
use hifazat_store::cases::models::CaseFilter;
use hifazat_store::cases::transfers::{TransferDecision, TransferRequest};
use hifazat_store::{both_engines, Scoped, Store, StoreError};
use std::sync::Arc;
use support::*;

fn smuggling_case(district: &str) -> hifazat_domain::NewCase {
    let mut c = new_case(district);
    c.kind = CaseKind::Smuggling;
    c.elements = hifazat_domain::case::LegalElements {
        illegal_entry: true,
        financial_benefit: true,
        ..Default::default()
    };
    c.offences = vec!["PSMA-3".into(), "EO-17".into()];
    c.exploitation = vec![];
    c.scope = hifazat_domain::case::Scope::CrossBorder;
    c.destination_countries = vec!["IR".into(), "TR".into()];
    c
}

/// The classification of case `id` as it now stands, to amend.
async fn current(s: &Scoped<'_>, id: i64) -> Classification {
    let c = s.get_case(id).await.unwrap();
    Classification {
        kind: c.case.kind,
        elements: c.elements,
        offences: c.offences,
        exploitation: c.exploitation,
        scope: c.case.scope,
        origin_district: c.origin_district,
        transit_points: c.transit_points,
        exit_point: c.exit_point,
        destination_countries: c.destination_countries,
        summary: c.summary,
        reported_via: c.reported_via,
    }
}

fn amend(c: Classification, reason: &str) -> CaseAmendment {
    CaseAmendment {
        classification: c,
        reason: Some(reason.into()).filter(|r: &String| !r.is_empty()),
    }
}

async fn walk(s: &Scoped<'_>, today: chrono::NaiveDate, id: i64, stages: &[Stage]) {
    for &to in stages {
        let mut t = TransitionRequest {
            to,
            remark: Some("next step".into()),
            fir_number: None,
            fir_date: None,
        };
        if to == Stage::FirRegistered {
            t.fir_number = Some("45/2026".into());
            t.fir_date = Some(today);
        }
        s.transition(id, t).await.unwrap();
    }
}

fn accused(name: &str, cnic: Option<&str>, status: AccusedStatus) -> hifazat_domain::NewPerson {
    let mut p = victim(name, cnic.unwrap_or("35202-0000000-1"));
    p.role = PersonRole::Accused;
    p.sex = Sex::Male;
    p.age = Some(40);
    p.cnic = cnic.map(Into::into);
    p.accused_status = Some(status);
    p
}

fn status(s: AccusedStatus) -> AccusedStatusChange {
    AccusedStatusChange {
        status: s,
        sentence: None,
        fine_pkr: None,
        remark: None,
    }
}

/// The store as seen `days` later.
fn later(s: &Store, days: i64) -> Store {
    let t = Utc::now() + Duration::days(days);
    s.clone().with_clock(Arc::new(move || t))
}

both_engines! {
    async fn a_smuggling_case_is_reclassified_as_trafficking_with_its_history(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let id = lhr.create_case(smuggling_case("LHR")).await.unwrap();
        let pool = raw(&db.url).await;
        let amendments = || count(&pool, "SELECT COUNT(*) AS n FROM case_amendments");

        // Without a reason, and without the trafficking elements: refused, nothing written.
        let mut tip = current(&lhr, id).await;
        tip.kind = CaseKind::Trafficking;
        match lhr.amend_case(id, amend(tip.clone(), "")).await {
            Err(StoreError::Invalid(e)) => {
                for f in ["reason", "elements.acts", "elements.purposes", "elements.means"] {
                    assert!(e.first(f).is_some(), "{f}: {e}");
                }
            }
            r => panic!("{r:?}"),
        }
        assert_eq!(amendments().await, 0);
        assert_eq!(lhr.get_case(id).await.unwrap().case.kind, CaseKind::Smuggling);

        // Nothing changed: refused.
        let same = current(&lhr, id).await;
        assert!(matches!(lhr.amend_case(id, amend(same, "checking")).await, Err(StoreError::Invalid(_))));

        // The victims turn out to have been sold on to a brick kiln in Iran: trafficking.
        tip.elements.acts = vec![Act::Transporting, Act::Recruiting];
        tip.elements.means = vec!["deception".into()];
        tip.elements.purposes = vec!["forced_labour".into()];
        tip.offences = vec!["PTPA-3".into(), "EO-17".into()];
        let changes = lhr.amend_case(id, amend(tip, "Victims' statements show they were sold to a kiln owner")).await.unwrap();
        assert_eq!(changes[0].field, "kind");
        let c = lhr.get_case(id).await.unwrap();
        assert_eq!(c.case.kind, CaseKind::Trafficking);
        assert_eq!(c.offences, vec!["EO-17", "PTPA-3"]);
        assert_eq!(c.exploitation, vec!["forced_labour"]);
        assert_eq!(c.elements.acts, vec![Act::Recruiting, Act::Transporting]);
        assert_eq!(c.amendments.len(), 1);
        let a = &c.amendments[0];
        assert_eq!(a.reason, "Victims' statements show they were sold to a kiln owner");
        assert_eq!(a.by.as_deref(), Some(lhr.actor().username.as_str()));
        let offences = a.changes.iter().find(|c| c.field == "offences").unwrap();
        assert_eq!((offences.removed.clone(), offences.added.clone()), (vec!["PSMA-3".to_owned()], vec!["PTPA-3".to_owned()]));
        // The list and the figures use the current classification.
        let f = CaseFilter { kind: Some(CaseKind::Trafficking), ..Default::default() };
        assert_eq!(lhr.list_cases(&f).await.unwrap().1, 1);
        let f = CaseFilter { kind: Some(CaseKind::Smuggling), ..Default::default() };
        assert_eq!(lhr.list_cases(&f).await.unwrap().1, 0);
        // Audited with what changed.
        let detail: String = sqlx::Row::try_get(
            &sqlx::query("SELECT detail FROM audit_log WHERE entity = 'case_classification'").fetch_one(&pool).await.unwrap(),
            "detail",
        ).unwrap();
        assert!(detail.starts_with("kind -smuggling +trafficking;"), "{detail}");
        assert!(detail.contains("offences -PSMA-3 +PTPA-3"), "{detail}");

        // A decided case is amended only by a supervisor.
        walk(&lhr, s.today(), id, &[Stage::FirRegistered, Stage::UnderInvestigation, Stage::ChallanSubmitted, Stage::UnderTrial, Stage::Acquitted]).await;
        let mut again = current(&lhr, id).await;
        again.summary = Some("Workers sold to a brick kiln across the border".into());
        assert!(matches!(lhr.amend_case(id, amend(again.clone(), "clearer summary")).await, Err(StoreError::Forbidden(_))));
        let sup = s.scoped(actor(&s, UserRole::Supervisor, Jurisdiction::Province("PK-PB".into())).await);
        sup.amend_case(id, amend(again, "clearer summary")).await.unwrap();
        assert_eq!(lhr.get_case(id).await.unwrap().amendments.len(), 2);
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn a_gazette_drawn_as_of_an_earlier_day_counts_the_case_as_it_was_then(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let id = lhr.create_case(smuggling_case("LHR")).await.unwrap();
        // Amended three days later.
        let s3 = later(&s, 3);
        let lhr3 = s3.scoped(io(&s3, "LHR").await);
        let mut tip = current(&lhr3, id).await;
        tip.kind = CaseKind::Both;
        tip.elements.acts = vec![Act::Recruiting];
        tip.elements.means = vec!["deception".into()];
        tip.elements.purposes = vec!["forced_labour".into()];
        tip.destination_countries = vec!["IR".into()];
        lhr3.amend_case(id, amend(tip, "sold on in Iran")).await.unwrap();
        let national = s3.scoped(actor(&s3, UserRole::NationalCoordinator, Jurisdiction::National).await);
        let today = hifazat_store::statistics::editions::pakistan_today(&s3);
        let (from, to) = (today - Duration::days(30), today);
        let then = national.gazette_cases(&Jurisdiction::National, from, to, today - Duration::days(2)).await.unwrap();
        assert_eq!(then.len(), 1);
        assert_eq!(then[0].kind, "smuggling");
        assert_eq!(then[0].destinations, vec!["IR", "TR"]);
        assert!(then[0].forms.is_empty());
        let now = national.gazette_cases(&Jurisdiction::National, from, to, today).await.unwrap();
        assert_eq!(now[0].kind, "both");
        assert_eq!(now[0].destinations, vec!["IR"]);
        assert_eq!(now[0].forms, vec!["forced_labour"]);
        s.close().await;
        db.drop_db().await;
    }

    async fn a_case_is_compounded_only_when_every_offence_is_compoundable(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let mut c = smuggling_case("LHR");
        c.offences = vec!["PSMA-3".into(), "PPC-420".into()];
        let id = lhr.create_case(c).await.unwrap();
        walk(&lhr, s.today(), id, &[Stage::FirRegistered, Stage::UnderInvestigation, Stage::ChallanSubmitted, Stage::UnderTrial]).await;
        let compounded = || TransitionRequest { to: Stage::Compounded, remark: Some("money returned".into()), fir_number: None, fir_date: None };
        match lhr.transition(id, compounded()).await {
            Err(StoreError::Invalid(e)) => assert!(e.first("to").unwrap().contains("PSMA-3 cannot be compounded"), "{e}"),
            r => panic!("{r:?}"),
        }
        assert_eq!(lhr.get_case(id).await.unwrap().case.stage, Stage::UnderTrial);
        // Charged under s.420 PPC alone (a visa fraud found not to be smuggling), it may be.
        let mut cheat = current(&lhr, id).await;
        cheat.kind = CaseKind::Undetermined;
        cheat.offences = vec!["PPC-420".into()];
        lhr.amend_case(id, amend(cheat, "no smuggling: the visas were never obtained")).await.unwrap();
        lhr.transition(id, compounded()).await.unwrap();
        assert_eq!(lhr.get_case(id).await.unwrap().case.stage, Stage::Compounded);
        s.close().await;
        db.drop_db().await;
    }

    async fn an_accused_on_bail_goes_on_the_exit_blacklist_in_one_step_and_off_it_when_arrested(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let id = lhr.create_case(smuggling_case("LHR")).await.unwrap();
        let agent = lhr.add_person(id, accused("Synthetic Agent", Some("35202-7654321-3"), AccusedStatus::OnBail)).await.unwrap();
        let nodoc = lhr.add_person(id, accused("Synthetic Helper", None, AccusedStatus::AtLarge)).await.unwrap();
        let jailed = lhr.add_person(id, accused("Synthetic Driver", Some("35202-1111111-1"), AccusedStatus::Arrested)).await.unwrap();
        // Investigating officers do not keep the watchlists.
        assert!(matches!(lhr.blacklist_accused(id, agent.id, None).await, Err(StoreError::Forbidden(_))));
        let sup = s.scoped(actor(&s, UserRole::Supervisor, Jurisdiction::Province("PK-PB".into())).await);
        let entry = sup.blacklist_accused(id, agent.id, Some("seen at the airport".into())).await.unwrap();
        let listed = sup.watchlist(Some(WatchlistKind::BlacklistedCnic)).await.unwrap();
        assert_eq!(listed.len(), 1);
        let e = &listed[0];
        assert_eq!((e.id, e.full_name.as_str(), e.cnic.as_deref()), (entry, "Synthetic Agent", Some("35202-7654321-3")));
        assert!(e.reason.as_deref().unwrap().starts_with("Accused in case LHR-"), "{:?}", e.reason);
        assert!(e.reason.as_deref().unwrap().ends_with("(on bail), EO-17, PSMA-3: seen at the airport"), "{:?}", e.reason);
        assert_eq!(lhr.get_case(id).await.unwrap().persons.iter().find(|p| p.id == agent.id).unwrap().exit_entry, Some(entry));
        // Once, without documents, or in custody: refused with a reason.
        for (who, says) in [(agent.id, "already on the exit blacklist"), (nodoc.id, "CNIC or passport"), (jailed.id, "Only an accused at large")] {
            match sup.blacklist_accused(id, who, None).await {
                Err(StoreError::Invalid(e)) => assert!(e.first("exit").unwrap().contains(says), "{e}"),
                r => panic!("{r:?}"),
            }
        }
        // Declared a proclaimed offender: still listed. Arrested: off the list, audited.
        lhr.set_accused_status(id, agent.id, status(AccusedStatus::ProclaimedOffender)).await.unwrap();
        assert_eq!(sup.watchlist(Some(WatchlistKind::BlacklistedCnic)).await.unwrap().len(), 1);
        lhr.set_accused_status(id, agent.id, status(AccusedStatus::Arrested)).await.unwrap();
        assert!(sup.watchlist(Some(WatchlistKind::BlacklistedCnic)).await.unwrap().is_empty());
        assert_eq!(lhr.get_case(id).await.unwrap().persons.iter().find(|p| p.id == agent.id).unwrap().exit_entry, None);
        let pool = raw(&db.url).await;
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'watchlist_entry' AND detail = 'removed: the accused is now arrested'").await, 1);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM watchlist_entries WHERE person_id IS NOT NULL AND case_person_id IS NOT NULL").await, 1);
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn facts_are_recorded_for_their_role_and_audited(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let mut c = smuggling_case("LHR");
        c.reported_via = Some(ReportedVia::Immigration);
        let id = lhr.create_case(c).await.unwrap();
        assert_eq!(lhr.get_case(id).await.unwrap().reported_via, Some(ReportedVia::Immigration));
        let v = lhr.add_person(id, victim("Synthetic Migrant", "35202-2222222-2")).await.unwrap();
        let a = lhr.add_person(id, accused("Synthetic Constable", None, AccusedStatus::Arrested)).await.unwrap();
        // A victim is not a public official; an accused has no recruitment.
        let official = PersonFacts { public_official: true, official_agency: Some("Punjab Police".into()), ..Default::default() };
        assert!(matches!(lhr.set_person_facts(id, v.id, official.clone()).await, Err(StoreError::Invalid(_))));
        lhr.set_person_facts(id, a.id, official).await.unwrap();
        let paid = PersonFacts {
            paid_amount: Some(1_500_000),
            paid_method: Some(PaymentMethod::Hawala),
            recruitment_methods: vec![RecruitmentMethod::ThroughFriendsOrSocialEvents],
            recruitment_place: Some("GJT".into()),
            relationship_to_trafficker: Some(RelationshipToTrafficker::Acquainted),
            ..Default::default()
        };
        assert!(matches!(lhr.set_person_facts(id, a.id, paid.clone()).await, Err(StoreError::Invalid(_))));
        lhr.set_person_facts(id, v.id, paid).await.unwrap();
        let c = lhr.get_case(id).await.unwrap();
        let got = |pid: i64| c.persons.iter().find(|p| p.id == pid).unwrap().facts.clone();
        assert!(got(a.id).public_official && got(a.id).official_agency.as_deref() == Some("Punjab Police"));
        let f = got(v.id);
        assert_eq!((f.paid_amount, f.paid_currency.as_deref(), f.paid_method), (Some(1_500_000), Some("PKR"), Some(PaymentMethod::Hawala)));
        assert_eq!(f.recruitment_methods, vec![RecruitmentMethod::ThroughFriendsOrSocialEvents]);
        assert_eq!(f.relationship_to_trafficker, Some(RelationshipToTrafficker::Acquainted));
        let pool = raw(&db.url).await;
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'person_facts'").await, 2);
        // How the case came in is amended like the rest, with history.
        let mut cl = current(&lhr, id).await;
        assert_eq!(cl.reported_via, Some(ReportedVia::Immigration));
        cl.reported_via = Some(ReportedVia::Helpline);
        let changes = lhr.amend_case(id, amend(cl, "the family called the helpline first")).await.unwrap();
        assert_eq!((changes[0].field, changes[0].added.clone()), ("reported_via", vec!["helpline".to_owned()]));
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn a_case_is_transferred_on_the_receiving_supervisors_acceptance(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let id = lhr.create_case(smuggling_case("LHR")).await.unwrap();
        let v = lhr.add_person(id, victim("Synthetic Migrant", "35202-2222222-2")).await.unwrap();
        let fir = NewDocument { kind: DocumentKind::FirCopy, title: None, document_date: None, case_person_id: None, bytes: b"%PDF-1.4 Synthetic FIR".to_vec() };
        lhr.add_document(id, fir).await.unwrap();
        let codes = |c: &hifazat_store::cases::models::CaseDetail| (c.offences.clone(), c.exploitation.clone(), c.destination_countries.clone());
        let as_filed = (vec!["EO-17".to_owned(), "PSMA-3".to_owned()], vec![], vec!["IR".to_owned(), "TR".to_owned()]);
        let to_khi = |reason: &str| TransferRequest { to_district: "KHS".into(), to_agency_id: None, reason: Some(reason.into()).filter(|r: &String| !r.is_empty()) };
        // A reason is needed; the same place is refused.
        assert!(matches!(lhr.request_transfer(id, to_khi("")).await, Err(StoreError::Invalid(_))));
        let same = TransferRequest { to_district: "LHR".into(), to_agency_id: None, reason: Some("x".into()) };
        assert!(matches!(lhr.request_transfer(id, same).await, Err(StoreError::Invalid(_))));
        let t = lhr.request_transfer(id, to_khi("The agent and the migrants' boat are in Karachi")).await.unwrap();
        assert!(matches!(lhr.request_transfer(id, to_khi("again")).await, Err(StoreError::Invalid(_))), "one pending at a time");
        // A Karachi officer does not see it yet; the Sindh supervisor reads it to decide.
        let khi_io = s.scoped(io(&s, "KHS").await);
        assert!(matches!(khi_io.get_case(id).await, Err(StoreError::NotFound)));
        let sindh = s.scoped(actor(&s, UserRole::Supervisor, Jurisdiction::Province("PK-SD".into())).await);
        let offered = sindh.get_case(id).await.unwrap();
        assert!(offered.read_only && offered.left_at.is_none());
        assert!(offered.documents.is_empty(), "documents go with the case, not with a transfer");
        assert_eq!((codes(&offered), offered.persons.len()), (as_filed.clone(), 1));
        assert_eq!(sindh.pending_transfers().await.unwrap().0.len(), 1);
        assert_eq!(lhr.pending_transfers().await.unwrap().1.len(), 1, "the sender sees its request waiting");
        // Only the receiving side decides; declining needs a remark.
        let punjab = s.scoped(actor(&s, UserRole::Supervisor, Jurisdiction::Province("PK-PB".into())).await);
        assert!(matches!(punjab.decide_transfer(id, t, TransferDecision { accept: true, remark: None }).await, Err(StoreError::Forbidden(_))));
        assert!(matches!(sindh.decide_transfer(id, t, TransferDecision { accept: false, remark: None }).await, Err(StoreError::Invalid(_))));
        sindh.decide_transfer(id, t, TransferDecision { accept: true, remark: None }).await.unwrap();
        // The case is Karachi's now, with its reference, persons and history.
        let c = khi_io.get_case(id).await.unwrap();
        assert!(!c.read_only);
        assert_eq!((c.documents.len(), codes(&c)), (1, as_filed.clone()));
        assert_eq!((c.case.district_code.as_str(), c.case.province_code.as_str()), ("KHS", "PK-SD"));
        assert!(c.case.reference.starts_with("LHR-"), "the reference stays");
        assert_eq!(c.persons.len(), 1);
        assert!(c.events.last().unwrap().remark.as_deref() == Some("transferred from LHR to KHS"));
        assert_eq!(c.supervisor.as_ref().map(|o| o.username.as_str()), Some(sindh.actor().username.as_str()));
        assert!(c.investigating_officer.is_none(), "the receiving side names its officer");
        // A day later, Karachi adds an accused.
        let s1 = later(&s, 1);
        let khi_later = s1.scoped(io(&s1, "KHS").await);
        khi_later.add_person(id, accused("Synthetic Boatman", Some("42101-3333333-3"), AccusedStatus::AtLarge)).await.unwrap();
        walk(&khi_later, s1.today(), id, &[Stage::FirRegistered]).await;
        let mut cl = current(&khi_later, id).await;
        cl.summary = Some("Migrants found on a boat at Karachi".into());
        khi_later.amend_case(id, amend(cl, "the boat was found")).await.unwrap();
        let now = khi_io.get_case(id).await.unwrap();
        assert_eq!((now.persons.len(), now.events.len(), now.amendments.len()), (2, c.events.len() + 1, 1));
        // Lahore keeps read access to what it wrote, and cannot change it.
        let back = lhr.get_case(id).await.unwrap();
        assert!(back.read_only && back.left_at.is_some());
        assert_eq!(back.persons.len(), 1, "the accused added in Karachi is not Lahore's");
        assert_eq!((back.events.len(), back.amendments.len()), (c.events.len(), 0), "nor its history after the transfer");
        assert!(back.documents.is_empty(), "documents go with the case");
        assert_eq!(codes(&back), as_filed);
        assert!(matches!(lhr.add_person(id, victim("Another", "35202-4444444-4")).await, Err(StoreError::NotFound)));
        assert!(matches!(lhr.victim_identity(id, v.id).await, Err(StoreError::NotFound)), "identities go with the case");
        assert_eq!(lhr.list_cases(&CaseFilter::default()).await.unwrap().1, 0, "not in Lahore's list or counts");
        // A Gujranwala officer (never held it) does not see it.
        let grw = s.scoped(io(&s, "GRW").await);
        assert!(matches!(grw.get_case(id).await, Err(StoreError::NotFound)));
        let pool = raw(&db.url).await;
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'case_transfer'").await, 2);
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn documents_are_sealed_checked_and_every_download_audited(engine: Engine) {
        let (s, db) = store(engine).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let id = lhr.create_case(smuggling_case("LHR")).await.unwrap();
        let v = lhr.add_person(id, victim("Synthetic Migrant", "35202-2222222-2")).await.unwrap();
        let pdf = b"%PDF-1.4 FIR 45/2026 Synthetic evidence text".to_vec();
        let doc = |kind, bytes: &[u8], person| NewDocument { kind, title: Some("FIR copy of Synthetic Migrant".into()), document_date: None, case_person_id: person, bytes: bytes.to_vec() };
        // A program renamed .pdf is refused, nothing written.
        match lhr.add_document(id, doc(DocumentKind::FirCopy, b"MZ\x90\x00", None)).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e.first("file"), Some("Attach a PDF, JPEG or PNG file")),
            r => panic!("{r:?}"),
        }
        let fir = lhr.add_document(id, doc(DocumentKind::FirCopy, &pdf, None)).await.unwrap();
        let statement = lhr.add_document(id, doc(DocumentKind::Statement, &pdf, Some(v.id))).await.unwrap();
        // Sealed at rest: neither the text of the file nor its title is in the database.
        let pool = raw(&db.url).await;
        let stored: String = sqlx::Row::try_get(&sqlx::query("SELECT content || title AS x FROM case_documents WHERE id = $1").bind(fir).fetch_one(&pool).await.unwrap(), "x").unwrap();
        assert!(!stored.contains("Synthetic") && !stored.contains("FIR 45"), "{stored}");
        let c = lhr.get_case(id).await.unwrap();
        assert_eq!(c.documents.len(), 2);
        assert!(c.documents[1].victims && c.documents[0].title.as_deref() == Some("FIR copy of Synthetic Migrant"));
        let f = lhr.document(id, fir).await.unwrap();
        assert_eq!((f.bytes.clone(), f.document.content_type.as_str()), (pdf.clone(), "application/pdf"));
        assert_eq!(f.document.sha256, hifazat_vault::sha256_hex(&pdf));
        // A prosecutor reads the case before the court, but not a victim's statement.
        walk(&lhr, s.today(), id, &[Stage::FirRegistered, Stage::UnderInvestigation, Stage::ChallanSubmitted]).await;
        let pp = s.scoped(actor(&s, UserRole::Prosecutor, Jurisdiction::District("LHR".into())).await);
        let seen = pp.get_case(id).await.unwrap();
        assert!(seen.documents[1].title.is_none(), "a victim's document's title is hidden");
        assert!(matches!(pp.document(id, statement).await, Err(StoreError::Forbidden(_))));
        assert_eq!(pp.document(id, fir).await.unwrap().bytes, pdf);
        // Every download is in the audit trail; a victim's as an identity view.
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'document' AND action = 'view'").await, 2);
        lhr.document(id, statement).await.unwrap();
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'document' AND action = 'view_identity'").await, 1);
        // Documents go with the case: the sending side of a transfer no longer opens them.
        let t = lhr.request_transfer(id, TransferRequest { to_district: "KHS".into(), to_agency_id: None, reason: Some("moved".into()) }).await.unwrap();
        let sindh = s.scoped(actor(&s, UserRole::Supervisor, Jurisdiction::Province("PK-SD".into())).await);
        sindh.decide_transfer(id, t, TransferDecision { accept: true, remark: None }).await.unwrap();
        assert!(lhr.get_case(id).await.unwrap().documents.is_empty());
        assert!(matches!(lhr.document(id, fir).await, Err(StoreError::NotFound)));
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }
}
