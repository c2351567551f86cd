//! The batch runner: clean every input in parallel, brief each article and each related article
//! (cached results reused), write the outputs atomically, and build the report. One bad file
//! is reported and skipped; the run goes on.

use super::cache::{Cache, Key};
use super::report::{consistency, DocReport, DocState, Report};
use crate::doc::translated::TranslatedDocument;
use crate::doc::Document;
use crate::formats::{html, markdown, xliff};
use crate::pipeline::brief::brief;
use crate::pipeline::summarize::{Mode, Summarizer};
use crate::pipeline::translate::Translator;
use crate::progress::Progress;
use rayon::prelude::*;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

/// An output format a batch writes per document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// The Markdown brief (`.md`).
    Md,
    /// The bilingual review page (`.html`).
    Html,
    /// Everything, machine-readable (`.json`).
    Json,
    /// XLIFF 2.1 (`.xlf`).
    Xliff,
}

impl OutputFormat {
    /// The file extension for this format.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Md => "md",
            OutputFormat::Html => "html",
            OutputFormat::Json => "json",
            OutputFormat::Xliff => "xlf",
        }
    }

    /// Renders `doc` in this format.
    pub fn render(self, doc: &TranslatedDocument) -> String {
        match self {
            OutputFormat::Md => markdown::brief(doc),
            OutputFormat::Html => html::review_page(doc),
            OutputFormat::Json => serde_json::to_string_pretty(doc).expect("documents serialize"),
            OutputFormat::Xliff => xliff::write::xliff21(doc),
        }
    }
}

/// Why a batch could not start.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The output folder cannot be created or written.
    #[error("{path}: cannot write the output folder: {source}")]
    Output {
        /// The folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An input argument is wrong.
    #[error(transparent)]
    Input(#[from] super::inputs::InputError),
    /// Documents need the model and it cannot be loaded.
    #[error(transparent)]
    Model(#[from] crate::pipeline::Error),
    /// Nothing to do.
    #[error("no .txt or .md article found in the inputs")]
    NoInputs,
    /// The output disk filled up during the run; the documents left were not started.
    #[error(
        "{first}\nthe output disk is full; documents not started: {not_started}. Free space and \
         rerun: finished documents are cached and not redone"
    )]
    DiskFull {
        /// The first write that failed, naming the file.
        first: String,
        /// Documents skipped once the disk was full.
        not_started: usize,
    },
}

/// What a run knows of a full output disk: the first write that found it full, and the
/// documents skipped since (briefing them would only fail at their own write).
#[derive(Default)]
struct FullDisk {
    first: OnceLock<String>,
    skipped: AtomicUsize,
}

impl FullDisk {
    /// Records a failed write; returns the message naming the file.
    fn write_failed(&self, doc: &str, what: &str, file: &Path, e: std::io::Error) -> String {
        let error = format!("{doc}: cannot write {what} {}: {e}", file.display());
        if matches!(e.kind(), ErrorKind::StorageFull | ErrorKind::QuotaExceeded) {
            let _ = self.first.set(error.clone());
        }
        error
    }

    /// Whether new work should be skipped (counting it when so).
    fn skip(&self) -> bool {
        let full = self.first.get().is_some();
        if full {
            self.skipped.fetch_add(1, Ordering::Relaxed);
        }
        full
    }
}

/// One unit of work: an article, or a related article split off one.
struct Unit {
    doc: Document,
    /// Output file stem, relative to the output folder.
    stem: String,
    parent: Option<String>,
}

/// Everything a batch run needs.
pub struct Batch<'a> {
    /// The translate stage (glossary, TM, engine, settings).
    pub translator: &'a Translator<'a>,
    /// The summarize stage.
    pub summarizer: &'a Summarizer<'a>,
    /// Output folder.
    pub outdir: PathBuf,
    /// Formats to write per document.
    pub formats: Vec<OutputFormat>,
    /// Bytes that identify the glossary, TM state, model and settings (part of every cache key).
    pub fingerprint: Vec<u8>,
    /// Reuse results of earlier runs (on by default; off recomputes everything).
    pub resume: bool,
}

fn stem_for(path: &Path, taken: &mut std::collections::HashSet<String>) -> String {
    let base = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".into());
    let mut stem = base.clone();
    let mut n = 2;
    while !taken.insert(stem.clone()) {
        stem = format!("{base}-{n}");
        n += 1;
    }
    stem
}

impl Batch<'_> {
    /// Runs the batch over `files`, reporting progress; returns the report (also written to
    /// `index.md`, `index.html` and `report.json` in the output folder).
    pub fn run(&self, files: &[PathBuf], progress: &Progress) -> Result<Report, BatchError> {
        let started = Instant::now();
        if files.is_empty() {
            return Err(BatchError::NoInputs);
        }
        let out_err = |source| BatchError::Output {
            path: self.outdir.clone(),
            source,
        };
        std::fs::create_dir_all(&self.outdir).map_err(out_err)?;
        let cache = Cache::open(&self.outdir).map_err(out_err)?;
        // Prove the folder is writable before any model work.
        crate::outfile::write(&cache_probe(&self.outdir), b"ok").map_err(out_err)?;

        let cleaned: Vec<Result<Document, String>> = files
            .par_iter()
            .map(|p| crate::ingest::read_document(p).map_err(|e| e.to_string()))
            .collect();
        let mut taken = std::collections::HashSet::new();
        let mut rows: Vec<(usize, DocReport)> = Vec::new();
        let mut units: Vec<(usize, Unit)> = Vec::new();
        for (i, (path, doc)) in files.iter().zip(cleaned).enumerate() {
            match doc {
                Err(error) => rows.push((i, DocReport::failed(path.display().to_string(), error))),
                Ok(doc) => {
                    let stem = stem_for(path, &mut taken);
                    let parent = path.display().to_string();
                    for (k, (stem, doc)) in doc.with_related(&stem).into_iter().enumerate() {
                        let parent = (k > 0).then(|| parent.clone());
                        units.push((i, Unit { doc, stem, parent }));
                    }
                }
            }
        }

        // Load the model up front when any document needs work, so a missing model stops the
        // run with one clear error instead of failing every document.
        if units
            .iter()
            .any(|(_, u)| !self.resume || cache.get(&self.key(&u.doc)).is_none())
        {
            if let Some(engine) = self.translator.engine {
                engine.get()?;
            }
            if self.summarizer.options.mode == Mode::Abstractive {
                if let Some(engine) = self.summarizer.engine {
                    engine.get()?;
                }
            }
        }
        let disk_full = FullDisk::default();
        let done: Vec<(usize, DocReport, Option<TranslatedDocument>)> = units
            .par_iter()
            .map(|(i, unit)| {
                let (row, doc) = self.one(unit, &cache, progress, &disk_full);
                (*i, row, doc)
            })
            .collect();
        let docs: Vec<&TranslatedDocument> =
            done.iter().filter_map(|(_, _, d)| d.as_ref()).collect();
        let inconsistencies = consistency(docs.iter().copied());
        rows.extend(done.iter().map(|(i, r, _)| (*i, r.clone())));
        rows.sort_by_key(|(i, _)| *i);
        let report = Report {
            documents: rows.into_iter().map(|(_, r)| r).collect(),
            inconsistencies,
            seconds: started.elapsed().as_secs_f64(),
            model: self
                .translator
                .engine
                .filter(|e| e.is_loaded())
                .map(|e| e.name().to_string()),
        };
        let write = |name: &str, text: String| {
            crate::outfile::write(&self.outdir.join(name), text.as_bytes()).map_err(out_err)
        };
        let written = (|| {
            write("index.md", report.markdown())?;
            write("index.html", report.html())?;
            write(
                "report.json",
                serde_json::to_string_pretty(&report).expect("report serializes"),
            )
        })();
        let _ = std::fs::remove_file(cache_probe(&self.outdir));
        progress.end();
        if let Some(first) = disk_full.first.into_inner() {
            return Err(BatchError::DiskFull {
                first,
                not_started: disk_full.skipped.into_inner(),
            });
        }
        written?;
        Ok(report)
    }

    /// Briefs one unit (or takes it from the cache) and writes its outputs. The first write
    /// that finds the disk full is recorded in `disk_full`; units needing work are then skipped.
    fn one(
        &self,
        unit: &Unit,
        cache: &Cache,
        progress: &Progress,
        disk_full: &FullDisk,
    ) -> (DocReport, Option<TranslatedDocument>) {
        let path = unit
            .doc
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let key = self.key(&unit.doc);
        let segments = unit.doc.sentences().count();
        let (state, result, bar) = match cache.get(&key).filter(|_| self.resume) {
            Some(doc) => (DocState::Cached, Ok(doc), None),
            None if disk_full.skip() => (
                DocState::Done,
                Err(format!("{path}: not started: the output disk is full")),
                None,
            ),
            None => {
                let bar = progress.start(&path, segments);
                let result = brief(&unit.doc, self.translator, self.summarizer, &|n| {
                    progress.segments_done(n)
                })
                .map(|mut d| {
                    d.parent = unit.parent.clone();
                    d
                });
                (
                    DocState::Done,
                    result.map_err(|e| format!("{path}: {e}")),
                    Some(bar),
                )
            }
        };
        // The cache entry first: it is the record that the document is finished, and outputs
        // are rebuilt from it should the run die between the two.
        let written = result.and_then(|doc| {
            if state == DocState::Done {
                cache.put(&key, &doc).map_err(|e| {
                    disk_full.write_failed(&path, "the cache entry", &cache.path(&key), e)
                })?;
            }
            let outputs = self
                .write_outputs(unit, &doc)
                .map_err(|(file, e)| disk_full.write_failed(&path, "the output", &file, e))?;
            Ok((doc, outputs))
        });
        match written {
            Ok((doc, outputs)) => {
                progress.finish(
                    bar,
                    &path,
                    if state == DocState::Cached {
                        "cached"
                    } else {
                        "done"
                    },
                    None,
                );
                (DocReport::from_document(&doc, state, outputs), Some(doc))
            }
            Err(error) => {
                progress.finish(bar, &path, "failed", Some(&error));
                let mut row = DocReport::failed(path, error);
                row.parent = unit.parent.clone();
                (row, None)
            }
        }
    }

    /// The cache key of a document: its cleaned text and everything else that shapes the result.
    fn key(&self, doc: &Document) -> String {
        let text: Vec<&str> = doc.sentences().map(|s| s.text.as_str()).collect();
        Key::new()
            .part("text", text.join("\n").as_bytes())
            .part("settings", &self.fingerprint)
            .finish()
    }

    /// Writes a document's outputs; a failure names the file.
    fn write_outputs(
        &self,
        unit: &Unit,
        doc: &TranslatedDocument,
    ) -> Result<Vec<String>, (PathBuf, std::io::Error)> {
        self.formats
            .iter()
            .map(|f| {
                let name = format!("{}.{}", unit.stem, f.extension());
                let file = self.outdir.join(&name);
                crate::outfile::write(&file, f.render(doc).as_bytes()).map_err(|e| (file, e))?;
                Ok(name)
            })
            .collect()
    }
}

fn cache_probe(outdir: &Path) -> PathBuf {
    outdir.join(".vibrief-cache").join("write-probe")
}
