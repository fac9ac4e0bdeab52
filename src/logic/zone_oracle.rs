//! The zone maths checked against jiff and its bundled tz database, on every
//! zone it knows, over the changes of offset of 2026: local times around each
//! change, the instants of wall times in gaps and overlaps, local midnights
//! and hour starts, a window's scan, runs per hour, and the local times that
//! cron descriptions add. jiff answers the offset questions (as `Intl` does
//! in the browser) and, separately, what each answer should be.

use jiff::civil;
use jiff::tz::{self, AmbiguousOffset, TimeZone};
use jiff::Timestamp;

use crate::logic::calendar::{civil_from_days, days_from_civil};
use crate::logic::cron::Cron;
use crate::logic::cron_zone::describe_in_zone;
use crate::logic::runs_per_hour::{runs_per_hour, HourCell};
use crate::logic::schedule::Schedule;
use crate::logic::time::EpochMillis;
use crate::logic::timeline::{LaneInput, Window, WindowSpan};
use crate::logic::zone::{
    format_offset, local_time, start_of_day, start_of_hour, wall_instant, OffsetSource,
    WallInstant, ZoneOffsets,
};

const DAY: i64 = 86_400;

/// A zone as `Intl` would answer for it. Numeric abbreviations ("+0530",
/// "-03") are none, as the Intl bridge reads "GMT+5:30".
struct Oracle(TimeZone);

impl OffsetSource for Oracle {
    fn offset_seconds(&self, at: EpochMillis) -> i32 {
        self.0.to_offset(timestamp(seconds(at))).seconds()
    }

    fn abbreviation(&self, at: EpochMillis) -> Option<String> {
        let info = self.0.to_offset_info(timestamp(seconds(at)));
        let name = info.abbreviation();
        (!name.starts_with(['+', '-'])).then(|| name.to_string())
    }
}

/// The oracle, counting the questions asked of it.
struct Counting<'a>(&'a Oracle, std::cell::Cell<usize>, std::cell::Cell<usize>);

impl OffsetSource for Counting<'_> {
    fn offset_seconds(&self, at: EpochMillis) -> i32 {
        self.1.set(self.1.get() + 1);
        self.0.offset_seconds(at)
    }

    fn abbreviation(&self, at: EpochMillis) -> Option<String> {
        self.2.set(self.2.get() + 1);
        self.0.abbreviation(at)
    }
}

fn seconds(at: EpochMillis) -> i64 {
    (at / 1000.0).floor() as i64
}

fn ms(seconds: i64) -> EpochMillis {
    seconds as f64 * 1000.0
}

fn timestamp(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).expect("in jiff's range")
}

fn year(y: i64) -> i64 {
    days_from_civil(y, 1, 1) * DAY
}

/// Every zone of the bundled database, by every name it has.
fn zones() -> Vec<(String, Oracle)> {
    let zones: Vec<(String, Oracle)> = tz::db()
        .available()
        .map(|name| {
            let zone = TimeZone::get(name.as_str()).expect("a zone it lists");
            (name.to_string(), Oracle(zone))
        })
        .collect();
    assert!(zones.len() > 400, "only {} zones", zones.len());
    zones
}

/// The changes of offset in `[low, high]` (not those of abbreviation or
/// daylight-saving flag alone), with the offset from then on.
fn changes(zone: &TimeZone, low: i64, high: i64) -> Vec<(i64, i32)> {
    zone.following(timestamp(low - 1))
        .map(|t| (t.timestamp().as_second(), t.offset().seconds()))
        .take_while(|&(at, _)| at <= high)
        .filter(|&(at, offset)| zone.to_offset(timestamp(at - 1)).seconds() != offset)
        .collect()
}

/// The wall seconds jiff's clocks show at an instant.
fn wall_of(zone: &TimeZone, at: i64) -> i64 {
    let dt = zone.to_datetime(timestamp(at));
    days_from_civil(dt.year().into(), dt.month() as u32, dt.day() as u32) * DAY
        + i64::from(dt.hour()) * 3_600
        + i64::from(dt.minute()) * 60
        + i64::from(dt.second())
}

fn civil_of(wall: i64) -> civil::DateTime {
    let (y, m, d) = civil_from_days(wall.div_euclid(DAY));
    let s = wall.rem_euclid(DAY);
    civil::date(y as i16, m as i8, d as i8).at(
        (s / 3_600) as i8,
        (s / 60 % 60) as i8,
        (s % 60) as i8,
        0,
    )
}

/// What jiff says the instants of a wall time are.
fn expected_wall(zone: &TimeZone, wall: i64) -> WallInstant {
    match zone.to_ambiguous_timestamp(civil_of(wall)).offset() {
        AmbiguousOffset::Unambiguous { offset } => {
            WallInstant::Unique(ms(wall - i64::from(offset.seconds())))
        }
        AmbiguousOffset::Fold { before, after } => WallInstant::Repeated {
            earlier: ms(wall - i64::from(before.seconds())),
            later: ms(wall - i64::from(after.seconds())),
        },
        AmbiguousOffset::Gap { after, .. } => {
            let low = wall - i64::from(after.seconds());
            let (resumes, _) = changes(zone, low, low + DAY)[0];
            WallInstant::Skipped {
                resumes: ms(resumes),
            }
        }
    }
}

/// Instants around a change: the seconds either side and a day away.
const AROUND: [i64; 14] = [
    -DAY, -7_201, -3_601, -3_600, -1_801, -60, -1, 0, 1, 59, 1_800, 3_600, 7_200, DAY,
];

fn check_local_time(name: &str, zone: &TimeZone, source: &dyn OffsetSource, at: i64) {
    let ours = local_time(source, ms(at));
    let theirs = zone.to_datetime(timestamp(at));
    let offset = zone.to_offset(timestamp(at)).seconds();
    assert_eq!(
        (
            ours.year,
            ours.month,
            ours.day,
            ours.hour,
            ours.minute,
            ours.second
        ),
        (
            i32::from(theirs.year()),
            theirs.month() as u32,
            theirs.day() as u32,
            theirs.hour() as u32,
            theirs.minute() as u32,
            theirs.second() as u32
        ),
        "{name} at {at}"
    );
    assert_eq!(ours.utc_offset_minutes, offset / 60, "{name} at {at}");
}

fn check_wall(name: &str, zone: &TimeZone, source: &dyn OffsetSource, wall: i64) {
    let (date, second) = (wall.div_euclid(DAY), wall.rem_euclid(DAY));
    assert_eq!(
        wall_instant(source, date, second),
        expected_wall(zone, wall),
        "{name}, wall {}",
        civil_of(wall)
    );
}

/// Local days, hour starts and midnights of a date, against jiff.
fn check_day(name: &str, zone: &TimeZone, source: &dyn OffsetSource, date: i64) {
    let first = |hour: i64| expected_wall(zone, date * DAY + hour * 3_600).first();
    assert_eq!(start_of_day(source, date), first(0), "{name}, day {date}");
    for hour in 0..24 {
        let expected = (first(hour) < first(hour + 1)).then(|| first(hour));
        assert_eq!(
            start_of_hour(source, date, hour as u32),
            expected,
            "{name}, day {date} hour {hour}"
        );
    }
}

#[test]
fn scans_find_every_change_of_every_zone() {
    let (start, end) = (year(2026), year(2027));
    let (mut zones_changing, mut found) = (0, 0);
    let (mut most_offsets, mut most_names) = (0, 0);
    let zones = zones();
    let count = zones.len();
    for (name, oracle) in zones {
        let scanned = ZoneOffsets::scan(&oracle, ms(start), ms(end));
        // The scan reaches two days past either end.
        let expected: Vec<(EpochMillis, i32)> = changes(&oracle.0, start - 2 * DAY, end + 2 * DAY)
            .into_iter()
            .map(|(at, offset)| (ms(at), offset))
            .collect();
        assert_eq!(scanned.changes().collect::<Vec<_>>(), expected, "{name}");
        found += expected.len();
        zones_changing += usize::from(!expected.is_empty());
        // What a 7-day window around its first change costs in questions.
        if let Some(&(first, _)) = expected.first() {
            let counting = Counting(&oracle, Default::default(), Default::default());
            let window = ZoneOffsets::scan(
                &counting,
                first - 3.0 * 86_400_000.0,
                first + 4.0 * 86_400_000.0,
            );
            let changed = window.changes().count();
            assert!(
                counting.1.get() <= 12 + 22 * changed,
                "{name}: {}",
                counting.1.get()
            );
            most_offsets = most_offsets.max(counting.1.get());
            most_names = most_names.max(counting.2.get());
        }
    }
    println!(
        "{zones_changing} of {count} zones change offset {found} times in 2026 (±2 days); \
         a 7-day window's scan asks at most {most_offsets} offsets and {most_names} \
         abbreviations"
    );
    assert!(zones_changing > 100);
}

#[test]
fn local_and_wall_times_around_every_change() {
    let (start, end) = (year(2026), year(2027));
    let (mut instants, mut walls, mut days) = (0, 0, 0);
    for (name, oracle) in zones() {
        let zone = &oracle.0;
        let scanned = ZoneOffsets::scan(&oracle, ms(start), ms(end));
        let sources: [&dyn OffsetSource; 2] = [&oracle, &scanned];
        let year_changes = changes(zone, start, end);
        // Zones that do not change still get a day a month checked.
        let mut moments: Vec<i64> = year_changes.iter().map(|&(at, _)| at).collect();
        if moments.is_empty() {
            moments.extend((0..12).map(|month| start + month * 30 * DAY + 12_345));
        }
        for &change in &moments {
            let (before, after) = (wall_of(zone, change - 1), wall_of(zone, change));
            for source in sources {
                for delta in AROUND {
                    check_local_time(&name, zone, source, change + delta);
                    instants += 1;
                }
                let low = before.min(after) - 7_200;
                let high = before.max(after) + 7_200;
                let edges = [before, before + 1, after - 1, after];
                for wall in (low..=high).step_by(900).chain(edges) {
                    check_wall(&name, zone, source, wall);
                    walls += 1;
                }
                for date in [
                    before.div_euclid(DAY) - 1,
                    before.div_euclid(DAY),
                    after.div_euclid(DAY) + 1,
                ] {
                    check_day(&name, zone, source, date);
                    days += 1;
                }
            }
        }
    }
    println!(
        "checked {instants} local times, {walls} wall times, {days} days (with 24 hours each)"
    );
}

#[test]
fn runs_per_hour_buckets_like_the_oracle() {
    let (start, end) = (year(2026), year(2027));
    let lanes = ["* * * * *", "*/20 * * * *"].map(|cron| LaneInput {
        uid: cron,
        name: cron,
        stack: None,
        schedule: Schedule::of(Some(cron)),
        paused: false,
    });
    let mut tables = 0;
    for (name, oracle) in zones() {
        let zone = &oracle.0;
        for (change, _) in changes(zone, start, end) {
            // Half a minute off the minute, as a clock's now is.
            let window = Window {
                from: ms(change - 12 * 3_600 + 30),
                span: WindowSpan::Day,
            };
            let scanned = ZoneOffsets::scan(&oracle, window.from, window.until());
            let table = runs_per_hour(&lanes, window, &scanned);
            // Every run of the window, bucketed by jiff's local date and hour.
            let mut buckets = std::collections::HashMap::<(i64, i64), u64>::new();
            let first_minute = (change - 12 * 3_600 + 30) / 60 + 1;
            for minute in first_minute..first_minute + 1_440 {
                let wall = wall_of(zone, minute * 60);
                let runs = 1 + u64::from(minute % 20 == 0);
                *buckets
                    .entry((wall.div_euclid(DAY), wall.rem_euclid(DAY) / 3_600))
                    .or_default() += runs;
            }
            assert_eq!(
                table.total,
                buckets.values().sum::<u64>(),
                "{name} {change}"
            );
            for row in &table.rows {
                for (hour, cell) in row.cells.iter().enumerate() {
                    let hour = hour as i64;
                    let wall = row.day.date * DAY + hour * 3_600;
                    let gap =
                        |w: i64| matches!(expected_wall(zone, w), WallInstant::Skipped { .. });
                    let missing = gap(wall) && (0..60).all(|m| gap(wall + m * 60));
                    let expected = match buckets.get(&(row.day.date, hour)) {
                        Some(&runs) => HourCell::Runs(runs),
                        None if missing => HourCell::Missing,
                        None => *cell,
                    };
                    assert_eq!(
                        *cell,
                        expected,
                        "{name} {change}: {} hour {hour}",
                        row.day.iso()
                    );
                    assert_eq!(
                        missing,
                        *cell == HourCell::Missing,
                        "{name} {change}: {} hour {hour}",
                        row.day.iso()
                    );
                    assert!(
                        *cell != HourCell::Runs(0),
                        "{name}: a minutely lane has runs"
                    );
                }
            }
            tables += 1;
        }
    }
    println!("checked {tables} tables of runs per hour around changes");
}

#[test]
fn descriptions_add_the_oracles_local_time() {
    let (start, end) = (year(2026), year(2027));
    let daily = Cron::parse("0 3 * * *").expect("valid");
    let weekdays = Cron::parse("30 14 * * 1-5").expect("valid");
    let twice = Cron::parse("0 9,21 * * *").expect("valid");
    let hourly = Cron::parse("15 * * * *").expect("valid");
    let mut described = 0;
    for (name, oracle) in zones() {
        let zone = &oracle.0;
        let mut nows: Vec<i64> = vec![start + 14 * DAY, start + 195 * DAY];
        for (change, _) in changes(zone, start, end) {
            nows.extend([change - DAY, change - 3_600, change + 3_600]);
        }
        for now in nows {
            for cron in [&daily, &weekdays, &twice] {
                let words = describe_in_zone(cron, &oracle, ms(now));
                assert_eq!(words, expected_words(cron, &oracle, now), "{name} at {now}");
                described += 1;
            }
            let words = describe_in_zone(&hourly, &oracle, ms(now));
            let next = seconds(hourly.next_after(ms(now)).expect("runs"));
            let offset = zone.to_offset(timestamp(next)).seconds();
            let expected = if offset % 3_600 == 0 {
                hourly.describe()
            } else {
                let label = oracle
                    .abbreviation(ms(next))
                    .unwrap_or_else(|| format_offset(offset));
                let minute = zone.to_datetime(timestamp(next)).minute();
                format!("Every hour, at minute 15 (minute {minute} {label})")
            };
            assert_eq!(words, expected, "{name} at {now}");
            described += 1;
        }
    }
    println!("checked {described} descriptions");
}

/// The description of a list of daily times, its local times from jiff at
/// the next run's offset.
fn expected_words(cron: &Cron, oracle: &Oracle, now: i64) -> String {
    let zone = &oracle.0;
    let next = seconds(cron.next_after(ms(now)).expect("runs"));
    let offset = zone.to_offset(timestamp(next));
    let (time, rest) = cron.describe_split();
    if offset.seconds() == 0 {
        return format!("{time}{rest}");
    }
    let label = oracle
        .abbreviation(ms(next))
        .unwrap_or_else(|| format_offset(offset.seconds()));
    let day = next.div_euclid(DAY);
    let crate::logic::cron::TimeShape::Times(times) = cron.time_shape() else {
        panic!("a list of times");
    };
    let local: Vec<(i64, String)> = times
        .iter()
        .map(|&t| {
            let dt = offset.to_datetime(timestamp(day * DAY + i64::from(t) * 60));
            let local_day = days_from_civil(dt.year().into(), dt.month() as u32, dt.day() as u32);
            (
                local_day - day,
                format!("{:02}:{:02}", dt.hour(), dt.minute()),
            )
        })
        .collect();
    let marker = |shift: i64| match shift {
        -1 => " the day before",
        1 => " the day after",
        _ => "",
    };
    let bracket = if local.iter().all(|(shift, _)| *shift == local[0].0) {
        let clock: Vec<&str> = local.iter().map(|(_, text)| text.as_str()).collect();
        format!("{} {label}{}", clock.join(" and "), marker(local[0].0))
    } else {
        let each: Vec<String> = local
            .iter()
            .map(|(shift, text)| format!("{text} {label}{}", marker(*shift)))
            .collect();
        each.join(" and ")
    };
    format!("{time} ({bracket}){rest}")
}
