//! What an engine returns for each request.

use serde::Serialize;
use std::time::Duration;

/// Why generation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Finish {
    /// The model ended its answer.
    End,
    /// A stop string was reached (and cut off).
    Stop,
    /// The token limit or the context was reached: the text may be incomplete.
    Length,
}

/// Wall-clock times of one request.
///
/// Requests of one batch share decode steps, so these are the times of the steps the request
/// took part in, not CPU time of its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Timings {
    /// From admission to the first generated token (prompt processing).
    pub prompt: Duration,
    /// From the first generated token to the end.
    pub generation: Duration,
}

/// One generated answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The generated text, stop string removed.
    pub text: String,
    /// Where it came from, for translation-memory records: `mt:<model_id>`.
    pub origin: String,
    /// Tokens in the prompt (or the source text).
    pub prompt_tokens: usize,
    /// Prompt tokens whose cache was reused from a shared prefix instead of computed.
    pub cached_tokens: usize,
    /// Tokens generated.
    pub generated_tokens: usize,
    /// Why generation ended.
    pub finish: Finish,
    /// How long it took.
    pub timings: Timings,
}

/// The origin string of a model's candidates: `mt:<model_id>`.
pub fn origin(model_id: &str) -> String {
    format!("mt:{model_id}")
}
