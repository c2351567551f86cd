//! Reading a text file for any reader: bytes from disk, decoded (BOM-aware), with one error
//! type that names the file and, for syntax errors, the line.

use super::encoding::{decode, DecodeError};
use std::path::{Path, PathBuf};

/// Why a file could not be read as text of its format.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
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
    /// The text is not well-formed for its format.
    #[error("{}:{line}: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What was wrong.
        message: String,
    },
}

impl ReadError {
    /// A syntax error in `path` at `line`.
    pub fn syntax(path: &Path, line: usize, message: impl Into<String>) -> Self {
        ReadError::Syntax {
            path: path.to_owned(),
            line,
            message: message.into(),
        }
    }
}

/// Reads and decodes `path` (UTF-8 with or without BOM, UTF-16 with BOM).
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let (text, _) = decode(&bytes).map_err(|source| ReadError::Decode {
        path: path.to_owned(),
        source,
    })?;
    Ok(text)
}
