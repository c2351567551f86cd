//! The English side: does a translation use an accepted rendering of a term, or a forbidden
//! one? Matching is on word boundaries, case-insensitive unless the entry says otherwise, and
//! blind to diacritics, curly quotes and dash styles, so `Pham Minh Chinh` satisfies a
//! `Phạm Minh Chính` rendering and `People’s` satisfies `People's`.
//!
//! English inflection counts, as in the fuzzy term matching of CAT tools: a word of a rendering
//! may take its plural (`new situations` for `new situation`), and in a rendering of two words
//! or more also its `-ed` and `-ing` forms (`upgraded relations` for `upgrade relations`).
//! Single words stay nouns (`State` is not satisfied by `stated`), and acronyms (`ASEAN`),
//! words with digits and case-sensitive entries match exactly.

use super::matcher::TermHit;
use crate::doc::Span;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// What a target text does with one term occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermVerdict {
    /// An accepted rendering is there (`rendering` is which one, as the glossary writes it;
    /// empty when the entry has no approved rendering and no forbidden one appears).
    Satisfied {
        /// The accepted rendering found.
        rendering: String,
    },
    /// No accepted rendering appears.
    Missing,
    /// A forbidden rendering appears (outside any accepted one).
    Forbidden {
        /// The forbidden text as it appears in the target.
        found: String,
        /// Where it is in the target.
        span: Span,
    },
}

impl TermHit<'_> {
    /// Checks `english` against this hit's renderings. A forbidden rendering wins over a
    /// missing one (an occurrence counts once); forbidden text inside an accepted rendering
    /// (`Secretariat` inside `Secretariat of the Central Committee`) is not a violation.
    ///
    /// ```
    /// use vibrief::glossary::{Entry, Glossary, LoadOptions, TermVerdict};
    /// let g = Glossary::from_entries(
    ///     vec![Entry::new("Ban Bí thư", "Secretariat").variant("Party Secretariat").forbid("Secretary Board")],
    ///     &LoadOptions::default(),
    /// ).unwrap();
    /// let hit = &g.find("Ban Bí thư họp")[0];
    /// assert_eq!(hit.check_target("The party secretariat met"), TermVerdict::Satisfied { rendering: "Party Secretariat".into() });
    /// assert_eq!(hit.check_target("The board met"), TermVerdict::Missing);
    /// ```
    pub fn check_target(&self, english: &str) -> TermVerdict {
        let sensitive = self.entry.case_sensitive;
        let hay = Folded::new(english, sensitive);
        let mut accepted_spans = Vec::new();
        let mut first_accepted: Option<(usize, &str)> = None;
        for rendering in self.accepted() {
            for span in hay.find(&Needle::new(rendering, sensitive)) {
                if first_accepted.is_none_or(|(at, _)| span.start < at) {
                    first_accepted = Some((span.start, rendering));
                }
                accepted_spans.push(span);
            }
        }
        for bad in self.forbidden.iter().filter(|f| !f.trim().is_empty()) {
            let inside_accepted = |s: &Span| {
                accepted_spans
                    .iter()
                    .any(|a| a.start <= s.start && s.end <= a.end)
            };
            if let Some(span) = hay
                .find(&Needle::new(bad, sensitive))
                .into_iter()
                .find(|s| !inside_accepted(s))
            {
                let orig = hay.original_span(span);
                return TermVerdict::Forbidden {
                    found: english[orig.range()].to_owned(),
                    span: orig,
                };
            }
        }
        match first_accepted {
            Some((_, r)) => TermVerdict::Satisfied {
                rendering: r.to_owned(),
            },
            None if self.accepted().next().is_none() => TermVerdict::Satisfied {
                rendering: String::new(),
            },
            None => TermVerdict::Missing,
        }
    }
}

/// True when `english` contains `term` on word boundaries (diacritics, quote styles and,
/// unless `case_sensitive`, case and inflection ignored).
///
/// ```
/// use vibrief::glossary::target::contains_term;
/// assert!(contains_term("the Ministry of Foreign Affairs’ office", "ministry of foreign affairs", false));
/// assert!(contains_term("in new situations", "new situation", false));
/// assert!(!contains_term("ASEANS", "ASEAN", true));
/// ```
pub fn contains_term(english: &str, term: &str, case_sensitive: bool) -> bool {
    !Folded::new(english, case_sensitive)
        .find(&Needle::new(term, case_sensitive))
        .is_empty()
}

/// A rendering folded for search, word by word, each word with the endings it may take.
struct Needle {
    words: Vec<Word>,
}

/// One word of a [`Needle`]: `stem` followed by one of `endings` (`""` for the stem alone).
struct Word {
    stem: String,
    endings: Vec<String>,
}

impl Needle {
    fn new(rendering: &str, case_sensitive: bool) -> Self {
        let words: Vec<&str> = rendering.split_whitespace().collect();
        let verbs = words.len() > 1;
        let words = words
            .iter()
            .map(|w| {
                let folded = fold(w, case_sensitive);
                let inflects = !case_sensitive
                    && w.chars().count() >= 3
                    && w.chars().all(char::is_alphabetic)
                    && !w.chars().all(char::is_uppercase);
                if inflects {
                    Word::inflected(&folded, verbs)
                } else {
                    Word {
                        stem: folded,
                        endings: vec![String::new()],
                    }
                }
            })
            .collect();
        Needle { words }
    }

    /// Where this needle ends when it starts at byte `at` of `text`, its last word ending on a
    /// word boundary; the longest form first.
    fn match_at(&self, text: &str, at: usize) -> Option<usize> {
        fn rest(words: &[Word], text: &str, at: usize) -> Option<usize> {
            let Some((word, more)) = words.split_first() else {
                let next = text[at..].chars().next();
                return (!next.is_some_and(char::is_alphanumeric)).then_some(at);
            };
            let after_stem = at + word.stem.len();
            if !text[at..].starts_with(&word.stem) {
                return None;
            }
            word.endings.iter().find_map(|ending| {
                if !text[after_stem..].starts_with(ending.as_str()) {
                    return None;
                }
                let end = after_stem + ending.len();
                if more.is_empty() {
                    return rest(more, text, end);
                }
                text[end..]
                    .starts_with(' ')
                    .then(|| rest(more, text, end + 1))
                    .flatten()
            })
        }
        rest(&self.words, text, at)
    }
}

impl Word {
    /// A word that may take its plural (`-s`, `-es`, `-ies`), and with `verbs` also `-ed` and
    /// `-ing` (with a final `e` dropped, a final `y` turned to `i`, or a final consonant
    /// doubled: `planned`).
    fn inflected(word: &str, verbs: bool) -> Self {
        let mut chars = word.chars().rev();
        let last = chars.next().unwrap_or_default();
        let before = chars.next().unwrap_or_default();
        let (stem, plural, verb): (&str, &[&str], Vec<String>) = match last {
            'e' => (
                &word[..word.len() - 1],
                &["es", "e"][..],
                vec!["ed".into(), "ing".into()],
            ),
            'y' if !"aeiou".contains(before) => (
                &word[..word.len() - 1],
                &["ies", "y"][..],
                vec!["ied".into(), "ying".into()],
            ),
            _ => (
                word,
                &["es", "s", ""][..],
                vec![
                    format!("{last}ing"),
                    format!("{last}ed"),
                    "ing".into(),
                    "ed".into(),
                ],
            ),
        };
        let mut endings: Vec<String> = Vec::new();
        if verbs {
            endings.extend(verb);
        }
        endings.extend(plural.iter().map(|e| e.to_string()));
        endings.sort_by_key(|e| std::cmp::Reverse(e.len()));
        Word {
            stem: stem.to_string(),
            endings,
        }
    }
}

/// English text folded for comparison, with each folded byte's original byte offset.
struct Folded {
    text: String,
    /// `starts[i]`: original start of the char folded byte `i` came from; one extra entry at
    /// the end holds the original length.
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl Folded {
    fn new(s: &str, case_sensitive: bool) -> Self {
        let mut text = String::with_capacity(s.len());
        let mut starts = Vec::with_capacity(s.len() + 1);
        let mut ends = Vec::with_capacity(s.len() + 1);
        let mut in_space = true;
        for (i, c) in s.char_indices() {
            let end = i + c.len_utf8();
            if c.is_whitespace() {
                if !in_space {
                    text.push(' ');
                    starts.push(i);
                    ends.push(end);
                }
                in_space = true;
                continue;
            }
            in_space = false;
            for f in fold_char(c, case_sensitive) {
                for _ in 0..f.len_utf8() {
                    starts.push(i);
                    ends.push(end);
                }
                text.push(f);
            }
        }
        Folded { text, starts, ends }
    }

    /// Occurrences of `needle` on word boundaries, as folded byte spans.
    fn find(&self, needle: &Needle) -> Vec<Span> {
        let Some(first) = needle.words.first().filter(|w| !w.stem.is_empty()) else {
            return Vec::new();
        };
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(at) = self.text[from..].find(&first.stem) {
            let s = from + at;
            if !word(self.text[..s].chars().next_back()) {
                if let Some(e) = needle.match_at(&self.text, s) {
                    out.push(Span::new(s, e));
                }
            }
            from = s + self.text[s..].chars().next().map_or(1, char::len_utf8);
        }
        out
    }

    fn original_span(&self, span: Span) -> Span {
        Span::new(self.starts[span.start], self.ends[span.end - 1])
    }
}

fn fold_char(c: char, case_sensitive: bool) -> impl Iterator<Item = char> {
    let mapped: String = match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => "'".into(),
        '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' => "\"".into(),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => "-".into(),
        'đ' => "d".into(),
        'Đ' => "D".into(),
        c if c.is_ascii() => c.to_string(),
        c => c.nfd().filter(|d| !is_combining_mark(*d)).collect(),
    };
    let folded: String = if case_sensitive {
        mapped
    } else {
        mapped.to_lowercase()
    };
    folded.chars().collect::<Vec<_>>().into_iter()
}

/// `s` folded as [`Folded`] folds the text it is searched in.
fn fold(s: &str, case_sensitive: bool) -> String {
    Folded::new(s, case_sensitive).text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Glossary, LoadOptions};

    fn hit_check(entry: Entry, source: &str, english: &str) -> TermVerdict {
        let g = Glossary::from_entries(vec![entry], &LoadOptions::default()).unwrap();
        let hits = g.find(source);
        assert_eq!(hits.len(), 1, "{source}");
        hits[0].check_target(english)
    }

    #[test]
    fn word_boundaries_and_case() {
        let e = || Entry::new("ASEAN", "ASEAN");
        assert_eq!(hit_check(e(), "ASEAN", "the aseans"), TermVerdict::Missing);
        assert!(matches!(
            hit_check(e(), "ASEAN", "the asean way"),
            TermVerdict::Satisfied { .. }
        ));
        assert_eq!(
            hit_check(e().case_sensitive(), "ASEAN", "the Asean way"),
            TermVerdict::Missing
        );
    }

    #[test]
    fn forbidden_wins_and_reports_the_original_text() {
        let e =
            Entry::new("Bộ Ngoại giao", "Ministry of Foreign Affairs").forbid("Foreign Ministry");
        let english = "The  FOREIGN\nministry and the Ministry of Foreign Affairs";
        let TermVerdict::Forbidden { found, span } = hit_check(e, "Bộ Ngoại giao", english)
        else {
            panic!()
        };
        assert_eq!(found, "FOREIGN\nministry");
        assert_eq!(&english[span.range()], found);
    }

    #[test]
    fn forbidden_inside_an_accepted_rendering_is_fine() {
        let e = Entry::new("Ban Bí thư", "Secretariat of the Party Central Committee")
            .forbid("Secretariat");
        assert!(matches!(
            hit_check(
                e.clone(),
                "Ban Bí thư",
                "the Secretariat of the Party Central Committee"
            ),
            TermVerdict::Satisfied { .. }
        ));
        assert!(matches!(
            hit_check(e, "Ban Bí thư", "the Secretariat said"),
            TermVerdict::Forbidden { .. }
        ));
    }

    #[test]
    fn diacritics_and_quotes_are_folded() {
        let e = Entry::new("tỉnh {name}", "{name} provincial People's Committee");
        assert!(matches!(
            hit_check(
                e,
                "tỉnh Đắk Lắk",
                "the Dak Lak provincial People’s Committee"
            ),
            TermVerdict::Satisfied { .. }
        ));
    }

    #[test]
    fn english_inflection_counts_as_cat_tools_match_terms() {
        let satisfied = |rendering: &str, english: &str| {
            let e = Entry::new("nguồn", rendering);
            matches!(
                hit_check(e, "nguồn", english),
                TermVerdict::Satisfied { .. }
            )
        };
        // Plurals of every word, verb forms in renderings of two words or more.
        assert!(satisfied(
            "new situation",
            "foreign investment in new situations"
        ));
        assert!(satisfied("upgrade relations", "they upgraded relations"));
        assert!(satisfied("upgrade relations", "upgrading relations"));
        assert!(satisfied("policy", "its policies"));
        assert!(satisfied("plan ahead", "they planned ahead"));
        assert!(satisfied("conference", "two conferences"));
        assert!(satisfied(
            "Ministry of Foreign Affairs",
            "the ministries of foreign affairs"
        ));
        // A single word stays a noun, and a word never runs on into another.
        assert!(!satisfied("State", "he stated"));
        assert!(!satisfied("new situation", "new situationally"));
        assert!(!satisfied("upgrade relations", "upgraded relationship"));
        // Acronyms, words with digits and case-sensitive entries match exactly.
        assert!(!satisfied("ASEAN", "the ASEANs"));
        assert!(!satisfied("G20 summit", "G20s summit"));
        let exact = Entry::new("nguồn", "new situation").case_sensitive();
        assert_eq!(
            hit_check(exact, "nguồn", "new situations"),
            TermVerdict::Missing
        );
    }

    #[test]
    fn a_forbidden_rendering_is_found_in_its_longest_form() {
        let e =
            Entry::new("Bộ Ngoại giao", "Ministry of Foreign Affairs").forbid("foreign ministry");
        let english = "the Foreign Ministries met";
        let TermVerdict::Forbidden { found, .. } = hit_check(e, "Bộ Ngoại giao", english)
        else {
            panic!()
        };
        assert_eq!(found, "Foreign Ministries");
    }
}
