//! Rule `language-switcher`: a line listing the site's languages ("Tiếng Việt | English").
//!
//! The line splits on `|`, `/` or `-` into two or more items, each a language name or code.

/// Language names and codes seen on switchers, lower case.
const LANGUAGES: &[&str] = &[
    "tiếng việt",
    "việt nam",
    "english",
    "tiếng anh",
    "vn",
    "vi",
    "en",
    "中文",
    "简体中文",
    "繁體中文",
    "français",
    "español",
    "deutsch",
    "русский",
    "日本語",
    "한국어",
    "lao",
    "ລາວ",
    "ខ្មែរ",
    "ភាសាខ្មែរ",
    "cn",
    "fr",
    "es",
    "ru",
    "jp",
    "kr",
    "zh",
];

/// True when `text` (normalized) is a language switcher.
///
/// ```
/// use vibrief::ingest::clean::language::is_switcher;
/// assert!(is_switcher("Tiếng Việt | English"));
/// assert!(!is_switcher("Việt Nam | Lào hợp tác"));
/// ```
pub fn is_switcher(text: &str) -> bool {
    let key = text.to_lowercase();
    let items: Vec<&str> = key
        .split(['|', '/', '-'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    items.len() >= 2 && items.iter().all(|i| LANGUAGES.contains(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_scripts() {
        assert!(is_switcher("VN | EN | 中文"));
        assert!(is_switcher("English / Français"));
        assert!(!is_switcher("English"));
    }
}
