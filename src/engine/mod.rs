//! Model engines: the stage after glossary and TM that turns prompts into candidate text.
//!
//! One trait, [`Engine`], with a batch call; backends sit behind Cargo features: `llama` (GGUF
//! chat models through llama.cpp, the default) and `bert` (Hugging Face seq2seq models through
//! rust-bert), plus `remote` (any OpenAI-compatible server over HTTP, always built). Engines know nothing of glossaries or translation memories: required terms and
//! reference examples arrive as data in each [`Request`], and the caller checks the output.
//! Load an engine once with [`open`] and share the `Arc` between worker threads.
//!
//! May depend on: `models`, `outfile`.

mod candidate;
mod error;
mod identity;
mod open;
mod options;
mod request;

pub mod remote;

#[cfg(feature = "bert")]
pub mod bert;
#[cfg(feature = "llama")]
pub mod llama;

pub use candidate::{origin, Candidate, Finish, Timings};
pub use error::Error;
pub use identity::identity;
pub use open::{open, physical_cores, resolve, OpenOptions, Source};
pub use options::{GenOptions, GenParams};
pub use request::{Example, Input, InputKind, Message, Request, Role, Term};

/// What an engine tells about its loaded model.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineInfo {
    /// The model's name, used in candidate origins (`mt:<model_id>`).
    pub model_id: String,
    /// Most tokens one request may hold (prompt and output for llama; input for seq2seq).
    pub context_length: usize,
    /// Which kind of input the engine takes.
    pub input_kind: InputKind,
    /// What a source-text model was made for; `None` for a chat model, which does what it is
    /// asked (translation and summary alike).
    pub task: Option<Task>,
    /// Requests the engine works on side by side (llama: its sequences; HTTP: its concurrency).
    /// Callers keep this many requests in flight to use it fully; more only wait in its queue.
    pub parallel: usize,
    /// The settings used where a call's [`GenOptions`] override nothing.
    pub defaults: GenParams,
}

/// What a source-text (seq2seq) model does with its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Vietnamese to English translation.
    Translation,
    /// A summary of the (English) input.
    Summary,
}

/// A loaded model that generates text for batches of requests.
///
/// Implementations are `Send + Sync`: one loaded model serves all worker threads, and calls
/// from several threads queue for the model.
pub trait Engine: Send + Sync {
    /// Facts about the loaded model.
    fn info(&self) -> &EngineInfo;

    /// The model's name, used in candidate origins (`mt:<model_id>`).
    fn model_id(&self) -> &str {
        &self.info().model_id
    }

    /// Most tokens one request may hold.
    fn context_length(&self) -> usize {
        self.info().context_length
    }

    /// Which kind of input the engine takes.
    fn input_kind(&self) -> InputKind {
        self.info().input_kind
    }

    /// The settings used where a call's [`GenOptions`] override nothing.
    fn defaults(&self) -> &GenParams {
        &self.info().defaults
    }

    /// What identifies this model's answers, for result caches: the model id, and for a model
    /// served over HTTP what the server reports about it (so another model behind the same
    /// name or URL does not serve stale results).
    fn fingerprint(&self) -> String {
        self.model_id().to_string()
    }

    /// Generates one candidate per request, in request order.
    ///
    /// Fails as a whole, naming the request, when a request does not fit or is of a kind the
    /// engine does not take; nothing is dropped silently.
    fn generate(&self, requests: &[Request], options: &GenOptions)
        -> Result<Vec<Candidate>, Error>;
}
