//! Text primitives shared by every stage: normalization with offset alignment, Vietnamese
//! tone-mark placement and language codes.

pub mod date;
pub mod lang;
pub mod normalize;
pub mod tone;

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
