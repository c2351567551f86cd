//! Rule `agency-tag`: the publisher's tag opening the lead ("(GLO)- ", "VOV.VN - ",
//! "(TTXVN) – ").
//!
//! At the very start of the first body paragraph: a bracketed tag of 2–15 non-space chars, or
//! an upper-case code (with dotted parts, like `VOV.VN`) of at least two letters, followed by
//! a dash. The tag names the publisher when no source line does.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(([^()\s]{2,15})\)\s*[-–—]\s*|([A-ZĐ]{2,}(?:\.[A-Z]{2,})*)\s*[-–—]\s+)")
        .unwrap()
});

/// The tag at the start of `text`: (whole tag with dash and spaces, the name inside).
///
/// ```
/// use vibrief::ingest::clean::agency::prefix;
/// let t = "(GLO)- Sáng 21-12, tại Hà Nội";
/// let (tag, name) = prefix(t).unwrap();
/// assert_eq!((&t[tag], &t[name]), ("(GLO)- ", "GLO"));
/// assert!(prefix("(NGKT) là trọng tâm").is_none());
/// ```
pub fn prefix(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    let caps = TAG.captures(text)?;
    let name = caps.get(1).or(caps.get(2))?;
    Some((caps.get(0)?.range(), name.range()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_codes_and_dashes() {
        let t = "VOV.VN - Cần đẩy mạnh xúc tiến thương mại.";
        assert_eq!(&t[prefix(t).unwrap().1], "VOV.VN");
        assert!(prefix("(TTXVN) – Chiều nay").is_some());
        assert!(prefix("TTXVN-Chiều nay").is_none());
        assert!(prefix("Hà Nội - Thủ đô").is_none());
    }
}
