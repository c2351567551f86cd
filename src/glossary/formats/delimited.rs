//! TSV and CSV glossaries.
//!
//! Three layouts are told apart by the first row:
//! - our header `source, target, variants, forbidden, note, case` (any order; `context`,
//!   `comment`, `description` fold into the note, as Weblate and others write them);
//! - a header of language codes (`en,es,fr`, Amazon Translate's custom terminology), from
//!   which `--source-lang`/`--target-lang` pick two columns;
//! - no header: `source, target[, comment]` (the common two-column layout and OmegaT's).
//!
//! TSV is read without quoting (OmegaT does not quote); CSV follows RFC 4180. A data row
//! with a single column is an error naming its line: a file whose columns are separated by
//! spaces instead of tabs fails loudly rather than loading nothing. So is a term cell that runs
//! over several lines or past [`MAX_CELL_CHARS`]: one stray quote would otherwise swallow the
//! rest of the file into one cell, and the glossary would load "fine" with its terms gone.

use super::Loaded;
use crate::formats::encoding::LineCounter;
use crate::formats::file::ReadError;
use crate::glossary::error::Error;
use crate::glossary::model::{Entry, LoadOptions, Origin};
use crate::text::lang::matches as lang_matches;
use crate::text::preview;
use crate::text::xml_chars;
use std::path::Path;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Source,
    Target,
    Variants,
    Forbidden,
    Note,
    Case,
    /// Context, comment, description: kept in the note with its label.
    Labeled(&'static str),
    Ignored,
}

fn named_column(name: &str) -> Option<Column> {
    Some(match name.trim().to_lowercase().as_str() {
        "source" | "src" | "term" | "source term" => Column::Source,
        "target" | "tgt" | "translation" | "target term" => Column::Target,
        "variants" | "variant" => Column::Variants,
        "forbidden" => Column::Forbidden,
        "note" | "notes" => Column::Note,
        "case" => Column::Case,
        "context" => Column::Labeled("context"),
        // Weblate and translate-toolkit CSV: `location,source,target,id,fuzzy,context,
        // translator_comments,developer_comments`.
        "translator_comments" | "developer_comments" => Column::Labeled("comment"),
        "location" | "id" | "fuzzy" => Column::Ignored,
        "comment" | "comments" => Column::Labeled("comment"),
        "description" | "definition" => Column::Labeled("description"),
        _ => return None,
    })
}

/// The longest cell read, in characters: far beyond any term (the diplomatic glossary's longest
/// is 85) and any note, and short of what an unclosed quote swallows.
pub const MAX_CELL_CHARS: usize = crate::glossary::model::MAX_TERM_CHARS;

fn is_lang_code(s: &str) -> bool {
    let s = s.trim();
    let mut parts = s.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Reads delimited glossary text (`delimiter` is `b'\t'` or `b','`).
pub fn read(text: &str, delimiter: u8, path: &Path, opts: &LoadOptions) -> Result<Loaded, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quoting(delimiter != b'\t')
        .from_reader(text.as_bytes());
    let syntax = |line: usize, message: String| Error::from(ReadError::syntax(path, line, message));
    let mut loaded = Loaded::default();
    let mut columns: Option<Vec<Column>> = None;
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(text);
    loop {
        let line = lines.line(reader.position().byte() as usize);
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| lines.line(p.byte() as usize));
                return Err(syntax(line, format!("{e}")));
            }
        }
        // `#` lines are comments. (The csv crate's own comment support loses line numbers.)
        // With CRLF the record's byte offset can point at the previous line's `\n`.
        let at = record.position().map_or(0, |p| p.byte() as usize);
        let at = at + text[at..].len() - text[at..].trim_start_matches(['\r', '\n']).len();
        if text[at..].starts_with('#') {
            continue;
        }
        let line = lines.line(at);
        let cells: Vec<&str> = record.iter().map(str::trim).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        // The record ends at its line break (or the end of the text), on its last line.
        let end = lines.line((reader.position().byte() as usize).saturating_sub(1));
        check_cells(&cells, columns.as_deref(), line, end).map_err(|m| syntax(line, m))?;
        if columns.is_none() {
            let header = is_header(&cells);
            columns = Some(header_or_default(&cells, path, line, opts, &mut loaded)?);
            if header {
                continue;
            }
        }
        let cols = columns.as_deref().unwrap_or_default();
        loaded
            .entries
            .push(row(&cells, cols, path, line, delimiter)?);
    }
    Ok(loaded)
}

/// A term cell (any cell before the header is known) over several lines, or any cell over
/// [`MAX_CELL_CHARS`]: what an unclosed quote on line `line` does to the rows after it
/// (`end` is the line the record ended on); and a cell holding a control character, which no
/// TBX or XLIFF could hold.
fn check_cells(
    cells: &[&str],
    cols: Option<&[Column]>,
    line: usize,
    end: usize,
) -> Result<(), String> {
    for (i, cell) in cells.iter().enumerate() {
        let col = cols.map(|c| c.get(i).copied().unwrap_or(Column::Ignored));
        let term = matches!(
            col,
            None | Some(Column::Source | Column::Target | Column::Variants | Column::Forbidden)
        );
        let chars = cell.chars().count();
        if (term && cell.contains('\n')) || chars > MAX_CELL_CHARS {
            return Err(format!(
                "column {} holds {chars} characters over lines {line} to {end} (`{}`): is a \
                 quote (\") on line {line} left open?",
                i + 1,
                preview(cell)
            ));
        }
        if let Some(bad) = xml_chars::first_forbidden(cell) {
            return Err(format!(
                "column {} holds {bad}, a control character, not text (`{}`)",
                i + 1,
                preview(cell)
            ));
        }
    }
    Ok(())
}

fn is_header(cells: &[&str]) -> bool {
    let has = |want: Column| cells.iter().any(|c| named_column(c) == Some(want));
    (has(Column::Source) && has(Column::Target))
        || (cells.len() >= 2 && cells.iter().all(|c| is_lang_code(c)))
}

/// The column layout the first row declares, or the headerless default.
fn header_or_default(
    cells: &[&str],
    path: &Path,
    line: usize,
    opts: &LoadOptions,
    loaded: &mut Loaded,
) -> Result<Vec<Column>, Error> {
    if !is_header(cells) {
        return Ok(vec![Column::Source, Column::Target, Column::Note]);
    }
    if cells
        .iter()
        .any(|c| named_column(c) == Some(Column::Source))
    {
        return Ok(cells
            .iter()
            .map(|c| {
                named_column(c).unwrap_or_else(|| {
                    loaded.warnings.push(format!(
                        "{}:{line}: unknown column `{c}` ignored",
                        path.display()
                    ));
                    Column::Ignored
                })
            })
            .collect());
    }
    // A header of language codes.
    let pick = |lang: &str| cells.iter().position(|c| lang_matches(c, lang));
    let (Some(s), Some(t)) = (pick(&opts.source_lang), pick(&opts.target_lang)) else {
        return Err(Error::Language {
            path: path.to_owned(),
            message: format!(
                "no columns for {} → {} (the header names languages {}); use --source-lang/--target-lang",
                opts.source_lang,
                opts.target_lang,
                cells.join(", ")
            ),
        });
    };
    let mut cols = vec![Column::Ignored; cells.len()];
    cols[s] = Column::Source;
    cols[t] = Column::Target;
    Ok(cols)
}

fn row(
    cells: &[&str],
    cols: &[Column],
    path: &Path,
    line: usize,
    delimiter: u8,
) -> Result<Entry, Error> {
    let syntax = |message: String| Error::from(ReadError::syntax(path, line, message));
    if cells.len() < 2 {
        let sep = if delimiter == b'\t' {
            "a tab"
        } else {
            "a comma"
        };
        return Err(syntax(format!(
            "expected a source and a target separated by {sep}, found one column `{}`",
            preview(cells[0])
        )));
    }
    let mut entry = Entry {
        origin: Origin::new(path, line),
        ..Entry::default()
    };
    let mut notes = Vec::new();
    for (cell, col) in cells
        .iter()
        .zip(cols.iter().chain(std::iter::repeat(&Column::Ignored)))
    {
        let list = |s: &str| {
            if s.is_empty() {
                Vec::new()
            } else {
                s.split('|').map(|v| v.trim().to_owned()).collect()
            }
        };
        match col {
            Column::Source => entry.source = cell.to_string(),
            Column::Target => entry.target = cell.to_string(),
            Column::Variants => entry.variants = list(cell),
            Column::Forbidden => entry.forbidden = list(cell),
            Column::Note if !cell.is_empty() => notes.insert(0, cell.to_string()),
            Column::Labeled(label) if !cell.is_empty() => notes.push(format!("{label}: {cell}")),
            Column::Case => {
                entry.case_sensitive = match cell.to_lowercase().as_str() {
                    "sensitive" => true,
                    "" | "insensitive" => false,
                    other => {
                        return Err(syntax(format!(
                            "case must be `sensitive` or empty, found `{other}`"
                        )))
                    }
                }
            }
            _ => {}
        }
    }
    entry.note = notes.join("; ");
    Ok(entry)
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

const HEADER: [&str; 6] = ["source", "target", "variants", "forbidden", "note", "case"];

fn fields(e: &Entry) -> [String; 6] {
    [
        e.source.clone(),
        e.target.clone(),
        e.variants.join("|"),
        e.forbidden.join("|"),
        e.note.clone(),
        if e.case_sensitive {
            "sensitive".into()
        } else {
            String::new()
        },
    ]
}

/// Writes entries as TSV with our header.
pub fn write_tsv(entries: &[Entry], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(out, "{}", HEADER.join("\t"))?;
    for e in entries {
        let f = fields(e).map(|s| clean(&s));
        writeln!(out, "{}", f.join("\t"))?;
    }
    Ok(())
}

/// Writes entries as CSV (RFC 4180) with our header.
pub fn write_csv(entries: &[Entry], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADER)?;
    for e in entries {
        w.write_record(fields(e))?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, delimiter: u8) -> Result<Loaded, Error> {
        read(text, delimiter, Path::new("g.tsv"), &LoadOptions::default())
    }

    #[test]
    fn our_header_in_any_order_with_comments_and_crlf() {
        let text = "# diplomatic terms\r\ntarget\tsource\tvariants\tforbidden\tnote\tcase\r\n\
                    Ministry of Foreign Affairs\tBộ Ngoại giao\tForeign Ministry|MOFA\tForeign Office\tcontested\t\r\n\
                    \r\nTW\tTW\t\t\t\tsensitive\r\n";
        let l = load(text, b'\t').unwrap();
        assert_eq!(l.entries.len(), 2);
        let e = &l.entries[0];
        assert_eq!(
            (e.source.as_str(), e.target.as_str()),
            ("Bộ Ngoại giao", "Ministry of Foreign Affairs")
        );
        assert_eq!(e.variants, ["Foreign Ministry", "MOFA"]);
        assert_eq!(e.forbidden, ["Foreign Office"]);
        assert_eq!(e.note, "contested");
        assert_eq!(e.origin.line, 3);
        assert!(l.entries[1].case_sensitive);
        assert_eq!(l.entries[1].origin.line, 5);
    }

    #[test]
    fn headerless_two_and_three_columns() {
        let l = load(
            "hòa bình\tpeace\nan ninh\tsecurity\tsee also quốc phòng\n",
            b'\t',
        )
        .unwrap();
        assert_eq!(l.entries.len(), 2);
        assert_eq!(l.entries[1].note, "see also quốc phòng");
    }

    #[test]
    fn one_column_rows_fail_with_their_line() {
        let err = load("a\tb\nc    d\n", b'\t').unwrap_err().to_string();
        assert_eq!(
            err,
            "g.tsv:2: expected a source and a target separated by a tab, found one column `c    d`"
        );
    }

    #[test]
    fn a_stray_quote_is_an_error_at_its_line_not_one_huge_cell() {
        let mut text = String::from("source,target\nBan Bí thư,\"Secretariat\n");
        for i in 0..3000 {
            text.push_str(&format!("nguồn {i},target {i}\n"));
        }
        let err = load(&text, b',').unwrap_err().to_string();
        assert!(err.starts_with("g.tsv:2: column 2 holds "), "{err}");
        assert!(err.contains("lines 2 to 3002"), "{err}");
        assert!(err.contains("quote (\") on line 2 left open"), "{err}");
        assert!(err.len() < 300, "the message dumps the cell: {err}");

        // A quoted note may hold a line break; a term may not.
        let l = load("source,target,note\na,b,\"one\ntwo\"\n", b',').unwrap();
        assert_eq!(l.entries[0].note, "one\ntwo");
        let err = load("a,\"b\nc\"\n", b',').unwrap_err().to_string();
        assert!(err.starts_with("g.tsv:1: column 2"), "{err}");
    }

    #[test]
    fn a_control_character_is_an_error_at_its_line() {
        let err = load("source\ttarget\nBan Bí thư\tSecre\u{1}tariat\n", b'\t')
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "g.tsv:2: column 2 holds U+0001 at character 6, a control character, not text (`Secre\u{1}tariat`)"
        );
    }

    #[test]
    fn weblate_and_translate_toolkit_csv_headers() {
        let text =
            "location,source,target,id,fuzzy,context,translator_comments,developer_comments\n\
                    app.po:12,Bộ Ngoại giao,Ministry of Foreign Affairs,,False,ministry,check,\n";
        let l = load(text, b',').unwrap();
        assert_eq!(l.entries.len(), 1);
        let e = &l.entries[0];
        assert_eq!(
            (e.source.as_str(), e.target.as_str()),
            ("Bộ Ngoại giao", "Ministry of Foreign Affairs")
        );
        assert_eq!(e.note, "context: ministry; comment: check");
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    }

    #[test]
    fn bad_case_value_fails() {
        let err = load("source\ttarget\tcase\na\tb\tyes\n", b'\t')
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("g.tsv:2: case must be"), "{err}");
    }

    #[test]
    fn language_code_header_picks_the_pair() {
        let text = "en,vi-VN,fr\nForeign Ministry,Bộ Ngoại giao,Ministère\n";
        let l = load(text, b',').unwrap();
        assert_eq!(
            (l.entries[0].source.as_str(), l.entries[0].target.as_str()),
            ("Bộ Ngoại giao", "Foreign Ministry")
        );
        let opts = LoadOptions {
            source_lang: "de".into(),
            ..LoadOptions::default()
        };
        let err = read(text, b',', Path::new("t.csv"), &opts)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no columns for de → en"), "{err}");
    }

    #[test]
    fn round_trip_tsv_and_csv() {
        let l = load("source\ttarget\tvariants\tforbidden\tnote\tcase\nBan Bí thư\tSecretariat\tA|B\tC\tn, \"q\"\tsensitive\n", b'\t').unwrap();
        for (write, delim) in [
            (
                write_tsv as fn(&[Entry], &mut dyn std::io::Write) -> _,
                b'\t',
            ),
            (write_csv, b','),
        ] {
            let mut out = Vec::new();
            write(&l.entries, &mut out).unwrap();
            let back = load(std::str::from_utf8(&out).unwrap(), delim).unwrap();
            let strip = crate::glossary::formats::without_origins;
            assert_eq!(strip(&back.entries), strip(&l.entries));
        }
    }
}
