//! `vibrief translate FILE...`: the English translation of each article, segment by segment
//! (TM first, then the model, verified and repaired), as text, JSON, XLIFF or TMX.

use super::setup::PipelineArgs;
use super::Status;
use crate::pipeline::outcome::TranslatedDocument;
use crate::pipeline::translate::Translator;
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
        out.push_str(&p.iter().map(|s| s.target.as_str()).collect::<Vec<_>>().join(" "));
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
}

/// Runs `vibrief translate`.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let res = args.pipeline.resources()?;
    let translator = Translator { glossary: &res.glossary, tm: res.tm.as_ref(), engine: Some(&res.engine), options: args.pipeline.translate_options() };
    let to_dir = args.output.as_ref().filter(|o| args.files.len() > 1 || o.is_dir());
    if let Some(dir) = to_dir {
        std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: cannot create output folder: {e}", dir.display()))?;
    }
    let mut status = Status::Ok;
    let mut stdout = std::io::stdout().lock();
    for path in &args.files {
        let result = crate::ingest::read_document(path)
            .map_err(anyhow::Error::from)
            .and_then(|doc| translator.translate(&doc, &|_| {}).map_err(|e| anyhow::anyhow!("{}: {e}", path.display())));
        let doc = match result {
            Ok(d) => d,
            Err(e) => {
                eprintln!("vibrief: {e:#}");
                status = Status::Error;
                continue;
            }
        };
        if doc.stats.needs_review > 0 {
            status = status.max(Status::Problems);
        }
        let rendered = args.format.render(&doc)?;
        match (&args.output, to_dir) {
            (_, Some(dir)) => {
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "stdin".into());
                let out = dir.join(format!("{stem}.{}", args.format.extension()));
                crate::batch::atomic::write(&out, rendered.as_bytes()).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
            }
            (Some(file), None) => crate::batch::atomic::write(file, rendered.as_bytes()).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?,
            (None, None) => write!(stdout, "{rendered}")?,
        }
    }
    Ok(status)
}
