//! Times as the TM stores them (Unix seconds, UTC) and as TMX writes them (`20241107T122621Z`).

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Parses a TMX date (`YYYYMMDDThhmmssZ`), tolerating a missing `Z` and dashes and colons.
///
/// ```
/// use vibrief::tm::time::{parse_tmx_date, format_tmx_date};
/// let t = parse_tmx_date("20241107T122621Z").unwrap();
/// assert_eq!(format_tmx_date(t), "20241107T122621Z");
/// assert_eq!(parse_tmx_date("2024-11-07T12:26:21Z"), Some(t));
/// ```
pub fn parse_tmx_date(s: &str) -> Option<i64> {
    let digits: Vec<u32> = s
        .chars()
        .filter(|c| c.is_ascii_digit())
        .map(|c| c.to_digit(10).unwrap())
        .collect();
    if digits.len() != 14 || !s.contains('T') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        digits[r]
            .iter()
            .fold(0i64, |acc, d| acc * 10 + i64::from(*d))
    };
    let (y, mo, d) = (num(0..4), num(4..6), num(6..8));
    let (h, mi, se) = (num(8..10), num(10..12), num(12..14));
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se)
}

/// Formats Unix seconds as a TMX date in UTC.
pub fn format_tmx_date(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Parses `YYYY-MM-DD` (start of that day, UTC), for command-line date filters.
pub fn parse_day(s: &str) -> Option<i64> {
    let mut parts = s.trim().splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| days_from_civil(y, m, d) * 86_400)
}

// Howard Hinnant's algorithms for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(parse_tmx_date("19700101T000000Z"), Some(0));
        assert_eq!(parse_tmx_date("20000229T235959Z"), Some(951_868_799));
        assert_eq!(format_tmx_date(951_868_799), "20000229T235959Z");
        assert_eq!(parse_day("2024-01-02"), parse_tmx_date("20240102T000000Z"));
        assert_eq!(parse_tmx_date("yesterday"), None);
    }
}
