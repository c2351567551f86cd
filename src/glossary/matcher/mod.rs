//! Finding glossary terms in Vietnamese text: Aho-Corasick over the `normalize::key` form of
//! the text, syllable-boundary checks, slot capture for pattern entries, longest-match
//! selection, and spans mapped back to the original text.
//!
//! Every literal chunk of every pattern alternative is an automaton pattern (its *anchor*).
//! The automaton reports all anchor occurrences (overlapping); each is verified (slots,
//! boundaries, case), and then every verified hit inside a longer one is dropped
//! (`Thứ trưởng Bộ Ngoại giao` hides `Bộ Ngoại giao`; at equal spans an entry without slots
//! beats a pattern, so `Bí thư Thành ủy Hà Nội` → "Hanoi" beats `Bí thư Thành ủy
//! {province}`, and otherwise the entry loaded first wins). Two reasons not to let a
//! `LeftmostLongest` automaton choose among raw anchors: a long anchor whose slots fail must
//! not hide a shorter valid term, and two terms that share words (`công tác [đối ngoại] địa
//! phương`) are both real, so partially overlapping hits are both kept: leftmost-longest
//! would silently drop the second.
//!
//! With thousands of entries the search is bound by cache misses, not by comparisons, so the
//! per-anchor data sits in two flat arrays, each candidate carries what selection sorts on,
//! and a plain candidate (one literal, no slots) is never looked up again before its hit is
//! built.

mod slots;

use super::model::{Compiled, Entry};
use super::pattern::{Elem, SlotId};
use super::Glossary;
use crate::doc::Span;
use crate::text::normalize::{self, Normalized, Options};
use aho_corasick::{AhoCorasick, MatchKind};
use slots::{case_matches, verify, Cx};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// One glossary term found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermHit<'g> {
    /// Where the term is in the original text (bytes).
    pub span: Span,
    /// The term as written in the original text.
    pub text: String,
    /// The entry that matched.
    pub entry: &'g Entry,
    /// The entry's index in [`Glossary::entries`].
    pub entry_index: usize,
    /// Captured slot values (canonical text: NFC, tone placement, folded white space).
    pub slots: Vec<(SlotId, String)>,
    /// The required English rendering, slots filled.
    pub target: Cow<'g, str>,
    /// Other accepted renderings, slots filled.
    pub variants: Vec<Cow<'g, str>>,
    /// Forbidden renderings, slots filled.
    pub forbidden: Vec<Cow<'g, str>>,
}

impl TermHit<'_> {
    /// The target followed by the variants, skipping empty ones.
    pub fn accepted(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.target.as_ref())
            .chain(self.variants.iter().map(AsRef::as_ref))
            .filter(|s| !s.trim().is_empty())
    }
}

/// Where an anchor sits: entry, alternative, element; and whether the entry has slots (a
/// pattern loses to a literal entry over the same span).
#[derive(Debug, Clone, Copy)]
struct AnchorRef {
    entry: u32,
    alt: u32,
    elem: u32,
    slots: bool,
}

/// The compiled automaton over every anchor.
#[derive(Debug)]
pub(crate) struct Matcher {
    ac: AhoCorasick,
    /// Per automaton pattern.
    anchors: Vec<Anchor>,
    /// Every anchor's refs, one run per anchor.
    refs: Vec<AnchorRef>,
}

/// One automaton pattern: its run in [`Matcher::refs`].
#[derive(Debug, Clone, Copy)]
struct Anchor {
    first: u32,
    len: u32,
    /// Every ref is a one-literal alternative of a case-insensitive entry: a hit on word
    /// boundaries is a candidate as it stands, with no verification.
    plain: bool,
}

/// A verified occurrence before selection: key-text range, and the anchor hit that found
/// it (to recompute element ranges for the few pattern candidates selected).
struct Candidate {
    start: usize,
    end: usize,
    aref: AnchorRef,
    anchor: (usize, usize),
    /// Found by a plain anchor: the whole match is the one literal element.
    plain: bool,
}

impl Matcher {
    /// Builds the automaton from compiled entries.
    pub fn new(compiled: &[Compiled], entries: &[Entry]) -> Result<Self, aho_corasick::BuildError> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut patterns: Vec<&str> = Vec::new();
        let mut grouped: Vec<(Vec<AnchorRef>, bool)> = Vec::new();
        for (e, c) in compiled.iter().enumerate() {
            for (a, alt) in c.source.alternatives.iter().enumerate() {
                let Some((i, key)) = anchor_of(alt) else {
                    continue;
                };
                let key = key.trim();
                let id = *index.entry(key).or_insert_with(|| {
                    patterns.push(key);
                    grouped.push((Vec::new(), true));
                    patterns.len() - 1
                });
                grouped[id].1 &= alt.len() == 1 && !entries[e].case_sensitive;
                grouped[id].0.push(AnchorRef {
                    entry: e as u32,
                    alt: a as u32,
                    elem: i as u32,
                    slots: !c.source.slots.is_empty(),
                });
            }
        }
        let mut anchors = Vec::with_capacity(grouped.len());
        let mut refs = Vec::with_capacity(grouped.len());
        for (group, plain) in grouped {
            anchors.push(Anchor {
                first: refs.len() as u32,
                len: group.len() as u32,
                plain,
            });
            refs.extend(group);
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)?;
        Ok(Matcher { ac, anchors, refs })
    }

    /// All terms of `glossary` in `text`. A term never spans a blank line: the text is
    /// searched one block (paragraph) at a time, which also keeps each block's alignment
    /// table small enough to stay in cache (twice as fast on 1 MB as one pass).
    pub fn find<'g>(&self, glossary: &'g Glossary, text: &str) -> Vec<TermHit<'g>> {
        let mut hits = Vec::new();
        for r in blocks(text) {
            self.find_in(glossary, &text[r.clone()], r.start, &mut hits);
        }
        hits
    }

    /// Adds the terms of one block, whose first byte is at `offset` in the whole text, to
    /// `hits` (one vector for all blocks: hits are large, and moving them costs).
    fn find_in<'g>(
        &self,
        glossary: &'g Glossary,
        text: &str,
        offset: usize,
        hits: &mut Vec<TermHit<'g>>,
    ) {
        let norm = Normalized::new(text, Options::KEY);
        let cx = Cx {
            key: norm.text(),
            norm: &norm,
            original: text,
        };
        let mut cands = Vec::with_capacity(cx.key.len() / 64);
        // Scratch space for element ranges, reused across anchor hits.
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for m in self.ac.find_overlapping_iter(cx.key) {
            let anchor = self.anchors[m.pattern().as_usize()];
            let refs = &self.refs[anchor.first as usize..(anchor.first + anchor.len) as usize];
            if anchor.plain {
                if cx.starts_token(m.start()) && cx.ends_token(m.end()) {
                    let (start, end) = (m.start(), m.end());
                    cands.extend(refs.iter().map(|&aref| Candidate {
                        start,
                        end,
                        aref,
                        anchor: (start, end),
                        plain: true,
                    }));
                }
                continue;
            }
            for aref in refs {
                let alt = alternative(glossary, aref);
                let Some((start, end)) = verify(&cx, alt, aref, m.start(), m.end(), &mut ranges)
                else {
                    continue;
                };
                if glossary.entries()[aref.entry as usize].case_sensitive
                    && !case_matches(&cx, alt, &ranges)
                {
                    continue;
                }
                cands.push(Candidate {
                    start,
                    end,
                    aref: *aref,
                    anchor: (m.start(), m.end()),
                    plain: false,
                });
            }
        }
        cands.sort_unstable_by_key(|c| {
            (
                c.start,
                std::cmp::Reverse(c.end),
                c.aref.slots,
                c.aref.entry,
                c.aref.alt,
            )
        });
        // Sorted by start, longest first: a candidate is inside an earlier one exactly when it
        // ends no later than the furthest end seen so far.
        let mut max_end = 0;
        for c in cands {
            if c.end <= max_end {
                continue;
            }
            max_end = c.end;
            if c.plain {
                ranges.clear();
                ranges.push(c.start..c.end);
            } else {
                let alt = alternative(glossary, &c.aref);
                verify(&cx, alt, &c.aref, c.anchor.0, c.anchor.1, &mut ranges)
                    .expect("verified before");
            }
            hits.push(build_hit(glossary, &cx, &c, &ranges, offset));
        }
    }
}

fn alternative<'g>(g: &'g Glossary, aref: &AnchorRef) -> &'g [Elem] {
    &g.compiled[aref.entry as usize].source.alternatives[aref.alt as usize]
}

/// The blocks of `text` between blank lines (lines of only white space), as byte ranges that
/// together cover the whole text.
fn blocks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut pos) = (0, 0);
    let mut last_was_text = false;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if blank && last_was_text {
            out.push(start..pos);
            start = pos;
        }
        last_was_text = !blank;
        pos += line.len();
    }
    out.push(start..text.len());
    out
}

/// The longest literal chunk of an alternative: the most selective thing to search for.
fn anchor_of(alt: &[Elem]) -> Option<(usize, &str)> {
    alt.iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            Elem::Lit { key, .. } if !key.trim().is_empty() => Some((i, key.as_str())),
            _ => None,
        })
        .max_by_key(|(i, k)| (k.trim().len(), std::cmp::Reverse(*i)))
}

fn build_hit<'g>(
    g: &'g Glossary,
    cx: &Cx,
    c: &Candidate,
    ranges: &[Range<usize>],
    offset: usize,
) -> TermHit<'g> {
    let entry = c.aref.entry as usize;
    let compiled = &g.compiled[entry];
    let alt = &compiled.source.alternatives[c.aref.alt as usize];
    let slots: Vec<(SlotId, String)> = alt
        .iter()
        .zip(ranges)
        .filter_map(|(e, r)| match e {
            Elem::Slot(s) => Some((*s, normalize::text(cx.original(r.clone())))),
            Elem::Lit { .. } => None,
        })
        .collect();
    let render = |t: &'g super::pattern::Template| match t.literal() {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(t.render(&slots, g.strip_names)),
    };
    let target = render(&compiled.target);
    let mut variants: Vec<Cow<'g, str>> = compiled.variants.iter().map(render).collect();
    let mut forbidden = Vec::new();
    if compiled.has_place_slots {
        // Every accepted English form of a place is accepted in every rendering
        // ("Ambassador to the US" as well as "to the United States"), and every forbidden
        // rendering is forbidden with each of them.
        for t in std::iter::once(&compiled.target).chain(&compiled.variants) {
            for r in t.renderings(&slots, g.strip_names).into_iter().skip(1) {
                if *target != r && !variants.iter().any(|v| **v == r) {
                    variants.push(Cow::Owned(r));
                }
            }
        }
        for t in &compiled.forbidden {
            forbidden.extend(
                t.renderings(&slots, g.strip_names)
                    .into_iter()
                    .map(Cow::Owned),
            );
        }
    } else {
        forbidden = compiled.forbidden.iter().map(render).collect();
    }
    let span = cx.norm.original_span(c.start..c.end);
    TermHit {
        span: span.shift(offset),
        text: cx.original[span.range()].to_owned(),
        entry: &g.entries()[entry],
        entry_index: entry,
        target,
        variants,
        forbidden,
        slots,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use crate::glossary::{Entry, Glossary, LoadOptions};
    use unicode_normalization::UnicodeNormalization;

    pub(super) fn glossary(entries: &[(&str, &str)]) -> Glossary {
        let entries = entries.iter().map(|(s, t)| Entry::new(*s, *t)).collect();
        Glossary::from_entries(entries, &LoadOptions::default()).unwrap()
    }

    /// One hit: its text and target.
    pub(super) fn one(text: &str, target: &str) -> Vec<(String, String)> {
        vec![(text.to_string(), target.to_string())]
    }

    pub(super) fn found(g: &Glossary, text: &str) -> Vec<(String, String)> {
        g.find(text)
            .into_iter()
            .map(|h| (text[h.span.range()].to_string(), h.target.into_owned()))
            .collect()
    }

    #[test]
    fn fast_word_test_agrees_with_the_standard_one() {
        for c in '\0'..='\u{2FFF}' {
            assert_eq!(super::slots::is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn longest_term_wins_and_nothing_overlaps() {
        let g = glossary(&[
            ("Bộ Ngoại giao", "MOFA"),
            ("Thứ trưởng Bộ Ngoại giao", "Deputy FM"),
            ("Thứ trưởng", "Deputy Minister"),
        ]);
        assert_eq!(
            found(&g, "Thứ trưởng Bộ Ngoại giao và Bộ Ngoại giao"),
            vec![
                ("Thứ trưởng Bộ Ngoại giao".into(), "Deputy FM".into()),
                ("Bộ Ngoại giao".into(), "MOFA".into())
            ]
        );
    }

    #[test]
    fn terms_sharing_words_are_both_found() {
        let g = glossary(&[
            ("công tác đối ngoại", "external affairs work"),
            ("đối ngoại địa phương", "local external affairs"),
            ("địa phương", "local"),
        ]);
        let got = found(&g, "công tác đối ngoại địa phương");
        assert_eq!(
            got,
            vec![
                ("công tác đối ngoại".into(), "external affairs work".into()),
                (
                    "đối ngoại địa phương".into(),
                    "local external affairs".into()
                )
            ]
        );
    }

    #[test]
    fn terms_do_not_span_blank_lines_and_spans_stay_right() {
        let g = glossary(&[("hòa bình", "peace"), ("bình an", "safety")]);
        let text = "vì hòa\n\n  \nbình an. Hòa\nbình!\r\n\r\nhoà bình";
        let got = found(&g, text);
        let expected: Vec<(String, String)> = [
            ("bình an", "safety"),
            ("Hòa\nbình", "peace"),
            ("hoà bình", "peace"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(got, expected);
        let n = 1000;
        let long = format!("{text}\n").repeat(n);
        let hits = g.find(&long);
        assert!(hits.iter().all(|h| long[h.span.range()] == h.text));
        assert!(hits.windows(2).all(|w| w[0].span.start < w[1].span.start));
        assert_eq!(hits.len(), 3 * n);
    }

    #[test]
    fn only_on_syllable_boundaries() {
        let g = glossary(&[("hòa", "peace"), ("an", "safety")]);
        assert!(found(&g, "hòan hảo, bán hàng").is_empty());
        assert_eq!(found(&g, "an, (hòa)").len(), 2);
    }

    #[test]
    fn nfd_old_tone_case_and_line_breaks_are_found() {
        let g = glossary(&[
            ("hòa bình", "peace"),
            ("Ủy ban nhân dân", "People's Committee"),
        ]);
        let text: String = "Vì HOÀ\n  BÌNH, Uỷ  ban\r\nnhân dân".nfd().collect();
        let hits = g.find(&text);
        assert_eq!(hits.len(), 2);
        assert_eq!(
            text[hits[0].span.range()].nfc().collect::<String>(),
            "HOÀ\n  BÌNH"
        );
        assert_eq!(
            hits[1].text.nfc().collect::<String>(),
            "Uỷ  ban\r\nnhân dân"
        );
    }

    #[test]
    fn a_literal_entry_beats_a_pattern_over_the_same_span() {
        let g = glossary(&[
            (
                "Bí thư Thành ủy {province}",
                "Secretary of the {province} municipal Party Committee",
            ),
            (
                "Bí thư Thành ủy Hà Nội",
                "Secretary of the Hanoi Party Committee",
            ),
        ]);
        assert_eq!(
            found(&g, "Bí thư Thành ủy Hà Nội"),
            one(
                "Bí thư Thành ủy Hà Nội",
                "Secretary of the Hanoi Party Committee"
            )
        );
        assert_eq!(
            g.find("Bí thư Thành ủy Đà Nẵng")[0].target,
            "Secretary of the Đà Nẵng municipal Party Committee"
        );
    }

    #[test]
    fn failed_pattern_does_not_hide_a_shorter_term() {
        let g = glossary(&[
            (
                "Chỉ thị số {n} của Ban Bí thư",
                "Directive No. {n} of the Secretariat",
            ),
            ("chỉ thị số", "directive number"),
        ]);
        assert_eq!(
            found(&g, "chỉ thị số ba"),
            vec![("chỉ thị số".into(), "directive number".into())]
        );
    }

    #[test]
    fn case_sensitive_entries_need_the_case() {
        let g = Glossary::from_entries(
            vec![Entry::new("TW", "Central").case_sensitive()],
            &LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(g.find("12-KL/TW").len(), 1);
        assert!(g.find("tw").is_empty());
    }

    #[test]
    fn first_loaded_entry_wins_a_tie() {
        let g = glossary(&[("hòa bình", "peace"), ("hoà bình", "peacefulness")]);
        assert_eq!(found(&g, "hòa bình")[0].1, "peace");
    }

    #[test]
    fn strip_names_on_request() {
        let opts = LoadOptions {
            strip_name_diacritics: true,
            ..LoadOptions::default()
        };
        let g = Glossary::from_entries(vec![Entry::new("tỉnh {name}", "{name} province")], &opts)
            .unwrap();
        assert_eq!(g.find("tỉnh Đắk Lắk")[0].target, "Dak Lak province");
    }
}
