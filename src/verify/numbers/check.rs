//! The two-way check of numbers: every number of the source rendered by the output
//! ([`missing`]), every number of the output traced to the source ([`invented`]).
//!
//! Rendering compares meanings ([`Value`]s), so any English form of the same date or quantity
//! counts. Tracing breaks each output value into atomic facts (a number, a day and month, a
//! month, a percentage, a time, a code) and asks only whether each occurs somewhere in the
//! source: "December 21, 2021" traces when the source gives `21-12` and, anywhere, `2021`.

use super::{close, fmt_num, is_year, Mention, Value, MONTHS};
use crate::verify::Issue;

/// True when target mention `t` means what source mention `s` means in one of their readings.
fn mention_renders(t: &Mention, s: &Mention) -> bool {
    !t.foreign
        && s.readings
            .iter()
            .any(|sv| t.readings.iter().any(|tv| renders(sv, tv)))
}

/// True when target value `t` renders source value `s`. A quantity is rendered wherever the
/// output states that number: alone, as a range end, a ratio part or a date's year
/// (`2021 - 2025` by "2021-2025", `2022` by "December 2022").
fn renders(s: &Value, t: &Value) -> bool {
    use Value::*;
    match (s, t) {
        (Quantity(a), t) => target_atoms(t)
            .iter()
            .any(|x| matches!(x, Atom::Num(b) if close(*a, *b))),
        (Percent(a), Percent(b)) => close(*a, *b),
        (Date(d), Quantity(y)) => {
            d.day.is_none() && d.month.is_none() && d.year.is_some_and(|dy| close(dy as f64, *y))
        }
        (Date(s), Date(t)) => {
            let part = |a: Option<i32>, b: Option<i32>| a.is_none() || a == b;
            part(s.day.map(i32::from), t.day.map(i32::from))
                && part(s.month.map(i32::from), t.month.map(i32::from))
                && part(s.year, t.year)
                && (s.day.is_some() || s.month.is_some() || s.year.is_some())
        }
        (Ordinal(a), Ordinal(b)) => a == b,
        (Ratio(a, b), Ratio(c, d)) => a == c && b == d,
        (Range(a, b), Range(c, d)) => close(*a, *c) && close(*b, *d),
        (Time(h, m), Time(i, n)) => h == i && m == n,
        (Code(a), Code(b)) => a == b,
        _ => false,
    }
}

/// The atomic facts a value states, for tracing the output back to the source.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Atom {
    Num(f64),
    Pct(f64),
    DayMonth(u8, u8),
    Month(u8),
    Time(u8, u8),
    Code(String),
}

impl Atom {
    pub(super) fn same(&self, other: &Atom) -> bool {
        match (self, other) {
            (Atom::Num(a), Atom::Num(b)) | (Atom::Pct(a), Atom::Pct(b)) => close(*a, *b),
            _ => self == other,
        }
    }

    fn describe(&self) -> String {
        match self {
            Atom::Num(y) if is_year(*y) => format!("the year {}", fmt_num(*y)),
            Atom::Num(x) => format!("the number {}", fmt_num(*x)),
            Atom::Pct(p) => format!("{}%", fmt_num(*p)),
            Atom::DayMonth(d, m) => format!("the date {} {d}", MONTHS[*m as usize - 1]),
            Atom::Month(m) => format!("the month {}", MONTHS[*m as usize - 1]),
            Atom::Time(h, m) => format!("the time {h}:{m:02}"),
            Atom::Code(c) => format!("the code {c}"),
        }
    }
}

/// Every atom a source value supports: generous, since tracing asks only "is this anywhere?".
pub(super) fn source_atoms(v: &Value, out: &mut Vec<Atom>) {
    match v {
        Value::Quantity(x) => out.push(Atom::Num(*x)),
        Value::Percent(p) => out.extend([Atom::Pct(*p), Atom::Num(*p)]),
        Value::Date(d) => {
            if let (Some(day), Some(m)) = (d.day, d.month) {
                out.push(Atom::DayMonth(day, m));
            }
            out.extend(d.month.map(Atom::Month));
            out.extend(d.day.map(|x| Atom::Num(x.into())));
            out.extend(d.month.map(|x| Atom::Num(x.into())));
            out.extend(d.year.map(|x| Atom::Num(x.into())));
        }
        Value::Ordinal(n) => out.push(Atom::Num((*n).into())),
        Value::Ratio(a, b) => out.extend([Atom::Num((*a).into()), Atom::Num((*b).into())]),
        Value::Range(a, b) => out.extend([Atom::Num(*a), Atom::Num(*b)]),
        Value::Time(h, m) => out.push(Atom::Time(*h, *m)),
        Value::Code(c) => out.push(Atom::Code(c.clone())),
    }
}

/// The atoms a target value states, each of which must trace to the source.
pub(super) fn target_atoms(v: &Value) -> Vec<Atom> {
    match v {
        Value::Quantity(x) => vec![Atom::Num(*x)],
        Value::Percent(p) => vec![Atom::Pct(*p)],
        Value::Date(d) => {
            let mut out = Vec::new();
            match (d.day, d.month) {
                (Some(day), Some(m)) => out.push(Atom::DayMonth(day, m)),
                (None, Some(m)) => out.push(Atom::Month(m)),
                (Some(day), None) => out.push(Atom::Num(day.into())),
                (None, None) => {}
            }
            out.extend(d.year.map(|y| Atom::Num(y.into())));
            out
        }
        Value::Ordinal(n) => vec![Atom::Num((*n).into())],
        Value::Ratio(a, b) => vec![Atom::Num((*a).into()), Atom::Num((*b).into())],
        Value::Range(a, b) => vec![Atom::Num(*a), Atom::Num(*b)],
        Value::Time(h, m) => vec![Atom::Time(*h, *m)],
        Value::Code(c) => vec![Atom::Code(c.clone())],
    }
}

/// The numbers of `source` that `target` does not render, one [`Issue`] each.
///
/// ```
/// use vibrief::verify::numbers::{missing, read_english, read_vietnamese};
/// let src = read_vietnamese("Hội nghị diễn ra ngày 21-12 tại Hà Nội.");
/// assert!(missing(&src, &read_english("The conference took place on December 21 in Hanoi.")).is_empty());
/// let issues = missing(&src, &read_english("The conference took place in Hanoi."));
/// assert_eq!(issues[0].repair_instruction(), "Render the number 21-12 as December 21");
/// ```
pub fn missing(source: &[Mention], target: &[Mention]) -> Vec<Issue> {
    let mut issues = Vec::new();
    for s in source.iter().filter(|s| !s.spelled) {
        if target.iter().any(|t| mention_renders(t, s)) || range_by_ends(s, target) {
            continue;
        }
        // Nothing renders `s`, so a target mention spelled the same way is a copy in
        // Vietnamese notation (`3,5`, `2/4`).
        let copied = target.iter().find(|t| t.text == s.text);
        issues.push(Issue::missing_number(s, copied.map(|t| t.text.as_str())));
    }
    issues
}

/// A range is also rendered by its two ends given separately ("from 2021 to 2025").
fn range_by_ends(s: &Mention, target: &[Mention]) -> bool {
    s.readings.iter().any(|r| match r {
        Value::Range(a, b) => [a, b].iter().all(|x| {
            target
                .iter()
                .any(|t| !t.foreign && t.readings.iter().any(|v| renders(&Value::Quantity(**x), v)))
        }),
        _ => false,
    })
}

/// The numbers of `target` that trace to nothing in `source`, one [`Issue`] each.
///
/// ```
/// use vibrief::verify::numbers::{invented, read_english, read_vietnamese};
/// let src = read_vietnamese("Hội nghị diễn ra ngày 21-12.");
/// let issues = invented(&src, &read_english("The conference took place on December 21, 2023."));
/// assert_eq!(issues[0].repair_instruction(), "Do not add the year 2023; the source gives none");
/// ```
pub fn invented(source: &[Mention], target: &[Mention]) -> Vec<Issue> {
    let mut atoms = Vec::new();
    for v in source.iter().flat_map(|m| &m.readings) {
        source_atoms(v, &mut atoms);
    }
    let mut issues = Vec::new();
    for t in target.iter().filter(|t| !t.spelled) {
        if source.iter().any(|s| s.text == t.text) {
            continue;
        }
        let unsupported = t
            .readings
            .iter()
            .map(|r| {
                let needed = target_atoms(r);
                let missing: Vec<Atom> = needed
                    .iter()
                    .filter(|a| !atoms.iter().any(|s| s.same(a)))
                    .cloned()
                    .collect();
                (missing.len() == needed.len(), missing)
            })
            .min_by_key(|(_, m)| m.len());
        let Some((all, missing)) = unsupported else {
            continue;
        };
        if missing.is_empty() {
            continue;
        }
        let what = match &missing[..] {
            [Atom::Num(y)] if is_year(*y) => format!("the year {}", fmt_num(*y)),
            _ if all => t.text.clone(),
            [one] => one.describe(),
            many => many
                .iter()
                .map(Atom::describe)
                .collect::<Vec<_>>()
                .join(" and "),
        };
        issues.push(Issue::invented_number(&t.text, &what));
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::numbers::{read_english, read_vietnamese};

    fn ok(source: &str, target: &str) {
        let s = read_vietnamese(source);
        let t = read_english(target);
        assert!(!s.is_empty(), "nothing read from {source:?}");
        let m = missing(&s, &t);
        assert!(
            m.is_empty(),
            "{source:?} → {target:?}: {m:?}\nsource {s:?}\ntarget {t:?}"
        );
        let i = invented(&s, &t);
        assert!(
            i.is_empty(),
            "{source:?} → {target:?}: {i:?}\nsource {s:?}\ntarget {t:?}"
        );
    }

    fn missing_in(source: &str, target: &str) -> Vec<String> {
        missing(&read_vietnamese(source), &read_english(target))
            .into_iter()
            .map(|i| i.repair_instruction().to_string())
            .collect()
    }

    fn invented_in(source: &str, target: &str) -> Vec<String> {
        invented(&read_vietnamese(source), &read_english(target))
            .into_iter()
            .map(|i| i.repair_instruction().to_string())
            .collect()
    }

    #[test]
    fn plain_numbers_and_separators() {
        ok("Có 1.000 đại biểu tham dự.", "1,000 delegates attended.");
        ok("Có 1.000 đại biểu tham dự.", "1000 delegates attended.");
        ok("Tăng trưởng đạt 3,5 điểm.", "Growth reached 3.5 points.");
        ok(
            "Kim ngạch đạt 2,5 tỷ USD.",
            "Turnover reached 2.5 billion USD.",
        );
        ok(
            "Kim ngạch đạt 2,5 tỷ USD.",
            "Turnover reached US$2.5 billion.",
        );
        ok(
            "Kim ngạch đạt 2,5 tỷ USD.",
            "Turnover reached $2,500 million.",
        );
        ok(
            "Dự án cần 1.200 nghìn tỷ đồng.",
            "The project needs 1,200 trillion dong.",
        );
        ok("Hơn 3 triệu người.", "More than three million people.");
        ok(
            "Gồm 12 bộ, ngành.",
            "It includes 12 ministries and sectors.",
        );
        ok("Gồm 3 nhóm.", "It includes three groups.");
    }

    #[test]
    fn wrong_magnitude_is_missing_and_invented() {
        let src = "Kim ngạch đạt 2,5 tỷ USD.";
        let tgt = "Turnover reached 2.5 million USD.";
        assert_eq!(
            missing_in(src, tgt),
            ["Render the number 2,5 tỷ as 2.5 billion"]
        );
        assert_eq!(
            invented_in(src, tgt),
            ["Do not add 2.5 million; the source does not give it"]
        );
    }

    #[test]
    fn vietnamese_notation_copied_is_reported_once() {
        let src = "Tăng trưởng đạt 3,5 điểm.";
        let tgt = "Growth reached 3,5 points.";
        assert_eq!(missing_in(src, tgt), ["Render the number 3,5 as 3.5"]);
        assert!(invented_in(src, tgt).is_empty());
        let src = "Có 1.000 đại biểu.";
        let tgt = "There were 1.000 delegates.";
        assert_eq!(missing_in(src, tgt), ["Render the number 1.000 as 1,000"]);
        assert!(invented_in(src, tgt).is_empty());
    }

    #[test]
    fn percentages() {
        ok("Tỷ lệ đạt 15%.", "The rate reached 15%.");
        ok("Tỷ lệ đạt 15%.", "The rate reached 15 percent.");
        ok("Tỷ lệ đạt 15,5 %.", "The rate reached 15.5 per cent.");
        ok("Tăng 7 phần trăm.", "Up 7%.");
        assert_eq!(
            missing_in("Tỷ lệ đạt 15%.", "The rate reached 15."),
            ["Keep the number 15% as written"]
        );
        assert_eq!(
            invented_in("Có 15 tỉnh.", "15% of provinces."),
            ["Do not add 15%; the source does not give it"]
        );
    }

    #[test]
    fn day_month_dates() {
        for t in [
            "on December 21",
            "on 21 December",
            "on Dec. 21",
            "on December 21st",
            "on the 21st of December",
        ] {
            ok("Ngày 21-12, hội nghị khai mạc.", t);
        }
        ok(
            "Sáng 2/4, Thủ tướng tiếp đại sứ.",
            "On the morning of April 2, the Prime Minister received the ambassador.",
        );
        ok(
            "Ngày 21/8, đoàn đến.",
            "On August 21, the delegation arrived.",
        );
        assert_eq!(
            missing_in(
                "Ngày 21-12, hội nghị khai mạc.",
                "On December 12, the conference opened."
            ),
            ["Render the number 21-12 as December 21"]
        );
    }

    #[test]
    fn a_copied_date_renders_nothing() {
        assert_eq!(
            missing_in("Ngày 2/4, đoàn đến.", "On 2/4, the delegation arrived."),
            ["Render the number 2/4 as April 2"]
        );
        assert!(invented_in("Ngày 2/4, đoàn đến.", "On 2/4, the delegation arrived.").is_empty());
        assert_eq!(
            missing_in(
                "Chiều 21-12, đoàn đến.",
                "On 21-12, the delegation arrived."
            ),
            ["Render the number 21-12 as December 21"]
        );
    }

    #[test]
    fn full_dates_months_and_years() {
        ok(
            "Kết luận ngày 18/12/2021 của Bộ Chính trị.",
            "the conclusion of December 18, 2021 by the Politburo",
        );
        ok(
            "Kết luận ngày 18/12/2021 của Bộ Chính trị.",
            "the Politburo's conclusion of 18 December 2021",
        );
        ok("Từ tháng 12/2021 đến nay.", "Since December 2021.");
        ok(
            "Từ tháng 10-2021, ngành chuyển hướng.",
            "Since October 2021, the sector has shifted.",
        );
        ok(
            "Vào tháng 12, hội nghị diễn ra.",
            "In December, the conference took place.",
        );
        ok("Trong năm 2023, kim ngạch tăng.", "In 2023, turnover rose.");
        ok(
            "Ngày 18 tháng 12 năm 2021, đoàn đến.",
            "On December 18, 2021, the delegation arrived.",
        );
        ok("Giai đoạn 2021-2025.", "The 2021-2025 period.");
        ok("Giai đoạn 2021-2025.", "The period from 2021 to 2025.");
        ok("Giai đoạn 2021 - 2025.", "The 2021-2025 period.");
        let (src, tgt) = (
            "Năm 2022 tăng trưởng tốt.",
            "Growth was good in December 2022.",
        );
        assert!(missing_in(src, tgt).is_empty(), "the year is rendered");
        assert_eq!(
            invented_in(src, tgt),
            ["Do not add the month December; the source does not give it"]
        );
        assert_eq!(
            missing_in(
                "Kết luận ngày 18/12/2021.",
                "The conclusion of December 2021."
            ),
            ["Render the number 18/12/2021 as December 18, 2021"]
        );
    }

    #[test]
    fn invented_years_and_dates() {
        assert_eq!(
            invented_in(
                "Hội nghị diễn ra ngày 21-12.",
                "The conference took place on December 21, 2023."
            ),
            ["Do not add the year 2023; the source gives none"]
        );
        assert_eq!(
            invented_in(
                "Hội nghị diễn ra hôm qua.",
                "The conference took place in 2023."
            ),
            ["Do not add the year 2023; the source gives none"]
        );
        assert_eq!(
            invented_in(
                "Hội nghị diễn ra hôm qua.",
                "The conference took place on March 3."
            ),
            ["Do not add March 3; the source does not give it"]
        );
        assert_eq!(
            invented_in("Năm 2021 và ngày 21-12.", "On December 21, 2021."),
            Vec::<String>::new(),
            "a year given elsewhere in the source may join a date"
        );
    }

    #[test]
    fn ordinals() {
        ok(
            "Hội nghị Ngoại vụ toàn quốc lần thứ 20.",
            "The 20th National Conference on External Affairs.",
        );
        ok("Đại hội XIII của Đảng.", "The 13th Party Congress.");
        ok("Đại hội XIII của Đảng.", "The XIII Party Congress.");
        ok(
            "Đại hội lần thứ XIII của Đảng.",
            "The 13th National Party Congress.",
        );
        ok("Quốc hội khóa XV.", "The 15th National Assembly.");
        ok("Lần thứ 2 tổ chức.", "The second time it was held.");
        assert_eq!(
            missing_in("Đại hội XIII của Đảng.", "The 12th Party Congress."),
            ["Render the number XIII as 13th"]
        );
        assert_eq!(
            missing_in("Hội nghị lần thứ 20.", "The conference."),
            ["Render the number thứ 20 as 20th"]
        );
    }

    #[test]
    fn ratios() {
        for t in [
            "41/63 provinces",
            "41 of 63 provinces",
            "41 out of 63 provinces",
            "41 of the 63 provinces",
        ] {
            ok("Mới có 41/63 tỉnh, thành.", t);
        }
        ok("Có 3/5 dự án.", "3 of 5 projects.");
        ok("Có 3/5 dự án.", "On May 3 the projects.");
        assert_eq!(
            missing_in("Mới có 41/63 tỉnh.", "Only 41 provinces."),
            ["Render the number 41/63 as 41 of 63"]
        );
    }

    #[test]
    fn codes_stay_verbatim() {
        ok(
            "Theo Kết luận số 12-KL/TW.",
            "Under Conclusion No. 12-KL/TW.",
        );
        ok("Nghị định 34/2021/NĐ-CP.", "Decree 34/2021/NĐ-CP.");
        ok("Nghị định 34/2021/NĐ-CP.", "Decree 34/2021/ND-CP.");
        assert_eq!(
            missing_in("Theo Kết luận số 12-KL/TW.", "Under Conclusion No. 12."),
            ["Keep the code 12-KL/TW exactly as written"]
        );
        assert_eq!(
            invented_in(
                "Theo Kết luận số 12-KL/TW.",
                "Under Conclusion No. 12-KL/TW and Directive 15-CT/TW."
            ),
            ["Do not add 15-CT/TW; the source does not give it"]
        );
    }

    #[test]
    fn times() {
        ok(
            "Lúc 19:07, tin được đăng.",
            "At 19:07, the news was posted.",
        );
        ok(
            "Lúc 19:07, tin được đăng.",
            "At 7:07 p.m., the news was posted.",
        );
        ok(
            "Lúc 19h07, tin được đăng.",
            "At 7:07pm, the news was posted.",
        );
        ok(
            "Lúc 8h, hội nghị khai mạc.",
            "At 8:00, the conference opened.",
        );
        assert_eq!(
            missing_in("Lúc 19:07, tin được đăng.", "At 9:07, the news was posted."),
            ["Keep the number 19:07 as written"]
        );
    }

    #[test]
    fn spelled_numbers_are_neither_required_nor_traced() {
        ok(
            "Hai nước ký 5 văn kiện.",
            "The two countries signed five documents.",
        );
        assert!(invented_in("Hai nước ký kết.", "The two countries signed.").is_empty());
        assert!(missing_in("Hai nước ký kết.", "The countries signed.").is_empty());
    }

    #[test]
    fn every_rendering_renders() {
        for src in [
            "ngày 21-12",
            "sáng 2/4",
            "ngày 18/12/2021",
            "tháng 12/2021",
            "năm 2023",
            "lần thứ 20",
            "Đại hội XIII",
            "có 41/63 tỉnh",
            "số 12-KL/TW",
            "lúc 19:07",
            "đạt 15%",
            "2,5 tỷ",
            "1.000 người",
            "3,5 điểm",
            "giai đoạn 2021-2025",
            "tháng 12",
            "có 3 nhóm",
        ] {
            let s = read_vietnamese(src);
            assert_eq!(s.len(), 1, "{src}: {s:?}");
            for r in s[0].renderings() {
                let t = read_english(&format!("It was {r} then."));
                assert!(
                    missing(&s, &t).is_empty(),
                    "{src}: {r:?} does not render: {t:?}"
                );
                assert!(
                    invented(&s, &t).is_empty(),
                    "{src}: {r:?} looks invented: {t:?}"
                );
            }
        }
    }
}
