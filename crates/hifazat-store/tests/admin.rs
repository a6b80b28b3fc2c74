//! Administration in the store, on SQLite and on PostgreSQL: only administrators, validation
//! that writes nothing, audit rows with previous values, the directory's districts served,
//! the CSV import, and account changes that apply to the next request.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use hifazat_domain::protection::Service;
use hifazat_domain::{Actor, Jurisdiction, UserRole};
use hifazat_store::admin::users::NewUser;
use hifazat_store::admin::{AgencyFilter, AgencyInput, ProviderInput, UserUpdate};
use hifazat_store::audit::{AuditFilter, AuditRow};
use hifazat_store::protection::ProviderFilter;
use hifazat_store::testing::TestDb;
use hifazat_store::{both_engines, Ctx, Engine, Store, StoreError, Vault};

async fn store(engine: Engine) -> (Store, TestDb) {
    let db = TestDb::new(engine).await;
    let store = db
        .connect(Vault::new([4u8; 32]))
        .await
        .expect("connect and migrate");
    (store, db)
}

async fn account(s: &Store, username: &str, role: UserRole, j: &str) -> Ctx {
    let jurisdiction = Jurisdiction::from_code(j).unwrap();
    let user_id = s
        .admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .create_user(NewUser {
            username: username.into(),
            display_name: format!("Test {username}"),
            password: "test-password-long".into(),
            agency_id: None,
            jurisdiction: jurisdiction.clone(),
            roles: vec![role],
        })
        .await
        .unwrap();
    Ctx {
        actor: Actor {
            user_id,
            username: username.into(),
            agency_id: None,
            roles: vec![role],
            jurisdiction,
        },
        ip: Some("127.0.0.1".into()),
    }
}

async fn audit(s: &Store, entity: &str) -> Vec<AuditRow> {
    let auditor = Ctx {
        actor: Actor {
            user_id: 0,
            username: "auditor".into(),
            agency_id: None,
            roles: vec![UserRole::Auditor],
            jurisdiction: Jurisdiction::National,
        },
        ip: None,
    };
    let (rows, _) = s
        .audit_trail(
            &auditor,
            &AuditFilter {
                per_page: Some(500),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    rows.into_iter().filter(|r| r.entity == entity).collect()
}

fn agency(name: &str, kind: &str, district: &str) -> AgencyInput {
    AgencyInput {
        name: name.into(),
        kind: kind.into(),
        province_code: None,
        district_code: Some(district.into()),
        parent_id: None,
    }
}

fn shelter(districts: &[&str]) -> ProviderInput {
    ProviderInput {
        services: vec!["shelter".into(), "psychosocial".into()],
        accepts: vec!["women".into(), "children".into()],
        languages: "Urdu, Punjabi".into(),
        capacity: 40,
        phone: Some("042-1234567".into()),
        districts_served: districts.iter().map(|d| d.to_string()).collect(),
    }
}

fn fields(e: StoreError) -> hifazat_domain::FieldErrors {
    match e {
        StoreError::Invalid(f) => f,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

both_engines! {
    async fn only_administrators_administer(engine: Engine) {
        let (s, db) = store(engine).await;
        for (name, role) in [
            ("national", UserRole::NationalCoordinator),
            ("super", UserRole::Supervisor),
            ("auditor", UserRole::Auditor),
            ("welfare", UserRole::ProtectionOfficer),
            ("shelter", UserRole::ServiceProvider),
        ] {
            let ctx = account(&s, name, role, "national").await;
            assert!(
                matches!(s.admin(&ctx), Err(StoreError::Forbidden(_))),
                "{name} was let in"
            );
        }
        let admin = account(&s, "admin", UserRole::Administrator, "national").await;
        assert!(s.admin(&admin).is_ok());
        s.close().await;
        db.drop_db().await;
    }

    async fn an_agency_is_created_and_edited_with_its_history_kept(engine: Engine) {
        let (s, db) = store(engine).await;
        let ctx = account(&s, "admin", UserRole::Administrator, "national").await;
        let a = s.admin(&ctx).unwrap();
        let zone = a.create_agency(agency("FIA Lahore Zone", "fia_zone", "LHR")).await.unwrap();
        let id = a
            .create_agency(AgencyInput {
                parent_id: Some(zone),
                ..agency("AHTC Lahore", "fia_circle", "LHR")
            })
            .await
            .unwrap();
        let d = a.agency(id).await.unwrap();
        assert_eq!(d.agency.province_code.as_deref(), Some("PK-PB"), "province from the district");
        assert_eq!(d.agency.parent.as_deref(), Some("FIA Lahore Zone"));
        assert!(d.provider.is_none());

        // Invalid input: a message per field, and nothing written.
        let before = (a.agencies(&AgencyFilter::default()).await.unwrap().total, audit(&s, "agency").await.len());
        let e = fields(
            a.create_agency(AgencyInput {
                name: "  ".into(),
                kind: "spaceship".into(),
                province_code: Some("PK-SD".into()),
                district_code: Some("LHR".into()),
                parent_id: Some(999_999),
            })
            .await
            .unwrap_err(),
        );
        assert_eq!(e.first("name"), Some("Enter the agency's name"));
        assert_eq!(e.first("kind"), Some("Choose a kind of agency from the list"));
        assert_eq!(e.first("district_code"), Some("Choose a district in the province"));
        assert_eq!(e.first("parent_id"), Some("Choose a parent agency from the list"));
        let e = fields(a.create_agency(agency("ahtc LAHORE", "fia_circle", "LHR")).await.unwrap_err());
        assert_eq!(e.first("name"), Some("An agency with this name already exists"));
        // A zone cannot become its own circle's sub-agency.
        let e = fields(
            a.update_agency(zone, AgencyInput { parent_id: Some(id), ..agency("FIA Lahore Zone", "fia_zone", "LHR") })
                .await
                .unwrap_err(),
        );
        assert!(e.first("parent_id").is_some(), "{e}");
        let after = (a.agencies(&AgencyFilter::default()).await.unwrap().total, audit(&s, "agency").await.len());
        assert_eq!(before, after, "refused input wrote something");

        // An edit keeps the previous values in the audit trail.
        a.update_agency(
            id,
            AgencyInput { parent_id: Some(zone), ..agency("AHTC Gujranwala", "fia_circle", "GRW") },
        )
        .await
        .unwrap();
        let d = a.agency(id).await.unwrap();
        assert_eq!((d.agency.name.as_str(), d.agency.district_code.as_deref()), ("AHTC Gujranwala", Some("GRW")));
        let rows = audit(&s, "agency").await;
        let update = rows.iter().find(|r| r.action == "update").expect("audit row for the edit");
        assert_eq!(update.entity_id.as_deref(), Some(id.to_string().as_str()));
        assert_eq!(update.username, "admin");
        let detail = update.detail.as_deref().unwrap();
        assert!(detail.contains("name: \"AHTC Lahore\" → \"AHTC Gujranwala\""), "{detail}");
        assert!(detail.contains("district: LHR → GRW"), "{detail}");
        assert_eq!(rows.iter().filter(|r| r.action == "create").count(), 2);

        // Saving the same values writes nothing more.
        a.update_agency(id, AgencyInput { parent_id: Some(zone), ..agency("AHTC Gujranwala", "fia_circle", "GRW") })
            .await
            .unwrap();
        assert_eq!(audit(&s, "agency").await.len(), rows.len());

        // The list pages with a true total, and filters.
        for i in 0..7 {
            a.create_agency(agency(&format!("NGO number {i}"), "ngo", "KHS")).await.unwrap();
        }
        let page = a
            .agencies(&AgencyFilter { q: Some("ngo NUMBER".into()), per_page: Some(3), page: Some(3), ..Default::default() })
            .await
            .unwrap();
        assert_eq!((page.total, page.items.len()), (7, 1));
        let circles = a
            .agencies(&AgencyFilter { kind: Some("fia_circle".into()), ..Default::default() })
            .await
            .unwrap();
        assert_eq!(circles.total, 1);
        let percent = a.agencies(&AgencyFilter { q: Some("%".into()), ..Default::default() }).await.unwrap();
        assert_eq!(percent.total, 0, "LIKE wildcards are escaped");
        s.close().await;
        db.drop_db().await;
    }

    async fn a_provider_serving_two_districts_is_found_in_both(engine: Engine) {
        let (s, db) = store(engine).await;
        let ctx = account(&s, "admin", UserRole::Administrator, "national").await;
        let a = s.admin(&ctx).unwrap();
        let id = a.create_agency(agency("Darul Aman Lahore", "social_welfare", "LHR")).await.unwrap();
        let other = a.create_agency(agency("Darul Aman Karachi", "social_welfare", "KHS")).await.unwrap();
        a.set_provider(id, shelter(&["GRW", "jcb", "GRW"])).await.unwrap();
        a.set_provider(other, shelter(&[])).await.unwrap();
        let entry = a.agency(id).await.unwrap().provider.unwrap();
        assert_eq!(entry.districts_served, vec!["GRW", "JCB"]);
        assert_eq!(entry.phone.as_deref(), Some("+92421234567"));
        assert_eq!(entry.services, vec![Service::Shelter, Service::Psychosocial]);

        let welfare = account(&s, "welfare", UserRole::ProtectionOfficer, "province:PK-PB").await;
        let dir = s.scoped(welfare);
        let found = |district: &'static str| {
            let dir = &dir;
            async move {
                dir.providers(&ProviderFilter { district: Some(district.into()), ..Default::default() })
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|p| p.name)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(found("LHR").await, vec!["Darul Aman Lahore"]);
        assert_eq!(found("GRW").await, vec!["Darul Aman Lahore"]);
        assert_eq!(found("JCB").await, vec!["Darul Aman Lahore"]);
        assert_eq!(found("KHS").await, vec!["Darul Aman Karachi"]);
        assert!(found("QTA").await.is_empty());
        // Jacobabad is in Sindh: the province filter (used when referring) finds it there too.
        let sindh = dir
            .providers(&ProviderFilter { province: Some("PK-SD".into()), ..Default::default() })
            .await
            .unwrap();
        let mut names: Vec<_> = sindh.iter().map(|p| p.name.as_str()).collect();
        names.sort();
        assert_eq!(names, vec!["Darul Aman Karachi", "Darul Aman Lahore"]);
        let lahore = sindh.iter().find(|p| p.id == id).unwrap();
        assert_eq!(lahore.districts_served, vec!["GRW", "JCB"]);

        // Invalid entries: a message per field, nothing written.
        let e = fields(
            a.set_provider(
                id,
                ProviderInput {
                    services: vec!["flying".into()],
                    accepts: vec![],
                    languages: String::new(),
                    capacity: -1,
                    phone: Some("call me".into()),
                    districts_served: vec!["ZZZ".into()],
                },
            )
            .await
            .unwrap_err(),
        );
        for f in ["services", "accepts", "capacity", "phone", "districts_served"] {
            assert!(e.first(f).is_some(), "no message for {f}: {e}");
        }
        let e = fields(a.set_provider(id, ProviderInput { capacity: 0, ..shelter(&[]) }).await.unwrap_err());
        assert_eq!(e.first("capacity"), Some("Enter the number of beds: the provider offers shelter"));
        assert_eq!(a.agency(id).await.unwrap().provider.unwrap(), entry, "a refused entry changed the directory");
        assert!(matches!(a.set_provider(999_999, shelter(&[])).await, Err(StoreError::NotFound)));

        // Changing the districts keeps the old ones in the audit trail.
        a.set_provider(id, shelter(&["SKT"])).await.unwrap();
        assert_eq!(found("SKT").await, vec!["Darul Aman Lahore"]);
        assert!(found("GRW").await.is_empty());
        let rows = audit(&s, "provider").await;
        assert_eq!(rows.iter().filter(|r| r.action == "create").count(), 2);
        let update = rows.iter().find(|r| r.action == "update").unwrap();
        assert!(update.detail.as_deref().unwrap().contains("districts_served: GRW,JCB → SKT"), "{update:?}");
        s.close().await;
        db.drop_db().await;
    }

    async fn a_directory_file_keeps_good_rows_reports_bad_ones_and_updates_when_sent_again(engine: Engine) {
        let (s, db) = store(engine).await;
        let ctx = account(&s, "admin", UserRole::Administrator, "national").await;
        let a = s.admin(&ctx).unwrap();
        let existing = a.create_agency(agency("Legal Aid Society Punjab", "ngo", "LHR")).await.unwrap();
        let file = "agency,kind,province,district,services,accepts,languages,capacity,phone,districts_served\n\
            Darul Aman Sahiwal,social_welfare,Punjab,Sahiwal,shelter;psychosocial,women;children,Urdu;Punjabi,30,040-1234567,Okara;Pakpattan\n\
            Crisis Centre Nowhere,ngo,,Atlantis,medical,women,,,,\n\
            Legal Aid Society Punjab,,,,legal_aid,women;men,Urdu,0,,Kasur\n\
            Shelter Without Beds,ngo,,MUX,shelter,women,,,,\n\
            Child Protection Unit Multan,child_protection,PK-PB,MUX,child_protection;family_tracing,children,Saraiki,,,\n";
        let r = a.import_directory(file.into()).await.unwrap();
        assert_eq!((r.rows, r.created, r.updated, r.unchanged, r.rejected), (5, 3, 0, 0, 2), "{r:?}");
        let errs: Vec<(u64, &str)> = r.errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(errs, vec![(3, "district"), (5, "capacity")], "{:?}", r.errors);
        let all = a.agencies(&AgencyFilter::default()).await.unwrap();
        assert_eq!(all.total, 3, "refused rows created agencies: {:?}", all.items);
        assert!(all.items.iter().all(|i| i.provider));
        let legal = a.agency(existing).await.unwrap();
        assert_eq!(legal.provider.unwrap().districts_served, vec!["KSR"], "matched by name, not duplicated");
        let sahiwal = all.items.iter().find(|i| i.name == "Darul Aman Sahiwal").unwrap();
        assert_eq!((sahiwal.kind.as_str(), sahiwal.district_code.as_deref(), sahiwal.province_code.as_deref()),
            ("social_welfare", Some("SHW"), Some("PK-PB")));
        assert_eq!(audit(&s, "provider").await.len(), 3);
        let summary = audit(&s, "directory").await;
        assert_eq!(summary.len(), 1);
        assert_eq!(summary[0].action, "import");

        // The same file again: nothing new. Then a corrected file: updates, not duplicates.
        let r = a.import_directory(file.into()).await.unwrap();
        assert_eq!((r.created, r.updated, r.unchanged, r.rejected), (0, 0, 3, 2), "{r:?}");
        assert_eq!(audit(&s, "provider").await.len(), 3, "unchanged rows are not audited");
        let fixed = "Agency,Services,Accepts,Capacity,District\n\
            darul aman sahiwal,shelter,women,45,\n\
            Shelter Without Beds,shelter,women,6,MUX\n";
        let r = a.import_directory(fixed.into()).await.unwrap();
        assert_eq!((r.created, r.updated, r.unchanged, r.rejected), (0, 1, 0, 1), "{r:?}");
        assert_eq!(r.errors[0].field, "kind", "a new agency needs its kind: {:?}", r.errors);
        let all = a.agencies(&AgencyFilter::default()).await.unwrap();
        assert_eq!(all.total, 3);
        let sahiwal = a.agency(all.items.iter().find(|i| i.name == "Darul Aman Sahiwal").unwrap().id).await.unwrap();
        let p = sahiwal.provider.unwrap();
        assert_eq!((p.capacity, p.districts_served.len()), (45, 0));
        assert_eq!(sahiwal.agency.district_code.as_deref(), Some("SHW"), "a blank district keeps the agency's");
        let rows = audit(&s, "provider").await;
        assert!(rows[0].detail.as_deref().unwrap().contains("capacity: 30 → 45"), "{:?}", rows[0]);
        assert_eq!(audit(&s, "directory").await.len(), 3);

        // An unusable file writes nothing.
        let e = fields(a.import_directory("agency,beds\nX,4\n".into()).await.unwrap_err());
        assert!(e.first("csv").is_some());
        assert_eq!(audit(&s, "directory").await.len(), 3);
        s.close().await;
        db.drop_db().await;
    }

    async fn account_changes_apply_to_the_next_request(engine: Engine) {
        let (s, db) = store(engine).await;
        let admin = account(&s, "admin", UserRole::Administrator, "national").await;
        let io = account(&s, "io.lahore", UserRole::InvestigatingOfficer, "district:LHR").await;
        let login = s.login("io.lahore", "test-password-long", "127.0.0.1", "api", None).await.unwrap();
        let a = s.admin(&admin).unwrap();
        let ngo = a.create_agency(agency("Legal Aid Lahore", "ngo", "LHR")).await.unwrap();

        let e = fields(
            a.update_user(
                io.actor.user_id,
                UserUpdate {
                    display_name: " ".into(),
                    roles: vec!["wizard".into()],
                    jurisdiction: "district:ZZZ".into(),
                    agency_id: Some(999_999),
                },
            )
            .await
            .unwrap_err(),
        );
        for f in ["display_name", "roles", "jurisdiction", "agency_id"] {
            assert!(e.first(f).is_some(), "no message for {f}: {e}");
        }
        let e = fields(
            a.update_user(io.actor.user_id, UserUpdate {
                display_name: "X".into(),
                roles: vec!["service_provider".into()],
                jurisdiction: "district:LHR".into(),
                agency_id: None,
            })
            .await
            .unwrap_err(),
        );
        assert!(e.first("agency_id").is_some(), "a provider's account needs its agency");
        assert!(audit(&s, "user").await.iter().all(|r| r.action == "create"));

        a.update_user(
            io.actor.user_id,
            UserUpdate {
                display_name: "Supervisor Gujranwala".into(),
                roles: vec!["supervisor".into()],
                jurisdiction: "province:PK-PB".into(),
                agency_id: Some(ngo),
            },
        )
        .await
        .unwrap();
        let session = s.session(&login.token).await.unwrap().unwrap();
        assert_eq!(session.actor.roles, vec![UserRole::Supervisor]);
        assert_eq!(session.actor.jurisdiction, Jurisdiction::Province("PK-PB".into()));
        assert_eq!(session.actor.agency_id, Some(ngo));
        assert_eq!(session.display_name, "Supervisor Gujranwala");
        let u = a.user(io.actor.user_id).await.unwrap();
        assert_eq!((u.jurisdiction.as_str(), u.agency.as_deref()), ("province:PK-PB", Some("Legal Aid Lahore")));
        let rows = audit(&s, "user").await;
        let update = rows.iter().find(|r| r.action == "update").unwrap();
        let detail = update.detail.as_deref().unwrap();
        assert!(detail.contains("roles: investigating_officer → supervisor"), "{detail}");
        assert!(detail.contains("jurisdiction: district:LHR → province:PK-PB"), "{detail}");

        // The last administrator keeps the role; with a second one, it may go.
        let keep = UserUpdate {
            display_name: "Admin".into(),
            roles: vec!["auditor".into()],
            jurisdiction: "national".into(),
            agency_id: None,
        };
        let e = fields(a.update_user(admin.actor.user_id, keep.clone()).await.unwrap_err());
        assert!(e.first("roles").unwrap().contains("last active administrator"));
        account(&s, "admin2", UserRole::Administrator, "national").await;
        a.update_user(admin.actor.user_id, keep).await.unwrap();
        assert!(matches!(a.user(999_999).await, Err(StoreError::NotFound)));
        s.close().await;
        db.drop_db().await;
    }
}
