//! vibrief turns Vietnamese news articles into English briefs.
//!
//! One pipeline, one direction: ingest → segment → glossary → TM → engine → verify → formats.
//! Every stage keeps byte offsets into the original text ([`doc::Span`]) and reports what it
//! removes, so nothing is lost on the way.

pub mod cli;
pub mod doc;
pub mod engine;
pub mod models;
pub mod text;
