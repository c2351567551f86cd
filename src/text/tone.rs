//! Vietnamese tone-mark placement: one canonical spelling for `hoà`/`hòa`, `uỷ`/`ủy`, `thoả`/`thỏa`.
//!
//! Vietnamese writes the open diphthongs `oa`, `oe` and `uy` (with no final consonant) in two
//! styles: the traditional one puts the tone on the first vowel (`hòa`, `khỏe`, `thủy`), the
//! newer one on the second (`hoà`, `khoẻ`, `thuỷ`). Real news mixes both, even inside one
//! article. We canonicalize to the traditional style, which most Vietnamese newsrooms use.
//! `qu` + `y` is left alone (`quý`: the `u` belongs to the consonant), and so is a diphthong
//! followed by a consonant (`hoàng`, `huỳnh`), where both styles agree.

use unicode_normalization::UnicodeNormalization;

/// The five combining tone marks: grave, acute, tilde, hook above, dot below.
const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

fn is_tone(c: char) -> bool {
    TONES.contains(&c)
}

/// Splits one precomposed letter into its base letter (with circumflex, breve or horn kept)
/// and its tone mark, if any.
fn split_tone(c: char) -> (char, Option<char>) {
    let mut base = String::new();
    let mut tone = None;
    for d in std::iter::once(c).nfd() {
        if is_tone(d) {
            tone = Some(d);
        } else {
            base.push(d);
        }
    }
    let base = base.nfc().next().unwrap_or(c);
    (base, tone)
}

fn with_tone(base: char, tone: char) -> char {
    let s: String = [base, tone].iter().collect::<String>().nfc().collect();
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => c,
        _ => base,
    }
}

/// Moves the tone of a word-final `oa`/`oe`/`uy` onto the first vowel, in place.
///
/// `word` is one word in NFC, as chars; the number of chars never changes, so any
/// per-char alignment to the original text stays valid.
pub fn canonicalize_word(word: &mut [char]) {
    let n = word.len();
    if n < 2 {
        return;
    }
    let (first, first_tone) = split_tone(word[n - 2]);
    let (second, second_tone) = split_tone(word[n - 1]);
    let pair = (first.to_ascii_lowercase(), second.to_ascii_lowercase());
    if !matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return;
    }
    if n >= 3 && word[n - 3].to_lowercase().eq(['q']) {
        return;
    }
    if let (None, Some(t)) = (first_tone, second_tone) {
        word[n - 2] = with_tone(first, t);
        word[n - 1] = second;
    }
}

/// Canonical tone placement for a whole string (already NFC): each maximal run of letters is
/// one word.
///
/// ```
/// use vibrief::text::tone::canonicalize;
/// assert_eq!(canonicalize("hoà bình"), "hòa bình");
/// assert_eq!(canonicalize("Uỷ ban"), "Ủy ban");
/// assert_eq!(canonicalize("quý thuỷ"), "quý thủy");
/// ```
pub fn canonicalize(s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    canonicalize_chars(&mut chars);
    chars.into_iter().collect()
}

/// [`canonicalize`] over a char buffer, in place.
pub fn canonicalize_chars(chars: &mut [char]) {
    let mut start = 0;
    while start < chars.len() {
        if !chars[start].is_alphabetic() {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < chars.len() && chars[end].is_alphabetic() {
            end += 1;
        }
        canonicalize_word(&mut chars[start..end]);
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_style_moves_to_first_vowel() {
        for (new, old) in [
            ("hoà", "hòa"),
            ("thoả", "thỏa"),
            ("uỷ", "ủy"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("Hoà", "Hòa"),
            ("HOÀ", "HÒA"),
            ("loạ", "lọa"),
        ] {
            assert_eq!(canonicalize(new), old, "{new}");
            assert_eq!(canonicalize(old), old, "{old} is already canonical");
        }
    }

    #[test]
    fn leaves_closed_syllables_and_qu_alone() {
        for w in [
            "hoàng", "huỳnh", "quý", "quỷ", "toán", "khuya", "hòa", "xoay", "Nguyễn",
        ] {
            assert_eq!(canonicalize(w), w);
        }
    }

    #[test]
    fn works_inside_sentences() {
        assert_eq!(
            canonicalize("Uỷ ban nhân dân, hoà bình và thoả thuận."),
            "Ủy ban nhân dân, hòa bình và thỏa thuận."
        );
    }
}
