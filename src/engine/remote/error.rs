//! Errors of the remote engine: each names the server and says what to do. An API key never
//! appears in them, only the name of the variable it came from.

/// What went wrong talking to a model server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The API key variable is unset or empty.
    #[error("--api-key-env {name}: the variable is not set (or empty)")]
    KeyMissing {
        /// The variable's name.
        name: String,
    },
    /// The endpoint is not an http(s) URL.
    #[error("{endpoint}: not an http:// or https:// URL")]
    BadEndpoint {
        /// What was given.
        endpoint: String,
    },
    /// The server could not be reached (or was lost) and retries did not help.
    #[error("{endpoint}: {path}: cannot reach the server after {attempts} attempts over {seconds:.1} s: {reason}")]
    Unreachable {
        /// The server.
        endpoint: String,
        /// The API path asked.
        path: String,
        /// Attempts made.
        attempts: u32,
        /// Time spent, waits included.
        seconds: f64,
        /// The last connection error.
        reason: String,
    },
    /// The server kept answering 429 or 5xx until the retry bound.
    #[error("{endpoint}: {path}: HTTP {status} after {attempts} attempts over {seconds:.1} s: {message}")]
    Overloaded {
        /// The server.
        endpoint: String,
        /// The API path asked.
        path: String,
        /// The last status.
        status: u16,
        /// Attempts made.
        attempts: u32,
        /// Time spent, waits included.
        seconds: f64,
        /// The server's last message.
        message: String,
    },
    /// `/health` did not report ready in time (the model is still loading, or never will).
    #[error("{endpoint}: not ready after {seconds} s ({state}); raise --load-timeout if the model is still loading")]
    NotReady {
        /// The server.
        endpoint: String,
        /// The wait's bound.
        seconds: u64,
        /// What `/health` last said.
        state: String,
    },
    /// HTTP 401 or 403: the key is missing or wrong. Never retried.
    #[error(
        "{endpoint}: {path}: HTTP {status}: the server refused the API key ({hint}): {message}"
    )]
    Unauthorized {
        /// The server.
        endpoint: String,
        /// The API path asked.
        path: String,
        /// 401 or 403.
        status: u16,
        /// Which key was sent: `key from $NAME`, or `no key sent; pass --api-key-env NAME`.
        hint: String,
        /// The server's message.
        message: String,
    },
    /// The model asked for is not among those the server serves.
    #[error("{endpoint}: model {model:?} is not served here; /v1/models lists: {served}")]
    UnknownModel {
        /// The server.
        endpoint: String,
        /// What was asked for.
        model: String,
        /// What the server serves, comma-separated.
        served: String,
    },
    /// HTTP 404: no such model or API path. Never retried.
    #[error("{endpoint}: {path}: HTTP 404: {message} (is the model name right, and is this an OpenAI-compatible server?)")]
    NotFound {
        /// The server.
        endpoint: String,
        /// The API path asked.
        path: String,
        /// The server's message.
        message: String,
    },
    /// HTTP 400 or another client error: the server rejected the request. Never retried.
    #[error("{endpoint}: {path}: request {index}: HTTP {status}: {message}")]
    Rejected {
        /// The server.
        endpoint: String,
        /// The API path asked.
        path: String,
        /// Position of the request in the batch.
        index: usize,
        /// The status.
        status: u16,
        /// The server's message.
        message: String,
    },
    /// No answer within the read timeout. Not retried: the work may still be running there.
    #[error("{endpoint}: {path}: no answer within {seconds:.0} s (raise --read-timeout)")]
    Timeout {
        /// The server.
        endpoint: String,
        /// The API path asked.
        path: String,
        /// The read timeout.
        seconds: f64,
    },
    /// A 2xx answer that is not what the API promises.
    #[error("{endpoint}: {path}: unexpected answer: {reason}")]
    Protocol {
        /// The server.
        endpoint: String,
        /// The API path asked.
        path: String,
        /// What was wrong.
        reason: String,
    },
}
