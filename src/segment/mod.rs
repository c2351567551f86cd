//! Vietnamese sentence segmentation: the second stage, splitting each cleaned paragraph into
//! the sentences that TM, translation and XLIFF address.
//!
//! A sentence ends at `.`, `!`, `?`, an ellipsis (`…`, `...`) or the `./.` end mark, together
//! with any closing quotes or brackets after it, when white space and a sentence start follow
//! (a capital letter, a digit, an opening quote or bracket). On top of that:
//! - numbers and codes never break (`1.000`, `3,5`, `21-12`, `2/4`, `41/63`, `12-KL/TW`): the
//!   mark is not followed by white space;
//! - titles and prefixes (`TP.`, `TS.`, `PGS.TS.`, `ThS.`, `GS.`, initials) never break, and
//!   list tails (`v.v.`) break only before a capital letter ([`abbrev`]);
//! - an ellipsis followed by a lower-case word continues the sentence;
//! - nothing breaks inside a quotation “…”, so a quote holding several sentences stays with
//!   the clause that reports it; a sentence may end right after the closing quote ([`quotes`]);
//! - a capitalized enumerator after `:` or `;` ("Một là, …", "Thứ hai, …") opens a new
//!   sentence ([`enumeration`]).
//!
//! The input is normalized text (see `text::normalize`); output ranges are byte ranges into it.
//!
//! May depend on: nothing else of the crate.

pub mod abbrev;
pub mod enumeration;
pub mod quotes;

use abbrev::Abbrev;
use std::ops::Range;

/// Marks that can end a sentence.
fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Closing quotes and brackets that stay with the sentence they end.
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '"' | '’' | '\'' | ')' | ']' | '»')
}

/// Opening quotes and brackets that may start a sentence.
fn is_opener(c: char) -> bool {
    matches!(c, '“' | '"' | '‘' | '(' | '[' | '«')
}

/// Whether a sentence can start with `c` (the first char after the white space).
fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || is_opener(c) || matches!(c, '-' | '–' | '—' | '•')
}

/// Splits `text` into sentences: trimmed, non-empty byte ranges in order.
///
/// ```
/// let t = "TP. Hồ Chí Minh có 1.000 đại biểu. Hội nghị bế mạc lúc 17 giờ.";
/// let s: Vec<&str> = vibrief::segment::split(t).into_iter().map(|r| &t[r]).collect();
/// assert_eq!(s, ["TP. Hồ Chí Minh có 1.000 đại biểu.", "Hội nghị bế mạc lúc 17 giờ."]);
/// ```
pub fn split(text: &str) -> Vec<Range<usize>> {
    let quoted = quotes::regions(text);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut starts = vec![0];
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if matches!(c, ':' | ';') {
            if let Some(next) = next_start(&chars, i + 1) {
                if enumeration::starts_item(&text[chars[next].0..])
                    && !quotes::cuts(&quoted, at, at)
                {
                    starts.push(chars[next].0);
                }
            }
            i += 1;
            continue;
        }
        if !is_terminal(c) {
            i += 1;
            continue;
        }
        // The whole terminator: marks, the "/." of an end mark, then closing quotes/brackets.
        let mut j = i;
        while j < chars.len() {
            let (_, d) = chars[j];
            let end_mark = d == '/'
                && j > i
                && chars[j - 1].1 == '.'
                && chars.get(j + 1).is_some_and(|n| n.1 == '.');
            if !(is_terminal(d) || end_mark) {
                break;
            }
            j += 1;
        }
        let marks: String = chars[i..j].iter().map(|&(_, d)| d).collect();
        while j < chars.len() && is_closer(chars[j].1) {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        if j < chars.len() && !chars[j].1.is_whitespace() {
            i = j.max(i + 1);
            continue;
        }
        let Some(next) = next_start(&chars, j) else {
            break;
        };
        let next_char = chars[next].1;
        if breaks(text, at, &marks, next_char) && !quotes::cuts(&quoted, at, end) {
            starts.push(chars[next].0);
        }
        i = j;
    }
    starts.dedup();
    let mut out = Vec::with_capacity(starts.len());
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(text.len());
        if let Some(r) = trim(text, s..e) {
            out.push(r);
        }
    }
    out
}

/// Index of the first non-space char at or after `from`, if any.
fn next_start(chars: &[(usize, char)], from: usize) -> Option<usize> {
    (from..chars.len()).find(|&k| !chars[k].1.is_whitespace())
}

/// Whether the terminator `marks` at byte `at` ends the sentence, given the next char.
fn breaks(text: &str, at: usize, marks: &str, next: char) -> bool {
    if !starts_sentence(next) {
        return false;
    }
    if marks != "." {
        return true;
    }
    let word_start = text[..at].rfind(char::is_whitespace).map_or(0, |w| w + 1);
    let word = &text[word_start..at];
    match abbrev::classify(word) {
        Abbrev::Prefix => false,
        Abbrev::Tail => true,
        // "1. Mở đầu": a list number opening the paragraph.
        Abbrev::None => {
            !(word_start == 0
                && !word.is_empty()
                && word.len() <= 2
                && word.bytes().all(|b| b.is_ascii_digit()))
        }
    }
}

fn trim(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let tail = s.len() - s.trim_end().len();
    (lead + tail < s.len()).then(|| r.start + lead..r.end - tail)
}

#[cfg(test)]
mod tests;
