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
    /// A UTF-16 file (after its byte-order mark) that does not decode.
    #[error("{}: {message}", .path.display())]
    Encoding {
        /// The file read.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A control character (other than tab, CR and LF), or U+FFFE/U+FFFF: not text, and
    /// nothing XML output could hold.
    #[error("{}:{line}:{column}: U+{code:04X} is a control character, not text (is it a binary file?)", .path.display())]
    ControlChar {
        /// The file read.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// The character.
        code: u32,
    },
    /// The file holds nothing but white space (or nothing at all).
    #[error("{}: {}", .path.display(), if *.bytes == 0 { "empty file" } else { "file holds only white space" })]
    Empty {
        /// The file read.
        path: PathBuf,
        /// Its size in bytes.
        bytes: usize,
    },
    /// Cleaning took every line for boilerplate: there is no article to work on.
    #[error("{}: nothing is left after cleaning: every line was taken for boilerplate ({removed})", .path.display())]
    NothingLeft {
        /// The file read.
        path: PathBuf,
        /// What was removed, by reason (`crumb 2, byline 1`).
        removed: String,
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
