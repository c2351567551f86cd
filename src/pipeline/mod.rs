//! The pipeline after cleaning: translate (TM first, then the model, verified and repaired),
//! summarize, and brief (both in parallel), producing a [`crate::doc::translated::TranslatedDocument`].
//!
//! May depend on: `doc`, `engine`, `glossary`, `summarize`, `text`, `tm`, `verify`.

pub mod answer;
pub mod article;
pub mod brief;
pub mod check;
pub mod lazy_engine;
mod model_work;
pub mod prompt;
#[cfg(test)]
pub(crate) mod scripted;
mod seq2seq;
pub mod summarize;
pub mod translate;

/// What can stop a document in the pipeline. Every variant names the segment.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The TM could not be read.
    #[error("segment {segment}: translation memory: {error}")]
    Tm {
        /// The segment id.
        segment: String,
        /// What the TM said (not a `source`: the message already holds it, and a chain
        /// printed whole would say it twice).
        error: crate::tm::TmError,
    },
    /// A segment needs the model and none is loaded.
    #[error("segment {segment}: no translation memory match and no model loaded")]
    NoEngine {
        /// The segment id.
        segment: String,
    },
    /// The model could not be loaded.
    #[error("cannot load model {model}: {message}")]
    EngineLoad {
        /// The model name or path.
        model: String,
        /// Why.
        message: String,
    },
    /// The model failed.
    #[error("segment {segment}: model: {error}")]
    Engine {
        /// The segment id.
        segment: String,
        /// What the engine said (in the message, as for `Tm`).
        error: crate::engine::Error,
    },
}
