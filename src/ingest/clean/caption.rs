//! Rule `caption`: photo captions left in the text by the scraper.
//!
//! A line is a caption when it ends with a photo credit ("… Ảnh: Minh Nguyễn",
//! "… (Ảnh: TTXVN)", "Ảnh minh họa", "Nguồn ảnh: …"), or when it ends with the `|` of an image
//! table cell. Captions without credit are recognized through their duplicated copy (see
//! `duplicate`).

use regex::Regex;
use std::sync::LazyLock;

/// A credit: "Ảnh:" and at most eight words of names, optionally in brackets, at line end.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[\s.(\-–—|])(?:ảnh|nguồn ảnh|ảnh minh họa|photo|video)\s*:\s*[^:;!?]{1,80}\)?$|(?:^|[\s.(])\(?ảnh minh họa\)?\.?$").unwrap()
});

/// True when `text` (normalized) is a photo caption.
///
/// ```
/// use vibrief::ingest::clean::caption::is_caption;
/// assert!(is_caption("Quang cảnh hội nghị. Ảnh: Minh Nguyễn"));
/// assert!(is_caption("Bộ trưởng phát biểu khai mạc Hội nghị. |"));
/// assert!(!is_caption("Ảnh hưởng của đại dịch còn lớn."));
/// ```
pub fn is_caption(text: &str) -> bool {
    if text.ends_with('|') && !text.starts_with('|') {
        return true;
    }
    CREDIT.is_match(text) && text.split_whitespace().count() <= 80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_in_their_usual_shapes() {
        assert!(is_caption("Thủ tướng phát biểu. (Ảnh: TTXVN)"));
        assert!(is_caption("Toàn cảnh phiên họp - Ảnh: VGP/Nhật Bắc"));
        assert!(is_caption("Ảnh: Thu Hà"));
        assert!(is_caption("Hàng hóa xuất khẩu qua cảng. Ảnh minh họa"));
        assert!(is_caption(
            "Đoàn công tác tại Lào. Nguồn ảnh: Bộ Ngoại giao"
        ));
    }

    #[test]
    fn words_that_merely_contain_anh_are_not_credits() {
        assert!(!is_caption(
            "Ông cho biết ảnh hưởng của xung đột là rất lớn."
        ));
        assert!(!is_caption(
            "Anh: một đối tác quan trọng của Việt Nam đã ký kết."
        ));
        assert!(!is_caption("| a | b |"));
    }
}
