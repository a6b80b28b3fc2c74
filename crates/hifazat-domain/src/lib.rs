//! Hifazat's domain: the words of Pakistan's anti-trafficking and anti-smuggling response as
//! types, and the rules that hold whatever the storage or the interface.
//!
//! Everything here is pure: no database, no network, no clock except where a caller passes
//! "today". Code lists (districts, offences, forms of exploitation, countries) are shipped as
//! CSV files under `data/` and compiled in. Case stages and their allowed transitions, the legal
//! elements that distinguish trafficking from smuggling, the validation of persons (CNIC,
//! passport, dates of birth), the victim code, and who may do what within which jurisdiction
//! all live here, so that the web layer and the store apply the same rules.

pub mod access;
pub mod agents;
pub mod case;
pub mod codes;
pub mod csv_import;
pub mod documents;
pub mod identifiers;
pub mod intake;
pub mod interceptions;
pub mod person;
pub mod protection;
pub mod reference;
pub mod returnees;
pub mod screening;
pub mod stats;
pub mod trial;
pub mod validation;
pub mod witnesses;

pub use access::{Action, Actor, Jurisdiction, UserRole};
pub use case::{CaseKind, NewCase, Stage, TransitionRequest};
pub use person::{AccusedStatus, Identity, NewPerson, PersonRole, Sex};
pub use validation::FieldErrors;
