//! The command line: clap definitions, exit codes and the dispatch to each subcommand.
//!
//! Exit status follows ripgrep and ruff: 0 success, 1 "found problems" (violations, segments
//! needing review), 2 error. A broken pipe exits quietly.

pub mod batch;
pub mod brief;
pub mod check;
pub mod clean;
pub mod glossary;
pub mod models;
pub mod output;
pub mod setup;
pub mod summarize;
pub mod tm;
pub mod translate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// How a run ended, as the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Everything worked and nothing needs attention.
    Ok = 0,
    /// The run worked and found problems (violations, segments needing review).
    Problems = 1,
    /// The run failed.
    Error = 2,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> Self {
        ExitCode::from(s as u8)
    }
}

/// Vietnamese news in, English briefs out.
#[derive(Debug, Parser)]
#[command(name = "vibrief", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// English briefs: translation and summary of each article, in parallel.
    Brief(brief::Args),
    /// Translate articles segment by segment (TM first, then the model; verified, repaired).
    Translate(translate::Args),
    /// Summarize articles in English (lead sentence and key points).
    Summarize(summarize::Args),
    /// Briefs for a whole corpus: parallel, resumable, with progress and a report.
    Batch(batch::Args),
    /// Clean scraped articles: structure, sentences, and what was removed.
    Clean(clean::Args),
    /// Validate, search and convert glossaries.
    Glossary(glossary::Args),
    /// Check bilingual files (TSV, XLIFF, vibrief JSON) against glossaries.
    Check(check::Args),
    /// Translation memory: import, export, match, search, add, stats.
    Tm(tm::Args),
    /// List, fetch, verify and locate model files.
    Models(models::Args),
}

/// Parses the arguments, runs the subcommand and maps the outcome to an exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            if is_broken_pipe(&err) {
                return Status::Ok.into();
            }
            eprintln!("vibrief: {err:#}");
            Status::Error.into()
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Brief(args) => brief::run(args),
        Command::Translate(args) => translate::run(args),
        Command::Summarize(args) => summarize::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Clean(args) => clean::run(args),
        Command::Glossary(args) => glossary::run(args),
        Command::Check(args) => check::run(args),
        Command::Tm(args) => tm::run(args),
        Command::Models(args) => models::run(args),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
