//! Transfers of a case between districts and agencies (police to an FIA circle, one district
//! to another): requested by the side that holds the case, decided by a supervisor of the
//! receiving district. On acceptance the case moves with its reference, persons and history;
//! the sending side keeps read access to the record as it stood when it left (see
//! [`push_transferred`]), and the receiving supervisor reads a case offered to them before
//! deciding.

use crate::audit::{AuditAction, Entry};
use crate::field;
use crate::sql::Q;
use crate::{ts, Result, Scoped, StoreError};
use hifazat_domain::{reference, Action, Actor, FieldErrors, UserRole};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// A request to transfer a case.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct TransferRequest {
    /// The receiving district (code, e.g. `KHI`); may be the same district with another agency.
    #[serde(default)]
    pub to_district: String,
    /// The receiving police station or FIA circle (agency id), if named.
    pub to_agency_id: Option<i64>,
    /// Why the case is transferred (required).
    pub reason: Option<String>,
}

/// The receiving supervisor's decision.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct TransferDecision {
    /// Accept (the case moves) or decline (it stays).
    pub accept: bool,
    /// Remark; required when declining.
    pub remark: Option<String>,
}

/// A transfer as listed with its case.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Transfer {
    /// Id.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// The case's reference.
    pub reference: String,
    /// Sending district (code).
    pub from_district: String,
    /// Sending agency's name.
    pub from_agency: Option<String>,
    /// Receiving district (code).
    pub to_district: String,
    /// Receiving agency's name.
    pub to_agency: Option<String>,
    /// Why.
    pub reason: String,
    /// `requested`, `accepted` or `declined`.
    pub status: String,
    /// Who asked (login name).
    pub requested_by: Option<String>,
    /// When (UTC timestamp).
    pub requested_at: String,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When decided.
    pub decided_at: Option<String>,
    /// The decision's remark.
    pub remark: Option<String>,
}

/// The transfers' columns as [`Transfer`] reads them (`t` the transfer, `c` its case).
const COLUMNS: &str = "t.id, t.case_id, c.reference, t.from_district, fa.name AS from_agency, t.to_district, \
    ta.name AS to_agency, t.reason, t.status, rq.username AS requested_by, t.requested_at, \
    dc.username AS decided_by, t.decided_at, t.remark \
    FROM case_transfers t JOIN cases c ON c.id = t.case_id \
    LEFT JOIN agencies fa ON fa.id = t.from_agency_id LEFT JOIN agencies ta ON ta.id = t.to_agency_id \
    LEFT JOIN users rq ON rq.id = t.requested_by LEFT JOIN users dc ON dc.id = t.decided_by";

fn transfer_from(r: &sqlx::any::AnyRow) -> Result<Transfer> {
    Ok(Transfer {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        reference: r.try_get("reference")?,
        from_district: r.try_get("from_district")?,
        from_agency: r.try_get("from_agency")?,
        to_district: r.try_get("to_district")?,
        to_agency: r.try_get("to_agency")?,
        reason: r.try_get("reason")?,
        status: r.try_get("status")?,
        requested_by: r.try_get("requested_by")?,
        requested_at: r.try_get("requested_at")?,
        decided_by: r.try_get("decided_by")?,
        decided_at: r.try_get("decided_at")?,
        remark: r.try_get("remark")?,
    })
}

/// True when the actor decides transfers into a district: a supervisor or the national
/// coordinator whose jurisdiction covers it.
fn decides_for(actor: &Actor, province: &str, district: &str) -> bool {
    actor.has_any(&[UserRole::Supervisor, UserRole::NationalCoordinator])
        && actor.jurisdiction.covers(province, district)
}

/// Appends, for case alias `c`, the cases the actor reads through a transfer: those that left
/// their jurisdiction by an accepted transfer, and (for supervisors) those offered to it.
/// Read-only: the write paths never use this.
pub(crate) fn push_transferred(q: &mut Q, actor: &Actor) {
    if !actor.may(Action::EditCases) {
        q.push(" AND 1 = 0");
        return;
    }
    q.push(
        " AND (EXISTS (SELECT 1 FROM (SELECT case_id, status, from_district AS district_code, \
         from_province AS province_code FROM case_transfers) tf WHERE tf.case_id = c.id AND tf.status = 'accepted'",
    );
    q.push_jurisdiction("tf", &actor.jurisdiction);
    q.push(")");
    if actor.has_any(&[UserRole::Supervisor, UserRole::NationalCoordinator]) {
        q.push(
            " OR EXISTS (SELECT 1 FROM (SELECT case_id, status, to_district AS district_code, \
             to_province AS province_code FROM case_transfers) tt WHERE tt.case_id = c.id AND tt.status = 'requested'",
        );
        q.push_jurisdiction("tt", &actor.jurisdiction);
        q.push(")");
    }
    q.push(")");
}

impl Scoped<'_> {
    /// Asks for a case to be transferred to another district or agency (whoever edits the
    /// case): the case must be open, with no transfer pending, and go somewhere else.
    pub async fn request_transfer(&self, case_id: i64, r: TransferRequest) -> Result<i64> {
        self.require(Action::EditCases, "this role cannot change cases")?;
        let mut e = FieldErrors::new();
        let to = reference::district_by_code(r.to_district.trim());
        if to.is_none() {
            e.add("to_district", "Choose the district the case goes to");
        }
        let reason = r.reason.as_deref().map(str::trim).filter(|s| !s.is_empty());
        match reason {
            None => e.add("reason", "Enter why the case is transferred"),
            Some(x) if x.chars().count() > 2000 => {
                e.add("reason", "Keep the reason under 2,000 characters")
            }
            Some(_) => {}
        }
        if let (Some(id), Some(d)) = (r.to_agency_id, to) {
            let agencies = self.store().agencies().await?;
            let ok = agencies.iter().any(|a| {
                a.id == id
                    && matches!(
                        a.kind.as_str(),
                        "police_station" | "fia_circle" | "fia_zone"
                    )
                    && a.district_code.as_deref().is_none_or(|x| x == d.code)
                    && a.province_code.as_deref().is_none_or(|p| {
                        reference::current_province_code(p)
                            == reference::current_province_code(&d.province_code)
                    })
            });
            if !ok {
                e.add(
                    "to_agency_id",
                    "Choose a police station or FIA circle of the receiving district",
                );
            }
        }
        // A check that gives `None` has recorded its message in `e`.
        let (Some(to), Some(reason)) = (to, reason) else {
            return Err(e.into());
        };
        if !e.is_empty() {
            return Err(e.into());
        }
        let now = self.store().now();
        let mut w = self.store().write().await?;
        let row = self.case_for_update(&mut w.tx, case_id).await?;
        let (stage, from_district, from_province, from_agency): (
            String,
            String,
            String,
            Option<i64>,
        ) = (
            row.try_get("stage")?,
            row.try_get("district_code")?,
            row.try_get("province_code")?,
            row.try_get("agency_id")?,
        );
        if !crate::rows::parse::<hifazat_domain::Stage>(stage)?.is_open() {
            return Err(field(
                "to_district",
                "A decided or closed case is not transferred",
            ));
        }
        if from_district == to.code && r.to_agency_id.is_none_or(|a| Some(a) == from_agency) {
            return Err(field(
                "to_district",
                "Choose another district, or another police station or circle",
            ));
        }
        let pending = sqlx::query(
            "SELECT id FROM case_transfers WHERE case_id = $1 AND status = 'requested'",
        )
        .bind(case_id)
        .fetch_optional(&mut *w.tx)
        .await?;
        if pending.is_some() {
            return Err(field(
                "to_district",
                "A transfer of this case is already waiting for the receiving supervisor",
            ));
        }
        let id: i64 = sqlx::query(
            "INSERT INTO case_transfers (case_id, from_district, from_province, from_agency_id, to_district, to_province, \
             to_agency_id, reason, status, requested_by, requested_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'requested', $9, $10) RETURNING id",
        )
        .bind(case_id)
        .bind(from_district.clone())
        .bind(from_province)
        .bind(from_agency)
        .bind(to.code.clone())
        .bind(to.province_code.clone())
        .bind(r.to_agency_id)
        .bind(reason.to_owned())
        .bind(self.actor().user_id)
        .bind(ts(now))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "case_transfer",
                entity_id: Some(id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!("requested: {from_district} -> {}", to.code)),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// The receiving supervisor accepts a transfer (the case moves there, with its history; its
    /// investigating officer is to be named by them, who become its supervising officer) or
    /// declines it with a remark (it stays).
    pub async fn decide_transfer(
        &self,
        case_id: i64,
        transfer_id: i64,
        d: TransferDecision,
    ) -> Result<()> {
        let remark = d.remark.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if !d.accept && remark.is_none() {
            return Err(field("remark", "Enter why the transfer is declined"));
        }
        if remark.is_some_and(|r| r.chars().count() > 2000) {
            return Err(field("remark", "Keep the remark under 2,000 characters"));
        }
        let now = self.store().now();
        let mut w = self.store().write().await?;
        let t = sqlx::query(
            "SELECT t.to_district, t.to_province, t.to_agency_id, t.from_district, c.stage FROM case_transfers t \
             JOIN cases c ON c.id = t.case_id WHERE t.id = $1 AND t.case_id = $2 AND t.status = 'requested'",
        )
        .bind(transfer_id)
        .bind(case_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let (to_district, to_province): (String, String) =
            (t.try_get("to_district")?, t.try_get("to_province")?);
        if !decides_for(self.actor(), &to_province, &to_district) {
            return Err(StoreError::Forbidden(
                "only a supervisor of the receiving district decides a transfer",
            ));
        }
        let n = sqlx::query(
            "UPDATE case_transfers SET status = $1, decided_by = $2, decided_at = $3, remark = $4 WHERE id = $5 AND status = 'requested'",
        )
        .bind(if d.accept { "accepted" } else { "declined" })
        .bind(self.actor().user_id)
        .bind(ts(now))
        .bind(remark.map(str::to_owned))
        .bind(transfer_id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(field(
                "remark",
                "The transfer was decided meanwhile: reload the case",
            ));
        }
        let from_district: String = t.try_get("from_district")?;
        if d.accept {
            let supervisor = self
                .actor()
                .has_any(&[UserRole::Supervisor])
                .then_some(self.actor().user_id);
            sqlx::query(
                "UPDATE cases SET district_code = $1, province_code = $2, agency_id = $3, investigating_officer_id = NULL, \
                 supervisor_id = $4, last_activity_at = $5 WHERE id = $6",
            )
            .bind(to_district.clone())
            .bind(to_province)
            .bind(t.try_get::<Option<i64>, _>("to_agency_id")?)
            .bind(supervisor)
            .bind(ts(now))
            .bind(case_id)
            .execute(&mut *w.tx)
            .await?;
            // The move stands in the case's history, at the stage it is in.
            let stage: String = t.try_get("stage")?;
            sqlx::query("INSERT INTO case_events (case_id, from_stage, to_stage, remark, user_id, at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(case_id)
                .bind(stage.clone())
                .bind(stage)
                .bind(format!("transferred from {from_district} to {to_district}"))
                .bind(self.actor().user_id)
                .bind(ts(now))
                .execute(&mut *w.tx)
                .await?;
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "case_transfer",
                entity_id: Some(transfer_id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!(
                    "{}: {from_district} -> {to_district}",
                    if d.accept { "accepted" } else { "declined" }
                )),
            },
        )
        .await?;
        w.commit().await
    }

    /// A case's transfers, oldest first (for a case the actor may read).
    pub(crate) async fn transfers_of(&self, case_id: i64) -> Result<Vec<Transfer>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} WHERE t.case_id = $1 ORDER BY t.requested_at, t.id"
        ))
        .bind(case_id)
        .fetch_all(self.store().pool())
        .await?
        .iter()
        .map(transfer_from)
        .collect()
    }

    /// Transfers waiting for a decision: those offered to the actor's jurisdiction (which they
    /// decide, if a supervisor) and those it asked for, oldest first.
    pub async fn pending_transfers(&self) -> Result<(Vec<Transfer>, Vec<Transfer>)> {
        self.require(Action::EditCases, "this role cannot change cases")?;
        let list = |col: &'static str| {
            let mut q = Q::new(&format!("SELECT {COLUMNS} WHERE t.status = 'requested'"));
            let j = &self.actor().jurisdiction;
            match j {
                hifazat_domain::Jurisdiction::National => {}
                hifazat_domain::Jurisdiction::Province(p) => {
                    q.push_arg(
                        &format!(" AND t.{col}_province = {{}}"),
                        reference::current_province_code(p),
                    );
                }
                hifazat_domain::Jurisdiction::District(d) => {
                    q.push_arg(&format!(" AND t.{col}_district = {{}}"), d.clone());
                }
            }
            q.push(" ORDER BY t.requested_at, t.id");
            q
        };
        let pool = self.store().pool();
        let mut sides = [Vec::new(), Vec::new()];
        for (side, col) in sides.iter_mut().zip(["to", "from"]) {
            *side = list(col)
                .query()
                .fetch_all(pool)
                .await?
                .iter()
                .map(transfer_from)
                .collect::<Result<Vec<_>>>()?;
        }
        let [incoming, outgoing] = sides;
        Ok((incoming, outgoing))
    }
}

/// True when `actor` decides transfer `t` (pending, into their jurisdiction, and they are a
/// supervisor or the national coordinator).
pub fn decides(actor: &Actor, t: &Transfer) -> bool {
    t.status == "requested"
        && reference::district_by_code(&t.to_district)
            .is_some_and(|d| decides_for(actor, &d.province_code, &d.code))
}
