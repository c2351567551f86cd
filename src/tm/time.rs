//! Times as the TM stores them (Unix seconds, UTC) and as TMX writes them (`20241107T122621Z`).
//! Calendar arithmetic is the `time` crate's: it knows that February has no 31st.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Parses a TMX date (`YYYYMMDDThhmmssZ`), tolerating a missing `Z` and dashes and colons; a
/// date that does not exist (`20230231T…`) is `None`.
///
/// ```
/// use vibrief::tm::time::{parse_tmx_date, format_tmx_date};
/// let t = parse_tmx_date("20241107T122621Z").unwrap();
/// assert_eq!(format_tmx_date(t), "20241107T122621Z");
/// assert_eq!(parse_tmx_date("2024-11-07T12:26:21Z"), Some(t));
/// assert_eq!(parse_tmx_date("20230231T000000Z"), None);
/// ```
pub fn parse_tmx_date(s: &str) -> Option<i64> {
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 14 || !s.contains('T') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| digits[r].iter().fold(0u32, |acc, d| acc * 10 + d);
    let date = date(num(0..4) as i32, num(4..6), num(6..8))?;
    // A leap second (:60) is the last second of its minute.
    let time = Time::from_hms(
        u8::try_from(num(8..10)).ok()?,
        u8::try_from(num(10..12)).ok()?,
        u8::try_from(num(12..14).min(59)).ok()?,
    )
    .ok()?;
    Some(
        PrimitiveDateTime::new(date, time)
            .assume_utc()
            .unix_timestamp(),
    )
}

/// Formats Unix seconds as a TMX date in UTC.
pub fn format_tmx_date(t: i64) -> String {
    // Every stored time was parsed from four-digit years or taken from the clock.
    let t = OffsetDateTime::from_unix_timestamp(t).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Parses `YYYY-MM-DD` (start of that day, UTC), for command-line date filters; a day that
/// does not exist (`2024-02-30`) is `None`.
pub fn parse_day(s: &str) -> Option<i64> {
    let mut parts = s.trim().splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let date = date(i32::try_from(y).ok()?, m, d)?;
    Some(date.midnight().assume_utc().unix_timestamp())
}

fn date(year: i32, month: u32, day: u32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
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
        assert_eq!(
            parse_tmx_date("20230229T000000Z"),
            None,
            "2023 is no leap year"
        );
        assert_eq!(parse_day("2024-02-29"), parse_tmx_date("20240229T000000Z"));
        assert_eq!(parse_day("2024-02-31"), None);
        assert_eq!(parse_day("2024-13-01"), None);
    }
}
