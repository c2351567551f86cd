//! The TMX 1.4b writer: a valid header, then units streamed one at a time.

use super::inline::escape_into;
use super::{Note, Prop, TmxError, Tu};
use crate::text::xml_chars;
use std::io::Write;
use std::path::PathBuf;

/// The header attributes a TMX 1.4b file must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderSpec {
    /// `srclang`: the source language, or `*all*`.
    pub srclang: String,
    /// `adminlang`: the language of props and notes.
    pub adminlang: String,
    /// `datatype`, e.g. `plaintext`.
    pub datatype: String,
    /// `segtype`: `sentence`, `paragraph`, `phrase` or `block`.
    pub segtype: String,
    /// `creationtool`.
    pub creationtool: String,
    /// `creationtoolversion`.
    pub creationtoolversion: String,
    /// `o-tmf`: the format of the TM the data came from.
    pub o_tmf: String,
}

impl HeaderSpec {
    /// The header vibrief writes: this crate as the tool, sentence segments, plain text.
    pub fn vibrief(srclang: &str) -> HeaderSpec {
        HeaderSpec {
            srclang: srclang.to_string(),
            adminlang: "en".into(),
            datatype: "plaintext".into(),
            segtype: "sentence".into(),
            creationtool: "vibrief".into(),
            creationtoolversion: env!("CARGO_PKG_VERSION").into(),
            o_tmf: "vibrief".into(),
        }
    }
}

/// Writes TMX 1.4b to `W`: [`TmxWriter::new`] writes the prolog and header,
/// [`TmxWriter::write_tu`] one unit, [`TmxWriter::finish`] the closing tags.
///
/// ```
/// use vibrief::formats::tmx::{HeaderSpec, Seg, TmxWriter, Tu, Tuv};
/// let mut w = TmxWriter::new(Vec::new(), &HeaderSpec::vibrief("vi"), "out.tmx").unwrap();
/// let tuv = |lang: &str, text: &str| Tuv {
///     lang: lang.into(), attrs: vec![], props: vec![], notes: vec![], seg: Seg::text(text), line: 0,
/// };
/// let tu = Tu { index: 1, line: 0, attrs: vec![], props: vec![], notes: vec![],
///               tuvs: vec![tuv("vi", "Xin chào"), tuv("en", "Hello & welcome")] };
/// w.write_tu(&tu).unwrap();
/// let xml = String::from_utf8(w.finish().unwrap()).unwrap();
/// assert!(xml.contains("<seg>Hello &amp; welcome</seg>"));
/// ```
pub struct TmxWriter<W: Write> {
    out: W,
    path: PathBuf,
    buf: String,
}

impl<W: Write> TmxWriter<W> {
    /// Writes the XML declaration, DOCTYPE, `<tmx version="1.4">` and the header.
    pub fn new(out: W, header: &HeaderSpec, name: impl Into<PathBuf>) -> Result<Self, TmxError> {
        let mut w = TmxWriter {
            out,
            path: name.into(),
            buf: String::new(),
        };
        w.buf.push_str(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n",
        );
        w.buf.push_str("<tmx version=\"1.4\">\n<header");
        let attrs = [
            ("creationtool", &header.creationtool),
            ("creationtoolversion", &header.creationtoolversion),
            ("segtype", &header.segtype),
            ("o-tmf", &header.o_tmf),
            ("adminlang", &header.adminlang),
            ("srclang", &header.srclang),
            ("datatype", &header.datatype),
        ];
        for (k, v) in attrs {
            push_attr(&mut w.buf, k, v);
        }
        w.buf.push_str("/>\n<body>\n");
        w.flush_buf()?;
        Ok(w)
    }

    /// Writes one `<tu>`. Its attributes, props and notes come first, then each variant with
    /// `xml:lang`, its attributes, props, notes and segment markup.
    ///
    /// A unit holding a character XML 1.0 forbids (U+0001, U+FFFE...) is an error and nothing
    /// of it is written: the file would be one that other tools reject.
    pub fn write_tu(&mut self, tu: &Tu) -> Result<(), TmxError> {
        let start = self.buf.len();
        let b = &mut self.buf;
        b.push_str("<tu");
        for (k, v) in &tu.attrs {
            push_attr(b, k, v);
        }
        b.push_str(">\n");
        push_meta(b, &tu.notes, &tu.props, "  ");
        for tuv in &tu.tuvs {
            b.push_str("  <tuv");
            push_attr(b, "xml:lang", &tuv.lang);
            for (k, v) in &tuv.attrs {
                push_attr(b, k, v);
            }
            b.push_str(">\n");
            push_meta(b, &tuv.notes, &tuv.props, "    ");
            b.push_str("    <seg>");
            b.push_str(&tuv.seg.to_xml());
            b.push_str("</seg>\n  </tuv>\n");
        }
        b.push_str("</tu>\n");
        if let Some(bad) = xml_chars::first_forbidden(&self.buf[start..]) {
            self.buf.truncate(start);
            let tuid = tu
                .attr("tuid")
                .map(|id| format!(" (tuid {id})"))
                .unwrap_or_default();
            let bad = bad.split(" at ").next().unwrap_or_default();
            return Err(TmxError::Unwritable {
                path: self.path.clone(),
                message: format!(
                    "unit {}{tuid} holds {bad}, which XML 1.0 forbids; no TMX can hold it",
                    tu.index
                ),
            });
        }
        if self.buf.len() > 64 * 1024 {
            self.flush_buf()?;
        }
        Ok(())
    }

    /// Closes `<body>` and `<tmx>`, flushes, and returns the output.
    pub fn finish(mut self) -> Result<W, TmxError> {
        self.buf.push_str("</body>\n</tmx>\n");
        self.flush_buf()?;
        self.out.flush().map_err(|source| TmxError::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok(self.out)
    }

    fn flush_buf(&mut self) -> Result<(), TmxError> {
        self.out
            .write_all(self.buf.as_bytes())
            .map_err(|source| TmxError::Io {
                path: self.path.clone(),
                source,
            })?;
        self.buf.clear();
        Ok(())
    }
}

fn push_attr(b: &mut String, k: &str, v: &str) {
    b.push(' ');
    b.push_str(k);
    b.push_str("=\"");
    escape_into(v, b);
    b.push('"');
}

/// Notes then props, the order the TMX DTD requires.
fn push_meta(b: &mut String, notes: &[Note], props: &[Prop], indent: &str) {
    for n in notes {
        b.push_str(indent);
        b.push_str("<note");
        if let Some(lang) = &n.lang {
            push_attr(b, "xml:lang", lang);
        }
        b.push('>');
        escape_into(&n.value, b);
        b.push_str("</note>\n");
    }
    for p in props {
        b.push_str(indent);
        b.push_str("<prop");
        push_attr(b, "type", &p.kind);
        if let Some(lang) = &p.lang {
            push_attr(b, "xml:lang", lang);
        }
        b.push('>');
        escape_into(&p.value, b);
        b.push_str("</prop>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Seg, TmxReader, Tuv};
    use super::*;

    #[test]
    fn a_unit_xml_cannot_hold_is_refused_and_not_written() {
        let tuv = |lang: &str, text: &str| Tuv {
            lang: lang.into(),
            attrs: vec![],
            props: vec![],
            notes: vec![],
            seg: Seg::text(text),
            line: 0,
        };
        let tu = |text: &str| Tu {
            index: 2,
            line: 0,
            attrs: vec![("tuid".into(), "t2".into())],
            props: vec![],
            notes: vec![],
            tuvs: vec![tuv("vi", "Một"), tuv("en", text)],
        };
        let mut w = TmxWriter::new(Vec::new(), &HeaderSpec::vibrief("vi"), "out.tmx").unwrap();
        let e = w.write_tu(&tu("One\u{1}")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "out.tmx: unit 2 (tuid t2) holds U+0001, which XML 1.0 forbids; no TMX can hold it"
        );
        w.write_tu(&tu("One")).unwrap();
        let xml = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(xml.matches("<tu ").count(), 1, "{xml}");
        let mut r = TmxReader::from_reader(std::io::Cursor::new(xml), "out.tmx").unwrap();
        assert!(r.next().unwrap().is_ok());
    }

    #[test]
    fn written_units_read_back_identically() {
        let seg = {
            let src = r#"<tmx version="1.4"><header srclang="vi"/><body><tu><tuv xml:lang="vi"><seg>a <bpt i="1">&lt;b></bpt>b<ept i="1">&lt;/b></ept> "c"&#13;</seg></tuv></tu></body></tmx>"#;
            let mut r = TmxReader::from_reader(std::io::Cursor::new(src), "s").unwrap();
            r.next().unwrap().unwrap().tuvs.remove(0).seg
        };
        let tu = Tu {
            index: 1,
            line: 2,
            attrs: vec![("tuid".into(), "a&b".into())],
            props: vec![Prop {
                kind: "x-k".into(),
                value: "v <1>".into(),
                lang: Some("en".into()),
            }],
            notes: vec![Note {
                value: "line1\nline2".into(),
                lang: None,
            }],
            tuvs: vec![
                Tuv {
                    lang: "vi".into(),
                    attrs: vec![],
                    props: vec![],
                    notes: vec![],
                    seg,
                    line: 0,
                },
                Tuv {
                    lang: "en".into(),
                    attrs: vec![("changeid".into(), "me".into())],
                    props: vec![],
                    notes: vec![],
                    seg: Seg::text("x\ty"),
                    line: 0,
                },
            ],
        };
        let mut w = TmxWriter::new(Vec::new(), &HeaderSpec::vibrief("vi"), "o").unwrap();
        w.write_tu(&tu).unwrap();
        let bytes = w.finish().unwrap();
        let mut r = TmxReader::from_reader(std::io::Cursor::new(bytes), "o").unwrap();
        assert_eq!(r.header().srclang(), Some("vi"));
        assert_eq!(r.header().attr("o-tmf"), Some("vibrief"));
        let back = r.next().unwrap().unwrap();
        assert!(r.next().is_none());
        assert_eq!(back.attrs, tu.attrs);
        assert_eq!(back.props, tu.props);
        assert_eq!(back.notes, tu.notes);
        assert_eq!(back.tuvs[0].seg, tu.tuvs[0].seg);
        assert_eq!(back.tuvs[0].seg.plain_text(), "a b \"c\"\r");
        assert_eq!(back.tuvs[1].seg, tu.tuvs[1].seg);
        assert_eq!(back.tuvs[1].attrs, tu.tuvs[1].attrs);
    }
}
