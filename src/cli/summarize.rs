//! `vibrief summarize FILE...`: an English lead sentence and key points per article.

use super::setup::{PipelineArgs, SummaryArgs};
use super::Status;
use crate::pipeline::summarize::{Mode, Summarizer};
use crate::pipeline::translate::Translator;
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
    pub pipeline: PipelineArgs,
    #[command(flatten)]
    pub summary: SummaryArgs,
}

/// Runs `vibrief summarize`.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let res = args.pipeline.resources()?;
    let translator = Translator { glossary: &res.glossary, tm: res.tm.as_ref(), engine: Some(&res.engine), options: args.pipeline.translate_options() };
    let summarizer = Summarizer { glossary: &res.glossary, engine: Some(&res.engine), options: args.summary.options(&args.pipeline) };
    let mut status = Status::Ok;
    let mut stdout = std::io::stdout().lock();
    for path in &args.files {
        let result = crate::ingest::read_document(path).map_err(anyhow::Error::from).and_then(|doc| {
            match args.summary.mode {
                Mode::Abstractive => summarizer.abstractive(&doc),
                Mode::Extractive => summarizer.extractive(&doc, &translator),
            }
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
        });
        let summary = match result {
            Ok((s, _)) => s,
            Err(e) => {
                eprintln!("vibrief: {e:#}");
                status = Status::Error;
                continue;
            }
        };
        if !summary.issues.is_empty() {
            status = status.max(Status::Problems);
        }
        match args.format {
            Format::Json => writeln!(stdout, "{}", serde_json::json!({"path": path, "summary": summary}))?,
            Format::Text => {
                if args.files.len() > 1 {
                    writeln!(stdout, "== {}", path.display())?;
                }
                writeln!(stdout, "{}", summary.lead)?;
                for p in &summary.points {
                    writeln!(stdout, "- {p}")?;
                }
                for i in &summary.issues {
                    writeln!(stdout, "! needs review: {i}")?;
                }
            }
        }
    }
    Ok(status)
}
