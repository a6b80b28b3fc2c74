//! Figures published by others (UNODC's GLOTIP export and the like), imported beside ours.
//! Reading the file is `hifazat_stats::published`'s work; here the figures kept are written in
//! one transaction (a later import of the same source replaces the figures it repeats), the
//! import is recorded with how many rows were kept and refused, and the figures are read back
//! for the comparison with national ones.

use crate::audit::{AuditAction, Entry};
use crate::sql::Q;
use crate::{ts, Result, Scoped};
use hifazat_domain::Action;
use hifazat_stats::published::{Figure, Read};
use serde::Serialize;
use sqlx::Row;

/// One import, as listed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublishedImport {
    /// Internal id.
    pub id: i64,
    /// The source, e.g. `UNODC GLOTIP`.
    pub source: String,
    /// The file's name as uploaded.
    pub filename: String,
    /// When (UTC timestamp).
    pub imported_at: String,
    /// Who.
    pub imported_by: String,
    /// Rows kept.
    pub kept: i64,
    /// Rows refused.
    pub rejected: i64,
}

/// Rows per INSERT (16 parameters each, well under either engine's limit).
const CHUNK: usize = 50;

impl Scoped<'_> {
    /// Writes the figures of a read file under `source` (the national coordinator only); returns
    /// the import's id. Nothing is written when the file gave no figure.
    pub async fn import_published(&self, source: &str, filename: &str, read: &Read) -> Result<i64> {
        self.require(
            Action::ManageStatistics,
            "only the national coordinator imports published figures",
        )?;
        let source = source.trim();
        if source.is_empty() || source.chars().count() > 60 {
            return Err(crate::field(
                "source",
                "Enter the source, for example UNODC GLOTIP",
            ));
        }
        if read.figures.is_empty() {
            return Err(crate::field(
                "file",
                "No row of the file could be kept: see the rows refused",
            ));
        }
        let store = self.store();
        let mut w = store.write().await?;
        let import_id: i64 = sqlx::query(
            "INSERT INTO published_imports (source, filename, imported_by, imported_at, kept, rejected) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(source)
        .bind(filename.chars().take(200).collect::<String>())
        .bind(self.actor().user_id)
        .bind(ts(store.now()))
        .bind(read.figures.len() as i64)
        .bind(read.rejected.len() as i64)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        for chunk in read.figures.chunks(CHUNK) {
            let mut q = Q::new(
                "INSERT INTO published_figures (import_id, source, iso3, country, region, \
                 subregion, indicator, dimension, category, sex, age, unit, year, value, number, note) VALUES ",
            );
            for (i, f) in chunk.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                let ph: Vec<String> = vec![
                    q.arg(import_id),
                    q.arg(source),
                    q.arg(&f.iso3),
                    q.arg(&f.country),
                    q.arg(&f.region),
                    q.arg(&f.subregion),
                    q.arg(&f.indicator),
                    q.arg(&f.dimension),
                    q.arg(&f.category),
                    q.arg(&f.sex),
                    q.arg(&f.age),
                    q.arg(&f.unit),
                    q.arg(i64::from(f.year)),
                    q.arg(&f.value),
                    q.arg(f.number),
                    q.arg(&f.source),
                ];
                q.push(&format!("({})", ph.join(", ")));
            }
            q.push(
                " ON CONFLICT (source, iso3, country, indicator, dimension, category, sex, age, unit, year) \
                 DO UPDATE SET import_id = excluded.import_id, region = excluded.region, \
                 subregion = excluded.subregion, value = excluded.value, number = excluded.number, \
                 note = excluded.note",
            );
            q.query().execute(&mut *w.tx).await?;
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Import,
                entity: "published_figures",
                entity_id: Some(import_id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "{source}: {filename}; {} rows kept, {} refused",
                    read.figures.len(),
                    read.rejected.len()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(import_id)
    }

    /// The imports, newest first.
    pub async fn published_imports(&self) -> Result<Vec<PublishedImport>> {
        self.require(Action::ViewStatistics, "this role has no statistics")?;
        let rows = sqlx::query(
            "SELECT i.id, i.source, i.filename, i.imported_at, u.username, i.kept, i.rejected \
             FROM published_imports i LEFT JOIN users u ON u.id = i.imported_by ORDER BY i.id DESC",
        )
        .fetch_all(self.store().pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PublishedImport {
                    id: r.try_get("id")?,
                    source: r.try_get("source")?,
                    filename: r.try_get("filename")?,
                    imported_at: r.try_get("imported_at")?,
                    imported_by: r
                        .try_get::<Option<String>, _>("username")?
                        .unwrap_or_default(),
                    kept: r.try_get("kept")?,
                    rejected: r.try_get("rejected")?,
                })
            })
            .collect()
    }

    /// The years with published figures, newest first.
    pub async fn published_years(&self) -> Result<Vec<i32>> {
        self.require(Action::ViewStatistics, "this role has no statistics")?;
        let rows = sqlx::query("SELECT DISTINCT year FROM published_figures ORDER BY year DESC")
            .fetch_all(self.store().pool())
            .await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<i64, _>("year")? as i32))
            .collect()
    }

    /// The totals (every sex, age, form) published for `year` for the countries of the
    /// subregion of `iso3` (and `iso3` itself), by country and indicator.
    pub async fn published_totals(&self, year: i32, iso3: &str) -> Result<Vec<Figure>> {
        self.require(Action::ViewStatistics, "this role has no statistics")?;
        let mut q = Q::new(
            "SELECT iso3, country, region, subregion, indicator, dimension, category, sex, age, \
             unit, year, value, number, note FROM published_figures WHERE dimension = 'Total' \
             AND category = 'Total' AND sex = 'Total' AND age = 'Total'",
        );
        q.push_arg(" AND year = {}", i64::from(year));
        let own = q.arg(iso3);
        let own2 = q.arg(iso3);
        q.push(&format!(
            " AND (iso3 = {own} OR subregion IN (SELECT subregion FROM published_figures WHERE iso3 = {own2} AND subregion <> ''))"
        ));
        q.push(" ORDER BY country, indicator");
        let rows = q.query().fetch_all(self.store().pool()).await?;
        rows.iter()
            .map(|r| {
                Ok(Figure {
                    iso3: r.try_get("iso3")?,
                    country: r.try_get("country")?,
                    region: r.try_get("region")?,
                    subregion: r.try_get("subregion")?,
                    indicator: r.try_get("indicator")?,
                    dimension: r.try_get("dimension")?,
                    category: r.try_get("category")?,
                    sex: r.try_get("sex")?,
                    age: r.try_get("age")?,
                    unit: r.try_get("unit")?,
                    year: r.try_get::<i64, _>("year")? as i32,
                    value: r.try_get("value")?,
                    number: r.try_get("number")?,
                    source: r.try_get("note")?,
                })
            })
            .collect()
    }
}
