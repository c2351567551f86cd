//! Length-ratio sanity: an English output far shorter than its Vietnamese source has likely
//! dropped something, one far longer has likely added something.
//!
//! The ratio is English characters over Vietnamese characters, both normalized (NFC, white
//! space folded). On government-news sentences it sits near 1: the six sentence pairs in this
//! module's tests range from 0.85 to 1.32 (Vietnamese syllables are short, but each is a word
//! with a space). The default band, 0.5 to 2.0, flags an output half as long or twice as long
//! as usual. Short segments (headings, captions: `Bộ Ngoại giao` → "Ministry of Foreign
//! Affairs" is 2.1) vary too much and are not checked below [`RatioBand::min_source_chars`];
//! an empty output is always reported.

use super::Issue;
use crate::text::normalize;
use serde::{Deserialize, Serialize};

/// The accepted band of English/Vietnamese length ratios.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RatioBand {
    /// Lowest accepted ratio; below it the output is reported as too short.
    pub min: f64,
    /// Highest accepted ratio; above it the output is reported as too long.
    pub max: f64,
    /// Sources shorter than this many characters are not checked.
    pub min_source_chars: usize,
}

impl Default for RatioBand {
    fn default() -> Self {
        RatioBand {
            min: 0.5,
            max: 2.0,
            min_source_chars: 40,
        }
    }
}

/// English characters over Vietnamese characters, both normalized; 0 for an empty source.
///
/// ```
/// use vibrief::verify::ratio::length_ratio;
/// assert_eq!(length_ratio("Hội nghị  bế mạc.", "The conference closed."), 22.0 / 16.0);
/// ```
pub fn length_ratio(source: &str, target: &str) -> f64 {
    let s = normalize::text(source).chars().count();
    let t = normalize::text(target).chars().count();
    if s == 0 {
        0.0
    } else {
        t as f64 / s as f64
    }
}

/// An [`Issue`] when the output's length is out of `band` for its source.
pub(crate) fn check(source: &str, target: &str, band: &RatioBand) -> Option<Issue> {
    let chars = normalize::text(source).chars().count();
    let empty = chars > 0 && normalize::text(target).is_empty();
    if chars < band.min_source_chars && !empty {
        return None;
    }
    let ratio = length_ratio(source, target);
    if ratio < band.min {
        Some(Issue::too_short(ratio, band))
    } else if ratio > band.max {
        Some(Issue::too_long(ratio, band))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sentence pairs written for this test, as a careful translator would render them.
    const PAIRS: [(&str, &str); 6] = [
        (
            "Thủ tướng Chính phủ đề nghị các bộ, ngành khẩn trương hoàn thiện hồ sơ trình Quốc hội trong tháng 10.",
            "The Prime Minister asked ministries and sectors to urgently complete the dossiers for submission to the National Assembly in October.",
        ),
        (
            "Bộ Ngoại giao cho biết Việt Nam sẵn sàng hợp tác với các nước trong khu vực để bảo đảm an ninh lương thực.",
            "The Ministry of Foreign Affairs said Vietnam stands ready to cooperate with countries in the region to ensure food security.",
        ),
        (
            "Kim ngạch xuất khẩu của tỉnh trong 9 tháng đầu năm tăng 12% so với cùng kỳ năm trước.",
            "The province's export turnover in the first nine months of the year rose 12% year on year.",
        ),
        (
            "Hội nghị đã thảo luận các giải pháp nhằm đẩy mạnh công tác ngoại giao kinh tế trong giai đoạn mới.",
            "The conference discussed solutions to step up economic diplomacy in the new period.",
        ),
        (
            "Đoàn công tác đã làm việc với lãnh đạo Ủy ban nhân dân tỉnh về tiến độ giải ngân vốn đầu tư công.",
            "The working delegation met leaders of the provincial People's Committee on the progress of public investment disbursement.",
        ),
        (
            "Các đại biểu nhất trí cao với báo cáo và các kiến nghị của Chính phủ.",
            "Delegates strongly agreed with the Government's report and recommendations.",
        ),
    ];

    #[test]
    fn faithful_translations_are_in_band() {
        let band = RatioBand::default();
        for (vi, en) in PAIRS {
            let r = length_ratio(vi, en);
            assert!((0.8..=1.4).contains(&r), "{r} for {en}");
            assert!(check(vi, en, &band).is_none());
        }
    }

    #[test]
    fn omissions_and_additions_are_caught() {
        let band = RatioBand::default();
        let (vi, en) = PAIRS[1];
        let short = check(vi, "The ministry said so.", &band).expect("too short");
        assert!(short.detail.contains("shorter"), "{}", short.detail);
        let long = format!("{en} It added that the Ministry of Foreign Affairs had long supported regional food programmes, and that further talks with partners in Asia, Europe and the Americas would follow in the coming months.");
        let long = check(vi, &long, &band).expect("too long");
        assert!(long.detail.contains("longer"), "{}", long.detail);
    }

    #[test]
    fn short_sources_are_skipped_but_empty_outputs_are_not() {
        let band = RatioBand::default();
        assert!(check("Bộ Ngoại giao", "Ministry of Foreign Affairs", &band).is_none());
        assert!(check("Bộ Ngoại giao", "  ", &band).is_some());
        assert!(check("", "", &band).is_none());
    }
}
