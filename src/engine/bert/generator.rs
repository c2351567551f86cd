//! rust-bert's generators, one per supported architecture, behind one enum.

use super::files::ModelFiles;
use crate::engine::{Error, Task};
use rust_bert::bart::BartGenerator;
use rust_bert::longt5::LongT5Generator;
use rust_bert::m2m_100::M2M100Generator;
use rust_bert::marian::MarianGenerator;
use rust_bert::mbart::MBartGenerator;
use rust_bert::pegasus::PegasusConditionalGenerator;
use rust_bert::pipelines::common::{ModelResource, ModelType, TokenizerOption};
use rust_bert::pipelines::generation_utils::GenerateConfig;
use rust_bert::resources::LocalResource;
use rust_bert::t5::T5Generator;
use std::path::Path;

/// A loaded rust-bert generator.
pub(super) enum Generator {
    Marian(MarianGenerator),
    M2M100(M2M100Generator),
    MBart(MBartGenerator),
    Bart(BartGenerator),
    T5(T5Generator),
    Pegasus(PegasusConditionalGenerator),
    LongT5(LongT5Generator),
}

/// Runs `$body` with `$g` bound to the inner generator of whichever variant `$gen` is.
macro_rules! with_generator {
    ($gen:expr, $g:ident => $body:expr) => {
        match $gen {
            Generator::Marian($g) => $body,
            Generator::M2M100($g) => $body,
            Generator::MBart($g) => $body,
            Generator::Bart($g) => $body,
            Generator::T5($g) => $body,
            Generator::Pegasus($g) => $body,
            Generator::LongT5($g) => $body,
        }
    };
}
pub(super) use with_generator;

/// The rust-bert model type and task for a `config.json` `model_type`.
pub(super) fn kind_of(model_type: &str, multilingual: bool) -> Option<(ModelType, Task)> {
    Some(match model_type {
        "marian" => (ModelType::Marian, Task::Translation),
        "m2m_100" | "nllb" if multilingual => (ModelType::M2M100, Task::Translation),
        "mbart" if multilingual => (ModelType::MBart, Task::Translation),
        "bart" => (ModelType::Bart, Task::Summary),
        "t5" | "mt5" => (ModelType::T5, Task::Summary),
        "pegasus" => (ModelType::Pegasus, Task::Summary),
        "longt5" => (ModelType::LongT5, Task::Summary),
        _ => return None,
    })
}

/// Loads the generator for `model_type` from `files`, tokenizing with `tokenizer_json`.
pub(super) fn load(
    model_type: ModelType,
    files: &ModelFiles,
    tokenizer_json: &Path,
) -> Result<Generator, Error> {
    let load_err = |e: rust_bert::RustBertError| Error::Load {
        path: files.weights.clone(),
        reason: e.to_string(),
    };
    let tokenizer = TokenizerOption::from_hf_tokenizer_file(tokenizer_json, &files.special_tokens)
        .map_err(|e| Error::Load {
            path: files.tokenizer.clone(),
            reason: e.to_string(),
        })?;
    let config = GenerateConfig {
        model_type,
        model_resource: ModelResource::Torch(Box::new(LocalResource::from(files.weights.clone()))),
        config_resource: Box::new(LocalResource::from(files.config.clone())),
        vocab_resource: Box::new(LocalResource::from(files.tokenizer.clone())),
        merges_resource: None,
        max_length: Some(512),
        do_sample: false,
        num_beams: 1,
        device: tch::Device::Cpu,
        ..Default::default()
    };
    Ok(match model_type {
        ModelType::Marian => Generator::Marian(
            MarianGenerator::new_with_tokenizer(config, tokenizer).map_err(load_err)?,
        ),
        ModelType::M2M100 => Generator::M2M100(
            M2M100Generator::new_with_tokenizer(config, tokenizer).map_err(load_err)?,
        ),
        ModelType::MBart => Generator::MBart(
            MBartGenerator::new_with_tokenizer(config, tokenizer).map_err(load_err)?,
        ),
        ModelType::Bart => {
            Generator::Bart(BartGenerator::new_with_tokenizer(config, tokenizer).map_err(load_err)?)
        }
        ModelType::T5 => {
            Generator::T5(T5Generator::new_with_tokenizer(config, tokenizer).map_err(load_err)?)
        }
        ModelType::Pegasus => Generator::Pegasus(
            PegasusConditionalGenerator::new_with_tokenizer(config, tokenizer).map_err(load_err)?,
        ),
        ModelType::LongT5 => Generator::LongT5(
            LongT5Generator::new_with_tokenizer(config, tokenizer).map_err(load_err)?,
        ),
        other => {
            return Err(Error::Load {
                path: files.config.clone(),
                reason: format!("unsupported model type {other:?}"),
            })
        }
    })
}
