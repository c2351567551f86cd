//! OmegaT's fuzzy score: `100 * (max(len_a, len_b) - LD) / max(len_a, len_b)` in integer
//! arithmetic, with LD the Levenshtein distance between the token sequences.

/// The Levenshtein distance between two token sequences (insert, delete, substitute: 1 each).
pub fn levenshtein<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let (a, b) = if a.len() < b.len() { (b, a) } else { (a, b) };
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diag
            } else {
                1 + diag.min(above).min(row[j])
            };
            diag = above;
        }
    }
    row[b.len()]
}

/// The similarity of two token sequences, 0..=100, truncated as OmegaT does. Two empty
/// sequences score 0 (there is nothing to match).
///
/// ```
/// use vibrief::tm::matcher::fuzzy::similarity;
/// // 10 tokens, one substituted: 100 * 9 / 10.
/// let a = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
/// let mut b = a;
/// b[3] = "x";
/// assert_eq!(similarity(&a, &b), 90);
/// ```
pub fn similarity<T: PartialEq>(a: &[T], b: &[T]) -> u8 {
    let max = a.len().max(b.len());
    if max == 0 {
        return 0;
    }
    let ld = levenshtein(a, b);
    (100 * (max - ld) / max) as u8
}

/// The largest token distance a pair can have and still reach `threshold` when the longer
/// side has `max_len` tokens.
pub fn max_distance(threshold: u8, max_len: usize) -> usize {
    // 100 * (max - ld) / max >= t  <=>  ld <= max - ceil(t * max / 100)
    let need = (usize::from(threshold) * max_len).div_ceil(100);
    max_len.saturating_sub(need)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_basics() {
        assert_eq!(levenshtein(&[1, 2, 3], &[1, 2, 3]), 0);
        assert_eq!(levenshtein(&[1, 2, 3], &[1, 3]), 1);
        assert_eq!(levenshtein(&[1, 2, 3], &[3, 2, 1]), 2);
        assert_eq!(levenshtein::<u8>(&[], &[1, 2]), 2);
    }

    #[test]
    fn truncates_like_omegat() {
        // 3 tokens vs 2: LD 1, 100 * 2 / 3 = 66.67 -> 66.
        assert_eq!(similarity(&["a", "b", "c"], &["a", "b"]), 66);
        assert_eq!(similarity::<u8>(&[], &[]), 0);
    }

    #[test]
    fn max_distance_agrees_with_similarity() {
        for len in 1..40usize {
            for t in [50u8, 75, 80, 99, 100] {
                let d = max_distance(t, len);
                let a: Vec<usize> = (0..len).collect();
                let mut b = a.clone();
                for x in b.iter_mut().take(d) {
                    *x += 1000;
                }
                assert!(similarity(&a, &b) >= t, "len {len} t {t} d {d}");
                if d < len {
                    b[d] += 1000;
                    assert!(similarity(&a, &b) < t, "len {len} t {t} d {d}+1");
                }
            }
        }
    }
}
