//! Options shared by `translate`, `summarize`, `brief` and `batch`, and the resources they load
//! from them: the glossaries, the TM and the (lazily loaded) model.

use super::Status;
use crate::doc::Document;
use crate::engine::remote::{ApiKey, RemoteOptions};
use crate::engine::OpenOptions;
use crate::glossary::{formats, Glossary, LoadOptions};
use crate::pipeline::lazy_engine::LazyEngine;
use crate::pipeline::summarize::{Mode, Summarizer, SummaryOptions};
use crate::pipeline::translate::{TranslateOptions, Translator};
use crate::progress::{Mode as ProgressMode, Progress};
use crate::tm::Tm;
use anyhow::Context as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The curated diplomatic glossary, built into the binary.
pub const BUILTIN_GLOSSARY: &str = include_str!("../../glossary/diplomatic.tsv");

/// The model used when `--model` is not given (the manifest marked `default` in `models/`).
pub const DEFAULT_MODEL: &str = "qwen2.5-coder-1.5b-instruct";

/// Where the text comes from and how the model and resources are chosen.
#[derive(Debug, clap::Args)]
pub struct PipelineArgs {
    /// A glossary (TSV, CSV or TBX); repeat for several. Entries of earlier files win. The
    /// built-in diplomatic glossary is loaded after them unless --no-builtin-glossary.
    #[arg(long = "glossary", short = 'g', value_name = "FILE")]
    pub glossaries: Vec<PathBuf>,
    /// Do not load the built-in diplomatic glossary.
    #[arg(long)]
    pub no_builtin_glossary: bool,
    /// The translation memory (SQLite; created when missing, opened read-only unless --learn).
    /// Default: the user data folder.
    #[arg(long, value_name = "PATH")]
    pub tm: Option<PathBuf>,
    /// Use no translation memory at all.
    #[arg(long, conflicts_with = "tm")]
    pub no_tm: bool,
    /// Store model translations in the TM as drafts (origin mt:MODEL), so a rerun reuses them.
    #[arg(long)]
    pub learn: bool,
    /// The model: a name from `vibrief models list`, a .gguf file, or a Hugging Face model
    /// folder (rust-bert).
    #[arg(long, default_value = DEFAULT_MODEL)]
    pub model: String,
    /// Threads for the model (default: the physical cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// A fuzzy TM match at or above this score is reused without the model.
    #[arg(long, default_value_t = 95, value_parser = clap::value_parser!(u32).range(50..=100))]
    pub reuse_threshold: u32,
    /// Repair rounds for a model output that fails verification.
    #[arg(long, default_value_t = 2)]
    pub max_repairs: usize,
    /// Ask for the first tries of a paragraph's sentences in one request, each answered after
    /// its id: fewer calls with a model that keeps such answers aligned (a large served
    /// model); the default model does better one sentence at a time.
    #[arg(long)]
    pub paragraph_asks: bool,
    /// Keep the diacritics of Vietnamese names of people and places (Phạm Minh Chính, Lào Cai),
    /// for house styles that want them. By default names are written as the official
    /// English-language media (the Government portal, VNA, MOFA) write them: Pham Minh Chinh,
    /// Lao Cai.
    #[arg(long)]
    pub keep_diacritics: bool,
    /// Names without diacritics: the default now (accepted for scripts written before).
    #[arg(long, hide = true, conflicts_with = "keep_diacritics")]
    pub strip_diacritics: bool,
    /// Source language code, a form of `vi` (`vi-VN`): picks the glossary column and the TM
    /// units. The pipeline translates Vietnamese into English only.
    #[arg(long, alias = "src-lang", default_value = "vi", value_name = "CODE",
          value_parser = |c: &str| language_form(c, "vi", "Vietnamese"))]
    pub source_lang: String,
    /// Target language code, a form of `en` (`en-US`, `en-GB`): picks the glossary column and
    /// the TM units.
    #[arg(long, alias = "tgt-lang", default_value = "en", value_name = "CODE",
          value_parser = |c: &str| language_form(c, "en", "English"))]
    pub target_lang: String,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

/// `code` when it is a form of the language `lang` (named `name`); the pipeline's prompts and
/// checks are written for Vietnamese into English only.
fn language_form(code: &str, lang: &str, name: &str) -> Result<String, String> {
    if crate::text::lang::primary(code) == lang {
        Ok(code.to_string())
    } else {
        Err(format!(
            "the pipeline translates Vietnamese into English only; use a form of {lang} ({name}), \
             e.g. {lang} or {lang}-{}",
            if lang == "vi" { "VN" } else { "US" }
        ))
    }
}

/// Where the model runs when it is not in process: an OpenAI-compatible server.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Remote engine (any OpenAI-compatible server)")]
pub struct RemoteArgs {
    /// Run the model on this server (llama-server, vLLM, Ollama, a fleet behind one URL)
    /// instead of in process; --model is then not used.
    #[arg(long, env = "VIBRIEF_ENDPOINT", value_name = "URL")]
    pub endpoint: Option<String>,
    /// The environment variable holding the server's API key (the key itself is never an
    /// argument).
    #[arg(long, value_name = "NAME", requires = "endpoint")]
    pub api_key_env: Option<String>,
    /// The served model (default: the first the server's /v1/models lists).
    #[arg(long, value_name = "NAME", requires = "endpoint")]
    pub server_model: Option<String>,
    /// Requests in flight at once (default: llama-server's slots, else 4).
    #[arg(long, value_name = "N", requires = "endpoint", value_parser = clap::value_parser!(u32).range(1..=256))]
    pub concurrency: Option<u32>,
    /// Seconds to wait for one answer (default: 120 plus 1 per token of max_tokens).
    #[arg(long, value_name = "SECS", requires = "endpoint")]
    pub read_timeout: Option<f64>,
    /// Seconds to wait for the server to finish loading its model.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub load_timeout: u64,
    /// Retries of a request that met HTTP 429, 5xx or a lost connection (with backoff, at most
    /// 60 s of waiting per request).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub max_retries: u32,
}

impl RemoteArgs {
    /// The remote engine's settings, or `None` for the in-process engine.
    pub fn options(&self) -> anyhow::Result<Option<RemoteOptions>> {
        let Some(endpoint) = &self.endpoint else {
            return Ok(None);
        };
        let mut o = RemoteOptions::new(endpoint.clone());
        o.api_key = self
            .api_key_env
            .as_deref()
            .map(ApiKey::from_env)
            .transpose()?;
        o.model = self.server_model.clone();
        o.concurrency = self.concurrency.map(|n| n as usize);
        if let Some(s) = self.read_timeout {
            anyhow::ensure!(s > 0.0, "--read-timeout must be positive");
            o.read_timeout = Some(Duration::from_secs_f64(s));
        }
        o.load_timeout = Duration::from_secs(self.load_timeout);
        o.retry.retries = self.max_retries;
        Ok(Some(o))
    }
}

/// Summary options shared by `summarize`, `brief` and `batch`.
#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
    /// Abstractive (the model writes it) or extractive (top sentences, translated).
    #[arg(long, value_enum, default_value = "abstractive")]
    pub mode: Mode,
    /// Key points in the summary.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=10))]
    pub points: u32,
    /// The model that writes abstractive summaries, when it is not --model: a name from
    /// `vibrief models list` or a .gguf file (a chat model, which summarizes the Vietnamese
    /// article), or a Hugging Face summarizer folder (BART, Pegasus, T5, which summarizes the
    /// English translation). Without it --model summarizes; a translation-only model (Marian,
    /// NLLB, M2M100, mBART-50) cannot, and the summary is then extractive.
    #[arg(long, value_name = "NAME|DIR")]
    pub summary_model: Option<String>,
}

impl SummaryArgs {
    /// The summarize stage's settings.
    pub fn options(&self, p: &PipelineArgs) -> SummaryOptions {
        SummaryOptions {
            mode: self.mode,
            points: self.points as usize,
            strip_diacritics: !p.keep_diacritics,
            ..SummaryOptions::default()
        }
    }

    /// The summary's own model, opened on first use, when --summary-model is given.
    fn engine(&self, p: &PipelineArgs) -> Option<LazyEngine> {
        let options = OpenOptions {
            threads: p.threads,
            ..OpenOptions::default()
        };
        self.summary_model
            .as_ref()
            .map(|m| LazyEngine::new(m.clone(), options))
    }
}

/// What the pipeline runs with.
pub struct Resources {
    /// Every glossary, merged.
    pub glossary: Glossary,
    /// The bytes of every glossary loaded, for cache keys.
    pub glossary_bytes: Vec<u8>,
    /// The TM, unless --no-tm.
    pub tm: Option<Tm>,
    /// The model, opened on first use.
    pub engine: LazyEngine,
    /// The summary's own model (--summary-model), opened on first use.
    pub summary_engine: Option<LazyEngine>,
}

impl Resources {
    /// The translate stage over these resources.
    pub fn translator(&self, options: TranslateOptions) -> Translator<'_> {
        Translator {
            glossary: &self.glossary,
            tm: self.tm.as_ref(),
            engine: Some(&self.engine),
            options,
        }
    }

    /// The summarize stage over these resources.
    pub fn summarizer(&self, options: SummaryOptions) -> Summarizer<'_> {
        Summarizer {
            glossary: &self.glossary,
            engine: Some(self.summary_engine.as_ref().unwrap_or(&self.engine)),
            options,
        }
    }

    /// The models, each opened on first use: the translation's, and the summary's own.
    pub fn engines(&self) -> impl Iterator<Item = &LazyEngine> {
        std::iter::once(&self.engine).chain(&self.summary_engine)
    }
}

/// Runs `work` on each article of `files` in turn, with `progress` told of each and of its
/// `steps` (segments, or for a summary alone, the summary). A file that
/// cannot be read, or whose work fails, is reported on standard error with its path, and the
/// others go on. Returns the worst status: `work`'s own, or [`Status::Error`] for a failed file.
pub fn each_article(
    files: &[PathBuf],
    progress: &Progress,
    steps: impl Fn(&Document) -> usize,
    mut work: impl FnMut(&Path, Document) -> anyhow::Result<Status>,
) -> Status {
    let mut status = Status::Ok;
    for path in files {
        let shown = path.display().to_string();
        let mut bar = None;
        let result = crate::ingest::read_document(path)
            .map_err(anyhow::Error::from)
            .and_then(|doc| {
                bar = Some(progress.start(&shown, steps(&doc)));
                work(path, doc)
            })
            .with_context(|| shown.clone());
        match result {
            Ok(s) => {
                progress.finish(bar, &shown, "done", None);
                status = status.max(s);
            }
            Err(e) => {
                let message = format!("{e:#}");
                progress.finish(bar, &shown, "failed", Some(&message));
                if !progress.shows_failures() {
                    eprintln!("vibrief: {message}");
                }
                status = Status::Error;
            }
        }
    }
    progress.end();
    status
}

/// How progress is shown on standard error: on a terminal, lines that end cleared; else
/// nothing, unless asked for JSON lines.
#[derive(Debug, clap::Args)]
pub struct ProgressArgs {
    /// No progress display.
    #[arg(long, short)]
    pub quiet: bool,
    /// Progress as JSON lines on standard error, for other tools (the same events for every
    /// command; see `vibrief::progress`).
    #[arg(long, conflicts_with = "quiet")]
    pub json_progress: bool,
}

impl ProgressArgs {
    /// The progress of command `name` over `documents` documents, watching the loading and
    /// calls of the models of `res`.
    pub fn progress(&self, name: &str, documents: usize, res: &Resources) -> Arc<Progress> {
        let mode = ProgressMode::choose(self.quiet, self.json_progress);
        let progress = Arc::new(Progress::new(mode, name, documents));
        for engine in res.engines() {
            engine.watch(progress.clone());
        }
        progress
    }
}

/// The segments of `doc` and of its related articles (what `brief` translates).
pub fn segments(doc: &Document) -> usize {
    let related: usize = doc.related.iter().map(|r| r.sentences().count()).sum();
    doc.sentences().count() + related
}

/// The name outputs for `path` are given: its file stem (`stdin` for `-`).
pub fn stem(path: &Path) -> String {
    match path.file_stem() {
        Some(s) if path != Path::new("-") => s.to_string_lossy().into_owned(),
        _ => "stdin".into(),
    }
}

/// Writes `text` to `path` atomically; the error names the file.
pub fn write_output(path: &Path, text: &str) -> anyhow::Result<()> {
    crate::outfile::write(path, text.as_bytes())
        .with_context(|| format!("{}: cannot write", path.display()))
}

/// Creates the output folder `dir` when missing.
pub fn create_output_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the output folder", dir.display()))
}

impl PipelineArgs {
    /// Loads the glossaries and opens the TM; the models (the summary's own too, with
    /// `summary` options) are opened only when a segment needs them.
    pub fn resources(&self, summary: Option<&SummaryArgs>) -> anyhow::Result<Resources> {
        let opts = LoadOptions {
            source_lang: self.source_lang.clone(),
            target_lang: self.target_lang.clone(),
            strip_name_diacritics: !self.keep_diacritics,
        };
        let mut entries = Vec::new();
        let mut glossary_bytes = Vec::new();
        for path in &self.glossaries {
            glossary_bytes.extend(
                std::fs::read(path)
                    .with_context(|| format!("{}: cannot read glossary", path.display()))?,
            );
            entries.extend(formats::read(path, &opts)?.entries);
        }
        if !self.no_builtin_glossary {
            glossary_bytes.extend(BUILTIN_GLOSSARY.as_bytes());
            let builtin = Path::new("<built-in>/glossary/diplomatic.tsv");
            entries.extend(
                formats::read_str(BUILTIN_GLOSSARY, formats::Format::Tsv, builtin, &opts)?.entries,
            );
        }
        let glossary = Glossary::from_entries(entries, &opts)?;
        let tm = if self.no_tm {
            None
        } else {
            let path = match &self.tm {
                Some(p) => p.clone(),
                None => Tm::default_path()
                    .context("no --tm given and no user data folder (set HOME or XDG_DATA_HOME)")?,
            };
            // Without --learn the run only reads the TM, which it may not be allowed to write.
            Some(if self.learn {
                Tm::open(&path)?
            } else {
                Tm::open_read_only(&path)?
            })
        };
        let remote = self.remote.options()?;
        // Errors name what is loaded: the server when there is one.
        let name = match &remote {
            Some(r) => r.endpoint.clone(),
            None => self.model.clone(),
        };
        let engine = LazyEngine::new(
            name,
            OpenOptions {
                threads: self.threads,
                remote,
                ..OpenOptions::default()
            },
        );
        Ok(Resources {
            glossary,
            glossary_bytes,
            tm,
            engine,
            summary_engine: summary.and_then(|s| s.engine(self)),
        })
    }

    /// The translate stage's settings.
    pub fn translate_options(&self) -> TranslateOptions {
        TranslateOptions {
            reuse_threshold: self.reuse_threshold,
            max_repairs: self.max_repairs,
            strip_diacritics: !self.keep_diacritics,
            learn: self.learn,
            source_lang: self.source_lang.clone(),
            target_lang: self.target_lang.clone(),
            paragraph_asks: self.paragraph_asks,
            ..TranslateOptions::default()
        }
    }
}
