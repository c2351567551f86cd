//! `vibrief tm`: import, export, match, search, add and stats on a translation memory.

use super::output::OutputArg;
use super::Status;
use crate::formats::tmx::TmxError;
use crate::tm::{
    self as vibrief_tm, Duplicates, ImportOptions, MatchOptions, Origin, Penalties, Query,
    SearchQuery, Side, Tm, TmError, TmMatch, Unit, UnitFilter,
};
use anyhow::Context as _;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Work with the translation memory (a SQLite file).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The TM file [default: $XDG_DATA_HOME/vibrief/tm.sqlite, else ~/.local/share/vibrief/tm.sqlite].
    #[arg(long, global = true, value_name = "PATH")]
    tm: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    output: OutputArg,
}

/// Output format for commands that print data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Import TMX files (each in one transaction: all of it or nothing).
    Import {
        /// TMX files (1.4b; 1.1–1.3 are read too).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Source language to use instead of the file's srclang.
        #[arg(long = "source-lang", alias = "src-lang")]
        src_lang: Option<String>,
        /// Import only this target language.
        #[arg(long = "target-lang", alias = "tgt-lang")]
        tgt_lang: Option<String>,
        /// Replace stored translations of the same source instead of keeping both.
        #[arg(long)]
        overwrite: bool,
        /// Origin for units without one [default: tm-import].
        #[arg(long)]
        origin: Option<String>,
        /// Status for units without one (approved or draft) [default: approved].
        #[arg(long)]
        status: Option<vibrief_tm::Status>,
        /// Print progress to stderr every 10 000 units.
        #[arg(long)]
        progress: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Export units as TMX 1.4b.
    Export {
        /// The output file, as `-o` gives it (kept for scripts written before `-o`).
        #[arg(hide = true, value_name = "FILE", conflicts_with = "output")]
        file: Option<PathBuf>,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Print the TM matches for a segment.
    Match {
        /// The source segment.
        text: String,
        /// Source language (BCP 47).
        #[arg(long = "source-lang", alias = "src-lang", default_value = "vi")]
        src_lang: String,
        /// Target language (BCP 47).
        #[arg(long = "target-lang", alias = "tgt-lang", default_value = "en")]
        tgt_lang: String,
        /// Lowest score shown (0–101).
        #[arg(long, default_value_t = 75, value_parser = clap::value_parser!(u8).range(0..=101))]
        threshold: u8,
        /// Most matches shown.
        #[arg(long, default_value_t = 5)]
        max: usize,
        /// Previous source segment, for context (101) matches.
        #[arg(long)]
        prev: Option<String>,
        /// Next source segment, for context (101) matches.
        #[arg(long)]
        next: Option<String>,
        /// Points off for draft units.
        #[arg(long, default_value_t = Penalties::default().draft)]
        draft_penalty: u8,
        /// Points off for machine-translated units.
        #[arg(long, default_value_t = Penalties::default().machine)]
        mt_penalty: u8,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Concordance search: units whose source (or target) contains a text.
    Search {
        /// The text to find (case-insensitive, normalized).
        text: String,
        /// Search the target instead of the source.
        #[arg(long, conflicts_with = "both")]
        target: bool,
        /// Search source and target.
        #[arg(long)]
        both: bool,
        /// Whole words only.
        #[arg(long)]
        words: bool,
        /// Source language (BCP 47).
        #[arg(long = "source-lang", alias = "src-lang")]
        src_lang: Option<String>,
        /// Target language (BCP 47).
        #[arg(long = "target-lang", alias = "tgt-lang")]
        tgt_lang: Option<String>,
        /// Most hits shown (0: all).
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Add one translation.
    Add {
        /// The source segment.
        source: String,
        /// Its translation.
        target: String,
        /// Source language (BCP 47).
        #[arg(long = "source-lang", alias = "src-lang", default_value = "vi")]
        src_lang: String,
        /// Target language (BCP 47).
        #[arg(long = "target-lang", alias = "tgt-lang", default_value = "en")]
        tgt_lang: String,
        /// human, tm-import or mt:<model>.
        #[arg(long, default_value = "human")]
        origin: String,
        #[arg(long, default_value = "approved")]
        status: vibrief_tm::Status,
        /// Who made it.
        #[arg(long)]
        author: Option<String>,
        /// A note kept with the unit.
        #[arg(long)]
        note: Option<String>,
        /// Previous source segment (context).
        #[arg(long)]
        prev: Option<String>,
        /// Next source segment (context).
        #[arg(long)]
        next: Option<String>,
        /// Replace stored translations of the same source.
        #[arg(long)]
        overwrite: bool,
    },
    /// Count units by language pair, origin and status.
    Stats {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

#[derive(Debug, clap::Args)]
struct FilterArgs {
    /// Source language (BCP 47).
    #[arg(long = "source-lang", alias = "src-lang")]
    src_lang: Option<String>,
    /// Target language (BCP 47).
    #[arg(long = "target-lang", alias = "tgt-lang")]
    tgt_lang: Option<String>,
    /// Origin, exact (mt:qwen) or family (mt).
    #[arg(long)]
    origin: Option<String>,
    /// Status: approved or draft.
    #[arg(long)]
    status: Option<vibrief_tm::Status>,
    /// Changed on or after this day (YYYY-MM-DD, UTC).
    #[arg(long, value_parser = parse_day)]
    since: Option<i64>,
    /// Changed before this day (YYYY-MM-DD, UTC).
    #[arg(long, value_parser = parse_day)]
    until: Option<i64>,
}

fn parse_day(s: &str) -> Result<i64, String> {
    vibrief_tm::time::parse_day(s).ok_or_else(|| format!("{s:?} is not a YYYY-MM-DD date"))
}

/// Runs `vibrief tm ...`.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let path = match args.tm {
        Some(p) => p,
        None => {
            Tm::default_path().context("no --tm given and neither XDG_DATA_HOME nor HOME is set")?
        }
    };
    // Only import and add write: the other commands read a TM they may not write to.
    let tm = match args.command {
        Command::Import { .. } | Command::Add { .. } => Tm::open(&path)?,
        _ => Tm::open_read_only(&path)?,
    };
    let mut output = args.output;
    if let Command::Export { file: Some(f), .. } = &args.command {
        output.output = Some(f.clone());
    }
    let inputs: Vec<&Path> = match &args.command {
        Command::Import { files, .. } => files.iter().map(PathBuf::as_path).collect(),
        _ => Vec::new(),
    };
    let mut out = output.open(inputs.into_iter().chain([path.as_path()]))?;
    let status = match args.command {
        Command::Import {
            files,
            src_lang,
            tgt_lang,
            overwrite,
            origin,
            status,
            progress,
            format,
        } => {
            let opts = ImportOptions {
                src_lang,
                tgt_lang,
                duplicates: if overwrite {
                    Duplicates::Overwrite
                } else {
                    Duplicates::KeepBoth
                },
                origin: origin.map(|o| o.parse::<Origin>().unwrap_or_else(|e| match e {})),
                status,
            };
            import(&tm, &files, &opts, progress, format, &mut out)?
        }
        Command::Export { filter, .. } => {
            let name = output.file().unwrap_or(Path::new("<stdout>"));
            export(&tm, name, filter, &mut out)?
        }
        Command::Match {
            text,
            src_lang,
            tgt_lang,
            threshold,
            max,
            prev,
            next,
            draft_penalty,
            mt_penalty,
            format,
        } => {
            let mut q = Query::new(&text, &src_lang, &tgt_lang);
            if prev.is_some() || next.is_some() {
                q = q.with_context(prev.as_deref(), next.as_deref());
            }
            let penalties = Penalties {
                draft: draft_penalty,
                machine: mt_penalty,
                ..Penalties::default()
            };
            let found = tm.lookup(
                &q,
                &MatchOptions {
                    threshold,
                    max,
                    penalties,
                    ..MatchOptions::default()
                },
            )?;
            print_matches(&found, format, &mut out)?;
            found_anything(!found.is_empty())
        }
        Command::Search {
            text,
            target,
            both,
            words,
            src_lang,
            tgt_lang,
            limit,
            format,
        } => {
            let side = if both {
                Side::Both
            } else if target {
                Side::Target
            } else {
                Side::Source
            };
            let q = SearchQuery {
                text,
                side,
                whole_words: words,
                src_lang,
                tgt_lang,
                limit,
            };
            let hits = tm.search(&q)?;
            let colour = out.colours();
            print_hits(&hits, format, colour, &mut out)?;
            found_anything(!hits.is_empty())
        }
        Command::Add {
            source,
            target,
            src_lang,
            tgt_lang,
            origin,
            status,
            author,
            note,
            prev,
            next,
            overwrite,
        } => {
            let mut unit = Unit::new(&src_lang, &tgt_lang, &source, &target);
            unit.origin = origin.parse::<Origin>().unwrap_or_else(|e| match e {});
            unit.status = status;
            unit.author = author;
            unit.tool = Some("vibrief".into());
            if let Some(value) = note {
                unit.meta
                    .notes
                    .push(crate::formats::tmx::Note { value, lang: None });
            }
            if prev.is_some() || next.is_some() {
                unit = unit.with_context(prev.as_deref(), next.as_deref());
            }
            let mode = if overwrite {
                Duplicates::Overwrite
            } else {
                Duplicates::KeepBoth
            };
            match tm.add(&unit, mode)? {
                vibrief_tm::AddOutcome::Added(id) => writeln!(out, "added unit {id}")?,
                vibrief_tm::AddOutcome::Updated(id) => {
                    writeln!(out, "updated unit {id} (same source and target)")?
                }
                vibrief_tm::AddOutcome::Replaced { id, removed } => writeln!(
                    out,
                    "replaced the translation of unit {id} ({removed} other alternatives removed)"
                )?,
            }
            Status::Ok
        }
        Command::Stats { format } => {
            let stats = tm.stats()?;
            if format == Format::Json {
                serde_json::to_writer_pretty(&mut out, &stats)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{} units in {}", stats.units, path.display())?;
                for (s, t, n) in &stats.pairs {
                    writeln!(out, "  {s} → {t}: {n}")?;
                }
                writeln!(out, "by origin:")?;
                for (o, n) in &stats.origins {
                    writeln!(out, "  {o}: {n}")?;
                }
                writeln!(out, "by status:")?;
                for (s, n) in &stats.statuses {
                    writeln!(out, "  {s}: {n}")?;
                }
            }
            Status::Ok
        }
    };
    out.finish(status)?;
    Ok(status)
}

/// Exit 0 when something was found, 1 when nothing was (as grep does).
fn found_anything(found: bool) -> Status {
    if found {
        Status::Ok
    } else {
        Status::Problems
    }
}

fn import(
    tm: &Tm,
    files: &[PathBuf],
    opts: &ImportOptions,
    progress: bool,
    format: Format,
    out: &mut impl Write,
) -> anyhow::Result<Status> {
    let mut status = Status::Ok;
    let mut reports = Vec::new();
    for file in files {
        let mut tick = |r: &vibrief_tm::ImportReport| {
            if progress {
                eprintln!(
                    "{}: {} units read, {} stored",
                    file.display(),
                    r.tus,
                    r.added + r.updated + r.replaced
                );
            }
        };
        let report = tm.import_tmx(file, opts, &mut tick)?;
        for w in &report.warnings {
            let unit = w.tu.map(|n| format!("tu #{n}: ")).unwrap_or_default();
            eprintln!(
                "vibrief: warning: {}:{}: {unit}{}",
                file.display(),
                w.line,
                w.message
            );
        }
        if report.warning_count > report.warnings.len() as u64 {
            eprintln!(
                "vibrief: warning: {}: {} more warnings",
                file.display(),
                report.warning_count - report.warnings.len() as u64
            );
        }
        if report.skipped > 0 {
            status = Status::Problems;
        }
        if format == Format::Text {
            writeln!(
                out,
                "{}: {} tu read; {} units added, {} updated, {} replaced, {} skipped, {} filtered out; {} warnings",
                file.display(),
                report.tus,
                report.added,
                report.updated,
                report.replaced,
                report.skipped,
                report.filtered,
                report.warning_count
            )?;
        }
        reports.push(serde_json::json!({
            "file": file, "tus": report.tus, "added": report.added, "updated": report.updated,
            "replaced": report.replaced, "skipped": report.skipped, "filtered": report.filtered,
            "warnings": report.warning_count,
        }));
    }
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &reports)?;
        writeln!(out)?;
    }
    Ok(status)
}

fn export(tm: &Tm, name: &Path, f: FilterArgs, out: &mut impl Write) -> anyhow::Result<Status> {
    let filter = UnitFilter {
        src_lang: f.src_lang,
        tgt_lang: f.tgt_lang,
        origin: f.origin,
        status: f.status,
        since: f.since,
        until: f.until,
    };
    let n = tm.export_tmx(out, name, &filter).map_err(|e| match e {
        // A file output names itself in its write errors: said once, not twice.
        TmError::Tmx(TmxError::Io { source, .. }) if name != Path::new("<stdout>") => {
            anyhow::Error::from(source)
        }
        e => e.into(),
    })?;
    eprintln!("exported {n} units");
    Ok(Status::Ok)
}

fn match_json(m: &TmMatch) -> serde_json::Value {
    serde_json::json!({
        "score": m.score, "similarity": m.similarity, "kind": m.kind.name(), "id": m.unit.id,
        "source": m.unit.source, "target": m.unit.target, "proposal": m.proposal,
        "origin": m.unit.origin.to_string(), "status": m.unit.status.to_string(),
        "src_lang": m.unit.src_lang, "tgt_lang": m.unit.tgt_lang,
    })
}

fn print_matches(found: &[TmMatch], format: Format, out: &mut impl Write) -> anyhow::Result<()> {
    if format == Format::Json {
        let all: Vec<_> = found.iter().map(match_json).collect();
        serde_json::to_writer_pretty(&mut *out, &all)?;
        writeln!(out)?;
        return Ok(());
    }
    for m in found {
        writeln!(
            out,
            "{:>3}  {}  {} {}  #{}",
            m.score,
            m.kind.name(),
            m.unit.origin,
            m.unit.status,
            m.unit.id
        )?;
        writeln!(out, "     source:   {}", m.unit.source)?;
        writeln!(out, "     target:   {}", m.unit.target)?;
        if m.proposal != m.unit.target {
            writeln!(out, "     proposal: {}", m.proposal)?;
        }
    }
    Ok(())
}

fn highlight(text: &str, spans: &[crate::doc::Span], color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::with_capacity(text.len() + spans.len() * 4);
    let mut at = 0;
    for s in spans {
        if s.start < at {
            continue;
        }
        out.push_str(&text[at..s.start]);
        out.push_str(open);
        out.push_str(&text[s.range()]);
        out.push_str(close);
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Prints concordance hits; with `colour`, the hits are bold red rather than `[bracketed]`.
fn print_hits(
    hits: &[vibrief_tm::Hit],
    format: Format,
    colour: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if format == Format::Json {
        let span = |s: &crate::doc::Span| serde_json::json!([s.start, s.end]);
        let all: Vec<_> = hits
            .iter()
            .map(|h| {
                serde_json::json!({
                    "id": h.unit.id, "source": h.unit.source, "target": h.unit.target,
                    "src_lang": h.unit.src_lang, "tgt_lang": h.unit.tgt_lang,
                    "origin": h.unit.origin.to_string(), "status": h.unit.status.to_string(),
                    "source_spans": h.source_spans.iter().map(span).collect::<Vec<_>>(),
                    "target_spans": h.target_spans.iter().map(span).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &all)?;
        writeln!(out)?;
        return Ok(());
    }
    for h in hits {
        writeln!(
            out,
            "#{}  {} → {}  {} {}",
            h.unit.id, h.unit.src_lang, h.unit.tgt_lang, h.unit.origin, h.unit.status
        )?;
        writeln!(
            out,
            "     {}",
            highlight(&h.unit.source, &h.source_spans, colour)
        )?;
        writeln!(
            out,
            "     {}",
            highlight(&h.unit.target, &h.target_spans, colour)
        )?;
    }
    Ok(())
}
