//! Wall-clock time in the two formats the API uses, without a date crate.
//!
//! Jobs and stacks carry `"2023-10-24 15:38:29 UTC"`; actions carry ISO 8601
//! `"2016-02-04T12:52:24Z"`. Times are kept as Unix seconds and formatted on demand.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> i64 {
    unix(SystemTime::now())
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
}
