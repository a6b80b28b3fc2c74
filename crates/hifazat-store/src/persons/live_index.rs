//! A matching index shared by the whole process (the watchlist, the person index), and the
//! rules that keep it off the async runtime:
//!
//! - every query runs on a blocking thread ([`LiveIndex::query`]), the read lock taken inside
//!   it, so matching never stalls the runtime's threads;
//! - one record added or removed after a commit changes the live index in place at once, under
//!   a write lock held for that record only;
//! - a whole build ([`LiveIndex::rebuild`]) fills a *new* matcher on blocking threads, off any
//!   lock, and swaps it in under a write lock held only for the swap. Changes made to the live
//!   index while a build runs are also written to a change log (the latest state of each
//!   record); the log is replayed onto the new matcher just before the swap, so a record
//!   added, merged or unmerged meanwhile is neither lost nor brought back stale.

use crate::{Result, StoreError};
use hifazat_matching::{IndexError, KeyIndex, Matcher, Record};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The latest state of each record changed since a build began: `None` for removed.
type ChangeLog = HashMap<String, Option<Record>>;

/// What a live index holds: the full [`Matcher`] (the watchlist: entries kept whole and scored
/// in memory) or the compact [`KeyIndex`] (the person index: keys only, candidates scored from
/// the database).
pub(crate) trait Indexed: Send + Sync + 'static {
    /// An empty index like this one (the same options and secret).
    fn empty_like(&self) -> Self;
    /// Adds or replaces a record.
    fn upsert(&mut self, rec: &Record) -> Result<(), IndexError>;
    /// Removes a record by id.
    fn remove(&mut self, id: &str) -> bool;
    /// Entries held.
    fn len(&self) -> usize;
    /// Called once a whole build is done, before the swap.
    fn built(&mut self) {}
}

impl Indexed for Matcher {
    fn empty_like(&self) -> Self {
        Matcher::new(self.options().clone())
    }
    fn upsert(&mut self, rec: &Record) -> Result<(), IndexError> {
        Matcher::upsert(self, rec)
    }
    fn remove(&mut self, id: &str) -> bool {
        Matcher::remove(self, id)
    }
    fn len(&self) -> usize {
        Matcher::len(self)
    }
}

impl Indexed for KeyIndex {
    fn empty_like(&self) -> Self {
        KeyIndex::empty_like(self)
    }
    fn upsert(&mut self, rec: &Record) -> Result<(), IndexError> {
        KeyIndex::upsert(self, rec)
    }
    fn remove(&mut self, id: &str) -> bool {
        id.trim().parse().is_ok_and(|id| KeyIndex::remove(self, id))
    }
    fn len(&self) -> usize {
        KeyIndex::len(self)
    }
    fn built(&mut self) {
        self.shrink_to_fit();
    }
}

/// A live matching index; see the module documentation.
pub(crate) struct LiveIndex<M = Matcher> {
    /// What it holds, for messages ("watchlist", "person").
    name: &'static str,
    matcher: RwLock<M>,
    /// `Some` while a build runs. Lock order: `changes`, then `matcher`.
    changes: Mutex<Option<ChangeLog>>,
    /// One build at a time (a second waits, then builds afresh).
    building: tokio::sync::Mutex<()>,
}

// A panic while the lock was held leaves at worst one record half indexed: searching on is
// better than failing every search after it, so a poisoned lock is taken as it is.
fn read<M>(m: &RwLock<M>) -> RwLockReadGuard<'_, M> {
    m.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<M>(m: &RwLock<M>) -> RwLockWriteGuard<'_, M> {
    m.write().unwrap_or_else(PoisonError::into_inner)
}

fn lock(c: &Mutex<Option<ChangeLog>>) -> MutexGuard<'_, Option<ChangeLog>> {
    c.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<M: Indexed> LiveIndex<M> {
    /// A live index named `name` (for messages), starting as `index` (empty).
    pub(crate) fn new(name: &'static str, index: M) -> Arc<LiveIndex<M>> {
        Arc::new(LiveIndex {
            name,
            matcher: RwLock::new(index),
            changes: Mutex::new(None),
            building: tokio::sync::Mutex::new(()),
        })
    }

    /// Runs `f` against the live index on a blocking thread (matching is CPU work).
    pub(crate) async fn query<T, F>(self: &Arc<Self>, f: F) -> Result<T>
    where
        F: FnOnce(&M) -> T + Send + 'static,
        T: Send + 'static,
    {
        let index = Arc::clone(self);
        tokio::task::spawn_blocking(move || f(&read(&index.matcher)))
            .await
            .map_err(|e| StoreError::Config(format!("{} index task failed: {e}", self.name)))
    }

    /// Entries in the live index.
    pub(crate) fn len(&self) -> usize {
        read(&self.matcher).len()
    }

    /// Reads something small from the live index at once (a count; no matching).
    pub(crate) fn peek<T>(&self, f: impl FnOnce(&M) -> T) -> T {
        f(&read(&self.matcher))
    }

    /// Adds or replaces one record in the live index (after its commit), and in the index
    /// being built, if any.
    pub(crate) fn upsert(&self, rec: Record) -> Result<(), IndexError> {
        let mut log = lock(&self.changes);
        let done = write(&self.matcher).upsert(&rec);
        if let Some(log) = log.as_mut() {
            log.insert(rec.id.trim().to_owned(), Some(rec));
        }
        done
    }

    /// Takes records out of the live index (after their removal is committed), and out of the
    /// index being built, if any.
    pub(crate) fn remove(&self, ids: &[String]) {
        let mut log = lock(&self.changes);
        {
            let mut m = write(&self.matcher);
            for id in ids {
                m.remove(id);
            }
        }
        if let Some(log) = log.as_mut() {
            for id in ids {
                log.insert(id.clone(), None);
            }
        }
    }

    /// Starts a build of a new matcher to replace the live one: changes made to the live index
    /// from now on are logged for it. Waits while another build runs.
    pub(crate) async fn rebuild(self: &Arc<Self>) -> Rebuild<'_, M> {
        let guard = self.building.lock().await;
        *lock(&self.changes) = Some(ChangeLog::new());
        Rebuild {
            index: self,
            matcher: Some(read(&self.matcher).empty_like()),
            _one_at_a_time: guard,
        }
    }
}

/// A new matcher being built off-lock; [`Rebuild::finish`] swaps it in. Dropped unfinished
/// (an error), it leaves the live index as it was.
pub(crate) struct Rebuild<'a, M: Indexed = Matcher> {
    index: &'a Arc<LiveIndex<M>>,
    /// `None` only while a blocking task holds it.
    matcher: Option<M>,
    _one_at_a_time: tokio::sync::MutexGuard<'a, ()>,
}

impl<M: Indexed> Rebuild<'_, M> {
    /// Runs `prepare` (reading the records: decryption is CPU work too) and adds what it
    /// returns to the new matcher, both on a blocking thread. Returns the number of records
    /// prepared and the records that could not be indexed, with why.
    pub(crate) async fn add<F>(&mut self, prepare: F) -> Result<(usize, Vec<IndexError>)>
    where
        F: FnOnce() -> Result<Vec<Record>> + Send + 'static,
    {
        self.add_with(move |m| {
            prepare().map(|recs| {
                let refused = recs.iter().filter_map(|r| m.upsert(r).err()).collect();
                (recs.len(), refused)
            })
        })
        .await
    }

    /// Runs `fill` on the new matcher on a blocking thread, and returns what it returns.
    pub(crate) async fn add_with<F, T>(&mut self, fill: F) -> Result<T>
    where
        F: FnOnce(&mut M) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let mut m = self
            .matcher
            .take()
            .ok_or_else(|| StoreError::Config(format!("{} index build lost", self.index.name)))?;
        let (m, out) = tokio::task::spawn_blocking(move || {
            let out = fill(&mut m);
            (m, out)
        })
        .await
        .map_err(|e| StoreError::Config(format!("{} index build failed: {e}", self.index.name)))?;
        self.matcher = Some(m);
        out
    }

    /// Replays the changes made to the live index since the build began onto the new matcher
    /// and swaps it in; the old one is dropped on the blocking thread too. Returns the number
    /// of entries now live.
    pub(crate) async fn finish(mut self) -> Result<usize> {
        let mut new = self
            .matcher
            .take()
            .ok_or_else(|| StoreError::Config(format!("{} index build lost", self.index.name)))?;
        let index = Arc::clone(self.index);
        tokio::task::spawn_blocking(move || {
            // Before taking the log: a change made meanwhile need not wait for this.
            new.built();
            // Holding the log until the swap is done: a change made meanwhile waits, then goes
            // to the new matcher.
            let mut log = lock(&index.changes);
            for (id, rec) in log.take().unwrap_or_default() {
                match rec {
                    Some(rec) => {
                        let _ = new.upsert(&rec);
                    }
                    None => {
                        new.remove(&id);
                    }
                }
            }
            let n = new.len();
            let old = std::mem::replace(&mut *write(&index.matcher), new);
            drop(log);
            drop(old);
            n
        })
        .await
        .map_err(|e| StoreError::Config(format!("{} index swap failed: {e}", self.index.name)))
    }
}

impl<M: Indexed> Drop for Rebuild<'_, M> {
    fn drop(&mut self) {
        // Finished or not, changes are no longer logged (`finish` already took the log).
        *lock(&self.index.changes) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, name: &str) -> Record {
        Record::new(id, name)
    }

    fn ids(m: &Matcher, name: &str) -> Vec<String> {
        let mut v: Vec<_> = m
            .search(&rec("q", name), 0.6, 10)
            .into_iter()
            .map(|a| a.watchlist_id)
            .collect();
        v.sort();
        v
    }

    #[tokio::test]
    async fn changes_made_during_a_build_survive_the_swap() {
        let index = LiveIndex::new("test", Matcher::new(Default::default()));
        index.upsert(rec("1", "Muhammad Asif")).unwrap();
        index.upsert(rec("2", "Shahid Anwar")).unwrap();
        let mut build = index.rebuild().await;
        // The build read the table before the changes below were committed: it holds 1 and 2.
        let (n, refused) = build
            .add(|| Ok(vec![rec("1", "Muhammad Asif"), rec("2", "Shahid Anwar")]))
            .await
            .unwrap();
        assert_eq!((n, refused.len()), (2, 0));
        // Meanwhile: 3 is added, 2 removed (merged), 1 renamed; the live index shows it at
        // once, and searches answer while the build holds no lock.
        index.upsert(rec("3", "Nadia Bibi")).unwrap();
        index.remove(&["2".to_owned()]);
        index.upsert(rec("1", "Asif Mahmood")).unwrap();
        let live = index.query(|m| ids(m, "Nadia Bibi")).await.unwrap();
        assert_eq!(live, ["3"]);
        assert_eq!(build.finish().await.unwrap(), 2);
        // After the swap: nothing lost, nothing stale brought back.
        assert_eq!(index.query(|m| ids(m, "Nadia Bibi")).await.unwrap(), ["3"]);
        assert!(index
            .query(|m| ids(m, "Shahid Anwar"))
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            index.query(|m| ids(m, "Asif Mahmood")).await.unwrap(),
            ["1"]
        );
        // The log is closed: later changes go to the live index only, and a new build starts
        // from an empty log.
        assert!(lock(&index.changes).is_none());
        index.upsert(rec("4", "Kashif Ali")).unwrap();
        assert_eq!(index.len(), 3);
    }

    #[tokio::test]
    async fn a_build_dropped_unfinished_leaves_the_live_index() {
        let index = LiveIndex::new("test", Matcher::new(Default::default()));
        index.upsert(rec("1", "Muhammad Asif")).unwrap();
        {
            let mut build = index.rebuild().await;
            build.add(|| Ok(Vec::new())).await.unwrap();
            let failed = build
                .add(|| Err(StoreError::Config("unreadable".into())))
                .await;
            assert!(failed.is_err());
        }
        assert_eq!(index.len(), 1);
        assert!(lock(&index.changes).is_none(), "no log left open");
        // A later build starts afresh.
        let mut build = index.rebuild().await;
        build
            .add(|| Ok(vec![rec("5", "Nadia Bibi")]))
            .await
            .unwrap();
        assert_eq!(build.finish().await.unwrap(), 1);
        assert_eq!(index.query(|m| ids(m, "Nadia Bibi")).await.unwrap(), ["5"]);
    }
}
