//! `vibrief check --glossary G... FILE...`: glossary compliance of bilingual files, for
//! reviewers. Exit 0 when clean, 1 when violations or inconsistencies are found, 2 when a
//! file could not be read (the other files are still checked).

use super::glossary::{load_glossary, LangArgs};
use super::output::OutputArg;
use super::output::ReportFormat;
use super::Status;
use crate::check::{self, render, InputFormat};
use std::path::PathBuf;

/// Arguments of `vibrief check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Glossary files (TSV, CSV, TBX); earlier ones win when sources collide.
    #[arg(short, long = "glossary", required = true, value_name = "GLOSSARY")]
    glossaries: Vec<PathBuf>,
    /// Bilingual files to check.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Read every FILE as this format instead of going by extension.
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
    #[command(flatten)]
    lang: LangArgs,
    #[command(flatten)]
    output: OutputArg,
}

/// Runs `vibrief check`.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let glossary = load_glossary(&args.glossaries, &args.lang)?;
    if glossary.is_empty() {
        let names: Vec<String> = args
            .glossaries
            .iter()
            .map(|g| g.display().to_string())
            .collect();
        anyhow::bail!(
            "{}: no glossary entries for {} → {}, so nothing can be checked",
            names.join(", "),
            args.lang.source_lang,
            args.lang.target_lang
        );
    }
    let mut segments = Vec::new();
    let mut errors = Vec::new();
    for file in &args.files {
        let (vi, en) = (&args.lang.source_lang, &args.lang.target_lang);
        match check::input::read(file, args.input_format, vi, en) {
            Ok(input) => {
                for w in &input.warnings {
                    eprintln!("vibrief: warning: {w}");
                }
                segments.extend(input.segments);
            }
            Err(e) => {
                eprintln!("vibrief: {e}");
                errors.push(render::FileError {
                    file: file.display().to_string(),
                    message: e.to_string(),
                });
            }
        }
    }
    let report = check::check(&glossary, &segments);
    if report.terms_checked == 0 && !segments.is_empty() {
        eprintln!(
            "vibrief: warning: {} segments read, and no glossary term occurs in their Vietnamese \
             side: 0 terms checked",
            segments.len()
        );
    }
    let inputs = args.glossaries.iter().chain(&args.files);
    let mut out = args.output.open(inputs.map(PathBuf::as_path))?;
    match args.format {
        ReportFormat::Text => render::text(&mut out, &report, &segments, &errors)?,
        ReportFormat::Json => render::json(&mut out, &report, &errors)?,
    }
    // Written even when files could not be read: the report names them.
    out.finish(Status::Ok)?;
    Ok(if !errors.is_empty() {
        Status::Error
    } else if report.is_clean() {
        Status::Ok
    } else {
        Status::Problems
    })
}
