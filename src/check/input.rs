//! Bilingual inputs for `check`: TSV (`vi<TAB>en`), XLIFF 1.x/2.x, TMX and vibrief's JSON
//! translation output, each read into [`Segment`]s whose `source` is the Vietnamese side,
//! whichever side the file puts it on.

use super::Error;
use crate::formats::encoding::line_of;
use crate::formats::file::{read_text, ReadError};
use crate::formats::tmx::TmxReader;
use crate::formats::xliff;
use crate::text::lang::matches as lang_matches;
use std::path::{Path, PathBuf};

/// A bilingual file format `check` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// `vi<TAB>en` per line; an optional header of language codes (`en<TAB>vi`) says which
    /// column is which.
    Tsv,
    /// XLIFF 1.1/1.2 or 2.0/2.1/2.2 (`.xlf`, `.xliff`).
    Xliff,
    /// TMX 1.1–1.4 (`.tmx`): each unit's Vietnamese variant against its English ones.
    Tmx,
    /// vibrief's JSON translation output: `{"segments": [{"id", "source", "target"}, ...]}`.
    Json,
}

impl InputFormat {
    /// The format a file's extension says, if any.
    ///
    /// ```
    /// use vibrief::check::InputFormat;
    /// assert_eq!(InputFormat::from_path("a.XLF".as_ref()), Some(InputFormat::Xliff));
    /// ```
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "tsv" | "tab" | "txt" => Some(InputFormat::Tsv),
            "xlf" | "xliff" | "xlz" | "sdlxliff" | "mqxliff" => Some(InputFormat::Xliff),
            "tmx" => Some(InputFormat::Tmx),
            "json" => Some(InputFormat::Json),
            _ => None,
        }
    }
}

/// One Vietnamese/English pair to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The segment's id: the unit id (XLIFF), the `id` field (JSON) or the line number (TSV).
    pub id: String,
    /// The file it came from.
    pub file: PathBuf,
    /// 1-based line in the file.
    pub line: usize,
    /// Vietnamese.
    pub source: String,
    /// English.
    pub target: String,
}

/// The segments of one file, and what the reading noticed without failing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    /// The pairs to check.
    pub segments: Vec<Segment>,
    /// One line each (`file:line: message`): units left out and why, tolerated defects.
    pub warnings: Vec<String>,
}

/// Reads `path` as `format` (or as its extension says). `vi` is the Vietnamese language code;
/// `en` the English one, which picks the target variants of a multilingual TMX.
pub fn read(path: &Path, format: Option<InputFormat>, vi: &str, en: &str) -> Result<Input, Error> {
    let format = format
        .or_else(|| InputFormat::from_path(path))
        .ok_or_else(|| Error::UnknownFormat {
            path: path.to_owned(),
        })?;
    let segments = match format {
        InputFormat::Xliff => read_xliff(path, vi)?,
        InputFormat::Tmx => return read_tmx(path, vi, en),
        InputFormat::Tsv => return read_tsv(&read_text(path)?, path, vi),
        InputFormat::Json => read_json(&read_text(path)?, path)?,
    };
    Ok(Input {
        segments,
        warnings: Vec::new(),
    })
}

/// Reads `vi<TAB>en` lines. Blank lines are skipped; any other line without exactly one tab
/// is an error naming it. A header of language codes (or `source`/`target`) says which side is
/// which; without one, the side with the more Vietnamese letters is the source, and a file with
/// its Vietnamese on the right gets a warning saying it was read that way.
pub fn read_tsv(text: &str, path: &Path, vi: &str) -> Result<Input, Error> {
    let mut out = Vec::new();
    let mut vi_first = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 2 {
            let message = format!(
                "expected Vietnamese and English separated by one tab, found {} columns",
                cols.len()
            );
            return Err(ReadError::syntax(path, n, message).into());
        }
        if out.is_empty() && vi_first.is_none() && cols.iter().all(|c| is_lang_header(c)) {
            vi_first = Some(!lang_matches(cols[1].trim(), vi));
            continue;
        }
        out.push(Segment {
            id: n.to_string(),
            file: path.to_owned(),
            line: n,
            source: cols[0].into(),
            target: cols[1].into(),
        });
    }
    let mut warnings = Vec::new();
    let vi_first = vi_first.unwrap_or_else(|| {
        let letters = |side: fn(&Segment) -> &str| -> usize {
            out.iter().map(|s| vietnamese_letters(side(s))).sum()
        };
        let (left, right) = (letters(|s| &s.source), letters(|s| &s.target));
        if right > left {
            warnings.push(format!(
                "{}: no header, and the Vietnamese is in the second column: read as English<TAB>Vietnamese",
                path.display()
            ));
        }
        right <= left
    });
    if !vi_first {
        for s in &mut out {
            std::mem::swap(&mut s.source, &mut s.target);
        }
    }
    Ok(Input {
        segments: out,
        warnings,
    })
}

/// How many letters of `text` only Vietnamese among the two languages writes: `ă â đ ê ô ơ ư`
/// and the letters with tone marks (U+1EA0 to U+1EF9), in either case.
fn vietnamese_letters(text: &str) -> usize {
    text.chars()
        .filter(|c| "ăâđêôơưĂÂĐÊÔƠƯ".contains(*c) || ('\u{1EA0}'..='\u{1EF9}').contains(c))
        .count()
}

fn is_lang_header(c: &str) -> bool {
    let c = c.trim();
    matches!(c.to_ascii_lowercase().as_str(), "source" | "target")
        || (c.len() <= 8
            && c.len() >= 2
            && c.chars().all(|ch| ch.is_ascii_alphabetic() || ch == '-'))
            && c.split('-')
                .next()
                .is_some_and(|p| p.len() == 2 || p.len() == 3)
}

/// Reads vibrief's JSON translation output; other fields are ignored.
pub fn read_json(text: &str, path: &Path) -> Result<Vec<Segment>, Error> {
    #[derive(serde::Deserialize)]
    struct Doc {
        segments: Vec<Seg>,
    }
    #[derive(serde::Deserialize)]
    struct Seg {
        id: serde_json::Value,
        source: String,
        #[serde(default)]
        target: Option<String>,
    }
    let doc: Doc = serde_json::from_str(text)
        .map_err(|e| ReadError::syntax(path, e.line(), format!("not vibrief JSON output: {e}")))?;
    // Find each segment's line by its position in the text: the n-th `"source"` key.
    let mut lines = text
        .match_indices("\"source\"")
        .map(|(at, _)| line_of(text, at));
    Ok(doc
        .segments
        .into_iter()
        .map(|s| Segment {
            id: match s.id {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            },
            file: path.to_owned(),
            line: lines.next().unwrap_or(0),
            source: s.source,
            target: s.target.unwrap_or_default(),
        })
        .collect())
}

/// Reads an XLIFF file. Units with `translate="no"` and segments without a target are left
/// out: there is no translation to check.
pub fn read_xliff(path: &Path, vi: &str) -> Result<Vec<Segment>, Error> {
    let doc = xliff::read(path)?;
    let mut out = Vec::new();
    for file in &doc.files {
        let src_vi = file
            .source_lang
            .as_deref()
            .is_some_and(|l| lang_matches(l, vi));
        let trg_vi = file
            .target_lang
            .as_deref()
            .is_some_and(|l| lang_matches(l, vi));
        let has_targets = file
            .units
            .iter()
            .flat_map(|u| &u.segments)
            .any(|s| s.target.is_some());
        let vi_is_source = match (src_vi, trg_vi, &file.source_lang, &file.target_lang) {
            (true, _, _, _) => true,
            (false, true, _, _) => false,
            (false, false, None, None) => true,
            _ if !has_targets => true,
            (false, false, s, t) => {
                let line = file.units.first().map_or(1, |u| u.line);
                let message = format!(
                    "neither side is {vi}: source language {}, target language {}",
                    s.as_deref().unwrap_or("not given"),
                    t.as_deref().unwrap_or("not given")
                );
                return Err(ReadError::syntax(path, line, message).into());
            }
        };
        for unit in file.units.iter().filter(|u| u.translate) {
            let many = unit.segments.len() > 1;
            for (k, seg) in unit.segments.iter().enumerate() {
                let Some(target) = &seg.target else { continue };
                let unit_id = unit
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("line {}", unit.line));
                let id = match (&seg.id, many) {
                    (Some(sid), true) => format!("{unit_id}/{sid}"),
                    (None, true) => format!("{unit_id}/{}", k + 1),
                    _ => unit_id,
                };
                let (source, target) = if vi_is_source {
                    (seg.source.clone(), target.clone())
                } else {
                    (target.clone(), seg.source.clone())
                };
                out.push(Segment {
                    id,
                    file: path.to_owned(),
                    line: seg.line,
                    source,
                    target,
                });
            }
        }
    }
    Ok(out)
}

/// Reads a TMX file with [`TmxReader`]: in each unit, the variant in `vi` (whatever the
/// file's `srclang`) against every variant in `en` (codes compared as [`lang_matches`] does,
/// so `VI-VN` is `vi`). The id is the unit's `tuid`, else `tu N`; with several English
/// variants, `/1`, `/2` are appended. Units without both languages are left out and counted
/// in a warning; a file with no Vietnamese variant at all, or none with an English one, is
/// an error naming the languages it has.
pub fn read_tmx(path: &Path, vi: &str, en: &str) -> Result<Input, Error> {
    let mut reader = TmxReader::open(path)?;
    let mut input = Input::default();
    let mut langs: Vec<String> = Vec::new();
    let (mut vi_units, mut skipped) = (0, 0);
    let (mut first_unit, mut first_skipped) = (None, None);
    let warn = |input: &mut Input, w: crate::formats::tmx::Warning| {
        input
            .warnings
            .push(format!("{}:{}: {}", path.display(), w.line, w.message));
    };
    for w in reader.take_warnings() {
        warn(&mut input, w);
    }
    while let Some(tu) = reader.next() {
        let tu = tu?;
        for w in reader.take_warnings() {
            warn(&mut input, w);
        }
        first_unit.get_or_insert(tu.line);
        for t in &tu.tuvs {
            if !langs.iter().any(|l| l.eq_ignore_ascii_case(&t.lang)) {
                langs.push(t.lang.clone());
            }
        }
        let Some(source) = tu.tuvs.iter().find(|t| lang_matches(&t.lang, vi)) else {
            continue;
        };
        vi_units += 1;
        let targets: Vec<_> = tu
            .tuvs
            .iter()
            .filter(|t| lang_matches(&t.lang, en) && !lang_matches(&t.lang, vi))
            .collect();
        if targets.is_empty() {
            skipped += 1;
            first_skipped.get_or_insert(tu.line);
            continue;
        }
        let id = tu
            .attr("tuid")
            .map_or_else(|| format!("tu {}", tu.index), str::to_owned);
        for (k, target) in targets.iter().enumerate() {
            input.segments.push(Segment {
                id: if targets.len() > 1 {
                    format!("{id}/{}", k + 1)
                } else {
                    id.clone()
                },
                file: path.to_owned(),
                line: source.line as usize,
                source: source.seg.plain_text(),
                target: target.seg.plain_text(),
            });
        }
    }
    let line = first_skipped.or(first_unit).unwrap_or(1) as usize;
    if input.segments.is_empty() && (vi_units == 0 || skipped > 0) {
        let missing = if vi_units == 0 { vi } else { en };
        let message = format!(
            "no unit has both {vi} and {en} variants (no {missing}; languages: {})",
            if langs.is_empty() {
                "none".to_string()
            } else {
                langs.join(", ")
            }
        );
        return Err(ReadError::syntax(path, line, message).into());
    }
    if skipped > 0 {
        input.warnings.push(format!(
            "{}:{line}: {skipped} unit(s) with a {vi} variant but no {en} one left out",
            path.display()
        ));
    }
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_header_can_swap_the_sides() {
        let input = read_tsv(
            "en\tvi\nPeace\thòa bình\n\nWar\tchiến tranh\n",
            Path::new("a.tsv"),
            "vi",
        )
        .unwrap();
        assert!(input.warnings.is_empty(), "{:?}", input.warnings);
        let segs = input.segments;
        assert_eq!(segs.len(), 2);
        assert_eq!(
            (
                segs[1].source.as_str(),
                segs[1].target.as_str(),
                segs[1].id.as_str()
            ),
            ("chiến tranh", "War", "4")
        );
        let err = read_tsv("a\tb\nc\n", Path::new("a.tsv"), "vi")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "a.tsv:2: expected Vietnamese and English separated by one tab, found 1 columns"
        );
    }

    #[test]
    fn without_a_header_the_vietnamese_side_is_the_source() {
        let text = "Peace\thòa bình\nThe Secretariat met.\tBan Bí thư họp.\n";
        let input = read_tsv(text, Path::new("a.tsv"), "vi").unwrap();
        assert_eq!(input.segments[1].source, "Ban Bí thư họp.");
        assert_eq!(input.segments[1].target, "The Secretariat met.");
        assert_eq!(
            input.warnings,
            ["a.tsv: no header, and the Vietnamese is in the second column: read as English<TAB>Vietnamese"]
        );
        // Vietnamese on the left, as documented: no warning.
        let input = read_tsv("hòa bình\tpeace\n", Path::new("a.tsv"), "vi").unwrap();
        assert_eq!(input.segments[0].source, "hòa bình");
        assert!(input.warnings.is_empty());
    }

    #[test]
    fn json_ids_and_lines() {
        let text = "{\"engine\": \"x\",\n \"segments\": [\n  {\"id\": 1, \"source\": \"a\", \"target\": \"b\"},\n  {\"id\": \"s2\", \"source\": \"c\", \"target\": \"d\", \"score\": 1}\n]}";
        let segs = read_json(text, Path::new("o.json")).unwrap();
        assert_eq!(
            segs.iter()
                .map(|s| (s.id.as_str(), s.line))
                .collect::<Vec<_>>(),
            [("1", 3), ("s2", 4)]
        );
        let err = read_json("{\n\"segments\": 3}", Path::new("o.json"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("o.json:2: not vibrief JSON output"),
            "{err}"
        );
    }
}
