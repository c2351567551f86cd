//! Vietnamese left untranslated in an English output.
//!
//! A word looks Vietnamese **strongly** when it has a letter only Vietnamese writes (`ă`, `ơ`,
//! `ư`, `đ`, a hook above, a dot below, a tone on a circumflexed vowel, a tilde on `i u y e`),
//! and **weakly** when it has a diacritic other languages share (`é`, `à`, `ô`: "café",
//! "São Paulo") or is a Vietnamese function word written without diacritics (`cua`, `duoc`,
//! `trong`: what a model writes when it strips them). A run of such words is reported when it
//! holds a strong word or two words or more, so a lone "café" passes and "cua Bo" does not.
//!
//! Names are allowed: every word of a name found in the source (see `names`), diacritics-free
//! too when stripping is on, and every word of the caller's `allowed` phrases (glossary
//! renderings that are Vietnamese, such as "Tết").

use super::names::{match_key, Name};
use super::tokens::{canonical, tokens, without_possessive};
use super::{Issue, VerifyOptions};
use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

/// Vietnamese function and very common words as written without diacritics, and not English.
const ASCII_FUNCTION_WORDS: &[&str] = &[
    "cua", "duoc", "nhung", "trong", "theo", "khong", "nguoi", "nhieu", "cac", "voi", "viec",
    "nhu", "cung", "mot", "va", "la", "cho", "khi", "da", "se", "dang", "tai", "ve", "tu", "nay",
    "thi", "hon", "vao", "den", "tren", "duoi", "ngay", "thang", "nam", "nuoc", "chinh", "phu",
    "tuong", "quoc", "hoi", "nghi", "bo", "truong", "doi", "ngoai", "giao", "cong", "tac",
];

/// How Vietnamese a word looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Look {
    English,
    Weak,
    Strong,
}

fn look(word: &str) -> Look {
    let mut weak = false;
    for c in word.chars() {
        if c == 'đ' || c == 'Đ' {
            return Look::Strong;
        }
        let mut parts = std::iter::once(c).nfd();
        let Some(base) = parts.next() else { continue };
        let marks: Vec<char> = parts.collect();
        if marks.is_empty() || !base.is_ascii_alphabetic() {
            continue;
        }
        let base = base.to_ascii_lowercase();
        let vietnamese_only = marks.len() >= 2
            || marks
                .iter()
                .any(|m| matches!(m, '\u{0306}' | '\u{031B}' | '\u{0309}' | '\u{0323}'))
            || (marks == ['\u{0303}'] && matches!(base, 'i' | 'u' | 'y' | 'e'));
        if vietnamese_only {
            return Look::Strong;
        }
        weak = true;
    }
    if weak || ASCII_FUNCTION_WORDS.contains(&word.to_lowercase().as_str()) {
        Look::Weak
    } else {
        Look::English
    }
}

/// The words the output may keep in Vietnamese: names of the source and `allowed` phrases.
fn allowed_words(names: &[Name], opts: &VerifyOptions) -> HashSet<String> {
    let phrases = names
        .iter()
        .map(|n| n.text.as_str())
        .chain(opts.allowed.iter().map(String::as_str));
    let mut out = HashSet::new();
    for phrase in phrases {
        for word in phrase.split_whitespace() {
            out.insert(match_key(word, false));
            out.insert(match_key(word, true));
        }
    }
    out
}

/// The runs of Vietnamese left in `target`, as written there.
pub(crate) fn leftovers(names: &[Name], target: &str, opts: &VerifyOptions) -> Vec<String> {
    let allowed = allowed_words(names, opts);
    let text = canonical(target);
    let toks = tokens(&text);
    let mut runs = Vec::new();
    let mut run: Vec<(usize, Look)> = Vec::new();
    let mut flush = |run: &mut Vec<(usize, Look)>| {
        let strong = run.iter().any(|(_, l)| *l == Look::Strong);
        if let (Some(first), Some(last)) = (run.first(), run.last()) {
            if strong || run.len() >= 2 {
                runs.push(text[toks[first.0].start..toks[last.0].end()].to_string());
            }
        }
        run.clear();
    };
    for (i, t) in toks.iter().enumerate() {
        let word = without_possessive(t.text);
        let skip = word.is_empty()
            || word.chars().any(|c| c.is_ascii_digit())
            || allowed.contains(&match_key(word, false));
        let l = if skip { Look::English } else { look(word) };
        if l == Look::English {
            flush(&mut run);
        } else {
            run.push((i, l));
        }
    }
    flush(&mut run);
    runs
}

/// One [`Issue`] per run of Vietnamese left in `target`.
pub(crate) fn check(names: &[Name], target: &str, opts: &VerifyOptions) -> Vec<Issue> {
    leftovers(names, target, opts)
        .iter()
        .map(|run| Issue::untranslated(run))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::names::find_names;

    fn left(source: &str, target: &str, strip: bool) -> Vec<String> {
        let opts = VerifyOptions {
            strip_diacritics: strip,
            ..VerifyOptions::default()
        };
        leftovers(&find_names(source), target, &opts)
    }

    #[test]
    fn looks() {
        for w in [
            "của", "được", "Bộ", "đã", "Ngoại", "thủ", "tướng", "những", "nghĩ", "Tết",
        ] {
            assert_eq!(look(w), Look::Strong, "{w}");
        }
        for w in ["café", "São", "là", "hãy", "cua", "duoc", "Trong"] {
            assert_eq!(look(w), Look::Weak, "{w}");
        }
        for w in ["ministry", "Vietnam", "the", "naïve"] {
            assert!(look(w) <= Look::Weak, "{w}");
        }
        assert_eq!(look("ministry"), Look::English);
    }

    #[test]
    fn finds_vietnamese_runs() {
        let src = "Thủ tướng Phạm Minh Chính chủ trì.";
        assert!(left(
            src,
            "Prime Minister Phạm Minh Chính chaired the meeting.",
            false
        )
        .is_empty());
        assert_eq!(
            left(
                src,
                "Prime Minister Phạm Minh Chính chủ trì the meeting.",
                false
            ),
            ["chủ trì"]
        );
        assert_eq!(left(src, "The Thủ tướng chaired.", false), ["Thủ tướng"]);
        assert_eq!(
            left(src, "He chaired the meeting cua Bo.", true),
            ["cua Bo"]
        );
        assert!(left(src, "He chaired the meeting of the ministry.", true).is_empty());
    }

    #[test]
    fn lone_shared_diacritics_pass() {
        assert!(left("Họ gặp nhau.", "They met at a café.", false).is_empty());
        assert_eq!(
            left("Họ gặp nhau.", "They met trong nhà.", false),
            ["trong nhà"]
        );
    }

    #[test]
    fn names_and_allowed_words_pass() {
        let src = "Ông Sơn đến tỉnh Quảng Ninh.";
        assert!(left(src, "Mr. Sơn went to Quảng Ninh province.", false).is_empty());
        assert!(left(src, "Mr. Son went to Quang Ninh province.", true).is_empty());
        assert!(left(src, "Mr. Sơn went to Quảng Ninh province.", true).is_empty());
        assert_eq!(
            left(
                src,
                "Mr. Sơn went to Quảng Ninh province during Tết.",
                false
            ),
            ["Tết"]
        );
        let opts = VerifyOptions {
            allowed: vec!["Tết".into()],
            ..VerifyOptions::default()
        };
        assert!(leftovers(&find_names(src), "Mr. Sơn went there during Tết.", &opts).is_empty());
    }
}
