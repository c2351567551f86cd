//! The one number fix made without the model: a year the output adds to a date whose source
//! gives none. The default model writes "On December 21, 2021," for `Sáng 21-12` however it is
//! told not to, and a repair rarely cures it; taking the year out makes the date say what the
//! source says, and nothing else changes.

use super::check::{source_atoms, target_atoms, Atom};
use super::{read_english, read_vietnamese, Date, Value};

/// `target` without the years it adds to dates that `source` gives without one (a year written
/// last, as in "December 21, 2021" or "21 December 2021"); `None` when there is none. A year
/// the source gives anywhere stays, and so does a date whose day or month is not the source's.
///
/// ```
/// use vibrief::verify::numbers::without_invented_years;
/// assert_eq!(
///     without_invented_years("Sáng 21-12, tại Hà Nội, hội nghị khai mạc.", "On December 21, 2021, in Hanoi, the conference opened.").as_deref(),
///     Some("On December 21, in Hanoi, the conference opened."),
/// );
/// assert_eq!(without_invented_years("Ngày 21-12-2021, hội nghị khai mạc.", "On December 21, 2021, the conference opened."), None);
/// ```
pub fn without_invented_years(source: &str, target: &str) -> Option<String> {
    let mut atoms = Vec::new();
    for v in read_vietnamese(source).iter().flat_map(|m| &m.readings) {
        source_atoms(v, &mut atoms);
    }
    let traced = |a: &Atom| atoms.iter().any(|s| s.same(a));
    let mut out = target.to_string();
    // From the end, so the spans of earlier mentions stay valid.
    for t in read_english(target).iter().rev() {
        let Some(Value::Date(d)) = t.readings.first() else {
            continue;
        };
        let (Some(_), Some(year)) = (d.month, d.year) else {
            continue;
        };
        let bare = target_atoms(&Value::Date(Date { year: None, ..*d }));
        if traced(&Atom::Num(year.into())) || !bare.iter().all(traced) {
            continue;
        }
        let Some(head) = target
            .get(t.span.range())
            .and_then(|text| text.strip_suffix(year.to_string().as_str()))
        else {
            continue;
        };
        let head = head.trim_end().trim_end_matches(',').trim_end();
        out.replace_range(t.span.start + head.len()..t.span.end, "");
    }
    (out != target).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_added_year_goes_and_everything_else_stays() {
        let fix = |s: &str, t: &str| without_invented_years(s, t);
        assert_eq!(
            fix(
                "Ngày 2/4, Bộ Ngoại giao họp.",
                "On 2 April 2024 the ministry met."
            )
            .as_deref(),
            Some("On 2 April the ministry met.")
        );
        assert_eq!(
            fix(
                "Tháng 12, tỉnh đạt 5%.",
                "In December 2023 and December 2024, the province reached 5%."
            )
            .as_deref(),
            Some("In December and December, the province reached 5%.")
        );
        // The source gives the year elsewhere in the sentence.
        assert_eq!(
            fix(
                "Ngày 21-12, trong năm 2021, tỉnh họp.",
                "On December 21, 2021, the province met."
            ),
            None
        );
        // Another date: the model got the day wrong, which is a matter for the check and a
        // repair, not for this fix.
        assert_eq!(
            fix(
                "Ngày 21-12, tỉnh họp.",
                "On December 22, 2021, the province met."
            ),
            None
        );
        // A year alone is not a date's year.
        assert_eq!(fix("Tỉnh họp.", "In 2021 the province met."), None);
    }
}
