//! The streaming TMX reader: one `<tu>` in memory at a time, whatever the file's size.

use super::decode::{utf8_input, CountingReader};
use super::inline::{CodeKind, Inline, Seg};
use super::{attr, Header, Note, Prop, TmxError, Tu, Tuv, Warning};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

type XmlReader = quick_xml::Reader<CountingReader<Box<dyn BufRead>>>;

/// Reads a TMX file unit by unit. Construct with [`TmxReader::open`], look at
/// [`TmxReader::header`], then iterate: each item is a [`Tu`] or the error that stopped the
/// reading (after an error the iterator ends). Problems that leave the rest usable are
/// collected as [`Warning`]s; see [`TmxReader::take_warnings`].
pub struct TmxReader {
    xml: XmlReader,
    path: PathBuf,
    header: Header,
    buf: Vec<u8>,
    warnings: Vec<Warning>,
    warning_count: u64,
    units: u64,
    done: bool,
}

impl TmxReader {
    /// Opens `path` and reads up to the first unit.
    pub fn open(path: &Path) -> Result<Self, TmxError> {
        let file = std::fs::File::open(path).map_err(|source| TmxError::Io {
            path: path.into(),
            source,
        })?;
        Self::from_reader(file, path)
    }

    /// Reads TMX from `input` (any encoding with BOM, or as declared); `name` is used in
    /// messages.
    pub fn from_reader<R: Read + 'static>(
        input: R,
        name: impl Into<PathBuf>,
    ) -> Result<Self, TmxError> {
        let path = name.into();
        let input = utf8_input(input).map_err(|source| TmxError::Io {
            path: path.clone(),
            source,
        })?;
        let mut xml = quick_xml::Reader::from_reader(CountingReader::new(input));
        let config = xml.config_mut();
        config.trim_text(false);
        config.expand_empty_elements = false;
        config.check_end_names = true;
        let mut reader = TmxReader {
            xml,
            path,
            header: Header::default(),
            buf: Vec::new(),
            warnings: Vec::new(),
            warning_count: 0,
            units: 0,
            done: false,
        };
        reader.read_prolog()?;
        Ok(reader)
    }

    /// The `<tmx>` version and the header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The file name given at construction.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The warnings collected since the last call, oldest first.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        std::mem::take(&mut self.warnings)
    }

    /// How many warnings the reading has produced so far (taken or not).
    pub fn warning_count(&self) -> u64 {
        self.warning_count
    }

    /// How many units have been read so far.
    pub fn units_read(&self) -> u64 {
        self.units
    }

    fn line(&self) -> u64 {
        self.xml.get_ref().line()
    }

    fn warn(&mut self, line: u64, tu: Option<u64>, message: String) {
        self.warning_count += 1;
        self.warnings.push(Warning { line, tu, message });
    }

    fn invalid(&self, line: u64, message: String) -> TmxError {
        TmxError::Invalid {
            path: self.path.clone(),
            line,
            message,
        }
    }

    fn xml_error(&self, message: String) -> TmxError {
        TmxError::Xml {
            path: self.path.clone(),
            line: self.line(),
            message,
        }
    }

    fn event(&mut self) -> Result<Event<'static>, TmxError> {
        self.buf.clear();
        match self.xml.read_event_into(&mut self.buf) {
            Ok(ev) => Ok(ev.into_owned()),
            Err(e) => Err(self.xml_error(e.to_string())),
        }
    }

    fn attrs(&self, e: &BytesStart) -> Result<Vec<(String, String)>, TmxError> {
        let mut out = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| self.xml_error(err.to_string()))?;
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| self.xml_error(err.to_string()))?
                .into_owned();
            out.push((key, value));
        }
        Ok(out)
    }

    fn read_prolog(&mut self) -> Result<(), TmxError> {
        loop {
            match self.event()? {
                Event::Start(e) if e.local_name().as_ref() == b"tmx" => {
                    let attrs = self.attrs(&e)?;
                    self.header.version = attrs
                        .iter()
                        .find(|(k, _)| k == "version")
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default();
                    if !matches!(self.header.version.as_str(), "1.1" | "1.2" | "1.3" | "1.4") {
                        let msg = format!(
                            "unknown TMX version {:?}; read as TMX 1.4",
                            self.header.version
                        );
                        self.warn(self.line(), None, msg);
                    }
                    break;
                }
                Event::Start(e) | Event::Empty(e) => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    return Err(self.invalid(
                        self.line(),
                        format!("not a TMX file: the root element is <{name}>"),
                    ));
                }
                Event::Eof => {
                    return Err(self.invalid(self.line(), "not a TMX file: no <tmx> element".into()))
                }
                _ => {}
            }
        }
        // The header, then <body>.
        loop {
            match self.event()? {
                Event::Empty(e) if e.local_name().as_ref() == b"header" => {
                    self.header.attrs = self.attrs(&e)?
                }
                Event::Start(e) if e.local_name().as_ref() == b"header" => {
                    self.header.attrs = self.attrs(&e)?;
                    let (props, notes) = self.read_header_children()?;
                    self.header.props = props;
                    self.header.notes = notes;
                }
                Event::Start(e) if e.local_name().as_ref() == b"body" => return Ok(()),
                Event::Empty(e) if e.local_name().as_ref() == b"body" => {
                    self.done = true;
                    return self.read_to_end();
                }
                Event::Start(e) => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    self.warn(
                        self.line(),
                        None,
                        format!("unexpected <{name}> before <body>, skipped"),
                    );
                    self.skip()?;
                }
                Event::End(_) | Event::Eof => {
                    return Err(self.invalid(self.line(), "the <tmx> element has no <body>".into()));
                }
                _ => {}
            }
        }
    }

    fn read_header_children(&mut self) -> Result<(Vec<Prop>, Vec<Note>), TmxError> {
        let mut props = Vec::new();
        let mut notes = Vec::new();
        loop {
            match self.event()? {
                Event::Start(e) if e.local_name().as_ref() == b"prop" => {
                    props.push(self.read_prop(&e)?)
                }
                Event::Start(e) if e.local_name().as_ref() == b"note" => {
                    notes.push(self.read_note(&e)?)
                }
                Event::Start(_) => self.skip()?, // <ude> and its <map>s: not needed to read units
                Event::End(_) => return Ok((props, notes)),
                Event::Eof => {
                    return Err(self.xml_error("unexpected end of file in <header>".into()))
                }
                _ => {}
            }
        }
    }

    /// Skips to the end of the element whose start was just read.
    fn skip(&mut self) -> Result<(), TmxError> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.event()? {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(self.xml_error("unexpected end of file".into())),
                _ => {}
            }
        }
        Ok(())
    }

    /// After `</body>`: the rest must still be well formed.
    fn read_to_end(&mut self) -> Result<(), TmxError> {
        loop {
            if let Event::Eof = self.event()? {
                return Ok(());
            }
        }
    }

    /// Text content up to the end of the current element (props, notes).
    fn read_text(&mut self) -> Result<String, TmxError> {
        let mut out = String::new();
        loop {
            match self.event()? {
                Event::End(_) => return Ok(out),
                Event::Start(_) => self.skip()?,
                Event::Eof => return Err(self.xml_error("unexpected end of file".into())),
                ev => self.push_text(&ev, &mut out)?,
            }
        }
    }

    /// Appends the text of a text-like event; ignores others.
    fn push_text(&self, ev: &Event, out: &mut String) -> Result<(), TmxError> {
        if let Some(t) = crate::formats::xml::text(ev).map_err(|e| self.xml_error(e))? {
            out.push_str(&t);
        }
        Ok(())
    }

    fn read_prop(&mut self, e: &BytesStart) -> Result<Prop, TmxError> {
        let attrs = self.attrs(e)?;
        let value = self.read_text()?;
        Ok(Prop {
            kind: attr(&attrs, "type").unwrap_or_default().to_owned(),
            value,
            lang: attr(&attrs, "xml:lang").map(str::to_owned),
        })
    }

    fn read_note(&mut self, e: &BytesStart) -> Result<Note, TmxError> {
        let attrs = self.attrs(e)?;
        let value = self.read_text()?;
        Ok(Note {
            value,
            lang: attr(&attrs, "xml:lang").map(str::to_owned),
        })
    }

    fn next_tu(&mut self) -> Result<Option<Tu>, TmxError> {
        loop {
            match self.event()? {
                Event::Start(e) if e.local_name().as_ref() == b"tu" => {
                    return self.read_tu(&e, false).map(Some)
                }
                Event::Empty(e) if e.local_name().as_ref() == b"tu" => {
                    return self.read_tu(&e, true).map(Some)
                }
                Event::End(_) => {
                    self.read_to_end()?;
                    return Ok(None);
                }
                Event::Start(e) => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    self.warn(
                        self.line(),
                        None,
                        format!("unexpected <{name}> in <body>, skipped"),
                    );
                    self.skip()?;
                }
                Event::Eof => return Err(self.xml_error("unexpected end of file in <body>".into())),
                _ => {}
            }
        }
    }

    fn read_tu(&mut self, start: &BytesStart, empty: bool) -> Result<Tu, TmxError> {
        self.units += 1;
        let index = self.units;
        let line = self.line();
        let mut tu = Tu {
            index,
            line,
            attrs: self.attrs(start)?,
            props: vec![],
            notes: vec![],
            tuvs: vec![],
        };
        if !empty {
            loop {
                match self.event()? {
                    Event::Start(e) => match e.local_name().as_ref() {
                        b"prop" => tu.props.push(self.read_prop(&e)?),
                        b"note" => tu.notes.push(self.read_note(&e)?),
                        b"tuv" => {
                            if let Some(tuv) = self.read_tuv(&e, index)? {
                                tu.tuvs.push(tuv);
                            }
                        }
                        other => {
                            let msg = format!(
                                "unexpected <{}> in <tu>, skipped",
                                String::from_utf8_lossy(other)
                            );
                            self.warn(self.line(), Some(index), msg);
                            self.skip()?;
                        }
                    },
                    Event::Empty(e) => match e.local_name().as_ref() {
                        b"prop" | b"note" => {}
                        b"tuv" => self.warn(
                            self.line(),
                            Some(index),
                            "empty <tuv/> without a <seg>, skipped".into(),
                        ),
                        other => {
                            let msg = format!(
                                "unexpected <{}/> in <tu>, skipped",
                                String::from_utf8_lossy(other)
                            );
                            self.warn(self.line(), Some(index), msg);
                        }
                    },
                    Event::End(_) => break,
                    Event::Eof => {
                        return Err(self.xml_error("unexpected end of file in <tu>".into()))
                    }
                    _ => {}
                }
            }
        }
        if tu.tuvs.is_empty() {
            self.warn(line, Some(index), "unit has no usable <tuv>".into());
        }
        Ok(tu)
    }

    fn read_tuv(&mut self, start: &BytesStart, tu: u64) -> Result<Option<Tuv>, TmxError> {
        let line = self.line();
        let mut attrs = self.attrs(start)?;
        let lang = take(&mut attrs, "xml:lang").or_else(|| take(&mut attrs, "lang"));
        let mut props = Vec::new();
        let mut notes = Vec::new();
        let mut seg = None;
        loop {
            match self.event()? {
                Event::Start(e) => match e.local_name().as_ref() {
                    b"prop" => props.push(self.read_prop(&e)?),
                    b"note" => notes.push(self.read_note(&e)?),
                    b"seg" => {
                        seg = Some(Seg {
                            parts: self.read_inline(tu)?,
                        })
                    }
                    other => {
                        let msg = format!(
                            "unexpected <{}> in <tuv>, skipped",
                            String::from_utf8_lossy(other)
                        );
                        self.warn(self.line(), Some(tu), msg);
                        self.skip()?;
                    }
                },
                Event::Empty(e) if e.local_name().as_ref() == b"seg" => seg = Some(Seg::default()),
                Event::End(_) => break,
                Event::Eof => return Err(self.xml_error("unexpected end of file in <tuv>".into())),
                _ => {}
            }
        }
        let Some(lang) = lang else {
            self.warn(
                line,
                Some(tu),
                "<tuv> without xml:lang (or lang), skipped".into(),
            );
            return Ok(None);
        };
        let Some(seg) = seg else {
            self.warn(
                line,
                Some(tu),
                format!("<tuv xml:lang=\"{lang}\"> without a <seg>, skipped"),
            );
            return Ok(None);
        };
        for problem in seg.pairing_problems() {
            self.warn(
                line,
                Some(tu),
                format!("tuv {lang}: {problem}; tags kept as written"),
            );
        }
        Ok(Some(Tuv {
            lang,
            attrs,
            props,
            notes,
            seg,
            line,
        }))
    }

    /// The content of `<seg>` or of an inline element, up to its end tag.
    fn read_inline(&mut self, tu: u64) -> Result<Vec<Inline>, TmxError> {
        let mut parts: Vec<Inline> = Vec::new();
        loop {
            let ev = self.event()?;
            match &ev {
                Event::Start(e) | Event::Empty(e) => {
                    let is_start = matches!(ev, Event::Start(_));
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    match CodeKind::from_name(&name) {
                        Some(kind) => {
                            let attrs = self.attrs(e)?;
                            let content = if is_start {
                                self.read_inline(tu)?
                            } else {
                                Vec::new()
                            };
                            parts.push(Inline::Code {
                                kind,
                                attrs,
                                content,
                            });
                        }
                        None => {
                            let msg = format!("unknown inline element <{name}> in <seg>, dropped with its content");
                            self.warn(self.line(), Some(tu), msg);
                            if is_start {
                                self.skip()?;
                            }
                        }
                    }
                }
                Event::End(_) => return Ok(parts),
                Event::Eof => return Err(self.xml_error("unexpected end of file in <seg>".into())),
                _ => {
                    if let Some(Inline::Text(last)) = parts.last_mut() {
                        self.push_text(&ev, last)?;
                    } else {
                        let mut text = String::new();
                        self.push_text(&ev, &mut text)?;
                        if !text.is_empty() {
                            parts.push(Inline::Text(text));
                        }
                    }
                }
            }
        }
    }
}

impl Iterator for TmxReader {
    type Item = Result<Tu, TmxError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_tu() {
            Ok(Some(tu)) => Some(Ok(tu)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

fn take(attrs: &mut Vec<(String, String)>, name: &str) -> Option<String> {
    let at = attrs.iter().position(|(k, _)| k == name)?;
    Some(attrs.remove(at).1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(xml: &str) -> (Vec<Result<Tu, TmxError>>, Vec<Warning>) {
        let mut r = TmxReader::from_reader(std::io::Cursor::new(xml.to_string()), "t.tmx").unwrap();
        let units: Vec<_> = r.by_ref().collect();
        (units, r.take_warnings())
    }

    const HEAD: &str = r#"<tmx version="1.4"><header srclang="vi" adminlang="en" datatype="plaintext" segtype="sentence" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>"#;

    #[test]
    fn reads_both_lang_attributes_props_notes_and_markup() {
        let xml = format!(
            "{HEAD}<tu tuid='7'><prop type='x-a'>1</prop><note>n</note>\
             <tuv lang='VI'><seg>Giá <ph x='1'>&lt;b&gt;</ph>tăng&#32;&amp; giảm</seg></tuv>\
             <tuv xml:lang='en-us'><prop type='p'>q</prop><seg>Price</seg></tuv></tu></body></tmx>"
        );
        let (units, warnings) = read(&xml);
        assert!(warnings.is_empty(), "{warnings:?}");
        let tu = units[0].as_ref().unwrap();
        assert_eq!(tu.attr("tuid"), Some("7"));
        assert_eq!(
            tu.props[0],
            Prop {
                kind: "x-a".into(),
                value: "1".into(),
                lang: None
            }
        );
        assert_eq!(tu.notes[0].value, "n");
        assert_eq!(tu.tuvs[0].lang, "VI");
        assert_eq!(tu.tuvs[0].seg.plain_text(), "Giá tăng & giảm");
        assert_eq!(
            tu.tuvs[0].seg.to_xml(),
            "Giá <ph x=\"1\">&lt;b&gt;</ph>tăng &amp; giảm"
        );
        assert_eq!(tu.tuvs[1].props[0].kind, "p");
        assert_eq!(tu.variants("EN-US").count(), 1);
    }

    #[test]
    fn undefined_entities_are_refused_with_a_line() {
        let xml =
            format!("{HEAD}\n<tu><tuv xml:lang='vi'><seg>&xxe;</seg></tuv></tu></body></tmx>");
        let (units, _) = read(&xml);
        let err = units[0].as_ref().unwrap_err().to_string();
        assert!(err.contains("t.tmx:2:") && err.contains("&xxe;"), "{err}");
    }

    #[test]
    fn mismatched_tags_stop_with_the_line() {
        let xml = format!("{HEAD}\n<tu>\n<tuv xml:lang='vi'><seg>a</tuv></tu></body></tmx>");
        let (units, _) = read(&xml);
        let err = units.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(err.starts_with("t.tmx:3: malformed XML"), "{err}");
    }

    #[test]
    fn a_tuv_without_language_is_a_counted_warning() {
        let xml = format!("{HEAD}<tu><tuv><seg>a</seg></tuv><tuv xml:lang='en'><seg>b</seg></tuv></tu></body></tmx>");
        let (units, warnings) = read(&xml);
        assert_eq!(units[0].as_ref().unwrap().tuvs.len(), 1);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].to_string().contains("tu #1"));
    }

    #[test]
    fn not_tmx_is_an_error() {
        let err = TmxReader::from_reader(std::io::Cursor::new("<xliff/>"), "x.xlf")
            .err()
            .unwrap();
        assert!(err.to_string().contains("root element is <xliff>"));
    }
}
