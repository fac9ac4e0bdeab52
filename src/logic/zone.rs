//! Time zones without a zone database in the wasm: everything here is worked
//! out from one question, "what is zone Z's UTC offset at instant t?", which
//! the browser's `Intl` answers (`crate::intl`) and, in tests, a zone library.
//!
//! Asking `Intl` costs a `formatToParts` call each time (microseconds, and an
//! allocation per part), so the functions here ask little: an instant's local
//! time is one question, a wall time's instant two to four (seventeen more in
//! a daylight-saving gap). For a window with many instants, scan it once into
//! a [`ZoneOffsets`] (about one question a day of the window plus seventeen
//! per change of offset) and ask that instead: it answers from memory.
//!
//! Wall times are counted in seconds since 1970-01-01 00:00 as if the zone
//! were UTC ("wall seconds"); instants in seconds or epoch milliseconds.

use crate::logic::calendar::{civil_from_days, days_from_civil, weekday};
use crate::logic::time::{EpochMillis, LocalTime};

const DAY_S: i64 = 86_400;
/// How far apart [`ZoneOffsets::scan`] samples the offset. No zone of the
/// tz database changes its offset twice within a day and back (the oracle
/// test checks every zone over a year), so a change can not hide between two
/// samples.
const SAMPLE_S: i64 = DAY_S;
/// What [`ZoneOffsets::scan`] adds on each side of the window it is given, so
/// that the local day around either end (a day and a few hours at most) and
/// the wall-time searches near them stay inside what it knows.
const MARGIN_S: i64 = 2 * DAY_S;

/// The rules of one time zone: its offset from UTC at an instant.
pub trait OffsetSource {
    /// Seconds east of UTC that the zone's clocks show at `at` (e.g. -18,000
    /// for New York in winter, 19,800 for Kolkata).
    fn offset_seconds(&self, at: EpochMillis) -> i32;

    /// The zone's short name at `at` ("EST", "CET"), if it has one worth
    /// showing; `None` makes the text say the offset instead ("UTC+05:30").
    fn abbreviation(&self, _at: EpochMillis) -> Option<String> {
        None
    }
}

/// Coordinated Universal Time: offset 0, named "UTC".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Utc;

impl OffsetSource for Utc {
    fn offset_seconds(&self, _at: EpochMillis) -> i32 {
        0
    }

    fn abbreviation(&self, _at: EpochMillis) -> Option<String> {
        Some("UTC".to_string())
    }
}

/// A zone that never changes its offset (seconds east of UTC) and has no
/// name: tests, and a fallback where the browser knows no zones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedOffset(pub i32);

impl OffsetSource for FixedOffset {
    fn offset_seconds(&self, _at: EpochMillis) -> i32 {
        self.0
    }
}

/// Whole seconds of an instant, rounded down (NaN reads as the epoch).
fn seconds(at: EpochMillis) -> i64 {
    (at / 1000.0).floor() as i64
}

fn millis(seconds: i64) -> EpochMillis {
    seconds as f64 * 1000.0
}

fn offset_at(zone: &dyn OffsetSource, seconds: i64) -> i64 {
    i64::from(zone.offset_seconds(millis(seconds)))
}

/// The clocks of `zone` at `at`: date, time and offset (its minutes rounded
/// toward zero; only offsets before 1972 have seconds). One question.
pub fn local_time(zone: &dyn OffsetSource, at: EpochMillis) -> LocalTime {
    let instant = seconds(at);
    let offset = offset_at(zone, instant);
    let wall = instant + offset;
    let (year, month, day) = civil_from_days(wall.div_euclid(DAY_S));
    let second_of_day = wall.rem_euclid(DAY_S) as u32;
    LocalTime {
        year: year as i32,
        month,
        day,
        hour: second_of_day / 3_600,
        minute: second_of_day / 60 % 60,
        second: second_of_day % 60,
        utc_offset_minutes: (offset / 60) as i32,
    }
}

/// The local date of `at` in `zone`, in days since 1970-01-01 (what
/// [`local_days`] and the calendar functions count in). One question.
pub fn local_date(zone: &dyn OffsetSource, at: EpochMillis) -> i64 {
    let instant = seconds(at);
    (instant + offset_at(zone, instant)).div_euclid(DAY_S)
}

/// The instants at which a zone's clocks show a wall time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WallInstant {
    /// The usual case: exactly one.
    Unique(EpochMillis),
    /// Shown twice, the clocks having been set back (the repeated hour of
    /// the end of summer time).
    Repeated {
        /// The first time, on the offset before the change.
        earlier: EpochMillis,
        /// The second time, on the offset after it.
        later: EpochMillis,
    },
    /// Never shown: the clocks jumped over it (the missing hour of the start
    /// of summer time).
    Skipped {
        /// The instant of the jump, where the clocks read the first wall
        /// time after the gap.
        resumes: EpochMillis,
    },
}

impl WallInstant {
    /// The first instant at which the clocks show this wall time or a later
    /// one: the only one, the earlier of two, or the end of the gap. What
    /// "the start of this day" or "of this hour" means on a day with a
    /// daylight-saving change.
    pub fn first(self) -> EpochMillis {
        match self {
            WallInstant::Unique(at) => at,
            WallInstant::Repeated { earlier, .. } => earlier,
            WallInstant::Skipped { resumes } => resumes,
        }
    }
}

/// When the clocks of `zone` show `second_of_day` (0 to 86,400) on local date
/// `date` (days since 1970-01-01). Two to four questions, seventeen more in a
/// gap (none if `zone` is a [`ZoneOffsets`], which answers from memory).
pub fn wall_instant(zone: &dyn OffsetSource, date: i64, second_of_day: i64) -> WallInstant {
    let wall = date * DAY_S + second_of_day;
    // Every zone is within a day of UTC, so a day either side of the wall
    // time read as UTC is before and after any change that can concern it.
    let before = offset_at(zone, wall - DAY_S);
    let after = offset_at(zone, wall + DAY_S);
    let shows = |instant: i64| instant + offset_at(zone, instant) == wall;
    let (early, late) = (wall - before, wall - after);
    if before == after {
        // No change near it (or two that cancel out within two days, which
        // the tz database has none of): the one candidate.
        return WallInstant::Unique(millis(early));
    }
    match (shows(early), shows(late)) {
        (true, true) => WallInstant::Repeated {
            earlier: millis(early.min(late)),
            later: millis(early.max(late)),
        },
        (true, false) => WallInstant::Unique(millis(early)),
        (false, true) => WallInstant::Unique(millis(late)),
        // Clocks went forward (after > before, so late < early): the jump is
        // between the two candidates.
        (false, false) => WallInstant::Skipped {
            resumes: millis(change_after(zone, late.min(early), late.max(early))),
        },
    }
}

/// The first second in `(low, high]` whose offset differs from `low`'s, by
/// halving (seventeen questions for a day); `high` if none does.
fn change_after(zone: &dyn OffsetSource, mut low: i64, mut high: i64) -> i64 {
    let from = offset_at(zone, low);
    if offset_at(zone, high) == from {
        return high;
    }
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if offset_at(zone, middle) == from {
            low = middle;
        } else {
            high = middle;
        }
    }
    high
}

/// The first instant in `(after, until]` at which the zone's offset differs
/// from its offset at `after` (to the second), `None` if it is the same at
/// `until` (a change and its undoing between them are not seen). Seventeen
/// questions for a day's span when there is one.
pub fn next_change(
    zone: &dyn OffsetSource,
    after: EpochMillis,
    until: EpochMillis,
) -> Option<EpochMillis> {
    let (low, high) = (seconds(after), seconds(until));
    if high <= low || offset_at(zone, high) == offset_at(zone, low) {
        return None;
    }
    Some(millis(change_after(zone, low, high)))
}

/// The first instant of local date `date` in `zone`: its midnight, or where
/// the clocks resume if midnight was skipped (America/Santiago, Asia/Beirut),
/// the first midnight if it is repeated (America/Havana).
pub fn start_of_day(zone: &dyn OffsetSource, date: i64) -> EpochMillis {
    wall_instant(zone, date, 0).first()
}

/// The first instant of local hour `hour` (0-23) of `date`, `None` when the
/// clocks skip the whole hour (02:00 on the day New York starts summer time).
/// An hour a gap only shortens (Lord Howe's half-hour) exists.
pub fn start_of_hour(zone: &dyn OffsetSource, date: i64, hour: u32) -> Option<EpochMillis> {
    let start = wall_instant(zone, date, i64::from(hour) * 3_600).first();
    let end = wall_instant(zone, date, i64::from(hour + 1) * 3_600).first();
    (start < end).then_some(start)
}

/// One local calendar day of a zone, as it falls in instants.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LocalDay {
    /// Days since 1970-01-01 of the local date.
    pub date: i64,
    /// e.g. 2026.
    pub year: i64,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    /// 0 for Sunday.
    pub weekday: u32,
    /// Its first instant ([`start_of_day`]).
    pub start: EpochMillis,
    /// The next day's first instant.
    pub end: EpochMillis,
}

impl LocalDay {
    /// The day of `date` (days since 1970-01-01) in `zone`.
    pub fn of(zone: &dyn OffsetSource, date: i64) -> LocalDay {
        let (year, month, day) = civil_from_days(date);
        LocalDay {
            date,
            year,
            month,
            day,
            weekday: weekday(date),
            start: start_of_day(zone, date),
            end: start_of_day(zone, date + 1),
        }
    }

    /// Its length in hours: 24, or 23 and 25 on the days of a change (23.5
    /// on Lord Howe Island).
    pub fn hours(&self) -> f64 {
        (self.end - self.start) / 3_600_000.0
    }

    /// "Mon 9": the axis label of a day.
    pub fn short_label(&self) -> String {
        format!(
            "{} {}",
            WEEKDAY_ABBREVIATIONS[self.weekday as usize], self.day
        )
    }

    /// "2026-03-08": the label of a row.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// "Sun" to "Sat", Sunday first as [`weekday`] counts.
pub const WEEKDAY_ABBREVIATIONS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// Every local day of `zone` that has an instant in `[from, until)`, in order.
pub fn local_days(zone: &dyn OffsetSource, from: EpochMillis, until: EpochMillis) -> Vec<LocalDay> {
    let mut days = Vec::new();
    if from.is_nan() || until.is_nan() || from >= until {
        return days;
    }
    let mut date = local_date(zone, from);
    // A window of weeks at most; the bound only guards against nonsense.
    while days.len() < 400 {
        let day = LocalDay::of(zone, date);
        if day.start >= until {
            break;
        }
        if day.end > from {
            days.push(day);
        }
        date += 1;
    }
    days
}

/// One stretch of constant offset that [`ZoneOffsets`] found.
#[derive(Clone, Debug, PartialEq)]
struct Segment {
    /// Its first second (the change), `i64::MIN` for the first stretch.
    from: i64,
    offset: i32,
    abbreviation: Option<String>,
}

/// A zone's offsets over a window, found once, then answered from memory:
/// the way to ask about many instants (a timeline's runs, a table's rows)
/// without a question to `Intl` each. It is itself an [`OffsetSource`].
///
/// Outside the span it was scanned over (the window and two days either
/// side) it answers the nearest offset it knows, which is right unless the
/// zone changes there: scan again when the window moves.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneOffsets {
    segments: Vec<Segment>,
    span: (i64, i64),
}

impl ZoneOffsets {
    /// Scans `zone` over `[from, until]` and two days either side: one
    /// question a day, seventeen per change of offset, and one abbreviation
    /// per stretch (for a 7-day window with one change: about 31 offsets and
    /// 2 abbreviations).
    pub fn scan(zone: &dyn OffsetSource, from: EpochMillis, until: EpochMillis) -> ZoneOffsets {
        let start = seconds(from) - MARGIN_S;
        let end = seconds(until).max(seconds(from)) + MARGIN_S;
        let mut changes = Vec::new();
        let mut low = start;
        let mut low_offset = offset_at(zone, low);
        let first_offset = low_offset;
        while low < end {
            let high = (low + SAMPLE_S).min(end);
            let high_offset = offset_at(zone, high);
            // Two changes between samples (a third offset) are found one
            // after the other.
            let mut cursor = low;
            let mut cursor_offset = low_offset;
            while cursor_offset != high_offset {
                let change = change_after(zone, cursor, high);
                cursor = change;
                cursor_offset = offset_at(zone, change);
                changes.push((change, cursor_offset));
            }
            low = high;
            low_offset = high_offset;
        }
        let mut segments = vec![Segment {
            from: i64::MIN,
            offset: first_offset as i32,
            abbreviation: zone.abbreviation(millis(start)),
        }];
        for (change, offset) in changes {
            segments.push(Segment {
                from: change,
                offset: offset as i32,
                abbreviation: zone.abbreviation(millis(change)),
            });
        }
        ZoneOffsets {
            segments,
            span: (start, end),
        }
    }

    /// The changes of offset found, in order: each instant and the offset
    /// (seconds east of UTC) from then on.
    pub fn changes(&self) -> impl Iterator<Item = (EpochMillis, i32)> + '_ {
        self.segments[1..]
            .iter()
            .map(|s| (millis(s.from), s.offset))
    }

    /// Whether `at` is inside the span it scanned, where its answers are
    /// the zone's.
    pub fn covers(&self, at: EpochMillis) -> bool {
        (self.span.0..=self.span.1).contains(&seconds(at))
    }

    fn segment(&self, at: EpochMillis) -> &Segment {
        let instant = seconds(at);
        let index = self.segments.partition_point(|s| s.from <= instant);
        &self.segments[index.saturating_sub(1)]
    }
}

impl OffsetSource for ZoneOffsets {
    fn offset_seconds(&self, at: EpochMillis) -> i32 {
        self.segment(at).offset
    }

    fn abbreviation(&self, at: EpochMillis) -> Option<String> {
        self.segment(at).abbreviation.clone()
    }
}

/// An offset as text: "UTC" for 0, else "UTC+05:30", "UTC-05:00" (the form
/// `LocalTime::long` uses; seconds of old offsets are dropped).
pub fn format_offset(offset_seconds: i32) -> String {
    if offset_seconds == 0 {
        return "UTC".to_string();
    }
    let sign = if offset_seconds < 0 { '-' } else { '+' };
    let minutes = offset_seconds.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// What to write after a time in `zone` at `at`: its abbreviation, or its
/// offset when it has none worth showing.
pub fn zone_label(zone: &dyn OffsetSource, at: EpochMillis) -> String {
    zone.abbreviation(at)
        .unwrap_or_else(|| format_offset(zone.offset_seconds(at)))
}

/// "2026-03-08 03:15 EDT": a local time with the label of its zone.
pub fn format_date_time(local: &LocalTime, label: &str) -> String {
    format!("{} {label}", local.short())
}

/// "03:15 EDT": the time of day alone.
pub fn format_time(local: &LocalTime, label: &str) -> String {
    format!("{:02}:{:02} {label}", local.hour, local.minute)
}

/// `at` in `zone` as "2026-03-08 03:15 EDT" (two questions to the zone).
pub fn date_time_in(zone: &dyn OffsetSource, at: EpochMillis) -> String {
    format_date_time(&local_time(zone, at), &zone_label(zone, at))
}

/// The wall seconds of a civil date and time, for callers that have one
/// (e.g. 2026-03-08 02:30 is `days_from_civil(2026, 3, 8)` and 9,000 s).
pub fn wall_seconds(year: i64, month: u32, day: u32, second_of_day: i64) -> i64 {
    days_from_civil(year, month, day) * DAY_S + second_of_day
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// New York in 2026 without a zone database: EST, EDT from 2026-03-08
    /// 07:00 UTC to 2026-11-01 06:00 UTC.
    pub(crate) struct NewYork2026;

    pub(crate) const NY_SPRING: i64 = 1_772_953_200; // 2026-03-08T07:00:00Z
    pub(crate) const NY_FALL: i64 = 1_793_512_800; // 2026-11-01T06:00:00Z

    impl OffsetSource for NewYork2026 {
        fn offset_seconds(&self, at: EpochMillis) -> i32 {
            if (NY_SPRING..NY_FALL).contains(&seconds(at)) {
                -4 * 3_600
            } else {
                -5 * 3_600
            }
        }

        fn abbreviation(&self, at: EpochMillis) -> Option<String> {
            Some(
                if self.offset_seconds(at) == -4 * 3_600 {
                    "EDT"
                } else {
                    "EST"
                }
                .to_string(),
            )
        }
    }

    fn wall(year: i64, month: u32, day: u32, hour: i64, minute: i64) -> (i64, i64) {
        (
            days_from_civil(year, month, day),
            hour * 3_600 + minute * 60,
        )
    }

    #[test]
    fn spring_forward_in_new_york() {
        let (date, at) = wall(2026, 3, 8, 2, 30);
        assert_eq!(
            wall_instant(&NewYork2026, date, at),
            WallInstant::Skipped {
                resumes: millis(NY_SPRING)
            }
        );
        let (date, at) = wall(2026, 3, 8, 3, 0);
        assert_eq!(
            wall_instant(&NewYork2026, date, at),
            WallInstant::Unique(millis(NY_SPRING))
        );
        assert_eq!(start_of_hour(&NewYork2026, date, 2), None);
        assert_eq!(
            start_of_hour(&NewYork2026, date, 3),
            Some(millis(NY_SPRING))
        );
        let day = LocalDay::of(&NewYork2026, date);
        assert_eq!(day.hours(), 23.0);
        assert_eq!(day.short_label(), "Sun 8");
        let text = date_time_in(&NewYork2026, millis(NY_SPRING + 15 * 60));
        assert_eq!(text, "2026-03-08 03:15 EDT");
        assert_eq!(
            date_time_in(&NewYork2026, millis(NY_SPRING - 1)),
            "2026-03-08 01:59 EST"
        );
    }

    #[test]
    fn fall_back_in_new_york() {
        let (date, at) = wall(2026, 11, 1, 1, 30);
        assert_eq!(
            wall_instant(&NewYork2026, date, at),
            WallInstant::Repeated {
                earlier: millis(NY_FALL - 1_800),
                later: millis(NY_FALL + 1_800),
            }
        );
        assert_eq!(
            start_of_hour(&NewYork2026, date, 1),
            Some(millis(NY_FALL - 3_600))
        );
        assert_eq!(
            start_of_hour(&NewYork2026, date, 2),
            Some(millis(NY_FALL + 3_600))
        );
        assert_eq!(LocalDay::of(&NewYork2026, date).hours(), 25.0);
    }

    #[test]
    fn offsets_scanned_once_answer_the_same() {
        let from = millis(NY_SPRING - 3 * DAY_S);
        let scanned = ZoneOffsets::scan(&NewYork2026, from, from + 7.0 * 86_400_000.0);
        assert_eq!(
            scanned.changes().collect::<Vec<_>>(),
            [(millis(NY_SPRING), -4 * 3_600)]
        );
        for step in -300..300 {
            let at = millis(NY_SPRING + step * 1_799);
            assert_eq!(scanned.offset_seconds(at), NewYork2026.offset_seconds(at));
            assert_eq!(scanned.abbreviation(at), NewYork2026.abbreviation(at));
        }
        assert!(scanned.covers(from) && !scanned.covers(from - 3.0 * 86_400_000.0));
        let days = local_days(&scanned, from, from + 7.0 * 86_400_000.0);
        assert_eq!(days.len(), 8);
        assert_eq!(days.iter().filter(|d| d.hours() == 23.0).count(), 1);
    }

    #[test]
    fn offsets_and_labels() {
        assert_eq!(format_offset(0), "UTC");
        assert_eq!(format_offset(19_800), "UTC+05:30");
        assert_eq!(format_offset(-18_000), "UTC-05:00");
        assert_eq!(format_offset(-(3 * 3_600 + 1_800)), "UTC-03:30");
        assert_eq!(zone_label(&FixedOffset(20_700), 0.0), "UTC+05:45");
        assert_eq!(zone_label(&Utc, 0.0), "UTC");
        let local = local_time(&FixedOffset(19_800), 0.0);
        assert_eq!(format_time(&local, "IST"), "05:30 IST");
        assert_eq!(local.utc_offset_minutes, 330);
        assert_eq!(local_time(&Utc, -1.0).short(), "1969-12-31 23:59");
        assert_eq!(local_date(&FixedOffset(-3_600), 0.0), -1);
    }

    #[test]
    fn a_window_in_utc_has_whole_days() {
        let from = millis(NY_SPRING);
        let days = local_days(&Utc, from, from + 86_400_000.0);
        assert_eq!(days.len(), 2);
        assert!(days.iter().all(|d| d.hours() == 24.0));
        assert_eq!(days[0].iso(), "2026-03-08");
        assert!(local_days(&Utc, from, from).is_empty());
    }
}
