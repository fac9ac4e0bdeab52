//! The Runs per hour table: one row per local day of the window in the
//! chosen zone, the local hours 00-23 as columns, each cell the number of
//! runs starting in that hour.
//!
//! A cell holds the runs whose local time (date and hour) is its row's date
//! and its column's hour: on a 25-hour day the repeated hour holds both its
//! passes (two real hours of runs in one column; Antarctica/Troll repeats
//! two hours, each pass an hour apart from the other), and on a 23-hour day
//! the skipped hour holds nothing and is said not to exist, which is not the
//! same as 0 runs. Hours of the first and last day outside the window are
//! said to be outside, not 0 either.

use crate::logic::time::EpochMillis;
use crate::logic::timeline::{LaneInput, Window};
use crate::logic::zone::{local_days, local_time, next_change, LocalDay, OffsetSource};

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
/// scanned over the window: the table asks two offsets per local hour).
/// Each piece of an hour counts each lane with
/// [`crate::logic::cron::Cron::count_between`], so it never lists runs.
pub fn runs_per_hour(lanes: &[LaneInput], window: Window, zone: &dyn OffsetSource) -> RunsPerHour {
    let (from, until) = (window.from, window.until());
    let crons: Vec<_> = lanes.iter().filter_map(LaneInput::running_cron).collect();
    // The window is `(from, until]`: at millisecond steps, `[from + 1,
    // until + 1)`.
    let days = local_days(zone, from + 1.0, until + 1.0);
    // `None`: the clocks never show the hour; `Some(None)`: they do, outside
    // the window; `Some(Some(n))`: n runs in the window.
    let mut counts: Vec<[Option<Option<u64>>; 24]> = vec![[None; 24]; days.len()];
    for day in &days {
        for piece in hour_pieces(zone, day) {
            let Some(row) = days.iter().position(|d| d.date == piece.date) else {
                continue;
            };
            let cell = &mut counts[row][piece.hour];
            // Runs are whole minutes: `(start - 1 ms, end - 1 ms]` holds the
            // runs in `[start, end)`.
            let after = (piece.start - 1.0).max(from);
            let upto = (piece.end - 1.0).min(until);
            let runs = (upto > after).then(|| {
                crons
                    .iter()
                    .map(|c| c.count_between(after, upto))
                    .sum::<u64>()
            });
            *cell = Some(match (cell.flatten(), runs) {
                (Some(seen), Some(runs)) => Some(seen + runs),
                (seen, runs) => seen.or(runs),
            });
        }
    }
    let (mut max, mut total) = (0, 0);
    let rows = days
        .into_iter()
        .zip(counts)
        .map(|(day, counts)| {
            let cells = counts.map(|count| match count {
                None => HourCell::Missing,
                Some(None) => HourCell::Outside,
                Some(Some(runs)) => {
                    max = max.max(runs);
                    total += runs;
                    HourCell::Runs(runs)
                }
            });
            DayRow { day, cells }
        })
        .collect();
    RunsPerHour { rows, max, total }
}

/// A stretch of one local hour at one offset.
struct HourPiece {
    /// Local date (days since 1970-01-01) and hour its clocks show.
    date: i64,
    hour: usize,
    start: EpochMillis,
    end: EpochMillis,
}

/// A local day cut where the local hour or the offset changes, in order:
/// usually 24 pieces, 25 on the day the clocks go back (the repeated hour
/// in two), 23 when they go forward.
fn hour_pieces(zone: &dyn OffsetSource, day: &LocalDay) -> Vec<HourPiece> {
    let mut pieces = Vec::with_capacity(26);
    let mut cursor = day.start;
    // At most an hour each, and a piece per change: the bound only guards
    // against a zone source that answers nonsense.
    while cursor < day.end && pieces.len() < 100 {
        let local = local_time(zone, cursor);
        let into_hour = f64::from(local.minute * 60 + local.second) * 1000.0;
        let hour_end = (cursor - into_hour + 3_600_000.0).min(day.end);
        let end = next_change(zone, cursor, hour_end - 1000.0).unwrap_or(hour_end);
        let date =
            crate::logic::calendar::days_from_civil(i64::from(local.year), local.month, local.day);
        pieces.push(HourPiece {
            date,
            hour: local.hour as usize,
            start: cursor,
            end,
        });
        cursor = end;
    }
    pieces
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

    /// Antarctica/Troll's autumn: +02:00 until 2026-10-25 01:00 UTC, then
    /// +00:00, so the clocks go from 03:00 back to 01:00.
    struct Troll;

    const TROLL_CHANGE: f64 = 1_792_890_000_000.0;

    impl OffsetSource for Troll {
        fn offset_seconds(&self, at: EpochMillis) -> i32 {
            if at < TROLL_CHANGE {
                7_200
            } else {
                0
            }
        }
    }

    #[test]
    fn two_repeated_hours_count_both_passes_each() {
        // From 2026-10-25 00:00 local (+02:00), that is 22:00 UTC the day before.
        let from = midnight_utc(2026, 10, 24) + 22.0 * HOUR - 1.0;
        let window = Window {
            from,
            span: WindowSpan::Day,
        };
        let rph = runs_per_hour(&[lane("0 * * * *")], window, &Troll);
        let sunday = &rph.rows[0].cells;
        assert_eq!(rph.rows[0].day.hours(), 26.0);
        assert_eq!(
            sunday[..4],
            [
                HourCell::Runs(1),
                HourCell::Runs(2),
                HourCell::Runs(2),
                HourCell::Runs(1)
            ]
        );
        assert_eq!(rph.total, 24);
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
