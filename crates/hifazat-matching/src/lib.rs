//! Name and identity matching for screening people against watchlists. The same person is
//! written "Muhammad Asif s/o Ghulam Rasool" in one FIR, "Mohd Asif" in another, "محمد آصف" in an
//! Urdu register and with a CNIC typed without dashes at the airport: this crate normalises names
//! (Unicode folding, titles kept as weak tokens, `ul`/`ud` particles, `s/o`/`d/o`/`w/o`/`bin`
//! relations, spelling families, a phonetic key and a consonant skeleton for South Asian names,
//! a rule-based Urdu→Latin transliteration plus an embedded name table) and identifiers (CNIC,
//! passport, phone, partial dates of birth); indexes a watchlist by name and identifier keys so a
//! query only meets its candidates ([`Matcher`], live add/remove, `Send + Sync`; for millions of
//! records, [`KeyIndex`] keeps the keys alone and scores the candidates its caller loads); scores each
//! candidate in 0..1 with an explanation of every part, spellings compared by a weighted edit
//! distance in which romanisation's usual slips cost less than another letter; and screens
//! whole CSV files ([`screen_csv`]), reporting bad rows by line instead of dropping them. It
//! does no I/O of its own beyond the readers and writers it is handed.
//!
//! At the [`DEFAULT_THRESHOLD`] two records that agree on a single name and on nothing else
//! ("Iqra" / "Mst. Iqra") alert, explained as "one name only": nothing tells them apart, so an
//! officer must look. A single name against a longer one ("Nadia" / "Nadia Khan") needs the
//! father's name, the date of birth or a document to agree; any of these that disagrees counts
//! against the match.

#![warn(missing_docs)]

mod batch;
mod edit;
pub mod ident;
mod key_index;
mod matcher;
pub mod names;
mod score;
mod urdu;

use serde::{Deserialize, Serialize};

pub use batch::{
    read_records, screen_csv, spreadsheet_safe, BadRow, Progress, ReadRecords, ScreenError,
    ScreenOptions, ScreenReport, Source, Stage,
};
pub use ident::{
    normalize_passport, normalize_phone, passport_key, Cnic, DateMatch, IdentError, PartialDate,
};
pub use key_index::{Candidates, EntryKeys, KeyIndex, KEYS_VERSION};
pub use matcher::{Alert, IndexError, MatchOptions, Matcher, DEFAULT_THRESHOLD};
pub use score::{compare_names, score_records, token_similarity, Scored, TokenMatch};

/// A person to screen or a watchlist entry. Empty strings and `None` mean unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Identifier of the record (unique within a watchlist).
    pub id: String,
    /// Full name as written, in Latin or Urdu script, possibly with `s/o …`.
    pub full_name: String,
    /// Father's or husband's name, if recorded separately.
    pub father_name: String,
    /// Date of birth, possibly partial.
    pub date_of_birth: Option<PartialDate>,
    /// CNIC.
    pub cnic: Option<Cnic>,
    /// Passport number as written.
    pub passport: Option<String>,
    /// Nationality as written (compared after folding).
    pub nationality: String,
}

/// A record to screen: the same shape as a watchlist entry.
pub type QueryRecord = Record;

impl Record {
    /// The record of a person's identity, named `id`. A date of birth or CNIC that does not
    /// read is left out (they are checked where they come in; the matcher's dates start in
    /// 1800).
    pub fn of(id: impl Into<String>, identity: hifazat_domain::Identity) -> Record {
        let hifazat_domain::Identity {
            full_name,
            father_name,
            date_of_birth,
            cnic,
            passport,
            nationality,
        } = identity;
        Record {
            id: id.into(),
            full_name,
            father_name: father_name.unwrap_or_default(),
            date_of_birth: date_of_birth.and_then(|d| PartialDate::parse(&d).ok()),
            cnic: cnic.and_then(|c| Cnic::parse(&c).ok()),
            passport,
            nationality: nationality.unwrap_or_default(),
        }
    }

    /// A record with an id and a name only.
    pub fn new(id: impl Into<String>, full_name: impl Into<String>) -> Record {
        Record {
            id: id.into(),
            full_name: full_name.into(),
            ..Default::default()
        }
    }

    /// Sets the father's or husband's name.
    pub fn with_father(mut self, father: impl Into<String>) -> Record {
        self.father_name = father.into();
        self
    }

    /// Sets the date of birth.
    pub fn with_dob(mut self, dob: PartialDate) -> Record {
        self.date_of_birth = Some(dob);
        self
    }

    /// Sets the CNIC.
    pub fn with_cnic(mut self, cnic: Cnic) -> Record {
        self.cnic = Some(cnic);
        self
    }

    /// Sets the passport number.
    pub fn with_passport(mut self, passport: impl Into<String>) -> Record {
        self.passport = Some(passport.into());
        self
    }

    /// Sets the nationality.
    pub fn with_nationality(mut self, nationality: impl Into<String>) -> Record {
        self.nationality = nationality.into();
        self
    }
}
