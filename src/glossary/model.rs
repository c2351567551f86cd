//! The glossary model: entries as read from a file, and the compiled [`Glossary`] that finds
//! them in text.

use super::pattern::{PatternError, SourcePattern, Template};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The most characters a term's source may have. Real terms are far shorter (`glossary
/// validate` flags any over 150); a longer one is an error at load.
pub const MAX_TERM_CHARS: usize = 2_000;

/// Where an entry was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The glossary file (empty for entries built in code).
    pub path: Arc<Path>,
    /// The 1-based line of the entry (0 when unknown).
    pub line: usize,
}

impl Origin {
    /// An origin in `path` at `line`.
    pub fn new(path: &Path, line: usize) -> Self {
        Origin {
            path: Arc::from(path),
            line,
        }
    }
}

impl Default for Origin {
    fn default() -> Self {
        Origin {
            path: Arc::from(PathBuf::new().as_path()),
            line: 0,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.path.as_os_str().is_empty(), self.line) {
            (true, 0) => write!(f, "<entry>"),
            (true, line) => write!(f, "<entry {line}>"),
            (false, 0) => write!(f, "{}", self.path.display()),
            (false, line) => write!(f, "{}:{line}", self.path.display()),
        }
    }
}

/// One glossary entry, as written in its file: a Vietnamese source (maybe a pattern) and its
/// approved English rendering.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    /// The Vietnamese term or pattern.
    pub source: String,
    /// The approved English rendering (may use the source's slots). Empty when the file gives
    /// no approved rendering (a TBX concept with only deprecated target terms).
    pub target: String,
    /// Other accepted renderings.
    pub variants: Vec<String>,
    /// Renderings that must not appear.
    pub forbidden: Vec<String>,
    /// A free note (contested usage, definition, context).
    pub note: String,
    /// Require the exact case on both sides.
    pub case_sensitive: bool,
    /// Where the entry came from.
    pub origin: Origin,
}

impl Entry {
    /// A case-insensitive entry with no variants, forbidden renderings or note.
    pub fn new(source: impl Into<String>, target: impl Into<String>) -> Self {
        Entry {
            source: source.into(),
            target: target.into(),
            ..Entry::default()
        }
    }

    /// The same entry with one more accepted variant.
    pub fn variant(mut self, v: impl Into<String>) -> Self {
        self.variants.push(v.into());
        self
    }

    /// The same entry with one more forbidden rendering.
    pub fn forbid(mut self, v: impl Into<String>) -> Self {
        self.forbidden.push(v.into());
        self
    }

    /// The same entry, case-sensitive.
    pub fn case_sensitive(mut self) -> Self {
        self.case_sensitive = true;
        self
    }
}

/// Which language pair to read from multilingual files, and how to render names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// Source language code (default `vi`); `vi-VN` in a file matches `vi`, case-insensitively.
    pub source_lang: String,
    /// Target language code (default `en`).
    pub target_lang: String,
    /// Render `{name}` and `{province}` values and country names without diacritics
    /// (`Gia Lai` stays, `Đà Nẵng` → `Da Nang`).
    pub strip_name_diacritics: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            source_lang: "vi".into(),
            target_lang: "en".into(),
            strip_name_diacritics: false,
        }
    }
}

/// An entry's patterns, compiled.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub source: SourcePattern,
    pub target: Template,
    pub variants: Vec<Template>,
    pub forbidden: Vec<Template>,
    /// The source has a `{province}` or `{country}` slot, whose places have several
    /// accepted English forms.
    pub has_place_slots: bool,
}

impl Compiled {
    /// Compiles an entry; empty variants or forbidden renderings are skipped.
    pub fn new(entry: &Entry) -> Result<Self, PatternError> {
        let source = SourcePattern::parse(&entry.source)?;
        let template = |s: &String| Template::parse(s, &source);
        let nonempty = |v: &&String| !v.trim().is_empty();
        let has_place_slots = source.slots.iter().any(|s| s.kind.places().is_some());
        Ok(Compiled {
            has_place_slots,
            target: template(&entry.target)?,
            variants: entry
                .variants
                .iter()
                .filter(nonempty)
                .map(template)
                .collect::<Result<_, _>>()?,
            forbidden: entry
                .forbidden
                .iter()
                .filter(nonempty)
                .map(template)
                .collect::<Result<_, _>>()?,
            source,
        })
    }
}
