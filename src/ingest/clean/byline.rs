//! Rule `byline`: the author's name after the body ("Thu Hà", "Minh Anh (TTXVN)", "PV").
//!
//! Only in the tail, below the last body paragraph: one to five words, each capitalized or
//! a bracketed agency, with no digits and no punctuation besides brackets, commas, hyphens
//! and dots inside initials (not at the end); or a "Bài và ảnh:" / "Nhóm PV" credit.

/// True when `text` (normalized) is shaped like a byline.
///
/// ```
/// use vibrief::ingest::clean::byline::is_byline;
/// assert!(is_byline("Thu Hà"));
/// assert!(is_byline("Minh Anh (TTXVN)"));
/// assert!(!is_byline("Hội nghị thành công tốt đẹp"));
/// ```
pub fn is_byline(text: &str) -> bool {
    let lower = text.to_lowercase();
    if [
        "bài và ảnh:",
        "bài, ảnh:",
        "nhóm pv",
        "nhóm phóng viên",
        "pv",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        && text.split_whitespace().count() <= 8
    {
        return true;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    !text.ends_with('.')
        && (1..=5).contains(&words.len())
        && words.iter().all(|w| {
            let w = w.trim_end_matches(',');
            let bracketed = w.starts_with('(') && w.ends_with(')');
            let first = w.trim_start_matches('(').chars().next();
            first.is_some_and(char::is_uppercase)
                && (bracketed || w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_credits() {
        assert!(is_byline("Nhóm PV"));
        assert!(is_byline("Bài và ảnh: Lê Hoa"));
        assert!(is_byline("T.H"));
        assert!(!is_byline("Năm 2022"));
        assert!(!is_byline("Thu Hà."));
    }
}
