//! Errors of the glossary stage, each naming the file and, where there is one, the line.

use super::model::Origin;
use super::pattern::PatternError;
use crate::formats::file::ReadError;
use std::path::PathBuf;

/// What went wrong loading or compiling a glossary.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read, or is not well-formed for its format.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The file has no terms in the requested language pair.
    #[error("{}: {message}", path.display())]
    Language {
        /// The file.
        path: PathBuf,
        /// What was looked for and what the file has.
        message: String,
    },
    /// The file's extension names no format we read.
    #[error("{}: unknown glossary format (use .tsv, .tab, .txt, .csv or .tbx)", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// An entry's source or target pattern is malformed.
    #[error("{origin}: {source}")]
    Pattern {
        /// Where the entry came from.
        origin: Origin,
        /// What was wrong.
        source: PatternError,
    },
    /// An entry's source is far longer than any term.
    #[error("{origin}: the source has {chars} characters, more than the {max} a term may have", max = super::model::MAX_TERM_CHARS)]
    TooLong {
        /// Where the entry came from.
        origin: Origin,
        /// Its length.
        chars: usize,
    },
    /// Building the matcher failed (too many or too long terms).
    #[error("building the term matcher: {0}")]
    Matcher(#[from] aho_corasick::BuildError),
}
