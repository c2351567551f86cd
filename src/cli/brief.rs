//! `vibrief brief FILE... [-o DIR] [--format md,html,json,xliff]`: the English brief of each
//! article (translation and summary in parallel), related articles included.

use super::setup::{
    create_output_dir, each_article, segments, stem, write_output, PipelineArgs, ProgressArgs,
    SummaryArgs,
};
use super::Status;
use crate::batch::run::OutputFormat;
use crate::pipeline::brief::brief;
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
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// Runs `vibrief brief`.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let res = args.pipeline.resources(Some(&args.summary))?;
    let translator = res.translator(args.pipeline.translate_options());
    let summarizer = res.summarizer(args.summary.options(&args.pipeline));
    if let Some(dir) = &args.output {
        create_output_dir(dir)?;
    }
    let progress = args.progress.progress("brief", args.files.len(), &res);
    let mut stdout = std::io::stdout().lock();
    Ok(each_article(
        &args.files,
        &progress,
        segments,
        |path, doc| {
            let mut status = Status::Ok;
            for (name, unit) in doc.with_related(&stem(path)) {
                let result = brief(&unit, &translator, &summarizer, &|n| {
                    progress.segments_done(n)
                })?;
                if result.stats.needs_review > 0
                    || result
                        .summary
                        .as_ref()
                        .is_some_and(|s| !s.issues.is_empty())
                {
                    status = Status::Problems;
                }
                for f in &args.format {
                    let text = f.render(&result);
                    match &args.output {
                        Some(dir) => {
                            write_output(&dir.join(format!("{name}.{}", f.extension())), &text)?
                        }
                        None => writeln!(stdout, "{text}")?,
                    }
                }
            }
            Ok(status)
        },
    ))
}
