//! The person index's stored keys (migration 0029): a build writes each record's sealed keys
//! beside it, the next start indexes from them without decrypting, and a record whose
//! identifying fields change (whoever writes them) or whose keys were sealed under another key
//! is decrypted again. On both engines.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use hifazat_domain::{AccusedStatus, PersonRole, Sex};
use hifazat_store::cases::import::{ImportedCase, ImportedPerson};
use hifazat_store::persons::PersonQuery;
use hifazat_store::{both_engines, Ctx};
use hifazat_store::{Store, Vault};
use sqlx::Row;
use support::*;

async fn ready(s: &Store) {
    for _ in 0..400 {
        if s.person_index_loading().is_none() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the person index was not built");
}

async fn stored_keys(pool: &sqlx::AnyPool) -> Vec<Option<String>> {
    sqlx::query("SELECT name_keys FROM persons ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("name_keys").unwrap())
        .collect()
}

both_engines! {
    async fn a_restart_reads_the_stored_keys_instead_of_decrypting(engine: Engine) {
        let (s, db) = store(engine).await;
        // The build started with the store (of no records) is done before any is entered.
        ready(&s).await;
        let vault = Vault::new([3u8; 32]);
        let lhr = s.scoped(io(&s, "LHR").await);
        let case = lhr.create_case(new_case("LHR")).await.unwrap();
        for (name, father, cnic) in [
            ("Muhammad Asif", "Ghulam Rasool", "35202-2323232-3"),
            ("Shahid Anwar", "Muhammad Anwar", "35202-5151515-1"),
        ] {
            let mut p = victim(name, cnic);
            p.role = PersonRole::Accused;
            p.sex = Sex::Male;
            p.father_name = Some(father.into());
            p.accused_status = Some(AccusedStatus::AtLarge);
            lhr.add_person(case, p).await.unwrap();
        }
        let search = |s: Store| async move {
            let lhr = s.scoped(io(&s, "LHR").await);
            let q = PersonQuery { name: "Mohd Asif".into(), father_name: Some("Gulam Rasul".into()), ..Default::default() };
            lhr.search_persons(&q).await.unwrap().into_iter().map(|h| h.name).collect::<Vec<_>>()
        };
        let pool = raw(&db.url).await;
        // Entered through the store: no keys stored yet. The first build decrypts both and
        // stores their keys, sealed under this master key.
        assert_eq!(stored_keys(&pool).await, [None, None]);
        assert_eq!(s.load_person_index().await.unwrap(), 2);
        assert_eq!(s.person_index_decrypted(), 2);
        let keys = stored_keys(&pool).await;
        for k in &keys {
            let k = k.as_deref().expect("stored");
            let (id, b64) = k.split_once('.').unwrap();
            assert_eq!(id, vault.key_id());
            assert!(b64.len() > 100, "{k}");
            for clear in ["Asif", "asif", "ASIF", "Rasool", "2323232", "Shahid"] {
                assert!(!k.contains(clear), "{k}");
            }
        }
        assert_eq!(search(s.clone()).await, ["Muhammad Asif"]);
        s.close().await;

        // A new process: the index is built from the stored keys alone, and finds the same.
        let s = db.connect(Vault::new([3u8; 32])).await.unwrap();
        ready(&s).await;
        assert_eq!(s.person_index_decrypted(), 0);
        assert_eq!(search(s.clone()).await, ["Muhammad Asif"]);
        assert_eq!(stored_keys(&pool).await, keys, "nothing written again");

        // An identifying field written by hand makes that record's keys stale; keys sealed
        // under another master key are not read. Both records are decrypted at the next build.
        sqlx::query("UPDATE persons SET cnic_enc = cnic_enc WHERE id = (SELECT MIN(id) FROM persons)")
            .execute(&pool)
            .await
            .unwrap();
        let stale = stored_keys(&pool).await;
        assert_eq!(stale[0], None, "the trigger cleared them");
        assert_eq!(stale[1], keys[1], "the other record's keys are left alone");
        let other = keys[1].as_deref().unwrap().replacen(vault.key_id(), "0ther1d", 1);
        sqlx::query("UPDATE persons SET name_keys = $1 WHERE id = (SELECT MAX(id) FROM persons)")
            .bind(&other)
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(s.load_person_index().await.unwrap(), 2);
        assert_eq!(s.person_index_decrypted(), 2);
        assert_eq!(stored_keys(&pool).await, keys, "stored again, as they were");
        assert_eq!(search(s.clone()).await, ["Muhammad Asif"]);
        assert_eq!(s.load_person_index().await.unwrap(), 2);
        assert_eq!(s.person_index_decrypted(), 0);
        pool.close().await;
        s.close().await;
        db.drop_db().await;
    }

    async fn imported_records_carry_the_keys_a_build_would_store(engine: Engine) {
        let (s, db) = store(engine).await;
        ready(&s).await;
        let pool = raw(&db.url).await;
        let mut accused = victim("Muhammad Asif", "35202-2323232-3");
        accused.role = PersonRole::Accused;
        accused.sex = Sex::Male;
        accused.father_name = Some("Ghulam Rasool".into());
        accused.accused_status = Some(AccusedStatus::AtLarge);
        let person = |person| ImportedPerson { person, sentence: None, fine_pkr: None };
        let case = ImportedCase {
            case: new_case("LHR"),
            created_by: None,
            created_at: chrono::Utc::now(),
            persons: vec![person(victim("Nadia Syntheticchild", "35202-2222222-4")), person(accused)],
            events: vec![],
            hearings: vec![],
        };
        s.scoped(Ctx::system("test-import")).import_cases(vec![case], 10, &mut |_| {}).await.unwrap();
        let imported = stored_keys(&pool).await;
        assert_eq!(imported.len(), 2);
        assert!(imported.iter().all(Option::is_some), "{imported:?}");
        // The import ends by building the index: from the stored keys, decrypting nothing.
        assert_eq!(s.person_index_decrypted(), 0);
        // A build from the decrypted records stores the very same keys.
        s.forget_person_index_keys().await.unwrap();
        assert_eq!(s.load_person_index().await.unwrap(), 2);
        assert_eq!(s.person_index_decrypted(), 2);
        assert_eq!(stored_keys(&pool).await, imported);
    }
}
