//! Text primitives shared by every stage: normalization with offset alignment, Vietnamese
//! tone-mark placement, ordinals and Roman numerals, language codes and the characters XML
//! allows.
//!
//! May depend on: nothing else of the crate.

pub mod date;
pub mod gazetteer;
pub mod lang;
pub mod normalize;
pub mod numerals;
pub mod span;
pub mod tone;
pub mod xml_chars;

/// `s` with every diacritic removed and `đ`/`Đ` written `d`/`D`, recomposed (NFC), so text in
/// other scripts keeps its form.
///
/// ```
/// use vibrief::text::strip_diacritics;
/// assert_eq!(strip_diacritics("Phạm Minh Chính, Đà Nẵng"), "Pham Minh Chinh, Da Nang");
/// assert_eq!(strip_diacritics("한국"), "한국");
/// ```
pub fn strip_diacritics(s: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let bare: String = s
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect();
    bare.nfc().collect()
}

/// The start of `text` for a message, on one line: its first 40 characters, line breaks as
/// spaces, and `…` when there is more.
///
/// ```
/// assert_eq!(vibrief::text::preview("Ban Bí thư"), "Ban Bí thư");
/// assert_eq!(vibrief::text::preview(&"ab\n".repeat(20)), format!("{}…", "ab ".repeat(13) + "a"));
/// ```
pub fn preview(text: &str) -> String {
    let first: String = text.chars().take(40).collect();
    let first = first.replace(['\r', '\n'], " ");
    if first.len() < text.len() {
        format!("{first}…")
    } else {
        first
    }
}
