//! `vibrief translate FILE...`: the English translation of each article, segment by segment
//! (TM first, then the model, verified and repaired), as text, JSON, XLIFF or TMX.

use super::setup::{
    create_output_dir, each_article, stem, write_output, PipelineArgs, ProgressArgs,
};
use super::Status;
use crate::doc::translated::TranslatedDocument;
use std::io::Write;
use std::path::PathBuf;

/// Output formats of `translate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The English text, one paragraph per line.
    Text,
    /// Every segment with origin, score, terms, issues and status (what `vibrief check` reads).
    Json,
    /// XLIFF 2.1.
    Xliff,
    /// XLIFF 1.2.
    Xliff12,
    /// TMX 1.4b (source and target of every segment).
    Tmx,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Json => "json",
            Format::Xliff | Format::Xliff12 => "xlf",
            Format::Tmx => "tmx",
        }
    }

    fn render(self, doc: &TranslatedDocument) -> anyhow::Result<String> {
        Ok(match self {
            Format::Text => text(doc),
            Format::Json => serde_json::to_string_pretty(doc)?,
            Format::Xliff => crate::formats::xliff::write::xliff21(doc),
            Format::Xliff12 => crate::formats::xliff::write::xliff12(doc),
            Format::Tmx => crate::formats::tmx_export::document(doc)?,
        })
    }
}

/// The English text: title, a blank line, then one line per paragraph.
pub fn text(doc: &TranslatedDocument) -> String {
    let mut out = String::new();
    if let Some(t) = doc.title() {
        out.push_str(&t.target);
        out.push_str("\n\n");
    }
    for p in doc.paragraphs() {
        out.push_str(
            &p.iter()
                .map(|s| s.target.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        out.push('\n');
    }
    out
}

/// Arguments of `vibrief translate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Articles (UTF-8 .txt or .md); `-` reads standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Output: a file for one input, a folder (one file per article) for several. Default:
    /// standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// Runs `vibrief translate`.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let res = args.pipeline.resources(None)?;
    let translator = res.translator(args.pipeline.translate_options());
    let to_dir = args
        .output
        .as_ref()
        .filter(|o| args.files.len() > 1 || o.is_dir());
    if let Some(dir) = to_dir {
        create_output_dir(dir)?;
    }
    let progress = args.progress.progress("translate", args.files.len(), &res);
    let mut stdout = std::io::stdout().lock();
    Ok(each_article(
        &args.files,
        &progress,
        |d| d.sentences().count(),
        |path, doc| {
            let doc = translator.translate(&doc, &|n| progress.segments_done(n))?;
            let rendered = args.format.render(&doc)?;
            match (&args.output, to_dir) {
                (_, Some(dir)) => write_output(
                    &dir.join(format!("{}.{}", stem(path), args.format.extension())),
                    &rendered,
                )?,
                (Some(file), None) => write_output(file, &rendered)?,
                (None, None) => write!(stdout, "{rendered}")?,
            }
            Ok(if doc.stats.needs_review > 0 {
                Status::Problems
            } else {
                Status::Ok
            })
        },
    ))
}
