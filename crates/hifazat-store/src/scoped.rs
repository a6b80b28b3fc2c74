//! The scoped door: [`Scoped`] is the only way to registry data. It is made for one actor
//! ([`crate::Store::scoped`]; the command line and seeding use the system actor,
//! [`crate::Ctx::system`]), carries their jurisdiction into every query ([`push_scope`]),
//! checks their role before each action ([`Scoped::require`]), and writes the audit trail inside
//! each write transaction ([`Scoped::entry`]). Each area (cases, persons, protection,
//! screening, …) adds its methods to it in its own module.

use crate::audit::{self, AuditAction, Entry};
use crate::sql::Q;
use crate::tx::Tx;
use crate::{Ctx, Result, Store, StoreError};
use hifazat_domain::{Action, Actor};

/// Case data as one actor may see and change it.
pub struct Scoped<'s> {
    pub(crate) store: &'s Store,
    pub(crate) ctx: Ctx,
}

/// SQL condition, for a row with `p.id`, true when the person is a victim in any case or has a
/// protection record: such a person is never shown or found by name.
pub(crate) const PROTECTED: &str =
    "(EXISTS (SELECT 1 FROM case_persons vx WHERE vx.person_id = p.id AND vx.role = 'victim') \
     OR EXISTS (SELECT 1 FROM victims pv WHERE pv.person_id = p.id))";

/// Appends the jurisdiction condition for cases aliased `c`.
pub(crate) fn push_scope(q: &mut Q, actor: &Actor) {
    q.push_jurisdiction("c", &actor.jurisdiction);
    if let Some(stages) = actor.case_stages() {
        q.push(" AND");
        q.push_in(
            "c.stage",
            &stages.iter().map(|s| s.code()).collect::<Vec<_>>(),
        );
    }
}

impl<'s> Scoped<'s> {
    pub(crate) fn new(store: &'s Store, ctx: Ctx) -> Self {
        Scoped { store, ctx }
    }

    /// The actor this view was made for.
    pub fn actor(&self) -> &hifazat_domain::Actor {
        &self.ctx.actor
    }

    /// The store (for handlers that need the clock or reference data).
    pub(crate) fn store(&self) -> &Store {
        self.store
    }

    /// The client's address, when known (for the audit trail).
    pub(crate) fn ip(&self) -> Option<&str> {
        self.ctx.ip.as_deref()
    }

    pub(crate) fn require(&self, action: Action, why: &'static str) -> Result<()> {
        if self.ctx.actor.may(action) {
            Ok(())
        } else {
            Err(StoreError::Forbidden(why))
        }
    }

    pub(crate) async fn entry(&self, tx: &mut Tx, e: Entry<'_>) -> Result<()> {
        audit::record_ctx(self.store, tx, &self.ctx, e).await
    }

    /// Records that records left the system in a file: `what` (e.g. `cases.csv`), how many
    /// rows, and the filters used (never search terms, which may be names or CNICs).
    pub async fn record_export(&self, what: &str, rows: usize, filters: &str) -> Result<()> {
        let mut w = self.store.write().await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Export,
                entity: "export",
                entity_id: Some(what.to_owned()),
                case_id: None,
                detail: Some(format!("{rows} rows; {filters}")),
            },
        )
        .await?;
        w.commit().await
    }

    /// Records that the actor read a record (a case file, a protection record, a person).
    pub(crate) async fn audit_read(
        &self,
        entity: &str,
        entity_id: String,
        case_id: Option<i64>,
        detail: Option<String>,
    ) -> Result<()> {
        let mut w = self.store.write().await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::View,
                entity,
                entity_id: Some(entity_id),
                case_id,
                detail,
            },
        )
        .await?;
        w.commit().await
    }
}
