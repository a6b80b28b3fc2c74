//! Statistics for Hifazat: the indicators the sources ask for, computed from records (never
//! typed in), laid out as tables with written definitions, and protected so that no count
//! below the threshold can be read or derived from anything else in the same release.
//!
//! The crate does no database I/O: the store hands it de-identified rows (a person's key, sex,
//! age, district, the kinds of case; never a name) and it counts, protects and writes them.

pub mod export;
pub mod htcds;
pub mod indicators;
pub mod map;
pub mod published;
pub mod release;
pub mod reports;
pub mod routes;
