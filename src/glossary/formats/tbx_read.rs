//! TBX reader: v3 (`<tbx>`, `conceptEntry/langSec/termSec`, DCA `<termNote type=…>` and DCT
//! namespaced elements such as `<basic:administrativeStatus>`), v2 (`<martif>`,
//! `termEntry/langSet/tig|ntig`) and hybrids of the two. Elements are recognised by local
//! name whatever their namespace, so a v2 file in the v3 namespace reads like any other.
//!
//! Each concept gives one entry per source-language term. Target terms map by
//! `administrativeStatus` (or v2 `normativeAuthorization`): preferred → target, admitted or
//! none → variants (the first becomes the target when nothing is preferred),
//! deprecated/superseded → forbidden. Unknown statuses are treated as none, with a warning.

use super::Loaded;
use crate::formats::encoding::LineCounter;
use crate::formats::file::ReadError;
use crate::glossary::error::Error;
use crate::glossary::model::{Entry, LoadOptions, Origin};
use crate::text::lang::matches as lang_matches;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::path::Path;

/// The `termNote` type our TBX writer uses to keep an entry's `case` column.
pub const CASE_NOTE: &str = "x-vibrief-case";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Preferred,
    Admitted,
    Forbidden,
}

#[derive(Debug, Default)]
struct Term {
    text: String,
    status: Option<Status>,
    case_sensitive: bool,
    line: usize,
}

#[derive(Debug, Default)]
struct Concept {
    line: usize,
    langs: Vec<(String, Vec<Term>)>,
    notes: Vec<String>,
}

/// What text is being collected, and into what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Term,
    Status,
    Case,
    Note,
}

/// Reads TBX text; `path` names it in errors.
pub fn read(text: &str, path: &Path, opts: &LoadOptions) -> Result<Loaded, Error> {
    let lines = std::cell::RefCell::new(LineCounter::new(text));
    let line_of = |offset: u64| lines.borrow_mut().line(offset as usize);
    let syntax = |offset: u64, message: String| {
        Error::from(ReadError::syntax(path, line_of(offset), message))
    };
    let mut reader = Reader::from_str(text);
    let mut loaded = Loaded::default();
    let mut depth = 0usize;
    let mut root_seen = false;
    let mut concept: Option<Concept> = None;
    let mut capture: Option<(Capture, usize, String)> = None;
    let mut concepts_seen = 0;
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| syntax(reader.error_position(), format!("malformed XML: {e}")))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                let name = std::str::from_utf8(name.as_ref()).unwrap_or("");
                if !root_seen {
                    root_seen = true;
                    if name != "martif" && name != "tbx" {
                        return Err(syntax(pos, format!("not a TBX file: the root element is <{name}>, not <tbx> or <martif>")));
                    }
                }
                let line = line_of(pos);
                match name {
                    "termEntry" | "conceptEntry" => {
                        concepts_seen += 1;
                        concept = Some(Concept {
                            line,
                            ..Concept::default()
                        });
                    }
                    "langSet" | "langSec" => {
                        if let Some(c) = concept.as_mut() {
                            let lang = attr(e, "lang").unwrap_or_default();
                            c.langs.push((lang, Vec::new()));
                        }
                    }
                    "tig" | "ntig" | "termSec" => {
                        if let Some((_, terms)) = concept.as_mut().and_then(|c| c.langs.last_mut())
                        {
                            terms.push(Term {
                                line,
                                ..Term::default()
                            });
                        }
                    }
                    _ if capture.is_none() && concept.is_some() && !empty => {
                        let kind = match (name, attr(e, "type").as_deref()) {
                            ("term", _) => Some(Capture::Term),
                            (
                                "termNote",
                                Some("administrativeStatus" | "normativeAuthorization"),
                            ) => Some(Capture::Status),
                            ("administrativeStatus", _) => Some(Capture::Status),
                            ("termNote", Some(CASE_NOTE)) => Some(Capture::Case),
                            ("descrip", Some("definition")) | ("definition", _) | ("note", _) => {
                                Some(Capture::Note)
                            }
                            _ => None,
                        };
                        capture = kind.map(|k| (k, depth, String::new()));
                    }
                    _ => {}
                }
                if !empty {
                    depth += 1;
                }
            }
            ref ev @ (Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) => {
                if let Some((_, _, buf)) = capture.as_mut() {
                    let text = crate::formats::xml::text(ev)
                        .map_err(|e| syntax(pos, format!("bad text: {e}")))?;
                    buf.push_str(&text.unwrap_or_default());
                }
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                if capture.as_ref().is_some_and(|(_, d, _)| *d == depth) {
                    let (kind, _, buf) = capture.take().expect("checked");
                    store(
                        &mut concept,
                        kind,
                        buf.split_whitespace().collect::<Vec<_>>().join(" "),
                        path,
                        &mut loaded,
                    );
                }
                let name = e.local_name();
                if matches!(name.as_ref(), b"termEntry" | b"conceptEntry") {
                    if let Some(c) = concept.take() {
                        emit(c, path, opts, &mut loaded);
                    }
                }
            }
            Event::Eof => {
                if depth > 0 {
                    return Err(syntax(
                        text.len() as u64,
                        "unexpected end of file: elements left open".into(),
                    ));
                }
                if !root_seen {
                    return Err(syntax(0, "not a TBX file: no root element".into()));
                }
                break;
            }
            _ => {}
        }
    }
    if concepts_seen == 0 {
        loaded.warnings.push(format!(
            "{}: no termEntry or conceptEntry elements",
            path.display()
        ));
    }
    Ok(loaded)
}

fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.local_name();
        (key.as_ref() == local.as_bytes()).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

fn store(
    concept: &mut Option<Concept>,
    kind: Capture,
    text: String,
    path: &Path,
    loaded: &mut Loaded,
) {
    let Some(c) = concept.as_mut() else { return };
    if kind == Capture::Note {
        if !text.is_empty() && !c.notes.contains(&text) {
            c.notes.push(text);
        }
        return;
    }
    let Some(term) = c.langs.last_mut().and_then(|(_, terms)| terms.last_mut()) else {
        return;
    };
    match kind {
        Capture::Term => term.text = text,
        Capture::Case => term.case_sensitive = text.eq_ignore_ascii_case("sensitive"),
        Capture::Status => {
            let s = text.to_ascii_lowercase();
            let s = s.trim_end_matches("-admn-sts").trim_end_matches("term");
            term.status = match s {
                "preferred" | "standardized" | "legal" | "regulated" => Some(Status::Preferred),
                "admitted" => Some(Status::Admitted),
                "deprecated" | "superseded" | "notrecommended" => Some(Status::Forbidden),
                _ => {
                    loaded.warnings.push(format!(
                        "{}:{}: unknown administrativeStatus `{text}` treated as no status",
                        path.display(),
                        term.line
                    ));
                    None
                }
            }
        }
        Capture::Note => {}
    }
}

/// Turns one concept into entries for the requested pair.
fn emit(c: Concept, path: &Path, opts: &LoadOptions, loaded: &mut Loaded) {
    let terms_in = |lang: &str| -> Vec<&Term> {
        c.langs
            .iter()
            .filter(|(l, _)| lang_matches(l, lang))
            .flat_map(|(_, t)| t)
            .filter(|t| !t.text.is_empty())
            .collect()
    };
    let sources = terms_in(&opts.source_lang);
    let targets = terms_in(&opts.target_lang);
    // A target section with no term is an entry without a rendering (vibrief writes one for
    // an entry that has none); no target section at all is a concept of other languages.
    let has_target = c
        .langs
        .iter()
        .any(|(l, _)| lang_matches(l, &opts.target_lang));
    if sources.is_empty() || !has_target {
        loaded.skipped += 1;
        return;
    }
    let with = |s: Status| {
        targets
            .iter()
            .filter(move |t| t.status == Some(s))
            .map(|t| t.text.clone())
    };
    let mut accepted: Vec<String> = with(Status::Preferred).collect();
    accepted.extend(
        targets
            .iter()
            .filter(|t| matches!(t.status, None | Some(Status::Admitted)))
            .map(|t| t.text.clone()),
    );
    let forbidden: Vec<String> = with(Status::Forbidden).collect();
    let target = if accepted.is_empty() {
        String::new()
    } else {
        accepted.remove(0)
    };
    for s in sources {
        loaded.entries.push(Entry {
            source: s.text.clone(),
            target: target.clone(),
            variants: accepted.clone(),
            forbidden: forbidden.clone(),
            note: c.notes.join("; "),
            case_sensitive: s.case_sensitive,
            origin: Origin::new(path, if s.line > 0 { s.line } else { c.line }),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Loaded, Error> {
        read(text, Path::new("t.tbx"), &LoadOptions::default())
    }

    const V3: &str = r#"<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic">
 <tbxHeader/>
 <text><body>
  <conceptEntry id="c1">
   <descrip type="definition">the foreign ministry</descrip>
   <langSec xml:lang="vi-VN"><termSec><term>Bộ Ngoại giao</term></termSec></langSec>
   <langSec xml:lang="en">
    <termSec><term>Ministry of Foreign Affairs</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
    <termSec><term>Foreign Ministry</term><basic:administrativeStatus>admittedTerm-admn-sts</basic:administrativeStatus></termSec>
    <termSec><term>Foreign Office</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
   </langSec>
  </conceptEntry>
  <conceptEntry id="c2"><langSec xml:lang="fr"><termSec><term>x</term></termSec></langSec></conceptEntry>
 </body></text>
</tbx>"#;

    #[test]
    fn v3_statuses_map_to_target_variants_forbidden() {
        let l = load(V3).unwrap();
        assert_eq!(l.entries.len(), 1);
        assert_eq!(l.skipped, 1);
        let e = &l.entries[0];
        assert_eq!(e.source, "Bộ Ngoại giao");
        assert_eq!(e.target, "Ministry of Foreign Affairs");
        assert_eq!(e.variants, ["Foreign Ministry"]);
        assert_eq!(e.forbidden, ["Foreign Office"]);
        assert_eq!(e.note, "the foreign ministry");
        assert_eq!(e.origin.line, 7);
    }

    #[test]
    fn v2_martif_with_tig_and_ntig() {
        let text = r#"<martif type="TBX"><text><body>
<termEntry><langSet lang="vi"><tig><term>hòa bình</term></tig></langSet>
<langSet xml:lang="en"><ntig><termGrp><term>peace</term><termNote type="normativeAuthorization">preferredTerm</termNote></termGrp></ntig></langSet></termEntry>
</body></text></martif>"#;
        let l = load(text).unwrap();
        assert_eq!(
            (l.entries[0].source.as_str(), l.entries[0].target.as_str()),
            ("hòa bình", "peace")
        );
    }

    #[test]
    fn broken_xml_and_wrong_roots_name_the_line() {
        let err = load("<tbx>\n<text>\n<body>\n</text>")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.tbx:4: malformed XML"), "{err}");
        let err = load("<tbx>\n<text>").unwrap_err().to_string();
        assert!(err.starts_with("t.tbx:2: unexpected end of file"), "{err}");
        let err = load("<xliff/>").unwrap_err().to_string();
        assert!(err.contains("not a TBX file"), "{err}");
    }
}
