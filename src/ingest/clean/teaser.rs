//! Rule `teaser`: headings of teaser and share blocks ("Có thể bạn quan tâm",
//! "Chia sẻ bài viết", "Tin liên quan", "Xem thêm: …").
//!
//! The line starts with a known heading, then ends or goes on after `:`, `>`, `»` or `…`
//! (an inline "Xem thêm: TITLE" link). After the body, such a heading closes the article:
//! what follows is an appended related article or a list of headlines (see the assembler).

/// Teaser and share headings, lower case.
const HEADINGS: &[&str] = &[
    "có thể bạn quan tâm",
    "bạn có thể quan tâm",
    "chia sẻ bài viết",
    "chia sẻ",
    "tin liên quan",
    "bài liên quan",
    "bài viết liên quan",
    "tin cùng chuyên mục",
    "tin khác",
    "các tin khác",
    "tin mới nhất",
    "tin mới",
    "tin đọc nhiều",
    "đọc nhiều nhất",
    "xem thêm",
    "đọc thêm",
    "xem tiếp",
    "bình luận",
    "gửi bình luận",
    "share",
    "related",
    "read more",
    "tags",
    "từ khóa",
];

/// True when `text` (normalized) opens a teaser or share block.
///
/// ```
/// use vibrief::ingest::clean::teaser::is_heading;
/// assert!(is_heading("Có thể bạn quan tâm"));
/// assert!(is_heading("Xem thêm: Thủ tướng thăm Lào"));
/// assert!(!is_heading("Chia sẻ kinh nghiệm quản lý với các tỉnh."));
/// ```
pub fn is_heading(text: &str) -> bool {
    let key = text.to_lowercase();
    HEADINGS.iter().any(|h| {
        key.strip_prefix(h).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.is_empty() || rest.starts_with([':', '>', '»', '…']) || rest.starts_with("...")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_with_trailing_marks() {
        assert!(is_heading("CHIA SẺ BÀI VIẾT"));
        assert!(is_heading("Tin liên quan:"));
        assert!(is_heading("Có thể bạn quan tâm..."));
        assert!(!is_heading("Tin tức"));
    }
}
