//! The `bert` engine: Hugging Face seq2seq models through rust-bert (libtorch).
//!
//! Translation (Marian, M2M100, NLLB, mBART-50; Vietnamese to English) and summary (BART,
//! T5/mT5, Pegasus, LongT5) models, from a local directory in Hugging Face layout
//! (`config.json`, `tokenizer.json`, `special_tokens_map.json`, `model.safetensors`) or, with
//! network, a hub id. Tokenizers come from the model's `tokenizer.json`. These models take
//! source text only: required terms and examples cannot be given to them.

mod files;
mod generator;
mod languages;

pub use crate::engine::Task;

use crate::engine::options::cut_at_stop;
use crate::engine::{
    origin, Candidate, Engine, EngineInfo, Error, Finish, GenOptions, GenParams, Input, InputKind,
    Request, Timings,
};
use files::{ModelConfig, ModelFiles};
use generator::{with_generator, Generator};
use rust_bert::pipelines::generation_utils::{GenerateOptions, LanguageGenerator};
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

/// Settings of a [`BertEngine`].
#[derive(Debug, Clone)]
pub struct BertConfig {
    /// libtorch compute threads (default: the physical cores).
    pub threads: usize,
    /// Beam width (default 1: greedy, reproducible).
    pub num_beams: usize,
    /// Generation defaults (greedy, 512 tokens).
    pub defaults: GenParams,
}

impl Default for BertConfig {
    fn default() -> Self {
        BertConfig {
            threads: crate::engine::physical_cores(),
            num_beams: 1,
            defaults: GenParams::default(),
        }
    }
}

/// A Hugging Face seq2seq model loaded through rust-bert.
pub struct BertEngine {
    info: EngineInfo,
    task: Task,
    generator: Mutex<Generator>,
    tokenizer: tokenizers::Tokenizer,
    /// Text put before each source (T5's task prefix).
    prefix: &'static str,
    /// Target language token forced as first output token (multilingual models).
    forced_bos: Option<i64>,
    special_ids: Vec<i64>,
    num_beams: usize,
}

impl BertEngine {
    /// Loads a model from a local directory in Hugging Face layout.
    pub fn from_dir(dir: &Path, id: &str, config: BertConfig) -> Result<BertEngine, Error> {
        Self::load(ModelFiles::in_dir(dir)?, id, config)
    }

    /// Loads hub model `hub` (downloading it into rust-bert's cache when the hub is reachable).
    /// Offline, the error says how to pass a local directory instead.
    pub fn from_hub(hub: &str, id: &str, config: BertConfig) -> Result<BertEngine, Error> {
        Self::load(ModelFiles::from_hub(hub)?, id, config)
    }

    fn load(files: ModelFiles, id: &str, config: BertConfig) -> Result<BertEngine, Error> {
        let model_config = ModelConfig::read(&files.config)?;
        let tokenizer =
            tokenizers::Tokenizer::from_file(&files.tokenizer).map_err(|e| Error::Load {
                path: files.tokenizer.clone(),
                reason: e.to_string(),
            })?;
        let pair = languages::detect(&tokenizer);
        let (model_type, task) = generator::kind_of(&model_config.model_type, pair.is_some()).ok_or_else(|| {
            Error::Load {
                path: files.config.clone(),
                reason: format!(
                    "model_type {:?} is not supported (translation: marian, m2m_100/nllb and mbart \
                     with Vietnamese and English language tokens; summary: bart, t5, mt5, pegasus, longt5)",
                    model_config.model_type
                ),
            }
        })?;
        // Multilingual tokenizers carry their source language in the template: rewrite it.
        let patched;
        let tokenizer_json = match pair {
            Some(pair) if task == Task::Translation => {
                let text = languages::with_source_language(&files.tokenizer, pair, &tokenizer)?;
                patched = tempfile::NamedTempFile::new()
                    .and_then(|f| std::fs::write(f.path(), text).map(|()| f))
                    .map_err(|e| Error::Load {
                        path: files.tokenizer.clone(),
                        reason: e.to_string(),
                    })?;
                patched.path()
            }
            _ => files.tokenizer.as_path(),
        };
        let forced_bos = match (pair, task) {
            (Some(pair), Task::Translation) => tokenizer.token_to_id(pair.target).map(i64::from),
            _ => None,
        };
        tch::set_num_threads(config.threads.max(1) as i32);
        let generator =
            std::panic::catch_unwind(|| generator::load(model_type, &files, tokenizer_json))
                .map_err(|panic| Error::Load {
                    path: files.config.clone(),
                    reason: panic_text(&panic),
                })??;
        Ok(BertEngine {
            info: EngineInfo {
                model_id: id.to_string(),
                context_length: model_config.max_positions,
                input_kind: InputKind::Source,
                task: Some(task),
                parallel: 1,
                defaults: config.defaults,
            },
            task,
            generator: Mutex::new(generator),
            tokenizer,
            prefix: if model_type == rust_bert::pipelines::common::ModelType::T5 {
                "summarize: "
            } else {
                ""
            },
            forced_bos,
            special_ids: model_config.special_ids,
            num_beams: config.num_beams.max(1),
        })
    }

    /// Whether the model translates or summarizes.
    pub fn task(&self) -> Task {
        self.task
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    let msg = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown failure");
    format!("rust-bert failed: {msg}")
}

impl Engine for BertEngine {
    fn info(&self) -> &EngineInfo {
        &self.info
    }

    fn generate(
        &self,
        requests: &[Request],
        options: &GenOptions,
    ) -> Result<Vec<Candidate>, Error> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        let params = self.info.defaults.with(options);
        let mut texts = Vec::with_capacity(requests.len());
        let mut prompt_tokens = Vec::with_capacity(requests.len());
        for (index, r) in requests.iter().enumerate() {
            let Input::Source(text) = &r.input else {
                return Err(Error::Unsupported {
                    index,
                    reason: format!(
                        "{}: a seq2seq model takes source text, not chat messages",
                        self.info.model_id
                    ),
                });
            };
            let text = format!("{}{text}", self.prefix);
            let n = self
                .tokenizer
                .encode(text.as_str(), true)
                .map_err(|e| Error::Generate(e.to_string()))?
                .len();
            if n > self.info.context_length {
                return Err(Error::TooLong {
                    index,
                    tokens: n,
                    limit: self.info.context_length,
                });
            }
            prompt_tokens.push(n);
            texts.push(text);
        }
        // The decoder's positions end at the model's context too (BART's are learned).
        let max_tokens = params.max_tokens.min(self.info.context_length);
        let options = GenerateOptions {
            max_new_tokens: Some(max_tokens as i64),
            do_sample: Some(!params.is_greedy()),
            temperature: Some(f64::from(params.temperature.max(f32::MIN_POSITIVE))),
            num_beams: Some(self.num_beams as i64),
            forced_bos_token_id: self.forced_bos,
            ..Default::default()
        };
        if !params.is_greedy() {
            tch::manual_seed(params.seed as i64);
        }
        let start = Instant::now();
        let generator = self.generator.lock().unwrap_or_else(|p| p.into_inner());
        // libtorch reports some failures by panicking: they become errors, not a crash.
        let outputs = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            tch::no_grad(|| {
                with_generator!(&*generator, g => g
                    .generate_indices(Some(texts.as_slice()), Some(options))
                    .map(|outs| outs.into_iter().map(|o| (g.get_tokenizer().decode(&o.indices, true, true), o.indices)).collect::<Vec<_>>()))
            })
        }))
        .map_err(|panic| Error::Generate(panic_text(&panic)))?
        .map_err(|e| Error::Generate(e.to_string()))?;
        drop(generator);
        let elapsed = start.elapsed();
        let origin = origin(&self.info.model_id);
        Ok(outputs
            .into_iter()
            .zip(prompt_tokens)
            .map(|((mut text, indices), prompt_tokens)| {
                let generated_tokens = indices
                    .iter()
                    .filter(|i| !self.special_ids.contains(i))
                    .count();
                let finish = if cut_at_stop(&mut text, &params.stop) {
                    Finish::Stop
                } else if generated_tokens >= max_tokens {
                    Finish::Length
                } else {
                    Finish::End
                };
                Candidate {
                    text,
                    origin: origin.clone(),
                    prompt_tokens,
                    cached_tokens: 0,
                    generated_tokens,
                    finish,
                    timings: Timings {
                        prompt: std::time::Duration::ZERO,
                        generation: elapsed,
                    },
                }
            })
            .collect())
    }
}
