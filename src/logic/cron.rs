//! The 5-field cron of Vixie cron / cronie, read in UTC: parse an expression,
//! say it in words, and find the instants it runs at.
//!
//! Written by hand because a cron crate costs 25-300 KiB gzip in the wasm; a
//! native property test checks it against the `croner` crate.
//!
//! Semantics follow cronie's `entry.c` and `cron.c`:
//! - a field is a comma list of `*`, `N`, `N-M`, `*/S` or `N-M/S`; a single
//!   number takes no step (`5/10` is an error, as in cronie);
//! - months `Jan`-`Dec` and days `Sun`-`Sat` by their three-letter names in any
//!   case, also as range ends; `Sun` is 0, so `Mon-Sun` is a reversed range;
//! - day of week 0 and 7 are both Sunday;
//! - when the day-of-month or the day-of-week field starts with `*` (so `*/2`
//!   counts), a day must match both fields; otherwise either field suffices;
//! - the macros `@yearly` `@annually` `@monthly` `@weekly` `@daily`
//!   `@midnight` `@hourly`, in lower case only (cronie compares with `strcmp`).

use std::fmt;

use crate::logic::calendar::{civil_from_days, days_from_civil, days_in_month, weekday};
use crate::logic::time::EpochMillis;

const MINUTE_MS: f64 = 60_000.0;
const MINUTES_PER_DAY: i64 = 1_440;
/// The Gregorian calendar repeats after 400 years, so a schedule with no run
/// in 400 years of months has none at all.
const MONTHS_IN_CYCLE: u32 = 400 * 12;
/// The range of a JavaScript `Date`, in milliseconds either side of the epoch.
const DATE_LIMIT_MS: f64 = 8.64e15;

const ALL_DAYS: u32 = 0xFFFF_FFFE;
const ALL_MONTHS: u16 = 0x1FFE;
const ALL_WEEKDAYS: u8 = 0x7F;
const ALL_HOURS: u32 = 0x00FF_FFFF;
const ALL_MINUTES: u64 = (1 << 60) - 1;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// A parsed cron expression: one bit per value each field allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cron {
    minutes: u64,
    hours: u32,
    /// Bit `d` for day `d` of the month (1-31).
    days: u32,
    /// Bit `m` for month `m` (1-12).
    months: u16,
    /// Bit 0 for Sunday to bit 6 for Saturday.
    weekdays: u8,
    /// A day field started with `*`: a day must match both day fields.
    days_and: bool,
}

/// One of the five fields of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CronField {
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

/// How a description says the time of day (see [`Cron::time_shape`]), in
/// UTC: what another zone's equivalent is worked out from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeShape {
    /// At most six times of the day, as minutes of the day (09:30 is 570),
    /// earliest first: "At 09:00 and 17:00 UTC".
    Times(Vec<u32>),
    /// Every hour, at these minutes: "Every 15 minutes", "Every hour, at
    /// minute 5".
    EveryHour {
        /// Minutes past the hour, ascending.
        minutes: Vec<u32>,
    },
    /// Some hours, too many times to list: "Every 15 minutes during hours 9
    /// to 17 UTC".
    Hours {
        /// Hours of the day, ascending.
        hours: Vec<u32>,
        /// Minutes past each of them, ascending.
        minutes: Vec<u32>,
    },
}

/// Why an expression is not a cron schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CronError {
    /// Not five fields (the count found); an empty expression has 0.
    FieldCount(usize),
    /// An `@` word other than the seven macros (including `@reboot`).
    UnknownMacro,
    /// Something that is not a number, name, `*`, range or step.
    Syntax(CronField),
    /// A value outside the field's range.
    OutOfRange(CronField),
    /// A range whose start is after its end, such as `5-1`.
    Reversed(CronField),
    /// A step of 0.
    ZeroStep(CronField),
}

impl fmt::Display for CronField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CronField::Minute => "minute (0-59)",
            CronField::Hour => "hour (0-23)",
            CronField::DayOfMonth => "day of month (1-31)",
            CronField::Month => "month (1-12 or Jan-Dec)",
            CronField::DayOfWeek => "day of week (0-7 or Sun-Sat)",
        })
    }
}

impl fmt::Display for CronError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CronError::FieldCount(n) => write!(f, "expected 5 fields, found {n}"),
            CronError::UnknownMacro => f.write_str("unknown @ macro"),
            CronError::Syntax(field) => write!(f, "unreadable {field}"),
            CronError::OutOfRange(field) => write!(f, "value out of range in {field}"),
            CronError::Reversed(field) => write!(f, "range goes backwards in {field}"),
            CronError::ZeroStep(field) => write!(f, "step of 0 in {field}"),
        }
    }
}

impl std::error::Error for CronError {}

/// What one field accepts.
struct Spec {
    field: CronField,
    min: u32,
    max: u32,
    /// Three-letter names, lower case, the first one standing for `min`.
    names: &'static str,
}

const SPECS: [Spec; 5] = [
    Spec {
        field: CronField::Minute,
        min: 0,
        max: 59,
        names: "",
    },
    Spec {
        field: CronField::Hour,
        min: 0,
        max: 23,
        names: "",
    },
    Spec {
        field: CronField::DayOfMonth,
        min: 1,
        max: 31,
        names: "",
    },
    Spec {
        field: CronField::Month,
        min: 1,
        max: 12,
        names: "janfebmaraprmayjunjulaugsepoctnovdec",
    },
    Spec {
        field: CronField::DayOfWeek,
        min: 0,
        max: 7,
        names: "sunmontuewedthufrisat",
    },
];

impl Spec {
    fn value(&self, text: &str) -> Result<u32, CronError> {
        let value = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            text.parse::<u32>()
                .map_err(|_| CronError::OutOfRange(self.field))?
        } else {
            let index = self
                .names
                .as_bytes()
                .chunks(3)
                .position(|name| name.eq_ignore_ascii_case(text.as_bytes()))
                .ok_or(CronError::Syntax(self.field))?;
            self.min + index as u32
        };
        if value < self.min || value > self.max {
            return Err(CronError::OutOfRange(self.field));
        }
        Ok(value)
    }

    /// The bits a field sets: bit `v` for each value `v` it allows.
    fn parse(&self, text: &str) -> Result<u64, CronError> {
        let mut bits = 0u64;
        for part in text.split(',') {
            let (range, step) = match part.split_once('/') {
                Some((range, step)) => (range, Some(step)),
                None => (part, None),
            };
            let (low, high) = if range == "*" {
                (self.min, self.max)
            } else if let Some((low, high)) = range.split_once('-') {
                let (low, high) = (self.value(low)?, self.value(high)?);
                if low > high {
                    return Err(CronError::Reversed(self.field));
                }
                (low, high)
            } else if step.is_some() {
                // cronie reads `N/S` as an error, not as `N-max/S`.
                return Err(CronError::Syntax(self.field));
            } else {
                let value = self.value(range)?;
                (value, value)
            };
            let step = match step {
                None => 1,
                Some(step) if !step.is_empty() && step.bytes().all(|b| b.is_ascii_digit()) => {
                    // A step past the field's span selects only the start.
                    step.parse::<u32>().unwrap_or(u32::MAX)
                }
                Some(_) => return Err(CronError::Syntax(self.field)),
            };
            if step == 0 {
                return Err(CronError::ZeroStep(self.field));
            }
            let mut value = low;
            while value <= high {
                bits |= 1 << value;
                value = value.saturating_add(step);
            }
        }
        Ok(bits)
    }
}

impl Cron {
    /// Parses a 5-field expression or one of the `@` macros.
    pub fn parse(expr: &str) -> Result<Cron, CronError> {
        let expr = expr.trim();
        let expanded = match expr.strip_prefix('@') {
            None => expr,
            Some("yearly" | "annually") => "0 0 1 1 *",
            Some("monthly") => "0 0 1 * *",
            Some("weekly") => "0 0 * * 0",
            Some("daily" | "midnight") => "0 0 * * *",
            Some("hourly") => "0 * * * *",
            Some(word) if word.split_ascii_whitespace().count() > 1 => {
                return Err(CronError::FieldCount(expr.split_ascii_whitespace().count()))
            }
            Some(_) => return Err(CronError::UnknownMacro),
        };
        let fields: Vec<&str> = expanded.split_ascii_whitespace().collect();
        if fields.len() != 5 {
            return Err(CronError::FieldCount(fields.len()));
        }
        let mut bits = [0u64; 5];
        for ((bits, spec), text) in bits.iter_mut().zip(&SPECS).zip(&fields) {
            *bits = spec.parse(text)?;
        }
        // Bit 7 (Sunday again) folds into bit 0.
        let weekdays = (bits[4] | bits[4] >> 7) as u8 & ALL_WEEKDAYS;
        Ok(Cron {
            minutes: bits[0],
            hours: bits[1] as u32,
            days: bits[2] as u32,
            months: bits[3] as u16,
            weekdays,
            days_and: fields[2].starts_with('*') || fields[4].starts_with('*'),
        })
    }

    /// The first instant after `after_ms` (strictly) at which the schedule
    /// runs, a whole minute in UTC; `None` if it never runs.
    pub fn next_after(&self, after_ms: EpochMillis) -> Option<EpochMillis> {
        if !(-DATE_LIMIT_MS..DATE_LIMIT_MS).contains(&after_ms) {
            return None;
        }
        let minute = (after_ms / MINUTE_MS).floor() as i64 + 1;
        let next = self.first_minute_from(minute)?;
        let ms = next as f64 * MINUTE_MS;
        (ms < DATE_LIMIT_MS).then_some(ms)
    }

    /// The next `n` runs after `after_ms`, fewer if the schedule stops (never).
    pub fn upcoming(&self, after_ms: EpochMillis, n: usize) -> Vec<EpochMillis> {
        let mut runs = Vec::with_capacity(n.min(64));
        let mut cursor = after_ms;
        while runs.len() < n {
            match self.next_after(cursor) {
                Some(next) => {
                    runs.push(next);
                    cursor = next;
                }
                None => break,
            }
        }
        runs
    }

    /// The first minute (counted from the epoch) at or after `start` that
    /// matches, walking month by month over at most one calendar cycle.
    fn first_minute_from(&self, start: i64) -> Option<i64> {
        let start_day = start.div_euclid(MINUTES_PER_DAY);
        let start_time = start.rem_euclid(MINUTES_PER_DAY) as u32;
        let (mut year, mut month, start_dom) = civil_from_days(start_day);
        let mut from_dom = start_dom;
        for month_index in 0..=MONTHS_IN_CYCLE {
            if self.months & (1 << month) != 0 {
                let mut days = self.days_in(year, month) & !((1u32 << from_dom) - 1);
                while days != 0 {
                    let dom = days.trailing_zeros();
                    let earliest = if month_index == 0 && dom == start_dom {
                        start_time
                    } else {
                        0
                    };
                    if let Some(time) = self.first_time_from(earliest) {
                        return Some(days_from_civil(year, month, dom) * MINUTES_PER_DAY + time);
                    }
                    days &= days - 1;
                }
            }
            // Only the first month starts part way through.
            from_dom = 1;
            month += 1;
            if month > 12 {
                month = 1;
                year += 1;
            }
        }
        None
    }

    /// The days of a month that match both day fields as cronie combines them.
    fn days_in(&self, year: i64, month: u32) -> u32 {
        let length = days_in_month(year, month);
        let in_month = ((2u64 << length) - 2) as u32;
        let first_weekday = weekday(days_from_civil(year, month, 1));
        // Rotate so bit j says whether day j+1 has an allowed weekday, then
        // repeat the week over five weeks.
        let w = u32::from(self.weekdays);
        let rotated = ((w >> first_weekday) | (w << (7 - first_weekday))) & 0x7F;
        let week = u64::from(rotated) << 1;
        let by_weekday = (week | week << 7 | week << 14 | week << 21 | week << 28) as u32;
        let matching = if self.days_and {
            self.days & by_weekday
        } else {
            self.days | by_weekday
        };
        matching & in_month
    }

    /// The first minute of a day at or after `earliest` that matches.
    fn first_time_from(&self, earliest: u32) -> Option<i64> {
        let (hour, minute) = (earliest / 60, earliest % 60);
        if self.hours & (1 << hour) != 0 {
            let later = self.minutes & !((1u64 << minute) - 1);
            if later != 0 {
                return Some(i64::from(hour * 60 + later.trailing_zeros()));
            }
        }
        let later_hours = self.hours & !((2u32 << hour) - 1);
        (later_hours != 0)
            .then(|| i64::from(later_hours.trailing_zeros() * 60 + self.minutes.trailing_zeros()))
    }

    /// The schedule in plain English, times in UTC, e.g. "At 09:00 UTC,
    /// Monday to Friday" or "Every 15 minutes".
    pub fn describe(&self) -> String {
        let (mut time, rest) = self.describe_split();
        time.push_str(&rest);
        time
    }

    /// [`Cron::describe`] cut after the time of day: ("At 03:00 UTC",
    /// ", every day"), so that another zone's time can be said between them.
    pub fn describe_split(&self) -> (String, String) {
        let (time, daily) = self.describe_time();
        let mut rest = String::new();
        let days = self.describe_days();
        match &days {
            Some(days) => {
                rest.push_str(", ");
                rest.push_str(days);
            }
            None if daily => rest.push_str(", every day"),
            None => {}
        }
        if self.months != ALL_MONTHS {
            let months = set_bits(u64::from(self.months));
            rest.push_str(", in ");
            rest.push_str(&series(&months, " and ", |m| {
                MONTHS[m as usize - 1].to_string()
            }));
        }
        if !time.contains("UTC") && (days.is_some() || self.months != ALL_MONTHS) {
            // The days themselves begin and end at midnight UTC.
            rest.push_str(" (UTC)");
        }
        (time, rest)
    }

    /// Whether the schedule runs on every day of every month (so its times
    /// of day may be read modulo a day, whatever the zone).
    pub fn runs_every_day(&self) -> bool {
        self.months == ALL_MONTHS && self.describe_days().is_none()
    }

    /// How the description says the time of day, with the values it names.
    pub fn time_shape(&self) -> TimeShape {
        let minutes = set_bits(self.minutes);
        let hours = set_bits(u64::from(self.hours));
        if self.hours == ALL_HOURS {
            TimeShape::EveryHour { minutes }
        } else if minutes.len() * hours.len() <= 6 {
            let times = hours
                .iter()
                .flat_map(|h| minutes.iter().map(move |m| h * 60 + m))
                .collect();
            TimeShape::Times(times)
        } else {
            TimeShape::Hours { hours, minutes }
        }
    }

    /// How many runs fall in `(after, until]`. It walks the UTC days of the
    /// span, so it costs a few dozen bit operations per day, however many
    /// runs there are (`* * * * *` has 10,080 a week): made for windows of
    /// days, not centuries.
    pub fn count_between(&self, after: EpochMillis, until: EpochMillis) -> u64 {
        let limit = -DATE_LIMIT_MS..DATE_LIMIT_MS;
        if !limit.contains(&after) || !limit.contains(&until) || until <= after {
            return 0;
        }
        let first = (after / MINUTE_MS).floor() as i64 + 1;
        let last = (until / MINUTE_MS).floor() as i64;
        let mut count = 0u64;
        let mut day = first.div_euclid(MINUTES_PER_DAY);
        while day * MINUTES_PER_DAY <= last {
            let (year, month, dom) = civil_from_days(day);
            if self.months & (1 << month) != 0 && self.days_in(year, month) & (1 << dom) != 0 {
                let low = (first - day * MINUTES_PER_DAY).max(0);
                let high = (last - day * MINUTES_PER_DAY).min(MINUTES_PER_DAY - 1);
                count += self.count_in_day(low as u32, high as u32);
            }
            day += 1;
        }
        count
    }

    /// Matching minutes of a matching day from `low` to `high` (minutes of
    /// the day, both included).
    fn count_in_day(&self, low: u32, high: u32) -> u64 {
        let mut count = 0;
        let mut hours = self.hours;
        while hours != 0 {
            let hour = hours.trailing_zeros();
            hours &= hours - 1;
            let (start, end) = (hour * 60, hour * 60 + 59);
            if end < low || start > high {
                continue;
            }
            let from = low.max(start) - start;
            let to = high.min(end) - start;
            // Bits from..=to of the hour's minutes.
            let mask = ((2u64 << to) - 1) & !((1u64 << from) - 1);
            count += u64::from((self.minutes & mask).count_ones());
        }
        count
    }

    /// The time of day part, and whether it is a list of times of the day.
    fn describe_time(&self) -> (String, bool) {
        let every_minutes = |minutes: &[u32]| {
            if self.minutes == ALL_MINUTES {
                Some("Every minute".to_string())
            } else {
                match progression(minutes) {
                    Some((0, step)) if 60 % step == 0 => Some(format!("Every {step} minutes")),
                    _ => None,
                }
            }
        };
        match self.time_shape() {
            TimeShape::EveryHour { minutes } => {
                let text = match (every_minutes(&minutes), minutes.as_slice()) {
                    (Some(every), _) => every,
                    (None, [minute]) => format!("Every hour, at minute {minute}"),
                    (None, _) => format!("At {} past every hour", noun(&minutes, "minute", 0, 59)),
                };
                (text, false)
            }
            TimeShape::Times(times) => {
                let times: Vec<String> = times
                    .iter()
                    .map(|t| format!("{:02}:{:02}", t / 60, t % 60))
                    .collect();
                (format!("At {} UTC", join(&times, " and ")), true)
            }
            TimeShape::Hours { hours, minutes } => {
                let hours = noun(&hours, "hour", 0, 23);
                let text = match every_minutes(&minutes) {
                    Some(every) => format!("{every} during {hours} UTC"),
                    None => format!("At {} past {hours} UTC", noun(&minutes, "minute", 0, 59)),
                };
                (text, false)
            }
        }
    }

    /// The days the schedule runs on, or `None` for every day.
    fn describe_days(&self) -> Option<String> {
        let dom_all = self.days == ALL_DAYS;
        let dow_all = self.weekdays == ALL_WEEKDAYS;
        let doms = set_bits(u64::from(self.days));
        let on_days = || format!("on {} of the month", noun(&doms, "day", 1, 31));
        // Monday first, so that `5-7` reads "Friday to Sunday".
        let weekdays = set_bits(u64::from(self.weekdays >> 1 | (self.weekdays & 1) << 6));
        let weekday_name = |i: u32| WEEKDAYS[(i as usize + 1) % 7].to_string();
        let on_weekdays = || match weekdays.as_slice() {
            [first, .., last]
                if weekdays.len() >= 3 && last - first + 1 == weekdays.len() as u32 =>
            {
                format!("{} to {}", weekday_name(*first), weekday_name(*last))
            }
            _ => format!("on {}", series(&weekdays, " and ", weekday_name)),
        };
        match (self.days_and, dom_all, dow_all) {
            (_, true, true) | (false, true, _) | (false, _, true) => None,
            (true, false, true) => Some(on_days()),
            (true, true, false) => Some(on_weekdays()),
            (true, false, false) => Some(format!(
                "{}, if it is {}",
                on_days(),
                series(&weekdays, " or ", weekday_name)
            )),
            (false, false, false) => Some(format!("{} or {}", on_days(), on_weekdays())),
        }
    }
}

/// "minute 5", "minutes 0 and 30", "hours 9 to 17", "every 2nd hour",
/// "every 20th minute from 10 through 50".
pub(crate) fn noun(values: &[u32], unit: &str, min: u32, max: u32) -> String {
    match (progression(values), values) {
        (Some((first, step)), [.., last]) if first == min && last + step > max => {
            format!("every {} {unit}", ordinal(step))
        }
        (Some((first, step)), [.., last]) => {
            format!("every {} {unit} from {first} through {last}", ordinal(step))
        }
        (_, [value]) => format!("{unit} {value}"),
        _ => format!("{unit}s {}", series(values, " and ", |v| v.to_string())),
    }
}

/// `(first, step)` when the values are at least three, evenly spaced by 2 or more.
fn progression(values: &[u32]) -> Option<(u32, u32)> {
    let [first, second, ..] = *values else {
        return None;
    };
    let step = second - first;
    (values.len() >= 3 && step >= 2 && values.windows(2).all(|w| w[1] - w[0] == step))
        .then_some((first, step))
}

/// "2nd", "3rd", "11th", "21st".
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Sorted values as words, runs of three or more as "a to b".
fn series(values: &[u32], last_joint: &str, name: impl Fn(u32) -> String) -> String {
    let mut items = Vec::new();
    let mut i = 0;
    while i < values.len() {
        let mut end = i;
        while end + 1 < values.len() && values[end + 1] == values[end] + 1 {
            end += 1;
        }
        if end - i >= 2 {
            items.push(format!("{} to {}", name(values[i]), name(values[end])));
        } else {
            end = i;
            items.push(name(values[i]));
        }
        i = end + 1;
    }
    join(&items, last_joint)
}

/// "a", "a and b", "a, b and c".
pub(crate) fn join(items: &[String], last_joint: &str) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{}{last_joint}{last}", init.join(", ")),
    }
}

fn set_bits(mut bits: u64) -> Vec<u32> {
    let mut values = Vec::new();
    while bits != 0 {
        values.push(bits.trailing_zeros());
        bits &= bits - 1;
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Milliseconds of a UTC civil time.
    fn at(year: i64, month: u32, day: u32, hour: u32, minute: u32) -> EpochMillis {
        let minutes =
            days_from_civil(year, month, day) * MINUTES_PER_DAY + i64::from(hour * 60 + minute);
        minutes as f64 * MINUTE_MS
    }

    fn cron(expr: &str) -> Cron {
        Cron::parse(expr).unwrap_or_else(|e| panic!("{expr:?}: {e}"))
    }

    fn runs(expr: &str, after: EpochMillis, n: usize) -> Vec<EpochMillis> {
        cron(expr).upcoming(after, n)
    }

    #[test]
    fn civil_dates_round_trip_over_centuries() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(weekday(0), 4);
        for days in (-800_000..800_000).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
            assert!(d >= 1 && d <= days_in_month(y, m));
        }
    }

    #[test]
    fn names_are_numbers_in_any_case_and_inside_ranges() {
        assert_eq!(cron("0 0 * jan,JUL *"), cron("0 0 * 1,7 *"));
        assert_eq!(cron("0 0 * * Mon-Fri"), cron("0 0 * * 1-5"));
        assert_eq!(cron("0 0 * * mon-FRI/2"), cron("0 0 * * 1,3,5"));
        assert_eq!(cron("0 0 * Feb-dec/3 sUn"), cron("0 0 * 2,5,8,11 0"));
        assert_eq!(cron("0 0 * * 1-Fri"), cron("0 0 * * Mon-5"));
    }

    #[test]
    fn zero_and_seven_are_both_sunday() {
        assert_eq!(cron("0 0 * * 7"), cron("0 0 * * 0"));
        assert_eq!(cron("0 0 * * 5-7"), cron("0 0 * * 0,5,6"));
        assert_eq!(cron("0 0 * * 0-7"), cron("0 0 * * *"));
        assert_eq!(cron("0 0 * * 1-7/2"), cron("0 0 * * 0,1,3,5"));
    }

    #[test]
    fn steps_ranges_lists_and_blanks() {
        assert_eq!(cron("*/15 * * * *"), cron("0,15,30,45 * * * *"));
        assert_eq!(cron("10-50/20 * * * *"), cron("10,30,50 * * * *"));
        assert_eq!(cron("*/100 * * * *"), cron("0 * * * *"));
        assert_eq!(cron("1,15 0-3,*/12 * * *"), cron("1,15 0,1,2,3,12 * * *"));
        assert_eq!(cron("\t0  9\t* *   1-5 "), cron("0 9 * * 1-5"));
        assert_eq!(cron("05 09 01 01 00"), cron("5 9 1 1 0"));
    }

    #[test]
    fn macros_are_their_expansions() {
        for (short, long) in [
            ("@yearly", "0 0 1 1 *"),
            ("@annually", "0 0 1 1 *"),
            ("@monthly", "0 0 1 * *"),
            ("@weekly", "0 0 * * 0"),
            ("@daily", "0 0 * * *"),
            ("@midnight", "0 0 * * *"),
            ("@hourly", "0 * * * *"),
        ] {
            assert_eq!(cron(short), cron(long), "{short}");
        }
    }

    #[test]
    fn macros_are_lower_case_only_as_in_cronie() {
        assert_eq!(Cron::parse("@Daily"), Err(CronError::UnknownMacro));
        assert_eq!(Cron::parse("@HOURLY"), Err(CronError::UnknownMacro));
        assert_eq!(Cron::parse("@reboot"), Err(CronError::UnknownMacro));
        assert_eq!(Cron::parse("@daily 5"), Err(CronError::FieldCount(2)));
    }

    #[test]
    fn a_single_number_with_a_step_is_an_error_as_in_cronie() {
        // cronie's get_range takes `N/S` as a syntax error, not `N-max/S`.
        let day = CronField::DayOfMonth;
        assert_eq!(
            Cron::parse("5/10 * * * *"),
            Err(CronError::Syntax(CronField::Minute))
        );
        assert_eq!(Cron::parse("0 0 1/2 * *"), Err(CronError::Syntax(day)));
    }

    #[test]
    fn a_range_ending_on_sunday_by_name_is_reversed_as_in_cronie() {
        // cronie looks names up in Sun..Sat order, so "Sun" is always 0.
        let dow = CronField::DayOfWeek;
        assert_eq!(
            Cron::parse("0 0 * * Mon-Sun"),
            Err(CronError::Reversed(dow))
        );
        assert_eq!(cron("0 0 * * Mon-7"), cron("0 0 * * *"));
        assert_eq!(cron("0 0 * * Sun-Sat"), cron("0 0 * * *"));
    }

    #[test]
    fn rejects_what_cronie_rejects() {
        use CronError::*;
        use CronField::*;
        for (expr, error) in [
            ("", FieldCount(0)),
            ("   ", FieldCount(0)),
            ("* * * *", FieldCount(4)),
            ("* * * * * *", FieldCount(6)),
            ("@fortnightly", UnknownMacro),
            ("60 * * * *", OutOfRange(Minute)),
            ("* 24 * * *", OutOfRange(Hour)),
            ("* * 0 * *", OutOfRange(DayOfMonth)),
            ("* * 32 * *", OutOfRange(DayOfMonth)),
            ("* * * 13 *", OutOfRange(Month)),
            ("* * * 0 *", OutOfRange(Month)),
            ("* * * * 8", OutOfRange(DayOfWeek)),
            ("99999999999 * * * *", OutOfRange(Minute)),
            ("5-1 * * * *", Reversed(Minute)),
            ("* * * Dec-Jan *", Reversed(Month)),
            ("*/0 * * * *", ZeroStep(Minute)),
            ("0 1-5/0 * * *", ZeroStep(Hour)),
            ("1,,2 * * * *", Syntax(Minute)),
            ("1, * * * *", Syntax(Minute)),
            ("-1 * * * *", Syntax(Minute)),
            ("1-2-3 * * * *", Syntax(Minute)),
            ("*/ * * * *", Syntax(Minute)),
            ("*/x * * * *", Syntax(Minute)),
            ("*/5/2 * * * *", Syntax(Minute)),
            ("*x * * * *", Syntax(Minute)),
            ("/5 * * * *", Syntax(Minute)),
            ("Mon * * * *", Syntax(Minute)),
            ("* * * January *", Syntax(Month)),
            ("* * * * Mo", Syntax(DayOfWeek)),
            ("* * * Mon *", Syntax(Month)),
            ("* * * * Jan", Syntax(DayOfWeek)),
            ("* * * * */Mon", Syntax(DayOfWeek)),
            ("* * L * *", Syntax(DayOfMonth)),
            ("* * * * 5#2", Syntax(DayOfWeek)),
            ("* * ? * *", Syntax(DayOfMonth)),
        ] {
            assert_eq!(Cron::parse(expr), Err(error), "{expr:?}");
        }
    }

    #[test]
    fn errors_read_as_short_sentences() {
        assert_eq!(
            CronError::FieldCount(4).to_string(),
            "expected 5 fields, found 4"
        );
        assert_eq!(
            CronError::OutOfRange(CronField::Hour).to_string(),
            "value out of range in hour (0-23)"
        );
        assert_eq!(
            CronError::Reversed(CronField::DayOfWeek).to_string(),
            "range goes backwards in day of week (0-7 or Sun-Sat)"
        );
        assert_eq!(
            CronError::ZeroStep(CronField::Minute).to_string(),
            "step of 0 in minute (0-59)"
        );
        assert_eq!(
            CronError::Syntax(CronField::Month).to_string(),
            "unreadable month (1-12 or Jan-Dec)"
        );
        assert_eq!(CronError::UnknownMacro.to_string(), "unknown @ macro");
    }

    #[test]
    fn runs_are_whole_minutes_strictly_after() {
        let every = cron("* * * * *");
        let noon = at(2024, 5, 6, 12, 0);
        assert_eq!(every.next_after(noon), Some(noon + MINUTE_MS));
        assert_eq!(every.next_after(noon - 1.0), Some(noon));
        assert_eq!(every.next_after(noon + 0.5), Some(noon + MINUTE_MS));
        assert_eq!(every.next_after(-1.0), Some(0.0));
        assert_eq!(every.next_after(-90_000.0), Some(-60_000.0));
        assert_eq!(every.next_after(f64::NAN), None);
        assert_eq!(every.next_after(f64::INFINITY), None);
        assert_eq!(every.next_after(8.64e15), None);
    }

    #[test]
    fn later_the_same_day_then_the_next_day() {
        let expr = "15,30 9 * * *";
        assert_eq!(
            runs(expr, at(2024, 5, 6, 9, 15), 3),
            [
                at(2024, 5, 6, 9, 30),
                at(2024, 5, 7, 9, 15),
                at(2024, 5, 7, 9, 30)
            ]
        );
        assert_eq!(
            runs("0 0 * * *", at(2023, 12, 31, 23, 59), 2),
            [at(2024, 1, 1, 0, 0), at(2024, 1, 2, 0, 0)]
        );
    }

    #[test]
    fn month_ends_and_short_months() {
        assert_eq!(
            runs("59 23 31 * *", at(2024, 1, 31, 23, 59), 4),
            [
                at(2024, 3, 31, 23, 59),
                at(2024, 5, 31, 23, 59),
                at(2024, 7, 31, 23, 59),
                at(2024, 8, 31, 23, 59)
            ]
        );
        assert_eq!(
            runs("0 0 30 * *", at(2023, 1, 30, 0, 0), 2),
            [at(2023, 3, 30, 0, 0), at(2023, 4, 30, 0, 0)]
        );
    }

    #[test]
    fn leap_days_come_every_four_years_but_not_in_2100() {
        assert_eq!(
            runs("0 0 29 2 *", at(2023, 3, 1, 0, 0), 2),
            [at(2024, 2, 29, 0, 0), at(2028, 2, 29, 0, 0)]
        );
        assert_eq!(
            runs("0 0 29 2 *", at(2096, 2, 29, 0, 0), 1),
            [at(2104, 2, 29, 0, 0)]
        );
        assert_eq!(
            runs("0 0 29 2 *", at(1999, 1, 1, 0, 0), 1),
            [at(2000, 2, 29, 0, 0)]
        );
    }

    #[test]
    fn impossible_dates_never_run() {
        for expr in [
            "0 0 31 2 *",
            "0 0 30 2 *",
            "0 0 31 4,6,9,11 *",
            "* * 30,31 Feb *",
        ] {
            assert_eq!(cron(expr).next_after(at(2024, 1, 1, 0, 0)), None, "{expr}");
            assert!(cron(expr).upcoming(0.0, 5).is_empty(), "{expr}");
        }
        // With a restricted day of week too, either suffices: Mondays in February.
        assert_eq!(
            runs("0 0 31 2 1", at(2024, 1, 1, 0, 0), 2),
            [at(2024, 2, 5, 0, 0), at(2024, 2, 12, 0, 0)]
        );
    }

    #[test]
    fn a_rare_match_forty_years_away_is_found() {
        // The day-of-week field starts with `*`, so both must match: a
        // 29 February that is a Sunday. 2100 is not a leap year, so after
        // 2088 the next one is 2128.
        assert_eq!(
            runs("0 0 29 2 */7", at(2088, 3, 1, 0, 0), 2),
            [at(2128, 2, 29, 0, 0), at(2156, 2, 29, 0, 0)]
        );
    }

    #[test]
    fn both_day_fields_restricted_match_either() {
        // 2024-09-01 is a Sunday: Fridays 6, 13, 20, 27 and the 13th.
        assert_eq!(
            runs("0 12 13 * 5", at(2024, 9, 1, 0, 0), 6),
            [
                at(2024, 9, 6, 12, 0),
                at(2024, 9, 13, 12, 0),
                at(2024, 9, 20, 12, 0),
                at(2024, 9, 27, 12, 0),
                at(2024, 10, 4, 12, 0),
                at(2024, 10, 11, 12, 0)
            ]
        );
    }

    #[test]
    fn a_day_field_starting_with_a_star_step_needs_both_as_in_cronie() {
        // cronie sets DOM_STAR when the field's first character is `*`, so
        // `*/2` with a weekday means odd days that are Mondays (croner would
        // read either).
        assert_eq!(
            runs("0 0 */2 * 1", at(2023, 12, 31, 0, 0), 5),
            [
                at(2024, 1, 1, 0, 0),
                at(2024, 1, 15, 0, 0),
                at(2024, 1, 29, 0, 0),
                at(2024, 2, 5, 0, 0),
                at(2024, 2, 19, 0, 0)
            ]
        );
        // The same with the star on the other field: Mondays in 2024 that
        // are the 1st..7th, i.e. the first Monday of each month.
        assert_eq!(
            runs("0 0 1-7 * */7", at(2023, 12, 31, 0, 0), 3),
            [
                at(2024, 1, 7, 0, 0),
                at(2024, 2, 4, 0, 0),
                at(2024, 3, 3, 0, 0)
            ]
        );
    }

    #[test]
    fn fifty_runs_of_a_busy_and_a_rare_schedule() {
        let every = runs("* * * * *", at(2024, 1, 1, 0, 0), 50);
        assert_eq!(every.len(), 50);
        assert!(every.windows(2).all(|w| w[1] - w[0] == MINUTE_MS));
        let leap = runs("0 0 29 2 *", at(2024, 1, 1, 0, 0), 50);
        assert_eq!(leap.len(), 50);
        assert_eq!(leap[49], at(2228, 2, 29, 0, 0));
    }

    #[test]
    fn the_description_splits_after_the_time_of_day() {
        assert_eq!(
            cron("0 3 * * *").describe_split(),
            ("At 03:00 UTC".to_string(), ", every day".to_string())
        );
        assert_eq!(
            cron("*/5 * * * 1-5").describe_split(),
            (
                "Every 5 minutes".to_string(),
                ", Monday to Friday (UTC)".to_string()
            )
        );
        assert_eq!(
            cron("0 9,17 * * *").time_shape(),
            TimeShape::Times(vec![540, 1020])
        );
        assert!(matches!(
            cron("*/15 * * * *").time_shape(),
            TimeShape::EveryHour { .. }
        ));
        assert!(matches!(
            cron("0 */2 * * *").time_shape(),
            TimeShape::Hours { .. }
        ));
        assert!(cron("0 3 * * *").runs_every_day());
        assert!(cron("0 3 * * 0-7").runs_every_day());
        assert!(!cron("0 3 * * 1-5").runs_every_day());
        assert!(!cron("0 3 * 2 *").runs_every_day());
    }

    #[test]
    fn counts_of_runs_in_a_window() {
        let day = 86_400_000.0;
        let from = at(2026, 3, 7, 12, 0);
        assert_eq!(
            cron("* * * * *").count_between(from, from + 7.0 * day),
            10_080
        );
        assert_eq!(cron("0 3 * * *").count_between(from, from + day), 1);
        // (after, until]: a run at `after` is not counted, one at `until` is.
        let three = at(2026, 3, 8, 3, 0);
        assert_eq!(cron("0 3 * * *").count_between(three, three + day), 1);
        assert_eq!(cron("0 3 * * *").count_between(three - 1.0, three), 1);
        assert_eq!(cron("0 9 * * 1-5").count_between(from, from + day), 0);
        assert_eq!(cron("0 0 31 2 *").count_between(from, from + 7.0 * day), 0);
        assert_eq!(cron("* * * * *").count_between(from, from), 0);
        assert_eq!(cron("* * * * *").count_between(f64::NAN, from), 0);
    }

    #[test]
    fn descriptions_say_the_schedule_in_utc() {
        for (expr, words) in [
            ("0 3 * * *", "At 03:00 UTC, every day"),
            ("*/15 * * * *", "Every 15 minutes"),
            ("* * * * *", "Every minute"),
            ("0 9 * * 1-5", "At 09:00 UTC, Monday to Friday"),
            ("0 9 * * Mon-Fri", "At 09:00 UTC, Monday to Friday"),
            (
                "15,30 9 * * 1-5",
                "At 09:15 and 09:30 UTC, Monday to Friday",
            ),
            ("@hourly", "Every hour, at minute 0"),
            ("@daily", "At 00:00 UTC, every day"),
            ("@weekly", "At 00:00 UTC, on Sunday"),
            ("@monthly", "At 00:00 UTC, on day 1 of the month"),
            ("@yearly", "At 00:00 UTC, on day 1 of the month, in January"),
            ("0 0 1 * *", "At 00:00 UTC, on day 1 of the month"),
            (
                "30 2 1 Jan,Jul *",
                "At 02:30 UTC, on day 1 of the month, in January and July",
            ),
            (
                "0 12 13 * 5",
                "At 12:00 UTC, on day 13 of the month or on Friday",
            ),
            (
                "0 0 1,15 * 1-5",
                "At 00:00 UTC, on days 1 and 15 of the month or Monday to Friday",
            ),
            ("0 18 * * 5-7", "At 18:00 UTC, Friday to Sunday"),
            ("0 18 * * 0,6", "At 18:00 UTC, on Saturday and Sunday"),
            (
                "0 8 * * 1,3,5",
                "At 08:00 UTC, on Monday, Wednesday and Friday",
            ),
            ("0 9,17 * * *", "At 09:00 and 17:00 UTC, every day"),
            (
                "0 */6 * * *",
                "At 00:00, 06:00, 12:00 and 18:00 UTC, every day",
            ),
            ("0 */2 * * *", "At minute 0 past every 2nd hour UTC"),
            ("5 * * * *", "Every hour, at minute 5"),
            ("15,45 * * * *", "At minutes 15 and 45 past every hour"),
            ("*/7 * * * *", "At every 7th minute past every hour"),
            (
                "10-50/20 * * * *",
                "At every 20th minute from 10 through 50 past every hour",
            ),
            (
                "*/15 9-17 * * 1-5",
                "Every 15 minutes during hours 9 to 17 UTC, Monday to Friday",
            ),
            ("* 9 * * *", "Every minute during hour 9 UTC"),
            ("*/5 * * * 1-5", "Every 5 minutes, Monday to Friday (UTC)"),
            ("0 0 */2 * *", "At 00:00 UTC, on every 2nd day of the month"),
            (
                "0 0 */2 * 1",
                "At 00:00 UTC, on every 2nd day of the month, if it is Monday",
            ),
            (
                "0 0 1-7 * */7",
                "At 00:00 UTC, on days 1 to 7 of the month, if it is Sunday",
            ),
            (
                "0 4 * Mar-May,Dec *",
                "At 04:00 UTC, every day, in March to May and December",
            ),
            (
                "0 0 31 2 *",
                "At 00:00 UTC, on day 31 of the month, in February",
            ),
            ("0 0 * * 0-7", "At 00:00 UTC, every day"),
            ("0 0 1-31 * 1", "At 00:00 UTC, every day"),
        ] {
            assert_eq!(cron(expr).describe(), words, "{expr}");
        }
    }
}

/// Checks the engine against `croner` on generated expressions and instants.
/// croner differs from cronie on purpose in a few places, so each expression
/// is written twice: as cronie reads it for us (names in any case, `7` for
/// Sunday, tabs) and in plain numbers for croner, which is told to need both
/// day fields whenever cronie would (a day field starting with `*`, where
/// croner only counts a lone `*`). The named tests above pin those cases.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod oracle {
    use super::*;
    use chrono::DateTime;
    use croner::parser::CronParser;

    const EXPRESSIONS: usize = 3_000;
    const STARTS_PER_EXPRESSION: usize = 4;
    const RUNS: usize = 50;
    const NEVER_ASKED: usize = 8;

    use crate::logic::test_rng::Rng;

    /// A value as cronie may read it, and as a number for croner.
    fn value(rng: &mut Rng, spec: &Spec, value: u32) -> (String, String) {
        let number = value.to_string();
        let index = (value - spec.min) as usize;
        if spec.names.is_empty() || index >= spec.names.len() / 3 || !rng.percent(40) {
            return (number.clone(), number);
        }
        let name = spec.names[index * 3..index * 3 + 3]
            .chars()
            .map(|c| {
                if rng.percent(50) {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect();
        (name, number)
    }

    fn field(rng: &mut Rng, spec: &Spec) -> (String, String) {
        let items = match rng.below(100) {
            0..=59 => 1,
            60..=84 => 2,
            _ => 3,
        };
        let span = spec.max - spec.min + 1;
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for _ in 0..items {
            let (mine, oracle) = match rng.below(100) {
                // croner takes `*` only as a whole field, not inside a list.
                0..=24 if items == 1 => ("*".to_string(), "*".to_string()),
                0..=24 => ("*".to_string(), format!("{}-{}", spec.min, spec.max)),
                25..=44 => {
                    let step = rng.between(1, span + 2);
                    (format!("*/{step}"), format!("*/{step}"))
                }
                45..=69 => {
                    let single = rng_value(rng, spec);
                    value(rng, spec, single)
                }
                70..=84 => {
                    let (low, high) = ordered(rng, spec);
                    let (a, x) = value(rng, spec, low);
                    let (b, y) = value(rng, spec, high);
                    (format!("{a}-{b}"), format!("{x}-{y}"))
                }
                _ => {
                    let (low, high) = ordered(rng, spec);
                    let step = rng.between(1, span / 2 + 1);
                    let (a, x) = value(rng, spec, low);
                    let (b, y) = value(rng, spec, high);
                    (format!("{a}-{b}/{step}"), format!("{x}-{y}/{step}"))
                }
            };
            ours.push(mine);
            theirs.push(oracle);
        }
        (ours.join(","), theirs.join(","))
    }

    fn rng_value(rng: &mut Rng, spec: &Spec) -> u32 {
        rng.between(spec.min, spec.max)
    }

    fn ordered(rng: &mut Rng, spec: &Spec) -> (u32, u32) {
        let (a, b) = (rng_value(rng, spec), rng_value(rng, spec));
        (a.min(b), a.max(b))
    }

    /// Ours, croner's, and whether croner must AND the day fields.
    fn expression(rng: &mut Rng) -> (String, String, bool) {
        if rng.percent(3) {
            let (ours, theirs) = [
                ("@yearly", "0 0 1 1 *"),
                ("@annually", "0 0 1 1 *"),
                ("@monthly", "0 0 1 * *"),
                ("@weekly", "0 0 * * 0"),
                ("@daily", "0 0 * * *"),
                ("@midnight", "0 0 * * *"),
                ("@hourly", "0 * * * *"),
            ][rng.below(7) as usize];
            return (ours.to_string(), theirs.to_string(), true);
        }
        let mut ours = String::new();
        let mut theirs = Vec::new();
        let mut days_and = false;
        // Now and then only the last days of short months, so that some
        // expressions run rarely or never.
        let short_months = rng.percent(8);
        for (i, spec) in SPECS.iter().enumerate() {
            let (mine, oracle) = match i {
                2 if short_months => {
                    let (low, high) = (rng.between(28, 31), rng.between(29, 31));
                    let days = format!("{},{}", low.min(high), low.max(high));
                    (days.clone(), days)
                }
                3 if short_months => {
                    let month = [2, 4, 6, 9, 11][rng.below(5) as usize];
                    let (name, number) = value(rng, spec, month);
                    (format!("{name},2"), format!("{number},2"))
                }
                _ => field(rng, spec),
            };
            if i == 2 || i == 4 {
                days_and |= mine.starts_with('*');
            }
            if i > 0 {
                ours.push_str(["\t", " ", "  ", " \t "][rng.below(4) as usize]);
            }
            ours.push_str(&mine);
            theirs.push(oracle);
        }
        (ours, theirs.join(" "), days_and)
    }

    /// An instant in 1970-2100, often at a month's or year's end or around
    /// 29 February.
    fn start(rng: &mut Rng) -> EpochMillis {
        let year = i64::from(rng.between(1970, 2100));
        let (month, day, hour, minute) = match rng.below(10) {
            0 => (12, 31, 23, 59),
            1 => (2, rng.between(28, days_in_month(year, 2)), 23, 59),
            2 | 3 => {
                let month = rng.between(1, 12);
                (month, days_in_month(year, month), 23, rng.between(58, 59))
            }
            _ => {
                let month = rng.between(1, 12);
                let day = rng.between(1, days_in_month(year, month));
                (month, day, rng.below(24), rng.below(60))
            }
        };
        let ms = if rng.percent(30) {
            0
        } else {
            rng.below(60_000)
        };
        let minutes =
            days_from_civil(year, month, day) * MINUTES_PER_DAY + i64::from(hour * 60 + minute);
        (minutes * 60_000 + i64::from(ms)) as f64
    }

    #[test]
    fn the_next_fifty_runs_agree_with_croner() {
        let or_days = CronParser::builder().build();
        let and_days = CronParser::builder().dom_and_dow(true).build();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut compared, mut never, mut runs) = (0, 0, 0);
        for _ in 0..EXPRESSIONS {
            let (ours, theirs, days_and) = expression(&mut rng);
            let cron = Cron::parse(&ours).unwrap_or_else(|e| panic!("{ours:?}: {e}"));
            let parser = if days_and { &and_days } else { &or_days };
            let oracle = parser
                .parse(&theirs)
                .unwrap_or_else(|e| panic!("croner rejects {theirs:?}: {e}"));
            compared += 1;
            for _ in 0..STARTS_PER_EXPRESSION {
                let after = start(&mut rng);
                let ours_runs = cron.upcoming(after, RUNS);
                // croner takes 0.1-0.3 s to give up on a schedule that
                // never runs (it searches up to year 5000), so only the first
                // few of those are asked; the day-by-day test covers the rest.
                let take = match (ours_runs.is_empty(), never) {
                    (false, _) => RUNS,
                    (true, 0..NEVER_ASKED) => 1,
                    (true, _) => {
                        never += 1;
                        continue;
                    }
                };
                let whole_seconds = (after / 1000.0).floor() as i64;
                let from = DateTime::from_timestamp(whole_seconds, 0)
                    .expect("in range")
                    .naive_utc();
                let theirs_runs: Vec<EpochMillis> = oracle
                    .iter_after(from)
                    .take(take)
                    .map(|t| t.and_utc().timestamp_millis() as f64)
                    .collect();
                never += usize::from(ours_runs.is_empty());
                assert_eq!(
                    ours_runs, theirs_runs,
                    "{ours:?} (croner: {theirs:?}, both days: {days_and}) after {after}"
                );
                runs += ours_runs.len();
            }
        }
        println!(
            "compared {compared} expressions, {runs} runs with croner; \
             {never} starts had no run (never), {} of them asked of croner too",
            never.min(NEVER_ASKED)
        );
        assert!(runs > EXPRESSIONS * STARTS_PER_EXPRESSION * RUNS * 9 / 10);
    }

    #[test]
    fn counts_agree_with_the_runs_listed() {
        // count_between walks days instead of runs: check it against
        // next_after, run by run, over windows of up to three days.
        let mut rng = Rng(0xD1B5_4A32_D192_ED03);
        for _ in 0..400 {
            let (ours, _, _) = expression(&mut rng);
            let cron = Cron::parse(&ours).unwrap_or_else(|e| panic!("{ours:?}: {e}"));
            let after = start(&mut rng);
            let until = after + f64::from(rng.below(3 * 86_400)) * 1000.0;
            let mut listed = 0;
            let mut cursor = after;
            while let Some(next) = cron.next_after(cursor).filter(|&t| t <= until) {
                listed += 1;
                cursor = next;
            }
            assert_eq!(
                cron.count_between(after, until),
                listed,
                "{ours:?} {after} {until}"
            );
        }
    }

    #[test]
    fn answers_come_in_milliseconds_even_for_never() {
        // Native only: `Instant` has no clock on wasm32-unknown-unknown.
        let started = std::time::Instant::now();
        for expr in ["* * * * *", "0 0 29 2 *", "0 0 29 2 */7", "0 0 31 2 *"] {
            Cron::parse(expr).unwrap().upcoming(0.0, 50);
        }
        // Generous for a debug build on a busy machine; about 1 ms in practice.
        assert!(
            started.elapsed().as_millis() < 200,
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn never_matching_agrees_with_a_day_by_day_walk() {
        // For expressions whose months and days can never meet, check the
        // month-level shortcut against a plain walk over a 400-year cycle.
        for expr in [
            "0 0 31 2 *",
            "0 0 30 2 *",
            "0 0 31 4,6,9,11 *",
            "0 0 30,31 2 */2",
        ] {
            let cron = Cron::parse(expr).unwrap();
            let any_day = (0..146_097).any(|day| {
                let (year, month, dom) = civil_from_days(day);
                cron.months & (1 << month) != 0 && cron.days_in(year, month) & (1 << dom) != 0
            });
            assert!(!any_day, "{expr}");
            assert_eq!(cron.next_after(0.0), None, "{expr}");
        }
    }
}
