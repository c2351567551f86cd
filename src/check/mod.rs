//! `vibrief check`: reviewers' glossary compliance for any bilingual file (TSV, XLIFF,
//! vibrief JSON): per-occurrence violations, corpus-level inconsistencies, text and JSON
//! reports.

pub mod input;
pub mod render;
pub mod report;

pub use input::{InputFormat, Segment};
pub use report::{check, Report, Violation, ViolationKind};

use crate::formats::file::ReadError;
use std::path::PathBuf;

/// Why an input file could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read, or is not well-formed for its format.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The extension names no format `check` reads.
    #[error("{}: unknown input format (use .tsv, .xlf/.xliff or .json, or --input-format)", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
}
