//! Verifying an anchor hit: the elements of a pattern alternative matched forwards and
//! backwards from its anchor, each slot kind's extent (numbers, Roman numerals, codes, names,
//! provinces and countries from the gazetteer), syllable boundaries and case.

use super::super::pattern::{roman_value, Elem, SlotKind};
use super::AnchorRef;
use crate::text::gazetteer;
use crate::text::normalize::{self, Normalized};
use crate::text::tone::is_letter;
use std::ops::Range;

/// The text being searched: its key form, the alignment, and the original.
pub(super) struct Cx<'a> {
    pub(super) key: &'a str,
    pub(super) norm: &'a Normalized,
    pub(super) original: &'a str,
}

impl Cx<'_> {
    fn prev_char(&self, pos: usize) -> Option<char> {
        self.key[..pos].chars().next_back()
    }
    fn next_char(&self, pos: usize) -> Option<char> {
        self.key[pos..].chars().next()
    }
    /// True when nothing alphanumeric touches `pos` from the left.
    pub(super) fn starts_token(&self, pos: usize) -> bool {
        !self.prev_char(pos).is_some_and(is_word_char)
    }
    /// True when nothing alphanumeric touches `pos` from the right.
    pub(super) fn ends_token(&self, pos: usize) -> bool {
        !self.next_char(pos).is_some_and(is_word_char)
    }
    /// The original text behind key bytes `range`.
    pub(super) fn original(&self, range: Range<usize>) -> &str {
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
pub(super) fn is_word_char(c: char) -> bool {
    is_letter(c) || c.is_numeric()
}

/// Matches alternative `alt` around an anchor hit at `s..e` (trimmed key); fills `ranges`
/// with each element's key range and returns the whole match's key range.
pub(super) fn verify(
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
pub(super) fn case_matches(cx: &Cx, alt: &[Elem], ranges: &[Range<usize>]) -> bool {
    alt.iter().zip(ranges).all(|(e, r)| match e {
        Elem::Lit { text, .. } => normalize::text(cx.original(r.clone())) == text.trim(),
        Elem::Slot(_) => true,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{found, glossary, one};
    use crate::glossary::{Entry, Glossary, LoadOptions};

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
}
