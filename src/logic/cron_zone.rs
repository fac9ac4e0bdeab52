//! A cron description in UTC (how the servers read it) with the chosen
//! zone's time beside it: "At 03:00 UTC (22:00 EST the day before), every
//! day". The zone's offset is taken at the schedule's next run, so the words
//! are right on both sides of a daylight-saving change (23:00 EDT in summer).
//!
//! What is added, by the shape of the UTC words:
//! - times of the day ("At 09:00 and 17:00 UTC"): each in the zone, with "the
//!   day before" / "the day after" where it crosses midnight (so "Monday to
//!   Friday", which stays in UTC days, is still read right);
//! - every hour at some minutes: nothing for whole-hour offsets, else the
//!   zone's minutes ("Every hour, at minute 0 (minute 30 IST)");
//! - some hours ("during hours 9 to 17 UTC"): the zone's hours for whole-hour
//!   offsets when they stay within the day (or the schedule runs every day),
//!   else the offset ("IST is UTC+05:30"), since the hours no longer map
//!   one to one;
//! - nothing at all when the offset is 0 (UTC, London in winter).

use crate::logic::cron::{join, noun, Cron, TimeShape};
use crate::logic::time::EpochMillis;
use crate::logic::zone::{format_offset, zone_label, OffsetSource};

const MINUTES_PER_DAY: i64 = 1_440;

/// [`Cron::describe`] with the zone's equivalent of its times in brackets
/// after them, as of the next run after `now` (or `now` if it never runs).
/// Two questions to the zone (offset and abbreviation).
pub fn describe_in_zone(cron: &Cron, zone: &dyn OffsetSource, now: EpochMillis) -> String {
    let (mut text, rest) = cron.describe_split();
    if let Some(local) = local_equivalent(cron, zone, now) {
        text.push_str(" (");
        text.push_str(&local);
        text.push(')');
    }
    text.push_str(&rest);
    text
}

/// The words [`describe_in_zone`] puts in brackets, e.g. "22:00 EST the day
/// before"; `None` when the zone's clocks read like UTC's at the next run.
pub fn local_equivalent(cron: &Cron, zone: &dyn OffsetSource, now: EpochMillis) -> Option<String> {
    let at = cron.next_after(now).unwrap_or(now);
    let offset = zone.offset_seconds(at);
    if offset == 0 {
        return None;
    }
    let label = zone_label(zone, at);
    let offset_words = || {
        let offset = format_offset(offset);
        if label == offset {
            format!("local time is {offset}")
        } else {
            format!("{label} is {offset}")
        }
    };
    // Offsets with seconds are older than any schedule here: say the offset.
    if offset % 60 != 0 {
        return Some(offset_words());
    }
    let offset_minutes = i64::from(offset / 60);
    match cron.time_shape() {
        TimeShape::Times(times) => Some(times_in_zone(&times, offset_minutes, &label)),
        TimeShape::EveryHour { minutes } => {
            let shift = offset_minutes.rem_euclid(60) as u32;
            let local = ascending(minutes.iter().map(|m| (m + shift) % 60));
            (local != minutes).then(|| format!("{} {label}", noun(&local, "minute", 0, 59)))
        }
        TimeShape::Hours { hours, .. } => {
            if offset_minutes % 60 != 0 {
                return Some(offset_words());
            }
            let shift = offset_minutes / 60;
            let shifted: Vec<i64> = hours.iter().map(|&h| i64::from(h) + shift).collect();
            let within_day = shifted.iter().all(|h| (0..24).contains(h));
            if !within_day && !cron.runs_every_day() {
                // Some runs change day and some do not: hours alone would
                // misstate which days.
                return Some(offset_words());
            }
            let local = ascending(shifted.iter().map(|h| h.rem_euclid(24) as u32));
            Some(format!("{} {label}", noun(&local, "hour", 0, 23)))
        }
    }
}

/// Distinct values below 64, ascending: through a bit set, which costs the
/// wasm less than a sort.
fn ascending(values: impl Iterator<Item = u32>) -> Vec<u32> {
    let bits = values.fold(0u64, |bits, v| bits | 1 << v);
    (0..64).filter(|v| bits & 1 << v != 0).collect()
}

/// "22:00 EST the day before", "10:00 and 18:00 CET", or each with its own
/// label and day when they differ: "20:00 EST the day before and 08:00 EST".
fn times_in_zone(times: &[u32], offset_minutes: i64, label: &str) -> String {
    let local: Vec<(i64, String)> = times
        .iter()
        .map(|&t| {
            let minute = i64::from(t) + offset_minutes;
            let of_day = minute.rem_euclid(MINUTES_PER_DAY);
            let day = minute.div_euclid(MINUTES_PER_DAY);
            (day, format!("{:02}:{:02}", of_day / 60, of_day % 60))
        })
        .collect();
    let day_words = |day: i64| match day {
        d if d < 0 => " the day before",
        d if d > 0 => " the day after",
        _ => "",
    };
    let first_day = local.first().map_or(0, |(day, _)| *day);
    if local.iter().all(|(day, _)| *day == first_day) {
        let clock: Vec<String> = local.into_iter().map(|(_, text)| text).collect();
        format!("{} {label}{}", join(&clock, " and "), day_words(first_day))
    } else {
        let each: Vec<String> = local
            .into_iter()
            .map(|(day, text)| format!("{text} {label}{}", day_words(day)))
            .collect();
        join(&each, " and ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::calendar::days_from_civil;
    use crate::logic::zone::tests::NewYork2026;
    use crate::logic::zone::{FixedOffset, Utc};

    /// Central European Time without a database: CET, CEST from 2026-03-29
    /// 01:00 UTC to 2026-10-25 01:00 UTC.
    struct Berlin2026;

    impl OffsetSource for Berlin2026 {
        fn offset_seconds(&self, at: EpochMillis) -> i32 {
            if (1_774_746_000_000.0..1_792_890_000_000.0).contains(&at) {
                7_200
            } else {
                3_600
            }
        }

        fn abbreviation(&self, at: EpochMillis) -> Option<String> {
            Some(
                if self.offset_seconds(at) == 7_200 {
                    "CEST"
                } else {
                    "CET"
                }
                .to_string(),
            )
        }
    }

    struct Named(i32, &'static str);

    impl OffsetSource for Named {
        fn offset_seconds(&self, _at: EpochMillis) -> i32 {
            self.0
        }

        fn abbreviation(&self, _at: EpochMillis) -> Option<String> {
            Some(self.1.to_string())
        }
    }

    fn at(year: i64, month: u32, day: u32) -> EpochMillis {
        days_from_civil(year, month, day) as f64 * 86_400_000.0
    }

    fn words(expr: &str, zone: &dyn OffsetSource, now: EpochMillis) -> String {
        describe_in_zone(&Cron::parse(expr).unwrap(), zone, now)
    }

    #[test]
    fn the_contracts_examples() {
        let winter = at(2026, 1, 15);
        let summer = at(2026, 7, 15);
        assert_eq!(
            words("0 3 * * *", &NewYork2026, winter),
            "At 03:00 UTC (22:00 EST the day before), every day"
        );
        assert_eq!(
            words("0 3 * * *", &NewYork2026, summer),
            "At 03:00 UTC (23:00 EDT the day before), every day"
        );
        assert_eq!(
            words("0 3 * * *", &Berlin2026, winter),
            "At 03:00 UTC (04:00 CET), every day"
        );
        assert_eq!(
            words("0 3 * * *", &Berlin2026, summer),
            "At 03:00 UTC (05:00 CEST), every day"
        );
    }

    #[test]
    fn the_next_run_decides_across_a_change() {
        // 2026-03-08 06:00 UTC: New York is still on EST, but the next run
        // (03:00 UTC on the 9th) is on EDT.
        let before_change = at(2026, 3, 8) + 6.0 * 3_600_000.0;
        assert_eq!(
            words("0 3 * * *", &NewYork2026, before_change),
            "At 03:00 UTC (23:00 EDT the day before), every day"
        );
        let just_before_run = at(2026, 3, 8) + 2.0 * 3_600_000.0;
        assert_eq!(
            words("0 3 * * *", &NewYork2026, just_before_run),
            "At 03:00 UTC (22:00 EST the day before), every day"
        );
    }

    #[test]
    fn nothing_is_added_at_offset_zero() {
        assert_eq!(words("0 3 * * *", &Utc, 0.0), "At 03:00 UTC, every day");
        assert_eq!(
            words("0 3 * * *", &Named(0, "GMT"), 0.0),
            "At 03:00 UTC, every day"
        );
    }

    #[test]
    fn lists_weekdays_and_mixed_days() {
        let winter = at(2026, 1, 15);
        assert_eq!(
            words("0 9,17 * * *", &Berlin2026, winter),
            "At 09:00 and 17:00 UTC (10:00 and 18:00 CET), every day"
        );
        assert_eq!(
            words("0 2 * * 1-5", &NewYork2026, winter),
            "At 02:00 UTC (21:00 EST the day before), Monday to Friday"
        );
        assert_eq!(
            words("0 1,13 * * *", &NewYork2026, winter),
            "At 01:00 and 13:00 UTC (20:00 EST the day before and 08:00 EST), every day"
        );
        assert_eq!(
            words("30 22 * * 5", &Named(9 * 3_600, "JST"), winter),
            "At 22:30 UTC (07:30 JST the day after), on Friday"
        );
    }

    #[test]
    fn half_and_quarter_hour_zones() {
        let kolkata = Named(19_800, "IST");
        assert_eq!(
            words("@hourly", &kolkata, 0.0),
            "Every hour, at minute 0 (minute 30 IST)"
        );
        assert_eq!(words("*/15 * * * *", &kolkata, 0.0), "Every 15 minutes");
        assert_eq!(
            words("0 3 * * *", &kolkata, 0.0),
            "At 03:00 UTC (08:30 IST), every day"
        );
        assert_eq!(
            words("*/15 9-17 * * 1-5", &kolkata, 0.0),
            "Every 15 minutes during hours 9 to 17 UTC (IST is UTC+05:30), Monday to Friday"
        );
        assert_eq!(
            words("5 * * * *", &FixedOffset(20_700), 0.0),
            "Every hour, at minute 5 (minute 50 UTC+05:45)"
        );
        assert_eq!(
            words("0 9-17/2 * * *", &FixedOffset(20_700), 0.0),
            "At 09:00, 11:00, 13:00, 15:00 and 17:00 UTC (14:45, 16:45, 18:45, 20:45 and \
             22:45 UTC+05:45), every day"
        );
        assert_eq!(
            words("*/10 9-17 * * *", &FixedOffset(20_700), 0.0),
            "Every 10 minutes during hours 9 to 17 UTC (local time is UTC+05:45)"
        );
    }

    #[test]
    fn hours_of_the_day_shift_when_they_can() {
        let winter = at(2026, 1, 15);
        assert_eq!(
            words("*/15 9-17 * * 1-5", &NewYork2026, winter),
            "Every 15 minutes during hours 9 to 17 UTC (hours 4 to 12 EST), Monday to Friday"
        );
        assert_eq!(
            words("0 */2 * * *", &Berlin2026, winter),
            "At minute 0 past every 2nd hour UTC (every 2nd hour from 1 through 23 CET)"
        );
        assert_eq!(
            words("*/15 20-23 * * *", &Named(9 * 3_600, "JST"), winter),
            "Every 15 minutes during hours 20 to 23 UTC (hours 5 to 8 JST)"
        );
        assert_eq!(
            words("*/15 20-23 * * 1", &Named(9 * 3_600, "JST"), winter),
            "Every 15 minutes during hours 20 to 23 UTC (JST is UTC+09:00), on Monday"
        );
    }

    #[test]
    fn a_schedule_that_never_runs_uses_now() {
        assert_eq!(
            words("0 0 31 2 *", &NewYork2026, at(2026, 7, 1)),
            "At 00:00 UTC (20:00 EDT the day before), on day 31 of the month, in February"
        );
    }
}
