//! Lines of the original text, trimmed, each with its normalized form and its span.

use super::decode::BOM;
use crate::doc::Span;
use crate::text::normalize::{Normalized, Options};
use std::ops::Range;

/// One non-blank line of the input.
#[derive(Debug, Clone)]
pub struct Line {
    /// The line in the original, without surrounding white space (CR, NBSP, BOM included).
    pub span: Span,
    /// The line normalized (NFC, tone placement, folded white space), aligned to `span`.
    pub norm: Normalized,
    /// True when a blank line (or the start of the text) comes right before this line.
    pub after_blank: bool,
}

impl Line {
    /// The normalized text.
    pub fn text(&self) -> &str {
        self.norm.text()
    }

    /// The original span of normalized bytes `r`.
    pub fn original(&self, r: Range<usize>) -> Span {
        self.norm.original_span(r).shift(self.span.start)
    }

    /// Number of white-space separated words.
    pub fn words(&self) -> usize {
        words(self.text())
    }
}

/// Splits `original` into trimmed non-blank lines.
pub fn split(original: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut after_blank = true;
    for piece in original.split_inclusive('\n') {
        let end = start + piece.len();
        let trimmed_start = piece.len()
            - piece
                .trim_start_matches(|c: char| c.is_whitespace() || c == BOM)
                .len();
        let body = piece.trim_matches(|c: char| c.is_whitespace() || c == BOM);
        if body.is_empty() {
            after_blank = true;
        } else {
            let s = start + trimmed_start;
            let span = Span::new(s, s + body.len());
            out.push(Line {
                span,
                norm: Normalized::new(body, Options::TEXT),
                after_blank,
            });
            after_blank = false;
        }
        start = end;
    }
    out
}

/// Number of white-space separated words in `s`.
pub fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// True when `s` ends like a sentence: a terminal mark, possibly inside closing quotes or
/// brackets.
pub fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['”', '"', '’', ')', ']', '»', ' ']);
    t.ends_with(['.', '!', '?', '…'])
}

/// True when `s` reads as body text: it ends like a sentence and has at least four words.
pub fn is_prose(s: &str) -> bool {
    ends_sentence(s) && words(s) >= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_skip_bom_crlf_and_blank_lines() {
        let src = "\u{feff}Tiêu đề\r\n\r\n  Đoạn một.\r\nĐoạn hai.";
        let lines = split(src);
        let texts: Vec<_> = lines.iter().map(|l| &src[l.span.range()]).collect();
        assert_eq!(texts, ["Tiêu đề", "Đoạn một.", "Đoạn hai."]);
        let flags: Vec<_> = lines.iter().map(|l| l.after_blank).collect();
        assert_eq!(flags, [true, true, false]);
    }

    #[test]
    fn sentence_endings() {
        assert!(ends_sentence("xong.”"));
        assert!(ends_sentence("(hết)."));
        assert!(!ends_sentence("Thu Hà"));
        assert!(is_prose("Hội nghị đã bế mạc."));
        assert!(!is_prose("Xong."));
    }
}
