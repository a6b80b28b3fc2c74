//! Decoding rows: codes stored as text back into their types, and plain data as JSON text.

use crate::{Result, StoreError};

/// Codes, strings and flags as JSON text for a TEXT column.
#[allow(clippy::expect_used)] // Plain data only: no maps keyed by non-strings, no custom impls.
pub(crate) fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}

/// A code read from the database, parsed; an unknown code is a configuration error.
pub(crate) fn parse<T: std::str::FromStr>(s: String) -> Result<T> {
    s.parse()
        .map_err(|_| StoreError::Config(format!("unknown code '{s}' in the database")))
}
