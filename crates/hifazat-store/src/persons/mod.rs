//! The national person index: one in-memory matching index over all person records (names
//! decrypted at start-up, never written anywhere in clear), for fuzzy search across spellings
//! and scripts and for "possibly the same as …" hints when a person is entered; the person's
//! page; and the merge of two records of one person, recorded move by move so that it can be
//! undone. Results are limited to persons who appear in a case within the caller's
//! jurisdiction; victims are never returned by name search nor merged (they are reached through
//! their case or protection record, by code).
//!
//! Beside it: the live index that keeps the in-memory indexes in step with the database
//! (`live_index`), and the network view of accused persons and their links (`network`).

pub(crate) mod live_index;
pub mod network;

use crate::audit::{AuditAction, Entry};
use crate::field;
use crate::rows::parse;
use crate::scoped::{push_scope, PROTECTED};
use crate::sealed::PERSON_IDENTITY;
use crate::sql::Q;
use crate::tx::Tx;
use crate::{ts, Result, Scoped, Store, StoreError};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hifazat_domain::screening::WatchlistKind;
use hifazat_domain::{Action, FieldErrors, Identity, PersonRole, Sex, Stage};
use hifazat_matching::{EntryKeys, KeyIndex, Record};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

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
    /// The record is what was searched for: the same CNIC, or the same name and father's
    /// name once normalised (such records come first, the same CNIC before the same name).
    #[serde(default)]
    pub exact: bool,
}

/// The words of a name and a father's name as the matcher reads them (case, accents, spacing
/// and `s/o` folded away), to tell a record written exactly as searched.
fn name_words(name: &str, father: &str) -> (Vec<String>, Vec<String>) {
    let p = hifazat_matching::names::parse_name(name, father);
    let words =
        |v: &[hifazat_matching::names::Token]| v.iter().map(|t| t.text.to_string()).collect();
    (words(&p.own), words(&p.father))
}

/// How exactly a record is the one searched for: 2 for the same CNIC (a document identifies a
/// person more surely than a name), 1 for the same normalised name and (when the search gives
/// one) father's name, 0 otherwise.
fn exactness(q: &PersonQuery, name: &str, father: Option<&str>, cnic: Option<&str>) -> u8 {
    let norm = |c: &str| hifazat_domain::person::normalize_cnic(c).ok();
    if let (Some(a), Some(b)) = (q.cnic.as_deref().and_then(norm), cnic.and_then(norm)) {
        if a == b {
            return 2;
        }
    }
    if q.name.trim().is_empty() {
        return 0;
    }
    let (qo, qf) = name_words(&q.name, q.father_name.as_deref().unwrap_or(""));
    let (ro, rf) = name_words(name, father.unwrap_or(""));
    u8::from(!qo.is_empty() && qo == ro && (qf.is_empty() || qf == rf))
}

/// Orders hits: the records searched for first (the same CNIC, then the same name), then by
/// score, then the older record (deterministic whatever order the index returned equal scores
/// in).
fn rank(hits: &mut [(i64, u8, PersonHit)]) {
    hits.sort_by(|(a_id, a_x, a), (b_id, b_x, b)| {
        b_x.cmp(a_x)
            .then_with(|| b.score.total_cmp(&a.score))
            .then_with(|| a_id.cmp(b_id))
    });
}

/// The identifying columns the person index's keys are made from: stored keys are written
/// back only while these are as they were read.
const IDENTITY_COLUMNS: [&str; 5] = [
    "name_enc",
    "father_name_enc",
    "dob_enc",
    "cnic_enc",
    "passport_enc",
];

/// Keys computed by a build, to store for the next start.
struct KeysToStore {
    id: i64,
    /// `name_keys` as read (stale or NULL).
    was: Option<String>,
    /// `name_keys` to write: `<key id>.<base64>`.
    keys: String,
    /// [`IDENTITY_COLUMNS`] as read.
    identity: Vec<Option<String>>,
}

/// Stored keys, if sealed under the key `key_id` and written by this release's key layout.
fn read_name_keys(stored: &str, key_id: &str) -> Option<EntryKeys> {
    let (id, b64) = stored.split_once('.')?;
    if id != key_id {
        return None;
    }
    EntryKeys::from_bytes(&STANDARD.decode(b64).ok()?)
}

/// Writes the person index's keys for identities as `persons.name_keys` holds them (sealed
/// under the vault's key, with its id): made where records are written in bulk, so that the
/// next start reads them instead of decrypting every record.
pub(crate) struct NameKeys {
    maker: KeyIndex,
    key_id: String,
}

impl NameKeys {
    /// Keys as the store's person index makes them.
    pub(crate) fn new(vault: &hifazat_vault::Vault) -> NameKeys {
        NameKeys {
            maker: person_key_index(vault),
            key_id: vault.key_id().to_owned(),
        }
    }

    /// The stored form of `identity`'s keys; `None` when it has nothing to match on.
    pub(crate) fn of(&self, identity: Identity) -> Option<String> {
        let keys = self.maker.entry_keys(&Record::of("0", identity)).ok()?;
        Some(format!(
            "{}.{}",
            self.key_id,
            STANDARD.encode(keys.to_bytes())
        ))
    }
}

/// An empty person index sealed under `vault`'s name-key secret.
pub(crate) fn person_key_index(vault: &hifazat_vault::Vault) -> KeyIndex {
    KeyIndex::sealed(Default::default(), &vault.name_key_secret())
}

/// The columns [`Store::index_record`] reads.
const INDEX_COLUMNS: &str =
    "id, uid, name_enc, father_name_enc, dob_enc, cnic_enc, passport_enc, nationality";

/// Search scores from this up are shown.
const SEARCH_THRESHOLD: f64 = 0.6;
/// "Possibly the same as" from this up.
const DUPLICATE_THRESHOLD: f64 = 0.85;
/// Matches taken from the national index before the jurisdiction filter.
const SEARCH_WIDTH: usize = 200;
/// Matches shown.
const SEARCH_RESULTS: usize = 50;

fn ids_of(alerts: Vec<hifazat_matching::Alert>) -> Vec<(i64, f64, String)> {
    alerts
        .into_iter()
        .filter_map(|a| {
            a.watchlist_id
                .parse::<i64>()
                .ok()
                .map(|id| (id, a.score, a.explanation))
        })
        .collect()
}

/// How far the person index has been built since start-up.
#[derive(Debug, Default)]
pub struct IndexProgress {
    loaded: AtomicUsize,
    /// Records decrypted by the last build (their keys were not stored, or were stale).
    decrypted: AtomicUsize,
    /// A rebuild to drop replaced records is under way.
    compacting: AtomicBool,
    total: AtomicUsize,
    ready: AtomicBool,
}

/// Replaced or removed records whose slots the person index holds before it is rebuilt
/// without them (at most a quarter of the live ones beyond this).
const DEAD_SLOTS_BEFORE_REBUILD: usize = 50_000;

/// Whether a person index with `dead` slots of replaced records beside `live` ones is worth
/// building again without them.
fn worth_rebuilding(dead: usize, live: usize) -> bool {
    dead >= DEAD_SLOTS_BEFORE_REBUILD.max(live / 4)
}

/// Records read and decrypted per step of a build of the person index.
const INDEX_CHUNK: i64 = 20_000;

impl Store {
    /// Rebuilds the person index from the database (after bulk imports) and waits for it: a
    /// new index is built off the async runtime and swapped in, the old one answering searches
    /// meanwhile. Merged records are left out: their roles belong to the record they were
    /// merged into. Returns the number of records indexed.
    pub async fn load_person_index(&self) -> Result<usize> {
        self.build_person_index(std::future::ready(())).await
    }

    /// [`Store::load_person_index`], awaiting `before_swap` once every record has been read
    /// into the new index and before it is swapped in: for tests of what happens to changes
    /// made meanwhile.
    #[doc(hidden)]
    pub async fn load_person_index_pausing(
        &self,
        before_swap: impl std::future::Future<Output = ()>,
    ) -> Result<usize> {
        self.build_person_index(before_swap).await
    }

    /// Builds the person index in the background so that the server answers at once; searches
    /// meanwhile find the records added since start-up, and say that the index is loading.
    pub(crate) fn spawn_person_index(&self) {
        let store = self.clone();
        tokio::spawn(async move {
            if let Err(e) = store.build_person_index(std::future::ready(())).await {
                tracing::error!(error = %e, "person index not built: person search is incomplete");
            }
        });
    }

    /// Reads the persons [`INDEX_CHUNK`] at a time (the next chunk read, and the keys of the
    /// last written back, while the current one is indexed on a blocking thread) into a new
    /// index, then swaps it in (see [`crate::persons::live_index`]: records added, merged or unmerged
    /// meanwhile are kept). A record whose keys were stored by an earlier build is indexed from
    /// them; the others are decrypted, and their keys stored for the next start.
    async fn build_person_index(
        &self,
        before_swap: impl std::future::Future<Output = ()>,
    ) -> Result<usize> {
        let mut build = self.persons.rebuild().await;
        let started = std::time::Instant::now();
        let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM persons WHERE merged_into IS NULL")
            .fetch_one(self.pool())
            .await?
            .try_get("n")?;
        let progress = &self.person_index;
        progress.total.store(total as usize, Ordering::Relaxed);
        progress.loaded.store(0, Ordering::Relaxed);
        progress.decrypted.store(0, Ordering::Relaxed);
        let sql = format!(
            "SELECT {INDEX_COLUMNS}, name_keys FROM persons WHERE merged_into IS NULL AND id > $1 ORDER BY id LIMIT {INDEX_CHUNK}"
        );
        let chunk = |after: i64| sqlx::query(&sql).bind(after).fetch_all(self.pool());
        let mut rows = chunk(0).await?;
        let mut unwritten = Vec::new();
        while let Some(r) = rows.last() {
            let last: i64 = r.try_get("id")?;
            let store = self.clone();
            let fill = move |ix: &mut KeyIndex| store.index_rows(ix, &rows);
            let (next, added, ()) = tokio::join!(
                chunk(last),
                build.add_with(fill),
                self.store_keys(std::mem::take(&mut unwritten))
            );
            let (n, to_write) = added?;
            progress
                .decrypted
                .fetch_add(to_write.len(), Ordering::Relaxed);
            unwritten = to_write;
            let done = progress.loaded.fetch_add(n, Ordering::Relaxed) + n;
            if total > 100_000 {
                tracing::info!(done, total, "person index loading");
            }
            rows = next?;
        }
        self.store_keys(unwritten).await;
        before_swap.await;
        let n = build.finish().await?;
        progress.ready.store(true, Ordering::Release);
        tracing::info!(
            persons = n,
            decrypted = progress.decrypted.load(Ordering::Relaxed),
            seconds = started.elapsed().as_secs_f64(),
            "person index loaded"
        );
        Ok(n)
    }

    /// Indexes rows selected with [`INDEX_COLUMNS`] and `name_keys` (on a blocking thread):
    /// by their stored keys when these were sealed under the vault's key by this release's
    /// key layout, else by decrypting them. Returns the rows read and the keys to store.
    fn index_rows(&self, ix: &mut KeyIndex, rows: &[AnyRow]) -> Result<(usize, Vec<KeysToStore>)> {
        let key_id = self.vault().key_id();
        let mut to_store = Vec::new();
        for r in rows {
            let id: i64 = r.try_get("id")?;
            let stored: Option<String> = r.try_get("name_keys")?;
            let keys = match stored.as_deref().and_then(|s| read_name_keys(s, key_id)) {
                Some(keys) => keys,
                None => {
                    // Nothing to match on (no name, no document): not indexed.
                    let Ok(keys) = ix.entry_keys(&self.index_record(r)?) else {
                        continue;
                    };
                    to_store.push(KeysToStore {
                        id,
                        was: stored,
                        keys: format!("{key_id}.{}", STANDARD.encode(keys.to_bytes())),
                        identity: IDENTITY_COLUMNS
                            .iter()
                            .map(|c| r.try_get::<Option<String>, _>(*c))
                            .collect::<std::result::Result<_, _>>()?,
                    });
                    keys
                }
            };
            let _ = ix.insert_keys(id as u64, &keys);
        }
        Ok((rows.len(), to_store))
    }

    /// Stores the keys computed by a build, each only if the record's identifying fields and
    /// stored keys are still those that were read (a record changed meanwhile keeps none, and
    /// is decrypted again at the next build). A failure is logged: the index is whole anyway.
    async fn store_keys(&self, to_store: Vec<KeysToStore>) {
        if to_store.is_empty() {
            return;
        }
        let write = async {
            let mut tx = self.pool().begin().await?;
            for k in &to_store {
                let mut q = Q::new("UPDATE persons SET name_keys = ");
                q.push_arg("{} WHERE", k.keys.as_str());
                q.push_arg(" id = {}", k.id);
                for (col, value) in std::iter::once(("name_keys", &k.was))
                    .chain(IDENTITY_COLUMNS.iter().copied().zip(&k.identity))
                {
                    match value {
                        Some(v) => q.push_arg(&format!(" AND {col} = {{}}"), v.as_str()),
                        None => q.push(&format!(" AND {col} IS NULL")),
                    };
                }
                q.query().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        };
        if let Err(e) = write.await {
            tracing::warn!(error = %e, records = to_store.len(), "person index keys not stored: the next start decrypts these records again");
        }
    }

    /// Matches of `rec` in the person index, at or above `threshold`, best first, at most
    /// `limit`: the index ranks candidates by their keys; their records are read and decrypted
    /// here and scored on a blocking thread (the index keeps no names).
    async fn match_persons(
        &self,
        rec: Record,
        threshold: f64,
        limit: usize,
    ) -> Result<Vec<hifazat_matching::Alert>> {
        let cands = self
            .persons
            .query(move |ix| ix.candidates(&rec, limit))
            .await?;
        if cands.ids().is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = cands
            .ids()
            .iter()
            .filter_map(|&i| i64::try_from(i).ok())
            .collect();
        let mut q = Q::new(&format!(
            "SELECT {INDEX_COLUMNS} FROM persons WHERE merged_into IS NULL AND"
        ));
        q.push_in("id", &ids);
        let rows = q.query().fetch_all(self.pool()).await?;
        let store = self.clone();
        self.persons
            .query(move |ix| {
                let records = rows
                    .iter()
                    .map(|r| store.index_record(r))
                    .collect::<Result<Vec<_>>>()?;
                Ok(ix.score(&cands, &records, threshold, limit))
            })
            .await?
    }

    /// Forgets every stored key of the person index, so that the next build decrypts every
    /// record (to measure that path; the keys are stored again by that build). Returns the
    /// records whose keys were forgotten.
    pub async fn forget_person_index_keys(&self) -> Result<u64> {
        Ok(
            sqlx::query("UPDATE persons SET name_keys = NULL WHERE name_keys IS NOT NULL")
                .execute(self.pool())
                .await?
                .rows_affected(),
        )
    }

    /// Records the last build of the person index had to decrypt (their keys were not
    /// stored, or no longer held).
    pub fn person_index_decrypted(&self) -> usize {
        self.person_index.decrypted.load(Ordering::Relaxed)
    }

    /// `None` once the person index is complete; else (records indexed, records to index).
    pub fn person_index_loading(&self) -> Option<(usize, usize)> {
        let p = &self.person_index;
        (!p.ready.load(Ordering::Acquire)).then(|| {
            (
                p.loaded.load(Ordering::Relaxed),
                p.total.load(Ordering::Relaxed),
            )
        })
    }

    /// The matching record of a `persons` row selected with [`INDEX_COLUMNS`] (decrypted).
    fn index_record(&self, r: &AnyRow) -> Result<Record> {
        let id: i64 = r.try_get("id")?;
        let uid: String = r.try_get("uid")?;
        let identity = Identity {
            nationality: r.try_get("nationality")?,
            ..PERSON_IDENTITY.open(self.vault(), r, uid.as_str())?
        };
        Ok(Record::of(id.to_string(), identity))
    }

    /// Puts one person record back into the index from the database (after an unmerge).
    #[allow(clippy::expect_used)] // Index lock: poisoned only by an earlier panic.
    async fn reindex_person(&self, id: i64) -> Result<()> {
        let r = sqlx::query(&format!(
            "SELECT {INDEX_COLUMNS} FROM persons WHERE id = $1"
        ))
        .bind(id)
        .fetch_one(self.pool())
        .await?;
        let _ = self.persons.upsert(self.index_record(&r)?);
        self.person_index_changed();
        Ok(())
    }

    /// Adds one person to the index (after the record is committed).
    #[allow(clippy::expect_used)] // Index lock: poisoned only by an earlier panic.
    pub(crate) fn index_person(&self, id: i64, p: &hifazat_domain::NewPerson) {
        let _ = self
            .persons
            .upsert(Record::of(id.to_string(), p.identity()));
        self.person_index_changed();
    }

    /// After a record was replaced in or removed from the person index: once the slots of
    /// replaced and removed records (kept until a build, see [`KeyIndex`]) outnumber a quarter
    /// of the live ones, and at least [`DEAD_SLOTS_BEFORE_REBUILD`], a new index is built in
    /// the background (from the stored keys: quick), once at a time.
    fn person_index_changed(&self) {
        let (dead, live) = self.persons.peek(|ix| (ix.dead(), ix.len()));
        if !worth_rebuilding(dead, live) {
            return;
        }
        if self.person_index.compacting.swap(true, Ordering::AcqRel) {
            return;
        }
        let store = self.clone();
        tokio::spawn(async move {
            tracing::info!(dead, live, "person index rebuilt to drop replaced records");
            if let Err(e) = store.build_person_index(std::future::ready(())).await {
                tracing::error!(error = %e, "person index not rebuilt");
            }
            store
                .person_index
                .compacting
                .store(false, Ordering::Release);
        });
    }
}

impl Scoped<'_> {
    /// Persons matching `q` (any spelling or script) who appear, other than as victims, in a
    /// case within the caller's jurisdiction.
    #[allow(clippy::expect_used)] // Index lock: poisoned only by an earlier panic.
    pub async fn search_persons(&self, q: &PersonQuery) -> Result<Vec<PersonHit>> {
        self.require(Action::SearchPersons, "this role does not search persons")?;
        if q.name.trim().is_empty() && q.cnic.as_deref().is_none_or(|c| c.trim().is_empty()) {
            let mut e = FieldErrors::new();
            e.add("name", "Enter a name or a CNIC");
            return Err(e.into());
        }
        let given = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        let rec = Record::of(
            "0",
            Identity {
                full_name: q.name.trim().to_owned(),
                father_name: given(&q.father_name),
                date_of_birth: given(&q.date_of_birth),
                cnic: given(&q.cnic),
                ..Identity::default()
            },
        );
        // The index is national; the best matches are taken widely, then limited to the
        // caller's jurisdiction.
        let alerts = self
            .store()
            .match_persons(rec, SEARCH_THRESHOLD, SEARCH_WIDTH)
            .await?;
        let mut hits = self.hits(ids_of(alerts), None, Some(q)).await?;
        hits.truncate(SEARCH_RESULTS);
        Ok(hits)
    }

    /// Other person records that may be the same as person `person_id` (score 0.85 or more),
    /// within the caller's jurisdiction; never for victims.
    pub async fn possible_duplicates(
        &self,
        person_id: i64,
        p: &hifazat_domain::NewPerson,
    ) -> Result<Vec<PersonHit>> {
        if p.role == PersonRole::Victim {
            return Ok(Vec::new());
        }
        let rec = Record::of(person_id.to_string(), p.identity());
        self.duplicates_of(person_id, rec, DUPLICATE_THRESHOLD, 3)
            .await
    }

    #[allow(clippy::expect_used)] // Index lock: poisoned only by an earlier panic.
    async fn duplicates_of(
        &self,
        person_id: i64,
        rec: Record,
        threshold: f64,
        limit: usize,
    ) -> Result<Vec<PersonHit>> {
        if !self.actor().may(Action::SearchPersons) {
            return Ok(Vec::new());
        }
        let alerts = self
            .store()
            .match_persons(rec, threshold, SEARCH_WIDTH)
            .await?;
        let mut hits = self.hits(ids_of(alerts), Some(person_id), None).await?;
        hits.truncate(limit);
        Ok(hits)
    }

    async fn hits(
        &self,
        found: Vec<(i64, f64, String)>,
        except: Option<i64>,
        query: Option<&PersonQuery>,
    ) -> Result<Vec<PersonHit>> {
        let found: Vec<_> = found
            .into_iter()
            .filter(|(id, _, _)| Some(*id) != except)
            .collect();
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = found.iter().map(|(id, _, _)| *id).collect();
        let mut q = Q::new("SELECT cp.person_id, c.id AS case_id, c.reference, cp.role, p.uid, p.name_enc, p.father_name_enc, p.cnic_enc \
            FROM case_persons cp JOIN cases c ON c.id = cp.case_id JOIN persons p ON p.id = cp.person_id WHERE cp.role <> 'victim' AND NOT");
        q.push(PROTECTED);
        q.push(" AND");
        q.push_in("cp.person_id", &ids);
        push_scope(&mut q, self.actor());
        let rows = q.query().fetch_all(self.store().pool()).await?;
        let v = self.store().vault();
        let mut out: Vec<(i64, u8, PersonHit)> = Vec::new();
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
            let name = v.decrypt(
                &format!("persons.name:{uid}"),
                &first.try_get::<String, _>("name_enc")?,
            )?;
            let father_name = v.decrypt_opt(
                &format!("persons.father_name:{uid}"),
                first
                    .try_get::<Option<String>, _>("father_name_enc")?
                    .as_deref(),
            )?;
            let exact = match query {
                Some(q) => {
                    let cnic = if q.cnic.as_deref().is_some_and(|c| !c.trim().is_empty()) {
                        v.decrypt_opt(
                            &format!("persons.cnic:{uid}"),
                            first.try_get::<Option<String>, _>("cnic_enc")?.as_deref(),
                        )?
                    } else {
                        None
                    };
                    exactness(q, &name, father_name.as_deref(), cnic.as_deref())
                }
                None => 0,
            };
            out.push((
                id,
                exact,
                PersonHit {
                    name,
                    father_name,
                    person_uid: uid,
                    score,
                    explanation,
                    cases,
                    exact: exact > 0,
                },
            ));
        }
        rank(&mut out);
        Ok(out.into_iter().map(|(_, _, h)| h).collect())
    }
}

/// One case of a person, on the person's page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonCase {
    /// Case id.
    pub case_id: i64,
    /// Case reference.
    pub reference: String,
    /// The person's role in it.
    pub role: PersonRole,
    /// Stage of the case.
    pub stage: Stage,
    /// District of the case.
    pub district_code: String,
}

/// A watchlist entry that names this person record.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WatchlistLink {
    /// Entry id.
    pub id: i64,
    /// List.
    pub list: WatchlistKind,
    /// Serial or notice number.
    pub reference: Option<String>,
}

/// A merge of two records of one person (possibly undone since).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonMerge {
    /// Merge id (to undo it).
    pub id: i64,
    /// The record that was kept and holds the roles.
    pub kept_uid: String,
    /// The record that was merged into it (kept, retired).
    pub merged_uid: String,
    /// The name as written on the merged record.
    pub merged_name: String,
    /// Why the two are one person.
    pub reason: String,
    /// Who merged.
    pub merged_by: String,
    /// When.
    pub merged_at: String,
    /// Case roles and watchlist entries moved to the kept record.
    pub moved: i64,
    /// When undone, if it was.
    pub unmerged_at: Option<String>,
    /// Who undid it.
    pub unmerged_by: Option<String>,
    /// Why it was undone.
    pub unmerge_reason: Option<String>,
}

/// A person record as shown on its page (never a victim's).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonRecord {
    /// Record id.
    pub uid: String,
    /// Name.
    pub name: String,
    /// Father's or husband's name.
    pub father_name: Option<String>,
    /// s/o, d/o or w/o.
    pub relation: Option<String>,
    /// Date of birth.
    pub date_of_birth: Option<String>,
    /// CNIC.
    pub cnic: Option<String>,
    /// Passport.
    pub passport: Option<String>,
    /// Sex.
    pub sex: Sex,
    /// Nationality.
    pub nationality: Option<String>,
    /// District of residence.
    pub district_code: Option<String>,
    /// When this record was merged into another: that record, which holds its roles now.
    pub merged_into: Option<String>,
    /// Cases in the caller's jurisdiction.
    pub cases: Vec<PersonCase>,
    /// Watchlist entries that name this record.
    pub watchlist: Vec<WatchlistLink>,
    /// Merges into this record, and the merge of this record into another; newest first.
    pub merges: Vec<PersonMerge>,
    /// Other records that may be the same person (not for a merged record).
    pub possible_duplicates: Vec<PersonHit>,
}

/// A merge request: `duplicate` is merged into the record named in the path.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct MergeRequest {
    /// The other record of the same person, which is retired.
    pub duplicate: String,
    /// Why the two records are one person (what was checked).
    #[serde(default)]
    pub reason: String,
}

/// An unmerge request.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct UnmergeRequest {
    /// Why the merge is undone.
    #[serde(default)]
    pub reason: String,
}

/// A person record row used by the merge checks.
pub(crate) struct Found {
    pub(crate) id: i64,
    uid: String,
    pub(crate) merged_into: Option<i64>,
    cnic_enc: Option<String>,
}

impl Scoped<'_> {
    /// A person record the caller may see: not a victim anywhere, and in a case within the
    /// caller's jurisdiction (for a merged record: its final record is). `NotFound` otherwise.
    pub(crate) async fn visible_person(
        &self,
        c: &mut sqlx::AnyConnection,
        uid: &str,
    ) -> Result<Found> {
        let r = sqlx::query(&format!(
            "SELECT p.id, p.uid, p.merged_into, p.cnic_enc FROM persons p WHERE p.uid = $1 AND NOT {PROTECTED}"
        ))
        .bind(uid.to_owned())
        .fetch_optional(&mut *c)
        .await?
        .ok_or(StoreError::NotFound)?;
        let found = Found {
            id: r.try_get("id")?,
            uid: r.try_get("uid")?,
            merged_into: r.try_get("merged_into")?,
            cnic_enc: r.try_get("cnic_enc")?,
        };
        // Follow merges to the record that holds the roles now.
        let mut holder = found.id;
        for _ in 0..16 {
            let next: Option<i64> = sqlx::query("SELECT merged_into FROM persons WHERE id = $1")
                .bind(holder)
                .fetch_one(&mut *c)
                .await?
                .try_get("merged_into")?;
            match next {
                Some(n) => holder = n,
                None => break,
            }
        }
        let mut q = Q::new("SELECT 1 AS one FROM case_persons cp JOIN cases c ON c.id = cp.case_id WHERE cp.role <> 'victim' AND");
        q.push_arg(" cp.person_id = {}", holder);
        push_scope(&mut q, self.actor());
        q.push(" LIMIT 1");
        if q.query().fetch_optional(&mut *c).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        Ok(found)
    }

    /// A person's page: identity, cases in the caller's jurisdiction, watchlist entries, merge
    /// history and possible duplicates.
    /// The read is audited.
    pub async fn person(&self, uid: &str) -> Result<PersonRecord> {
        let p = self.person_page(uid).await?;
        self.audit_read("person", uid.to_owned(), None, None)
            .await?;
        Ok(p)
    }

    async fn person_page(&self, uid: &str) -> Result<PersonRecord> {
        self.require(
            Action::SearchPersons,
            "this role does not see person records",
        )?;
        let pool = self.store().pool();
        let found = self
            .visible_person(&mut *pool.acquire().await?, uid)
            .await?;
        let r = sqlx::query(
            "SELECT id, uid, name_enc, father_name_enc, relation, dob_enc, cnic_enc, passport_enc, sex, nationality, district_code, \
             (SELECT m.uid FROM persons m WHERE m.id = persons.merged_into) AS merged_into_uid FROM persons WHERE id = $1",
        )
        .bind(found.id)
        .fetch_one(pool)
        .await?;
        let identity = Identity {
            nationality: r.try_get("nationality")?,
            ..PERSON_IDENTITY.open(self.store().vault(), &r, found.uid.as_str())?
        };
        let mut q = Q::new("SELECT c.id, c.reference, c.stage, c.district_code, cp.role FROM case_persons cp JOIN cases c ON c.id = cp.case_id WHERE");
        q.push_arg(" cp.person_id = {}", found.id);
        push_scope(&mut q, self.actor());
        q.push(" ORDER BY c.reported_on DESC, c.id DESC");
        let cases = q
            .query()
            .fetch_all(pool)
            .await?
            .iter()
            .map(|c| {
                Ok(PersonCase {
                    case_id: c.try_get("id")?,
                    reference: c.try_get("reference")?,
                    role: parse(c.try_get("role")?)?,
                    stage: parse(c.try_get("stage")?)?,
                    district_code: c.try_get("district_code")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let watchlist = sqlx::query(
            "SELECT id, list, reference FROM watchlist_entries WHERE person_id = $1 AND active = 1 ORDER BY id",
        )
        .bind(found.id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|w| {
            Ok(WatchlistLink {
                id: w.try_get("id")?,
                list: parse(w.try_get("list")?)?,
                reference: w.try_get("reference")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let merges = self.merges_of(found.id).await?;
        let mut record = PersonRecord {
            uid: found.uid.clone(),
            name: identity.full_name.clone(),
            father_name: identity.father_name.clone(),
            relation: r.try_get("relation")?,
            date_of_birth: identity.date_of_birth.clone(),
            cnic: identity.cnic.clone(),
            passport: identity.passport.clone(),
            sex: parse(r.try_get("sex")?)?,
            nationality: identity.nationality.clone(),
            district_code: r.try_get("district_code")?,
            merged_into: r.try_get("merged_into_uid")?,
            cases,
            watchlist,
            merges,
            possible_duplicates: Vec::new(),
        };
        if record.merged_into.is_none() {
            let rec = Record::of(found.id.to_string(), identity);
            record.possible_duplicates = self
                .duplicates_of(found.id, rec, PAGE_DUPLICATE_THRESHOLD, 5)
                .await?;
        }
        Ok(record)
    }

    async fn merges_of(&self, person_id: i64) -> Result<Vec<PersonMerge>> {
        let rows = sqlx::query(
            "SELECT m.id, m.reason, m.merged_at, m.unmerged_at, m.unmerge_reason, k.uid AS kept_uid, d.uid AS merged_uid, d.name_enc, \
             u.username AS merged_by, u2.username AS unmerged_by, \
             (SELECT COUNT(*) FROM person_merge_moves mv WHERE mv.merge_id = m.id) AS moved \
             FROM person_merges m JOIN persons k ON k.id = m.kept_person_id JOIN persons d ON d.id = m.merged_person_id \
             LEFT JOIN users u ON u.id = m.merged_by LEFT JOIN users u2 ON u2.id = m.unmerged_by \
             WHERE m.kept_person_id = $1 OR m.merged_person_id = $1 ORDER BY m.id DESC",
        )
        .bind(person_id)
        .fetch_all(self.store().pool())
        .await?;
        let v = self.store().vault();
        rows.iter()
            .map(|m| {
                let merged_uid: String = m.try_get("merged_uid")?;
                Ok(PersonMerge {
                    id: m.try_get("id")?,
                    kept_uid: m.try_get("kept_uid")?,
                    merged_name: v.decrypt(
                        &format!("persons.name:{merged_uid}"),
                        &m.try_get::<String, _>("name_enc")?,
                    )?,
                    merged_uid,
                    reason: m.try_get("reason")?,
                    merged_by: m
                        .try_get::<Option<String>, _>("merged_by")?
                        .unwrap_or_default(),
                    merged_at: m.try_get("merged_at")?,
                    moved: m.try_get("moved")?,
                    unmerged_at: m.try_get("unmerged_at")?,
                    unmerged_by: m.try_get("unmerged_by")?,
                    unmerge_reason: m.try_get("unmerge_reason")?,
                })
            })
            .collect()
    }

    /// Merges record `duplicate` into record `keep_uid`: every case role and watchlist entry
    /// of the duplicate moves to the kept record, each move recorded so that [`unmerge`]
    /// can put it back; the duplicate is kept, retired, with its own spelling of the name. Both
    /// must be visible to the caller and neither a victim's; records with different CNICs (more
    /// than a one-digit slip) or holding the same role in one case are refused.
    ///
    /// [`unmerge`]: Scoped::unmerge_persons
    #[allow(clippy::expect_used)] // Index lock: poisoned only by an earlier panic.
    pub async fn merge_persons(&self, keep_uid: &str, m: MergeRequest) -> Result<i64> {
        self.require(Action::EditCases, "this role cannot change person records")?;
        let reason = m.reason.trim().to_owned();
        let mut errors = FieldErrors::new();
        if reason.is_empty() {
            errors.add(
                "reason",
                "Enter why the two records are one person (what you checked)",
            );
        }
        if m.duplicate.trim() == keep_uid {
            errors.add(
                "duplicate",
                "Choose another record: a record cannot be merged into itself",
            );
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let store = self.store();
        let now = ts(store.now());
        let mut w = store.write().await?;
        let keep = self.visible_person(&mut w.tx, keep_uid).await?;
        let dup = self.visible_person(&mut w.tx, m.duplicate.trim()).await?;
        if keep.merged_into.is_some() {
            return Err(field(
                "duplicate",
                "This record was merged into another: merge into that record instead",
            ));
        }
        if dup.merged_into.is_some() {
            return Err(field(
                "duplicate",
                "That record has already been merged into another",
            ));
        }
        let v = store.vault();
        let cnic = |f: &Found| -> Result<Option<String>> {
            Ok(v.decrypt_opt(&format!("persons.cnic:{}", f.uid), f.cnic_enc.as_deref())?)
        };
        if let (Some(a), Some(b)) = (cnic(&keep)?, cnic(&dup)?) {
            let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<Vec<_>>();
            let (a, b) = (digits(&a), digits(&b));
            let differ = a.len() != b.len() || a.iter().zip(&b).filter(|(x, y)| x != y).count() > 1;
            if differ {
                return Err(field(
                    "duplicate",
                    "The two records carry different CNICs: they are not one person's, or one number is wrong",
                ));
            }
        }
        let clash = sqlx::query(
            "SELECT c.reference, a.role FROM case_persons a JOIN case_persons b ON a.case_id = b.case_id AND a.role = b.role \
             JOIN cases c ON c.id = a.case_id WHERE a.person_id = $1 AND b.person_id = $2 LIMIT 1",
        )
        .bind(keep.id)
        .bind(dup.id)
        .fetch_optional(&mut *w.tx)
        .await?;
        if clash.is_some() {
            return Err(field(
                "duplicate",
                "Both records hold the same role in one case: a person holds a role in a case once",
            ));
        }
        // Retire the duplicate first: on PostgreSQL the row lock makes a second, concurrent
        // merge of the same record wait, then find it merged.
        let retired = sqlx::query(
            "UPDATE persons SET merged_into = $1 WHERE id = $2 AND merged_into IS NULL",
        )
        .bind(keep.id)
        .bind(dup.id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if retired != 1 {
            return Err(field(
                "duplicate",
                "That record was merged into another meanwhile",
            ));
        }
        let merge_id: i64 = sqlx::query(
            "INSERT INTO person_merges (kept_person_id, merged_person_id, reason, merged_by, merged_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(keep.id)
        .bind(dup.id)
        .bind(reason.clone())
        .bind(self.actor().user_id)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        let roles = sqlx::query("SELECT id, case_id FROM case_persons WHERE person_id = $1")
            .bind(dup.id)
            .fetch_all(&mut *w.tx)
            .await?;
        let mut cases = Vec::new();
        for r in &roles {
            let id: i64 = r.try_get("id")?;
            cases.push(r.try_get::<i64, _>("case_id")?);
            move_row(&mut w.tx, merge_id, MOVE_CASE_PERSON, id, dup.id, keep.id).await?;
        }
        let entries = sqlx::query("SELECT id FROM watchlist_entries WHERE person_id = $1")
            .bind(dup.id)
            .fetch_all(&mut *w.tx)
            .await?;
        for e in &entries {
            move_row(
                &mut w.tx,
                merge_id,
                MOVE_WATCHLIST_ENTRY,
                e.try_get("id")?,
                dup.id,
                keep.id,
            )
            .await?;
        }
        self.audit_merge(
            &mut w.tx,
            AuditAction::Merge,
            &keep.uid,
            &dup.uid,
            &reason,
            &cases,
        )
        .await?;
        w.commit().await?;
        store.persons.remove(&[dup.id.to_string()]);
        store.person_index_changed();
        Ok(merge_id)
    }

    /// Undoes merge `merge_id`: moves back exactly what it moved and makes the merged record
    /// a record of its own again. Refused when already undone, or when the kept record has been
    /// merged into another since (undo that first).
    pub async fn unmerge_persons(&self, merge_id: i64, u: UnmergeRequest) -> Result<()> {
        self.require(Action::EditCases, "this role cannot change person records")?;
        let reason = u.reason.trim().to_owned();
        if reason.is_empty() {
            return Err(field("reason", "Enter why the merge is undone"));
        }
        let store = self.store();
        let now = ts(store.now());
        let mut w = store.write().await?;
        let m = sqlx::query(
            "SELECT m.kept_person_id, m.merged_person_id, m.unmerged_at, k.uid AS kept_uid, d.uid AS merged_uid \
             FROM person_merges m JOIN persons k ON k.id = m.kept_person_id JOIN persons d ON d.id = m.merged_person_id WHERE m.id = $1",
        )
        .bind(merge_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let kept_uid: String = m.try_get("kept_uid")?;
        let merged_uid: String = m.try_get("merged_uid")?;
        let keep = self.visible_person(&mut w.tx, &kept_uid).await?;
        let merged_id: i64 = m.try_get("merged_person_id")?;
        if m.try_get::<Option<String>, _>("unmerged_at")?.is_some() {
            return Err(field("reason", "This merge has already been undone"));
        }
        if keep.merged_into.is_some() {
            return Err(field(
                "reason",
                "The kept record has been merged into another since: undo that merge first",
            ));
        }
        // Mark the merge undone first (a concurrent undo of the same merge then finds it done).
        let undone = sqlx::query(
            "UPDATE person_merges SET unmerged_by = $1, unmerged_at = $2, unmerge_reason = $3 WHERE id = $4 AND unmerged_at IS NULL",
        )
        .bind(self.actor().user_id)
        .bind(now)
        .bind(reason.clone())
        .bind(merge_id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if undone != 1 {
            return Err(field("reason", "This merge has already been undone"));
        }
        let moves = sqlx::query("SELECT kind, row_id FROM person_merge_moves WHERE merge_id = $1")
            .bind(merge_id)
            .fetch_all(&mut *w.tx)
            .await?;
        let mut cases = Vec::new();
        for mv in &moves {
            let kind: String = mv.try_get("kind")?;
            let row: i64 = mv.try_get("row_id")?;
            let table = moved_table(&kind)?;
            if reassign(&mut w.tx, table, row, keep.id, merged_id).await? != 1 {
                return Err(StoreError::Config(format!(
                    "cannot undo the merge: {table} row {row} no longer belongs to the kept record"
                )));
            }
            if kind == MOVE_CASE_PERSON {
                cases.push(
                    sqlx::query("SELECT case_id FROM case_persons WHERE id = $1")
                        .bind(row)
                        .fetch_one(&mut *w.tx)
                        .await?
                        .try_get::<i64, _>("case_id")?,
                );
            }
        }
        sqlx::query("UPDATE persons SET merged_into = NULL WHERE id = $1")
            .bind(merged_id)
            .execute(&mut *w.tx)
            .await?;
        self.audit_merge(
            &mut w.tx,
            AuditAction::Unmerge,
            &kept_uid,
            &merged_uid,
            &reason,
            &cases,
        )
        .await?;
        w.commit().await?;
        store.reindex_person(merged_id).await
    }

    /// One audit row for the person record, and one in each case whose roles moved.
    async fn audit_merge(
        &self,
        tx: &mut Tx,
        action: AuditAction,
        kept_uid: &str,
        merged_uid: &str,
        reason: &str,
        cases: &[i64],
    ) -> Result<()> {
        let what = if action == AuditAction::Merge {
            "merged into"
        } else {
            "taken out of"
        };
        self.entry(
            tx,
            Entry {
                action,
                entity: "person",
                entity_id: Some(merged_uid.to_owned()),
                case_id: None,
                detail: Some(format!("{what} {kept_uid}: {reason}")),
            },
        )
        .await?;
        let mut cases = cases.to_vec();
        cases.sort_unstable();
        cases.dedup();
        for c in cases {
            self.entry(
                tx,
                Entry {
                    action,
                    entity: "case_person",
                    entity_id: Some(merged_uid.to_owned()),
                    case_id: Some(c),
                    detail: Some(format!("person record {merged_uid} {what} {kept_uid}")),
                },
            )
            .await?;
        }
        Ok(())
    }
}

/// Kinds of rows a merge moves.
const MOVE_CASE_PERSON: &str = "case_person";
const MOVE_WATCHLIST_ENTRY: &str = "watchlist_entry";
/// "Possibly the same person" on a person's page.
const PAGE_DUPLICATE_THRESHOLD: f64 = 0.75;

/// The table whose rows a merge move of `kind` reassigns.
fn moved_table(kind: &str) -> Result<&'static str> {
    match kind {
        MOVE_CASE_PERSON => Ok("case_persons"),
        MOVE_WATCHLIST_ENTRY => Ok("watchlist_entries"),
        _ => Err(StoreError::Config(format!("unknown merge move '{kind}'"))),
    }
}

/// Gives row `row` of `table` to person `to` if it belongs to person `from`; returns the
/// number of rows changed (0 when it has changed hands since).
async fn reassign(tx: &mut Tx, table: &str, row: i64, from: i64, to: i64) -> Result<u64> {
    Ok(sqlx::query(&format!(
        "UPDATE {table} SET person_id = $1 WHERE id = $2 AND person_id = $3"
    ))
    .bind(to)
    .bind(row)
    .bind(from)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// Moves one row from the merged record to the kept one and records the move.
async fn move_row(
    tx: &mut Tx,
    merge_id: i64,
    kind: &str,
    row: i64,
    from: i64,
    to: i64,
) -> Result<()> {
    reassign(tx, moved_table(kind)?, row, from, to).await?;
    sqlx::query("INSERT INTO person_merge_moves (merge_id, kind, row_id) VALUES ($1, $2, $3)")
        .bind(merge_id)
        .bind(kind.to_owned())
        .bind(row)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_is_rebuilt_once_replaced_records_are_many() {
        assert!(!worth_rebuilding(0, 0));
        assert!(!worth_rebuilding(49_999, 10_000));
        assert!(worth_rebuilding(50_000, 10_000));
        assert!(!worth_rebuilding(1_000_000, 5_000_000));
        assert!(worth_rebuilding(1_250_000, 5_000_000));
    }
}
