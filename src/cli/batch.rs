//! `vibrief batch INPUT... -o OUTDIR`: briefs for a whole corpus, in parallel, resumable, with
//! progress and a report. Exit 0 when every document is clean, 1 when any failed or needs
//! review, 2 when the run could not start.

use super::setup::{PipelineArgs, ProgressArgs, SummaryArgs};
use super::Status;
use crate::batch::cache::Key;
use crate::batch::run::{Batch, OutputFormat};
use std::path::PathBuf;

/// Arguments of `vibrief batch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders (searched recursively for .txt and .md) or glob patterns.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output folder (created when missing).
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: PathBuf,
    /// Documents worked on at once (default: 2; the model is shared and serializes its work).
    #[arg(long, short = 'j', default_value_t = 2)]
    pub jobs: usize,
    /// Output formats per document, comma-separated.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "md,html,json"
    )]
    pub formats: Vec<OutputFormat>,
    /// Recompute every document, ignoring results cached by earlier runs.
    #[arg(long)]
    pub no_resume: bool,
    #[command(flatten)]
    pub progress: ProgressArgs,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    #[command(flatten)]
    pub summary: SummaryArgs,
}

/// Runs `vibrief batch`.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let files = crate::batch::inputs::expand(&args.inputs)?;
    let res = args.pipeline.resources(Some(&args.summary))?;
    let translate = args.pipeline.translate_options();
    let summary = args.summary.options(&args.pipeline);
    let translator = res.translator(translate.clone());
    let summarizer = res.summarizer(summary.clone());
    let progress = args.progress.progress("batch", files.len(), &res);
    let tm_state = match &res.tm {
        Some(tm) => tm.approved_fingerprint()?,
        None => "none".into(),
    };
    // A served model is known by what its server reports, so another model behind the same
    // URL does not serve stale results; asking needs the server up. The in-process model is
    // known by the hash of its files (another GGUF under the same name is another model), and
    // loaded only when a document needs it.
    let model = match args.pipeline.remote.endpoint {
        Some(_) => res.engine.get()?.fingerprint(),
        None => crate::engine::identity(res.engine.name()),
    };
    let fingerprint = Key::new()
        .part("glossary", &res.glossary_bytes)
        .part("tm", tm_state.as_bytes())
        .part("model", model.as_bytes())
        .part(
            "summary model",
            res.summary_engine
                .as_ref()
                .map(|e| crate::engine::identity(e.name()))
                .unwrap_or_default()
                .as_bytes(),
        )
        .part("translate", format!("{translate:?}").as_bytes())
        .part("summary", format!("{summary:?}").as_bytes())
        .part("version", env!("CARGO_PKG_VERSION").as_bytes())
        .finish();
    let batch = Batch {
        translator: &translator,
        summarizer: &summarizer,
        outdir: args.output.clone(),
        formats: args.formats.clone(),
        fingerprint: fingerprint.into_bytes(),
        resume: !args.no_resume,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.max(1))
        .build()?;
    let report = pool.install(|| batch.run(&files, &progress))?;
    if !args.progress.quiet && !args.progress.json_progress {
        eprintln!(
            "vibrief: {} documents, {} failed, {} with segments to review; report in {}",
            report.documents.len(),
            report.failed(),
            report.with_review(),
            args.output.join("index.md").display()
        );
    }
    Ok(if report.failed() > 0 || report.with_review() > 0 {
        Status::Problems
    } else {
        Status::Ok
    })
}
