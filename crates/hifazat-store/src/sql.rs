//! A small builder for queries with a variable WHERE clause, numbering `$N` placeholders the
//! way both engines accept (sqlx's `QueryBuilder<Any>` writes `?`, which PostgreSQL refuses).

use hifazat_domain::reference::current_province_code;
use hifazat_domain::Jurisdiction;
use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments};

/// A bound parameter.
#[derive(Debug, Clone)]
pub(crate) enum P {
    Text(String),
    Int(i64),
    OptInt(Option<i64>),
    OptText(Option<String>),
}

impl From<&str> for P {
    fn from(s: &str) -> Self {
        P::Text(s.to_owned())
    }
}
impl From<String> for P {
    fn from(s: String) -> Self {
        P::Text(s)
    }
}
impl From<&String> for P {
    fn from(s: &String) -> Self {
        P::Text(s.clone())
    }
}
impl From<Option<String>> for P {
    fn from(s: Option<String>) -> Self {
        P::OptText(s)
    }
}
impl From<Option<&str>> for P {
    fn from(s: Option<&str>) -> Self {
        P::OptText(s.map(str::to_owned))
    }
}
impl From<Option<i64>> for P {
    fn from(i: Option<i64>) -> Self {
        P::OptInt(i)
    }
}
impl From<i64> for P {
    fn from(i: i64) -> Self {
        P::Int(i)
    }
}

/// SQL text plus its parameters.
#[derive(Debug, Default, Clone)]
pub(crate) struct Q {
    pub(crate) sql: String,
    params: Vec<P>,
}

impl Q {
    pub(crate) fn new(sql: &str) -> Self {
        Q {
            sql: sql.to_owned(),
            params: Vec::new(),
        }
    }

    /// A query of `head` (text without placeholders) followed by `tail`'s text and
    /// parameters: one WHERE clause shared by a count and a page.
    pub(crate) fn prefixed(head: &str, tail: &Q) -> Self {
        Q {
            sql: format!("{head}{}", tail.sql),
            params: tail.params.clone(),
        }
    }

    /// Appends SQL text.
    pub(crate) fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Adds a parameter and returns its placeholder.
    pub(crate) fn arg(&mut self, p: impl Into<P>) -> String {
        self.params.push(p.into());
        format!("${}", self.params.len())
    }

    /// Appends `sql` where `{}` is replaced by a placeholder for `p`.
    pub(crate) fn push_arg(&mut self, sql: &str, p: impl Into<P>) -> &mut Self {
        let ph = self.arg(p);
        self.sql.push_str(&sql.replace("{}", &ph));
        self
    }

    /// Appends `col IN ($a, $b, …)`, or a false condition for an empty list.
    pub(crate) fn push_in<T: Into<P> + Clone>(&mut self, col: &str, items: &[T]) -> &mut Self {
        if items.is_empty() {
            self.sql.push_str(" 1 = 0");
            return self;
        }
        let phs: Vec<String> = items.iter().map(|i| self.arg(i.clone())).collect();
        self.sql
            .push_str(&format!(" {col} IN ({})", phs.join(", ")));
        self
    }

    /// Appends the condition that a row of the table aliased `alias` (with `province_code` and
    /// `district_code` columns: cases, victims, agencies) lies in `j`. Every jurisdiction that
    /// the store turns into SQL goes through here.
    pub(crate) fn push_jurisdiction(&mut self, alias: &'static str, j: &Jurisdiction) -> &mut Self {
        match j {
            Jurisdiction::National => self,
            Jurisdiction::Province(p) => self.push_province(alias, p),
            Jurisdiction::District(d) => {
                self.push_arg(&format!(" AND {alias}.district_code = {{}}"), d)
            }
        }
    }

    /// Appends ` AND alias.province_code = p`, with `p` read as it stands today: `PK-TA` (the
    /// former tribal areas) is Khyber Pakhtunkhwa, whose rows carry `PK-KP` (the reference data
    /// gives the tribal districts `PK-KP`, and migration 0006 rewrote older rows).
    pub(crate) fn push_province(&mut self, alias: &'static str, p: &str) -> &mut Self {
        let p = current_province_code(p);
        self.push_arg(&format!(" AND {alias}.province_code = {{}}"), p)
    }

    #[allow(clippy::expect_used)] // Text and integers always encode for Any.
    pub(crate) fn args<'q>(&self) -> AnyArguments<'q> {
        let mut a = AnyArguments::default();
        for p in &self.params {
            match p {
                P::Text(s) => a.add(s.clone()).expect("text binds"),
                P::Int(i) => a.add(*i).expect("integer binds"),
                P::OptInt(i) => a.add(*i).expect("integer or null binds"),
                P::OptText(s) => a.add(s.clone()).expect("text or null binds"),
            }
        }
        a
    }

    pub(crate) fn query(&self) -> sqlx::query::Query<'_, Any, AnyArguments<'_>> {
        sqlx::query_with(&self.sql, self.args())
    }
}

/// Parameters per statement in [`insert_many`], under both engines' limits (SQLite 32,766,
/// PostgreSQL 65,535).
const MAX_PARAMS: usize = 30_000;

/// Inserts `rows` (each one value per column of `head`, e.g. `INSERT INTO t (a, b)`) with as
/// few multi-row statements as the parameter limit allows, inside `tx`; `returning` (e.g.
/// `RETURNING id, uid`) gives back the rows it names, in no promised order. The bulk import's
/// way of writing thousands of rows without a round trip each.
pub(crate) async fn insert_many(
    tx: &mut crate::tx::Tx,
    head: &str,
    rows: Vec<Vec<P>>,
    returning: &str,
) -> crate::Result<Vec<sqlx::any::AnyRow>> {
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(Vec::new());
    };
    let per_statement = (MAX_PARAMS / width.max(1)).max(1);
    // SQLite looks a `$N` parameter's name up by walking a list, once per parameter, so a
    // statement of N named parameters costs N²: anonymous `?` (each value used once here)
    // costs nothing. PostgreSQL needs `$N`.
    let positional = tx.backend_name().eq_ignore_ascii_case("sqlite");
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut q = Q::new(head);
        q.push(" VALUES ");
        for (i, row) in rows.by_ref().take(per_statement).enumerate() {
            debug_assert_eq!(row.len(), width, "every row has a value per column");
            let phs: Vec<String> = row
                .into_iter()
                .map(|p| {
                    let ph = q.arg(p);
                    if positional {
                        "?".to_owned()
                    } else {
                        ph
                    }
                })
                .collect();
            if i > 0 {
                q.push(", ");
            }
            q.push("(").push(&phs.join(", ")).push(")");
        }
        if returning.is_empty() {
            q.query().execute(&mut **tx).await?;
        } else {
            q.push(" ").push(returning);
            out.extend(q.query().fetch_all(&mut **tx).await?);
        }
    }
    Ok(out)
}
