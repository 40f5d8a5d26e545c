//! Small, allocation-free readers for the API's date and time texts, and civil-date arithmetic.
//!
//! The core has no clock: callers pass "now" as [`UnixTime`]. Models keep times as the text
//! the API sent (lossless round-trip); these functions read them when a rule needs to.

use core::fmt;

/// Seconds since 1970-01-01T00:00:00Z, as the caller's clock says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub i64);

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let date = Date {
            year: digits(&b[0..4])? as i32,
            month: digits(&b[5..7])? as u8,
            day: digits(&b[8..10])? as u8,
        };
        date.is_valid().then_some(date)
    }

    /// Whether the day exists in its month.
    pub fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month) && self.day >= 1 && self.day <= days_in_month(self.year, self.month)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(self.year as i64, self.month as i64, self.day as i64)
    }

    /// The date of a Unix time (UTC).
    pub fn from_unix(time: UnixTime) -> Date {
        let (y, m, d) = civil_from_days(time.0.div_euclid(86_400));
        Date {
            year: y as i32,
            month: m as u8,
            day: d as u8,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A clock time `HH:MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime {
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
}

impl ClockTime {
    /// Parses `HH:MM` (24-hour, two digits each).
    pub fn parse(text: &str) -> Option<ClockTime> {
        let b = text.as_bytes();
        if b.len() != 5 || b[2] != b':' {
            return None;
        }
        let (hour, minute) = (digits(&b[0..2])? as u8, digits(&b[3..5])? as u8);
        (hour < 24 && minute < 60).then_some(ClockTime { hour, minute })
    }

    /// Minutes since midnight.
    pub fn minutes(&self) -> u32 {
        self.hour as u32 * 60 + self.minute as u32
    }
}

/// A local date-time without offset: `YYYY-MM-DDTHH:MM` or `...:SS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime {
    /// The date.
    pub date: Date,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–59.
    pub second: u8,
}

impl LocalDateTime {
    /// Parses `YYYY-MM-DDTHH:MM[:SS]` (no offset, no fraction).
    pub fn parse(text: &str) -> Option<LocalDateTime> {
        let (date, time) = text.split_once('T')?;
        let date = Date::parse(date)?;
        let b = time.as_bytes();
        let (hm, second) = match b.len() {
            5 => (&time[..5], 0),
            8 if b[5] == b':' => (&time[..5], digits(&b[6..8])? as u8),
            _ => return None,
        };
        let clock = ClockTime::parse(hm)?;
        (second < 60).then_some(LocalDateTime {
            date,
            hour: clock.hour,
            minute: clock.minute,
            second,
        })
    }
}

/// Parses an RFC 3339 UTC timestamp (`2026-05-05T12:00:00Z`, fractions and `+00:00` allowed;
/// other offsets are applied) into Unix seconds.
pub fn parse_timestamp(text: &str) -> Option<UnixTime> {
    if text.len() < 20 || !text.is_char_boundary(19) {
        return None;
    }
    let (head, mut tail) = text.split_at(19);
    let local = LocalDateTime::parse(head)?;
    if let Some(rest) = tail.strip_prefix('.') {
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        tail = &rest[n..];
    }
    let offset_secs: i64 = match tail {
        "Z" | "z" => 0,
        _ => {
            let b = tail.as_bytes();
            if b.len() != 6 || b[3] != b':' || (b[0] != b'+' && b[0] != b'-') {
                return None;
            }
            let secs = digits(&b[1..3])? as i64 * 3600 + digits(&b[4..6])? as i64 * 60;
            if b[0] == b'-' { -secs } else { secs }
        }
    };
    let days = local.date.days_since_epoch();
    let secs = days * 86_400 + local.hour as i64 * 3600 + local.minute as i64 * 60 + local.second as i64;
    Some(UnixTime(secs - offset_secs))
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_timestamp(time: UnixTime) -> String {
    let date = Date::from_unix(time);
    let secs = time.0.rem_euclid(86_400);
    format!("{date}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
}

fn digits(bytes: &[u8]) -> Option<u32> {
    let mut value = 0u32;
    for &b in bytes {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + (b - b'0') as u32;
    }
    Some(value)
}

/// Whether `year` is a leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month of a year.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000i64, -1, 0, 1, 19_000, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(2026, 11, 28), 20_785);
    }

    #[test]
    fn timestamps() {
        let t = parse_timestamp("2026-05-05T12:00:00Z").unwrap();
        assert_eq!(format_timestamp(t), "2026-05-05T12:00:00Z");
        assert_eq!(parse_timestamp("2026-05-05T14:00:00.123+02:00"), Some(t));
        assert_eq!(parse_timestamp("2026-02-30T12:00:00Z"), None);
        assert_eq!(parse_timestamp("2026-05-05T12:00:00"), None);
        assert_eq!(parse_timestamp("2026-05-05T12:00:00é"), None);
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2025-02-29").is_none());
        assert!(ClockTime::parse("24:00").is_none());
        assert!(LocalDateTime::parse("2026-11-28T21:15:00").is_some());
        assert!(LocalDateTime::parse("2026-11-28T21:15").is_some());
        assert!(LocalDateTime::parse("2026-11-28T21:15:60").is_none());
    }
}
