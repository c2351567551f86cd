//! Number transfer: when a query differs from a TM source only in its numbers ("năm 2023" vs
//! "năm 2024"), the stored target is proposed with the new numbers put where the old ones were,
//! in the target language's number style (`1.500` in Vietnamese is `1,500` in English).

use crate::tm::tokens::{tokenize, Token, TokenKind};

/// A number's value, as its digits: `1.500,5` (vi) and `1,500.5` (en) are the same value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    /// Integer digits and optional fraction digits.
    Decimal { int: String, frac: Option<String> },
    /// Times and dates (`10:30`, `12/5`): compared and transferred literally.
    Literal(String),
}

/// Whether `lang` writes `1.000,5` (decimal comma) rather than `1,000.5`.
fn decimal_comma(lang: &str) -> bool {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        primary.as_str(),
        "vi" | "fr"
            | "de"
            | "es"
            | "it"
            | "pt"
            | "ru"
            | "nl"
            | "pl"
            | "cs"
            | "sk"
            | "id"
            | "tr"
            | "sv"
            | "da"
            | "fi"
            | "nb"
            | "no"
            | "ro"
            | "hu"
            | "uk"
            | "el"
            | "bg"
            | "hr"
            | "sl"
            | "sr"
            | "lt"
            | "lv"
            | "et"
            | "ca"
            | "be"
    )
}

fn parse(token: &str, comma_decimal: bool) -> Value {
    if token.contains([':', '/']) {
        return Value::Literal(token.to_string());
    }
    let group = if comma_decimal { '.' } else { ',' };
    let mut int = String::new();
    let mut frac: Option<String> = None;
    for (i, c) in token.char_indices() {
        if c.is_ascii_digit() {
            match frac.as_mut() {
                Some(f) => f.push(c),
                None => int.push(c),
            }
            continue;
        }
        if frac.is_some() {
            // A second separator after the decimal one: not a number we understand.
            return Value::Literal(token.to_string());
        }
        let digits_after = token[i + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .count();
        // The group separator before three digits groups; any other separator is decimal.
        if !(c == group && digits_after == 3) {
            frac = Some(String::new());
        }
    }
    Value::Decimal { int, frac }
}

fn format(value: &Value, comma_decimal: bool, grouped: bool) -> String {
    match value {
        Value::Literal(s) => s.clone(),
        Value::Decimal { int, frac } => {
            let (group, decimal) = if comma_decimal {
                ('.', ',')
            } else {
                (',', '.')
            };
            let mut out = String::new();
            for (i, c) in int.chars().enumerate() {
                if grouped && i > 0 && (int.len() - i) % 3 == 0 {
                    out.push(group);
                }
                out.push(c);
            }
            if let Some(f) = frac {
                out.push(decimal);
                out.push_str(f);
            }
            out
        }
    }
}

/// The English ordinal suffix of `value` (`1` → `st`, `12` → `th`, `22` → `nd`).
fn english_suffix(value: &Value) -> Option<&'static str> {
    let Value::Decimal { int, frac: None } = value else {
        return None;
    };
    let n: u64 = int.parse().ok()?;
    Some(match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    })
}

/// The stored `target` with numbers transferred, when `query` and `source` (both matching keys,
/// tokenized as `query_tokens` and `source_tokens`) have the same tokens except for numbers, and
/// every changed number of the source is found in the target. `None` otherwise.
///
/// ```
/// use vibrief::tm::matcher::numbers::transfer;
/// use vibrief::tm::tokens::tokenize;
/// let q = "giá tăng 2,5% trong năm 2024";
/// let s = "giá tăng 1,8% trong năm 2023";
/// let t = "Prices rose 1.8% in 2023";
/// let out = transfer(q, &tokenize(q), s, &tokenize(s), t, "vi", "en");
/// assert_eq!(out.as_deref(), Some("Prices rose 2.5% in 2024"));
/// ```
pub fn transfer(
    query: &str,
    query_tokens: &[Token],
    source: &str,
    source_tokens: &[Token],
    target: &str,
    src_lang: &str,
    tgt_lang: &str,
) -> Option<String> {
    if query_tokens.len() != source_tokens.len() {
        return None;
    }
    let src_comma = decimal_comma(src_lang);
    let tgt_comma = decimal_comma(tgt_lang);
    let mut changes: Vec<(Value, Value)> = Vec::new();
    for (q, s) in query_tokens.iter().zip(source_tokens) {
        let (qt, st) = (q.text(query), s.text(source));
        if qt == st {
            continue;
        }
        if q.kind != TokenKind::Number || s.kind != TokenKind::Number {
            return None;
        }
        let (old, new) = (parse(st, src_comma), parse(qt, src_comma));
        if old == new {
            continue;
        }
        match changes.iter().find(|(o, _)| *o == old) {
            Some((_, n)) if *n != new => return None, // one old number, two new ones: ambiguous
            Some(_) => {}
            None => changes.push((old, new)),
        }
    }
    if changes.is_empty() {
        return None;
    }
    let target_tokens = tokenize(target);
    let mut found = vec![false; changes.len()];
    let mut out = String::with_capacity(target.len() + 8);
    let mut copied = 0;
    let mut i = 0;
    while i < target_tokens.len() {
        let tok = target_tokens[i];
        i += 1;
        if tok.kind != TokenKind::Number {
            continue;
        }
        let text = tok.text(target);
        let value = parse(text, tgt_comma);
        let Some(k) = changes.iter().position(|(old, _)| *old == value) else {
            continue;
        };
        found[k] = true;
        let new = &changes[k].1;
        let grouped = text.chars().filter(|c| !c.is_ascii_digit()).count()
            > usize::from(matches!(value, Value::Decimal { frac: Some(_), .. }));
        out.push_str(&target[copied..tok.start]);
        out.push_str(&format(new, tgt_comma, grouped));
        copied = tok.end;
        // English ordinals: 1st -> 2nd, not 2st.
        if let Some(next) = target_tokens.get(i) {
            let suffix = next.text(target);
            let english = tgt_lang.to_ascii_lowercase().starts_with("en");
            if english && next.start == tok.end && matches!(suffix, "st" | "nd" | "rd" | "th") {
                if let Some(s) = english_suffix(new) {
                    out.push_str(s);
                    copied = next.end;
                    i += 1;
                }
            }
        }
    }
    out.push_str(&target[copied..]);
    found.iter().all(|f| *f).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(q: &str, s: &str, t: &str) -> Option<String> {
        transfer(q, &tokenize(q), s, &tokenize(s), t, "vi", "en")
    }

    #[test]
    fn values_cross_number_styles() {
        assert_eq!(parse("1.500", true), parse("1,500", false));
        assert_eq!(parse("2,5", true), parse("2.5", false));
        assert_eq!(
            parse("1.234.567", true),
            Value::Decimal {
                int: "1234567".into(),
                frac: None
            }
        );
        assert_eq!(format(&parse("12.000", true), false, true), "12,000");
        assert_eq!(format(&parse("2024", true), false, false), "2024");
    }

    #[test]
    fn ordinals_and_years() {
        assert_eq!(
            run(
                "đại hội lần thứ 20",
                "đại hội lần thứ 18",
                "the 18th congress"
            )
            .as_deref(),
            Some("the 20th congress")
        );
        assert_eq!(
            run("lần thứ 2", "lần thứ 1", "the 1st time").as_deref(),
            Some("the 2nd time")
        );
        assert_eq!(
            run("có 12.500 người", "có 1.000 người", "1,000 people").as_deref(),
            Some("12,500 people")
        );
    }

    #[test]
    fn refuses_when_unsure() {
        // A word differs too.
        assert_eq!(
            run("năm 2024 tại huế", "năm 2023 tại hà", "in 2023 in Ha"),
            None
        );
        // The old number is not in the target (it was written out).
        assert_eq!(run("ngày 12/5", "ngày 11/5", "on May 11"), None);
        // Nothing changed.
        assert_eq!(run("năm 2023", "năm 2023", "in 2023"), None);
    }
}
