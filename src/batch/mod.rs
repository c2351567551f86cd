//! Batch runs over a corpus: input discovery, atomic outputs, a result cache keyed on everything
//! that shapes a result, and the report.
//!
//! May depend on: `doc`, `formats`, `glossary`, `outfile`, `pipeline`, `progress`, `text`.

pub mod cache;
pub mod inputs;
pub mod report;
pub mod run;
