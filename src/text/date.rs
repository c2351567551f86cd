//! Datelines of Vietnamese news in English: "Sáng 14-3" is "14 March, morning", "05/9/2023 -
//! 08:30" is "5 September 2023, 08:30". Vietnamese writes the day first, with `-` or `/`, the
//! year only sometimes, and often a part of the day before it.

/// English month names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Parts of the day a dateline starts with, longest first, and their English.
const PARTS: [(&str, Option<&str>); 8] = [
    ("rạng sáng", Some("early morning")),
    ("sáng", Some("morning")),
    ("trưa", Some("midday")),
    ("chiều", Some("afternoon")),
    ("tối", Some("evening")),
    ("đêm", Some("night")),
    ("ngày", None),
    ("hôm nay", None),
];

/// The English form of a Vietnamese dateline, or `None` when it is not one this reads (the
/// caller then shows the source as it is).
///
/// ```
/// use vibrief::text::date::english;
/// assert_eq!(english("Sáng 14-3").as_deref(), Some("14 March, morning"));
/// assert_eq!(english("18/12/2021 - 19:07").as_deref(), Some("18 December 2021, 19:07"));
/// assert_eq!(english("Ngày 2/4").as_deref(), Some("2 April"));
/// assert_eq!(english("hôm qua"), None);
/// ```
pub fn english(dateline: &str) -> Option<String> {
    let text = dateline.trim();
    let lower = text.to_lowercase();
    let mut rest = lower.as_str();
    let mut part = None;
    for (vi, en) in PARTS {
        if let Some(after) = rest.strip_prefix(vi) {
            if after.starts_with(|c: char| c.is_whitespace() || c == ',') {
                rest = after.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
                part = en;
                break;
            }
        }
    }
    let (date, time) = match rest.split_once(" - ").or_else(|| rest.split_once(", ")) {
        Some((d, t)) => (d.trim(), Some(t.trim())),
        None => (rest.trim(), None),
    };
    let numbers: Vec<&str> = date.split(['-', '/', '.']).collect();
    let number = |s: &str| s.parse::<u32>().ok();
    let (day, month, year) = match numbers.as_slice() {
        [d, m] => (number(d)?, number(m)?, None),
        [d, m, y] if y.len() == 4 => (number(d)?, number(m)?, Some(number(y)?)),
        _ => return None,
    };
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    let mut out = format!("{day} {}", MONTHS[month as usize - 1]);
    if let Some(y) = year {
        out.push_str(&format!(" {y}"));
    }
    match time {
        Some(t) if is_time(t) => out.push_str(&format!(", {t}")),
        Some(_) => return None,
        None => {}
    }
    if let Some(p) = part {
        out.push_str(&format!(", {p}"));
    }
    Some(out)
}

/// `19:07`, `8:30`, `8h30`.
fn is_time(t: &str) -> bool {
    let Some((h, m)) = t.split_once([':', 'h']) else {
        return false;
    };
    let two_digits =
        |s: &str, max: u32| (1..=2).contains(&s.len()) && s.parse::<u32>().is_ok_and(|n| n <= max);
    two_digits(h, 23) && m.len() == 2 && two_digits(m, 59)
}

#[cfg(test)]
mod tests {
    use super::english;

    #[test]
    fn the_corpus_datelines_read_in_english() {
        for (vi, en) in [
            ("Sáng 21-12", "21 December, morning"),
            ("Tối 21-1", "21 January, evening"),
            ("Ngày 2/4", "2 April"),
            ("18/12/2021 - 19:07", "18 December 2021, 19:07"),
            ("Sáng 21/8", "21 August, morning"),
            ("Sáng 14-3", "14 March, morning"),
            ("05/9/2023 - 08:30", "5 September 2023, 08:30"),
            ("Chiều 2-9-2025", "2 September 2025, afternoon"),
            ("Rạng sáng 3-2", "3 February, early morning"),
        ] {
            assert_eq!(english(vi).as_deref(), Some(en), "{vi}");
        }
    }

    #[test]
    fn what_is_not_a_date_is_left_alone() {
        for vi in [
            "",
            "Sáng nay",
            "32-1",
            "14-13",
            "Sáng 14-3 - lúc nào",
            "2/4/21",
            "Thứ Hai",
        ] {
            assert_eq!(english(vi), None, "{vi}");
        }
    }
}
