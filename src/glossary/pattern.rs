//! Pattern entries: typed slots (`{n}`, `{roman}`, `{code}`, `{province}`, `{country}`,
//! `{name}`) and optional words (`(số)`) in glossary sources, and slot transforms
//! (`{n:ordinal}`, `{country:bare}`) in targets.
//!
//! A source pattern compiles to a few *alternatives* (one per choice of optional groups),
//! each a sequence of literal chunks and slots in `normalize::key` form, ready for the matcher.

use super::gazetteer::{self, PlaceKind};
use crate::text::normalize;
use crate::verify::numbers::ordinal;
use std::fmt;

/// The kinds of value a slot captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SlotKind {
    /// `{n}`: an Arabic integer, also with thousands dots (`1.000`).
    Number,
    /// `{roman}`: an upper-case Roman numeral (`XIII`).
    Roman,
    /// `{code}`: a Vietnamese document code (`12-KL/TW`, `34/2021/NĐ-CP`, `05/CT-TTg`).
    Code,
    /// `{province}`: a province or centrally-run city of Vietnam from the closed list in
    /// `glossary/provinces.tsv` (`Gia Lai`, `Thừa Thiên Huế`, `TP. Hồ Chí Minh`).
    Province,
    /// `{country}`: a country or territory from the closed list in `glossary/countries.tsv`
    /// (`Nhật Bản`, `Hoa Kỳ`); a target renders its English name (`Japan`).
    Country,
    /// `{name}`: one or more capitalized syllables (`Gia Lai`, `Phạm Minh Chính`): a free
    /// proper name, for what no closed list covers (foreign cities).
    Name,
}

impl SlotKind {
    fn keyword(self) -> &'static str {
        match self {
            SlotKind::Number => "n",
            SlotKind::Roman => "roman",
            SlotKind::Code => "code",
            SlotKind::Province => "province",
            SlotKind::Country => "country",
            SlotKind::Name => "name",
        }
    }

    /// The closed list behind a `{province}` or `{country}` slot.
    pub fn places(self) -> Option<PlaceKind> {
        match self {
            SlotKind::Province => Some(PlaceKind::Province),
            SlotKind::Country => Some(PlaceKind::Country),
            _ => None,
        }
    }
}

/// One slot of a pattern: its kind plus an optional numeric suffix (`{n1}`, `{n2}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SlotId {
    /// What the slot captures.
    pub kind: SlotKind,
    /// The suffix that tells two slots of one kind apart.
    pub suffix: Option<u32>,
}

impl fmt::Display for SlotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.suffix {
            Some(s) => write!(f, "{{{}{s}}}", self.kind.keyword()),
            None => write!(f, "{{{}}}", self.kind.keyword()),
        }
    }
}

/// How a target renders a captured value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// As written in the source (names may have their diacritics stripped on request).
    AsWritten,
    /// An English ordinal: `20` → `20th`, `XIII` → `13th`.
    Ordinal,
    /// A country's English name without its article: `the United States` → `United States`.
    Bare,
}

/// What is wrong with a pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// A `{` without its `}`, or a `}` without its `{`.
    #[error("unbalanced braces in `{0}`")]
    UnbalancedBraces(String),
    /// A `(` without its `)`, or the reverse.
    #[error("unbalanced parentheses in `{0}`")]
    UnbalancedParens(String),
    /// Optional groups inside optional groups.
    #[error("nested optional groups in `{0}`")]
    NestedOptional(String),
    /// `()` with nothing inside.
    #[error("empty optional group in `{0}`")]
    EmptyOptional(String),
    /// A slot name we do not know.
    #[error("unknown slot `{{{0}}}` (known: {{n}}, {{roman}}, {{code}}, {{province}}, {{country}}, {{name}}, with an optional number suffix)")]
    UnknownSlot(String),
    /// A transform we do not know, or one the slot kind does not support.
    #[error(
        "unknown transform `{transform}` for slot {slot} (known: {{n:ordinal}}, {{roman:ordinal}}, {{country:bare}})"
    )]
    UnknownTransform {
        /// The slot.
        slot: SlotId,
        /// The transform as written.
        transform: String,
    },
    /// A transform in a source pattern, where only bare slots belong.
    #[error("transform `{transform}` in source slot {slot}: transforms belong in targets")]
    TransformInSource {
        /// The slot.
        slot: SlotId,
        /// The transform as written.
        transform: String,
    },
    /// The same slot twice in one source.
    #[error("slot {0} appears twice in the source; number them ({{n1}}, {{n2}})")]
    RepeatedSlot(SlotId),
    /// A target slot the source does not have.
    #[error("target slot {0} is not in the source")]
    SlotNotInSource(SlotId),
    /// A source made of slots only: nothing to anchor a search on.
    #[error("source `{0}` has no literal words, only slots")]
    NoLiteral(String),
    /// An optional group containing a slot whose value a target needs.
    #[error("slot {0} is inside an optional group but the target uses it")]
    OptionalSlotUsed(SlotId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Slot(SlotId),
    Optional(Vec<Piece>),
}

/// One element of a compiled source alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    /// Literal text: `key` as `normalize::key` gives it, `text` the same with case kept.
    Lit {
        /// The matching key (lower case).
        key: String,
        /// The canonical text (case kept), for case-sensitive entries.
        text: String,
    },
    /// A slot.
    Slot(SlotId),
}

/// A compiled source pattern: every way of taking its optional groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePattern {
    /// The alternatives, longest first, without duplicates.
    pub alternatives: Vec<Vec<Elem>>,
    /// The slots of the source (in any alternative).
    pub slots: Vec<SlotId>,
    /// Slots that only some alternatives have.
    optional_slots: Vec<SlotId>,
}

/// A compiled target (or variant, or forbidden rendering) with its slots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<TPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TPart {
    Text(String),
    Slot(SlotId, Transform),
}

/// Up to this many optional groups per source (2^4 = 16 alternatives).
const MAX_OPTIONAL: usize = 4;

/// First of the private-use characters that stand for slots while the pattern is normalized.
const SENTINEL: u32 = 0xF0000;

impl SourcePattern {
    /// Compiles a source pattern.
    ///
    /// ```
    /// use vibrief::glossary::pattern::SourcePattern;
    /// let p = SourcePattern::parse("Chỉ thị (số) {n} của Ban Bí thư").unwrap();
    /// assert_eq!(p.alternatives.len(), 2);
    /// ```
    pub fn parse(source: &str) -> Result<Self, PatternError> {
        let pieces = parse_pieces(source, true)?;
        let mut slots = Vec::new();
        let mut optional_slots = Vec::new();
        collect_slots(&pieces, false, &mut slots, &mut optional_slots);
        for (i, s) in slots.iter().enumerate() {
            if slots[..i].contains(s) {
                return Err(PatternError::RepeatedSlot(*s));
            }
        }
        let optional_count = pieces
            .iter()
            .filter(|p| matches!(p, Piece::Optional(_)))
            .count();
        if optional_count > MAX_OPTIONAL {
            return Err(PatternError::NestedOptional(source.to_owned()));
        }
        let mut alternatives: Vec<Vec<Elem>> = Vec::new();
        for mask in 0..(1u32 << optional_count) {
            let alt = compile_alternative(&pieces, mask);
            if !alt
                .iter()
                .any(|e| matches!(e, Elem::Lit { key, .. } if !key.trim().is_empty()))
            {
                return Err(PatternError::NoLiteral(source.to_owned()));
            }
            if !alternatives.contains(&alt) {
                alternatives.push(alt);
            }
        }
        alternatives.sort_by_key(|alt| std::cmp::Reverse(alt_len(alt)));
        Ok(SourcePattern {
            alternatives,
            slots,
            optional_slots,
        })
    }

    /// True when the source has no slots and no optional groups: a plain term.
    pub fn is_literal(&self) -> bool {
        self.alternatives.len() == 1 && self.slots.is_empty()
    }
}

fn alt_len(alt: &[Elem]) -> usize {
    alt.iter()
        .map(|e| {
            if let Elem::Lit { key, .. } = e {
                key.len()
            } else {
                1
            }
        })
        .sum()
}

fn collect_slots(pieces: &[Piece], optional: bool, all: &mut Vec<SlotId>, opt: &mut Vec<SlotId>) {
    for p in pieces {
        match p {
            Piece::Slot(s) => {
                all.push(*s);
                if optional {
                    opt.push(*s);
                }
            }
            Piece::Optional(inner) => collect_slots(inner, true, all, opt),
            Piece::Text(_) => {}
        }
    }
}

fn compile_alternative(pieces: &[Piece], mask: u32) -> Vec<Elem> {
    let mut raw = String::new();
    let mut slots = Vec::new();
    let mut bit = 0;
    let push = |raw: &mut String, p: &Piece, slots: &mut Vec<SlotId>| match p {
        Piece::Text(t) => raw.push_str(t),
        Piece::Slot(s) => {
            raw.push(char::from_u32(SENTINEL + slots.len() as u32).expect("private-use char"));
            slots.push(*s);
        }
        Piece::Optional(_) => {}
    };
    for p in pieces {
        if let Piece::Optional(inner) = p {
            if mask & (1 << bit) != 0 {
                for q in inner {
                    push(&mut raw, q, &mut slots);
                }
            }
            bit += 1;
        } else {
            push(&mut raw, p, &mut slots);
        }
    }
    let text = normalize::text(&raw);
    let key = normalize::key(&raw);
    let texts = split_sentinels(&text);
    let keys = split_sentinels(&key);
    let mut out = Vec::new();
    for (i, (k, t)) in keys.into_iter().zip(texts).enumerate() {
        if !k.is_empty() {
            out.push(Elem::Lit { key: k, text: t });
        }
        if i < slots.len() {
            out.push(Elem::Slot(slots[i]));
        }
    }
    out
}

fn split_sentinels(s: &str) -> Vec<String> {
    s.split(|c: char| (SENTINEL..SENTINEL + 64).contains(&(c as u32)))
        .map(str::to_owned)
        .collect()
}

impl Template {
    /// Compiles a target, variant or forbidden rendering; its slots must be among `source_slots`.
    ///
    /// ```
    /// use vibrief::glossary::pattern::{SourcePattern, Template};
    /// let src = SourcePattern::parse("Đại hội {roman} của Đảng").unwrap();
    /// let t = Template::parse("{roman:ordinal} National Party Congress", &src).unwrap();
    /// assert!(!t.is_literal());
    /// ```
    pub fn parse(target: &str, source: &SourcePattern) -> Result<Self, PatternError> {
        check_parens(target)?;
        let mut parts = Vec::new();
        let mut rest = target;
        while let Some(open) = rest.find(['{', '}']) {
            if rest.as_bytes()[open] == b'}' {
                return Err(PatternError::UnbalancedBraces(target.to_owned()));
            }
            let close = rest[open..].find('}').map(|c| open + c);
            let Some(close) = close.filter(|&c| !rest[open + 1..c].contains('{')) else {
                return Err(PatternError::UnbalancedBraces(target.to_owned()));
            };
            if open > 0 {
                parts.push(TPart::Text(rest[..open].to_owned()));
            }
            let (slot, transform) = parse_slot(&rest[open + 1..close])?;
            let transform = match transform {
                None => Transform::AsWritten,
                Some("ordinal") if matches!(slot.kind, SlotKind::Number | SlotKind::Roman) => {
                    Transform::Ordinal
                }
                Some("bare") if slot.kind == SlotKind::Country => Transform::Bare,
                Some(other) => {
                    return Err(PatternError::UnknownTransform {
                        slot,
                        transform: other.to_owned(),
                    })
                }
            };
            if !source.slots.contains(&slot) {
                return Err(PatternError::SlotNotInSource(slot));
            }
            if source.optional_slots.contains(&slot) {
                return Err(PatternError::OptionalSlotUsed(slot));
            }
            parts.push(TPart::Slot(slot, transform));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(TPart::Text(rest.to_owned()));
        }
        Ok(Template { parts })
    }

    /// True when the template has no slots.
    pub fn is_literal(&self) -> bool {
        self.parts.iter().all(|p| matches!(p, TPart::Text(_)))
    }

    /// The text of a template without slots (`None` when it has slots).
    pub fn literal(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [] => Some(""),
            [TPart::Text(t)] => Some(t),
            _ => None,
        }
    }

    /// Fills the slots from `values`; `strip_names` removes diacritics from `{name}` and
    /// `{province}` values and from country names. A `{country}` renders the country's
    /// English name, a `{province}` the province's name as its list writes it.
    ///
    /// ```
    /// use vibrief::glossary::pattern::{SlotId, SlotKind, SourcePattern, Template};
    /// let src = SourcePattern::parse("Hội nghị Ngoại vụ toàn quốc lần thứ {n}").unwrap();
    /// let t = Template::parse("{n:ordinal} National Conference on External Affairs", &src).unwrap();
    /// let n = SlotId { kind: SlotKind::Number, suffix: None };
    /// assert_eq!(t.render(&[(n, "21".into())], false), "21st National Conference on External Affairs");
    /// ```
    pub fn render(&self, values: &[(SlotId, String)], strip_names: bool) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                TPart::Text(t) => out.push_str(t),
                TPart::Slot(slot, transform) => {
                    let forms =
                        slot_forms(*slot, *transform, slot_value(values, slot), strip_names);
                    out.push_str(&forms[0]);
                }
            }
        }
        out
    }

    /// Every rendering the slots allow: `{province}` and `{country}` take each accepted
    /// English form of their place in turn (`the United States`, `the US`, `America`, ...).
    /// The first is [`Template::render`]'s; at most 32.
    ///
    /// ```
    /// use vibrief::glossary::pattern::{SlotId, SlotKind, SourcePattern, Template};
    /// let src = SourcePattern::parse("Đại sứ quán Việt Nam tại {country}").unwrap();
    /// let t = Template::parse("Vietnamese Embassy in {country}", &src).unwrap();
    /// let c = SlotId { kind: SlotKind::Country, suffix: None };
    /// let all = t.renderings(&[(c, "Hàn Quốc".into())], false);
    /// assert_eq!(all[0], "Vietnamese Embassy in the Republic of Korea");
    /// assert!(all.contains(&"Vietnamese Embassy in South Korea".to_string()));
    /// ```
    pub fn renderings(&self, values: &[(SlotId, String)], strip_names: bool) -> Vec<String> {
        const MAX: usize = 32;
        let mut out = vec![String::new()];
        for part in &self.parts {
            match part {
                TPart::Text(t) => out.iter_mut().for_each(|o| o.push_str(t)),
                TPart::Slot(slot, transform) => {
                    let forms =
                        slot_forms(*slot, *transform, slot_value(values, slot), strip_names);
                    out = out
                        .iter()
                        .flat_map(|o| forms.iter().map(move |f| format!("{o}{f}")))
                        .take(MAX)
                        .collect();
                }
            }
        }
        out
    }
}

fn slot_value<'v>(values: &'v [(SlotId, String)], slot: &SlotId) -> &'v str {
    values
        .iter()
        .find(|(s, _)| s == slot)
        .map_or("", |(_, v)| v)
}

/// The renderings of one slot value, preferred first, without duplicates.
fn slot_forms(slot: SlotId, transform: Transform, value: &str, strip: bool) -> Vec<String> {
    let strip_if = |s: &str| {
        if strip {
            strip_diacritics(s)
        } else {
            s.to_owned()
        }
    };
    match (slot.kind, transform) {
        (SlotKind::Number, Transform::Ordinal) => {
            vec![match value.replace('.', "").parse::<u32>() {
                Ok(n) => ordinal(n),
                Err(_) => value.to_owned(),
            }]
        }
        (SlotKind::Roman, Transform::Ordinal) => {
            vec![roman_value(value).map_or_else(|| value.to_owned(), ordinal)]
        }
        (SlotKind::Province | SlotKind::Country, _) => {
            let kind = slot.kind.places().expect("a place slot");
            let Some(place) = gazetteer::of(kind).lookup(value) else {
                return vec![strip_if(value)];
            };
            let mut forms: Vec<String> = Vec::new();
            for r in place.renderings() {
                let r = if transform == Transform::Bare {
                    gazetteer::bare(r)
                } else {
                    r
                };
                let r = strip_if(r);
                if !forms.contains(&r) {
                    forms.push(r);
                }
            }
            forms
        }
        (SlotKind::Name, _) => vec![strip_if(value)],
        _ => vec![value.to_owned()],
    }
}

/// Checks that every `(` has its `)`, in order.
fn check_parens(s: &str) -> Result<(), PatternError> {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return Err(PatternError::UnbalancedParens(s.to_owned()));
        }
    }
    if depth != 0 {
        return Err(PatternError::UnbalancedParens(s.to_owned()));
    }
    Ok(())
}

fn parse_pieces(source: &str, top: bool) -> Result<Vec<Piece>, PatternError> {
    check_parens(source)?;
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' => {
                let Some(len) = source[i + 1..]
                    .find(['}', '{'])
                    .filter(|&l| source.as_bytes()[i + 1 + l] == b'}')
                else {
                    return Err(PatternError::UnbalancedBraces(source.to_owned()));
                };
                let (slot, transform) = parse_slot(&source[i + 1..i + 1 + len])?;
                if let Some(t) = transform {
                    return Err(PatternError::TransformInSource {
                        slot,
                        transform: t.to_owned(),
                    });
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Slot(slot));
                while chars.peek().is_some_and(|&(j, _)| j <= i + len + 1) {
                    chars.next();
                }
            }
            '}' => return Err(PatternError::UnbalancedBraces(source.to_owned())),
            '(' => {
                if !top {
                    return Err(PatternError::NestedOptional(source.to_owned()));
                }
                let close = i + source[i..].find(')').expect("parentheses are balanced");
                let inner_src = &source[i + 1..close];
                if inner_src.contains('(') {
                    return Err(PatternError::NestedOptional(source.to_owned()));
                }
                if inner_src.trim().is_empty() {
                    return Err(PatternError::EmptyOptional(source.to_owned()));
                }
                let mut inner = parse_pieces(inner_src, false)?;
                // Optional words are whole words: give the group its own separating space.
                inner.insert(0, Piece::Text(" ".into()));
                inner.push(Piece::Text(" ".into()));
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Optional(inner));
                while chars.peek().is_some_and(|&(j, _)| j <= close) {
                    chars.next();
                }
            }
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

/// Parses `n`, `n2`, `roman:ordinal` (the text between braces).
fn parse_slot(inner: &str) -> Result<(SlotId, Option<&str>), PatternError> {
    let (name, transform) = match inner.split_once(':') {
        Some((n, t)) => (n.trim(), Some(t.trim())),
        None => (inner.trim(), None),
    };
    let digits = name.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let word = &name[..name.len() - digits.len()];
    let kind = match word {
        "n" => SlotKind::Number,
        "roman" => SlotKind::Roman,
        "code" => SlotKind::Code,
        "province" => SlotKind::Province,
        "country" => SlotKind::Country,
        "name" => SlotKind::Name,
        _ => return Err(PatternError::UnknownSlot(inner.to_owned())),
    };
    let suffix = if digits.is_empty() {
        None
    } else {
        Some(
            digits
                .parse()
                .map_err(|_| PatternError::UnknownSlot(inner.to_owned()))?,
        )
    };
    Ok((SlotId { kind, suffix }, transform))
}

/// The value of a Roman numeral in either case (`XIII`, `xiii` → 13), up to 399 as the
/// number reader in `verify` takes them; `None` for anything else (`IIII`, `VX`).
pub(crate) fn roman_value(s: &str) -> Option<u32> {
    crate::verify::numbers::roman(&s.to_ascii_uppercase())
}

/// `s` without diacritics: `Phạm Minh Chính` → `Pham Minh Chinh`, `Đà Nẵng` → `Da Nang`.
///
/// ```
/// assert_eq!(vibrief::glossary::pattern::strip_diacritics("Đà Nẵng"), "Da Nang");
/// ```
pub fn strip_diacritics(s: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(k: &str) -> Elem {
        Elem::Lit {
            key: k.into(),
            text: k.into(),
        }
    }
    const N: SlotId = slot(SlotKind::Number);

    /// The unnumbered slot of `kind`.
    const fn slot(kind: SlotKind) -> SlotId {
        SlotId { kind, suffix: None }
    }

    #[test]
    fn optional_words_give_alternatives() {
        let p = SourcePattern::parse("chỉ thị (số) {n} của ban bí thư").unwrap();
        assert_eq!(
            p.alternatives,
            vec![
                vec![lit("chỉ thị số "), Elem::Slot(N), lit(" của ban bí thư")],
                vec![lit("chỉ thị "), Elem::Slot(N), lit(" của ban bí thư")],
            ]
        );
    }

    #[test]
    fn keys_are_normalized_and_text_keeps_case() {
        let p = SourcePattern::parse("Ủy ban  nhân dân tỉnh {name}").unwrap();
        let Elem::Lit { key, text } = &p.alternatives[0][0] else {
            panic!()
        };
        assert_eq!(key, "ủy ban nhân dân tỉnh ");
        assert_eq!(text, "Ủy ban nhân dân tỉnh ");
        assert_eq!(
            SourcePattern::parse("Uỷ ban").unwrap().alternatives[0][0],
            lit("ủy ban").clone_with_text("Ủy ban")
        );
    }

    impl Elem {
        fn clone_with_text(&self, t: &str) -> Elem {
            let Elem::Lit { key, .. } = self else {
                panic!()
            };
            Elem::Lit {
                key: key.clone(),
                text: t.into(),
            }
        }
    }

    #[test]
    fn bad_patterns_are_named() {
        let err = |s: &str| SourcePattern::parse(s).unwrap_err();
        assert!(matches!(
            err("Chỉ thị {n"),
            PatternError::UnbalancedBraces(_)
        ));
        assert!(matches!(
            err("Chỉ thị n}"),
            PatternError::UnbalancedBraces(_)
        ));
        assert!(matches!(
            err("Chỉ thị (số {n}"),
            PatternError::UnbalancedParens(_)
        ));
        assert!(matches!(
            err("Chỉ thị {date}"),
            PatternError::UnknownSlot(_)
        ));
        assert!(matches!(
            err("Chỉ thị {n:ordinal}"),
            PatternError::TransformInSource { .. }
        ));
        assert!(matches!(err("{n} {n}"), PatternError::RepeatedSlot(_)));
        assert!(matches!(err("{name}"), PatternError::NoLiteral(_)));
        assert!(matches!(err("a ((b))"), PatternError::NestedOptional(_)));
        let src = SourcePattern::parse("Đại hội {roman}").unwrap();
        assert_eq!(
            Template::parse("{n} Congress", &src).unwrap_err(),
            PatternError::SlotNotInSource(N)
        );
        assert!(matches!(
            Template::parse("{roman:plural} Congress", &src).unwrap_err(),
            PatternError::UnknownTransform { .. }
        ));
        assert!(matches!(
            Template::parse("{roman} Congress)", &src).unwrap_err(),
            PatternError::UnbalancedParens(_)
        ));
    }

    #[test]
    fn suffixed_slots_render_separately() {
        let src = SourcePattern::parse("từ {n1} đến {n2}").unwrap();
        let t = Template::parse("from {n1:ordinal} to {n2}", &src).unwrap();
        let n1 = SlotId {
            kind: SlotKind::Number,
            suffix: Some(1),
        };
        let n2 = SlotId {
            kind: SlotKind::Number,
            suffix: Some(2),
        };
        assert_eq!(
            t.render(&[(n2, "1.000".into()), (n1, "3".into())], false),
            "from 3rd to 1.000"
        );
    }

    #[test]
    fn roman_ordinals_and_names() {
        let src = SourcePattern::parse("Đại hội {roman} tại {name}").unwrap();
        let t = Template::parse("{roman:ordinal} Congress in {name}", &src).unwrap();
        let (r, name) = (slot(SlotKind::Roman), slot(SlotKind::Name));
        let vals = [(r, "XIII".to_string()), (name, "Đà Nẵng".to_string())];
        assert_eq!(t.render(&vals, false), "13th Congress in Đà Nẵng");
        assert_eq!(t.render(&vals, true), "13th Congress in Da Nang");
        for (n, o) in [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (11, "11th"),
            (12, "12th"),
            (21, "21st"),
            (20, "20th"),
            (111, "111th"),
        ] {
            assert_eq!(ordinal(n), o);
        }
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman_value("VX"), None);
        assert_eq!(roman_value("IIII"), None);
    }

    #[test]
    fn place_slots_render_from_their_lists() {
        let src = SourcePattern::parse("Đại sứ {country} tại {province}").unwrap();
        let (country, province) = (slot(SlotKind::Country), slot(SlotKind::Province));
        let vals = [
            (country, "Mỹ".to_string()),
            (province, "Đà Nẵng".to_string()),
        ];
        let t = Template::parse("{country:bare} Ambassador in {province}", &src).unwrap();
        assert_eq!(
            t.render(&vals, false),
            "United States Ambassador in Đà Nẵng"
        );
        assert_eq!(t.render(&vals, true), "United States Ambassador in Da Nang");
        let all = t.renderings(&vals, false);
        assert!(
            all.contains(&"US Ambassador in Danang".to_string()),
            "{all:?}"
        );
        assert_eq!(
            all.len(),
            all.iter().collect::<std::collections::HashSet<_>>().len()
        );
        let t = Template::parse("Ambassador of {country}", &src).unwrap();
        assert_eq!(t.render(&vals, false), "Ambassador of the United States");
        let unknown = [(country, "Atlantis".to_string())];
        assert_eq!(t.render(&unknown, false), "Ambassador of Atlantis");
        assert!(matches!(
            Template::parse("{province:bare}", &src).unwrap_err(),
            PatternError::UnknownTransform { .. }
        ));
        assert!(matches!(
            SourcePattern::parse("tại {city}").unwrap_err(),
            PatternError::UnknownSlot(_)
        ));
    }

    #[test]
    fn optional_slot_cannot_feed_the_target() {
        let src = SourcePattern::parse("Chỉ thị ({n})").unwrap();
        assert_eq!(
            Template::parse("Directive {n}", &src).unwrap_err(),
            PatternError::OptionalSlotUsed(N)
        );
    }
}
