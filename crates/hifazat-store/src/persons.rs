//! The person index: one in-memory matching index over all person records (names decrypted at
//! start-up, never written anywhere in clear), for fuzzy search across spellings and scripts
//! and for "possibly the same as …" hints when a person is entered. Results are limited to
//! persons who appear in a case within the caller's jurisdiction; victims are never returned by
//! name search (they are reached through their case or protection record, by code).

use crate::cases::push_scope;
use crate::sql::Q;
use crate::{Result, Scoped, Store};
use hifazat_domain::{Action, FieldErrors, PersonRole};
use hifazat_matching::Record;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// A person search.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PersonQuery {
    /// Name, in Latin or Urdu script, any spelling.
    #[serde(default)]
    pub name: String,
    /// Father's or husband's name.
    pub father_name: Option<String>,
    /// Date of birth (`YYYY-MM-DD` or `YYYY`).
    pub date_of_birth: Option<String>,
    /// CNIC.
    pub cnic: Option<String>,
}

/// One person found.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonHit {
    /// The person record.
    pub person_uid: String,
    /// Name on record.
    pub name: String,
    /// Father's or husband's name on record.
    pub father_name: Option<String>,
    /// Score, 0 to 1.
    pub score: f64,
    /// Which parts matched how.
    pub explanation: String,
    /// Cases within the caller's jurisdiction: (case id, reference, role).
    pub cases: Vec<(i64, String, PersonRole)>,
}

fn person_record(
    id: i64,
    name: &str,
    father: Option<&str>,
    dob: Option<&str>,
    cnic: Option<&str>,
    passport: Option<&str>,
    nationality: Option<&str>,
) -> Record {
    crate::screening::record(
        id.to_string(),
        name,
        father,
        dob,
        cnic,
        passport,
        nationality,
    )
}

impl Store {
    /// Rebuilds the person index from the database (start-up, and after bulk imports).
    pub async fn load_person_index(&self) -> Result<usize> {
        let rows = sqlx::query("SELECT id, uid, name_enc, father_name_enc, dob_enc, cnic_enc, passport_enc, nationality FROM persons").fetch_all(self.pool()).await?;
        let v = self.vault();
        let mut m = hifazat_matching::Matcher::new(Default::default());
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let uid: String = r.try_get("uid")?;
            let dec = |col: &str| -> Result<Option<String>> {
                Ok(v.decrypt_opt(
                    &format!("persons.{col}:{uid}"),
                    r.try_get::<Option<String>, _>(format!("{col}_enc").as_str())?
                        .as_deref(),
                )?)
            };
            let name = dec("name")?.unwrap_or_default();
            let rec = person_record(
                id,
                &name,
                dec("father_name")?.as_deref(),
                dec("dob")?.as_deref(),
                dec("cnic")?.as_deref(),
                dec("passport")?.as_deref(),
                r.try_get::<Option<String>, _>("nationality")?.as_deref(),
            );
            let _ = m.upsert(&rec);
        }
        let n = m.len();
        *self.persons.write().expect("person index lock") = m;
        tracing::info!(persons = n, "person index loaded");
        Ok(n)
    }

    /// Adds one person to the index (after the record is committed).
    pub(crate) fn index_person(&self, id: i64, p: &hifazat_domain::NewPerson) {
        let rec = person_record(
            id,
            &p.name,
            p.father_name.as_deref(),
            p.date_of_birth.map(|d| d.to_string()).as_deref(),
            p.cnic.as_deref(),
            p.passport.as_deref(),
            p.nationality.as_deref(),
        );
        let _ = self
            .persons
            .write()
            .expect("person index lock")
            .upsert(&rec);
    }
}

impl Scoped<'_> {
    /// Persons matching `q` (any spelling or script) who appear, other than as victims, in a
    /// case within the caller's jurisdiction.
    pub async fn search_persons(&self, q: &PersonQuery) -> Result<Vec<PersonHit>> {
        self.require(Action::ViewCases, "this role does not search persons")?;
        if q.name.trim().is_empty() && q.cnic.as_deref().is_none_or(|c| c.trim().is_empty()) {
            let mut e = FieldErrors::new();
            e.add("name", "give a name or a CNIC");
            return Err(e.into());
        }
        let rec = person_record(
            0,
            q.name.trim(),
            q.father_name.as_deref().filter(|s| !s.trim().is_empty()),
            q.date_of_birth.as_deref().filter(|s| !s.trim().is_empty()),
            q.cnic.as_deref().filter(|s| !s.trim().is_empty()),
            None,
            None,
        );
        let alerts = self
            .store()
            .persons
            .read()
            .expect("person index lock")
            .screen_with_threshold(&rec, 0.6);
        self.hits(
            alerts
                .into_iter()
                .filter_map(|a| {
                    a.watchlist_id
                        .parse::<i64>()
                        .ok()
                        .map(|id| (id, a.score, a.explanation))
                })
                .collect(),
            None,
        )
        .await
    }

    /// Other person records that may be the same as person `person_id` (score 0.85 or more),
    /// within the caller's jurisdiction; never for victims.
    pub async fn possible_duplicates(
        &self,
        person_id: i64,
        p: &hifazat_domain::NewPerson,
    ) -> Result<Vec<PersonHit>> {
        if p.role == PersonRole::Victim || !self.actor().may(Action::ViewCases) {
            return Ok(Vec::new());
        }
        let rec = person_record(
            person_id,
            &p.name,
            p.father_name.as_deref(),
            p.date_of_birth.map(|d| d.to_string()).as_deref(),
            p.cnic.as_deref(),
            p.passport.as_deref(),
            p.nationality.as_deref(),
        );
        let alerts = self
            .store()
            .persons
            .read()
            .expect("person index lock")
            .screen_with_threshold(&rec, 0.85);
        let mut hits = self
            .hits(
                alerts
                    .into_iter()
                    .filter_map(|a| {
                        a.watchlist_id
                            .parse::<i64>()
                            .ok()
                            .map(|id| (id, a.score, a.explanation))
                    })
                    .collect(),
                Some(person_id),
            )
            .await?;
        hits.truncate(3);
        Ok(hits)
    }

    async fn hits(
        &self,
        found: Vec<(i64, f64, String)>,
        except: Option<i64>,
    ) -> Result<Vec<PersonHit>> {
        let found: Vec<_> = found
            .into_iter()
            .filter(|(id, _, _)| Some(*id) != except)
            .collect();
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = found.iter().map(|(id, _, _)| *id).collect();
        let mut q = Q::new("SELECT cp.person_id, c.id AS case_id, c.reference, cp.role, p.uid, p.name_enc, p.father_name_enc \
            FROM case_persons cp JOIN cases c ON c.id = cp.case_id JOIN persons p ON p.id = cp.person_id WHERE cp.role <> 'victim' AND NOT");
        q.push(crate::cases::PROTECTED);
        q.push(" AND");
        q.push_in("cp.person_id", &ids);
        push_scope(&mut q, &self.actor().jurisdiction);
        let rows = q.query().fetch_all(self.store().pool()).await?;
        let v = self.store().vault();
        let mut out: Vec<PersonHit> = Vec::new();
        for (id, score, explanation) in found {
            let mine: Vec<_> = rows
                .iter()
                .filter(|r| r.try_get::<i64, _>("person_id").ok() == Some(id))
                .collect();
            let Some(first) = mine.first() else { continue };
            let uid: String = first.try_get("uid")?;
            let mut cases = Vec::new();
            for r in &mine {
                let role: String = r.try_get("role")?;
                cases.push((
                    r.try_get("case_id")?,
                    r.try_get("reference")?,
                    role.parse()
                        .map_err(|_| crate::StoreError::Config("role".into()))?,
                ));
            }
            out.push(PersonHit {
                name: v.decrypt(
                    &format!("persons.name:{uid}"),
                    &first.try_get::<String, _>("name_enc")?,
                )?,
                father_name: v.decrypt_opt(
                    &format!("persons.father_name:{uid}"),
                    first
                        .try_get::<Option<String>, _>("father_name_enc")?
                        .as_deref(),
                )?,
                person_uid: uid,
                score,
                explanation,
                cases,
            });
        }
        Ok(out)
    }
}
