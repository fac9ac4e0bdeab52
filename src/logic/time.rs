//! The API sends dates in two forms: `"2023-10-24 15:38:29 UTC"` (jobs, stacks)
//! and ISO 8601 `"2016-02-04T12:52:24Z"` (actions). Both become milliseconds
//! since the Unix epoch; the browser formats them in the viewer's time zone.
//!
//! Two fixed formats do not justify a date crate's weight in the wasm bundle.

use crate::logic::calendar::{days_from_civil, days_in_month};

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type EpochMillis = f64;

/// Parses either of the API's date forms; `None` for anything else.
pub fn parse_api_date(text: &str) -> Option<EpochMillis> {
    let text = text.trim();
    let (date, rest) = text.split_at_checked(10)?;
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    let time = rest
        .strip_suffix(" UTC")
        .or_else(|| rest.strip_suffix('Z'))
        .or_else(|| rest.strip_suffix("+00:00"))?;
    // Fractional seconds are allowed by ISO 8601; the API does not send them,
    // but dropping them is harmless.
    let time = time.split('.').next()?;

    let mut ymd = date.split('-');
    let year: i64 = number(ymd.next()?, 4)?;
    let month: i64 = number(ymd.next()?, 2)?;
    let day: i64 = number(ymd.next()?, 2)?;
    let mut hms = time.split(':');
    let hour: i64 = number(hms.next()?, 2)?;
    let minute: i64 = number(hms.next()?, 2)?;
    let second: i64 = number(hms.next()?, 2)?;
    if ymd.next().is_some() || hms.next().is_some() {
        return None;
    }
    if !(1..=12).contains(&month)
        || !(1..=i64::from(days_in_month(year, month as u32))).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month as u32, day as u32);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    Some(seconds as f64 * 1000.0)
}

/// A moment as a time zone's clocks show it (`logic::zone::local_time`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalTime {
    /// e.g. 2023.
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
    /// 0 to 59.
    pub second: u32,
    /// Minutes east of UTC (the opposite sign of `getTimezoneOffset`).
    pub utc_offset_minutes: i32,
}

impl LocalTime {
    /// "2023-10-24 17:39": compact, sortable, the same in every locale.
    /// (Building an `Intl.DateTimeFormat` costs about 20 ms at start-up.)
    pub fn short(&self) -> String {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }

    /// "2023-10-24 17:39:14 UTC+02:00", for a tooltip.
    pub fn long(&self) -> String {
        let sign = if self.utc_offset_minutes < 0 {
            '-'
        } else {
            '+'
        };
        let offset = self.utc_offset_minutes.unsigned_abs();
        format!(
            "{} {:02}:{:02}:{:02} UTC{sign}{:02}:{:02}",
            &self.short()[..10],
            self.hour,
            self.minute,
            self.second,
            offset / 60,
            offset % 60
        )
    }
}

fn number(text: &str, width: usize) -> Option<i64> {
    if text.len() != width || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_jobs_form() {
        // 2023-10-24 15:38:29 UTC, checked against `date -u -d ... +%s`.
        assert_eq!(
            parse_api_date("2023-10-24 15:38:29 UTC"),
            Some(1_698_161_909_000.0)
        );
    }

    #[test]
    fn parses_the_actions_form() {
        assert_eq!(
            parse_api_date("2016-02-04T12:52:24Z"),
            Some(1_454_590_344_000.0)
        );
    }

    #[test]
    fn both_forms_of_one_instant_agree() {
        assert_eq!(
            parse_api_date("2024-02-29 00:00:00 UTC"),
            parse_api_date("2024-02-29T00:00:00Z")
        );
    }

    #[test]
    fn epoch_is_zero() {
        assert_eq!(parse_api_date("1970-01-01T00:00:00Z"), Some(0.0));
    }

    #[test]
    fn local_times_read_the_same_everywhere() {
        let t = LocalTime {
            year: 2023,
            month: 10,
            day: 4,
            hour: 7,
            minute: 9,
            second: 3,
            utc_offset_minutes: 120,
        };
        assert_eq!(t.short(), "2023-10-04 07:09");
        assert_eq!(t.long(), "2023-10-04 07:09:03 UTC+02:00");
        let west = LocalTime {
            utc_offset_minutes: -(3 * 60 + 30),
            ..t
        };
        assert_eq!(west.long(), "2023-10-04 07:09:03 UTC-03:30");
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "yesterday",
            "2023-10-24",
            "2023-13-01 00:00:00 UTC",
            "2023-02-29 00:00:00 UTC",
            "2023-10-24 25:00:00 UTC",
            "2023-10-24 15:38:29 CET",
            "2023-1-24 15:38:29 UTC",
            "2023-10-24 15:38 UTC",
            "2023-10-24 15:38:29:01 UTC",
            "2023-10-24 15:38:2x UTC",
            "2023-10-24 15:38:29 UTC🙂",
        ] {
            assert_eq!(parse_api_date(bad), None, "{bad:?}");
        }
    }
}
