//! A plan's monitoring matrix: the indicators of the National Action Plan (or any later plan)
//! with their baseline, target and responsible agency, kept by the national coordinator. The
//! value of each is never stored: it is read from the protected statistics of the period
//! shown, through the measure the indicator names.

use crate::audit::{AuditAction, Entry};
use crate::{ts, Result, Scoped, StoreError};
use hifazat_domain::validation::FieldErrors;
use hifazat_domain::Action;
use hifazat_stats::reports;
use serde::Serialize;
use sqlx::Row;

/// One indicator of a plan.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanIndicator {
    /// Internal id.
    pub id: i64,
    /// The plan, e.g. `NAP 2021-25`.
    pub plan: String,
    /// The indicator's number in the plan, e.g. `2.1`.
    pub code: String,
    /// The indicator in English.
    pub indicator_en: String,
    /// The indicator in Urdu (empty when not yet written).
    pub indicator_ur: String,
    /// The measure its value is read from (a code of `hifazat_stats::reports::MEASURES`).
    pub measure: String,
    /// The baseline's year.
    pub baseline_year: Option<i32>,
    /// The baseline.
    pub baseline: Option<f64>,
    /// The target's year.
    pub target_year: Option<i32>,
    /// The target.
    pub target: Option<f64>,
    /// The agency responsible.
    pub agency: String,
}

/// An indicator as typed in a form (every field as text, checked by [`PlanInput::check`]).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PlanInput {
    /// The plan.
    pub plan: String,
    /// Its number in the plan.
    pub code: String,
    /// English wording.
    pub indicator_en: String,
    /// Urdu wording.
    pub indicator_ur: String,
    /// Measure code.
    pub measure: String,
    /// Baseline year.
    pub baseline_year: String,
    /// Baseline.
    pub baseline: String,
    /// Target year.
    pub target_year: String,
    /// Target.
    pub target: String,
    /// Responsible agency.
    pub agency: String,
}

fn year(s: &str, field: &str, e: &mut FieldErrors) -> Option<i32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    match s.parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Some(y),
        _ => {
            e.add(field, "Enter a year between 2000 and 2100");
            None
        }
    }
}

fn number(s: &str, field: &str, e: &mut FieldErrors) -> Option<f64> {
    let s = s.trim().replace(',', "");
    if s.is_empty() {
        return None;
    }
    match s.trim_end_matches('%').trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Some(x),
        _ => {
            e.add(field, "Enter a number, 0 or more");
            None
        }
    }
}

impl PlanInput {
    /// The indicator the form describes, or a message per field.
    pub fn check(&self) -> std::result::Result<PlanIndicator, FieldErrors> {
        let mut e = FieldErrors::new();
        let text = |s: &str, field: &str, max: usize, empty: &str, e: &mut FieldErrors| {
            let s = s.trim();
            if s.is_empty() && !empty.is_empty() {
                e.add(field, empty);
            } else if s.chars().count() > max {
                e.add(field, format!("Write at most {max} characters"));
            }
            s.to_owned()
        };
        let plan = text(&self.plan, "plan", 60, "Enter the plan", &mut e);
        let code = text(
            &self.code,
            "code",
            20,
            "Enter the indicator's number in the plan",
            &mut e,
        );
        let indicator_en = text(
            &self.indicator_en,
            "indicator_en",
            500,
            "Enter the indicator as the plan words it",
            &mut e,
        );
        let indicator_ur = text(&self.indicator_ur, "indicator_ur", 500, "", &mut e);
        let agency = text(
            &self.agency,
            "agency",
            200,
            "Enter the agency responsible",
            &mut e,
        );
        let measure = self.measure.trim().to_owned();
        if reports::measure(&measure).is_none() {
            e.add("measure", "Choose what the value is computed from");
        }
        let baseline_year = year(&self.baseline_year, "baseline_year", &mut e);
        let baseline = number(&self.baseline, "baseline", &mut e);
        let target_year = year(&self.target_year, "target_year", &mut e);
        let target = number(&self.target, "target", &mut e);
        if baseline.is_some() && baseline_year.is_none() && e.first("baseline_year").is_none() {
            e.add("baseline_year", "Enter the year of the baseline");
        }
        if target.is_some() && target_year.is_none() && e.first("target_year").is_none() {
            e.add("target_year", "Enter the year of the target");
        }
        if let (Some(b), Some(t)) = (baseline_year, target_year) {
            if t < b {
                e.add(
                    "target_year",
                    "Enter a target year on or after the baseline year",
                );
            }
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(PlanIndicator {
            id: 0,
            plan,
            code,
            indicator_en,
            indicator_ur,
            measure,
            baseline_year,
            baseline,
            target_year,
            target,
            agency,
        })
    }

    /// The form filled in from an indicator (to edit it).
    pub fn of(p: &PlanIndicator) -> PlanInput {
        let n = |x: Option<f64>| x.map(|v| format!("{v}")).unwrap_or_default();
        let y = |x: Option<i32>| x.map(|v| v.to_string()).unwrap_or_default();
        PlanInput {
            plan: p.plan.clone(),
            code: p.code.clone(),
            indicator_en: p.indicator_en.clone(),
            indicator_ur: p.indicator_ur.clone(),
            measure: p.measure.clone(),
            baseline_year: y(p.baseline_year),
            baseline: n(p.baseline),
            target_year: y(p.target_year),
            target: n(p.target),
            agency: p.agency.clone(),
        }
    }
}

const COLUMNS: &str = "id, plan, code, indicator_en, indicator_ur, measure, baseline_year, \
     baseline, target_year, target, agency";

fn indicator(r: &sqlx::any::AnyRow) -> Result<PlanIndicator> {
    Ok(PlanIndicator {
        id: r.try_get("id")?,
        plan: r.try_get("plan")?,
        code: r.try_get("code")?,
        indicator_en: r.try_get("indicator_en")?,
        indicator_ur: r.try_get("indicator_ur")?,
        measure: r.try_get("measure")?,
        baseline_year: r
            .try_get::<Option<i64>, _>("baseline_year")?
            .map(|y| y as i32),
        baseline: r.try_get("baseline")?,
        target_year: r
            .try_get::<Option<i64>, _>("target_year")?
            .map(|y| y as i32),
        target: r.try_get("target")?,
        agency: r.try_get("agency")?,
    })
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds an indicator's fields, who changed it and when, as `$1`…`$12`.
fn bind_fields<'q>(q: AnyQuery<'q>, p: &'q PlanIndicator, by: i64, now: &'q str) -> AnyQuery<'q> {
    q.bind(&p.plan)
        .bind(&p.code)
        .bind(&p.indicator_en)
        .bind(&p.indicator_ur)
        .bind(&p.measure)
        .bind(p.baseline_year.map(i64::from))
        .bind(p.baseline)
        .bind(p.target_year.map(i64::from))
        .bind(p.target)
        .bind(&p.agency)
        .bind(by)
        .bind(now)
}

/// Orders indicator numbers as people read them: `1.2` before `1.10`.
fn code_order(code: &str) -> Vec<(u64, String)> {
    code.split(['.', '-'])
        .map(|p| (p.trim().parse::<u64>().unwrap_or(u64::MAX), p.to_owned()))
        .collect()
}

impl Scoped<'_> {
    /// Every indicator, by plan and number (anyone who sees statistics).
    pub async fn plan_indicators(&self) -> Result<Vec<PlanIndicator>> {
        self.require(Action::ViewStatistics, "this role has no statistics")?;
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM plan_indicators"))
            .fetch_all(self.store().pool())
            .await?;
        let mut out = rows.iter().map(indicator).collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| (&a.plan, code_order(&a.code)).cmp(&(&b.plan, code_order(&b.code))));
        Ok(out)
    }

    /// One indicator.
    pub async fn plan_indicator(&self, id: i64) -> Result<PlanIndicator> {
        self.require(Action::ViewStatistics, "this role has no statistics")?;
        let r = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM plan_indicators WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.store().pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        indicator(&r)
    }

    /// Adds an indicator (`id` `None`) or changes one; returns its id. National coordinator
    /// only; audited with the indicator's plan and number.
    pub async fn save_plan_indicator(&self, id: Option<i64>, input: &PlanInput) -> Result<i64> {
        self.require(
            Action::ManageStatistics,
            "only the national coordinator keeps the plan's indicators",
        )?;
        let p = input.check().map_err(StoreError::Invalid)?;
        let store = self.store();
        let mut w = store.write().await?;
        let clash: Option<i64> =
            sqlx::query_scalar("SELECT id FROM plan_indicators WHERE plan = $1 AND code = $2")
                .bind(&p.plan)
                .bind(&p.code)
                .fetch_optional(&mut *w.tx)
                .await?;
        if clash.is_some_and(|c| Some(c) != id) {
            return Err(crate::field(
                "code",
                "This plan already has an indicator with this number",
            ));
        }
        let now = ts(store.now());
        let by = self.actor().user_id;
        let created = id.is_none();
        let id = match id {
            Some(id) => {
                let n = bind_fields(
                    sqlx::query(
                        "UPDATE plan_indicators SET plan = $1, code = $2, indicator_en = $3, \
                         indicator_ur = $4, measure = $5, baseline_year = $6, baseline = $7, \
                         target_year = $8, target = $9, agency = $10, updated_by = $11, \
                         updated_at = $12 WHERE id = $13",
                    ),
                    &p,
                    by,
                    &now,
                )
                .bind(id)
                .execute(&mut *w.tx)
                .await?
                .rows_affected();
                if n != 1 {
                    return Err(StoreError::NotFound);
                }
                id
            }
            None => bind_fields(
                sqlx::query(
                    "INSERT INTO plan_indicators (plan, code, indicator_en, indicator_ur, \
                     measure, baseline_year, baseline, target_year, target, agency, \
                     updated_by, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                ),
                &p,
                by,
                &now,
            )
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?,
        };
        self.entry(
            &mut w.tx,
            Entry {
                action: if created {
                    AuditAction::Create
                } else {
                    AuditAction::Update
                },
                entity: "plan_indicator",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "{} {}: measure {}, baseline {:?} ({:?}), target {:?} ({:?})",
                    p.plan, p.code, p.measure, p.baseline, p.baseline_year, p.target, p.target_year
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Takes an indicator out of the matrix (the audit trail keeps what it was).
    pub async fn remove_plan_indicator(&self, id: i64) -> Result<()> {
        self.require(
            Action::ManageStatistics,
            "only the national coordinator keeps the plan's indicators",
        )?;
        let p = self.plan_indicator(id).await?;
        let mut w = self.store().write().await?;
        sqlx::query("DELETE FROM plan_indicators WHERE id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "plan_indicator",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!("removed {} {}: {}", p.plan, p.code, p.indicator_en)),
            },
        )
        .await?;
        w.commit().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PlanInput {
        PlanInput {
            plan: "NAP 2021-25".into(),
            code: "1.1".into(),
            indicator_en: "Victims of trafficking identified".into(),
            measure: "victims-detected".into(),
            baseline_year: "2020".into(),
            baseline: "1,200".into(),
            target_year: "2025".into(),
            target: "2000".into(),
            agency: "FIA".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_indicator_is_accepted() {
        let p = input().check().unwrap();
        assert_eq!(p.baseline, Some(1200.0));
        assert_eq!(p.target_year, Some(2025));
    }

    #[test]
    fn each_field_says_what_is_wrong() {
        let mut i = input();
        i.code = " ".into();
        i.measure = "made-up".into();
        i.baseline = "many".into();
        i.target_year = "2019".into();
        i.agency = String::new();
        let e = i.check().unwrap_err();
        for f in ["code", "measure", "baseline", "target_year", "agency"] {
            assert!(e.first(f).is_some(), "{f}");
        }
        let mut i = input();
        i.baseline_year = String::new();
        assert!(i.check().unwrap_err().first("baseline_year").is_some());
    }

    #[test]
    fn numbers_sort_as_read() {
        let mut v = vec!["1.10", "1.2", "2.1", "1.1"];
        v.sort_by_key(|c| code_order(c));
        assert_eq!(v, ["1.1", "1.2", "1.10", "2.1"]);
    }
}
