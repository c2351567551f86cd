//! `vibrief brief FILE... [-o DIR] [--format md,html,json,xliff]`: the English brief of each
//! article (translation and summary in parallel), related articles included.

use super::setup::{PipelineArgs, SummaryArgs};
use super::Status;
use crate::batch::run::OutputFormat;
use crate::pipeline::brief::brief;
use crate::pipeline::summarize::Summarizer;
use crate::pipeline::translate::Translator;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `vibrief brief`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Articles (UTF-8 .txt or .md); `-` reads standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output folder: one file per article and format (`NAME.md`, `NAME.related-1.md`, ...).
    /// Without it the brief goes to standard output.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Output formats, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "md")]
    pub format: Vec<OutputFormat>,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    #[command(flatten)]
    pub summary: SummaryArgs,
}

/// Runs `vibrief brief`.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let res = args.pipeline.resources()?;
    let translator = Translator { glossary: &res.glossary, tm: res.tm.as_ref(), engine: Some(&res.engine), options: args.pipeline.translate_options() };
    let summarizer = Summarizer { glossary: &res.glossary, engine: Some(&res.engine), options: args.summary.options(&args.pipeline) };
    if let Some(dir) = &args.output {
        std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: cannot create output folder: {e}", dir.display()))?;
    }
    let mut status = Status::Ok;
    let mut stdout = std::io::stdout().lock();
    for path in &args.files {
        let doc = match crate::ingest::read_document(path) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("vibrief: {e}");
                status = Status::Error;
                continue;
            }
        };
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "stdin".into());
        let units = std::iter::once((stem.clone(), doc.clone())).chain(doc.related.iter().enumerate().map(|(k, r)| (format!("{stem}.related-{}", k + 1), r.clone())));
        for (name, mut unit) in units {
            unit.related.clear();
            let result = match brief(&unit, &translator, &summarizer, &|_| {}) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("vibrief: {}: {e}", path.display());
                    status = Status::Error;
                    continue;
                }
            };
            if result.stats.needs_review > 0 || result.summary.as_ref().is_some_and(|s| !s.issues.is_empty()) {
                status = status.max(Status::Problems);
            }
            for f in &args.format {
                let text = f.render(&result);
                match &args.output {
                    Some(dir) => {
                        let out = dir.join(format!("{name}.{}", f.extension()));
                        crate::batch::atomic::write(&out, text.as_bytes()).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
                    }
                    None => writeln!(stdout, "{text}")?,
                }
            }
        }
    }
    Ok(status)
}
