//! XLIFF: 1.1/1.2 (`file/body/group*/trans-unit`) and 2.0/2.1/2.2 (`file/group*/unit/segment`)
//! read into one bilingual model. Inline markup is reduced to plain text (codes dropped,
//! wrapped text kept); `alt-trans`, matches, glossary and metadata modules and other foreign
//! namespaces are skipped. Writers for the translation stage will sit beside the reader.

mod read;
pub mod write;

pub use read::{parse, read};

/// The XLIFF version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// XLIFF 1.0, 1.1 or 1.2 (`trans-unit`).
    V1,
    /// XLIFF 2.0, 2.1 or 2.2 (`unit/segment`).
    V2,
}

/// A whole XLIFF document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// 1.x or 2.x.
    pub version: Version,
    /// The `<file>` elements, in order.
    pub files: Vec<File>,
}

/// One `<file>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct File {
    /// `original` (1.x) or `id` (2.x).
    pub name: Option<String>,
    /// Source language (`source-language` / `srcLang`).
    pub source_lang: Option<String>,
    /// Target language (`target-language` / `trgLang`).
    pub target_lang: Option<String>,
    /// The units, groups flattened, in document order.
    pub units: Vec<Unit>,
}

/// One translation unit (`trans-unit` or `unit`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unit {
    /// The `id` attribute, if any.
    pub id: Option<String>,
    /// 1-based line of the unit's start tag.
    pub line: usize,
    /// False for `translate="no"`.
    pub translate: bool,
    /// The segments: one for 1.x, one per `<segment>` for 2.x.
    pub segments: Vec<Segment>,
    /// Notes on the unit, as plain text.
    pub notes: Vec<String>,
}

/// One source/target pair.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segment {
    /// The 2.x segment `id`, if any.
    pub id: Option<String>,
    /// 1-based line of the segment (or 1.x unit).
    pub line: usize,
    /// Source text, inline codes removed.
    pub source: String,
    /// Target text, if a `<target>` element is there (possibly empty).
    pub target: Option<String>,
}

/// Why an XLIFF file could not be read: I/O, encoding, or XML/XLIFF syntax with its line.
pub type Error = crate::formats::file::ReadError;
