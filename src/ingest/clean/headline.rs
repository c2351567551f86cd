//! Rule `trailing-headline`: an unrelated headline after the article's end, with no body of
//! its own (a link the scraper kept).
//!
//! Only in the tail, after a paragraph that ends like a sentence: a capitalized line of 4–30
//! words that does not end like a sentence or with `:`/`;`/`,`.

use crate::ingest::lines::{ends_sentence, words};

/// True when `text` (normalized) is shaped like a headline.
///
/// ```
/// use vibrief::ingest::clean::headline::is_headline;
/// assert!(is_headline("Xung đột ở Biển Đông là đi ngược với xu thế của thời đại"));
/// assert!(!is_headline("Hội nghị kết thúc."));
/// assert!(!is_headline("Thu Hà"));
/// ```
pub fn is_headline(text: &str) -> bool {
    let n = words(text);
    (4..=30).contains(&n)
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '“')
        && !ends_sentence(text)
        && !text.ends_with([':', ';', ','])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape() {
        assert!(!is_headline("Thủ tướng tiếp Đại sứ Nhật Bản?"));
        assert!(is_headline("“Ngoại giao cây tre” trong thời kỳ mới"));
        assert!(!is_headline("Cụ thể như sau:"));
        assert!(!is_headline("chú thích viết thường không phải tiêu đề"));
    }
}
