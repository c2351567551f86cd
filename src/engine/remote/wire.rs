//! The OpenAI chat-completions wire format, and llama-server's additions to it.

use crate::engine::{Finish, GenParams, Message, Timings};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// One `POST /v1/chat/completions` body. Every sampling field is sent, so the answer does not
/// depend on a server's own defaults.
#[derive(Debug, Serialize)]
pub(super) struct ChatRequest<'a> {
    pub model: &'a str,
    /// The shared prefix first, then the request's own messages.
    pub messages: Vec<&'a Message>,
    pub temperature: f32,
    pub top_p: f32,
    pub seed: u64,
    pub max_tokens: usize,
    pub stop: &'a [String],
    pub n: u32,
    pub stream: bool,
    /// llama-server: reuse the slot's KV cache for the common prefix (sent to llama-server only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_prompt: Option<bool>,
    /// llama-server: the slot to run on, so an article's requests meet its cached prefix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_slot: Option<usize>,
}

impl<'a> ChatRequest<'a> {
    /// A request for `messages` with `params`; `seed` is the request's own seed.
    pub fn new(
        model: &'a str,
        messages: Vec<&'a Message>,
        params: &'a GenParams,
        seed: u64,
    ) -> Self {
        ChatRequest {
            model,
            messages,
            temperature: params.temperature,
            top_p: 1.0,
            seed,
            max_tokens: params.max_tokens,
            stop: &params.stop,
            n: 1,
            stream: false,
            cache_prompt: None,
            id_slot: None,
        }
    }
}

/// The answer to a chat request (fields a server leaves out read as absent or zero).
#[derive(Debug, Deserialize)]
pub(super) struct ChatResponse {
    #[serde(default)]
    pub choices: Vec<Choice>,
    #[serde(default)]
    pub usage: Option<Usage>,
    /// llama-server's own counters and times.
    #[serde(default)]
    pub timings: Option<ServerTimings>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Choice {
    #[serde(default)]
    pub message: Option<ChoiceMessage>,
    #[serde(default)]
    pub finish_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ChoiceMessage {
    #[serde(default)]
    pub content: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Usage {
    #[serde(default)]
    pub prompt_tokens: usize,
    #[serde(default)]
    pub completion_tokens: usize,
    #[serde(default)]
    pub prompt_tokens_details: Option<PromptDetails>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct PromptDetails {
    #[serde(default)]
    pub cached_tokens: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ServerTimings {
    #[serde(default)]
    pub cache_n: Option<usize>,
    #[serde(default)]
    pub prompt_n: Option<usize>,
    #[serde(default)]
    pub predicted_n: Option<usize>,
    #[serde(default)]
    pub prompt_ms: Option<f64>,
    #[serde(default)]
    pub predicted_ms: Option<f64>,
}

/// What one answer yields: text, the server's counters, why it ended and its times.
#[derive(Debug, PartialEq)]
pub(super) struct Answer {
    pub text: String,
    pub prompt_tokens: usize,
    pub cached_tokens: usize,
    pub generated_tokens: usize,
    pub finish: Finish,
    pub timings: Timings,
}

impl ChatResponse {
    /// The first choice with the counters the server reported (never estimated: absent is 0).
    pub fn answer(self) -> Result<Answer, String> {
        let choice = self
            .choices
            .into_iter()
            .next()
            .ok_or("the answer has no choices")?;
        let text = choice.message.and_then(|m| m.content).unwrap_or_default();
        let finish = match choice.finish_reason.as_deref() {
            Some("length") => Finish::Length,
            _ => Finish::End,
        };
        let usage = self.usage.unwrap_or_default();
        let t = self.timings.unwrap_or_default();
        let cached = usage
            .prompt_tokens_details
            .and_then(|d| d.cached_tokens)
            .or(t.cache_n)
            .unwrap_or(0);
        // llama-server's usage counts all prompt tokens; its timings split them into reused
        // (cache_n) and computed (prompt_n).
        let prompt_tokens = match (usage.prompt_tokens, t.prompt_n, t.cache_n) {
            (0, Some(n), c) => n + c.unwrap_or(0),
            (p, _, _) => p,
        };
        let generated_tokens = match usage.completion_tokens {
            0 => t.predicted_n.unwrap_or(0),
            n => n,
        };
        let ms = |v: Option<f64>| Duration::from_secs_f64(v.unwrap_or(0.0).max(0.0) / 1000.0);
        Ok(Answer {
            text,
            prompt_tokens,
            cached_tokens: cached,
            generated_tokens,
            finish,
            timings: Timings {
                prompt: ms(t.prompt_ms),
                generation: ms(t.predicted_ms),
            },
        })
    }
}

/// The message of an error body: OpenAI's `{"error": {"message"}}`, vLLM's `{"message"}`, or
/// the body itself (cut short).
pub(super) fn error_message(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or(serde_json::Value::Null);
    let m = v
        .pointer("/error/message")
        .or_else(|| v.get("message"))
        .or_else(|| v.get("error").filter(|e| e.is_string()))
        .and_then(|m| m.as_str());
    match m {
        Some(m) => m.to_string(),
        None => body
            .chars()
            .take(300)
            .collect::<String>()
            .trim()
            .to_string(),
    }
}

/// llama-server's "the prompt does not fit" error: `(prompt tokens, context size)`.
pub(super) fn context_exceeded(body: &str) -> Option<(usize, usize)> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let e = v.get("error")?;
    let n = |k: &str| e.get(k).and_then(|x| x.as_u64()).map(|x| x as usize);
    match (n("n_prompt_tokens"), n("n_ctx")) {
        (Some(p), Some(c)) => Some((p, c)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_llama_server_counters() {
        let body = r#"{"choices":[{"finish_reason":"length","index":0,"message":{"role":"assistant","content":"Hello"}}],
            "usage":{"completion_tokens":5,"prompt_tokens":120,"total_tokens":125,"prompt_tokens_details":{"cached_tokens":100}},
            "timings":{"cache_n":100,"prompt_n":20,"prompt_ms":40.0,"predicted_n":5,"predicted_ms":250.0}}"#;
        let a = serde_json::from_str::<ChatResponse>(body)
            .unwrap()
            .answer()
            .unwrap();
        assert_eq!(
            (
                a.text.as_str(),
                a.prompt_tokens,
                a.cached_tokens,
                a.generated_tokens,
                a.finish
            ),
            ("Hello", 120, 100, 5, Finish::Length)
        );
        assert_eq!(a.timings.generation, Duration::from_millis(250));
    }

    #[test]
    fn absent_counters_are_zero_not_invented() {
        let body = r#"{"choices":[{"finish_reason":"stop","message":{"content":"Hi"}}]}"#;
        let a = serde_json::from_str::<ChatResponse>(body)
            .unwrap()
            .answer()
            .unwrap();
        assert_eq!(
            (a.prompt_tokens, a.cached_tokens, a.generated_tokens),
            (0, 0, 0)
        );
        assert_eq!((a.finish, a.timings), (Finish::End, Timings::default()));
    }

    #[test]
    fn error_messages_of_several_servers() {
        assert_eq!(
            error_message(r#"{"error":{"message":"Invalid API Key","code":401}}"#),
            "Invalid API Key"
        );
        assert_eq!(
            error_message(r#"{"object":"error","message":"model x does not exist"}"#),
            "model x does not exist"
        );
        assert_eq!(error_message("Bad Gateway"), "Bad Gateway");
        let ctx = r#"{"error":{"code":400,"type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096,"message":"too long"}}"#;
        assert_eq!(context_exceeded(ctx), Some((5000, 4096)));
    }
}
