//! TMX 1.4b (and the 1.1–1.3 files tools still write): a streaming reader that yields one
//! translation unit at a time with per-variant language, plain text, inline markup, props and
//! notes, and a writer for valid TMX 1.4b.
//!
//! The reader never fetches anything: a DOCTYPE is skipped, and entities other than XML's five
//! and character references are an error.
//!
//! ```
//! use vibrief::formats::tmx::TmxReader;
//! let xml = r#"<tmx version="1.4"><header srclang="vi" adminlang="en" datatype="plaintext"
//!   segtype="sentence" o-tmf="x" creationtool="x" creationtoolversion="1"/>
//!   <body><tu><tuv xml:lang="vi"><seg>Xin chào</seg></tuv>
//!   <tuv xml:lang="en"><seg>Hello</seg></tuv></tu></body></tmx>"#;
//! let mut reader = TmxReader::from_reader(std::io::Cursor::new(xml), "demo.tmx").unwrap();
//! let tu = reader.next().unwrap().unwrap();
//! assert_eq!(tu.tuvs[1].seg.plain_text(), "Hello");
//! assert!(reader.next().is_none());
//! ```

mod decode;
mod error;
mod inline;
mod reader;
mod writer;

pub use error::{TmxError, Warning};
pub use inline::{escape, CodeKind, Inline, Seg};
pub use reader::TmxReader;
pub use writer::{HeaderSpec, TmxWriter};

/// A `<prop>`: typed metadata on a header, unit or variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Prop {
    /// The `type` attribute (`Txt::FileName`, `x-origin`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// The text content.
    pub value: String,
    /// The `xml:lang` of the prop, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// A `<note>`: free-text comment on a header, unit or variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Note {
    /// The text content.
    pub value: String,
    /// The `xml:lang` of the note, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The `<tmx>` version and `<header>` of a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// The `version` attribute of `<tmx>` (`1.4`, `1.1`, ...).
    pub version: String,
    /// The header's attributes as written (`srclang`, `creationtool`, `datatype`, ...).
    pub attrs: Vec<(String, String)>,
    /// Header props.
    pub props: Vec<Prop>,
    /// Header notes.
    pub notes: Vec<Note>,
}

impl Header {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        attr(&self.attrs, name)
    }

    /// The default source language (`srclang`), `*all*` included.
    pub fn srclang(&self) -> Option<&str> {
        self.attr("srclang")
    }
}

/// A `<tuv>`: one language variant of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tuv {
    /// The language as written (`xml:lang`, or `lang` in TMX 1.1).
    pub lang: String,
    /// Its other attributes (`creationdate`, `changeid`, ...), as written.
    pub attrs: Vec<(String, String)>,
    /// Variant props.
    pub props: Vec<Prop>,
    /// Variant notes.
    pub notes: Vec<Note>,
    /// The segment.
    pub seg: Seg,
    /// 1-based line of the `<tuv>`.
    pub line: u64,
}

impl Tuv {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        attr(&self.attrs, name)
    }
}

/// A `<tu>`: a translation unit with its variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tu {
    /// 1-based position of the unit in the file.
    pub index: u64,
    /// 1-based line of the `<tu>`.
    pub line: u64,
    /// Its attributes (`tuid`, `srclang`, `creationdate`, ...), as written.
    pub attrs: Vec<(String, String)>,
    /// Unit props.
    pub props: Vec<Prop>,
    /// Unit notes.
    pub notes: Vec<Note>,
    /// The variants, in document order.
    pub tuvs: Vec<Tuv>,
}

impl Tu {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        attr(&self.attrs, name)
    }

    /// The source language of this unit: its own `srclang`, else the header's.
    pub fn srclang<'a>(&'a self, header: &'a Header) -> Option<&'a str> {
        self.attr("srclang").or(header.srclang())
    }

    /// The variants in language `lang` as [`crate::text::lang::matches`] compares codes
    /// (`vi` takes `vi-VN`), those of exactly `lang` first.
    pub fn variants<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Tuv> + 'a {
        use crate::text::lang::{exact, matches};
        let all = self.tuvs.iter();
        all.clone()
            .filter(move |t| exact(&t.lang, lang))
            .chain(all.filter(move |t| matches(&t.lang, lang) && !exact(&t.lang, lang)))
    }
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
