//! Byte-order-mark aware decoding of text files: UTF-8 (with or without BOM) and UTF-16 LE/BE
//! with BOM, so every reader works on a `String` and reports errors by line.

use encoding_rs::{UTF_16BE, UTF_16LE};

/// Why a file's bytes are not text we can read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    /// Bytes that are not UTF-8 in a file without a UTF-16 BOM.
    #[error(
        "line {line}: invalid UTF-8 (save the file as UTF-8, or UTF-16 with a byte-order mark)"
    )]
    InvalidUtf8 {
        /// 1-based line of the first bad byte.
        line: usize,
    },
    /// Malformed UTF-16 after a UTF-16 BOM.
    #[error("invalid UTF-16 after a UTF-16 byte-order mark")]
    InvalidUtf16,
}

/// The encoding [`decode`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a BOM.
    Utf8,
    /// UTF-8 with a BOM (dropped from the text).
    Utf8Bom,
    /// UTF-16 little-endian with a BOM.
    Utf16Le,
    /// UTF-16 big-endian with a BOM.
    Utf16Be,
}

/// Decodes `bytes` as UTF-8 or, when it starts with a UTF-16 BOM, UTF-16; the BOM is dropped.
///
/// ```
/// use vibrief::formats::encoding::{decode, Encoding};
/// assert_eq!(decode(b"\xEF\xBB\xBFhi").unwrap(), ("hi".to_string(), Encoding::Utf8Bom));
/// assert_eq!(decode(b"\xFF\xFEh\0i\0").unwrap(), ("hi".to_string(), Encoding::Utf16Le));
/// ```
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest).map(|s| (s, Encoding::Utf8Bom));
    }
    for (bom, enc, tag) in [
        (b"\xFF\xFE", UTF_16LE, Encoding::Utf16Le),
        (b"\xFE\xFF", UTF_16BE, Encoding::Utf16Be),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(rest);
            if had_errors {
                return Err(DecodeError::InvalidUtf16);
            }
            return Ok((text.into_owned(), tag));
        }
    }
    utf8(bytes).map(|s| (s, Encoding::Utf8))
}

fn utf8(bytes: &[u8]) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            Err(DecodeError::InvalidUtf8 { line })
        }
    }
}

/// The 1-based line of byte `offset` in `text`.
///
/// ```
/// assert_eq!(vibrief::formats::encoding::line_of("a\nb\nc", 4), 3);
/// ```
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Line numbers for offsets that mostly grow, as a streaming reader asks for them: each call
/// counts only the newlines since the previous one.
///
/// ```
/// let text = "a\nb\nc";
/// let mut lines = vibrief::formats::encoding::LineCounter::new(text);
/// assert_eq!((lines.line(0), lines.line(2), lines.line(4), lines.line(1)), (1, 2, 3, 1));
/// ```
#[derive(Debug, Clone)]
pub struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    /// A counter at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_be_and_bad_utf8() {
        assert_eq!(decode(b"\xFE\xFF\0h\0i").unwrap().0, "hi");
        assert_eq!(
            decode(b"ok\nok\n\xFFbad"),
            Err(DecodeError::InvalidUtf8 { line: 3 })
        );
        assert_eq!(decode(b"\xFF\xFE\x00\xD8"), Err(DecodeError::InvalidUtf16));
    }
}
