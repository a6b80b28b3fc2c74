//! Phones, accounts and places as searchable identifiers (issue 13, item 3), on SQLite and on
//! PostgreSQL: a number recorded on a victim, on a helpline call and on an agent is found from
//! each place by a national officer; others see what their scope allows and a count of the
//! rest; numbers typed two ways are one; nothing is in clear in the database or the audit trail;
//! officers link accounts and numbers to records they may read; the start-up index of older
//! rows runs once and can run again; key rotation recomputes the keyed hashes.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use hifazat_domain::agents::NewAgent;
use hifazat_domain::identifiers::{IdentifierInput, IdentifierKind, LinkedEntity};
use hifazat_domain::intake::{
    CallerKind, Channel, IntakeLanguage, IntakeUrgency, NewHelplineRecord,
};
use hifazat_domain::{Jurisdiction, PersonRole, UserRole};
use hifazat_store::cases::identifiers::{NewIdentifierLink, WhereElse};
use hifazat_store::{both_engines, Store, StoreError, Vault};
use support::*;

fn call(district: &str, phone: &str) -> NewHelplineRecord {
    NewHelplineRecord {
        channel: Channel::Call,
        language: IntakeLanguage::Punjabi,
        caller_kind: CallerKind::Family,
        contact_consent: true,
        caller_name: Some("Synthetic Mother".into()),
        caller_phone: Some(phone.into()),
        situation: Some("Synthetic: her daughter was taken to a house by an agent.".into()),
        indicators: vec!["physical_abuse".into()],
        district: Some(district.into()),
        urgency: IntakeUrgency::Routine,
        woman_officer: false,
    }
}

fn phone(value: &str) -> IdentifierInput {
    IdentifierInput {
        kind: IdentifierKind::Phone,
        value: value.into(),
        bank: None,
    }
}

fn group_total(w: &WhereElse, e: LinkedEntity) -> i64 {
    w.groups
        .iter()
        .find(|g| g.entity == e)
        .map(|g| g.total)
        .unwrap_or(0)
}

/// A Lahore case with a victim whose phone is 0300 1234567 (the support's victim), an accused
/// with another number and an address; a helpline call from the same number written another
/// way; an agent with it among his phones. Returns (case id, case reference, call reference,
/// agent id).
async fn three_places(s: &Store) -> (i64, String, String, i64) {
    let io = s.scoped(io(s, "LHR").await);
    let case_id = io.create_case(new_case("LHR")).await.unwrap();
    io.add_person(case_id, victim("Sadia Syntheticvictim", "35202-1111111-2"))
        .await
        .unwrap();
    let mut accused = victim("Akram Syntheticaccused", "35202-3333333-1");
    accused.role = PersonRole::Accused;
    accused.age = Some(40);
    accused.phone = Some("0345 7654321".into());
    accused.address = Some("House 12, Street 4, Model Town, Lahore".into());
    io.add_person(case_id, accused).await.unwrap();
    let reference = io.get_case(case_id).await.unwrap().case.reference;
    let op = s.scoped(actor(s, UserRole::HelplineOperator, Jurisdiction::National).await);
    let rec = op
        .record_helpline(call("LHR", "+92 300 1234567"))
        .await
        .unwrap();
    let agent = io
        .add_agent(NewAgent {
            name: "Bashir Syntheticagent".into(),
            phones: vec!["0300-1234567".into(), "0333 5550000".into()],
            district: Some("GRW".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    (case_id, reference, rec.reference, agent)
}

both_engines! {
    async fn a_number_on_a_victim_a_call_and_an_agent_is_found_from_each_place(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let (case_id, reference, call_ref, agent) = three_places(&s).await;
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        // However it is written, it is one number, found in all three places.
        for typed in ["0300-1234567", "+92 300 1234567", "00923001234567"] {
            let w = national.where_else(&phone(typed)).await.unwrap();
            assert_eq!(w.value, "+923001234567");
            assert_eq!((w.visible, w.outside), (3, 0), "{typed}");
            assert_eq!(group_total(&w, LinkedEntity::Person), 1);
            assert_eq!(group_total(&w, LinkedEntity::IntakeItem), 1);
            assert_eq!(group_total(&w, LinkedEntity::Agent), 1);
        }
        let w = national.where_else(&phone("0300 1234567")).await.unwrap();
        let person = &w.groups.iter().find(|g| g.entity == LinkedEntity::Person).unwrap().items[0];
        // The victim is shown by code in her case, never by name.
        assert_eq!(person.role, Some(PersonRole::Victim));
        assert!(person.victim_code.as_deref().is_some_and(|c| c.starts_with("V-")));
        assert_eq!(person.name, None);
        assert_eq!((person.case_id, person.reference.as_str()), (Some(case_id), reference.as_str()));
        let item = &w.groups.iter().find(|g| g.entity == LinkedEntity::IntakeItem).unwrap().items[0];
        assert_eq!(item.reference, call_ref);
        let a = &w.groups.iter().find(|g| g.entity == LinkedEntity::Agent).unwrap().items[0];
        assert_eq!((a.entity_id, a.reference.as_str()), (Some(agent), "Bashir Syntheticagent"));
        // The accused is named; his address is found written another way.
        let address = IdentifierInput { kind: IdentifierKind::Address, value: "house 12 street 4 model town lahore".into(), bank: None };
        let w = national.where_else(&address).await.unwrap();
        let acc = &w.groups[0].items[0];
        assert_eq!((acc.role, acc.name.as_deref()), (Some(PersonRole::Accused), Some("Akram Syntheticaccused")));
        // A number nowhere is an empty answer, still audited.
        let w = national.where_else(&phone("0311 0000000")).await.unwrap();
        assert_eq!((w.visible, w.outside, w.groups.len()), (0, 0, 0));
        // A victim among the results is an identity view; the value is never in the trail.
        assert!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'identifier' AND action = 'view_identity'").await >= 4);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'identifier' AND action = 'view'").await, 2);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE detail LIKE '%1234567%' OR detail LIKE '%model town%' OR entity_id LIKE '%1234567%'").await, 0);
        // Nothing in clear: the values are sealed, the hashes keyed.
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM identifiers WHERE value LIKE '%1234567%' OR value_bidx LIKE '%1234567%' OR value LIKE '%model%'").await, 0);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM identifiers WHERE value IS NULL").await, 0);
        // Phones 0300…, 0345… (accused), 0333… (agent) and one address.
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM identifiers").await, 4);
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn others_see_their_scope_and_a_count_of_the_rest(engine: Engine) {
        let (s, db) = store(engine).await;
        three_places(&s).await;
        // A Sindh supervisor: neither the Lahore case nor the Lahore call; the register of
        // agents is national.
        let sindh = s.scoped(actor(&s, UserRole::Supervisor, supervisor_of("PK-SD")).await);
        let w = sindh.where_else(&phone("03001234567")).await.unwrap();
        assert_eq!((w.visible, w.outside), (1, 2));
        assert_eq!(w.groups.len(), 1);
        assert_eq!(w.groups[0].entity, LinkedEntity::Agent);
        // A Lahore investigating officer reads the case, not the helpline record (not theirs
        // to triage).
        let lhr = s.scoped(io(&s, "LHR").await);
        let w = lhr.where_else(&phone("0300 1234567")).await.unwrap();
        assert_eq!((w.visible, w.outside), (2, 1));
        assert_eq!(group_total(&w, LinkedEntity::IntakeItem), 0);
        // Roles without case work may not search.
        let analyst = s.scoped(actor(&s, UserRole::Analyst, Jurisdiction::National).await);
        assert!(matches!(analyst.where_else(&phone("0300 1234567")).await, Err(StoreError::Forbidden(_))));
        // A value that is not a number is refused before anything is looked up.
        assert!(matches!(lhr.where_else(&phone("call me")).await, Err(StoreError::Invalid(_))));
        s.close().await;
        db.drop_db().await;
    }

    async fn officers_link_accounts_and_wallets_to_records_they_may_read(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let (case_id, reference, call_ref, _) = three_places(&s).await;
        let lhr = s.scoped(io(&s, "LHR").await);
        let iban = IdentifierInput { kind: IdentifierKind::BankAccount, value: "pk36 scbl 0000 0011 2345 6702".into(), bank: None };
        let saved = lhr.link_identifier(NewIdentifierLink {
            identifier: iban.clone(),
            entity: LinkedEntity::Case,
            reference: reference.to_lowercase(),
            note: Some("Synthetic: the agent's fee was paid into it".into()),
        }).await.unwrap();
        assert_eq!((saved.value.as_str(), saved.case_id), ("PK36SCBL0000001123456702", Some(case_id)));
        // Twice is refused.
        let again = lhr.link_identifier(NewIdentifierLink { identifier: iban.clone(), entity: LinkedEntity::Case, reference: reference.clone(), note: None }).await;
        assert!(matches!(again, Err(StoreError::Invalid(e)) if e.first("value") == Some("This is already linked to that record")));
        let w = lhr.where_else(&iban).await.unwrap();
        assert_eq!(w.groups[0].items[0].note.as_deref(), Some("Synthetic: the agent's fee was paid into it"));
        assert!(w.groups[0].items[0].linked_by_officer);
        // A wallet with the victim's number is found from the phone.
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        national.link_identifier(NewIdentifierLink {
            identifier: IdentifierInput { kind: IdentifierKind::Wallet, value: "0300 1234567".into(), bank: None },
            entity: LinkedEntity::IntakeItem,
            reference: call_ref.clone(),
            note: None,
        }).await.unwrap();
        let w = national.where_else(&phone("0300-1234567")).await.unwrap();
        assert_eq!(w.visible, 4);
        assert!(w.groups.iter().flat_map(|g| &g.items).any(|o| o.kind == IdentifierKind::Wallet));
        // Records outside scope, or that do not exist, cannot be linked; the form says where.
        let sindh = s.scoped(io(&s, "KHS").await);
        let out = sindh.link_identifier(NewIdentifierLink { identifier: iban.clone(), entity: LinkedEntity::Case, reference: reference.clone(), note: None }).await;
        assert!(matches!(out, Err(StoreError::Invalid(e)) if e.first("reference").is_some()));
        let bad = lhr.link_identifier(NewIdentifierLink {
            identifier: IdentifierInput { kind: IdentifierKind::BankAccount, value: "0123-4567890".into(), bank: None },
            entity: LinkedEntity::Case,
            reference: String::new(),
            note: None,
        }).await;
        assert!(matches!(bad, Err(StoreError::Invalid(e)) if e.first("bank").is_some() && e.first("reference").is_some()));
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'identifier_link' AND action = 'create'").await, 2);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM identifier_links WHERE note LIKE '%fee%'").await, 0);
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM audit_log WHERE detail LIKE '%PK36%' OR detail LIKE '%1234567%'").await, 0);
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn older_rows_are_indexed_once_at_start_and_rotation_rekeys_the_hashes(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        three_places(&s).await;
        let links = count(&pool, "SELECT COUNT(*) AS n FROM identifier_links").await;
        assert_eq!(links, 6);
        // As if the rows had been written before identifiers existed: the index is rebuilt
        // at the next start, once.
        sqlx::query("DELETE FROM identifier_links").execute(&pool).await.unwrap();
        sqlx::query("DELETE FROM identifiers").execute(&pool).await.unwrap();
        sqlx::query("DELETE FROM data_steps WHERE name = 'index_identifiers_v1'").execute(&pool).await.unwrap();
        s.close().await;
        let s = db.connect(Vault::new([3u8; 32])).await.unwrap();
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM identifier_links").await, links);
        s.close().await;
        let s = db.connect(Vault::new([3u8; 32])).await.unwrap();
        assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM identifier_links").await, links);
        let national = s.scoped(actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await);
        assert_eq!(national.where_else(&phone("0300 1234567")).await.unwrap().visible, 3);
        // Rotation re-seals the values and recomputes the hashes with the new key.
        s.rotate_key("test", [9u8; 32], &mut |_, _| {}).await.unwrap();
        let new_hash = Vault::new([9u8; 32]).blind_index("phone", "+923001234567");
        assert_eq!(count(&pool, &format!("SELECT COUNT(*) AS n FROM identifiers WHERE kind = 'phone' AND value_bidx = '{new_hash}'")).await, 1);
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }
}
