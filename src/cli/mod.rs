//! The command line: clap definitions, exit codes and the dispatch to each subcommand.
//!
//! Exit status follows ripgrep and ruff: 0 success, 1 "found problems" (violations, segments
//! needing review), 2 error. A broken pipe exits quietly.
//!
//! May depend on: `batch`, `check`, `doc`, `engine`, `formats`, `glossary`, `ingest`, `models`, `outfile`, `pipeline`, `progress`, `text`, `tm`.

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
    quiet_when_stderr_closes();
    let cli = Cli::parse();
    match run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            if is_broken_pipe(&err) {
                return Status::Ok.into();
            }
            eprintln!("vibrief: {}", message(&err));
            Status::Error.into()
        }
    }
}

/// A closed standard error (`vibrief … 2>&1 | head -1` once `head` is gone) ends the run
/// quietly with exit status 2, instead of a panic (status 101) from the next `eprintln!`: the
/// run cannot say anything more, and a closed standard output already ends it quietly.
fn quiet_when_stderr_closes() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let text = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.starts_with("failed printing to stderr") {
            std::process::exit(Status::Error as i32);
        }
        default(info)
    }));
}

/// `err` and its causes, `: `-separated, each said once: an error whose message already holds
/// its cause's ("out.tmx: No space left on device", caused by "No space left on device") would
/// otherwise print it twice or three times over.
fn message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_message_says_each_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device");
        let err = anyhow::Error::new(io)
            .context("out.tmx: No space left on device")
            .context("cannot export");
        assert_eq!(
            message(&err),
            "cannot export: out.tmx: No space left on device"
        );
    }
}
