//! The `llama` engine: GGUF chat models through llama.cpp.
//!
//! The model is loaded once (memory-mapped) and shared; one decode thread owns the llama.cpp
//! context and schedules requests continuously: each request, from whichever call or thread,
//! enters a free sequence as soon as one is free, so calls from several threads decode side by
//! side. Prompts are formatted with the model's own chat template and tokenized on the calling
//! thread. A request's shared prefix (an article's context, [`Request::shared`]) is computed
//! once into a prefix sequence and kept while requests use it; several articles keep theirs.

mod prefix;
mod prompt;
mod worker;

use crate::engine::{
    origin, Candidate, Engine, EngineInfo, Error, GenOptions, GenParams, InputKind, Request,
};
use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::{LlamaChatTemplate, LlamaModel};
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use worker::{Job, Shape, Worker};

/// Settings of a [`LlamaEngine`].
#[derive(Debug, Clone)]
pub struct LlamaConfig {
    /// Compute threads (default: the physical cores).
    pub threads: usize,
    /// Requests decoded together in one context (default 4; more did not help on 2 cores).
    pub sequences: usize,
    /// Shared prefixes kept at once (default 3: the two articles `batch` has in flight, and one
    /// more, so a third article's context does not evict one still in use). Each is one more
    /// sequence of the context; its cells are shared with the requests, not copied. A finished
    /// article's prefix stays until its place is needed, and every decode attends over its
    /// cells, so more places cost speed.
    pub prefixes: usize,
    /// Most tokens per request, prompt and output (default 8192, room for the longest corpus
    /// article, about 3,500 tokens, with its instructions and answers; capped at the training
    /// length).
    pub context_length: usize,
    /// KV cells of the whole context, shared by all sequences (default `None`: 4 ×
    /// `context_length`, room for two long articles' prefixes and every sequence's own tokens).
    pub kv_cells: Option<usize>,
    /// Most tokens per decode call (default 512).
    pub batch_size: usize,
    /// Shortest shared prefix kept apart (default 32 tokens); a shorter one is decoded with its
    /// request.
    pub min_shared_prefix: usize,
    /// Generation defaults (greedy, 512 tokens).
    pub defaults: GenParams,
}

impl Default for LlamaConfig {
    fn default() -> Self {
        LlamaConfig {
            threads: crate::engine::physical_cores(),
            sequences: 4,
            prefixes: 3,
            context_length: 8192,
            kv_cells: None,
            batch_size: 512,
            min_shared_prefix: 32,
            defaults: GenParams::default(),
        }
    }
}

/// A GGUF chat model loaded through llama.cpp.
pub struct LlamaEngine {
    info: EngineInfo,
    model: Arc<LlamaModel>,
    template: LlamaChatTemplate,
    min_shared_prefix: usize,
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

/// llama.cpp's process-wide backend, initialized once with its logging silenced.
fn backend() -> &'static LlamaBackend {
    static BACKEND: OnceLock<LlamaBackend> = OnceLock::new();
    BACKEND.get_or_init(|| {
        llama_cpp_2::send_logs_to_tracing(
            llama_cpp_2::LogOptions::default().with_logs_enabled(false),
        );
        LlamaBackend::init().expect("llama.cpp backend is initialized only here")
    })
}

impl LlamaEngine {
    /// Loads a GGUF file; `id` names the model in candidate origins.
    pub fn load(path: &Path, id: &str, config: LlamaConfig) -> Result<LlamaEngine, Error> {
        check_gguf(path)?;
        let load_err = |reason: String| Error::Load {
            path: path.to_path_buf(),
            reason,
        };
        let model = LlamaModel::load_from_file(backend(), path, &LlamaModelParams::default())
            .map_err(|e| load_err(format!("llama.cpp could not read it ({e}); is the file complete? `vibrief models verify` checks fetched models")))?;
        let model = Arc::new(model);
        let template = model
            .chat_template(None)
            .map_err(|e| load_err(format!("no chat template in the GGUF: {e}")))?;
        let context_length = config
            .context_length
            .min(model.n_ctx_train() as usize)
            .max(16);
        let sequences = config.sequences.clamp(1, 16);
        let shape = Shape {
            sequences,
            prefixes: config.prefixes.clamp(1, 16),
            context_length,
            batch_size: config.batch_size.max(16),
        };
        let threads = config.threads.max(1) as i32;
        let n_ctx = NonZeroU32::new(
            config
                .kv_cells
                .unwrap_or(4 * context_length)
                .max(context_length) as u32,
        );
        let params = LlamaContextParams::default()
            .with_n_ctx(n_ctx)
            .with_n_batch(shape.batch_size as u32)
            .with_n_ubatch(shape.batch_size as u32)
            .with_n_seq_max((shape.sequences + shape.prefixes) as u32)
            .with_kv_unified(true)
            .with_n_threads(threads)
            .with_n_threads_batch(threads);
        let (jobs, receiver) = mpsc::channel::<Job>();
        let (ready_tx, ready_rx) = mpsc::channel::<Result<(), String>>();
        let worker_model = Arc::clone(&model);
        let thread = std::thread::Builder::new()
            .name("vibrief-llama".to_string())
            .spawn(move || {
                let ctx = match worker_model.new_context(backend(), params) {
                    Ok(ctx) => ctx,
                    Err(e) => {
                        ready_tx.send(Err(e.to_string())).ok();
                        return;
                    }
                };
                ready_tx.send(Ok(())).ok();
                Worker::new(&worker_model, ctx, shape).serve(receiver);
            })
            .map_err(|e| load_err(format!("cannot start the decode thread: {e}")))?;
        match ready_rx.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(load_err(format!("cannot create a context: {e}"))),
            Err(_) => {
                return Err(load_err(
                    "the decode thread stopped while starting".to_string(),
                ))
            }
        }
        Ok(LlamaEngine {
            info: EngineInfo {
                model_id: id.to_string(),
                context_length,
                input_kind: InputKind::Chat,
                task: None,
                parallel: sequences,
                defaults: config.defaults,
            },
            model,
            template,
            min_shared_prefix: config.min_shared_prefix,
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Number of tokens `text` has for this model (no special tokens added).
    pub fn count_tokens(&self, text: &str) -> usize {
        self.model
            .vocab()
            .tokenize(text.as_bytes(), false, false)
            .len()
    }
}

/// Checks that `path` is a readable GGUF file, so the common mistakes get a clear message.
fn check_gguf(path: &Path) -> Result<(), Error> {
    use std::io::Read;
    let mut magic = [0u8; 4];
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::Missing {
            path: path.to_path_buf(),
            hint: String::new(),
        },
        _ => Error::Load {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
    })?;
    let ok = file.read_exact(&mut magic).is_ok() && &magic == b"GGUF";
    if !ok {
        return Err(Error::Load {
            path: PathBuf::from(path),
            reason: "not a GGUF file".to_string(),
        });
    }
    Ok(())
}

impl Engine for LlamaEngine {
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
        let params = Arc::new(self.info.defaults.with(options));
        let mut prompts = Vec::with_capacity(requests.len());
        for (index, r) in requests.iter().enumerate() {
            let mut p = prompt::tokens(&self.model, &self.template, r, index)?;
            // A prefix too short to keep apart is decoded with its request; and every request
            // keeps at least one token of its own, whose logits start its answer.
            if p.prefix.len() < self.min_shared_prefix || p.suffix.is_empty() {
                p.prefix.append(&mut p.suffix);
                p.suffix = std::mem::take(&mut p.prefix);
            }
            if p.len() >= self.info.context_length {
                return Err(Error::TooLong {
                    index,
                    tokens: p.len(),
                    limit: self.info.context_length,
                });
            }
            prompts.push(p);
        }
        let stopped = || Error::Generate("the decode thread has stopped".to_string());
        let jobs = self.jobs.as_ref().ok_or_else(stopped)?;
        let (reply, answers) = mpsc::channel();
        for (index, p) in prompts.into_iter().enumerate() {
            let job = Job {
                prefix: p.prefix,
                suffix: p.suffix,
                params: Arc::clone(&params),
                index,
                reply: reply.clone(),
            };
            jobs.send(job).map_err(|_| stopped())?;
        }
        drop(reply);
        let origin = origin(&self.info.model_id);
        let mut out: Vec<Option<Candidate>> = vec![None; requests.len()];
        for _ in 0..requests.len() {
            let (index, outcome) = answers.recv().map_err(|_| stopped())?;
            let o = outcome?;
            out[index] = Some(Candidate {
                text: String::from_utf8_lossy(&o.bytes).into_owned(),
                origin: origin.clone(),
                prompt_tokens: o.prompt_tokens,
                cached_tokens: o.cached_tokens,
                generated_tokens: o.generated_tokens,
                finish: o.finish,
                timings: o.timings,
            });
        }
        Ok(out
            .into_iter()
            .map(|c| c.expect("one answer per request"))
            .collect())
    }
}

impl Drop for LlamaEngine {
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(t) = self.thread.take() {
            t.join().ok();
        }
    }
}
