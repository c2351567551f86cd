//! Rule `duplicate`: a line repeating the line before it (blank lines between do not count).
//!
//! Scrapers copy an image's alt text and its caption, so the same line appears twice. The
//! second copy is removed as `duplicate`. The first copy is removed as `caption` when it is a
//! caption by itself or a fragment (no sentence ending, such as a name under a portrait);
//! a repeated full sentence keeps its first copy in the body.

use crate::ingest::lines::ends_sentence;

/// What to do with the two copies of a repeated line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the first copy is a caption too.
    pub first_is_caption: bool,
}

/// Compares two adjacent lines by their matching key (normalized, lower case).
///
/// ```
/// use vibrief::ingest::clean::duplicate::compare;
/// let v = compare("Thứ trưởng Nguyễn Quốc Dũng", "thứ trưởng  Nguyễn Quốc Dũng").unwrap();
/// assert!(v.first_is_caption);
/// assert!(compare("Một.", "Hai.").is_none());
/// ```
pub fn compare(first: &str, second: &str) -> Option<Verdict> {
    let key = |s: &str| crate::text::normalize::key(s);
    (key(first) == key(second)).then(|| Verdict {
        first_is_caption: !ends_sentence(first) || super::caption::is_caption(first),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_sentence_keeps_first_copy() {
        let v = compare("Hội nghị bế mạc.", "Hội nghị bế mạc.").unwrap();
        assert!(!v.first_is_caption);
    }

    #[test]
    fn repeated_credited_caption_loses_both() {
        let c = "Quang cảnh hội nghị. Ảnh: Minh Nguyễn";
        assert!(compare(c, c).unwrap().first_is_caption);
    }
}
