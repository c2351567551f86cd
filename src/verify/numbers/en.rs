//! Reading number-like expressions from an English model output: digits with English
//! separators and multipliers ("US$2.5 billion"), percentages, dates in any usual English order
//! ("December 21", "21 December", "Dec. 21, 2021", "the 21st of December"), ordinals, ratios
//! ("41 of 63"), ranges, times ("7:07 p.m."), codes, Roman numerals and small numbers in words.

use super::vi::vn_number;
use super::{int, read, roman, year, Date, Found, Mention, Value, MONTHS, NUMBER_WORDS};
use crate::text::strip_diacritics;
use crate::verify::tokens::Token;

const MULTIPLIERS: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("mln", 1e6),
    ("billion", 1e9),
    ("bn", 1e9),
    ("trillion", 1e12),
    ("tn", 1e12),
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const ORDINAL_WORDS: [&str; 20] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];
const TENTHS: [&str; 8] = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
];
const CURRENCY_PREFIXES: &[&str] = &["US$", "USD", "VND", "$", "€", "£", "¥"];
const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Every number-like expression of an English text, in order.
///
/// ```
/// use vibrief::verify::numbers::{read_english, Value, Date};
/// let found = read_english("On Dec. 21, 2021, only 41 of 63 provinces spent US$2.5bn.");
/// let texts: Vec<_> = found.iter().map(|m| m.text.as_str()).collect();
/// assert_eq!(texts, ["Dec. 21, 2021", "41 of 63", "US$2.5bn"]);
/// assert_eq!(found[0].readings, [Value::Date(Date { day: Some(21), month: Some(12), year: Some(2021) })]);
/// assert_eq!(found[1].readings, [Value::Ratio(41, 63)]);
/// assert_eq!(found[2].readings, [Value::Quantity(2.5e9)]);
/// ```
pub fn read_english(target: &str) -> Vec<Mention> {
    read(target, read_at)
}

/// True when tokens `a` and `a + 1` stand together, allowing `extra` as punctuation between.
fn joined(toks: &[Token<'_>], a: usize, extra: &[&str]) -> bool {
    let Some(b) = toks.get(a + 1) else {
        return false;
    };
    let t = &toks[a];
    (t.trail.is_empty() || extra.contains(&t.trail))
        && b.lead.is_empty()
        && !t.text.is_empty()
        && !b.text.is_empty()
}

fn word(toks: &[Token<'_>], i: usize) -> Option<String> {
    toks.get(i).map(|t| t.text.to_lowercase())
}

/// The word without a "mid-", "early-" or "late-" in front.
fn bare(s: &str) -> &str {
    ["mid-", "early-", "late-"]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s)
}

fn month(s: &str) -> Option<u8> {
    let s = bare(s);
    let full = MONTHS.iter().position(|m| *m == s);
    let short = SHORT_MONTHS
        .iter()
        .position(|m| *m == s)
        .or_else(|| (s == "Sept").then_some(8));
    full.or(short).map(|m| m as u8 + 1)
}

fn day(s: &str) -> Option<u8> {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &s[digits.len()..];
    if !["", "st", "nd", "rd", "th"].contains(&suffix) || digits.len() > 2 {
        return None;
    }
    int(digits)
        .filter(|d| (1..=31).contains(d))
        .map(|d| d as u8)
}

fn date(day: Option<u8>, month: Option<u8>, year: Option<i32>) -> Vec<Value> {
    vec![Value::Date(Date { day, month, year })]
}

fn read_at(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let t = toks[i].text;
    if t.contains("://") || t.contains('@') || t.starts_with("www.") {
        return None;
    }
    if let Some(f) = month_first(toks, i).or_else(|| day_first(toks, i)) {
        return Some(f);
    }
    let core = CURRENCY_PREFIXES
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t);
    if !core.chars().any(|c| c.is_ascii_digit()) {
        return words(toks, i).or_else(|| roman_at(toks, i));
    }
    if let Some(f) = time(toks, i, core) {
        return Some(f);
    }
    if let Some(num) = core.strip_suffix('%') {
        let (v, foreign) = en_number(num)?;
        return Some(Found {
            foreign,
            ..Found::new(i, i, vec![Value::Percent(v)])
        });
    }
    if let Some(f) = slashed(core, i) {
        return Some(f);
    }
    if let Some((v, foreign)) = en_number(core) {
        return Some(quantity(toks, i, v, foreign));
    }
    suffixed(i, core)
}

/// "December 21", "Dec. 21, 2021", "December 2021", "December" (alone: full names only, and
/// not "May").
fn month_first(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let m = month(toks[i].text)?;
    if joined(toks, i, &["."]) {
        if let Some(d) = day(toks[i + 1].text) {
            if joined(toks, i + 1, &[","]) {
                if let Some(y) = year(toks[i + 2].text) {
                    return Some(Found::new(i, i + 2, date(Some(d), Some(m), Some(y))));
                }
            }
            return Some(Found::new(i, i + 1, date(Some(d), Some(m), None)));
        }
        if let Some(y) = year(toks[i + 1].text) {
            return Some(Found::new(i, i + 1, date(None, Some(m), Some(y))));
        }
    }
    let alone = bare(toks[i].text);
    (MONTHS.contains(&alone) && alone != "May").then(|| Found::new(i, i, date(None, Some(m), None)))
}

/// "21 December", "21st December 2021", "the 21st of December".
fn day_first(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let d = day(toks[i].text)?;
    let mut j = i + 1;
    if !joined(toks, i, &[]) {
        return None;
    }
    if toks[j].text == "of"
        && toks[i].text.ends_with(|c: char| c.is_ascii_alphabetic())
        && joined(toks, j, &[])
    {
        j += 1;
    }
    let m = month(toks.get(j)?.text)?;
    if joined(toks, j, &[",", "."]) {
        if let Some(y) = year(toks[j + 1].text) {
            return Some(Found::new(i, j + 1, date(Some(d), Some(m), Some(y))));
        }
    }
    Some(Found::new(i, j, date(Some(d), Some(m), None)))
}

/// Digits in English notation; anything else the Vietnamese reader accepts is `foreign`.
fn en_number(s: &str) -> Option<(f64, bool)> {
    let (int_part, frac) = match s.split_once('.') {
        Some((a, b)) if !b.is_empty() && b.chars().all(|c| c.is_ascii_digit()) => (a, Some(b)),
        Some(_) => ("", None),
        None => (s, None),
    };
    let groups: Vec<&str> = int_part.split(',').collect();
    let english = !int_part.is_empty()
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
        && (groups.len() == 1
            || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)));
    if english {
        let plain = match frac {
            Some(f) => format!("{}.{f}", groups.concat()),
            None => groups.concat(),
        };
        return Some((plain.parse().ok()?, false));
    }
    vn_number(s).map(|r| (r[0].0, true))
}

/// A number followed by multipliers ("2.5 billion"), a percent word ("15 percent"), an
/// `of`/`out of` ("41 of 63") or a clock suffix ("7 p.m.").
fn quantity(toks: &[Token<'_>], i: usize, v: f64, foreign: bool) -> Found {
    let mut f = Found {
        foreign,
        ..Found::new(i, i, vec![Value::Quantity(v)])
    };
    let next = |j: usize| {
        if joined(toks, j, &[]) {
            word(toks, j + 1)
        } else {
            None
        }
    };
    let mut mult = 1.0;
    while let Some(m) = next(f.last).and_then(|w| MULTIPLIERS.iter().find(|(n, _)| *n == w)) {
        mult *= m.1;
        f.last += 1;
    }
    if mult != 1.0 {
        f.readings = vec![Value::Quantity(v * mult)];
        return f;
    }
    match next(i).as_deref() {
        Some("%" | "percent" | "pct" | "percentage") => {
            f.readings = vec![Value::Percent(v)];
            f.last = i + 1;
        }
        Some("per") if next(i + 1).as_deref() == Some("cent") => {
            f.readings = vec![Value::Percent(v)];
            f.last = i + 2;
        }
        Some("p.m" | "pm" | "a.m" | "am") if v.fract() == 0.0 && (1.0..=12.0).contains(&v) => {
            let pm = next(i).is_some_and(|w| w.starts_with('p'));
            f.readings = vec![Value::Time(clock(v as u8, pm), 0)];
            f.last = i + 1;
        }
        Some("of" | "out") => {
            let mut j = i + 1;
            if word(toks, j).as_deref() == Some("out") && next(j).as_deref() == Some("of") {
                j += 1;
            }
            if next(j).as_deref() == Some("the") {
                j += 1;
            }
            let whole = if joined(toks, j, &[]) {
                toks.get(j + 1).and_then(|t| int(t.text))
            } else {
                None
            };
            if let (Some(part), Some(whole)) = (int(toks[i].text), whole) {
                f.readings = vec![Value::Ratio(part, whole)];
                f.last = j + 1;
            }
        }
        _ => {}
    }
    f
}

fn clock(h: u8, pm: bool) -> u8 {
    match (h, pm) {
        (12, false) => 0,
        (h, true) if h < 12 => h + 12,
        (h, _) => h,
    }
}

/// "19:07", "7:07 p.m.", "7:07pm", and the Vietnamese "19h07" (foreign).
fn time(toks: &[Token<'_>], i: usize, t: &str) -> Option<Found> {
    let lower = t.to_lowercase();
    let (body, attached) = ["p.m", "pm", "a.m", "am"]
        .iter()
        .find_map(|s| {
            lower
                .strip_suffix(s)
                .map(|b| (b.to_string(), Some(s.starts_with('p'))))
        })
        .unwrap_or((lower.clone(), None));
    let (h, m, foreign) = match (body.split_once(':'), body.split_once('h')) {
        (Some((h, m)), _) => (int(h)?, int(m).filter(|_| m.len() == 2)?, false),
        (None, Some((h, m))) if attached.is_none() => {
            (int(h)?, if m.is_empty() { 0 } else { int(m)? }, true)
        }
        (None, None) if attached.is_some() => (int(&body)?, 0, false),
        _ => return None,
    };
    if h > 24 || m > 59 {
        return None;
    }
    let (h, m) = (h as u8, m as u8);
    let suffix = attached.map(|pm| (pm, i)).or_else(|| {
        let w = if joined(toks, i, &[]) {
            word(toks, i + 1)
        } else {
            None
        }?;
        ["p.m", "pm", "a.m", "am"]
            .contains(&w.as_str())
            .then(|| (w.starts_with('p'), i + 1))
    });
    let mut f = match suffix {
        Some((pm, last)) if h <= 12 => Found::new(i, last, vec![Value::Time(clock(h, pm), m)]),
        _ if h < 12 && !foreign => {
            Found::new(i, i, vec![Value::Time(h, m), Value::Time(h + 12, m)])
        }
        _ => Found::new(i, i, vec![Value::Time(h, m)]),
    };
    f.foreign = foreign;
    Some(f)
}

/// `41/63` (a ratio), `2021-2025` (a range), `2021-12-18` (ISO date), `18/12/2021` (a
/// slashed date, foreign: English readers take it month first).
fn slashed(t: &str, i: usize) -> Option<Found> {
    let sep = t.chars().find(|c| matches!(c, '/' | '-' | '–'))?;
    let parts: Vec<&str> = t.split(sep).collect();
    match parts[..] {
        [a, b] => {
            let (x, y) = (int(a)?, int(b)?);
            let v = if sep == '/' {
                Value::Ratio(x, y)
            } else {
                Value::Range(x.into(), y.into())
            };
            Some(Found::new(i, i, vec![v]))
        }
        [a, b, c] => {
            let (x, y, z) = (int(a)?, int(b)?, int(c)?);
            let d = |d: u32, m: u32, y: u32| {
                let date = Date {
                    day: Some(d as u8),
                    month: Some(m as u8),
                    year: Some(y as i32),
                };
                ((1..=31).contains(&d) && (1..=12).contains(&m)).then_some(Value::Date(date))
            };
            if a.len() == 4 && sep == '-' {
                return Some(Found::new(i, i, vec![d(z, y, x)?]));
            }
            let readings: Vec<Value> = [d(x, y, z), d(y, x, z)].into_iter().flatten().collect();
            (!readings.is_empty() && c.len() == 4).then(|| Found {
                foreign: true,
                ..Found::new(i, i, readings)
            })
        }
        _ => None,
    }
}

/// `20th` (ordinal), `2.5bn`, `1990s`, `50km` (numbers), `12-KL/TW`, `COVID-19` (codes).
fn suffixed(i: usize, t: &str) -> Option<Found> {
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(0);
    let (num, suffix) = t.split_at(digits_end);
    if !num.is_empty()
        && suffix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        let (v, foreign) = en_number(num)?;
        let value = match suffix {
            "st" | "nd" | "rd" | "th" => Value::Ordinal(int(num)?),
            s => Value::Quantity(
                v * MULTIPLIERS
                    .iter()
                    .find(|(n, _)| *n == s)
                    .map_or(1.0, |m| m.1),
            ),
        };
        return Some(Found {
            foreign,
            ..Found::new(i, i, vec![value])
        });
    }
    Some(Found::new(
        i,
        i,
        vec![Value::Code(strip_diacritics(t).to_uppercase())],
    ))
}

/// "two", "twenty-five", "two billion", "third", "twenty-first": spelled numbers.
fn words(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let w = word(toks, i)?;
    let cardinal = |w: &str| -> Option<u32> {
        if let Some(n) = NUMBER_WORDS.iter().position(|x| *x == w) {
            return Some(n as u32);
        }
        if let Some(t) = TENS.iter().position(|x| *x == w) {
            return Some(20 + 10 * t as u32);
        }
        let (tens, unit) = w.split_once('-')?;
        let t = TENS.iter().position(|x| *x == tens)?;
        let u = NUMBER_WORDS[1..10].iter().position(|x| *x == unit)?;
        Some(20 + 10 * t as u32 + u as u32 + 1)
    };
    let ordinal = |w: &str| -> Option<u32> {
        if let Some(n) = ORDINAL_WORDS.iter().position(|x| *x == w) {
            return Some(n as u32 + 1);
        }
        if let Some(t) = TENTHS.iter().position(|x| *x == w) {
            return Some(20 + 10 * t as u32);
        }
        let (tens, unit) = w.split_once('-')?;
        let t = TENS.iter().position(|x| *x == tens)?;
        let u = ORDINAL_WORDS[..9].iter().position(|x| *x == unit)?;
        Some(20 + 10 * t as u32 + u as u32 + 1)
    };
    let mut f = if let Some(n) = cardinal(&w) {
        quantity(toks, i, f64::from(n), false)
    } else {
        Found::new(i, i, vec![Value::Ordinal(ordinal(&w)?)])
    };
    f.spelled = true;
    Some(f)
}

/// "XIII" (two letters or more, or one before "Congress"/"Plenum"): an ordinal, spelled.
fn roman_at(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let t = toks[i].text;
    let n = roman(t)?;
    let before_body = toks
        .get(i + 1)
        .is_some_and(|n| ["Congress", "Plenum"].contains(&n.text));
    if t.len() < 2 && !before_body {
        return None;
    }
    Some(Found {
        spelled: true,
        ..Found::new(i, i, vec![Value::Ordinal(n)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str) -> Vec<Vec<Value>> {
        read_english(s).into_iter().map(|m| m.readings).collect()
    }

    fn dmy(d: Option<u8>, m: Option<u8>, y: Option<i32>) -> Vec<Value> {
        date(d, m, y)
    }

    #[test]
    fn dates_in_every_order() {
        let dec21 = dmy(Some(21), Some(12), None);
        for s in [
            "December 21",
            "21 December",
            "Dec. 21",
            "Dec 21",
            "December 21st",
            "the 21st of December",
        ] {
            assert_eq!(values(s), std::slice::from_ref(&dec21), "{s}");
        }
        assert_eq!(
            values("December 18, 2021,"),
            [dmy(Some(18), Some(12), Some(2021))]
        );
        assert_eq!(
            values("18 December 2021"),
            [dmy(Some(18), Some(12), Some(2021))]
        );
        assert_eq!(
            values("in December 2021"),
            [dmy(None, Some(12), Some(2021))]
        );
        assert_eq!(values("in mid-December"), [dmy(None, Some(12), None)]);
        assert_eq!(values("2021-12-18"), [dmy(Some(18), Some(12), Some(2021))]);
        assert!(values("May we continue").is_empty(), "May alone is a verb");
        assert_eq!(values("May 5"), [dmy(Some(5), Some(5), None)]);
        let slashed = read_english("on 18/12/2021");
        assert!(slashed[0].foreign);
    }

    #[test]
    fn numbers_and_multipliers() {
        assert_eq!(values("1,000 people"), [[Value::Quantity(1000.0)]]);
        assert_eq!(values("3.5 points"), [[Value::Quantity(3.5)]]);
        assert_eq!(values("US$2.5 billion"), [[Value::Quantity(2.5e9)]]);
        assert_eq!(values("$2.5bn"), [[Value::Quantity(2.5e9)]]);
        assert_eq!(values("1,200 trillion"), [[Value::Quantity(1.2e15)]]);
        assert_eq!(values("5 thousand billion"), [[Value::Quantity(5e12)]]);
        let foreign = read_english("3,5 points");
        assert_eq!(foreign[0].readings, [Value::Quantity(3.5)]);
        assert!(foreign[0].foreign);
        assert!(!read_english("1,500 points")[0].foreign);
    }

    #[test]
    fn percentages_ratios_ranges() {
        for s in ["15%", "15 percent", "15 per cent", "15 %"] {
            assert_eq!(values(s), [[Value::Percent(15.0)]], "{s}");
        }
        for s in ["41/63", "41 of 63", "41 out of 63", "41 of the 63"] {
            assert_eq!(values(s), [[Value::Ratio(41, 63)]], "{s}");
        }
        assert_eq!(values("2021-2025"), [[Value::Range(2021.0, 2025.0)]]);
        assert_eq!(values("2021–2025"), [[Value::Range(2021.0, 2025.0)]]);
    }

    #[test]
    fn times() {
        assert_eq!(values("19:07"), [[Value::Time(19, 7)]]);
        assert_eq!(values("7:07 p.m."), [[Value::Time(19, 7)]]);
        assert_eq!(values("7:07pm"), [[Value::Time(19, 7)]]);
        assert_eq!(values("7 p.m."), [[Value::Time(19, 0)]]);
        assert_eq!(values("12:30 a.m."), [[Value::Time(0, 30)]]);
        assert_eq!(values("7:07"), [[Value::Time(7, 7), Value::Time(19, 7)]]);
        assert!(read_english("19h07")[0].foreign);
    }

    #[test]
    fn ordinals_codes_words() {
        assert_eq!(values("the 20th conference"), [[Value::Ordinal(20)]]);
        assert_eq!(values("the XIII Congress"), [[Value::Ordinal(13)]]);
        assert_eq!(values("the V Congress"), [[Value::Ordinal(5)]]);
        assert!(values("I said").is_empty());
        assert_eq!(values("No. 12-KL/TW"), [[Value::Code("12-KL/TW".into())]]);
        assert_eq!(values("COVID-19"), [[Value::Code("COVID-19".into())]]);
        assert_eq!(values("two countries"), [[Value::Quantity(2.0)]]);
        assert_eq!(values("twenty-five countries"), [[Value::Quantity(25.0)]]);
        assert_eq!(values("three million people"), [[Value::Quantity(3e6)]]);
        assert_eq!(values("the third time"), [[Value::Ordinal(3)]]);
        assert_eq!(values("the twenty-first century"), [[Value::Ordinal(21)]]);
        assert!(read_english("two")[0].spelled);
        assert!(read_english("XIII")[0].spelled);
        assert!(!read_english("13th")[0].spelled);
        assert_eq!(values("the 1990s"), [[Value::Quantity(1990.0)]]);
    }
}
