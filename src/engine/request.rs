//! What the pipeline asks an engine for: chat messages or source text, with constraints as data.

use serde::{Deserialize, Serialize};

/// Who says a chat message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Instructions that frame the whole conversation.
    System,
    /// The person asking.
    User,
    /// The model's earlier answers (few-shot turns).
    Assistant,
}

impl Role {
    /// The role's name as chat templates spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }
}

/// One chat turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Who says it.
    pub role: Role,
    /// What is said.
    pub content: String,
}

impl Message {
    /// A system message.
    pub fn system(content: impl Into<String>) -> Self {
        Message {
            role: Role::System,
            content: content.into(),
        }
    }

    /// A user message.
    pub fn user(content: impl Into<String>) -> Self {
        Message {
            role: Role::User,
            content: content.into(),
        }
    }

    /// An assistant message.
    pub fn assistant(content: impl Into<String>) -> Self {
        Message {
            role: Role::Assistant,
            content: content.into(),
        }
    }
}

/// The text an engine works on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Input {
    /// A chat for instruction-tuned models: the caller wrote the prompt.
    Chat(Vec<Message>),
    /// Source text for seq2seq models (translation or summary of this text).
    Source(String),
}

/// Which kind of [`Input`] an engine takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// Chat messages; [`Input::Source`] is taken as one user message.
    Chat,
    /// Source text only; the engine cannot follow instructions.
    Source,
}

/// A required target-language rendering of a source term (from the glossary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// The term as it appears in the source.
    pub source: String,
    /// The rendering the output must contain.
    pub target: String,
}

/// A reference translation of similar text (from the translation memory).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    /// Source text of the reference.
    pub source: String,
    /// Its approved translation.
    pub target: String,
}

/// One unit of work for [`Engine::generate`](super::Engine::generate).
///
/// Required terms and reference examples travel as data: an engine that builds no prompt of its
/// own (llama: the caller already put them in the chat; seq2seq: the model cannot take them)
/// leaves them to the caller's check afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The text to work on.
    pub input: Input,
    /// How many leading chat messages are the shared prefix: the article's context that every
    /// request of one article starts with, word for word. Engines compute it once and reuse it
    /// (llama keeps its KV cache while the article is in flight; an HTTP engine sends it first,
    /// so server-side prefix caching applies, and keeps requests with one prefix on one slot).
    /// `0`: nothing is shared.
    #[serde(default)]
    pub shared: usize,
    /// Terms the output must render as given.
    #[serde(default)]
    pub terms: Vec<Term>,
    /// Reference translations of similar text.
    #[serde(default)]
    pub examples: Vec<Example>,
}

impl Request {
    /// A chat request.
    ///
    /// ```
    /// use vibrief::engine::{Message, Request};
    /// let r = Request::chat(vec![Message::system("Translate to English."), Message::user("Xin chào")]);
    /// assert_eq!(r.terms.len(), 0);
    /// ```
    pub fn chat(messages: Vec<Message>) -> Self {
        Request {
            input: Input::Chat(messages),
            shared: 0,
            terms: Vec::new(),
            examples: Vec::new(),
        }
    }

    /// A source-text request.
    pub fn source(text: impl Into<String>) -> Self {
        Request {
            input: Input::Source(text.into()),
            shared: 0,
            terms: Vec::new(),
            examples: Vec::new(),
        }
    }

    /// The same request with its first `messages` chat messages marked as the shared prefix
    /// (clamped to the chat's length; ignored for source text).
    ///
    /// ```
    /// use vibrief::engine::{Message, Request};
    /// let article = vec![Message::system("Translator."), Message::user("The article…")];
    /// let mut chat = article.clone();
    /// chat.push(Message::user("Translate [p1.s1]."));
    /// let r = Request::chat(chat).with_shared_prefix(article.len());
    /// assert_eq!(r.prefix(), &article[..]);
    /// assert_eq!(r.suffix(), &[Message::user("Translate [p1.s1].")]);
    /// ```
    pub fn with_shared_prefix(mut self, messages: usize) -> Self {
        self.shared = match &self.input {
            Input::Chat(m) => messages.min(m.len()),
            Input::Source(_) => 0,
        };
        self
    }

    /// The shared prefix's messages (empty for source text or when nothing is shared).
    pub fn prefix(&self) -> &[Message] {
        match &self.input {
            Input::Chat(m) => &m[..self.shared.min(m.len())],
            Input::Source(_) => &[],
        }
    }

    /// The messages after the shared prefix.
    pub fn suffix(&self) -> &[Message] {
        match &self.input {
            Input::Chat(m) => &m[self.shared.min(m.len())..],
            Input::Source(_) => &[],
        }
    }

    /// The same request with required terms.
    pub fn with_terms(mut self, terms: Vec<Term>) -> Self {
        self.terms = terms;
        self
    }

    /// The same request with reference examples.
    pub fn with_examples(mut self, examples: Vec<Example>) -> Self {
        self.examples = examples;
        self
    }
}
