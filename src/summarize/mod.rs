//! Summaries of Vietnamese articles, after translation in the pipeline: the extractive mode
//! ranks the source sentences and picks the best few, whose enforced translations make the
//! summary.
//!
//! May depend on: `text`.

pub mod extractive;
