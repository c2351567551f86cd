//! `vibrief clean FILE... [--format text|json] [-o OUT]`: cleans and segments articles.
//!
//! Each bad input is reported on its own line (`vibrief: FILE: reason`) and the others are
//! still processed; the exit status is 2 when any input failed.

use super::output::OutputArg;
use super::Status;
use crate::doc::Document;
use crate::ingest;
use crate::text::normalize;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `vibrief clean`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Articles to clean (UTF-8 .txt or .md); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format: readable text, or one JSON object per article per line.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    output: OutputArg,
}

/// How `clean` prints documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Title, dateline and source, then one sentence per line with its id, then what was
    /// removed and the related articles.
    Text,
    /// JSON Lines: one document object per input file (schema in the README).
    Json,
}

/// Runs `vibrief clean`.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let mut out = args.output.open(args.files.iter().map(PathBuf::as_path))?;
    let mut status = Status::Ok;
    for path in &args.files {
        match ingest::read_document(path) {
            Ok(doc) => match args.format {
                Format::Json => {
                    serde_json::to_writer(&mut out, &doc)?;
                    writeln!(out)?;
                }
                Format::Text => write_text(&mut out, &doc, "")?,
            },
            Err(err) => {
                out.flush()?;
                eprintln!("vibrief: {err}");
                status = Status::Error;
            }
        }
    }
    out.finish(status)?;
    Ok(status)
}

/// The text format: a header, one sentence per line under its paragraph, removed pieces.
/// Everything printed is normalized text, so NFC and NFD twins print the same; byte spans are
/// in the JSON format.
fn write_text(out: &mut impl Write, doc: &Document, indent: &str) -> std::io::Result<()> {
    if let Some(path) = &doc.path {
        writeln!(out, "{indent}== {}", path.display())?;
    }
    if let Some(t) = &doc.title {
        writeln!(out, "{indent}{:<8} {}", t.id, t.text)?;
    }
    for (name, piece) in [
        ("date", &doc.date),
        ("place", &doc.place),
        ("source", &doc.source),
    ] {
        if let Some(p) = piece {
            writeln!(out, "{indent}{name:<8} {}", p.text)?;
        }
    }
    for p in &doc.paragraphs {
        writeln!(out)?;
        for s in &p.sentences {
            writeln!(out, "{indent}{:<8} {}", s.id, s.text)?;
        }
    }
    if !doc.removed.is_empty() {
        writeln!(out, "\n{indent}removed:")?;
        for r in &doc.removed {
            writeln!(
                out,
                "{indent}  {:<18} {}",
                r.reason.as_str(),
                normalize::text(&r.text)
            )?;
        }
    }
    for (n, related) in doc.related.iter().enumerate() {
        writeln!(out, "\n{indent}related r{}:", n + 1)?;
        write_text(out, related, &format!("{indent}  "))?;
    }
    writeln!(out)
}
