//! vibrief turns Vietnamese news articles into English briefs.
//!
//! One pipeline, one direction: ingest → segment → glossary → TM → engine → verify → formats.
//! Every stage keeps byte offsets into the original text ([`doc::Span`]) and reports what it
//! removes, so nothing is lost on the way.

pub mod batch;
pub mod check;
pub mod cli;
pub mod doc;
pub mod engine;
pub mod formats;
pub mod glossary;
pub mod ingest;
pub mod models;
pub mod outfile;
pub mod pipeline;
pub mod progress;
pub mod segment;
pub mod summarize;
pub mod text;
pub mod tm;
pub mod verify;
