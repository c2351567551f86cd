//! Rule `url`: a line that is nothing but a web address.

/// True when `text` is one bare URL (`http://`, `https://` or `www.`), nothing else.
///
/// ```
/// use vibrief::ingest::clean::url::is_url;
/// assert!(is_url("https://baophutho.vn/a/209611.htm"));
/// assert!(!is_url("Xem https://vov.vn để biết thêm"));
/// ```
pub fn is_url(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www."))
        && !t.contains(char::is_whitespace)
        && t.len() > 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_line_urls() {
        assert!(is_url("www.mofa.gov.vn"));
        assert!(is_url("HTTP://VOV.VN/X"));
        assert!(!is_url("http://"));
        assert!(!is_url("Truy cập www.mofa.gov.vn"));
    }
}
