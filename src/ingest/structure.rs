//! Article structure: the headline, the dateline (date and place) and standalone date lines.

use crate::ingest::lines::words;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A line that is only a date, maybe with weekday and time: "18/12/2021 - 19:07",
/// "Thứ Hai, 21/12/2021 14:30 (GMT+7)", "Cập nhật: 2/4/2024".
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:cập\ nhật|đăng|ngày\ đăng|published)?\s*:?\s*
        (?:(?:thứ\ \S+|chủ\ nhật)\s*,?\s*)?
        (?:ngày\s+)?
        \d{1,2}[/\-.]\d{1,2}[/\-.]\d{4}
        (?:\s*[-,|]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?)?
        (?:\s*\(?(?:gmt|utc)[+\-]?\d*\)?)?$",
    )
    .unwrap()
});

/// A dateline opening the lead: an optional part of day, a day-month date, then optionally
/// ", tại PLACE": "Sáng 21-12, tại Hà Nội, …", "Ngày 2/4, tại trụ sở Chính phủ, …".
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^((?:(?:[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm|[Rr]ạng\ sáng|[Nn]gày|[Hh]ôm\ nay|[Hh]ôm\ qua)\s+)?
        (?:(?:ngày|hôm)\s+)?
        \d{1,2}[/\-.]\d{1,2}(?:[/\-.]\d{2,4})?)
        ,\s*(?:tại\s+([^,]{2,60}),)?",
    )
    .unwrap()
});

/// True when the line is a date alone.
///
/// ```
/// assert!(vibrief::ingest::structure::is_date_line("18/12/2021 - 19:07"));
/// assert!(!vibrief::ingest::structure::is_date_line("Ngày 2/4, Thủ tướng chủ trì."));
/// ```
pub fn is_date_line(text: &str) -> bool {
    DATE_LINE.is_match(text)
}

/// The dateline at the start of a lead: (date range, place range).
///
/// ```
/// let t = "Sáng 21-12, tại Hà Nội, Bộ Ngoại giao đã tổ chức phiên họp.";
/// let (date, place) = vibrief::ingest::structure::dateline(t).unwrap();
/// assert_eq!((&t[date], &t[place.unwrap()]), ("Sáng 21-12", "Hà Nội"));
/// ```
pub fn dateline(text: &str) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let c = DATELINE.captures(text)?;
    Some((c.get(1)?.range(), c.get(2).map(|m| m.range())))
}

/// True when a head line can be the headline: at most 35 words, not ending like a clause
/// (`.`, `:`, `;`, `,`).
pub fn is_title(text: &str) -> bool {
    words(text) <= 35 && !text.ends_with(['.', ':', ';', ','])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines() {
        for t in [
            "18/12/2021 - 19:07",
            "Thứ Hai, 21/12/2021 14:30 (GMT+7)",
            "Cập nhật: 2/4/2024",
            "21-12-2021",
        ] {
            assert!(is_date_line(t), "{t}");
        }
        assert!(!is_date_line("Năm 2021"));
    }

    #[test]
    fn datelines_with_and_without_place() {
        let t = "Tối 21-1, Bộ Ngoại giao tổ chức hội nghị.";
        let (d, p) = dateline(t).unwrap();
        assert_eq!(&t[d], "Tối 21-1");
        assert!(p.is_none());
        let t = "Ngày 2/4, tại trụ sở Chính phủ, Thủ tướng chủ trì hội nghị.";
        let (d, p) = dateline(t).unwrap();
        assert_eq!((&t[d], &t[p.unwrap()]), ("Ngày 2/4", "trụ sở Chính phủ"));
        assert!(dateline("Năm 2021, công tác NGKT đạt kết quả.").is_none());
        assert!(dateline("Sáng 21/8, Hội nghị khai mạc.").is_some());
    }

    #[test]
    fn titles() {
        assert!(is_title("Tiếp tục đổi mới tư duy về ngoại giao kinh tế"));
        assert!(is_title("Vì sao ngoại giao kinh tế quan trọng?"));
        assert!(!is_title("Hội nghị đã bế mạc."));
    }
}
