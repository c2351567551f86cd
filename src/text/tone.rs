//! Vietnamese tone-mark placement: one canonical spelling for `hoà`/`hòa`, `uỷ`/`ủy`, `thoả`/`thỏa`.
//!
//! Vietnamese writes the open diphthongs `oa`, `oe` and `uy` (with no final consonant) in two
//! styles: the traditional one puts the tone on the first vowel (`hòa`, `khỏe`, `thủy`), the
//! newer one on the second (`hoà`, `khoẻ`, `thuỷ`). Real news mixes both, even inside one
//! article. We canonicalize to the traditional style, which most Vietnamese newsrooms use.
//! `qu` + `y` is left alone (`quý`: the `u` belongs to the consonant), and so is a diphthong
//! followed by a consonant (`hoàng`, `huỳnh`), where both styles agree.

use unicode_normalization::char::{compose, decompose_canonical};

/// The five combining tone marks: grave, acute, tilde, hook above, dot below.
const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

fn is_tone(c: char) -> bool {
    TONES.contains(&c)
}

/// Splits one precomposed letter into its base letter (with circumflex, breve or horn kept)
/// and its tone mark, if any. Allocation-free: it runs for two letters of every word.
fn split_tone(c: char) -> (char, Option<char>) {
    if c.is_ascii() {
        return (c, None);
    }
    let mut base: Option<char> = None;
    let mut tone = None;
    decompose_canonical(c, |d| {
        if is_tone(d) {
            tone = Some(d);
        } else {
            base = Some(match base {
                None => d,
                Some(b) => compose(b, d).unwrap_or(b),
            });
        }
    });
    (base.unwrap_or(c), tone)
}

fn with_tone(base: char, tone: char) -> char {
    if let Some(c) = compose(base, tone) {
        return c;
    }
    // `Â` + dot below is not a primary composite: compose the bare letter with the tone
    // first, then the other marks back (`A` + dot → `Ạ`, + circumflex → `Ậ`), as NFC orders them.
    let mut letter = None;
    let mut marks = ['\0'; 4];
    let mut n = 0;
    decompose_canonical(base, |d| match letter {
        None => letter = Some(d),
        Some(_) if n < marks.len() => {
            marks[n] = d;
            n += 1;
        }
        Some(_) => {}
    });
    let rebuilt = letter
        .and_then(|l| compose(l, tone))
        .and_then(|c| marks[..n].iter().try_fold(c, |c, &m| compose(c, m)));
    rebuilt.unwrap_or(base)
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

/// `char::is_alphabetic`, with a fast path for ASCII and the Latin letters Vietnamese uses
/// (this runs for every char of every text).
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphabetic(),
        '\u{00C0}'..='\u{024F}' => c != '\u{00D7}' && c != '\u{00F7}',
        '\u{1E00}'..='\u{1EFF}' => true,
        _ => c.is_alphabetic(),
    }
}

/// [`canonicalize`] over a char buffer, in place.
pub fn canonicalize_chars(chars: &mut [char]) {
    let mut start = 0;
    while start < chars.len() {
        if !is_letter(chars[start]) {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < chars.len() && is_letter(chars[end]) {
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
    fn split_and_rejoin_every_toned_latin_letter() {
        for c in ('\u{1EA0}'..='\u{1EF9}').chain("ÀÁÃÈÉÌÍÒÓÕÙÚÝàáãèéìíòóõùúýĨĩŨũ".chars())
        {
            if let (base, Some(t)) = split_tone(c) {
                assert!(!base.to_string().chars().any(is_tone));
                assert_eq!(with_tone(base, t), c, "{c}");
            }
        }
        assert_eq!(split_tone('ệ'), ('ê', Some('\u{0323}')));
        assert_eq!(split_tone('ở'), ('ơ', Some('\u{0309}')));
    }

    #[test]
    fn fast_letter_test_agrees_with_the_standard_one() {
        for c in '\0'..='\u{2FFF}' {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
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
