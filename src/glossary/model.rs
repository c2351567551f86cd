//! The glossary model: entries as read from a file, and the compiled [`Glossary`] that finds
//! them in text.

use super::error::Error;
use super::formats;
use super::matcher::{Matcher, TermHit};
use super::pattern::{PatternError, SourcePattern, Template};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// A compiled glossary: entries plus the matcher that finds them. `Send + Sync`, so one
/// glossary serves every worker thread.
#[derive(Debug)]
pub struct Glossary {
    entries: Vec<Entry>,
    pub(crate) compiled: Vec<Compiled>,
    matcher: Matcher,
    pub(crate) strip_names: bool,
}

impl Glossary {
    /// Loads one glossary file (format from its extension: `.tsv`/`.tab`/`.txt`, `.csv`, `.tbx`).
    pub fn load(path: impl AsRef<Path>, opts: &LoadOptions) -> Result<Glossary, Error> {
        Glossary::load_all(&[path], opts)
    }

    /// Loads several files into one glossary. When two entries have the same source, the one
    /// loaded first wins, so list the user's own glossary before shared ones.
    pub fn load_all<P: AsRef<Path>>(paths: &[P], opts: &LoadOptions) -> Result<Glossary, Error> {
        let mut entries = Vec::new();
        for p in paths {
            entries.extend(formats::read(p.as_ref(), opts)?.entries);
        }
        Glossary::from_entries(entries, opts)
    }

    /// Compiles entries built in code or read with [`formats::read`].
    pub fn from_entries(entries: Vec<Entry>, opts: &LoadOptions) -> Result<Glossary, Error> {
        let compiled = entries
            .iter()
            .map(|e| {
                Compiled::new(e).map_err(|source| Error::Pattern {
                    origin: e.origin.clone(),
                    source,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let matcher = Matcher::new(&compiled, &entries)?;
        Ok(Glossary {
            entries,
            compiled,
            matcher,
            strip_names: opts.strip_name_diacritics,
        })
    }

    /// The entries, in load order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the glossary has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The terms in `text`, in order of position, with spans into `text` and their renderings
    /// resolved. A term inside a longer one is not reported; two terms that share words
    /// (`công tác [đối ngoại] địa phương`) are both reported, so spans may overlap partially.
    /// No term spans a blank line.
    ///
    /// ```
    /// use vibrief::glossary::{Entry, Glossary, LoadOptions};
    /// let g = Glossary::from_entries(
    ///     vec![
    ///         Entry::new("Bộ Ngoại giao", "Ministry of Foreign Affairs"),
    ///         Entry::new("Thứ trưởng Bộ Ngoại giao", "Deputy Minister of Foreign Affairs"),
    ///         Entry::new("Chỉ thị (số) {n} của Ban Bí thư", "Directive No. {n} of the Secretariat"),
    ///     ],
    ///     &LoadOptions::default(),
    /// )
    /// .unwrap();
    /// let text = "Thứ trưởng Bộ Ngoại giao nói về Chỉ thị 15 của Ban Bí thư.";
    /// let hits = g.find(text);
    /// assert_eq!(hits[0].target, "Deputy Minister of Foreign Affairs");
    /// assert_eq!(&text[hits[1].span.range()], "Chỉ thị 15 của Ban Bí thư");
    /// assert_eq!(hits[1].target, "Directive No. 15 of the Secretariat");
    /// ```
    pub fn find(&self, text: &str) -> Vec<TermHit<'_>> {
        self.matcher.find(self, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Glossary>();
        assert_send_sync::<TermHit<'static>>();
    }

    #[test]
    fn bad_pattern_names_its_origin() {
        let mut e = Entry::new("Chỉ thị {n", "Directive");
        e.origin = Origin::new(Path::new("g.tsv"), 7);
        let err = Glossary::from_entries(vec![e], &LoadOptions::default()).unwrap_err();
        assert!(
            err.to_string().starts_with("g.tsv:7: unbalanced braces"),
            "{err}"
        );
    }
}
