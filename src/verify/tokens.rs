//! Word tokens for the verify checks: white-space separated words with their surrounding
//! punctuation peeled off and kept, so a check can tell `21-12,` from `21-12` and whether two
//! words stand side by side with nothing between them.

use crate::text::normalize::{Normalized, Options};

/// What the checks read: NFC and canonical tones, white space kept so line breaks still
/// separate headings and captions from the text after them.
pub(crate) const KEEP_LINES: Options = Options {
    fold_whitespace: false,
    lowercase: false,
};

/// `s` normalized as [`KEEP_LINES`] says.
pub(crate) fn canonical(s: &str) -> String {
    Normalized::new(s, KEEP_LINES).into_text()
}

/// Punctuation peeled off the front of a word.
const LEAD: &[char] = &[
    '(', '[', '{', '"', '\'', '“', '‘', '«', '‹', '—', '–', '-', '…', '*', '•', '·',
];
/// Punctuation peeled off the end of a word. `%` stays: it belongs to the number.
const TRAIL: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '\'', '”', '’', '»', '›', '…', '*', '-', '–',
    '—',
];
/// Punctuation after which the next word starts a sentence (or a quotation, which Vietnamese
/// and English both capitalize).
const SENTENCE_END: &[char] = &['.', '!', '?', '…', ':'];
/// Punctuation before a word that opens a quotation or a list item.
const OPENERS: &[char] = &['"', '“', '‘', '«', '•', '—', '–', '-'];
/// Abbreviations whose final dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "No", "Nos", "St", "Gen", "Lt", "Col", "Jan", "Feb", "Mar",
    "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "U.S", "a.m", "p.m", "TP",
    "PGS", "GS", "TS", "ThS", "Th.S",
];

/// One white-space separated word: its core text and the punctuation around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// The word without surrounding punctuation (may be empty for a lone dash or bullet).
    pub text: &'a str,
    /// Byte offset of `text` in the tokenized string.
    pub start: usize,
    /// Punctuation peeled off the front.
    pub lead: &'a str,
    /// Punctuation peeled off the end.
    pub trail: &'a str,
    /// The word starts a sentence, a quotation, a list item or a line.
    pub sentence_start: bool,
    /// A line break comes before the word (headings and captions end without punctuation).
    pub line_start: bool,
}

impl Token<'_> {
    /// Byte offset one past the end of `text`.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// True when the word begins with an upper-case letter.
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Splits `s` at white space and peels punctuation off each word.
pub(crate) fn tokens(s: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token<'_>> = Vec::new();
    let mut chunk_start = None;
    let mut line_break = false;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (c.is_whitespace(), chunk_start) {
            (false, None) => chunk_start = Some(i),
            (true, Some(start)) => {
                out.push(token(s, start, i, out.last(), line_break));
                chunk_start = None;
                line_break = false;
            }
            _ => {}
        }
        line_break |= matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
    }
    out
}

fn token<'a>(
    s: &'a str,
    start: usize,
    end: usize,
    prev: Option<&Token<'_>>,
    line_start: bool,
) -> Token<'a> {
    let chunk = &s[start..end];
    let after_lead = chunk.trim_start_matches(LEAD);
    let lead = &chunk[..chunk.len() - after_lead.len()];
    let text = after_lead.trim_end_matches(TRAIL);
    let trail = &after_lead[text.len()..];
    let sentence_start = match prev {
        None => true,
        Some(p) => {
            let ends = (p.trail.contains(SENTENCE_END) && !ABBREVIATIONS.contains(&p.text))
                || (p.text.is_empty() && p.lead.contains(SENTENCE_END));
            ends || line_start
                || lead.contains(OPENERS)
                || (p.text.is_empty() && p.lead.contains(OPENERS))
        }
    };
    Token {
        text,
        start: start + lead.len(),
        lead,
        trail,
        sentence_start,
        line_start,
    }
}

/// True when `b` directly follows `a` on the same line with no punctuation between them.
pub(crate) fn adjacent(a: &Token<'_>, b: &Token<'_>) -> bool {
    a.trail.is_empty()
        && b.lead.is_empty()
        && !b.line_start
        && !a.text.is_empty()
        && !b.text.is_empty()
}

/// The word without an English possessive ending (`Vietnam's` → `Vietnam`).
pub(crate) fn without_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .or_else(|| word.strip_suffix('\''))
        .unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peels_punctuation_and_keeps_offsets() {
        let s = "Ngày (21-12), tăng 15%.";
        let t = tokens(s);
        let texts: Vec<_> = t.iter().map(|t| t.text).collect();
        assert_eq!(texts, ["Ngày", "21-12", "tăng", "15%"]);
        assert_eq!(&s[t[1].start..t[1].end()], "21-12");
        assert_eq!(t[1].lead, "(");
        assert_eq!(t[1].trail, "),");
        assert!(!adjacent(&t[1], &t[2]));
        assert!(adjacent(&t[2], &t[3]));
    }

    #[test]
    fn finds_sentence_starts() {
        let t = tokens("Ông Sơn nói. Mr. Chính đến: “Chúng ta - Hà Nội");
        let starts: Vec<_> = t
            .iter()
            .filter(|t| t.sentence_start)
            .map(|t| t.text)
            .collect();
        assert_eq!(starts, ["Ông", "Mr", "Chúng", "", "Hà"]);
    }

    #[test]
    fn line_breaks_separate_words() {
        let t = tokens("Ảnh: Minh Nguyễn\n\nThủ tướng phát biểu");
        assert!(adjacent(&t[1], &t[2]));
        assert!(!adjacent(&t[2], &t[3]));
        assert!(t[3].sentence_start && t[3].line_start);
        let t = tokens("Phan Trọng Tấn- TUV");
        assert_eq!((t[2].text, t[2].trail), ("Tấn", "-"));
    }

    #[test]
    fn strips_possessives() {
        assert_eq!(without_possessive("Vietnam's"), "Vietnam");
        assert_eq!(without_possessive("Chính’s"), "Chính");
        assert_eq!(without_possessive("ministers'"), "ministers");
        assert_eq!(without_possessive("ASEAN"), "ASEAN");
    }
}
