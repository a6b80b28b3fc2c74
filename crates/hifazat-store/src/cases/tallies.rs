//! Counting cases: from the tallies that triggers keep in step with the cases table (migration
//! 0026: `case_counts` by district, kind and stage; `case_months` by district, kind, open or not
//! and month reported) when the question is one they can answer, else from the cases.
//!
//! Both sources answer the same SQL: rows aliased `c` with `district_code`, `province_code` and
//! `kind` (and `stage` from [`Source::stages`]), so the scope and filters that narrow a case
//! list ([`crate::scoped::push_scope`], [`crate::cases::push_filters`]) narrow the tallies too.

use crate::cases::models::CaseFilter;
use hifazat_domain::{Actor, Stage};

/// Where a count of cases comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// The tallies kept by the triggers: a few thousand rows whatever the number of cases.
    Tallies,
    /// The cases themselves, for filters the tallies do not hold.
    Cases,
}

impl Source {
    /// For counts by place, kind and stage: the tallies hold no officer, activity date, FIR or
    /// text, so filters on those count the cases.
    pub(crate) fn stages(f: &CaseFilter) -> Self {
        let text = f.q.as_deref().is_some_and(|q| !q.trim().is_empty());
        if f.mine == Some(true) || f.quiet_days.is_some() || f.without_fir == Some(true) || text {
            Source::Cases
        } else {
            Source::Tallies
        }
    }

    /// For counts by month reported: `case_months` holds open or not but no stage, so a stage
    /// filter, or an actor who sees only some stages (a prosecutor), counts the cases.
    pub(crate) fn months(f: &CaseFilter, actor: &Actor) -> Self {
        if f.stage.is_some() || f.open.is_some() || actor.case_stages().is_some() {
            Source::Cases
        } else {
            Self::stages(f)
        }
    }

    /// `FROM … WHERE 1 = 1` for counts with a `c.stage` column.
    pub(crate) fn stages_from(self) -> &'static str {
        match self {
            Source::Tallies => " FROM case_counts c WHERE 1 = 1",
            Source::Cases => " FROM cases c WHERE 1 = 1",
        }
    }

    /// `FROM … WHERE 1 = 1` for counts by [`Source::month`] and [`Source::open`].
    pub(crate) fn months_from(self) -> &'static str {
        match self {
            Source::Tallies => " FROM case_months c WHERE 1 = 1",
            Source::Cases => " FROM cases c WHERE 1 = 1",
        }
    }

    /// The count of the rows selected.
    pub(crate) fn n(self) -> &'static str {
        match self {
            // SUM of a BIGINT is NUMERIC on PostgreSQL.
            Source::Tallies => "CAST(COALESCE(SUM(c.n), 0) AS BIGINT)",
            Source::Cases => "COUNT(*)",
        }
    }

    /// The month a case was reported, `YYYY-MM`.
    pub(crate) fn month(self) -> &'static str {
        match self {
            Source::Tallies => "c.month",
            Source::Cases => "SUBSTR(c.reported_on, 1, 7)",
        }
    }
}

/// `NOT IN (…)` of the stages that are not open, written out (stage codes are fixed ASCII
/// words), the same test the tallies' triggers and the partial index on open cases make.
pub(crate) fn open_stages() -> String {
    let closed: Vec<String> = Stage::ALL
        .iter()
        .filter(|s| !s.is_open())
        .map(|s| format!("'{}'", s.code()))
        .collect();
    format!("NOT IN ({})", closed.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_answer_place_kind_and_stage_only() {
        assert_eq!(Source::stages(&CaseFilter::default()), Source::Tallies);
        let f = CaseFilter {
            district: Some("PK-PB-LHR".into()),
            stage: Some(Stage::Inquiry),
            open: Some(true),
            ..Default::default()
        };
        assert_eq!(Source::stages(&f), Source::Tallies);
        for f in [
            CaseFilter {
                mine: Some(true),
                ..Default::default()
            },
            CaseFilter {
                quiet_days: Some(30),
                ..Default::default()
            },
            CaseFilter {
                without_fir: Some(true),
                ..Default::default()
            },
            CaseFilter {
                q: Some("LHR".into()),
                ..Default::default()
            },
        ] {
            assert_eq!(Source::stages(&f), Source::Cases, "{f:?}");
        }
        // Blank text is no filter.
        let blank = CaseFilter {
            q: Some("  ".into()),
            ..Default::default()
        };
        assert_eq!(Source::stages(&blank), Source::Tallies);
    }

    #[test]
    fn open_stages_leave_out_decided_and_closed() {
        let sql = open_stages();
        for s in Stage::ALL {
            assert_eq!(sql.contains(&format!("'{}'", s.code())), !s.is_open());
        }
    }
}
