//! Errors reading an article: each names the file, and the byte offset when there is one.

use std::path::PathBuf;

/// Why an input could not be read as an article.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The path does not exist.
    #[error("{}: no such file", .path.display())]
    Missing {
        /// The file asked for.
        path: PathBuf,
    },
    /// The path is a directory.
    #[error("{}: is a directory, expected a file", .path.display())]
    Directory {
        /// The directory given.
        path: PathBuf,
    },
    /// The bytes are not UTF-8.
    #[error("{}: invalid UTF-8 at byte {offset}", .path.display())]
    InvalidUtf8 {
        /// The file read.
        path: PathBuf,
        /// Offset of the first invalid byte in the file.
        offset: usize,
    },
    /// The file holds nothing but white space (or nothing at all).
    #[error("{}: {}", .path.display(), if *.bytes == 0 { "empty file" } else { "file holds only white space" })]
    Empty {
        /// The file read.
        path: PathBuf,
        /// Its size in bytes.
        bytes: usize,
    },
    /// Any other I/O failure.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file read.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}
