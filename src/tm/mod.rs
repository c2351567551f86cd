//! The translation memory: a durable SQLite store of translation units that the pipeline
//! consults before calling a model, with CAT-grade matching (context 101, exact 100, case 99,
//! number transfer, OmegaT-style fuzzy), TMX import and export, and concordance search.
//!
//! Open with [`Tm::open`] (or [`Tm::open_read_only`] to only read), look up with [`Tm::lookup`], learn with [`Tm::add_batch`].
//!
//! May depend on: `doc`, `formats`, `text`.

mod concordance;
mod error;
mod exchange;
pub mod hash;
pub mod index;
pub mod matcher;
mod open;
mod schema;
mod store;
pub mod time;
pub mod tokens;
mod unit;

pub use concordance::{Hit, SearchQuery, Side, Stats};
pub use error::TmError;
pub use exchange::{ImportOptions, ImportReport, UnitFilter};
pub use index::Budget;
pub use matcher::{MatchKind, MatchOptions, Penalties, Query, TmMatch};
pub use store::{AddOutcome, Duplicates, Tm, Writer};
pub use unit::{Context, Origin, SideMeta, Status, Unit, UnitMeta};
