//! Errors of the engine stage: loading a model and generating with it.

use std::path::PathBuf;

/// What went wrong in an engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A model file or directory entry is missing.
    #[error("{path}: not found{hint}")]
    Missing {
        /// The path looked for.
        path: PathBuf,
        /// What to do about it (starts with a separator, or is empty).
        hint: String,
    },
    /// A model file exists but could not be loaded.
    #[error("{path}: cannot load model: {reason}")]
    Load {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A model id names no known model, file or directory.
    #[error("{model:?}: {reason}")]
    Unknown {
        /// What the caller asked for.
        model: String,
        /// Why it cannot be used and what to do.
        reason: String,
    },
    /// A request does not fit the model's context.
    #[error("request {index}: prompt of {tokens} tokens leaves no room in a context of {limit}")]
    TooLong {
        /// Position of the request in the batch.
        index: usize,
        /// Prompt tokens.
        tokens: usize,
        /// The engine's context length.
        limit: usize,
    },
    /// A request is of a kind the engine does not take.
    #[error("request {index}: {reason}")]
    Unsupported {
        /// Position of the request in the batch.
        index: usize,
        /// What was wrong.
        reason: String,
    },
    /// The backend failed while generating.
    #[error("generation failed: {0}")]
    Generate(String),
    /// The model server failed or refused (remote engine). Boxed: its messages carry the
    /// server, path and the server's own words, and every pipeline `Result` carries this type.
    #[error(transparent)]
    Remote(Box<super::remote::Error>),
    /// The model cache could not be read.
    #[error(transparent)]
    Models(#[from] crate::models::Error),
}

impl From<super::remote::Error> for Error {
    fn from(e: super::remote::Error) -> Self {
        Error::Remote(Box::new(e))
    }
}
