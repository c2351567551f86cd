//! Options shared by `translate`, `summarize`, `brief` and `batch`, and the resources they load
//! from them: the glossaries, the TM and the (lazily loaded) model.

use super::Status;
use crate::doc::Document;
use crate::engine::OpenOptions;
use crate::glossary::{formats, Glossary, LoadOptions};
use crate::pipeline::lazy_engine::LazyEngine;
use crate::pipeline::summarize::{Mode, Summarizer, SummaryOptions};
use crate::pipeline::translate::{TranslateOptions, Translator};
use crate::tm::Tm;
use anyhow::Context as _;
use std::path::{Path, PathBuf};

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
    /// The translation memory (SQLite; created when missing). Default: the user data folder.
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
    /// Write Vietnamese names without diacritics.
    #[arg(long)]
    pub strip_diacritics: bool,
    /// Source language code.
    #[arg(long, default_value = "vi")]
    pub source_lang: String,
    /// Target language code.
    #[arg(long, default_value = "en")]
    pub target_lang: String,
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
}

impl SummaryArgs {
    /// The summarize stage's settings.
    pub fn options(&self, p: &PipelineArgs) -> SummaryOptions {
        SummaryOptions {
            mode: self.mode,
            points: self.points as usize,
            strip_diacritics: p.strip_diacritics,
            ..SummaryOptions::default()
        }
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
            engine: Some(&self.engine),
            options,
        }
    }
}

/// Runs `work` on each article of `files` in turn. A file that cannot be read, or whose work
/// fails, is reported on standard error with its path, and the others go on. Returns the worst
/// status: `work`'s own, or [`Status::Error`] for a failed file.
pub fn each_article(
    files: &[PathBuf],
    mut work: impl FnMut(&Path, Document) -> anyhow::Result<Status>,
) -> Status {
    let mut status = Status::Ok;
    for path in files {
        let result = crate::ingest::read_document(path)
            .map_err(anyhow::Error::from)
            .and_then(|doc| work(path, doc).with_context(|| path.display().to_string()));
        status = status.max(result.unwrap_or_else(|e| {
            eprintln!("vibrief: {e:#}");
            Status::Error
        }));
    }
    status
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
    crate::batch::atomic::write(path, text.as_bytes())
        .with_context(|| format!("{}: cannot write", path.display()))
}

/// Creates the output folder `dir` when missing.
pub fn create_output_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the output folder", dir.display()))
}

impl PipelineArgs {
    /// Loads the glossaries and opens the TM; the model is opened only when a segment needs it.
    pub fn resources(&self) -> anyhow::Result<Resources> {
        let opts = LoadOptions {
            source_lang: self.source_lang.clone(),
            target_lang: self.target_lang.clone(),
            strip_name_diacritics: self.strip_diacritics,
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
            Some(Tm::open(&path)?)
        };
        let engine = LazyEngine::new(
            self.model.clone(),
            OpenOptions {
                threads: self.threads,
                ..OpenOptions::default()
            },
        );
        Ok(Resources {
            glossary,
            glossary_bytes,
            tm,
            engine,
        })
    }

    /// The translate stage's settings.
    pub fn translate_options(&self) -> TranslateOptions {
        TranslateOptions {
            reuse_threshold: self.reuse_threshold,
            max_repairs: self.max_repairs,
            strip_diacritics: self.strip_diacritics,
            learn: self.learn,
            source_lang: self.source_lang.clone(),
            target_lang: self.target_lang.clone(),
            ..TranslateOptions::default()
        }
    }
}
