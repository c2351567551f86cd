//! The characters XML 1.0 allows. TMX, TBX and XLIFF are XML 1.0, so a control character
//! (U+0001), or U+FFFE or U+FFFF, makes a file other CAT tools reject: readers refuse them,
//! the TM never stores them, and no writer writes them.

/// Whether XML 1.0 allows `c` in a document: tab, line feed, carriage return, and everything
/// from U+0020 up except U+FFFE and U+FFFF (Rust's `char` has no surrogates).
pub fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// The first character of `text` that XML 1.0 forbids, described for a message ("U+0001 at
/// character 12"), or `None` when there is none.
///
/// ```
/// use vibrief::text::xml_chars::first_forbidden;
/// assert_eq!(first_forbidden("Hà Nội"), None);
/// assert_eq!(first_forbidden("a\u{1}b").as_deref(), Some("U+0001 at character 2"));
/// assert_eq!(first_forbidden("\u{FFFE}").as_deref(), Some("U+FFFE at character 1"));
/// ```
pub fn first_forbidden(text: &str) -> Option<String> {
    text.chars()
        .enumerate()
        .find(|(_, c)| !allowed(*c))
        .map(|(i, c)| format!("U+{:04X} at character {}", c as u32, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_xml_1_0_char_production() {
        for c in [
            '\t',
            '\n',
            '\r',
            ' ',
            'ạ',
            '\u{D7FF}',
            '\u{E000}',
            '\u{FFFD}',
            '\u{10000}',
        ] {
            assert!(allowed(c), "{c:?}");
        }
        for c in [
            '\0', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
        ] {
            assert!(!allowed(c), "{c:?}");
        }
    }
}
