//! Pattern entries: typed slots (`{n}`, `{roman}`, `{code}`, `{province}`, `{country}`,
//! `{name}`) and optional words (`(số)`) in glossary sources, and slot transforms
//! (`{n:ordinal}`, `{country:bare}`) in targets.
//!
//! A source pattern compiles to a few *alternatives* (one per choice of optional groups),
//! each a sequence of literal chunks and slots in `normalize::key` form, ready for the matcher.

mod template;

use crate::text::gazetteer::PlaceKind;
use crate::text::normalize;
use std::fmt;
pub use template::Template;

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
    crate::text::numerals::roman(&s.to_ascii_uppercase())
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
    fn optional_slot_cannot_feed_the_target() {
        let src = SourcePattern::parse("Chỉ thị ({n})").unwrap();
        assert_eq!(
            Template::parse("Directive {n}", &src).unwrap_err(),
            PatternError::OptionalSlotUsed(N)
        );
    }
}
