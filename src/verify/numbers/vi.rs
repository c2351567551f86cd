//! Reading number-like expressions from a Vietnamese source segment.
//!
//! The words around a number decide what it is: `tháng 12` is December, `12 tháng` twelve
//! months; `lần thứ 20` the 20th; `2,5 tỷ` 2.5 billion; `ngày 2/4` the 2nd of April. See the
//! parent module for the day-month and separator conventions.

use super::{
    date_english, fmt_num, int, multiplier_name, ordinal, read, roman, year, Date, Found, Mention,
    Value,
};
use crate::text::strip_diacritics;
use crate::verify::tokens::{adjacent, Token};

/// Words before a day-month pair that make it a date for sure (`sáng 2/4`, `từ 3/5`).
const DATE_CONTEXT: &[&str] = &[
    "ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "mùng", "mồng", "từ", "đến", "tới",
    "trước", "sau", "tháng",
];
/// Number words that multiply the number before them (chained: `nghìn tỷ` = 1e12).
const MULTIPLIERS: &[(&str, f64)] = &[
    ("trăm", 1e2),
    ("nghìn", 1e3),
    ("ngàn", 1e3),
    ("triệu", 1e6),
    ("tỷ", 1e9),
    ("tỉ", 1e9),
];
/// Small numbers written as words. `tư` (also "private") and `năm` (also "year") are left out.
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("một", 1),
    ("hai", 2),
    ("ba", 3),
    ("bốn", 4),
    ("sáu", 6),
    ("bảy", 7),
    ("tám", 8),
    ("chín", 9),
    ("mười", 10),
];

/// Every number-like expression of a Vietnamese text, in order.
///
/// ```
/// use vibrief::verify::numbers::{read_vietnamese, Value, Date};
/// let found = read_vietnamese("Ngày 2/4, mới có 41/63 tỉnh đạt 2,5 tỷ đồng.");
/// let texts: Vec<_> = found.iter().map(|m| m.text.as_str()).collect();
/// assert_eq!(texts, ["2/4", "41/63", "2,5 tỷ"]);
/// assert_eq!(found[0].english, "April 2");
/// assert_eq!(found[1].readings, [Value::Ratio(41, 63)]);
/// assert_eq!(found[2].readings, [Value::Quantity(2.5e9)]);
/// ```
pub fn read_vietnamese(source: &str) -> Vec<Mention> {
    read(source, read_at)
}

/// An expression with its preferred English form.
fn found(first: usize, last: usize, readings: Vec<Value>, english: String) -> Found {
    Found {
        english: Some(english),
        ..Found::new(first, last, readings)
    }
}

fn lower(t: &Token<'_>) -> String {
    t.text.to_lowercase()
}

/// The lower-cased word right before token `i`, if nothing separates them.
fn prev_word(toks: &[Token<'_>], i: usize) -> Option<String> {
    (i > 0 && adjacent(&toks[i - 1], &toks[i])).then(|| lower(&toks[i - 1]))
}

/// The lower-cased word right after token `i`, if nothing separates them.
fn next_word(toks: &[Token<'_>], i: usize) -> Option<String> {
    (i + 1 < toks.len() && adjacent(&toks[i], &toks[i + 1])).then(|| lower(&toks[i + 1]))
}

fn read_at(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let t = toks[i].text;
    if t.contains("://") || t.contains('@') || t.starts_with("www.") {
        return None;
    }
    if !t.chars().any(|c| c.is_ascii_digit()) {
        return spelled(toks, i).or_else(|| roman_at(toks, i));
    }
    if let Some(f) = time(toks, i) {
        return Some(f);
    }
    if let Some(num) = t.strip_suffix('%') {
        let readings = vn_number(num)?;
        let english = format!("{}%", readings[0].1);
        return Some(found(
            i,
            i,
            readings.iter().map(|r| Value::Percent(r.0)).collect(),
            english,
        ));
    }
    if let Some(f) = full_date(t, i) {
        return Some(f);
    }
    if let Some(f) = pair(toks, i) {
        return Some(f);
    }
    if t.chars().any(|c| c.is_alphabetic()) {
        return unit_or_code(toks, i);
    }
    plain(toks, i)
}

/// Parses digits with Vietnamese (or English) separators: every reading's value and its
/// English digits. `1.000` → 1000 "1,000"; `3,5` → 3.5 "3.5"; `2,125` → 2.125 or 2125.
pub(super) fn vn_number(s: &str) -> Option<Vec<(f64, String)>> {
    let first = s.chars().next()?;
    if !first.is_ascii_digit()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let groups: Vec<&str> = s.split(['.', ',']).collect();
    if groups.iter().any(|g| g.is_empty()) {
        return None;
    }
    let thousands = |gs: &[&str]| gs[0].len() <= 3 && gs[1..].iter().all(|g| g.len() == 3);
    let value = |int: &[&str], frac: Option<&str>| -> Option<(f64, String)> {
        let digits = int.concat();
        let english = match frac {
            Some(f) => format!("{}.{f}", int.join(",")),
            None => int.join(","),
        };
        let plain = match frac {
            Some(f) => format!("{digits}.{f}"),
            None => digits,
        };
        Some((plain.parse().ok()?, english))
    };
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let last_sep = s.rfind(['.', ',']).map(|p| &s[p..=p]);
    match (dots, commas) {
        (0, 0) => Some(vec![(s.parse().ok()?, s.to_string())]),
        (_, 0) if thousands(&groups) => Some(vec![value(&groups, None)?]),
        (1, 0) => Some(vec![value(&groups[..1], Some(groups[1]))?]),
        (0, 1) => {
            let mut out = vec![value(&groups[..1], Some(groups[1]))?];
            if thousands(&groups) {
                out.push(value(&groups, None)?);
            }
            Some(out)
        }
        (0, _) if thousands(&groups) => Some(vec![value(&groups, None)?]),
        (_, 1) if last_sep == Some(",") && thousands(&groups[..groups.len() - 1]) => {
            Some(vec![value(
                &groups[..groups.len() - 1],
                Some(groups[groups.len() - 1]),
            )?])
        }
        (1, _) if last_sep == Some(".") && thousands(&groups[..groups.len() - 1]) => {
            Some(vec![value(
                &groups[..groups.len() - 1],
                Some(groups[groups.len() - 1]),
            )?])
        }
        _ => None,
    }
}

fn valid_day_month(d: u32, m: u32) -> bool {
    (1..=31).contains(&d) && (1..=12).contains(&m)
}

fn date(day: Option<u32>, month: Option<u32>, year: Option<i32>) -> Date {
    Date {
        day: day.map(|d| d as u8),
        month: month.map(|m| m as u8),
        year,
    }
}

fn date_found(first: usize, last: usize, d: Date) -> Found {
    found(first, last, vec![Value::Date(d)], date_english(d))
}

/// Multiplier words after token `i`: their product and the last token they cover.
fn multipliers(toks: &[Token<'_>], i: usize) -> (f64, usize) {
    let (mut product, mut last) = (1.0, i);
    while let Some(w) = next_word(toks, last) {
        match MULTIPLIERS.iter().find(|(name, _)| *name == w) {
            Some((_, m)) => {
                product *= m;
                last += 1;
            }
            None => break,
        }
    }
    (product, last)
}

/// A number read with its multipliers, or as a percentage when `%` / `phần trăm` follows.
fn quantity(toks: &[Token<'_>], i: usize, readings: Vec<(f64, String)>) -> Found {
    let (mult, last) = multipliers(toks, i);
    if mult == 1.0 {
        if next_word(toks, i).as_deref() == Some("%") {
            return percent(i, i + 1, readings);
        }
        if next_word(toks, i).as_deref() == Some("phần")
            && next_word(toks, i + 1).as_deref() == Some("trăm")
        {
            return percent(i, i + 2, readings);
        }
    }
    let english = match multiplier_name(mult) {
        _ if mult == 1.0 => readings[0].1.clone(),
        Some(name) => format!("{} {name}", readings[0].1),
        None => fmt_num(readings[0].0 * mult),
    };
    let values = readings
        .iter()
        .map(|(v, _)| Value::Quantity(v * mult))
        .collect();
    found(i, last, values, english)
}

fn percent(first: usize, last: usize, readings: Vec<(f64, String)>) -> Found {
    let english = format!("{}%", readings[0].1);
    found(
        first,
        last,
        readings.iter().map(|r| Value::Percent(r.0)).collect(),
        english,
    )
}

/// `hai`, `ba tỷ`: numbers in words, which render digits but are never required.
fn spelled(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let w = lower(&toks[i]);
    let (_, n) = NUMBER_WORDS.iter().find(|(name, _)| *name == w)?;
    let mut f = quantity(toks, i, vec![(f64::from(*n), n.to_string())]);
    f.spelled = true;
    Some(f)
}

/// `XIII`, `khóa XV`: Roman numerals as ordinals. A single letter counts only after `khóa`,
/// `thứ` or `hội`; an all-capitals heading (`VI PHẠM`) is not read.
fn roman_at(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let t = toks[i].text;
    let n = roman(t)?;
    let after_context =
        prev_word(toks, i).is_some_and(|w| ["khóa", "thứ", "hội"].contains(&w.as_str()));
    if t.len() < 2 && !after_context {
        return None;
    }
    let heading_word = |j: usize| {
        toks.get(j).is_some_and(|o| {
            o.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && o.text.chars().all(|c| !c.is_lowercase())
                && roman(o.text).is_none()
                && !o.text.chars().any(|c| c.is_ascii_digit())
        })
    };
    if heading_word(i + 1) || (i > 0 && heading_word(i - 1)) {
        return None;
    }
    Some(found(i, i, vec![Value::Ordinal(n)], ordinal(n)))
}

/// `19:07`, `19h07`, `8h` (and `7h tối` = 19:00).
fn time(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let t = toks[i].text;
    let (h, m) = t.split_once(':').or_else(|| t.split_once('h'))?;
    let h = int(h).filter(|h| *h <= 24)?;
    let m = if m.is_empty() && t.contains('h') {
        0
    } else {
        int(m).filter(|_| m.len() == 2)?
    };
    if m > 59 || t.len() > 5 {
        return None;
    }
    let evening = next_word(toks, i).is_some_and(|w| w == "chiều" || w == "tối");
    let mut readings = vec![Value::Time(h as u8, m as u8)];
    if evening && h < 12 {
        readings.insert(0, Value::Time(h as u8 + 12, m as u8));
    }
    let english = match readings[0] {
        Value::Time(h, m) => format!("{h}:{m:02}"),
        _ => unreachable!("time readings are times"),
    };
    Some(found(i, i, readings, english))
}

/// `18/12/2021`, `18-12-2021`, `18.12.2021`, ISO `2021-12-18`.
fn full_date(t: &str, i: usize) -> Option<Found> {
    let sep = t.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = t.split(sep).collect();
    let [a, b, c] = parts[..] else { return None };
    let d = match (year(a), year(c)) {
        (None, Some(y)) if a.len() <= 2 && b.len() <= 2 => {
            date(Some(int(a)?), Some(int(b)?), Some(y))
        }
        (Some(y), None) if sep == '-' && b.len() == 2 && c.len() == 2 => {
            date(Some(int(c)?), Some(int(b)?), Some(y))
        }
        _ => return None,
    };
    valid_day_month(d.day? as u32, d.month? as u32).then(|| date_found(i, i, d))
}

/// `a/b` or `a-b`: day-month, month-year, a range of years, a ratio or a range.
fn pair(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let t = toks[i].text;
    let (sep, (a_str, b_str)) = ['/', '-', '–']
        .iter()
        .find_map(|s| Some((*s, t.split_once(*s)?)))?;
    let (a, b) = (int(a_str)?, int(b_str)?);
    let prev = prev_word(toks, i);
    let month_word = prev.as_deref() == Some("tháng");
    let date_context = prev.is_some_and(|w| DATE_CONTEXT.contains(&w.as_str()));
    if let (Some(y), true) = (year(b_str), (1..=12).contains(&a)) {
        if year(a_str).is_none() {
            let first = if month_word { i - 1 } else { i };
            return Some(date_found(first, i, date(None, Some(a), Some(y))));
        }
    }
    if let (Some(x), Some(y)) = (year(a_str), year(b_str)) {
        let range = Value::Range(f64::from(x), f64::from(y));
        return Some(found(i, i, vec![range], format!("{x}-{y}")));
    }
    let alternative = if sep == '/' {
        Value::Ratio(a, b)
    } else {
        Value::Range(a.into(), b.into())
    };
    let alternative_english = if sep == '/' {
        format!("{a} of {b}")
    } else {
        format!("{a}-{b}")
    };
    if valid_day_month(a, b) && !month_word {
        let d = date(Some(a), Some(b), None);
        let mut f = date_found(i, i, d);
        if !date_context && a < b {
            f.readings.push(alternative);
        }
        return Some(f);
    }
    Some(found(i, i, vec![alternative], alternative_english))
}

/// `2.000km`, `50ha`: a number with a unit (unit unchecked); `12-KL/TW`, `34/2021/NĐ-CP`,
/// `COVID-19`: a document or other code, to keep verbatim.
fn unit_or_code(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let t = toks[i].text;
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(0);
    let (num, unit) = t.split_at(digits_end);
    if !num.is_empty() && unit.chars().all(|c| c.is_lowercase() || c.is_ascii_digit()) {
        if let Some(readings) = vn_number(num) {
            let (v, e) = &readings[0];
            return Some(found(i, i, vec![Value::Quantity(*v)], e.clone()));
        }
    }
    let code = strip_diacritics(t).to_uppercase();
    Some(found(i, i, vec![Value::Code(code)], t.to_string()))
}

/// A number alone, with the words around it: `tháng 12`, `ngày 18 tháng 12 năm 2021`,
/// `lần thứ 20`, `khóa 15`, `năm 2023`, `2,5 tỷ`, `15 phần trăm`.
fn plain(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let readings = vn_number(toks[i].text)?;
    let n = int(toks[i].text);
    let prev = prev_word(toks, i);
    let after = |j: usize, w: &str| next_word(toks, j).as_deref() == Some(w);
    // `năm 2021` right after token `j`.
    let year_after = |j: usize| -> Option<i32> {
        if !after(j, "năm") {
            return None;
        }
        let y = toks.get(j + 2)?;
        adjacent(&toks[j + 1], y).then(|| year(y.text)).flatten()
    };
    match (prev.as_deref(), n) {
        (Some("tháng"), Some(m @ 1..=12)) => {
            let y = year_after(i);
            let last = if y.is_some() { i + 2 } else { i };
            Some(date_found(i - 1, last, date(None, Some(m), y)))
        }
        (Some("ngày"), Some(d @ 1..=31)) => {
            let m = after(i, "tháng")
                .then(|| toks.get(i + 2).and_then(|t| int(t.text)))
                .flatten();
            match m.filter(|m| (1..=12).contains(m) && adjacent(&toks[i + 1], &toks[i + 2])) {
                Some(m) => {
                    let y = year_after(i + 2);
                    let last = if y.is_some() { i + 4 } else { i + 2 };
                    Some(date_found(i, last, date(Some(d), Some(m), y)))
                }
                None => Some(found(
                    i,
                    i,
                    vec![Value::Quantity(d.into()), Value::Ordinal(d)],
                    d.to_string(),
                )),
            }
        }
        (Some("thứ" | "khóa"), Some(k)) => {
            Some(found(i - 1, i, vec![Value::Ordinal(k)], ordinal(k)))
        }
        _ => Some(quantity(toks, i, readings)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str) -> Vec<Vec<Value>> {
        read_vietnamese(s)
            .into_iter()
            .filter(|m| !m.spelled)
            .map(|m| m.readings)
            .collect()
    }

    fn one(s: &str) -> Mention {
        let mut found: Vec<_> = read_vietnamese(s)
            .into_iter()
            .filter(|m| !m.spelled)
            .collect();
        assert_eq!(found.len(), 1, "{s}: {found:?}");
        found.remove(0)
    }

    #[test]
    fn separators() {
        assert_eq!(vn_number("1.000"), Some(vec![(1000.0, "1,000".into())]));
        assert_eq!(
            vn_number("1.000.000"),
            Some(vec![(1e6, "1,000,000".into())])
        );
        assert_eq!(vn_number("3,5"), Some(vec![(3.5, "3.5".into())]));
        assert_eq!(vn_number("1.234,5"), Some(vec![(1234.5, "1,234.5".into())]));
        assert_eq!(vn_number("1.5"), Some(vec![(1.5, "1.5".into())]));
        assert_eq!(
            vn_number("2,125"),
            Some(vec![(2.125, "2.125".into()), (2125.0, "2,125".into())])
        );
        assert_eq!(vn_number("2022"), Some(vec![(2022.0, "2022".into())]));
        assert_eq!(vn_number("1.23.4"), None);
        assert_eq!(vn_number("abc"), None);
    }

    #[test]
    fn multipliers_and_percentages() {
        assert_eq!(one("đạt 2,5 tỷ USD").english, "2.5 billion");
        assert_eq!(one("đạt 2,5 tỷ USD").text, "2,5 tỷ");
        assert_eq!(
            values("cần 1.200 nghìn tỷ đồng"),
            [[Value::Quantity(1.2e15)]]
        );
        assert_eq!(one("cần 5 nghìn tỷ đồng").english, "5 trillion");
        assert_eq!(values("tăng 15%"), [[Value::Percent(15.0)]]);
        assert_eq!(one("tăng 15,5 %").english, "15.5%");
        assert_eq!(one("tăng 7 phần trăm").text, "7 phần trăm");
        assert_eq!(values("trong 12 tháng"), [[Value::Quantity(12.0)]]);
    }

    #[test]
    fn dates_are_day_first() {
        let d = |day, month, year| Value::Date(date(day, month, year));
        assert_eq!(values("ngày 21-12"), [[d(Some(21), Some(12), None)]]);
        assert_eq!(values("ngày 2/4"), [[d(Some(2), Some(4), None)]]);
        assert_eq!(
            values("có 2/4 dự án"),
            [[d(Some(2), Some(4), None), Value::Ratio(2, 4)]]
        );
        assert_eq!(values("đến 21/8"), [[d(Some(21), Some(8), None)]]);
        assert_eq!(
            values("số 21/8"),
            [[d(Some(21), Some(8), None)]],
            "21/8 is no part of a whole"
        );
        assert_eq!(
            values("ngày 18/12/2021"),
            [[d(Some(18), Some(12), Some(2021))]]
        );
        assert_eq!(
            values("ngày 2021-12-18"),
            [[d(Some(18), Some(12), Some(2021))]]
        );
        assert_eq!(one("tháng 12/2021").english, "December 2021");
        assert_eq!(one("tháng 12/2021").text, "tháng 12/2021");
        assert_eq!(one("từ tháng 10-2021,").english, "October 2021");
        assert_eq!(one("vào tháng 12 năm 2021").text, "tháng 12 năm 2021");
        assert_eq!(
            one("ngày 18 tháng 12 năm 2021").english,
            "December 18, 2021"
        );
        assert_eq!(one("ngày 18 tháng 12").english, "December 18");
        assert_eq!(values("ngày 41/63"), [[Value::Ratio(41, 63)]]);
        assert_eq!(
            values("giai đoạn 2021-2025"),
            [[Value::Range(2021.0, 2025.0)]]
        );
    }

    #[test]
    fn ordinals_and_romans() {
        assert_eq!(one("lần thứ 20").english, "20th");
        assert_eq!(one("lần thứ 20").text, "thứ 20");
        assert_eq!(one("Quốc hội khóa 15").english, "15th");
        assert_eq!(one("Đại hội XIII của Đảng").english, "13th");
        assert_eq!(one("Quốc hội khóa X").english, "10th");
        assert!(
            values("ông X nói").is_empty(),
            "a lone letter is no numeral"
        );
        assert!(
            values("VI PHẠM QUY ĐỊNH").is_empty(),
            "a heading in capitals"
        );
    }

    #[test]
    fn times_codes_and_units() {
        assert_eq!(values("lúc 19:07"), [[Value::Time(19, 7)]]);
        assert_eq!(values("lúc 19h07"), [[Value::Time(19, 7)]]);
        assert_eq!(
            values("lúc 7h tối"),
            [[Value::Time(19, 0), Value::Time(7, 0)]]
        );
        assert_eq!(
            values("Kết luận số 12-KL/TW"),
            [[Value::Code("12-KL/TW".into())]]
        );
        assert_eq!(
            values("Nghị định 34/2021/NĐ-CP"),
            [[Value::Code("34/2021/ND-CP".into())]]
        );
        assert_eq!(one("Nghị định 34/2021/NĐ-CP").english, "34/2021/NĐ-CP");
        assert_eq!(values("dài 2.000km"), [[Value::Quantity(2000.0)]]);
        assert!(values("xem https://example.vn/2024/209611.htm").is_empty());
    }

    #[test]
    fn spelled_numbers_are_marked() {
        let found = read_vietnamese("Hai nước ký ba tỷ đồng trong năm nay, năm 2023.");
        assert_eq!(found.last().map(|m| m.text.as_str()), Some("2023"));
        let spelled: Vec<_> = found
            .iter()
            .filter(|m| m.spelled)
            .map(|m| (m.text.as_str(), &m.readings))
            .collect();
        assert_eq!(
            spelled,
            [
                ("Hai", &vec![Value::Quantity(2.0)]),
                ("ba tỷ", &vec![Value::Quantity(3e9)]),
            ]
        );
    }

    #[test]
    fn spans_point_into_the_original() {
        let src = "Ngày  2/4,\tmới có 41/63 tỉnh.";
        for m in read_vietnamese(src) {
            assert_eq!(&src[m.span.range()], m.text);
        }
    }
}
