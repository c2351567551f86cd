//! `vibrief glossary validate|lookup|export`: check a glossary for problems, show where its
//! terms occur in a text, and convert between TSV, CSV and TBX.

use super::output::OutputArg;
use super::output::ReportFormat;
use super::Status;
use crate::glossary::formats::{self, Format, Loaded};
use crate::glossary::validate::validate;
use crate::glossary::{Glossary, LoadOptions};
use anyhow::Context;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Language pair and name rendering, shared by every command that loads glossaries.
#[derive(Debug, Clone, clap::Args)]
pub struct LangArgs {
    /// Source language code in multilingual glossaries and bilingual files.
    #[arg(long, alias = "src-lang", default_value = "vi", value_name = "CODE")]
    pub source_lang: String,
    /// Target language code in multilingual glossaries and TMX inputs.
    #[arg(long, alias = "tgt-lang", default_value = "en", value_name = "CODE")]
    pub target_lang: String,
    /// Render `{name}` and `{province}` values and country names without diacritics
    /// (Đà Nẵng → Da Nang).
    #[arg(long)]
    pub strip_diacritics: bool,
}

impl LangArgs {
    /// The load options these flags say.
    pub fn options(&self) -> LoadOptions {
        LoadOptions {
            source_lang: self.source_lang.clone(),
            target_lang: self.target_lang.clone(),
            strip_name_diacritics: self.strip_diacritics,
        }
    }
}

/// Arguments of `vibrief glossary`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
    #[command(flatten)]
    output: OutputArg,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Report duplicates, conflicting targets, forbidden renderings that are also accepted,
    /// empty fields and bad slots, with line numbers. Exit 1 when problems are found.
    Validate {
        /// Glossary files; problems across files (a duplicate in another file) are reported too.
        #[arg(required = true, value_name = "GLOSSARY")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        lang: LangArgs,
    },
    /// Print the glossary terms found in a text, with byte spans.
    Lookup {
        /// Glossary files; earlier ones win when sources collide.
        #[arg(short, long = "glossary", required = true, value_name = "GLOSSARY")]
        glossaries: Vec<PathBuf>,
        /// Text files to search (standard input when none and no --text).
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Search this text instead of files.
        #[arg(long, conflicts_with = "files")]
        text: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
        #[command(flatten)]
        lang: LangArgs,
    },
    /// Convert glossaries (merged in order) to TSV, CSV or TBX v3.
    Export {
        /// Glossary files to read.
        #[arg(required = true, value_name = "GLOSSARY")]
        files: Vec<PathBuf>,
        /// Output format (default: from the output's extension, else TSV).
        #[arg(long, value_enum)]
        to: Option<Format>,
        #[command(flatten)]
        lang: LangArgs,
    },
}

/// Runs `vibrief glossary`.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let output = &args.output;
    match args.command {
        Sub::Validate { files, lang } => {
            let mut out = output.open(paths(&files))?;
            let status = run_validate(&files, &lang.options(), &mut out)?;
            out.finish(status)?;
            Ok(status)
        }
        Sub::Lookup {
            glossaries,
            files,
            text,
            format,
            lang,
        } => {
            let mut out = output.open(paths(&glossaries).chain(paths(&files)))?;
            run_lookup(&glossaries, &files, text, format, &lang, &mut out)?;
            out.finish(Status::Ok)?;
            Ok(Status::Ok)
        }
        Sub::Export { files, to, lang } => {
            let format = to
                .or_else(|| output.file().and_then(Format::from_path))
                .unwrap_or(Format::Tsv);
            let mut out = output.open(paths(&files))?;
            run_export(&files, format, &lang.options(), &mut out)?;
            out.finish(Status::Ok)?;
            Ok(Status::Ok)
        }
    }
}

fn paths(files: &[PathBuf]) -> impl Iterator<Item = &Path> {
    files.iter().map(PathBuf::as_path)
}

/// Reads one glossary file, printing its warnings and skipped-concept count on stderr.
fn read_reporting(path: &Path, opts: &LoadOptions) -> Result<Loaded, crate::glossary::Error> {
    let loaded = formats::read(path, opts)?;
    for w in &loaded.warnings {
        eprintln!("vibrief: warning: {w}");
    }
    if loaded.skipped > 0 {
        eprintln!(
            "vibrief: {}: {} concepts have no {} → {} pair and were skipped",
            path.display(),
            loaded.skipped,
            opts.source_lang,
            opts.target_lang
        );
    }
    Ok(loaded)
}

/// Loads and compiles glossaries as the CLI does everywhere (warnings on stderr).
pub fn load_glossary(paths: &[PathBuf], lang: &LangArgs) -> anyhow::Result<Glossary> {
    let opts = lang.options();
    let mut entries = Vec::new();
    for p in paths {
        entries.extend(read_reporting(p, &opts)?.entries);
    }
    Ok(Glossary::from_entries(entries, &opts)?)
}

fn run_validate(
    files: &[PathBuf],
    opts: &LoadOptions,
    out: &mut impl Write,
) -> anyhow::Result<Status> {
    let mut entries = Vec::new();
    let mut failed = false;
    for f in files {
        match read_reporting(f, opts) {
            Ok(l) => entries.extend(l.entries),
            Err(e) => {
                eprintln!("vibrief: {e}");
                failed = true;
            }
        }
    }
    let problems = validate(&entries);
    for p in &problems {
        writeln!(out, "{p}")?;
    }
    writeln!(
        out,
        "{} entries, {} problems",
        entries.len(),
        problems.len()
    )?;
    Ok(if failed {
        Status::Error
    } else if problems.is_empty() {
        Status::Ok
    } else {
        Status::Problems
    })
}

fn run_lookup(
    glossaries: &[PathBuf],
    files: &[PathBuf],
    text: Option<String>,
    format: ReportFormat,
    lang: &LangArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let glossary = load_glossary(glossaries, lang)?;
    let mut inputs: Vec<(String, String)> = Vec::new();
    if let Some(t) = text {
        inputs.push(("<text>".into(), t));
    } else if files.is_empty() {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading standard input")?;
        inputs.push(("<stdin>".into(), s));
    }
    for f in files {
        let bytes = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
        let (t, _) = crate::formats::encoding::decode(&bytes)
            .with_context(|| format!("reading {}", f.display()))?;
        inputs.push((f.display().to_string(), t));
    }
    let mut json = Vec::new();
    for (name, t) in &inputs {
        for hit in glossary.find(t) {
            let line = crate::formats::encoding::line_of(t, hit.span.start);
            match format {
                ReportFormat::Text => {
                    let one_line = hit.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    writeln!(
                        out,
                        "{name}:{line}:{}..{}\t{one_line}\t{}\t{}",
                        hit.span.start, hit.span.end, hit.target, hit.entry.origin
                    )?;
                }
                ReportFormat::Json => json.push(serde_json::json!({
                    "file": name,
                    "line": line,
                    "start": hit.span.start,
                    "end": hit.span.end,
                    "text": hit.text,
                    "entry": hit.entry.source,
                    "origin": hit.entry.origin.to_string(),
                    "target": hit.target,
                    "variants": hit.variants,
                    "forbidden": hit.forbidden,
                })),
            }
        }
    }
    if format == ReportFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &json)?;
        writeln!(out)?;
    }
    Ok(())
}

fn run_export(
    files: &[PathBuf],
    format: Format,
    opts: &LoadOptions,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut entries = Vec::new();
    for f in files {
        entries.extend(read_reporting(f, opts)?.entries);
    }
    formats::write(&entries, format, opts, out)?;
    Ok(())
}
