//! Abbreviations that end in a full stop without ending the sentence (segmenter support).
//!
//! Two kinds: titles and place prefixes that always precede a name (`TP. Hồ Chí Minh`,
//! `PGS.TS. Nguyễn Văn A`), where a following capital letter is expected and never starts a
//! sentence; and list tails (`v.v.`, `etc.`) that may end a sentence, so the usual rule (a
//! capital letter next starts a new sentence) decides.

/// What the word before a full stop says about a sentence break there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abbrev {
    /// Not an abbreviation: the ordinary rules decide.
    None,
    /// A title or prefix (`TP.`, `TS.`, `ThS.`, `GS.`, an initial `V.`): never a break.
    Prefix,
    /// A list tail (`v.v.`, `etc.`): a break only before a capitalized word.
    Tail,
}

/// Titles and prefixes written before a name, compared case-sensitively, without the final dot.
/// Compounds (`PGS.TS`, `GS.TSKH`) are split on their inner dots and every part must be listed.
const PREFIXES: &[&str] = &[
    // Academic and professional titles.
    "GS", "PGS", "TS", "TSKH", "ThS", "Th.S", "CN", "KS", "BS", "NCS", "DS", "LS", "NSƯT", "NSND",
    "NGƯT", "NGND", // Administrative units before a place name.
    "TP", "Tp", "TX", "TT", "Q", "P", "H", // English titles that appear in quoted names.
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St",
];

/// List tails, compared on the lower-cased word without the final dot.
const TAILS: &[&str] = &["v.v", "vv", "v.v..", "etc", "tr"];

/// Classifies `word`, the text between the previous white space and a full stop.
///
/// ```
/// use vibrief::segment::abbrev::{classify, Abbrev};
/// assert_eq!(classify("TP"), Abbrev::Prefix);
/// assert_eq!(classify("PGS.TS"), Abbrev::Prefix);
/// assert_eq!(classify("v.v"), Abbrev::Tail);
/// assert_eq!(classify("2022"), Abbrev::None);
/// ```
pub fn classify(word: &str) -> Abbrev {
    let word = word.trim_start_matches(['(', '[', '“', '"', '‘', '\'']);
    if word.is_empty() {
        return Abbrev::None;
    }
    if TAILS.contains(&word.to_lowercase().as_str()) {
        return Abbrev::Tail;
    }
    if PREFIXES.contains(&word) || word.split('.').all(|part| PREFIXES.contains(&part)) {
        return Abbrev::Prefix;
    }
    // A single capital letter is an initial (`Nguyễn V. A.`).
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return Abbrev::Prefix;
        }
    }
    Abbrev::None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_compounds_are_prefixes() {
        for w in ["TS", "ThS", "GS", "PGS.TS", "GS.TSKH", "TP", "(TP", "V"] {
            assert_eq!(classify(w), Abbrev::Prefix, "{w}");
        }
    }

    #[test]
    fn ordinary_words_and_acronyms_are_not() {
        for w in ["NGKT", "2022", "Nam", "thể", "TW", "12-KL/TW", "TP.HCM.x"] {
            assert_eq!(classify(w), Abbrev::None, "{w}");
        }
    }

    #[test]
    fn list_tails() {
        assert_eq!(classify("v.v"), Abbrev::Tail);
        assert_eq!(classify("V.v"), Abbrev::Tail);
        assert_eq!(classify("etc"), Abbrev::Tail);
    }
}
