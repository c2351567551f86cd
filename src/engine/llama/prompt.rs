//! Turning a request into prompt tokens with the model's own chat template.

use crate::engine::{Error, Input, Message, Request};
use llama_cpp_2::model::{LlamaChatMessage, LlamaChatTemplate, LlamaModel};
use llama_cpp_2::token::LlamaToken;

/// A request's prompt tokens, split into its shared prefix and the rest.
pub(super) struct Prompt {
    /// The shared prefix's tokens (empty when the request shares nothing).
    pub prefix: Vec<LlamaToken>,
    /// The rest of the prompt, ending with the assistant's opening.
    pub suffix: Vec<LlamaToken>,
}

impl Prompt {
    /// Tokens in all.
    pub fn len(&self) -> usize {
        self.prefix.len() + self.suffix.len()
    }
}

/// Formats `request` with `template` (adding the assistant's opening) and tokenizes it, the
/// shared prefix ([`Request::prefix`]) apart from the rest.
///
/// The prefix is the template applied to the prefix messages alone, so its tokens are the same
/// for every request of one article. Source-text requests are taken as one user message.
/// Template markers in the formatted prompt are parsed as special tokens.
pub(super) fn tokens(
    model: &LlamaModel,
    template: &LlamaChatTemplate,
    request: &Request,
    index: usize,
) -> Result<Prompt, Error> {
    let single;
    let messages: &[Message] = match &request.input {
        Input::Chat(m) => m,
        Input::Source(text) => {
            single = [Message::user(text.clone())];
            &single
        }
    };
    if messages.is_empty() {
        return Err(Error::Unsupported {
            index,
            reason: "chat has no messages".to_string(),
        });
    }
    let full = format(model, template, messages, true, index)?;
    let prefix = request.prefix();
    if !prefix.is_empty() && prefix.len() < messages.len() {
        let head = format(model, template, prefix, false, index)?;
        if let Some(rest) = full.strip_prefix(head.as_str()) {
            let vocab = model.vocab();
            return Ok(Prompt {
                prefix: vocab.tokenize(head.as_bytes(), true, true),
                suffix: vocab.tokenize(rest.as_bytes(), false, true),
            });
        }
    }
    Ok(Prompt {
        prefix: Vec::new(),
        suffix: model.vocab().tokenize(full.as_bytes(), true, true),
    })
}

/// The chat template applied to `messages`.
fn format(
    model: &LlamaModel,
    template: &LlamaChatTemplate,
    messages: &[Message],
    open_answer: bool,
    index: usize,
) -> Result<String, Error> {
    let chat = messages
        .iter()
        .map(|m| LlamaChatMessage::new(m.role.as_str().to_string(), m.content.clone()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::Unsupported {
            index,
            reason: format!("message: {e}"),
        })?;
    model
        .apply_chat_template(template, &chat, open_answer)
        .map_err(|e| Error::Unsupported {
            index,
            reason: format!("chat template: {e}"),
        })
}
