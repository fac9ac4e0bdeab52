//! The Runs per hour table: one row per local day of the window in the
//! chosen zone, the local hours 00-23 as columns, each cell the number of
//! runs starting in that hour.
//!
//! An hour is the span from the first instant the clocks show its start to
//! the first instant they show the next hour's, so on a 25-hour day the
//! repeated hour holds both its passes (two real hours of runs in one
//! column), and on a 23-hour day the skipped hour holds nothing and is said
//! not to exist, which is not the same as 0 runs. Hours of the first and
//! last day outside the window are said to be outside, not 0 either.

use crate::logic::time::EpochMillis;
use crate::logic::timeline::{LaneInput, Window};
use crate::logic::zone::{local_days, wall_instant, LocalDay, OffsetSource};

/// One cell of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HourCell {
    /// This many runs start in the hour (or in its part inside the window).
    Runs(u64),
    /// The clocks skip this hour on this day (the start of summer time).
    Missing,
    /// The hour is before or after the window.
    Outside,
}

/// One local day of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct DayRow {
    /// The day (its date, label and length).
    pub day: LocalDay,
    /// Hours 00 to 23 of the local clock.
    pub cells: [HourCell; 24],
}

/// The whole table.
#[derive(Clone, Debug, PartialEq)]
pub struct RunsPerHour {
    /// One row per local day with an instant in the window, in order.
    pub rows: Vec<DayRow>,
    /// The largest count of a cell, for shading (0 when nothing runs).
    pub max: u64,
    /// Runs in all cells.
    pub total: u64,
}

/// Counts the runs of the running lanes in `(window.from, window.until()]`
/// per local hour of `zone` (give a [`crate::logic::zone::ZoneOffsets`]
/// scanned over the window: the table asks 25 wall times a day). Each cell
/// counts each lane with [`crate::logic::cron::Cron::count_between`], so it
/// never lists runs.
pub fn runs_per_hour(lanes: &[LaneInput], window: Window, zone: &dyn OffsetSource) -> RunsPerHour {
    let (from, until) = (window.from, window.until());
    let crons: Vec<_> = lanes.iter().filter_map(LaneInput::running_cron).collect();
    // The window is `(from, until]`: at millisecond steps, `[from + 1,
    // until + 1)`.
    let days = local_days(zone, from + 1.0, until + 1.0);
    let mut rows = Vec::with_capacity(days.len());
    let (mut max, mut total) = (0, 0);
    for day in days {
        let starts: Vec<EpochMillis> = (0..=24)
            .map(|hour| wall_instant(zone, day.date, hour * 3_600).first())
            .collect();
        let mut cells = [HourCell::Outside; 24];
        for (hour, cell) in cells.iter_mut().enumerate() {
            let (start, end) = (starts[hour], starts[hour + 1]);
            if start >= end {
                *cell = HourCell::Missing;
                continue;
            }
            // Runs are whole minutes: `(start - 1 ms, end - 1 ms]` holds the
            // runs in `[start, end)`.
            let after = (start - 1.0).max(from);
            let upto = (end - 1.0).min(until);
            if upto <= after {
                continue;
            }
            let runs: u64 = crons.iter().map(|c| c.count_between(after, upto)).sum();
            max = max.max(runs);
            total += runs;
            *cell = HourCell::Runs(runs);
        }
        rows.push(DayRow { day, cells });
    }
    RunsPerHour { rows, max, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::calendar::days_from_civil;
    use crate::logic::schedule::Schedule;
    use crate::logic::timeline::WindowSpan;
    use crate::logic::zone::tests::NewYork2026;
    use crate::logic::zone::{Utc, ZoneOffsets};

    const HOUR: f64 = 3_600_000.0;

    fn lane(cron: &str) -> LaneInput<'_> {
        LaneInput {
            uid: cron,
            name: cron,
            stack: None,
            schedule: Schedule::of(Some(cron)),
            paused: false,
        }
    }

    fn midnight_utc(year: i64, month: u32, day: u32) -> f64 {
        days_from_civil(year, month, day) as f64 * 86_400_000.0
    }

    fn table(lanes: &[LaneInput], from: f64, span: WindowSpan) -> RunsPerHour {
        let window = Window { from, span };
        let zone = ZoneOffsets::scan(&NewYork2026, from, window.until());
        runs_per_hour(lanes, window, &zone)
    }

    #[test]
    fn the_skipped_hour_is_missing_not_zero() {
        // From just before 2026-03-08 00:00 EST, for 24 real hours: that day
        // has 23 hours, so the window ends just before 01:00 EDT on the 9th.
        let from = midnight_utc(2026, 3, 8) + 5.0 * HOUR - 1.0;
        let rph = table(&[lane("*/15 * * * *")], from, WindowSpan::Day);
        assert_eq!(rph.rows.len(), 2);
        let sunday = &rph.rows[0].cells;
        assert_eq!(sunday[2], HourCell::Missing);
        assert_eq!(sunday[1], HourCell::Runs(4));
        assert_eq!(sunday[3], HourCell::Runs(4));
        assert_eq!(rph.rows[0].day.hours(), 23.0);
        let monday = &rph.rows[1].cells;
        assert_eq!(monday[0], HourCell::Runs(4));
        assert_eq!(monday[1], HourCell::Outside);
        assert_eq!(rph.total, 96);
        assert_eq!(rph.max, 4);
    }

    #[test]
    fn the_repeated_hour_counts_both_passes() {
        let from = midnight_utc(2026, 11, 1) + 4.0 * HOUR - 1.0;
        let rph = table(
            &[lane("*/15 * * * *"), lane("30 * * * *")],
            from,
            WindowSpan::Day,
        );
        let sunday = &rph.rows[0].cells;
        assert_eq!(rph.rows[0].day.hours(), 25.0);
        assert_eq!(sunday[0], HourCell::Runs(5));
        assert_eq!(sunday[1], HourCell::Runs(10));
        assert_eq!(sunday[2], HourCell::Runs(5));
        assert!(sunday.iter().all(|c| *c != HourCell::Missing));
        assert_eq!(rph.max, 10);
        // 24 real hours from 00:00 EDT end at 23:00 EST: hour 23 is outside.
        assert_eq!(sunday[23], HourCell::Outside);
        assert_eq!(rph.rows.len(), 1);
    }

    #[test]
    fn a_week_in_utc_starting_mid_hour() {
        let from = midnight_utc(2026, 3, 7) + 12.5 * HOUR;
        let window = Window {
            from,
            span: WindowSpan::Week,
        };
        let rph = runs_per_hour(&[lane("0 3 * * *"), lane("0 * * * 1")], window, &Utc);
        assert_eq!(rph.rows.len(), 8);
        assert_eq!(rph.rows[0].cells[11], HourCell::Outside);
        assert_eq!(rph.rows[0].cells[12], HourCell::Runs(0));
        assert_eq!(rph.rows[0].cells[13], HourCell::Runs(0));
        // Monday the 9th: every hour, and 03:00 twice.
        assert_eq!(rph.rows[2].cells[3], HourCell::Runs(2));
        assert_eq!(rph.rows[2].cells[4], HourCell::Runs(1));
        assert_eq!(rph.rows[7].cells[12], HourCell::Runs(0));
        assert_eq!(rph.rows[7].cells[13], HourCell::Outside);
        assert_eq!(rph.total, 7 + 24);
        assert_eq!(rph.max, 2);
    }
}
