//! A compact index for millions of records (the national person index): it keeps each entry's
//! match keys in posting lists and a few bytes per entry, not the entry itself. A search is in
//! two steps: [`KeyIndex::candidates`] ranks the entries sharing the query's keys, as
//! [`crate::Matcher`] does; the caller loads those records (from its database, decrypting them)
//! and [`KeyIndex::score`] scores them exactly as the matcher scores its own entries. Given the
//! same entries, the two find the same candidates and give the same alerts.
//!
//! Layout, per entry: its numeric id (8 bytes, and a slot in the id table), its pre-rank
//! normalisation and year of birth (6 bytes), and one 4-byte slot number in the posting list of
//! each of its keys. A key carried by a single entry holds that slot in the key table itself.
//!
//! Keys can be **sealed** ([`KeyIndex::sealed`]): each is then a keyed hash (SipHash-1-3 under
//! a secret the caller holds) of the plain key, itself a hash of a name's skeleton, a CNIC or a
//! date. An entry's sealed keys ([`EntryKeys`]) can be stored beside its record and read back at
//! the next start ([`KeyIndex::insert_keys`]) without decrypting or parsing the record again;
//! without the secret, a stored key cannot be checked against a guessed name.
//!
//! A removed entry is marked dead: its slot stays in the posting lists (skipped by searches)
//! and the name counts that weigh rare names above common ones keep counting it, until the
//! index is rebuilt. [`KeyIndex::dead`] says how many such slots there are.

use rustc_hash::FxHashMap;
use siphasher::sip::SipHasher13;

use crate::matcher::{
    candidates, entry_keys, norm_of, nothing_to_match, score_candidates, text_keys, weigh, year_of,
    Figures, Lists,
};
use crate::score::Prepared;
use crate::{Alert, IndexError, MatchOptions, Record};

/// Marks a key-table value as an index into the shared lists rather than a single slot.
const MANY: u32 = 1 << 31;
/// The id of a dead slot.
const DEAD: u64 = u64::MAX;

/// A compact matching index by numeric id; see the module documentation.
#[derive(Default)]
pub struct KeyIndex {
    /// Key → the one slot carrying it, or `MANY | i` for `lists[i]`.
    keys: FxHashMap<u64, u32>,
    /// Posting lists of keys carried by two or more slots, ascending.
    lists: Vec<Vec<u32>>,
    /// Per slot: the entry's id, [`DEAD`] once removed.
    ids: Vec<u64>,
    /// Id → slot, live entries only.
    slot_of: FxHashMap<u64, u32>,
    /// Per slot (norm 0 when dead) and per name.
    fig: Figures,
    opts: MatchOptions,
    /// The secret keyed hash of sealed keys; `None` keeps plain keys.
    seal: Option<SipHasher13>,
}

/// Version of the key layout: entry keys written under another version (by another
/// release's key generation) are not read back.
pub const KEYS_VERSION: u8 = 1;

/// The keys of one entry, as [`KeyIndex::entry_keys`] computes them (sealed when the index
/// is): what [`KeyIndex::insert_keys`] needs to index it again without its record.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryKeys {
    norm: f32,
    year: u16,
    keys: Vec<u64>,
    skels: Vec<u64>,
    texts: Vec<u64>,
}

impl EntryKeys {
    /// The keys as bytes: [`KEYS_VERSION`], the pre-rank normalisation and year, three counts,
    /// then each key (little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.keys.len() + self.skels.len() + self.texts.len();
        let mut out = Vec::with_capacity(13 + 8 * n);
        out.push(KEYS_VERSION);
        out.extend_from_slice(&self.norm.to_le_bytes());
        out.extend_from_slice(&self.year.to_le_bytes());
        for list in [&self.keys, &self.skels, &self.texts] {
            out.extend_from_slice(&(list.len().min(u16::MAX as usize) as u16).to_le_bytes());
        }
        for list in [&self.keys, &self.skels, &self.texts] {
            for k in list.iter().take(u16::MAX as usize) {
                out.extend_from_slice(&k.to_le_bytes());
            }
        }
        out
    }

    /// Reads keys written by [`EntryKeys::to_bytes`]; `None` for another version or bytes
    /// that do not read whole.
    pub fn from_bytes(b: &[u8]) -> Option<EntryKeys> {
        let (&version, rest) = b.split_first()?;
        if version != KEYS_VERSION {
            return None;
        }
        let norm = f32::from_le_bytes(rest.get(..4)?.try_into().ok()?);
        let year = u16::from_le_bytes(rest.get(4..6)?.try_into().ok()?);
        let count = |i: usize| -> Option<usize> {
            Some(u16::from_le_bytes(rest.get(6 + 2 * i..8 + 2 * i)?.try_into().ok()?) as usize)
        };
        let (nk, ns, nt) = (count(0)?, count(1)?, count(2)?);
        let body = rest.get(12..)?;
        if body.len() != 8 * (nk + ns + nt) || !(norm > 0.0 && norm <= 1.0) {
            return None;
        }
        let mut words = body
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()));
        let mut take = |n: usize| words.by_ref().take(n).collect::<Vec<u64>>();
        Some(EntryKeys {
            norm,
            year,
            keys: take(nk),
            skels: take(ns),
            texts: take(nt),
        })
    }
}

/// The candidates of one search: the entries to load and score, and the query, parsed and
/// weighed.
pub struct Candidates {
    query: Prepared,
    ids: Vec<u64>,
}

impl Candidates {
    /// Ids of the entries to load, ascending.
    pub fn ids(&self) -> &[u64] {
        &self.ids
    }
}

impl Lists for KeyIndex {
    fn list(&self, k: u64) -> Option<&[u32]> {
        let v = self.keys.get(&self.sealed_key(k))?;
        Some(if v & MANY == 0 {
            std::slice::from_ref(v)
        } else {
            &self.lists[(v & !MANY) as usize]
        })
    }
    fn slots(&self) -> usize {
        self.ids.len()
    }
    fn alive(&self, slot: u32) -> bool {
        self.ids[slot as usize] != DEAD
    }
    fn figures(&self) -> &Figures {
        &self.fig
    }
    fn df(&self, k: u64) -> u32 {
        self.fig.df.get(&self.sealed_key(k)).copied().unwrap_or(0)
    }
    fn text_df(&self, k: u64) -> u32 {
        self.fig
            .text_df
            .get(&self.sealed_key(k))
            .copied()
            .unwrap_or(0)
    }
}

/// The numeric id of a record.
fn id_of(rec: &Record) -> Result<u64, IndexError> {
    let id = rec.id.trim();
    if id.is_empty() {
        return Err(IndexError::MissingId);
    }
    id.parse::<u64>()
        .ok()
        .filter(|&n| n != DEAD)
        .ok_or_else(|| IndexError::NotNumeric(id.to_string()))
}

impl KeyIndex {
    /// An empty index with the given options (the number of candidates scored per search),
    /// keeping plain keys.
    pub fn new(opts: MatchOptions) -> KeyIndex {
        KeyIndex {
            opts,
            ..Default::default()
        }
    }

    /// An empty index whose keys are sealed under `secret` (see the module documentation).
    pub fn sealed(opts: MatchOptions, secret: &[u8; 16]) -> KeyIndex {
        KeyIndex {
            seal: Some(SipHasher13::new_with_key(secret)),
            ..KeyIndex::new(opts)
        }
    }

    /// An empty index with this one's options and secret (to build its replacement).
    pub fn empty_like(&self) -> KeyIndex {
        KeyIndex {
            opts: self.opts.clone(),
            seal: self.seal,
            ..Default::default()
        }
    }

    /// A plain key as this index keeps it.
    fn sealed_key(&self, k: u64) -> u64 {
        match &self.seal {
            Some(h) => h.hash(&k.to_le_bytes()),
            None => k,
        }
    }

    /// The keys of a record (sealed when the index is), to index it now or later; refuses a
    /// record with nothing to match on.
    pub fn entry_keys(&self, rec: &Record) -> Result<EntryKeys, IndexError> {
        let prep = Prepared::new(rec);
        if nothing_to_match(&prep) {
            return Err(IndexError::Empty(rec.id.trim().to_string()));
        }
        let (keys, skels) = entry_keys(&prep);
        let seal = |v: Vec<u64>| v.into_iter().map(|k| self.sealed_key(k)).collect();
        Ok(EntryKeys {
            norm: norm_of(&prep),
            year: year_of(&prep),
            keys: seal(keys),
            skels: seal(skels),
            texts: seal(text_keys(&prep)),
        })
    }

    /// Number of entries in the index.
    pub fn len(&self) -> usize {
        self.fig.live
    }

    /// True when the index has no entry.
    pub fn is_empty(&self) -> bool {
        self.fig.live == 0
    }

    /// Removed entries whose slots are still held (until the index is rebuilt).
    pub fn dead(&self) -> usize {
        self.ids.len() - self.fig.live
    }

    /// True when an entry with this id is in the index.
    pub fn contains(&self, id: u64) -> bool {
        self.slot_of.contains_key(&id)
    }

    /// Adds a record, whose id must be a number; refuses an id already there or a record with
    /// nothing to match on.
    pub fn insert(&mut self, rec: &Record) -> Result<(), IndexError> {
        let id = id_of(rec)?;
        if self.slot_of.contains_key(&id) {
            return Err(IndexError::DuplicateId(id.to_string()));
        }
        let keys = self.entry_keys(rec)?;
        self.insert_keys(id, &keys)
    }

    /// Adds entry `id` by its keys (from [`KeyIndex::entry_keys`] of an index sealed with the
    /// same secret); refuses an id already there.
    pub fn insert_keys(&mut self, id: u64, e: &EntryKeys) -> Result<(), IndexError> {
        if id == DEAD {
            return Err(IndexError::NotNumeric(id.to_string()));
        }
        if self.slot_of.contains_key(&id) {
            return Err(IndexError::DuplicateId(id.to_string()));
        }
        let slot = u32::try_from(self.ids.len())
            .ok()
            .filter(|s| s & MANY == 0)
            .ok_or(IndexError::Full)?;
        for &k in &e.keys {
            self.post(k, slot);
        }
        self.fig.add(slot, e.norm, e.year, &e.skels, &e.texts);
        self.ids.push(id);
        self.slot_of.insert(id, slot);
        Ok(())
    }

    /// Adds `slot` (the newest) to the posting list of key `k`.
    fn post(&mut self, k: u64, slot: u32) {
        use std::collections::hash_map::Entry;
        match self.keys.entry(k) {
            Entry::Vacant(v) => {
                v.insert(slot);
            }
            Entry::Occupied(mut o) => {
                let v = *o.get();
                if v & MANY == 0 {
                    // Slots only grow: the list stays ascending.
                    o.insert(MANY | self.lists.len() as u32);
                    self.lists.push(vec![v, slot]);
                } else {
                    self.lists[(v & !MANY) as usize].push(slot);
                }
            }
        }
    }

    /// Adds a record or replaces the one with the same id.
    pub fn upsert(&mut self, rec: &Record) -> Result<(), IndexError> {
        let id = id_of(rec)?;
        self.remove(id);
        self.insert(rec)
    }

    /// Removes the entry with this id (marks its slot dead); returns whether there was one.
    pub fn remove(&mut self, id: u64) -> bool {
        let Some(slot) = self.slot_of.remove(&id) else {
            return false;
        };
        self.ids[slot as usize] = DEAD;
        self.fig.norm[slot as usize] = 0.0;
        self.fig.live -= 1;
        true
    }

    /// Gives back the room grown into while adding (after a whole build).
    pub fn shrink_to_fit(&mut self) {
        self.keys.shrink_to_fit();
        self.lists.iter_mut().for_each(Vec::shrink_to_fit);
        self.lists.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.slot_of.shrink_to_fit();
        self.fig.norm.shrink_to_fit();
        self.fig.year.shrink_to_fit();
        self.fig.df.shrink_to_fit();
        self.fig.text_df.shrink_to_fit();
    }

    /// Bytes held on the heap by the index, counted from its tables' capacities (what a
    /// benchmark reports per entry; the allocator's own overhead is not included).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        // A hash table holds its entries plus one control byte each.
        fn table<K, V>(m: &FxHashMap<K, V>) -> usize {
            m.capacity() * (size_of::<(K, V)>() + 1)
        }
        table(&self.keys)
            + self.lists.capacity() * size_of::<Vec<u32>>()
            + self.lists.iter().map(|l| l.capacity() * 4).sum::<usize>()
            + self.ids.capacity() * 8
            + table(&self.slot_of)
            + self.fig.norm.capacity() * 4
            + self.fig.year.capacity() * 2
            + table(&self.fig.df)
            + table(&self.fig.text_df)
    }

    /// The entries to score for a search that returns up to `limit` matches: those sharing an
    /// identifier with the query, and the best pre-ranked by name keys (as many as
    /// [`crate::Matcher::search`] scores).
    pub fn candidates(&self, query: &Record, limit: usize) -> Candidates {
        let limit = limit.max(1);
        let mut q = Prepared::new(query);
        weigh(self, &mut q);
        let width = self.opts.candidates.max(limit + limit / 4);
        let ids = candidates(self, &q, width)
            .into_iter()
            .map(|s| self.ids[s as usize])
            .filter(|&id| id != DEAD)
            .collect();
        Candidates { query: q, ids }
    }

    /// Scores the loaded records of a search's candidates: matches at or above `threshold`,
    /// best first, at most `limit`. Each record is weighed by the index's current name counts,
    /// as the matcher weighs its entries.
    pub fn score(
        &self,
        c: &Candidates,
        records: &[Record],
        threshold: f64,
        limit: usize,
    ) -> Vec<Alert> {
        let preps: Vec<(&str, Prepared)> = records
            .iter()
            .map(|r| {
                let mut p = Prepared::new(r);
                weigh(self, &mut p);
                (r.id.trim(), p)
            })
            .collect();
        score_candidates(
            &c.query,
            preps.iter().map(|(id, p)| (*id, p)),
            threshold,
            limit.max(1),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cnic, Matcher, PartialDate};

    fn people() -> Vec<Record> {
        let firsts = [
            "Muhammad Asif",
            "Asif Ali",
            "Nadia Bibi",
            "Nadia",
            "Rukhsana Kausar",
            "Ghulam Abbas",
            "Muhammad Imran",
            "Imran Khan",
            "Mst. Iqra",
            "Fayyaz Hussain",
            "محمد آصف",
            "Tasleem Begum",
            "Shahid Mehmood",
        ];
        let fathers = [
            "Ghulam Rasool",
            "Allah Ditta",
            "",
            "Muhammad Akram",
            "Bashir Ahmed",
        ];
        let mut out = Vec::new();
        for i in 0..1400usize {
            let mut r = Record::new(
                (1000 + i * 7).to_string(),
                format!(
                    "{} {}",
                    firsts[i % firsts.len()],
                    ["", "Khan", "Malik", "Butt"][i % 4]
                ),
            )
            .with_father(fathers[(i / 3) % fathers.len()]);
            if i % 5 == 0 {
                r = r.with_dob(
                    PartialDate::parse(&format!("{}-0{}-1{}", 1960 + i % 40, 1 + i % 9, i % 10))
                        .unwrap(),
                );
            }
            if i % 11 == 0 {
                r = r.with_cnic(Cnic::parse(&format!("35202-{:07}-1", 1_000_000 + i)).unwrap());
            }
            out.push(r);
        }
        out
    }

    fn queries() -> Vec<Record> {
        vec![
            Record::new("q", "Mohammad Aasif").with_father("Gulam Rasul"),
            Record::new("q", "Nadia"),
            Record::new("q", "Rukhsana").with_dob(PartialDate::parse("1970").unwrap()),
            Record::new("q", "Imran").with_cnic(Cnic::parse("35202-1000011-1").unwrap()),
            Record::new("q", "محمد آصف"),
            Record::new("q", "Fayaz Husain Malik"),
            Record::new("q", "Tasleem"),
        ]
    }

    /// The key index, given the same entries and loading the records it asks for, gives the
    /// same alerts as the matcher (weighed from the same counts).
    #[test]
    fn finds_what_the_matcher_finds() {
        let recs = people();
        let mut m = Matcher::new(MatchOptions::default());
        let mut k = KeyIndex::new(MatchOptions::default());
        for r in &recs {
            m.insert(r).unwrap();
            k.insert(r).unwrap();
        }
        m.reweigh_all();
        let by_id: FxHashMap<u64, &Record> =
            recs.iter().map(|r| (r.id.parse().unwrap(), r)).collect();
        for q in queries() {
            for (threshold, limit) in [(0.6, 50), (0.85, 3), (0.8, 10)] {
                let c = k.candidates(&q, limit);
                let loaded: Vec<Record> = c.ids().iter().map(|id| by_id[id].clone()).collect();
                let got = k.score(&c, &loaded, threshold, limit);
                let want = m.search(&q, threshold, limit);
                assert!(!want.is_empty() || threshold > 0.6, "{q:?} finds nothing");
                assert_eq!(got, want, "{q:?} at {threshold}");
            }
        }
    }

    /// Sealed keys, stored as bytes and read back, index the same entries as the records
    /// themselves; under another secret they match nothing.
    #[test]
    fn sealed_keys_read_back_find_the_same() {
        let recs = people();
        let secret = [7u8; 16];
        let mut plain = KeyIndex::new(MatchOptions::default());
        let sealed = KeyIndex::sealed(MatchOptions::default(), &secret);
        let mut stored = Vec::new();
        for r in &recs {
            plain.insert(r).unwrap();
            let keys = sealed.entry_keys(r).unwrap();
            stored.push((r.id.parse::<u64>().unwrap(), keys.to_bytes()));
            // Nothing of the plain index's keys is in what is stored.
            let p = plain.entry_keys(r).unwrap();
            assert!(p.keys.iter().all(|k| !keys.keys.contains(k)));
        }
        let mut restarted = KeyIndex::sealed(MatchOptions::default(), &secret);
        for (id, bytes) in &stored {
            let keys = EntryKeys::from_bytes(bytes).expect("reads back");
            restarted.insert_keys(*id, &keys).unwrap();
        }
        let mut other = KeyIndex::sealed(MatchOptions::default(), &[8u8; 16]);
        for (id, bytes) in &stored {
            other
                .insert_keys(*id, &EntryKeys::from_bytes(bytes).unwrap())
                .unwrap();
        }
        for q in queries() {
            let want = plain.candidates(&q, 10);
            assert!(!want.ids().is_empty());
            assert_eq!(restarted.candidates(&q, 10).ids(), want.ids(), "{q:?}");
            assert!(other.candidates(&q, 10).ids().is_empty(), "{q:?}");
        }
        assert_eq!(
            restarted.heap_bytes(),
            sealed_built(&recs, &secret).heap_bytes()
        );
    }

    fn sealed_built(recs: &[Record], secret: &[u8; 16]) -> KeyIndex {
        let mut k = KeyIndex::sealed(MatchOptions::default(), secret);
        for r in recs {
            k.insert(r).unwrap();
        }
        k
    }

    #[test]
    fn entry_keys_of_another_version_or_cut_short_are_not_read() {
        let k = KeyIndex::new(MatchOptions::default());
        let bytes = k
            .entry_keys(&Record::new("1", "Nadia Bibi").with_father("Allah Ditta"))
            .unwrap()
            .to_bytes();
        assert!(EntryKeys::from_bytes(&bytes).is_some());
        let mut other = bytes.clone();
        other[0] = KEYS_VERSION + 1;
        assert!(EntryKeys::from_bytes(&other).is_none());
        assert!(EntryKeys::from_bytes(&bytes[..bytes.len() - 1]).is_none());
        assert!(EntryKeys::from_bytes(&bytes[..5]).is_none());
        assert!(EntryKeys::from_bytes(&[]).is_none());
    }

    #[test]
    fn removed_and_replaced_entries_are_not_found() {
        let mut k = KeyIndex::new(MatchOptions::default());
        k.insert(&Record::new("1", "Nadia Bibi")).unwrap();
        k.insert(&Record::new("2", "Asif Ali")).unwrap();
        let found = |k: &KeyIndex, name: &str| k.candidates(&Record::new("q", name), 10).ids;
        assert_eq!(found(&k, "Nadia Bibi"), [1]);
        assert!(k.remove(1));
        assert!(!k.remove(1));
        assert!(found(&k, "Nadia Bibi").is_empty());
        k.upsert(&Record::new("2", "Nadia Bibi")).unwrap();
        assert_eq!(found(&k, "Nadia Bibi"), [2]);
        assert!(found(&k, "Asif Ali").is_empty());
        assert_eq!((k.len(), k.dead()), (1, 2));
        k.upsert(
            &Record::new("1", "Nadia Bibi").with_cnic(Cnic::parse("35202-1234567-1").unwrap()),
        )
        .unwrap();
        k.remove(1);
        assert!(k
            .candidates(
                &Record::new("q", "x").with_cnic(Cnic::parse("35202-1234567-1").unwrap()),
                10
            )
            .ids
            .is_empty());
    }

    #[test]
    fn refuses_ids_that_are_not_numbers() {
        let mut k = KeyIndex::new(MatchOptions::default());
        assert_eq!(
            k.insert(&Record::new("P-1", "Nadia")),
            Err(IndexError::NotNumeric("P-1".into()))
        );
        assert_eq!(
            k.insert(&Record::new(" ", "Nadia")),
            Err(IndexError::MissingId)
        );
        k.insert(&Record::new("7", "Nadia")).unwrap();
        assert_eq!(
            k.insert(&Record::new("7", "Asif")),
            Err(IndexError::DuplicateId("7".into()))
        );
        assert_eq!(
            k.insert(&Record::new("8", "")),
            Err(IndexError::Empty("8".into()))
        );
        assert_eq!(k.len(), 1);
    }
}
