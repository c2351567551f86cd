//! Rule `crumb`: section crumbs above the headline ("Chính trị", "Tin tức",
//! "Trang chủ > Thời sự").
//!
//! A head line (before the title) is a crumb when it is a known section name, or a path of
//! short items joined by `>`, `»`, `›` or `/`. The assembler also treats any other head line of
//! at most three words without punctuation as a crumb when a real headline follows it.

/// Section names Vietnamese news sites put above an article, lower case.
const SECTIONS: &[&str] = &[
    "trang chủ",
    "home",
    "tin tức",
    "tin mới",
    "tin nổi bật",
    "thời sự",
    "chính trị",
    "kinh tế",
    "xã hội",
    "thế giới",
    "quốc tế",
    "trong nước",
    "đối ngoại",
    "ngoại giao",
    "chính sách",
    "văn hóa",
    "giáo dục",
    "pháp luật",
    "thể thao",
    "sức khỏe",
    "y tế",
    "du lịch",
    "khoa học",
    "công nghệ",
    "đời sống",
    "quốc phòng",
    "an ninh",
    "quốc phòng - an ninh",
    "bạn đọc",
    "địa phương",
    "tin tổng hợp",
    "tin địa phương",
    "kinh doanh",
    "tài chính",
    "bất động sản",
    "giải trí",
    "media",
    "video",
    "podcast",
    "multimedia",
    "emagazine",
    "infographics",
];

/// True when `text` (normalized) is a section name or a crumb path.
///
/// ```
/// use vibrief::ingest::clean::crumb::is_crumb;
/// assert!(is_crumb("Chính trị"));
/// assert!(is_crumb("Trang chủ > Thời sự > Đối ngoại"));
/// assert!(!is_crumb("Thủ tướng dự hội nghị"));
/// ```
pub fn is_crumb(text: &str) -> bool {
    let key = text.to_lowercase();
    if SECTIONS.contains(&key.trim_end_matches([':', '»', '>'])) {
        return true;
    }
    let parts: Vec<&str> = key.split(['>', '»', '›', '/']).map(str::trim).collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.split_whitespace().count() <= 4)
        && parts.iter().any(|p| SECTIONS.contains(p))
}

/// True when a head line is short enough to be an unlisted crumb: at most three words, no
/// punctuation, no digits.
pub fn is_short_label(text: &str) -> bool {
    text.split_whitespace().count() <= 3 && text.chars().all(|c| c.is_alphabetic() || c == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_sections_in_any_case() {
        assert!(is_crumb("TIN TỨC"));
        assert!(is_crumb("Thời sự"));
        assert!(is_crumb("Quốc phòng - An ninh"));
    }

    #[test]
    fn crumb_paths_need_a_known_section() {
        assert!(is_crumb("Thời sự / Chính trị"));
        assert!(!is_crumb("41/63 tỉnh"));
        assert!(!is_crumb("Nam / Bắc"));
    }

    #[test]
    fn short_labels() {
        assert!(is_short_label("Điểm nóng"));
        assert!(!is_short_label("Ngày 2/4"));
        assert!(!is_short_label("Thủ tướng dự hội nghị"));
    }
}
