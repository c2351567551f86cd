//! Errors of the translation memory.

use std::path::PathBuf;

/// What went wrong with a TM file or a TM operation.
#[derive(Debug, thiserror::Error)]
pub enum TmError {
    /// SQLite refused an operation on the TM file. (Not a `source`: its message is already
    /// in this one, and a chain would print it two or three times over.)
    #[error("{path}: {error}")]
    Db {
        /// The TM file.
        path: PathBuf,
        /// SQLite's error.
        error: rusqlite::Error,
    },
    /// The TM file was written by a newer vibrief.
    #[error("{path}: schema version {found} is newer than this vibrief understands ({supported})")]
    TooNew {
        /// The TM file.
        path: PathBuf,
        /// The schema version in the file.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A write to a TM opened for reading only ([`super::Tm::open_read_only`]).
    #[error("{path}: opened for reading only")]
    ReadOnly {
        /// The TM file.
        path: PathBuf,
    },
    /// A file could not be read or written.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        error: std::io::Error,
    },
    /// A TMX file could not be read or written.
    #[error(transparent)]
    Tmx(#[from] crate::formats::tmx::TmxError),
    /// A unit that cannot be stored (empty source, unknown language...).
    #[error("unit {what}: {message}")]
    BadUnit {
        /// Which unit (source text, or TMX line).
        what: String,
        /// What is wrong.
        message: String,
    },
    /// A stored unit whose metadata cannot be decoded.
    #[error("{path}: unit {id}: damaged metadata: {message}")]
    Corrupt {
        /// The TM file.
        path: PathBuf,
        /// The unit id.
        id: i64,
        /// The decoder's message.
        message: String,
    },
}

/// Adds the TM path to rusqlite errors.
pub(crate) trait DbContext<T> {
    fn db(self, path: &std::path::Path) -> Result<T, TmError>;
}

impl<T> DbContext<T> for Result<T, rusqlite::Error> {
    fn db(self, path: &std::path::Path) -> Result<T, TmError> {
        self.map_err(|error| TmError::Db {
            path: path.to_path_buf(),
            error,
        })
    }
}
