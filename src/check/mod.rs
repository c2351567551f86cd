//! `vibrief check`: reviewers' glossary compliance for any bilingual file (TSV, XLIFF, TMX,
//! vibrief JSON): per-occurrence violations, corpus-level inconsistencies, text and JSON
//! reports.
//!
//! May depend on: `doc`, `formats`, `glossary`, `text`.

pub mod input;
pub mod render;
pub mod report;

pub use input::{Input, InputFormat, Segment};
pub use report::{check, Report, Violation, ViolationKind};

use crate::formats::file::ReadError;
use crate::formats::tmx::TmxError;
use std::path::PathBuf;

/// Why an input file could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read, or is not well-formed for its format.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// A TMX file that cannot be read (its error names the file and line).
    #[error(transparent)]
    Tmx(#[from] TmxError),
    /// The extension names no format `check` reads.
    #[error("{}: unknown input format (use .tsv, .xlf/.xliff, .tmx or .json, or --input-format)", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
}
