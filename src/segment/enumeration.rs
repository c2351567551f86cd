//! Enumerators that open a list item (segmenter support): "Một là, …", "Thứ hai, …".
//!
//! Vietnamese official prose lists its points as "Một là, …; Hai là, …" or "Thứ nhất, …".
//! A capitalized enumerator after a colon or semicolon starts a new sentence; a lower-case one
//! ("…; hai là, …") continues the same sentence, as its writer chose.

/// Counting words that form "X là," enumerators.
const COUNTS: &[&str] = &[
    "Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười",
];

/// Ordinals that form "Thứ X," enumerators.
const ORDINALS: &[&str] = &[
    "nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười",
];

/// True when `rest` (normalized text) opens with a capitalized enumerator and its comma:
/// "Một là,", "Hai là,", "Thứ nhất,", ...
///
/// ```
/// use vibrief::segment::enumeration::starts_item;
/// assert!(starts_item("Hai là, thông qua mạng lưới"));
/// assert!(starts_item("Thứ nhất, tăng cường"));
/// assert!(!starts_item("hai là, thông qua"));
/// assert!(!starts_item("Hai lần tăng"));
/// ```
pub fn starts_item(rest: &str) -> bool {
    let mut words = rest.split(' ');
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    if COUNTS.contains(&first) && second == "là," {
        return true;
    }
    first == "Thứ"
        && second
            .strip_suffix(',')
            .is_some_and(|o| ORDINALS.contains(&o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_ordinals() {
        for s in ["Một là, a", "Năm là, b", "Thứ tư, c", "Thứ mười, d"] {
            assert!(starts_item(s), "{s}");
        }
        for s in [
            "Một số địa phương",
            "Thứ trưởng Ngoại giao",
            "Năm 2022, x",
            "Ba là",
        ] {
            assert!(!starts_item(s), "{s}");
        }
    }
}
