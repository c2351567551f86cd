//! The glossary stage: load term lists (TSV/CSV/TBX), find their terms in Vietnamese text on
//! syllable boundaries, and check that an English rendering uses the approved terms.
//!
//! ```
//! use vibrief::glossary::{Entry, Glossary, LoadOptions, TermVerdict};
//! let g = Glossary::from_entries(
//!     vec![Entry::new("Bộ Ngoại giao", "Ministry of Foreign Affairs").forbid("Foreign Ministry")],
//!     &LoadOptions::default(),
//! )
//! .unwrap();
//! let hits = g.find("Bộ Ngoại giao tổ chức hội nghị");
//! assert_eq!(hits.len(), 1);
//! assert!(matches!(hits[0].check_target("The Foreign Ministry held"), TermVerdict::Forbidden { .. }));
//! ```
//!
//! May depend on: `doc`, `formats`, `text`.

pub mod error;
pub mod formats;
pub mod matcher;
pub mod model;
pub mod pattern;
pub mod target;
pub mod validate;

pub use error::Error;
pub use matcher::TermHit;
pub use model::{Entry, LoadOptions, Origin};
pub use target::TermVerdict;

use matcher::Matcher;
use model::{Compiled, MAX_TERM_CHARS};
use std::path::Path;

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
        // A source this long is a paragraph that slipped in (a stray quote, a wrong column),
        // and matching time grows with it.
        if let Some((e, chars)) = entries
            .iter()
            .map(|e| (e, e.source.chars().count()))
            .find(|(_, n)| *n > MAX_TERM_CHARS)
        {
            return Err(Error::TooLong {
                origin: e.origin.clone(),
                chars,
            });
        }
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
    use std::path::Path;

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

    #[test]
    fn a_source_as_long_as_a_page_is_refused_with_its_origin() {
        let mut e = Entry::new("nguồn ".repeat(400), "source");
        e.origin = Origin::new(Path::new("g.tbx"), 12);
        let err = Glossary::from_entries(vec![e], &LoadOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.tbx:12: the source has 2400 characters, more than the 2000 a term may have"
        );
    }
}
