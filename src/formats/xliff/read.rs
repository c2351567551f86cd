//! The XLIFF reader: one pass over namespace-resolved events, for 1.x and 2.x alike.

use super::{Document, Error, File, Segment, Unit, Version};
use crate::formats::encoding::LineCounter;
use crate::formats::file::read_text;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::path::Path;

const CORE_NS: &str = "urn:oasis:names:tc:xliff:document:";

/// Reads and parses an XLIFF file (UTF-8 with or without BOM, or UTF-16 with BOM).
pub fn read(path: &Path) -> Result<Document, Error> {
    parse(&read_text(path)?, path)
}

/// What text is being collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cap {
    Source,
    Target,
    Note,
}

/// Parses XLIFF text; `path` names it in errors.
///
/// ```
/// use vibrief::formats::xliff::{parse, Version};
/// let doc = parse(r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="vi" trgLang="en">
///   <file id="f"><unit id="u1"><segment><source>Xin <pc id="1">chào</pc></source>
///   <target>Hello</target></segment></unit></file></xliff>"#, "x.xlf".as_ref()).unwrap();
/// assert_eq!(doc.version, Version::V2);
/// assert_eq!(doc.files[0].units[0].segments[0].source, "Xin chào");
/// ```
pub fn parse(text: &str, path: &Path) -> Result<Document, Error> {
    let lines = std::cell::RefCell::new(LineCounter::new(text));
    let line_of = |offset: u64| lines.borrow_mut().line(offset as usize);
    let syntax = |offset: u64, message: String| Error::syntax(path, line_of(offset), message);
    let mut reader = NsReader::from_str(text);
    let mut doc: Option<Document> = None;
    let (mut root_src, mut root_trg) = (None, None);
    let mut depth = 0usize;
    let mut skip_from: Option<usize> = None;
    let mut capture: Option<(Cap, usize, String)> = None;
    loop {
        let pos = reader.buffer_position();
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (Ns::of(&ns), event),
            Err(e) => {
                return Err(syntax(
                    reader.error_position(),
                    format!("malformed XML: {e}"),
                ))
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if let Ns::Unknown(p) = &ns {
                    return Err(syntax(pos, format!("unbound namespace prefix `{p}`")));
                }
                for a in e.attributes() {
                    let a = a.map_err(|err| syntax(pos, format!("malformed attribute: {err}")))?;
                    if let (ResolveResult::Unknown(p), _) =
                        reader.resolver().resolve_attribute(a.key)
                    {
                        return Err(syntax(
                            pos,
                            format!("unbound namespace prefix `{}`", String::from_utf8_lossy(&p)),
                        ));
                    }
                }
                if !empty {
                    depth += 1;
                }
                if skip_from.is_some() {
                    continue;
                }
                let local = e.local_name();
                let local = std::str::from_utf8(local.as_ref()).unwrap_or("");
                let line = line_of(pos);
                let Some(doc) = doc.as_mut() else {
                    if local != "xliff" {
                        return Err(syntax(
                            pos,
                            format!("not an XLIFF file: the root element is <{local}>"),
                        ));
                    }
                    let version = match (attr(e, "version"), &ns) {
                        (Some(v), _) if v.starts_with('2') => Version::V2,
                        (Some(_), _) => Version::V1,
                        (None, Ns::Core { v2: true }) => Version::V2,
                        _ => Version::V1,
                    };
                    root_src = attr(e, "srcLang");
                    root_trg = attr(e, "trgLang");
                    doc = Some(Document {
                        version,
                        files: Vec::new(),
                    });
                    continue;
                };
                if ns == Ns::Foreign {
                    skip_from = (!empty).then_some(depth - 1);
                    continue;
                }
                if let Some((_, _, buf)) = capture.as_mut() {
                    match local {
                        // 1.x native codes: their content is not text.
                        "bpt" | "ept" | "ph" | "it" if doc.version == Version::V1 => {
                            skip_from = (!empty).then_some(depth - 1)
                        }
                        "cp" => {
                            let c = attr(e, "hex")
                                .and_then(|h| u32::from_str_radix(&h, 16).ok())
                                .and_then(char::from_u32);
                            buf.extend(c);
                        }
                        _ => {}
                    }
                    continue;
                }
                let v1 = doc.version == Version::V1;
                match local {
                    "file" => doc.files.push(File {
                        name: attr(e, if v1 { "original" } else { "id" }),
                        source_lang: if v1 {
                            attr(e, "source-language")
                        } else {
                            root_src.clone()
                        },
                        target_lang: if v1 {
                            attr(e, "target-language")
                        } else {
                            root_trg.clone()
                        },
                        units: Vec::new(),
                    }),
                    "trans-unit" | "unit" => {
                        if doc.files.is_empty() {
                            doc.files.push(File::default());
                        }
                        let mut unit = Unit {
                            id: attr(e, "id"),
                            line,
                            translate: attr(e, "translate").as_deref() != Some("no"),
                            ..Unit::default()
                        };
                        if v1 {
                            unit.segments.push(Segment {
                                line,
                                ..Segment::default()
                            });
                        }
                        doc.files.last_mut().expect("pushed").units.push(unit);
                    }
                    "segment" => {
                        if let Some(unit) = current_unit(doc) {
                            unit.segments.push(Segment {
                                id: attr(e, "id"),
                                line,
                                ..Segment::default()
                            });
                        }
                    }
                    "source" | "target" | "note" => {
                        let cap = match local {
                            "source" => Cap::Source,
                            "target" => Cap::Target,
                            _ => Cap::Note,
                        };
                        let in_unit = current_unit(doc)
                            .is_some_and(|u| cap == Cap::Note || !u.segments.is_empty());
                        if !in_unit {
                            skip_from = (!empty).then_some(depth - 1);
                        } else if empty {
                            store(doc, cap, String::new());
                        } else {
                            capture = Some((cap, depth - 1, String::new()));
                        }
                    }
                    // Everything that is not the unit's own source and target.
                    "alt-trans" | "bin-unit" | "seg-source" | "header" | "skeleton"
                    | "originalData" | "ignorable" | "context-group" | "count-group"
                    | "prop-group" => skip_from = (!empty).then_some(depth - 1),
                    _ => {}
                }
            }
            ref ev @ (Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) => {
                if let (None, Some((_, _, buf))) = (skip_from, capture.as_mut()) {
                    let text = crate::formats::xml::text(ev)
                        .map_err(|e| syntax(pos, format!("bad text: {e}")))?;
                    buf.push_str(&text.unwrap_or_default());
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if skip_from == Some(depth) {
                    skip_from = None;
                } else if skip_from.is_none()
                    && capture.as_ref().is_some_and(|(_, d, _)| *d == depth)
                {
                    let (cap, _, buf) = capture.take().expect("checked");
                    if let Some(doc) = doc.as_mut() {
                        store(doc, cap, buf);
                    }
                }
            }
            Event::Eof => {
                if depth > 0 {
                    return Err(syntax(
                        text.len() as u64,
                        "unexpected end of file: elements left open (is `</xliff>` missing?)"
                            .into(),
                    ));
                }
                return doc.ok_or_else(|| syntax(0, "not an XLIFF file: no root element".into()));
            }
            _ => {}
        }
    }
}

/// An element's namespace, as far as the reader cares.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ns {
    /// An XLIFF core namespace, or none (old 1.x files).
    Core { v2: bool },
    /// A module or extension namespace: skipped.
    Foreign,
    /// A prefix with no declaration: an error.
    Unknown(String),
}

impl Ns {
    fn of(r: &ResolveResult) -> Ns {
        match r {
            ResolveResult::Bound(n) => match n.as_ref().strip_prefix(CORE_NS.as_bytes()) {
                Some(version) => Ns::Core {
                    v2: version.starts_with(b"2"),
                },
                None => Ns::Foreign,
            },
            ResolveResult::Unbound => Ns::Core { v2: false },
            ResolveResult::Unknown(p) => Ns::Unknown(String::from_utf8_lossy(p).into_owned()),
        }
    }
}

/// The value of the unprefixed attribute `name` (a prefixed one, such as `its:version`, is another attribute).
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref() == name.as_bytes()).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

fn current_unit(doc: &mut Document) -> Option<&mut Unit> {
    doc.files.last_mut()?.units.last_mut()
}

fn store(doc: &mut Document, cap: Cap, text: String) {
    let Some(unit) = current_unit(doc) else {
        return;
    };
    match cap {
        Cap::Note => unit.notes.push(text.trim().to_owned()),
        Cap::Source | Cap::Target => {
            let Some(seg) = unit.segments.last_mut() else {
                return;
            };
            if cap == Cap::Source {
                seg.source = text;
            } else {
                seg.target = Some(text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// An interop file copied into `tests/fixtures/interop` (licences in its README).
    fn fixture(dir: &str, name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/interop")
            .join(dir)
            .join(name)
    }

    /// An interop file only `../shared` has (the OASIS files are not copied into the
    /// repository); panics naming `../shared` when it is absent. Tests calling it are
    /// `#[ignore = "needs ../shared …"]`, the rule of `tests/common/mod.rs`.
    fn shared(dir: &str, name: &str) -> PathBuf {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/interop");
        assert!(
            base.is_dir(),
            "needs ../shared (the shared interop files beside the project): {} not found",
            base.display()
        );
        base.join(dir).join(name)
    }

    fn units(doc: &Document) -> Vec<&Unit> {
        doc.files.iter().flat_map(|f| &f.units).collect()
    }

    fn targets(doc: &Document) -> Vec<String> {
        units(doc)
            .iter()
            .flat_map(|u| &u.segments)
            .filter_map(|s| s.target.clone())
            .filter(|t| !t.trim().is_empty())
            .collect()
    }

    #[test]
    fn v1_inline_codes_groups_and_alt_trans() {
        let doc = parse(
            r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="vi" target-language="en"><body>
<group><trans-unit id="1"><source>Bộ <g id="1">Ngoại</g> giao<bpt id="2">&lt;b></bpt><x id="3"/></source>
<target>Ministry</target><alt-trans><target>Bad</target></alt-trans><note>n1</note></trans-unit></group>
<trans-unit id="2" translate="no"><source>x</source><target/></trans-unit></body></file></xliff>"#,
            Path::new("a.xlf"),
        )
        .unwrap();
        let u = units(&doc);
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].segments[0].source, "Bộ Ngoại giao");
        assert_eq!(u[0].segments[0].target.as_deref(), Some("Ministry"));
        assert_eq!(u[0].notes, ["n1"]);
        assert_eq!(u[0].line, 2);
        assert!(!u[1].translate);
        assert_eq!(u[1].segments[0].target.as_deref(), Some(""));
        assert_eq!(doc.files[0].source_lang.as_deref(), Some("vi"));
    }

    #[test]
    fn v1_interop_files() {
        let doc = read(&fixture(
            "xliff12",
            "24xliff-okapi-written_de-DE_en-GB_docx.xlf",
        ))
        .unwrap();
        assert_eq!(doc.files.len(), 9);
        assert_eq!(units(&doc).len(), 7);
        assert_eq!(targets(&doc).iter().filter(|t| *t == "DRAFT").count(), 3);

        let doc = read(&fixture(
            "xliff12",
            "okapi-xliff11_nested-groups_alt-trans-de_comments_custom-ns-header_multiline.xlf",
        ))
        .unwrap();
        assert_eq!(units(&doc).len(), 8);
        assert_eq!(
            targets(&doc).len(),
            8,
            "alt-trans targets are not unit targets"
        );
        assert!(targets(&doc).iter().any(|t| t == "Français"));
        assert!(targets(&doc).last().unwrap().contains('\n'));
        assert_eq!(units(&doc).iter().map(|u| u.notes.len()).sum::<usize>(), 3);

        let doc = read(&fixture(
            "xliff12",
            "omegat-xliff11_inline-bpt-ept-it-ph-g-x-mrk.xlf",
        ))
        .unwrap();
        let u = units(&doc);
        assert_eq!(u.len(), 10);
        assert_eq!(
            u.iter()
                .filter(|u| u.segments[0].source.trim() == "source")
                .count(),
            9
        );
        assert_eq!(u.iter().filter(|u| u.id.is_none()).count(), 9);

        let doc = read(&fixture(
            "xliff12",
            "omegat-xliff12_group_notes_translate-no_empty-targets.xlf",
        ))
        .unwrap();
        let u = units(&doc);
        assert_eq!(u.len(), 8);
        assert_eq!(
            u.iter().filter(|u| u.segments[0].target.is_none()).count(),
            2
        );
        assert_eq!(
            u.iter()
                .filter(|u| u.segments[0].target.as_deref() == Some(""))
                .count(),
            3
        );
        assert_eq!(targets(&doc), ["bar", "Satisfait?", "Satisfaite?"]);
        assert_eq!(u.iter().filter(|u| !u.translate).count(), 1);
    }

    #[test]
    fn v2_interop_file() {
        let doc = read(&fixture(
            "xliff2",
            "weblate-cs_xliff20_en-cs_xml-space-preserve_trailing-newlines.xlf",
        ))
        .unwrap();
        assert_eq!(doc.version, Version::V2);
        assert_eq!(units(&doc).len(), 4);
        assert_eq!(targets(&doc), ["Ahoj světe!\n"]);
    }

    #[test]
    #[ignore = "needs ../shared: the OASIS XLIFF 2 files, not copied"]
    fn v2_oasis_files() {
        let doc = read(&shared(
            "xliff2",
            "xliff20-spec-ex9.5_nested-groups_mda-metadata_sc-isolated.xlf",
        ))
        .unwrap();
        assert_eq!(units(&doc).len(), 8);
        assert_eq!(targets(&doc), ["Oiseaux de haute altitude"]);
        assert_eq!(doc.files[0].target_lang, None);

        let doc = read(&shared("xliff2", "xliff22-tc-suite_everything-core_2.2-namespace_mda_notes_originalData_ignorable_order.xlf")).unwrap();
        assert_eq!(units(&doc).len(), 4);
        assert_eq!(
            units(&doc).iter().map(|u| u.segments.len()).sum::<usize>(),
            5
        );
        assert_eq!(
            targets(&doc),
            ["Exemple de segment.", "Contenu du segment."]
        );

        let doc = read(&shared(
            "xliff2",
            "xliff22-tc-suite_withMatches_bom_mtc-module_prefixed-core.xlf",
        ))
        .unwrap();
        assert_eq!(units(&doc).len(), 1);
        assert_eq!(targets(&doc), ["Texte2"]);
        assert_eq!(units(&doc)[0].segments[0].source, "Text");

        let doc = read(&shared(
            "xliff2",
            "xliff22-tc-suite_withTBXExtension_bom_embedded-martif.xlf",
        ))
        .unwrap();
        assert_eq!(units(&doc).len(), 1);
        assert!(targets(&doc).is_empty());

        let doc = read(&shared(
            "xliff2",
            "xliff22-tc-suite_withNotes_complex_mrk-comment_sc-isolated.xlf",
        ))
        .unwrap();
        let segs: Vec<_> = units(&doc)[0]
            .segments
            .iter()
            .map(|s| (s.source.trim(), s.target.as_deref().unwrap().trim()))
            .collect();
        assert_eq!(
            segs,
            [("Sentence 1.", "Phrase 1."), ("Sentence 2.", "Phrase 2.")]
        );

        let doc = read(&shared(
            "xliff2",
            "xliff22-tc-suite_sample1_en-de_glossary-module.xlf",
        ))
        .unwrap();
        assert_eq!(
            targets(&doc).iter().map(|t| t.trim()).collect::<Vec<_>>(),
            ["Drücken Sie die TAB-TASTE."]
        );

        let doc = read(&shared(
            "xliff2",
            "xliff22-tc-suite_INVALID_target-without-trgLang.xlf",
        ))
        .unwrap();
        assert_eq!(
            (targets(&doc), doc.files[0].target_lang.clone()),
            (vec!["target".to_string()], None)
        );
    }

    #[test]
    fn a_malformed_file_fails_with_its_line() {
        let p = fixture(
            "xliff12",
            "weblate-MALFORMED_xliff11_missing-root-close_no-langs_x-equiv-text.xlf",
        );
        let err = read(&p).unwrap_err().to_string();
        assert!(
            err.contains("x-equiv-text.xlf:29: unexpected end of file"),
            "{err}"
        );
    }

    #[test]
    #[ignore = "needs ../shared: the OASIS XLIFF 2 files, not copied"]
    fn an_oasis_file_with_an_unbound_prefix_fails_with_its_line() {
        let p = shared(
            "xliff2",
            "xliff22-tc-suite_MALFORMED-despite-valid-folder_pgs-plural_sr-cyrillic.xlf",
        );
        let err = read(&p).unwrap_err().to_string();
        assert!(
            err.ends_with("sr-cyrillic.xlf:4: unbound namespace prefix `pgs`"),
            "{err}"
        );
    }

    #[test]
    fn not_xliff_is_an_error() {
        let err = parse("<tmx/>", Path::new("t.xlf")).unwrap_err().to_string();
        assert_eq!(err, "t.xlf:1: not an XLIFF file: the root element is <tmx>");
    }
}
