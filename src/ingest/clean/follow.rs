//! Rule `follow-line`: "follow us" lines ("Theo dõi Báo Gia Lai trên Google News").
//!
//! A line starting with "Theo dõi" (or "Follow") that names a feed or social network (Google
//! News, Zalo, Facebook, YouTube, TikTok, Twitter/X) is site furniture. The name between
//! "Theo dõi" and "trên" is the publisher, used as the document's source when no source line
//! says otherwise.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static FOLLOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:theo dõi|follow)\s+(.+?)\s+(?:trên|tại|qua|on)\s+(?:google news|google tin tức|zalo|facebook|youtube|tiktok|twitter|x)\b").unwrap()
});

/// When `text` is a follow line: `Some(publisher range)`, the range empty when it names no
/// publisher ("chúng tôi").
///
/// ```
/// use vibrief::ingest::clean::follow::matches;
/// let t = "Theo dõi Báo Gia Lai trên Google News";
/// assert_eq!(&t[matches(t).unwrap()], "Báo Gia Lai");
/// assert!(matches("Theo dõi tình hình thế giới").is_none());
/// ```
pub fn matches(text: &str) -> Option<Range<usize>> {
    let caps = FOLLOW.captures(text)?;
    let name = caps.get(1)?;
    let named = name.as_str().chars().next().is_some_and(char::is_uppercase);
    Some(if named {
        name.range()
    } else {
        name.start()..name.start()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_and_unnamed_publishers() {
        assert!(matches("Theo dõi chúng tôi trên Zalo").unwrap().is_empty());
        assert!(matches("Follow VnExpress on Facebook").is_some());
        assert!(matches("Theo dõi sát tình hình trên thế giới").is_none());
    }
}
