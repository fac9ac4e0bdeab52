//! Wall-clock time in the three formats the API uses, without a date crate, and the clock the
//! sandbox states.
//!
//! Jobs and stacks carry `"2023-10-24 15:38:29 UTC"`; actions carry ISO 8601
//! `"2016-02-04T12:52:24Z"`; the `Date` header is an RFC 7231 IMF-fixdate,
//! `"Sun, 06 Nov 1994 08:49:37 GMT"`. Times are kept as Unix seconds and formatted on demand.

use std::time::{SystemTime, UNIX_EPOCH};

/// The largest clock offset, either way: 100 years in milliseconds.
pub const MAX_OFFSET_MS: i64 = 36_525 * 86_400 * 1000;

/// The sandbox's stated clock: the machine's clock shifted by an offset that
/// `/__sandbox/clock` sets, so a test whose browser runs on a fake clock can make the API's
/// clock agree with it, or disagree by a set amount.
///
/// Every time the sandbox states comes from it: the `Date` header, and every date it writes
/// from then on (actions started, jobs changed, the seed when the world is seeded). Dates
/// already written stay as they are, as they would on a real server whose clock is adjusted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    offset_ms: i64,
}

impl Clock {
    /// A clock `offset_ms` ahead of the machine's (behind when negative); at most
    /// [`MAX_OFFSET_MS`] either way.
    pub fn with_offset(offset_ms: i64) -> Result<Self, String> {
        if offset_ms
            .checked_abs()
            .is_none_or(|size| size > MAX_OFFSET_MS)
        {
            return Err(format!(
                "offset_ms must be between -{MAX_OFFSET_MS} and {MAX_OFFSET_MS} (100 years)"
            ));
        }
        Ok(Self { offset_ms })
    }

    /// How far this clock is from the machine's, in milliseconds.
    pub fn offset_ms(self) -> i64 {
        self.offset_ms
    }

    /// The stated time, in milliseconds since the Unix epoch.
    pub fn now_ms(self) -> i64 {
        unix_ms(SystemTime::now()).saturating_add(self.offset_ms)
    }

    /// The stated time, in whole seconds since the Unix epoch.
    pub fn now_unix(self) -> i64 {
        self.now_ms().div_euclid(1000)
    }
}

/// Seconds since the Unix epoch, now, by the machine's clock.
pub fn now_unix() -> i64 {
    unix(SystemTime::now())
}

/// Milliseconds since the Unix epoch at `time`.
pub fn unix_ms(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Seconds since the Unix epoch at `time`.
pub fn unix(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
        // A clock before 1970 is a broken machine; the epoch is as good an answer as any.
        .unwrap_or(0)
}

/// Formats Unix seconds the way jobs and stacks show dates: `"YYYY-MM-DD HH:MM:SS UTC"`.
pub fn format_utc(unix: i64) -> String {
    let (year, month, day, hour, minute, second) = civil(unix);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} UTC")
}

/// Formats Unix seconds the way actions show dates: ISO 8601 `"YYYY-MM-DDTHH:MM:SSZ"`.
pub fn format_iso(unix: i64) -> String {
    let (year, month, day, hour, minute, second) = civil(unix);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

/// Formats Unix seconds as an HTTP date (RFC 7231 IMF-fixdate): `"Sun, 06 Nov 1994 08:49:37 GMT"`.
pub fn format_http_date(unix: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month, day, hour, minute, second) = civil(unix);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAYS[unix.div_euclid(86_400).rem_euclid(7) as usize];
    let month = MONTHS[(month - 1).rem_euclid(12) as usize];
    format!("{weekday}, {day:02} {month} {year:04} {hour:02}:{minute:02}:{second:02} GMT")
}

/// Splits Unix seconds into the proleptic Gregorian calendar, in UTC.
fn civil(unix: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = unix.div_euclid(86_400);
    let seconds = unix.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    (
        year,
        month,
        day,
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60,
    )
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to (year, month, day).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_seed_sample_dates() {
        assert_eq!(format_utc(1_698_161_909), "2023-10-24 15:38:29 UTC");
        assert_eq!(format_iso(1_454_590_344), "2016-02-04T12:52:24Z");
    }

    #[test]
    fn handles_epoch_leap_days_and_year_ends() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_iso(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_iso(1_704_067_199), "2023-12-31T23:59:59Z");
    }

    #[test]
    fn formats_http_dates_as_rfc_7231_imf_fixdate() {
        // RFC 7231's own example.
        assert_eq!(
            format_http_date(784_111_777),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(
            format_http_date(951_782_400),
            "Tue, 29 Feb 2000 00:00:00 GMT"
        );
        assert_eq!(format_http_date(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
        // Every weekday and month name in turn, a day and a month apart.
        let names: Vec<String> = (0..7)
            .map(|day| format_http_date(day * 86_400)[..3].to_owned())
            .collect();
        assert_eq!(names, ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]);
    }

    #[test]
    fn the_stated_clock_is_the_machine_s_shifted_by_its_offset() {
        let behind = Clock::with_offset(-7 * 60 * 1000).expect("7 minutes is allowed");
        let drift = now_unix() - behind.now_unix();
        assert!((419..=421).contains(&drift), "{drift}");
        assert_eq!(Clock::default().offset_ms(), 0);
        assert!(Clock::with_offset(MAX_OFFSET_MS).is_ok());
        assert!(Clock::with_offset(-MAX_OFFSET_MS).is_ok());
        assert!(Clock::with_offset(MAX_OFFSET_MS + 1).is_err());
        assert!(Clock::with_offset(i64::MIN).is_err());
    }
}
