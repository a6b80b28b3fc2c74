//! Routes (issue 13, item 5): the journeys the records tell, read for
//! [`hifazat_stats::routes::aggregate`]: each cross-border case (origin district, transit
//! points, exit point, destinations) in the reader's case scope, and each returnee's
//! debriefing that opened no case (a case's own route counts once) in the reader's returnee
//! scope, its route read as the case it would open reads it ([`CaseSuggestion`]).

use crate::rows::parse;
use crate::scoped::push_scope;
use crate::screening::returnees::push_returnee_scope;
use crate::sql::Q;
use crate::statistics::editions::end_of_day_pk;
use crate::{Result, Scoped, StoreError};
use chrono::NaiveDate;
use hifazat_domain::returnees::{CaseSuggestion, NewDebriefing, RouteLeg};
use hifazat_domain::{Action, Jurisdiction};
use hifazat_stats::routes::{period_before, RouteRecord, RouteSource};
use sqlx::Row;
use std::collections::HashMap;

fn date(s: &str) -> Option<NaiveDate> {
    s.get(..10).and_then(|d| d.parse().ok())
}

impl Scoped<'_> {
    /// The journeys reported or told from the day the period before `from..=to` starts to
    /// `to`, inside `scope` (the reader's jurisdiction or a part of it), as the records stood at
    /// the end of `as_of` (a Gazette is drawn as of a day) or now. Cases only for readers of
    /// cases, debriefings only for those who work with returnees.
    pub async fn route_records(
        &self,
        scope: &Jurisdiction,
        from: NaiveDate,
        to: NaiveDate,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<RouteRecord>> {
        let a = self.actor();
        if !a.may(Action::ViewCases) && !a.may(Action::Returnees) {
            return Err(StoreError::Forbidden("this role does not see routes"));
        }
        if !a.jurisdiction.contains(scope) {
            return Err(StoreError::Forbidden(
                "these routes lie outside your jurisdiction",
            ));
        }
        let (start, _) = period_before(from, to);
        let until = (to + chrono::Days::new(1)).to_string();
        let created_before = as_of.map(end_of_day_pk);
        let pool = self.store().pool();
        let mut out = Vec::new();
        if a.may(Action::ViewCases) {
            let filters = |q: &mut Q| {
                push_scope(q, a);
                q.push_jurisdiction("c", scope);
                q.push_arg(" AND c.reported_on >= {}", start.to_string());
                q.push_arg(" AND c.reported_on < {}", until.clone());
                if let Some(t) = &created_before {
                    q.push_arg(" AND c.created_at < {}", t.clone());
                }
            };
            let mut q = Q::new(
                "SELECT c.id, c.reported_on, c.origin_district, c.exit_point, c.transit_points FROM cases c WHERE 1 = 1",
            );
            filters(&mut q);
            let mut d = Q::new(
                "SELECT cd.case_id, cd.country FROM case_destinations cd JOIN cases c ON c.id = cd.case_id WHERE 1 = 1",
            );
            filters(&mut d);
            let mut dest: HashMap<i64, Vec<String>> = HashMap::new();
            for r in d.query().fetch_all(pool).await? {
                dest.entry(r.try_get("case_id")?)
                    .or_default()
                    .push(r.try_get("country")?);
            }
            for r in q.query().fetch_all(pool).await? {
                let id: i64 = r.try_get("id")?;
                let destinations = dest.remove(&id).unwrap_or_default();
                let exit: Option<String> = r.try_get("exit_point")?;
                if exit.is_none() && destinations.is_empty() {
                    continue;
                }
                let Some(on) = date(&r.try_get::<String, _>("reported_on")?) else {
                    continue;
                };
                out.push(RouteRecord {
                    source: RouteSource::Case,
                    on,
                    origin: r.try_get("origin_district")?,
                    transit: serde_json::from_str(&r.try_get::<String, _>("transit_points")?)
                        .unwrap_or_default(),
                    exit,
                    destinations,
                });
            }
        }
        if a.may(Action::Returnees) {
            let filters = |q: &mut Q| {
                push_returnee_scope(q, &a.jurisdiction);
                push_returnee_scope(q, scope);
                q.push(" AND d.case_id IS NULL");
                q.push_arg(" AND d.interviewed_on >= {}", start.to_string());
                q.push_arg(" AND d.interviewed_on < {}", until.clone());
                if let Some(t) = &created_before {
                    q.push_arg(" AND d.created_at < {}", t.clone());
                }
            };
            let mut q = Q::new(
                "SELECT d.id, d.interviewed_on, r.reference, r.reason, r.country, r.home_district, r.district_code \
                 FROM debriefings d JOIN returnees r ON r.id = d.returnee_id WHERE 1 = 1",
            );
            filters(&mut q);
            let mut l = Q::new(
                "SELECT g.debriefing_id, g.from_place, g.to_place, g.country, g.transport FROM route_legs g \
                 JOIN debriefings d ON d.id = g.debriefing_id JOIN returnees r ON r.id = d.returnee_id WHERE 1 = 1",
            );
            filters(&mut l);
            l.push(" ORDER BY g.debriefing_id, g.seq");
            let mut legs: HashMap<i64, Vec<RouteLeg>> = HashMap::new();
            for g in l.query().fetch_all(pool).await? {
                legs.entry(g.try_get("debriefing_id")?)
                    .or_default()
                    .push(RouteLeg {
                        from_place: g.try_get("from_place")?,
                        to_place: g.try_get("to_place")?,
                        country: g.try_get("country")?,
                        transport: parse(g.try_get("transport")?)?,
                    });
            }
            for r in q.query().fetch_all(pool).await? {
                let id: i64 = r.try_get("id")?;
                let Some(on) = date(&r.try_get::<String, _>("interviewed_on")?) else {
                    continue;
                };
                let d = NewDebriefing {
                    interviewed_on: Some(on),
                    agent_id: None,
                    agent_name: None,
                    sub_agents: Vec::new(),
                    amount_paid_pkr: None,
                    legs: legs.remove(&id).unwrap_or_default(),
                    documents_used: Vec::new(),
                    exploitation: Vec::new(),
                    account: None,
                };
                let reference: String = r.try_get("reference")?;
                let country: String = r.try_get("country")?;
                let home: Option<String> = r.try_get("home_district")?;
                let arrival: String = r.try_get("district_code")?;
                let c = CaseSuggestion {
                    reference: &reference,
                    reason: parse(r.try_get("reason")?)?,
                    country: &country,
                    district: home.as_deref().unwrap_or(&arrival),
                    home_district: home.as_deref(),
                    debriefing: &d,
                }
                .case();
                out.push(RouteRecord {
                    source: RouteSource::Debriefing,
                    on,
                    origin: c.origin_district,
                    transit: c.transit_points,
                    exit: c.exit_point,
                    destinations: c.destination_countries,
                });
            }
        }
        Ok(out)
    }
}
