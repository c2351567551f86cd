//! Language codes as CAT tools compare them. Files write `EN-US`, `en_us` or `vi`; OmegaT and
//! Okapi match a bare language against any of its regions, and a region against itself first,
//! then the bare language. The glossary, `check` and the TM all compare codes here.

/// The BCP 47 casing of `code`: language lower case, script title case, region upper case,
/// other subtags lower case; `_` becomes `-`. `*all*` and empty codes are returned as they are.
///
/// ```
/// use vibrief::text::lang::canonical;
/// assert_eq!(canonical("En-uS"), "en-US");
/// assert_eq!(canonical("zh_hant_tw"), "zh-Hant-TW");
/// assert_eq!(canonical("VI"), "vi");
/// ```
pub fn canonical(code: &str) -> String {
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

/// The primary language subtag of `code`, lower case: `vi` of `vi-VN`.
///
/// ```
/// assert_eq!(vibrief::text::lang::primary("VI_vn"), "vi");
/// ```
pub fn primary(code: &str) -> String {
    let code = code.trim();
    code.split(['-', '_'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase()
}

/// True when the language code in a file (`vi-VN`, `VI`) names the language asked for (`vi`):
/// case-insensitive, and a code with a region matches its bare language either way round. Two
/// different regions (`en-GB`, `en-US`) do not match.
///
/// ```
/// use vibrief::text::lang::matches;
/// assert!(matches("vi-VN", "vi"));
/// assert!(matches("EN", "en-us"));
/// assert!(!matches("en-GB", "en-US"));
/// ```
pub fn matches(file_code: &str, wanted: &str) -> bool {
    let (f, w) = (canonical(file_code), canonical(wanted));
    if f.eq_ignore_ascii_case(&w) {
        return true;
    }
    let bare = |c: &str| !c.contains('-');
    primary(&f) == primary(&w) && (bare(&f) || bare(&w))
}

/// True when `file_code` is exactly the code asked for, case aside: among matches of equal
/// score, these rank first (`vi-VN` before `vi` for a `vi-VN` query).
pub fn exact(file_code: &str, wanted: &str) -> bool {
    canonical(file_code).eq_ignore_ascii_case(&canonical(wanted))
}

/// An SQL condition on `column` (a column of codes in [`canonical`] case) true when it
/// [`matches`] a wanted code, with its three parameters numbered from `first`; bind them with
/// [`sql_params`].
pub fn sql_condition(column: &str, first: usize) -> String {
    format!(
        "({column} IN (?{first}, ?{}) OR {column} LIKE ?{})",
        first + 1,
        first + 2
    )
}

/// The parameters of [`sql_condition`] for `wanted`: the code itself, its bare language, and
/// (for a bare code) the pattern of its regions.
pub fn sql_params(wanted: &str) -> [Option<String>; 3] {
    let code = canonical(wanted);
    let lang = primary(&code);
    let regions = (lang == code).then(|| format!("{lang}-%"));
    [Some(code), Some(lang), regions]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_meet() {
        for code in ["EN-US", "en-us", "En-uS", "en_US"] {
            assert_eq!(canonical(code), "en-US");
        }
        assert_eq!(canonical("es-419"), "es-419");
        assert_eq!(canonical("*all*"), "*all*");
    }

    #[test]
    fn a_bare_language_matches_its_regions_and_a_region_only_itself_and_the_bare_language() {
        assert!(matches("vi-VN", "vi") && matches("vi-US", "vi") && matches("vi", "vi-VN"));
        assert!(matches("VI-vn", "vi-VN") && matches("vi_VN", "vi-vn"));
        assert!(!matches("vi-US", "vi-VN") && !matches("en", "vi") && !matches("vie", "vi"));
        assert!(exact("vi_vn", "vi-VN") && !exact("vi", "vi-VN"));
    }

    #[test]
    fn the_sql_condition_agrees_with_matches() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let stored = ["vi", "vi-VN", "vi-US", "en", "en-US", "en-GB", "vie"];
        for wanted in ["vi", "VI-vn", "en", "en_us"] {
            let sql = format!(
                "SELECT c FROM (SELECT column1 AS c FROM (VALUES {})) WHERE {} ORDER BY c",
                stored.map(|c| format!("('{c}')")).join(", "),
                sql_condition("c", 1)
            );
            let mut stmt = conn.prepare(&sql).unwrap();
            let found: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(sql_params(wanted)), |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let mut expected: Vec<&str> =
                stored.into_iter().filter(|c| matches(c, wanted)).collect();
            expected.sort();
            assert_eq!(found, expected, "{wanted}");
        }
    }
}
