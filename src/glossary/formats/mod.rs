//! Glossary file formats: TSV/CSV (with or without a header, multilingual language-code
//! headers) and TBX (v2 `martif`, v3 `tbx`, hybrids), read into [`Entry`] lists; TSV, CSV and
//! TBX v3 written back.

pub mod delimited;
pub mod tbx_read;
pub mod tbx_write;

use super::error::Error;
use super::model::{Entry, LoadOptions};
use crate::formats::file::read_text;
use std::path::Path;

/// A glossary file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tab-separated values (`.tsv`, `.tab`, `.txt`); no quoting, as OmegaT writes it.
    Tsv,
    /// Comma-separated values, RFC 4180 quoting (`.csv`).
    Csv,
    /// TermBase eXchange (`.tbx`): v2 and v3 read, v3 written.
    Tbx,
}

impl Format {
    /// The format a file name's extension says, if any.
    ///
    /// ```
    /// use vibrief::glossary::formats::Format;
    /// assert_eq!(Format::from_path("terms.TBX".as_ref()), Some(Format::Tbx));
    /// assert_eq!(Format::from_path("terms.tab".as_ref()), Some(Format::Tsv));
    /// ```
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "tsv" | "tab" | "txt" | "utf8" => Some(Format::Tsv),
            "csv" => Some(Format::Csv),
            "tbx" => Some(Format::Tbx),
            _ => None,
        }
    }
}

/// What a read produced: the entries, plus what the reader noticed but did not treat as an error.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
    /// Things worth telling the user (unknown columns, unknown statuses), each with its line.
    pub warnings: Vec<String>,
    /// Concepts skipped because they lack a term in the source or target language.
    pub skipped: usize,
}

/// Reads a glossary file, its format from the extension.
pub fn read(path: &Path, opts: &LoadOptions) -> Result<Loaded, Error> {
    let format = Format::from_path(path).ok_or_else(|| Error::UnknownFormat {
        path: path.to_owned(),
    })?;
    read_as(path, format, opts)
}

/// Reads a glossary file in the given format.
pub fn read_as(path: &Path, format: Format, opts: &LoadOptions) -> Result<Loaded, Error> {
    read_str(&read_text(path)?, format, path, opts)
}

/// Reads glossary text already decoded; `path` names it in errors and entry origins.
pub fn read_str(
    text: &str,
    format: Format,
    path: &Path,
    opts: &LoadOptions,
) -> Result<Loaded, Error> {
    match format {
        Format::Tsv => delimited::read(text, b'\t', path, opts),
        Format::Csv => delimited::read(text, b',', path, opts),
        Format::Tbx => tbx_read::read(text, path, opts),
    }
}

/// Writes entries in `format`; `opts` gives the language codes TBX records.
pub fn write(
    entries: &[Entry],
    format: Format,
    opts: &LoadOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Tsv => delimited::write_tsv(entries, out),
        Format::Csv => delimited::write_csv(entries, out),
        Format::Tbx => tbx_write::write(entries, opts, out),
    }
}

/// Entries with their origins cleared, to compare what two reads produced.
#[cfg(test)]
pub(crate) fn without_origins(entries: &[Entry]) -> Vec<Entry> {
    entries
        .iter()
        .map(|e| Entry {
            origin: Default::default(),
            ..e.clone()
        })
        .collect()
}
