//! `vibrief summarize FILE...`: an English lead sentence and key points per article.

use super::output::OutputArg;
use super::setup::{each_article, PipelineArgs, ProgressArgs, SummaryArgs};
use super::Status;
use std::io::Write;
use std::path::PathBuf;

/// Output formats of `summarize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The lead, then one `- ` line per key point.
    Text,
    /// The summary object (mode, lead, points, issues, status) per article, one per line.
    Json,
}

/// Arguments of `vibrief summarize`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Articles (UTF-8 .txt or .md); `-` reads standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[command(flatten)]
    pub output: OutputArg,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    #[command(flatten)]
    pub summary: SummaryArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// Runs `vibrief summarize`.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let res = args.pipeline.resources(Some(&args.summary))?;
    let translator = res.translator(args.pipeline.translate_options());
    let summarizer = res.summarizer(args.summary.options(&args.pipeline));
    let mut out = args.output.open(args.files.iter().map(PathBuf::as_path))?;
    let progress = args.progress.progress("summarize", args.files.len(), &res);
    let status = each_article(
        &args.files,
        &progress,
        |_| 1,
        |path, doc| {
            let (summary, _) = summarizer.summary(&doc, &translator)?;
            progress.segments_done(1);
            match args.format {
                Format::Json => writeln!(
                    out,
                    "{}",
                    serde_json::json!({"path": path, "summary": summary})
                )?,
                Format::Text => {
                    if args.files.len() > 1 {
                        writeln!(out, "== {}", path.display())?;
                    }
                    writeln!(out, "{}", summary.lead)?;
                    for p in &summary.points {
                        writeln!(out, "- {p}")?;
                    }
                    for i in &summary.issues {
                        writeln!(out, "! needs review: {i}")?;
                    }
                }
            }
            Ok(if summary.issues.is_empty() {
                Status::Ok
            } else {
                Status::Problems
            })
        },
    );
    out.finish(status)?;
    Ok(status)
}
