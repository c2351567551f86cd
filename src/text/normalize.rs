//! Normalization with alignment: NFC, canonical tone placement, folded whitespace and
//! (optionally) lower case, keeping for every normalized byte the original bytes it came from.
//!
//! This is the carrier every later stage matches on (glossary, TM, segmenter), in the spirit of
//! `tokenizers`' `NormalizedString`: whatever a stage finds in the normalized text maps back to
//! a [`Span`] of the original.

use crate::text::span::Span;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// What [`Normalized::new`] does besides NFC and tone placement (always on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Fold every run of white space (including line breaks) into one space and trim the ends.
    pub fold_whitespace: bool,
    /// Lower-case everything (Unicode simple case mapping).
    pub lowercase: bool,
}

impl Options {
    /// NFC, tone placement and folded white space: the canonical text of a segment.
    pub const TEXT: Options = Options {
        fold_whitespace: true,
        lowercase: false,
    };
    /// [`Options::TEXT`] plus lower case: the key that matching compares.
    pub const KEY: Options = Options {
        fold_whitespace: true,
        lowercase: true,
    };
}

/// Normalized text plus, for each of its bytes, the span of the original it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    /// `align[i]` is the original span of the char that normalized byte `i` belongs to.
    align: Vec<Span>,
    original_len: usize,
}

impl Normalized {
    /// Normalizes `original` as `opts` says.
    ///
    /// ```
    /// use vibrief::text::normalize::{Normalized, Options};
    /// // NFD input, new-style tone, a line break in the middle:
    /// let src = "Ho\u{0061}\u{0300}\n bi\u{0300}nh";
    /// let n = Normalized::new(src, Options::TEXT);
    /// assert_eq!(n.text(), "hòa bình".replacen('h', "H", 1));
    /// assert_eq!(&src[n.original_span(0..4).range()], "Hoa\u{0300}");
    /// ```
    pub fn new(original: &str, opts: Options) -> Self {
        // 1. NFC, one combining cluster at a time, so each output char knows its source bytes.
        let mut chars: Vec<(char, Span)> = Vec::with_capacity(original.len());
        let mut iter = original.char_indices().peekable();
        while let Some((start, c)) = iter.next() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, m)) = iter.peek() {
                if m.is_ascii() || !is_combining_mark(m) {
                    break;
                }
                end = i + m.len_utf8();
                iter.next();
            }
            let span = Span::new(start, end);
            let cluster = &original[start..end];
            let single = cluster.len() == c.len_utf8();
            if single && (c.is_ascii() || is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes) {
                chars.push((c, span));
            } else {
                chars.extend(cluster.nfc().map(|d| (d, span)));
            }
        }

        // 2. Tone placement: char count is preserved, so spans stay put.
        let mut letters: Vec<char> = chars.iter().map(|(c, _)| *c).collect();
        super::tone::canonicalize_chars(&mut letters);
        for ((c, _), l) in chars.iter_mut().zip(letters) {
            *c = l;
        }

        // 3. White space and case.
        let mut text = String::with_capacity(original.len());
        let mut align = Vec::with_capacity(original.len());
        let mut pending_space: Option<Span> = None;
        for (c, span) in chars {
            if opts.fold_whitespace && c.is_whitespace() {
                pending_space = Some(pending_space.map_or(span, |s| s.cover(span)));
                continue;
            }
            if let Some(s) = pending_space.take() {
                if !text.is_empty() {
                    text.push(' ');
                    align.push(s);
                }
            }
            if opts.lowercase && c.is_ascii() {
                push_char(&mut text, &mut align, c.to_ascii_lowercase(), span);
            } else if opts.lowercase {
                for l in c.to_lowercase() {
                    push_char(&mut text, &mut align, l, span);
                }
            } else {
                push_char(&mut text, &mut align, c, span);
            }
        }
        if !opts.fold_whitespace {
            if let Some(s) = pending_space {
                text.push(' ');
                align.push(s);
            }
        }
        Normalized {
            text,
            align,
            original_len: original.len(),
        }
    }

    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Consumes self, returning the normalized text.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The original span that normalized bytes `range` came from. An empty range maps to the
    /// empty span at the original position of its first byte.
    pub fn original_span(&self, range: std::ops::Range<usize>) -> Span {
        if range.start >= self.align.len() {
            return Span::new(self.original_len, self.original_len);
        }
        if range.is_empty() {
            let s = self.align[range.start].start;
            return Span::new(s, s);
        }
        let first = self.align[range.start];
        let last = self.align[(range.end - 1).min(self.align.len() - 1)];
        first.cover(last)
    }
}

fn push_char(text: &mut String, align: &mut Vec<Span>, c: char, span: Span) {
    text.push(c);
    align.extend(std::iter::repeat_n(span, c.len_utf8()));
}

/// The canonical text of `s`: NFC, canonical tone placement, folded white space.
///
/// ```
/// assert_eq!(vibrief::text::normalize::text("  Uỷ ban\r\nnhân dân "), "Ủy ban nhân dân");
/// ```
pub fn text(s: &str) -> String {
    Normalized::new(s, Options::TEXT).into_text()
}

/// The matching key of `s`: [`text`] in lower case.
///
/// ```
/// use vibrief::text::normalize::key;
/// assert_eq!(key("Uỷ ban nhân dân"), key("ủy ban  nhân dân"));
/// ```
pub fn key(s: &str) -> String {
    Normalized::new(s, Options::KEY).into_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_and_nfc_twins_are_equal() {
        let nfc = "Thủ tướng Chính phủ Phạm Minh Chính";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(text(&nfd), nfc);
    }

    #[test]
    fn both_tone_styles_meet() {
        assert_eq!(text("uỷ ban nhân dân"), text("ủy ban nhân dân"));
        assert_eq!(key("Hoà bình"), "hòa bình");
    }

    #[test]
    fn spans_point_into_the_original() {
        let src = "  Bộ\tNgoại   giao\n";
        let n = Normalized::new(src, Options::TEXT);
        assert_eq!(n.text(), "Bộ Ngoại giao");
        let at = n.text().find("Ngoại").unwrap();
        let span = n.original_span(at..at + "Ngoại".len());
        assert_eq!(&src[span.range()], "Ngoại");
    }

    #[test]
    fn nfd_spans_cover_the_whole_cluster() {
        let src: String = "về hòa bình".nfd().collect();
        let n = Normalized::new(&src, Options::KEY);
        let at = n.text().find("hòa").unwrap();
        let span = n.original_span(at..at + "hòa".len());
        assert_eq!(src[span.range()].nfc().collect::<String>(), "hòa");
    }

    #[test]
    fn keeps_whitespace_when_asked() {
        let opts = Options {
            fold_whitespace: false,
            lowercase: false,
        };
        assert_eq!(Normalized::new("a\n b", opts).text(), "a\n b");
    }
}
