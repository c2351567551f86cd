//! Vietnamese person and place names: found in the source by capitalization and context,
//! then checked in the English output (kept, in Vietnamese order) — plus
//! [`strip_diacritics`] for ASCII output.
//!
//! Vietnamese capitalizes every syllable of a personal or place name (`Phạm Minh Chính`,
//! `Quảng Ninh`) but only the first syllable of a body or title (`Bộ Ngoại giao`, `Thủ tướng`),
//! and the first word of each sentence. So a name is a run of capitalized syllables with no
//! punctuation between them, found in this order of precedence:
//!
//! 1. a known name of two syllables or more (`Hà Nội`, `Trung Quốc`, `Gia Lai`; see
//!    `places`), wherever it stands;
//! 2. a person: a run of two to four syllables starting with a common Vietnamese surname
//!    (`Nguyễn`, `Phạm`, ...), wherever it stands, sentence start included (a surname is no
//!    ordinary sentence opener); the run is cut after four syllables;
//! 3. a person: one to four syllables after a personal title (`ông`, `bà`, `đồng chí`):
//!    `ông Sơn`, `bà Hằng`, unless the run opens like a title or body (`đồng chí Phó Chủ
//!    tịch`, `các đồng chí Lãnh đạo`);
//! 4. a known one-syllable name (`Lào`, `Nga`), except at a sentence start (where `Anh` is
//!    "he");
//! 5. a place: one to four syllables after a place word (`tỉnh`, `thành phố`, `huyện`, `TP`),
//!    with the same exception.
//!
//! A line break ends a run, as punctuation does: headings and photo captions
//! (`Ảnh: Minh Nguyễn`) end without a full stop.
//!
//! Runs that fit none of these are bodies, titles or sentence openers and are left to the
//! glossary. Known names count as rendered by their English forms (`Hanoi`); other names must
//! appear as written, diacritics and all, or diacritics-insensitively when stripping is on.
//! A person name whose syllables appear in another order (`Chính Phạm Minh`) is reported as
//! reversed.

mod check;

pub use check::restore_names;
pub(crate) use check::{check, match_key, target_words};

pub use super::places::NameKind;
use super::places::{starting_with, Known};
use super::tokens::{adjacent, canonical, tokens, without_possessive, Token, KEEP_LINES};
use super::Issue;
use crate::doc::Span;
use crate::text::normalize::{self, Normalized};
use crate::text::strip_diacritics;

/// A name found in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The name as written (NFC, canonical tone placement).
    pub text: String,
    /// Where it is in the source.
    pub span: Span,
    /// Person or place.
    pub kind: NameKind,
    /// Established English forms that also render it (`Hà Nội` → "Hanoi"), if any.
    pub english: Vec<&'static str>,
}

/// Common Vietnamese surnames, which open a person's name. Left out for opening sentences
/// too often: `Từ` ("from"), `Văn` (`Văn phòng`, "office"), `Âu` (Europe).
const SURNAMES: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "đào", "đoàn", "vương", "trịnh", "trương", "lâm", "đinh", "lương",
    "mai", "tô", "tạ", "hà", "cao", "chu", "châu", "lưu", "thái", "tôn", "kiều", "quách", "đàm",
    "lại", "mạc", "nông", "triệu", "khúc", "thân", "la", "hứa", "giang", "kim", "tăng", "lục",
    "phùng", "diệp", "doãn", "khổng", "tiêu", "lò", "mẫn", "nghiêm",
];
/// Personal titles after which a capitalized run is a person (one or two words each).
const TITLES: &[&str] = &["ông", "bà", "anh", "chị", "ngài", "đồng chí"];
/// Place words after which a capitalized run is a place.
const PLACE_WORDS: &[&str] = &[
    "tỉnh",
    "huyện",
    "quận",
    "xã",
    "phường",
    "sông",
    "đảo",
    "vịnh",
    "núi",
    "đèo",
    "cảng",
    "hồ",
    "làng",
    "thôn",
    "tp",
    "thành phố",
    "thị xã",
    "thị trấn",
    "quần đảo",
];
/// Capitalized first syllables of titles and bodies: after `đồng chí` or `tỉnh`, a run
/// opening with one of these is a title or body (`đồng chí Phó Chủ tịch`), not a name.
const TITLE_HEADS: &[&str] = &[
    "phó",
    "chủ",
    "thủ",
    "bộ",
    "tổng",
    "bí",
    "thứ",
    "trưởng",
    "giám",
    "lãnh",
    "đại",
    "ủy",
    "ban",
    "sở",
    "cục",
    "vụ",
    "viện",
    "hội",
    "quốc",
    "nhà",
    "đảng",
    "trung",
    "thường",
    "chánh",
    "tỉnh",
    "thành",
    "huyện",
    "giáo",
    "tiến",
    "thạc",
    "đoàn",
    "uỷ",
];
/// Longest run taken as one name.
const MAX_SYLLABLES: usize = 4;

/// A capitalized syllable: an upper-case letter then lower-case letters (or hyphens, as in
/// transliterations); no digits, no all-capitals acronyms.
fn is_syllable(t: &Token<'_>) -> bool {
    let mut chars = t.text.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| c.is_lowercase() || c == '-')
        && t.text.chars().any(char::is_alphabetic)
}

/// The person and place names of a Vietnamese text, each once, in order of first appearance.
///
/// ```
/// use vibrief::verify::names::{find_names, NameKind};
/// let names = find_names("Thủ tướng Phạm Minh Chính làm việc với tỉnh Quảng Ninh và Trung Quốc.");
/// let found: Vec<_> = names.iter().map(|n| (n.text.as_str(), n.kind)).collect();
/// assert_eq!(found, [
///     ("Phạm Minh Chính", NameKind::Person),
///     ("Quảng Ninh", NameKind::Place),
///     ("Trung Quốc", NameKind::Place),
/// ]);
/// assert_eq!(names[2].english[0], "China");
/// ```
pub fn find_names(source: &str) -> Vec<Name> {
    let norm = Normalized::new(source, KEEP_LINES);
    let text = norm.text();
    let toks = tokens(text);
    let keys: Vec<String> = toks.iter().map(|t| normalize::key(t.text)).collect();
    let mut names: Vec<Name> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some((len, kind, english)) = name_at(&toks, &keys, i) else {
            i += 1;
            continue;
        };
        let range = toks[i].start..toks[i + len - 1].end();
        let name = toks[i..i + len]
            .iter()
            .map(|t| t.text)
            .collect::<Vec<_>>()
            .join(" ");
        if !names
            .iter()
            .any(|n| normalize::key(&n.text) == normalize::key(&name))
        {
            names.push(Name {
                text: name,
                span: norm.original_span(range),
                kind,
                english,
            });
        }
        i += len;
    }
    names
}

/// The name starting at token `i`: its length in tokens, kind and English forms.
fn name_at(
    toks: &[Token<'_>],
    keys: &[String],
    i: usize,
) -> Option<(usize, NameKind, Vec<&'static str>)> {
    if !toks[i].is_capitalized() || toks[i].text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let known = known_at(toks, keys, i);
    if let Some((len, k)) = known.filter(|(len, _)| *len >= 2) {
        return Some((len, k.kind, english(k)));
    }
    let run = capitalized_run(toks, i);
    if run >= 2 && SURNAMES.contains(&keys[i].as_str()) {
        return Some((run, NameKind::Person, vec![]));
    }
    let title_head = TITLE_HEADS.contains(&keys[i].as_str());
    if run >= 1 && !title_head && after(toks, keys, i, TITLES) {
        return Some((run, NameKind::Person, vec![]));
    }
    if let Some((len, k)) = known.filter(|_| !toks[i].sentence_start) {
        return Some((len, k.kind, english(k)));
    }
    if run >= 1 && !title_head && after(toks, keys, i, PLACE_WORDS) {
        return Some((run, NameKind::Place, vec![]));
    }
    None
}

/// A known name's English forms, borrowed from the static table.
fn english(k: &'static Known) -> Vec<&'static str> {
    k.english.iter().map(String::as_str).collect()
}

/// How many capitalized syllables run from token `i` (at most [`MAX_SYLLABLES`]).
fn capitalized_run(toks: &[Token<'_>], i: usize) -> usize {
    let mut len = 0;
    while i + len < toks.len()
        && len < MAX_SYLLABLES
        && is_syllable(&toks[i + len])
        && (len == 0 || adjacent(&toks[i + len - 1], &toks[i + len]))
    {
        len += 1;
    }
    len
}

/// The longest known name spelled from token `i`.
fn known_at(toks: &[Token<'_>], keys: &[String], i: usize) -> Option<(usize, &'static Known)> {
    let mut best: Option<(usize, &'static Known)> = None;
    for &(words, k) in starting_with(&keys[i]) {
        let n = words.len();
        let fits = i + n <= toks.len()
            && keys[i..i + n] == *words
            && (1..n).all(|j| adjacent(&toks[i + j - 1], &toks[i + j]));
        if fits && best.is_none_or(|(len, _)| n > len) {
            best = Some((n, k));
        }
    }
    best
}

/// True when one of `words` (each one or two words) stands right before token `i`.
fn after(toks: &[Token<'_>], keys: &[String], i: usize, words: &[&str]) -> bool {
    words.iter().any(|w| {
        let parts: Vec<&str> = w.split(' ').collect();
        let n = parts.len();
        i >= n
            && keys[i - n..i].iter().zip(&parts).all(|(k, p)| k == p)
            && (0..n).all(|j| {
                let (a, b) = (&toks[i - n + j], &toks[i - n + j + 1]);
                adjacent(a, b) || (a.trail == "." && keys[i - n + j] == "tp" && b.lead.is_empty())
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Vec<(String, NameKind)> {
        find_names(s)
            .into_iter()
            .map(|n| (n.text, n.kind))
            .collect()
    }

    fn people(s: &str) -> Vec<String> {
        find_names(s)
            .into_iter()
            .filter(|n| n.kind == NameKind::Person)
            .map(|n| n.text)
            .collect()
    }

    #[test]
    fn people_after_titles_and_bodies() {
        assert_eq!(
            people("Thủ tướng Chính phủ Phạm Minh Chính chủ trì hội nghị."),
            ["Phạm Minh Chính"]
        );
        assert_eq!(
            people("Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn và Thứ trưởng Nguyễn Quốc Dũng dự họp."),
            ["Bùi Thanh Sơn", "Nguyễn Quốc Dũng"]
        );
        assert_eq!(
            people("Ông Sơn cho biết, bà Nguyễn Thị Hằng đồng ý."),
            ["Sơn", "Nguyễn Thị Hằng"]
        );
        assert_eq!(
            people("Trần Văn Nam phát biểu tại buổi lễ."),
            ["Trần Văn Nam"],
            "sentence start"
        );
        assert_eq!(people("Đồng chí Tư nhấn mạnh."), ["Tư"]);
        assert!(people("Đồng chí Phó Chủ tịch tỉnh và các đồng chí Lãnh đạo dự.").is_empty());
        assert_eq!(
            people("Thứ trưởng Nguyễn Quốc Dũng\n\nThứ trưởng cho biết."),
            ["Nguyễn Quốc Dũng"],
            "a heading's last name does not run into the next line"
        );
    }

    #[test]
    fn bodies_titles_and_openers_are_not_names() {
        assert!(found("Ban Chấp hành Trung ương Đảng họp tại Bộ Ngoại giao.").is_empty());
        assert!(found("Sáng nay, Quốc hội khai mạc kỳ họp.").is_empty());
        assert!(
            found("Cao điểm là tháng 12.").is_empty(),
            "a surname alone opening a sentence"
        );
        assert!(
            found("Anh cho biết sẽ tới.").is_empty(),
            "Anh opening a sentence is 'he'"
        );
    }

    #[test]
    fn places() {
        assert_eq!(
            found("Đoàn thăm tỉnh Quảng Ninh, thành phố Đà Nẵng và huyện Côn Đảo."),
            [
                ("Quảng Ninh".to_string(), NameKind::Place),
                ("Đà Nẵng".to_string(), NameKind::Place),
                ("Côn Đảo".to_string(), NameKind::Place)
            ]
        );
        assert_eq!(
            found("Hà Nội đón đoàn."),
            [("Hà Nội".to_string(), NameKind::Place)],
            "not the surname Hà"
        );
        assert_eq!(
            found("Quan hệ với Nga và Lào."),
            [
                ("Nga".to_string(), NameKind::Place),
                ("Lào".to_string(), NameKind::Place)
            ]
        );
        assert_eq!(
            people("Bà Nga phát biểu."),
            ["Nga"],
            "a title makes Nga a person"
        );
        assert_eq!(
            people("Ông Nguyễn Minh Đức phát biểu."),
            ["Nguyễn Minh Đức"],
            "Đức inside a name is no country"
        );
        assert_eq!(
            found("Đại sứ tại Liên hợp quốc."),
            [("Liên hợp quốc".to_string(), NameKind::Place)]
        );
    }

    #[test]
    fn names_are_found_once_with_spans() {
        let src = "Ông  Phạm Minh Chính nói. Ông Phạm Minh Chính đi.";
        let names = find_names(src);
        assert_eq!(names.len(), 1);
        assert_eq!(&src[names[0].span.range()], "Phạm Minh Chính");
    }

    #[test]
    fn runs_stop_at_punctuation_and_four_syllables() {
        assert_eq!(people("Gặp ông Trần Sơn, Hà Nội."), ["Trần Sơn"]);
        assert_eq!(
            people("Bà Tôn Nữ Thị Ninh Hải phát biểu."),
            ["Tôn Nữ Thị Ninh"]
        );
    }
}
