//! Turning a request into prompt tokens with the model's own chat template.

use crate::engine::{Error, Input, Message, Request};
use llama_cpp_2::model::{LlamaChatMessage, LlamaChatTemplate, LlamaModel};
use llama_cpp_2::token::LlamaToken;

/// Formats `request` with `template` (adding the assistant's opening) and tokenizes it.
///
/// Source-text requests are taken as one user message. Template markers in the formatted
/// prompt are parsed as special tokens.
pub(super) fn tokens(
    model: &LlamaModel,
    template: &LlamaChatTemplate,
    request: &Request,
    index: usize,
) -> Result<Vec<LlamaToken>, Error> {
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
    let chat = messages
        .iter()
        .map(|m| LlamaChatMessage::new(m.role.as_str().to_string(), m.content.clone()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::Unsupported {
            index,
            reason: format!("message: {e}"),
        })?;
    let text = model
        .apply_chat_template(template, &chat, true)
        .map_err(|e| Error::Unsupported {
            index,
            reason: format!("chat template: {e}"),
        })?;
    Ok(model.vocab().tokenize(text.as_bytes(), true, true))
}
