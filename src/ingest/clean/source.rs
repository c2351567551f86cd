//! Rule `source-line`: a line naming where the article comes from ("Theo VOV",
//! "(Theo Báo Nhân Dân)", "Nguồn: TTXVN", "Nguồn Phú Thọ: https://…").
//!
//! "Theo" lines must be the whole line, at most six words, with no comma and no sentence
//! ending, so that "Theo Bộ trưởng, …" stays in the body. "Nguồn" lines name a capitalized
//! publisher of at most five words before the colon, or give it after the colon, or a URL.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static THEO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\(?theo\s+([^,.;:!?()]+?)\)?\.?$").unwrap());
static NGUON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\(?nguồn(?:\s+([^:]{1,60}?))?\s*:\s*(.*?)\)?$").unwrap());

/// When `text` is a source line: `Some(publisher range)`, empty when only a URL is given.
///
/// ```
/// use vibrief::ingest::clean::source::matches;
/// let t = "Nguồn Phú Thọ: https://baophutho.vn/a.htm";
/// assert_eq!(&t[matches(t).unwrap()], "Phú Thọ");
/// assert_eq!(&"Theo VOV"[matches("Theo VOV").unwrap()], "VOV");
/// assert!(matches("Theo Bộ trưởng, năm nay khó khăn.").is_none());
/// ```
pub fn matches(text: &str) -> Option<Range<usize>> {
    if let Some(c) = THEO.captures(text) {
        let name = c.get(1)?;
        let ok = name.as_str().split_whitespace().count() <= 6
            && name.as_str().chars().next().is_some_and(char::is_uppercase);
        return ok.then(|| name.range());
    }
    let c = NGUON.captures(text)?;
    if let Some(name) = c.get(1) {
        let ok = name.as_str().split_whitespace().count() <= 5
            && name.as_str().chars().next().is_some_and(char::is_uppercase);
        return ok.then(|| name.range());
    }
    let rest = c.get(2)?;
    if rest.as_str().is_empty() || rest.as_str().split_whitespace().count() > 8 {
        return None;
    }
    Some(if super::url::is_url(rest.as_str()) {
        rest.start()..rest.start()
    } else {
        rest.range()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketed_and_colon_forms() {
        let t = "(Theo Báo Nhân Dân)";
        assert_eq!(&t[matches(t).unwrap()], "Báo Nhân Dân");
        let t = "Nguồn: TTXVN";
        assert_eq!(&t[matches(t).unwrap()], "TTXVN");
        assert!(matches("Nguồn: https://vov.vn/x").unwrap().is_empty());
    }

    #[test]
    fn sentences_starting_with_theo_stay() {
        assert!(matches("Theo đó").is_none());
        assert!(matches("Theo Phó Thủ tướng, cần quyết liệt.").is_none());
        assert!(matches(
            "Nguồn lực cho phát triển: vốn, con người và công nghệ đều cần được huy động"
        )
        .is_none());
    }
}
