//! Ordinals and Roman numerals, as the glossary's slots and the number checks both need them.

/// The English ordinal suffix form of `n` (`1` → "1st", `13` → "13th", `22` → "22nd").
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The value of a canonical Roman numeral (`XIII` → 13); `None` for anything else (`IIII`).
pub fn roman(s: &str) -> Option<u32> {
    let digit = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let values: Vec<u32> = s.chars().map(digit).collect::<Option<_>>()?;
    if values.is_empty() {
        return None;
    }
    let mut total = 0i64;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= i64::from(*v);
        } else {
            total += i64::from(*v);
        }
    }
    let total = u32::try_from(total).ok().filter(|t| *t > 0)?;
    (to_roman(total) == s).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman("XIII"), Some(13));
        assert_eq!(roman("XIV"), Some(14));
        assert_eq!(roman("XLIX"), Some(49));
        assert_eq!(roman("IIII"), None);
        assert_eq!(roman("IC"), None);
        assert_eq!(roman("ABC"), None);
        assert_eq!(ordinal(13), "13th");
        assert_eq!(ordinal(22), "22nd");
        assert_eq!(ordinal(101), "101st");
    }
}
