//! Evidence and documents attached to a case or to a person in it: their kinds, and the check
//! of what a file really is (by its first bytes, not by the name or the type the browser sent).

use crate::code_list;
use crate::validation::{clean, FieldErrors};
use chrono::NaiveDate;

code_list! {
    /// What a document is.
    DocumentKind {
        FirCopy = "fir_copy": "Copy of the FIR",
        Statement = "statement": "Statement",
        MedicalReport = "medical_report": "Medical report",
        Photograph = "photograph": "Photograph",
        TravelDocument = "travel_document": "Passport, visa or ticket",
        CourtOrder = "court_order": "Court order",
        Other = "other": "Other",
    }
}

/// The largest file accepted, in bytes (10 MB: a scanned statement or a phone photograph).
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// The content type a file's first bytes show, among those accepted (PDF, JPEG, PNG).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n']) {
        Some("image/png")
    } else {
        None
    }
}

/// A document as submitted.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// What it is.
    pub kind: DocumentKind,
    /// A short title (sealed: it may name a person).
    pub title: Option<String>,
    /// The document's own date, when known.
    pub document_date: Option<NaiveDate>,
    /// The person in the case it concerns (`case_persons` id), if any.
    pub case_person_id: Option<i64>,
    /// The file.
    pub bytes: Vec<u8>,
}

impl NewDocument {
    /// Checks size, type and date; returns the checked document and its content type.
    pub fn validate(
        mut self,
        today: NaiveDate,
    ) -> Result<(NewDocument, &'static str), FieldErrors> {
        let mut e = FieldErrors::new();
        self.title = clean(self.title.as_deref());
        if self.title.as_ref().is_some_and(|t| t.chars().count() > 200) {
            e.add("title", "Keep the title under 200 characters");
        }
        let kind = if self.bytes.is_empty() {
            e.add("file", "Choose the file to attach");
            None
        } else if self.bytes.len() > MAX_DOCUMENT_BYTES {
            e.add(
                "file",
                "The file is larger than 10 MB: scan it at a lower resolution",
            );
            None
        } else {
            let k = sniff(&self.bytes);
            if k.is_none() {
                e.add("file", "Attach a PDF, JPEG or PNG file");
            }
            k
        };
        if self.document_date.is_some_and(|d| d > today) {
            e.add("document_date", "The document's date is in the future");
        }
        // `kind` is `None` only with a message in `e`.
        let Some(kind) = kind else {
            return Err(e);
        };
        e.into_result(())?;
        Ok((self, kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(bytes: &[u8]) -> NewDocument {
        NewDocument {
            kind: DocumentKind::Statement,
            title: Some(" Statement ".into()),
            document_date: None,
            case_person_id: None,
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn a_file_is_what_its_bytes_say() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let (d, t) = doc(b"%PDF-1.7 ...").validate(today).unwrap();
        assert_eq!(
            (t, d.title.as_deref()),
            ("application/pdf", Some("Statement"))
        );
        assert_eq!(
            doc(&[0xFF, 0xD8, 0xFF, 0xE0]).validate(today).unwrap().1,
            "image/jpeg"
        );
        let e = doc(b"MZ\x90\x00 a program").validate(today).unwrap_err();
        assert_eq!(e.first("file"), Some("Attach a PDF, JPEG or PNG file"));
        assert!(doc(b"")
            .validate(today)
            .unwrap_err()
            .first("file")
            .is_some());
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_DOCUMENT_BYTES + 1, 0);
        assert!(doc(&big)
            .validate(today)
            .unwrap_err()
            .first("file")
            .unwrap()
            .contains("10 MB"));
    }
}
