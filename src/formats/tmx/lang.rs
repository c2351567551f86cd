//! Language codes as TMX files write them (`EN-US`, `en-us`, `En-uS`), put in BCP 47 case.

/// The BCP 47 casing of `code`: language lower case, script title case, region upper case,
/// other subtags lower case; `_` becomes `-`. `*all*` and empty codes are returned as they are.
///
/// ```
/// use vibrief::formats::tmx::canonical_lang;
/// assert_eq!(canonical_lang("En-uS"), "en-US");
/// assert_eq!(canonical_lang("zh_hant_tw"), "zh-Hant-TW");
/// assert_eq!(canonical_lang("VI"), "vi");
/// ```
pub fn canonical_lang(code: &str) -> String {
    let code = code.trim();
    if code == "*all*" || code.is_empty() {
        return code.to_string();
    }
    let mut out = String::with_capacity(code.len());
    for (i, sub) in code.split(['-', '_']).enumerate() {
        if i > 0 {
            out.push('-');
        }
        let is_alpha = sub.chars().all(|c| c.is_ascii_alphabetic());
        if i > 0 && sub.len() == 4 && is_alpha {
            let mut chars = sub.chars();
            out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        } else if i > 0
            && (sub.len() == 2 && is_alpha
                || sub.len() == 3 && sub.chars().all(|c| c.is_ascii_digit()))
        {
            out.push_str(&sub.to_ascii_uppercase());
        } else {
            out.push_str(&sub.to_ascii_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::canonical_lang;

    #[test]
    fn cases_meet() {
        for code in ["EN-US", "en-us", "En-uS", "en_US"] {
            assert_eq!(canonical_lang(code), "en-US");
        }
        assert_eq!(canonical_lang("es-419"), "es-419");
        assert_eq!(canonical_lang("*all*"), "*all*");
    }
}
