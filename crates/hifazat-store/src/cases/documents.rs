//! Evidence and documents attached to a case or a person in it: sealed at rest like identities,
//! checked by their bytes, every download audited, a victim's documents only for users with a
//! need to know (those who may see victims' identities), and only through the case's own scope
//! (so they go with the case when it is transferred).

use crate::audit::{AuditAction, Entry};
use crate::field;
use crate::sealed;
use crate::{ts, Result, Scoped, StoreError};
use base64::{engine::general_purpose::STANDARD, Engine as _};
use hifazat_domain::documents::{DocumentKind, NewDocument};
use hifazat_domain::Action;
use serde::Serialize;
use sqlx::Row;

/// A document as listed on its case (without the file).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Document {
    /// Id.
    pub id: i64,
    /// What it is.
    pub kind: DocumentKind,
    /// Its title (shown only to those who may open it).
    pub title: Option<String>,
    /// Its own date.
    pub document_date: Option<String>,
    /// The person in the case it concerns, if any (`case_persons` id).
    pub case_person_id: Option<i64>,
    /// That person is a victim: only users who may see victims' identities open it.
    pub victims: bool,
    /// `application/pdf`, `image/jpeg` or `image/png`.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the file, to check a copy.
    pub sha256: String,
    /// Who added it.
    pub added_by: Option<String>,
    /// When (UTC timestamp).
    pub added_at: String,
}

/// A file to hand out, with what the response needs.
pub struct DocumentFile {
    /// The document's listing.
    pub document: Document,
    /// The file.
    pub bytes: Vec<u8>,
    /// The case's reference (for the file's name).
    pub reference: String,
}

const COLUMNS: &str = "d.id, d.kind, d.title, d.document_date, d.case_person_id, d.content_type, d.size_bytes, d.sha256, \
    d.added_at, u.username AS added_by, CASE WHEN cp.role = 'victim' THEN 1 ELSE 0 END AS victims \
    FROM case_documents d LEFT JOIN users u ON u.id = d.added_by LEFT JOIN case_persons cp ON cp.id = d.case_person_id";

impl Scoped<'_> {
    fn document_from(&self, r: &sqlx::any::AnyRow) -> Result<Document> {
        let id: i64 = r.try_get("id")?;
        let victims = r.try_get::<i64, _>("victims")? == 1;
        // A victim's document's title may name them: shown only to those who may open it.
        let title = if victims && !self.actor().may(Action::ViewVictimIdentity) {
            None
        } else {
            sealed::open(
                self.store().vault(),
                "case_documents",
                "title",
                id,
                r.try_get::<Option<String>, _>("title")?.as_deref(),
            )?
        };
        Ok(Document {
            id,
            kind: crate::rows::parse(r.try_get("kind")?)?,
            title,
            document_date: r.try_get("document_date")?,
            case_person_id: r.try_get("case_person_id")?,
            victims,
            content_type: r.try_get("content_type")?,
            size_bytes: r.try_get("size_bytes")?,
            sha256: r.try_get("sha256")?,
            added_by: r.try_get("added_by")?,
            added_at: r.try_get("added_at")?,
        })
    }

    /// Attaches a document to a case in the actor's jurisdiction (whoever edits cases): checked
    /// by its bytes (PDF, JPEG, PNG, at most 10 MB), sealed, audited. Returns its id.
    pub async fn add_document(&self, case_id: i64, d: NewDocument) -> Result<i64> {
        self.require(Action::EditCases, "this role cannot change cases")?;
        let (d, content_type) = d.validate(self.store().today())?;
        let now = self.store().now();
        let mut w = self.store().write().await?;
        self.case_for_update(&mut w.tx, case_id).await?;
        if let Some(p) = d.case_person_id {
            let found = sqlx::query("SELECT id FROM case_persons WHERE id = $1 AND case_id = $2")
                .bind(p)
                .bind(case_id)
                .fetch_optional(&mut *w.tx)
                .await?;
            if found.is_none() {
                return Err(field("case_person_id", "Choose a person of this case"));
            }
        }
        let sha = hifazat_vault::sha256_hex(&d.bytes);
        let id: i64 = sqlx::query(
            "INSERT INTO case_documents (case_id, case_person_id, kind, document_date, content_type, size_bytes, sha256, added_by, added_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(case_id)
        .bind(d.case_person_id)
        .bind(d.kind.code())
        .bind(d.document_date.map(|x| x.to_string()))
        .bind(content_type)
        .bind(d.bytes.len() as i64)
        .bind(sha.clone())
        .bind(self.actor().user_id)
        .bind(ts(now))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        let content = STANDARD.encode(&d.bytes);
        sealed::seal_into(
            self.store(),
            &mut w.tx,
            "case_documents",
            id,
            &[("title", d.title.as_deref()), ("content", Some(&content))],
        )
        .await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "document",
                entity_id: Some(id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!(
                    "{} ({} bytes, sha256 {sha})",
                    d.kind.code(),
                    d.bytes.len()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// A case's documents (listing only), oldest first, for a case the actor reads in their
    /// own scope.
    pub(crate) async fn documents_of(&self, case_id: i64) -> Result<Vec<Document>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} WHERE d.case_id = $1 ORDER BY d.added_at, d.id"
        ))
        .bind(case_id)
        .fetch_all(self.store().pool())
        .await?
        .iter()
        .map(|r| self.document_from(r))
        .collect()
    }

    /// Opens a document for download: the case must be in the actor's own scope; a victim's
    /// document needs the right to see victims' identities. The download is audited before the
    /// file is returned.
    pub async fn document(&self, case_id: i64, id: i64) -> Result<DocumentFile> {
        self.require(Action::ViewCases, "this role sees aggregates only")?;
        let mut w = self.store().write().await?;
        self.case_for_update(&mut w.tx, case_id).await?;
        let reference: String = sqlx::query("SELECT reference FROM cases WHERE id = $1")
            .bind(case_id)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("reference")?;
        let r = sqlx::query(&format!(
            "SELECT {COLUMNS} WHERE d.id = $1 AND d.case_id = $2"
        ))
        .bind(id)
        .bind(case_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let document = self.document_from(&r)?;
        if document.victims && !self.actor().may(Action::ViewVictimIdentity) {
            return Err(StoreError::Forbidden(
                "a victim's documents are only for those who may see victims' identities",
            ));
        }
        let stored: Option<String> =
            sqlx::query("SELECT content FROM case_documents WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *w.tx)
                .await?
                .try_get("content")?;
        let text = sealed::open(
            self.store().vault(),
            "case_documents",
            "content",
            id,
            stored.as_deref(),
        )?
        .ok_or_else(|| StoreError::Config(format!("document {id} has no content")))?;
        let bytes = STANDARD
            .decode(text)
            .map_err(|e| StoreError::Config(format!("document {id}: {e}")))?;
        self.entry(
            &mut w.tx,
            Entry {
                action: if document.victims {
                    AuditAction::ViewIdentity
                } else {
                    AuditAction::View
                },
                entity: "document",
                entity_id: Some(id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!("downloaded {}", document.kind.code())),
            },
        )
        .await?;
        w.commit().await?;
        Ok(DocumentFile {
            document,
            bytes,
            reference,
        })
    }
}
