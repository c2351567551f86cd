//! Numbers, dates, ordinals, ratios, times and document codes: read from the Vietnamese source
//! and from the English output as [`Value`]s, then checked both ways: every number of the
//! source rendered in an English form ([`missing`]), every number of the output traced to the
//! source ([`invented`]).
//!
//! Both sides are read into the same meaning-level values, so any English form that means the
//! same thing counts: `21-12` is rendered by "December 21", "21 December", "Dec. 21" or
//! "December 21st"; `2,5 tỷ` by "2.5 billion", "US$2.5bn" or "2,500 million".
//!
//! **Day-month order.** Vietnamese writes dates day first: `2/4` is the 2nd of April, `21-12`
//! the 21st of December, `18/12/2021` the 18th of December 2021. A pair that cannot be a day
//! and a month (`41/63`) is a ratio; a pair that can (`3/5`) is read as a date, and also as a
//! ratio or range when nothing says it is a date (no `ngày`, `sáng`, `từ`... before it) and
//! the first number is the smaller (`3/5` as "3 of 5"), since a ratio above one or a falling
//! range is rare in news.
//!
//! **Separators.** Vietnamese groups thousands with `.` and marks decimals with `,`
//! (`1.000` = 1,000, `3,5` = 3.5). A lone `.` not followed by exactly three digits is read as
//! an English decimal (`1.5`); a lone `,` followed by exactly three digits is ambiguous
//! (`2,125` = 2.125 or 2,125) and both readings count. Copying Vietnamese notation into the
//! English (`3,5`, `1.000`) does not render the number: an English reader takes it for
//! something else. Such a copy still traces to the source, so it is reported once, as missing.
//!
//! **Counting.** Presence, not counts: a number given twice in the source is rendered by one
//! occurrence in the output. Numbers spelled in words (Vietnamese `hai`, English `two`,
//! `third`) render digits (`2` → "two") but are never required of, or traced in, the output:
//! Vietnamese writes small numbers in words freely, and `năm` is both "five" and "year".
//! Signs and units (`km`, `ha`) are not checked, nor currencies (a glossary matter).

mod check;
mod en;
mod vi;
mod years;

pub use check::{invented, missing};
pub use en::read_english;
pub use vi::read_vietnamese;
pub use years::without_invented_years;

pub(crate) use crate::text::numerals::{ordinal, roman};

use crate::doc::Span;
pub(crate) use crate::text::date::MONTHS;
use crate::text::normalize::Normalized;
use crate::verify::tokens::{tokens, Token, KEEP_LINES};

/// A calendar date, any part of which may be absent (`tháng 12` has only a month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Date {
    /// Day of the month, 1–31.
    pub day: Option<u8>,
    /// Month, 1–12.
    pub month: Option<u8>,
    /// Year.
    pub year: Option<i32>,
}

/// What a number-like expression means, independent of how it is written.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A plain quantity, multipliers applied (`2,5 tỷ` = 2.5e9).
    Quantity(f64),
    /// A percentage (`15%` = 15).
    Percent(f64),
    /// A date or part of one.
    Date(Date),
    /// An ordinal (`lần thứ 20`, `XIII`).
    Ordinal(u32),
    /// A part of a whole (`41/63`).
    Ratio(u32, u32),
    /// A range of two numbers (`2021-2025`).
    Range(f64, f64),
    /// A time of day, 24-hour.
    Time(u8, u8),
    /// A document code, upper case, `Đ` folded to `D` (`12-KL/TW`, `34/2021/ND-CP`).
    Code(String),
}

/// One number-like expression found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The expression as written (NFC), with the words that give it its sense
    /// (`tháng 12`, `lần thứ 20`, `2,5 tỷ`).
    pub text: String,
    /// Where it is in the text it was read from.
    pub span: Span,
    /// What it may mean, the likeliest first.
    pub readings: Vec<Value>,
    /// The preferred English rendering of the first reading (`21-12` → "December 21").
    pub english: String,
    /// Written in words (`hai`, `two`, `third`) or, in English, as a Roman numeral: renders a
    /// number but is never required or traced.
    pub spelled: bool,
    /// Written in a notation the reader of this language misreads (Vietnamese `3,5` or
    /// `19h07` in English): traces to the source but renders nothing.
    pub foreign: bool,
}

impl Mention {
    /// The English forms that render this mention, the preferred first.
    ///
    /// ```
    /// use vibrief::verify::numbers::read_vietnamese;
    /// let m = &read_vietnamese("Sáng 21-12, hội nghị khai mạc.")[0];
    /// assert_eq!(m.renderings(), ["December 21", "21 December", "Dec. 21"]);
    /// ```
    pub fn renderings(&self) -> Vec<String> {
        let Some(first) = self.readings.first() else {
            return vec![];
        };
        let mut out = vec![self.english.clone()];
        let mut add = |s: String| {
            if !out.contains(&s) {
                out.push(s);
            }
        };
        match first {
            Value::Quantity(q) => {
                if let Some(w) = small_number_word(*q) {
                    add(w.to_string());
                }
                if self.english.contains(',') && !self.english.contains(' ') {
                    add(self.english.replace(',', ""));
                }
            }
            Value::Percent(_) => add(self.english.replace('%', " percent")),
            Value::Date(d) => match (d.day, d.month, d.year) {
                (Some(day), Some(m), None) => {
                    add(format!("{day} {}", MONTHS[m as usize - 1]));
                    add(format!("{} {day}", short_month(m)));
                }
                (Some(day), Some(m), Some(y)) => {
                    add(format!("{day} {} {y}", MONTHS[m as usize - 1]))
                }
                _ => {}
            },
            Value::Ordinal(_) => {
                if self.text.chars().all(|c| "IVXLC".contains(c)) {
                    add(self.text.clone());
                }
            }
            Value::Ratio(a, b) => {
                add(format!("{a}/{b}"));
                add(format!("{a} out of {b}"));
            }
            Value::Range(a, b) => add(format!("{} to {}", fmt_num(*a), fmt_num(*b))),
            Value::Time(h, m) if *h > 12 => add(format!("{}:{m:02} p.m.", h - 12)),
            Value::Time(..) => {}
            Value::Code(c) => add(c.clone()),
        }
        out
    }
}

/// One expression a reader found at a token: the tokens it covers and what it means.
struct Found {
    first: usize,
    last: usize,
    readings: Vec<Value>,
    /// The preferred English form; `None` keeps the text as written (English outputs).
    english: Option<String>,
    spelled: bool,
    foreign: bool,
}

impl Found {
    fn new(first: usize, last: usize, readings: Vec<Value>) -> Self {
        Found {
            first,
            last,
            readings,
            english: None,
            spelled: false,
            foreign: false,
        }
    }
}

/// Every expression `read_at` finds in `text`, left to right, each starting after the last.
fn read(text: &str, read_at: impl Fn(&[Token<'_>], usize) -> Option<Found>) -> Vec<Mention> {
    let norm = Normalized::new(text, KEEP_LINES);
    let toks = tokens(norm.text());
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some(f) = read_at(&toks, i) else {
            i += 1;
            continue;
        };
        let range = toks[f.first].start..toks[f.last].end();
        let written = norm.text()[range.clone()].to_string();
        out.push(Mention {
            english: f.english.unwrap_or_else(|| written.clone()),
            text: written,
            span: norm.original_span(range),
            readings: f.readings,
            spelled: f.spelled,
            foreign: f.foreign,
        });
        i = f.last + 1;
    }
    out
}

/// Plain digits (at most nine) as a number.
fn int(s: &str) -> Option<u32> {
    let digits = !s.is_empty() && s.len() <= 9 && s.chars().all(|c| c.is_ascii_digit());
    digits.then(|| s.parse().ok()).flatten()
}

/// Four digits from 1900 to 2100: a year.
fn year(s: &str) -> Option<i32> {
    int(s)
        .filter(|y| s.len() == 4 && (1900..=2100).contains(y))
        .map(|y| y as i32)
}

fn short_month(m: u8) -> String {
    let name = MONTHS[m as usize - 1];
    if name.len() <= 4 {
        name.to_string()
    } else if m == 9 {
        "Sept.".to_string()
    } else {
        format!("{}.", &name[..3])
    }
}

/// The preferred English form of a date: "December 21", "December 18, 2021",
/// "December 2021", "December", "2023".
pub(crate) fn date_english(d: Date) -> String {
    let month = |m: u8| MONTHS[m as usize - 1];
    match (d.day, d.month, d.year) {
        (Some(day), Some(m), None) => format!("{} {day}", month(m)),
        (Some(day), Some(m), Some(y)) => format!("{} {day}, {y}", month(m)),
        (None, Some(m), Some(y)) => format!("{} {y}", month(m)),
        (None, Some(m), None) => month(m).to_string(),
        (None, None, Some(y)) => y.to_string(),
        (Some(day), None, _) => day.to_string(),
        (None, None, None) => String::new(),
    }
}

/// The English word for a multiplier (`1e9` → "billion").
pub(crate) fn multiplier_name(m: f64) -> Option<&'static str> {
    [
        (1e2, "hundred"),
        (1e3, "thousand"),
        (1e6, "million"),
        (1e9, "billion"),
        (1e12, "trillion"),
    ]
    .into_iter()
    .find(|(v, _)| close(*v, m))
    .map(|(_, name)| name)
}

/// English words for the small numbers that count as rendering digits.
pub(crate) const NUMBER_WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

fn small_number_word(q: f64) -> Option<&'static str> {
    (q.fract() == 0.0 && (0.0..=20.0).contains(&q)).then(|| NUMBER_WORDS[q as usize])
}

/// `1.0e9` → "1000000000", `2.5` → "2.5": shortest exact decimal form.
pub(crate) fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

pub(super) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

pub(super) fn is_year(x: f64) -> bool {
    x.fract() == 0.0 && (1900.0..=2100.0).contains(&x)
}
