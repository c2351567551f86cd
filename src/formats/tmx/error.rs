//! Errors and warnings of the TMX reader and writer.

use std::path::PathBuf;

/// A TMX file that cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum TmxError {
    /// The file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The XML is not well formed (or uses an entity we refuse to expand).
    #[error("{path}:{line}: malformed XML: {message}")]
    Xml {
        /// The file.
        path: PathBuf,
        /// 1-based line where the parser stopped.
        line: u64,
        /// The parser's message.
        message: String,
    },
    /// Something that cannot be written as TMX (a character XML 1.0 forbids).
    #[error("{path}: {message}")]
    Unwritable {
        /// The file being written.
        path: PathBuf,
        /// What cannot be written.
        message: String,
    },
    /// Well-formed XML that is not TMX, or TMX too broken to go on with.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line of the offending element.
        line: u64,
        /// What is wrong.
        message: String,
    },
}

/// Something wrong with one unit (or the header) that did not stop the reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line of the element concerned.
    pub line: u64,
    /// 1-based index of the `<tu>` in the file, `None` for the header.
    pub tu: Option<u64>,
    /// What is wrong and what the reader did about it.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.tu {
            Some(tu) => write!(f, "line {}: tu #{tu}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}
