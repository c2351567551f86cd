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

use super::gazetteer;
use super::model::{Compiled, Entry, Glossary};
use super::pattern::{roman_value, Elem, SlotId, SlotKind};
use crate::doc::Span;
use crate::text::normalize::{self, Normalized, Options};
use crate::text::tone::is_letter;
use aho_corasick::{AhoCorasick, MatchKind};
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

/// The text being searched: its key form, the alignment, and the original.
struct Cx<'a> {
    key: &'a str,
    norm: &'a Normalized,
    original: &'a str,
}

impl Cx<'_> {
    fn prev_char(&self, pos: usize) -> Option<char> {
        self.key[..pos].chars().next_back()
    }
    fn next_char(&self, pos: usize) -> Option<char> {
        self.key[pos..].chars().next()
    }
    /// True when nothing alphanumeric touches `pos` from the left.
    fn starts_token(&self, pos: usize) -> bool {
        !self.prev_char(pos).is_some_and(is_word_char)
    }
    /// True when nothing alphanumeric touches `pos` from the right.
    fn ends_token(&self, pos: usize) -> bool {
        !self.next_char(pos).is_some_and(is_word_char)
    }
    /// The original text behind key bytes `range`.
    fn original(&self, range: Range<usize>) -> &str {
        &self.original[self.norm.original_span(range).range()]
    }
    /// True when the key char at `pos` is upper case in the original.
    fn upper_at(&self, pos: usize) -> bool {
        let len = self.next_char(pos).map_or(1, char::len_utf8);
        self.original(pos..pos + len)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }
}

/// `char::is_alphanumeric`, with the letter test's fast path for Vietnamese.
fn is_word_char(c: char) -> bool {
    is_letter(c) || c.is_numeric()
}

/// Matches alternative `alt` around an anchor hit at `s..e` (trimmed key); fills `ranges`
/// with each element's key range and returns the whole match's key range.
fn verify(
    cx: &Cx,
    alt: &[Elem],
    aref: &AnchorRef,
    s: usize,
    e: usize,
    ranges: &mut Vec<Range<usize>>,
) -> Option<(usize, usize)> {
    let i = aref.elem as usize;
    let Elem::Lit { key, .. } = &alt[i] else {
        return None;
    };
    // The anchor was searched trimmed; put back the spaces the chunk has at its edges.
    let lead = key.len() - key.trim_start().len();
    let trail = key.len() - key.trim_end().len();
    let (s, e) = (s.checked_sub(lead)?, e + trail);
    if e > cx.key.len() || &cx.key[s..e] != key.as_str() {
        return None;
    }
    ranges.clear();
    ranges.resize(alt.len(), 0..0);
    ranges[i] = s..e;
    let end = match_forward(cx, &alt[i + 1..], e, &mut ranges[i + 1..])?;
    let start = match_backward(cx, &alt[..i], s, &mut ranges[..i])?;
    if !cx.starts_token(start) || !cx.ends_token(end) {
        return None;
    }
    Some((start, end))
}

fn match_forward(cx: &Cx, elems: &[Elem], pos: usize, out: &mut [Range<usize>]) -> Option<usize> {
    let Some(first) = elems.first() else {
        return Some(pos);
    };
    match first {
        Elem::Lit { key, .. } => {
            if !cx.key[pos..].starts_with(key.as_str()) {
                return None;
            }
            out[0] = pos..pos + key.len();
            match_forward(cx, &elems[1..], pos + key.len(), &mut out[1..])
        }
        Elem::Slot(slot) => {
            for end in slot_ends(cx, slot.kind, pos) {
                if let Some(fin) = match_forward(cx, &elems[1..], end, &mut out[1..]) {
                    out[0] = pos..end;
                    return Some(fin);
                }
            }
            None
        }
    }
}

fn match_backward(cx: &Cx, elems: &[Elem], end: usize, out: &mut [Range<usize>]) -> Option<usize> {
    let Some(last) = elems.last() else {
        return Some(end);
    };
    let n = elems.len() - 1;
    match last {
        Elem::Lit { key, .. } => {
            if !cx.key[..end].ends_with(key.as_str()) {
                return None;
            }
            out[n] = end - key.len()..end;
            match_backward(cx, &elems[..n], end - key.len(), &mut out[..n])
        }
        Elem::Slot(slot) => {
            for start in slot_starts(cx, slot.kind, end) {
                if let Some(first) = match_backward(cx, &elems[..n], start, &mut out[..n]) {
                    out[n] = start..end;
                    return Some(first);
                }
            }
            None
        }
    }
}

/// Where a slot of `kind` starting at `pos` can end, longest first.
fn slot_ends(cx: &Cx, kind: SlotKind, pos: usize) -> Vec<usize> {
    if !cx.starts_token(pos) {
        return Vec::new();
    }
    let bytes = cx.key.as_bytes();
    let digits_from = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let ends: Vec<usize> = match kind {
        SlotKind::Number => {
            let mut end = digits_from(pos);
            if end == pos {
                return Vec::new();
            }
            // Thousands groups: `1.000.000`, but not a sentence-final full stop.
            while end < bytes.len() && bytes[end] == b'.' && digits_from(end + 1) == end + 4 {
                end += 4;
            }
            vec![end]
        }
        SlotKind::Roman => {
            let len = cx.key[pos..]
                .find(|c: char| !"ivxlcdm".contains(c))
                .unwrap_or(cx.key.len() - pos);
            let upper = (pos..pos + len).all(|i| cx.upper_at(i));
            if len == 0 || !upper || roman_value(&cx.key[pos..pos + len]).is_none() {
                return Vec::new();
            }
            vec![pos + len]
        }
        SlotKind::Code => {
            let mut end = digits_from(pos);
            if end == pos {
                return Vec::new();
            }
            let mut has_letter = false;
            while let Some(sep) = cx.next_char(end).filter(|c| *c == '-' || *c == '/') {
                let after = end + sep.len_utf8();
                let run = cx.key[after..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == 'đ'))
                    .unwrap_or(cx.key.len() - after);
                if run == 0 {
                    break;
                }
                has_letter |= cx.key[after..after + run].chars().any(char::is_alphabetic);
                end = after + run;
            }
            if !has_letter {
                return Vec::new();
            }
            vec![end]
        }
        SlotKind::Province | SlotKind::Country => place_ends(cx, kind, pos),
        SlotKind::Name => {
            let mut ends = Vec::new();
            let mut at = pos;
            loop {
                let word = cx.key[at..]
                    .find(|c: char| !c.is_alphabetic())
                    .unwrap_or(cx.key.len() - at);
                if word == 0 || !cx.upper_at(at) {
                    break;
                }
                ends.push(at + word);
                if cx.next_char(at + word) != Some(' ') {
                    break;
                }
                at += word + 1;
            }
            ends.reverse();
            ends
        }
    };
    ends.into_iter().filter(|&e| cx.ends_token(e)).collect()
}

/// Where a slot of `kind` ending at `end` can start, longest first.
fn slot_starts(cx: &Cx, kind: SlotKind, end: usize) -> Vec<usize> {
    if !cx.ends_token(end) {
        return Vec::new();
    }
    let allowed = |c: char| match kind {
        SlotKind::Number => c.is_ascii_digit() || c == '.',
        SlotKind::Roman => "ivxlcdm".contains(c),
        SlotKind::Code => c.is_ascii_alphanumeric() || c == 'đ' || c == '-' || c == '/',
        SlotKind::Name => c.is_alphabetic() || c == ' ',
        SlotKind::Province | SlotKind::Country => c.is_alphanumeric() || PLACE_PUNCT.contains(c),
    };
    let mut earliest = end;
    let mut words = 0;
    for (i, c) in cx.key[..end].char_indices().rev() {
        if !allowed(c) {
            break;
        }
        if c == ' ' {
            words += 1;
            if words >= 8 {
                break;
            }
        }
        earliest = i;
    }
    cx.key[earliest..end]
        .char_indices()
        .map(|(i, _)| earliest + i)
        .filter(|&s| slot_ends(cx, kind, s).contains(&end))
        .collect()
}

/// What may stand between the words of a place name: `TP. Hồ Chí Minh`, `Bà Rịa - Vũng Tàu`,
/// `Côte d'Ivoire`.
const PLACE_PUNCT: &str = " -.–—'’";

/// Where a `{province}` or `{country}` starting at `pos` can end, longest first: every end of
/// a listed spelling whose capitalized words are capitalized in the text too (so `anh`, `mỹ`
/// as ordinary words are no countries, while `ANH` in a headline is).
fn place_ends(cx: &Cx, kind: SlotKind, pos: usize) -> Vec<usize> {
    let gaz = gazetteer::of(kind.places().expect("a place slot"));
    // Word starts and ends from `pos`, as far as a place name can reach.
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    let mut in_word = false;
    for (i, c) in cx.key[pos..].char_indices() {
        let at = pos + i;
        let word = is_word_char(c);
        if word && !in_word {
            if starts.len() == gaz.max_words() {
                break;
            }
            starts.push(at);
        } else if !word && in_word {
            ends.push(at);
        }
        in_word = word;
        if !word && !PLACE_PUNCT.contains(c) {
            break;
        }
    }
    if in_word {
        ends.push(cx.key.len());
    }
    let mut out = Vec::new();
    for (n, &end) in ends.iter().enumerate().rev() {
        let Some((_, caps)) = gaz.by_key(&cx.key[pos..end]) else {
            continue;
        };
        if caps.len() == n + 1
            && caps
                .iter()
                .zip(&starts)
                .all(|(&cap, &s)| !cap || cx.upper_at(s))
        {
            out.push(end);
        }
    }
    out
}

/// For case-sensitive entries: every literal chunk must have the entry's case in the original.
fn case_matches(cx: &Cx, alt: &[Elem], ranges: &[Range<usize>]) -> bool {
    alt.iter().zip(ranges).all(|(e, r)| match e {
        Elem::Lit { text, .. } => normalize::text(cx.original(r.clone())) == text.trim(),
        Elem::Slot(_) => true,
    })
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
mod tests {
    use crate::glossary::{Entry, Glossary, LoadOptions};
    use unicode_normalization::UnicodeNormalization;

    fn glossary(entries: &[(&str, &str)]) -> Glossary {
        let entries = entries.iter().map(|(s, t)| Entry::new(*s, *t)).collect();
        Glossary::from_entries(entries, &LoadOptions::default()).unwrap()
    }

    /// One hit: its text and target.
    fn one(text: &str, target: &str) -> Vec<(String, String)> {
        vec![(text.to_string(), target.to_string())]
    }

    fn found(g: &Glossary, text: &str) -> Vec<(String, String)> {
        g.find(text)
            .into_iter()
            .map(|h| (text[h.span.range()].to_string(), h.target.into_owned()))
            .collect()
    }

    #[test]
    fn fast_word_test_agrees_with_the_standard_one() {
        for c in '\0'..='\u{2FFF}' {
            assert_eq!(super::is_word_char(c), c.is_alphanumeric(), "{c:?}");
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
    fn pattern_slots_fill_the_target() {
        let g = glossary(&[
            (
                "Hội nghị Ngoại vụ toàn quốc lần thứ {n}",
                "{n:ordinal} National Conference on External Affairs",
            ),
            (
                "Đại hội {roman} của Đảng",
                "{roman:ordinal} National Party Congress",
            ),
            (
                "Kết luận số {code} của Bộ Chính trị",
                "Conclusion No. {code} of the Politburo",
            ),
            (
                "Phó Chủ tịch UBND tỉnh {name}",
                "Vice Chairman of the {name} provincial People's Committee",
            ),
            ("Nghị định {code}", "Decree {code}"),
        ]);
        let text = "Hội nghị Ngoại vụ toàn quốc lần thứ 21. Đại hội XIII của Đảng. \
                    Kết luận số 12-KL/TW của Bộ Chính trị; Phó Chủ tịch UBND tỉnh Gia Lai nói. Nghị định 34/2021/NĐ-CP.";
        let t: Vec<String> = g
            .find(text)
            .into_iter()
            .map(|h| h.target.into_owned())
            .collect();
        assert_eq!(
            t,
            [
                "21st National Conference on External Affairs",
                "13th National Party Congress",
                "Conclusion No. 12-KL/TW of the Politburo",
                "Vice Chairman of the Gia Lai provincial People's Committee",
                "Decree 34/2021/NĐ-CP",
            ]
        );
    }

    #[test]
    fn slots_refuse_what_they_do_not_describe() {
        let g = glossary(&[
            ("Đại hội {roman}", "{roman:ordinal} Congress"),
            ("tỉnh {name}", "{name} province"),
            ("số {code}", "No. {code}"),
        ]);
        assert!(
            g.find("đại hội di dời").is_empty(),
            "lower-case words are not numerals"
        );
        assert!(g.find("tỉnh này").is_empty(), "names are capitalized");
        assert!(g.find("số 18/12/2021").is_empty(), "dates are not codes");
        let hits = g.find("Đại hội XIII, tỉnh Gia Lai.");
        assert_eq!(hits[1].slots[0].1, "Gia Lai");
    }

    #[test]
    fn leading_slots_match_backwards() {
        let g = glossary(&[
            ("{n} tỉnh thành", "{n} provinces and cities"),
            ("{name} và Việt Nam", "{name} and Viet Nam"),
        ]);
        let hits = g.find("Có 1.000 tỉnh thành; Hoa Kỳ và Việt Nam");
        assert_eq!(hits[0].target, "1.000 provinces and cities");
        assert_eq!(hits[1].target, "Hoa Kỳ and Viet Nam");
    }

    #[test]
    fn province_slot_takes_provinces_only() {
        let g = glossary(&[
            (
                "Chủ tịch UBND tỉnh",
                "Chairman of the provincial People's Committee",
            ),
            (
                "Chủ tịch UBND tỉnh {province}",
                "Chairman of the {province} provincial People's Committee",
            ),
            (
                "Phó Chủ tịch UBND tỉnh {province}",
                "Vice Chairman of the {province} provincial People's Committee",
            ),
            (
                "UBND tỉnh {province}",
                "{province} provincial People's Committee",
            ),
        ]);
        assert_eq!(
            found(&g, "Chủ tịch UBND tỉnh Trương Hải Long phát biểu."),
            one(
                "Chủ tịch UBND tỉnh",
                "Chairman of the provincial People's Committee"
            ),
            "a person's name after the title is no province"
        );
        assert_eq!(
            found(&g, "Phó Chủ tịch UBND tỉnh Gia Lai Trương Hải Long"),
            one(
                "Phó Chủ tịch UBND tỉnh Gia Lai",
                "Vice Chairman of the Gia Lai provincial People's Committee"
            )
        );
        let t = |text: &str| g.find(text)[0].target.to_string();
        assert_eq!(
            t("Chủ tịch UBND tỉnh Thanh Hoá"),
            "Chairman of the Thanh Hóa provincial People's Committee",
            "old tone placement, canonical rendering"
        );
        assert_eq!(
            t("UBND tỉnh Bà Rịa-Vũng Tàu"),
            "Bà Rịa - Vũng Tàu provincial People's Committee"
        );
        assert_eq!(
            t("UBND tỉnh Thừa Thiên - Huế"),
            "Thừa Thiên Huế provincial People's Committee"
        );
        assert_eq!(
            found(&g, "UBND tỉnh gia lai").len(),
            0,
            "a province name is capitalized"
        );
        let opts = LoadOptions {
            strip_name_diacritics: true,
            ..LoadOptions::default()
        };
        let g = Glossary::from_entries(
            vec![Entry::new(
                "UBND tỉnh {province}",
                "{province} provincial People's Committee",
            )],
            &opts,
        )
        .unwrap();
        assert_eq!(
            g.find("UBND tỉnh Thừa Thiên Huế")[0].target,
            "Thua Thien Hue provincial People's Committee"
        );
    }

    #[test]
    fn country_slot_renders_the_english_name() {
        let g = glossary(&[
            ("Đại sứ", "Ambassador"),
            (
                "Đại sứ Việt Nam tại {country}",
                "Vietnamese Ambassador to {country}",
            ),
            ("{country} và Việt Nam", "{country:bare} and Vietnam"),
        ]);
        assert_eq!(
            found(&g, "Đại sứ Việt Nam tại Nhật Bản Phạm Quang Hiệu"),
            one(
                "Đại sứ Việt Nam tại Nhật Bản",
                "Vietnamese Ambassador to Japan"
            )
        );
        let us = &g.find("Đại sứ Việt Nam tại Hoa Kỳ")[0];
        assert_eq!(us.target, "Vietnamese Ambassador to the United States");
        assert!(us
            .variants
            .iter()
            .any(|v| v == "Vietnamese Ambassador to the US"));
        assert!(matches!(
            us.check_target("Vietnam's ambassador to the U.S. said"),
            crate::glossary::TermVerdict::Missing
        ));
        assert!(matches!(
            us.check_target("the Vietnamese Ambassador to the U.S. said"),
            crate::glossary::TermVerdict::Satisfied { .. }
        ));
        assert_eq!(
            g.find("ĐẠI SỨ VIỆT NAM TẠI ANH")[0].target,
            "Vietnamese Ambassador to the United Kingdom"
        );
        assert_eq!(
            found(&g, "Đại sứ Việt Nam tại anh ấy"),
            one("Đại sứ", "Ambassador"),
            "`anh` is no country in lower case"
        );
        assert_eq!(
            found(&g, "Đại sứ Việt Nam tại Liên hợp quốc"),
            one("Đại sứ", "Ambassador"),
            "the UN is not on the country list"
        );
        assert_eq!(
            found(&g, "Quan hệ giữa Liên bang Nga và Việt Nam"),
            one("Liên bang Nga và Việt Nam", "Russia and Vietnam"),
            "a leading slot takes the longest listed name"
        );
        assert_eq!(
            g.find("Hoa Kỳ và Việt Nam")[0].target,
            "United States and Vietnam"
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
