//! `vibrief check`: reviewers' glossary compliance for any bilingual file (TSV, XLIFF,
//! vibrief JSON): per-occurrence violations, corpus-level inconsistencies, text and JSON
//! reports.

pub mod input;
pub mod render;
pub mod report;

pub use input::{InputFormat, Segment};
pub use report::{check, Report, Violation, ViolationKind};

use crate::formats::encoding::DecodeError;
use std::path::PathBuf;

/// Why an input file could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The bytes are not UTF-8/UTF-16 text.
    #[error("{}: {source}", path.display())]
    Decode {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        source: DecodeError,
    },
    /// The file is not well-formed for its format.
    #[error("{}:{line}: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What was wrong.
        message: String,
    },
    /// An XLIFF file could not be read.
    #[error(transparent)]
    Xliff(#[from] crate::formats::xliff::Error),
    /// The extension names no format `check` reads.
    #[error("{}: unknown input format (use .tsv, .xlf/.xliff or .json, or --input-format)", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
}
