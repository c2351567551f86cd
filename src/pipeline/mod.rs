//! The pipeline after cleaning: translate (TM first, then the model, verified and repaired),
//! summarize, and brief (both in parallel), producing a [`outcome::TranslatedDocument`].

pub mod outcome;
pub mod prompt;
