//! The Timeline chart's layout: one lane per job with a mark per run in the
//! window, an hour axis in the chosen zone, and where now is, all as
//! fractions of the window so the view only scales them to its width.
//!
//! Dense lanes stay bounded: runs closer together than one column of the
//! chart (a 480th of the window by default: 3 minutes of 24 hours, 21 of 7
//! days) share one mark that says how many runs it holds, so `* * * * *`
//! over a week is 480 marks of 21 runs, not 10,080, and the lane still says
//! its true count. Counting uses [`Cron::count_between`], which never lists
//! the runs.

use crate::logic::cron::Cron;
use crate::logic::schedule::Schedule;
use crate::logic::time::EpochMillis;
use crate::logic::zone::{local_days, wall_instant, OffsetSource, WallInstant};

const MINUTE_MS: f64 = 60_000.0;
const HOUR_MS: f64 = 3_600_000.0;

/// Distinct mark positions a chart can show by default: about a desktop
/// chart's width in pixels over two (a phone's chart scrolls inside itself).
pub const COLUMNS: u32 = 480;

/// One job as the time views need it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneInput<'a> {
    /// The job's uid.
    pub uid: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its stack's name, on pages that show several stacks (busy moments
    /// are counted per stack); `None` on one stack's page.
    pub stack: Option<&'a str>,
    /// When it runs.
    pub schedule: Schedule,
    /// Whether it is paused (then it runs never, whatever its schedule).
    pub paused: bool,
}

impl LaneInput<'_> {
    /// The cron it runs on, if it runs at all (not paused, a valid cron).
    pub fn running_cron(&self) -> Option<&Cron> {
        if self.paused {
            None
        } else {
            self.schedule.cron()
        }
    }
}

/// How long the window is: the Window select, query key `window`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WindowSpan {
    /// "24 hours" (`window=24h`), the default.
    #[default]
    Day,
    /// "7 days" (`window=7d`).
    Week,
}

impl WindowSpan {
    /// Reads the query value: `24h` or `7d`, anything else `None`.
    pub fn from_query(value: &str) -> Option<WindowSpan> {
        match value {
            "24h" => Some(WindowSpan::Day),
            "7d" => Some(WindowSpan::Week),
            _ => None,
        }
    }

    /// The query value.
    pub fn query(self) -> &'static str {
        match self {
            WindowSpan::Day => "24h",
            WindowSpan::Week => "7d",
        }
    }

    /// The select's words: "24 hours" or "7 days".
    pub fn label(self) -> &'static str {
        match self {
            WindowSpan::Day => "24 hours",
            WindowSpan::Week => "7 days",
        }
    }

    /// Its length in milliseconds (real time: 7 days are 168 hours even
    /// across a change of the clocks).
    pub fn millis(self) -> f64 {
        match self {
            WindowSpan::Day => 24.0 * HOUR_MS,
            WindowSpan::Week => 7.0 * 24.0 * HOUR_MS,
        }
    }
}

/// The span of time the time views look at: runs in `(from, from + span]`,
/// strictly after `from` as [`Cron::next_after`] counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Where it starts (usually the clock's now when the page opened, or
    /// now itself).
    pub from: EpochMillis,
    /// How long it is.
    pub span: WindowSpan,
}

impl Window {
    /// Where it ends.
    pub fn until(&self) -> EpochMillis {
        self.from + self.span.millis()
    }

    /// Where `at` falls, as a fraction of the window (0 at `from`, 1 at the
    /// end; outside the window below 0 or above 1).
    pub fn fraction(&self, at: EpochMillis) -> f64 {
        (at - self.from) / self.span.millis()
    }
}

/// Why a lane has no marks, or that it has some.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneState {
    /// It runs in the window: see its marks.
    Runs,
    /// A schedule whose next run is after the window (a weekly job in a
    /// 24-hour window).
    Quiet,
    /// Paused: no marks, whatever its schedule.
    Paused,
    /// `cron: null`.
    OnDemand,
    /// An expression the parser refused.
    Invalid,
    /// A schedule that matches no date.
    Never,
}

impl LaneState {
    /// What an empty lane says in place of marks, in the words of the Next
    /// run column; `None` for a lane with runs.
    pub fn words(self) -> Option<&'static str> {
        match self {
            LaneState::Runs => None,
            LaneState::Quiet => Some("No run in this window"),
            LaneState::Paused => Some("Paused"),
            LaneState::OnDemand => Some("On demand"),
            LaneState::Invalid => Some("Invalid schedule"),
            LaneState::Never => Some("Never"),
        }
    }
}

/// One mark on a lane: a run, or runs closer together than a column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    /// The first run it stands for.
    pub at: EpochMillis,
    /// How many runs it stands for (1 for most); they are in
    /// `[at, at + Timeline::merge_ms)`.
    pub runs: u64,
    /// `at` as a fraction of the window.
    pub x: f64,
}

/// One job's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// The job's uid.
    pub uid: String,
    /// Its name.
    pub name: String,
    /// Its stack's name, if given.
    pub stack: Option<String>,
    /// Whether it has marks, and why not.
    pub state: LaneState,
    /// Its marks in time order: at most one per column, plus one.
    pub marks: Vec<Mark>,
    /// How many runs it has in the window (the marks' `runs` summed).
    pub runs: u64,
    /// Its next run after the window's start, even past the window (what a
    /// quiet lane may say); `None` when it has none.
    pub next: Option<EpochMillis>,
}

/// A line of the hour axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// The instant it stands at.
    pub at: EpochMillis,
    /// As a fraction of the window.
    pub x: f64,
    /// "03:00", or "Mon 9" at the start of a local day.
    pub label: String,
    /// Whether it is the start of a local day (a stronger line).
    pub day_start: bool,
}

/// Everything the Timeline view draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// The window drawn.
    pub window: Window,
    /// One per job given, in the order given.
    pub lanes: Vec<Lane>,
    /// The hour axis, in the zone's local time: every 3 local hours over 24
    /// hours, every local midnight over 7 days.
    pub ticks: Vec<Tick>,
    /// Where now is, if it is in the window.
    pub now_x: Option<f64>,
    /// Runs closer than this share a mark (a whole number of minutes).
    pub merge_ms: f64,
    /// Runs in the window, all lanes.
    pub runs: u64,
    /// Lanes with at least one run in the window.
    pub jobs_with_runs: usize,
}

impl Timeline {
    /// The chart's description: "42 runs of 7 jobs in the next 24 hours".
    pub fn summary(&self) -> String {
        format!(
            "{} of {} in the next {}",
            counted(self.runs, "run", "runs"),
            counted(self.jobs_with_runs as u64, "job", "jobs"),
            self.window.span.label()
        )
    }
}

/// "1 run", "3 runs".
pub(crate) fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Lays out the Timeline of `lanes` over `window`, its axis in `zone` (give
/// a [`crate::logic::zone::ZoneOffsets`] scanned over the window: the axis
/// asks a few dozen wall times), now at `now`, merging runs closer than
/// `1 / columns` of the window (at least a minute).
pub fn timeline(
    lanes: &[LaneInput],
    window: Window,
    now: EpochMillis,
    zone: &dyn OffsetSource,
    columns: u32,
) -> Timeline {
    let window_minutes = (window.span.millis() / MINUTE_MS) as u32;
    let merge_minutes = (window_minutes / columns.max(1)).max(1);
    let merge_ms = f64::from(merge_minutes) * MINUTE_MS;
    let lanes: Vec<Lane> = lanes
        .iter()
        .map(|lane| layout_lane(lane, window, merge_ms))
        .collect();
    let fraction = window.fraction(now);
    Timeline {
        window,
        runs: lanes.iter().map(|l| l.runs).sum(),
        jobs_with_runs: lanes.iter().filter(|l| l.runs > 0).count(),
        lanes,
        ticks: ticks(window, zone),
        now_x: (0.0..=1.0).contains(&fraction).then_some(fraction),
        merge_ms,
    }
}

fn layout_lane(lane: &LaneInput, window: Window, merge_ms: f64) -> Lane {
    let until = window.until();
    let (state, marks, runs, next) = match (lane.paused, &lane.schedule) {
        (true, _) => (LaneState::Paused, Vec::new(), 0, None),
        (false, Schedule::OnDemand) => (LaneState::OnDemand, Vec::new(), 0, None),
        (false, Schedule::Invalid) => (LaneState::Invalid, Vec::new(), 0, None),
        (false, Schedule::Cron(cron)) => match cron.next_after(window.from) {
            None => (LaneState::Never, Vec::new(), 0, None),
            Some(next) if next > until => (LaneState::Quiet, Vec::new(), 0, Some(next)),
            Some(next) => {
                let marks = marks(cron, window, merge_ms);
                let runs = marks.iter().map(|m| m.runs).sum();
                (LaneState::Runs, marks, runs, Some(next))
            }
        },
    };
    Lane {
        uid: lane.uid.to_string(),
        name: lane.name.to_string(),
        stack: lane.stack.map(str::to_string),
        state,
        marks,
        runs,
        next,
    }
}

/// A mark per run, or per `merge_ms` of runs: each mark starts at a run and
/// takes in the runs of the next `merge_ms`, so a lane has at most
/// `window / merge_ms + 1` marks, each found with one `next_after` and one
/// count.
fn marks(cron: &Cron, window: Window, merge_ms: f64) -> Vec<Mark> {
    let until = window.until();
    let mut marks = Vec::new();
    let mut cursor = window.from;
    while let Some(at) = cron.next_after(cursor).filter(|&at| at <= until) {
        // Runs are whole minutes, so `(at - 1 ms, at + merge - 1 ms]` is the
        // runs in `[at, at + merge)`.
        let last = (at + merge_ms - 1.0).min(until);
        marks.push(Mark {
            at,
            runs: cron.count_between(at - 1.0, last),
            x: window.fraction(at),
        });
        cursor = at + merge_ms - 1.0;
    }
    marks
}

/// The hour axis: local hour lines that the zone's clocks show (a skipped
/// 03:00 has none; a repeated one is drawn at its first time), and each
/// local day's first instant, inside the window.
fn ticks(window: Window, zone: &dyn OffsetSource) -> Vec<Tick> {
    let (from, until) = (window.from, window.until());
    let mut ticks = Vec::new();
    let mut push = |at: EpochMillis, label: String, day_start: bool| {
        if (from..=until).contains(&at) {
            ticks.push(Tick {
                at,
                x: window.fraction(at),
                label,
                day_start,
            });
        }
    };
    for day in local_days(zone, from, until) {
        push(day.start, day.short_label(), true);
        if window.span == WindowSpan::Week {
            continue;
        }
        for hour in (3..24).step_by(3) {
            match wall_instant(zone, day.date, i64::from(hour) * 3_600) {
                WallInstant::Unique(at) | WallInstant::Repeated { earlier: at, .. } => {
                    push(at, format!("{hour:02}:00"), false)
                }
                WallInstant::Skipped { .. } => {}
            }
        }
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::calendar::days_from_civil;
    use crate::logic::zone::tests::{NewYork2026, NY_FALL, NY_SPRING};
    use crate::logic::zone::{Utc, ZoneOffsets};

    fn lane<'a>(name: &'a str, cron: Option<&str>, paused: bool) -> LaneInput<'a> {
        LaneInput {
            uid: name,
            name,
            stack: None,
            schedule: Schedule::of(cron),
            paused,
        }
    }

    /// 2026-03-07T12:00:00Z, a Saturday.
    const FROM: f64 = 1_772_884_800_000.0;

    #[test]
    fn dense_lanes_are_bounded_and_keep_their_true_count() {
        let lanes = [lane("minutely", Some("* * * * *"), false)];
        for (span, marks, per_mark) in [(WindowSpan::Day, 480, 3), (WindowSpan::Week, 480, 21)] {
            let window = Window { from: FROM, span };
            let chart = timeline(&lanes, window, FROM, &Utc, COLUMNS);
            let minutely = &chart.lanes[0];
            assert_eq!(minutely.marks.len(), marks);
            assert_eq!(minutely.runs, (span.millis() / MINUTE_MS) as u64);
            assert!(minutely.marks.iter().all(|m| m.runs == per_mark));
            assert_eq!(chart.merge_ms, per_mark as f64 * MINUTE_MS);
            assert!(minutely.marks.windows(2).all(|w| w[0].x < w[1].x));
            assert!(minutely.marks.iter().all(|m| m.x > 0.0 && m.x <= 1.0));
        }
    }

    #[test]
    fn sparse_runs_keep_a_mark_each() {
        let lanes = [
            lane("quarterly", Some("*/15 * * * *"), false),
            lane("daily", Some("0 3 * * *"), false),
        ];
        let window = Window {
            from: FROM,
            span: WindowSpan::Day,
        };
        let chart = timeline(&lanes, window, FROM, &Utc, COLUMNS);
        assert_eq!(chart.lanes[0].marks.len(), 96);
        assert!(chart.lanes[0].marks.iter().all(|m| m.runs == 1));
        let daily = &chart.lanes[1];
        assert_eq!(daily.marks.len(), 1);
        // 03:00 on the 8th is 15 hours after noon on the 7th.
        assert_eq!(daily.marks[0].x, 15.0 / 24.0);
        assert_eq!(chart.runs, 97);
        assert_eq!(chart.summary(), "97 runs of 2 jobs in the next 24 hours");
        // A coarse chart of 4 columns merges the quarter hours into 6 h marks.
        let coarse = timeline(&lanes, window, FROM, &Utc, 4);
        assert_eq!(coarse.lanes[0].marks.len(), 4);
        assert_eq!(coarse.lanes[0].runs, 96);
    }

    #[test]
    fn lanes_without_runs_say_why() {
        let lanes = [
            lane("paused", Some("* * * * *"), true),
            lane("demand", None, false),
            lane("broken", Some("61 * * * *"), false),
            lane("never", Some("0 0 31 2 *"), false),
            lane("weekdays", Some("0 9 * * 1-5"), false),
        ];
        let window = Window {
            from: FROM,
            span: WindowSpan::Day,
        };
        let chart = timeline(&lanes, window, FROM, &Utc, COLUMNS);
        let states: Vec<LaneState> = chart.lanes.iter().map(|l| l.state).collect();
        assert_eq!(
            states,
            [
                LaneState::Paused,
                LaneState::OnDemand,
                LaneState::Invalid,
                LaneState::Never,
                LaneState::Quiet
            ]
        );
        assert!(chart
            .lanes
            .iter()
            .all(|l| l.marks.is_empty() && l.runs == 0));
        assert_eq!(chart.lanes[4].next, Some(FROM + 45.0 * HOUR_MS));
        assert_eq!(LaneState::Quiet.words(), Some("No run in this window"));
        assert_eq!(chart.summary(), "0 runs of 0 jobs in the next 24 hours");
    }

    #[test]
    fn now_is_marked_while_it_is_in_the_window() {
        let window = Window {
            from: FROM,
            span: WindowSpan::Day,
        };
        let later = FROM + 6.0 * HOUR_MS;
        assert_eq!(
            timeline(&[], window, later, &Utc, COLUMNS).now_x,
            Some(0.25)
        );
        let gone = FROM + 25.0 * HOUR_MS;
        assert_eq!(timeline(&[], window, gone, &Utc, COLUMNS).now_x, None);
    }

    fn labels(chart: &Timeline) -> Vec<&str> {
        chart.ticks.iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn ticks_every_three_local_hours_on_a_23_hour_day() {
        // From 2026-03-08 00:00 EST: the day has no 02:00, and 03:00 EDT
        // comes two hours after midnight.
        let from = days_from_civil(2026, 3, 8) as f64 * 86_400_000.0 + 5.0 * HOUR_MS;
        let window = Window {
            from,
            span: WindowSpan::Day,
        };
        let zone = ZoneOffsets::scan(&NewYork2026, from, window.until());
        let chart = timeline(&[], window, from, &zone, COLUMNS);
        assert_eq!(
            labels(&chart),
            ["Sun 8", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00", "Mon 9"]
        );
        assert_eq!(chart.ticks[1].at, NY_SPRING as f64 * 1000.0);
        assert_eq!(chart.ticks[1].x, 2.0 / 24.0);
        assert_eq!(chart.ticks[8].x, 23.0 / 24.0);
    }

    #[test]
    fn ticks_on_a_25_hour_day_and_over_a_week() {
        let from = days_from_civil(2026, 11, 1) as f64 * 86_400_000.0 + 4.0 * HOUR_MS;
        let window = Window {
            from,
            span: WindowSpan::Day,
        };
        let zone = ZoneOffsets::scan(&NewYork2026, from, from + WindowSpan::Week.millis());
        let chart = timeline(&[], window, from, &zone, COLUMNS);
        assert_eq!(labels(&chart)[..3], ["Sun 1", "03:00", "06:00"]);
        // 03:00 EST is four real hours after midnight EDT.
        assert_eq!(chart.ticks[1].at, NY_FALL as f64 * 1000.0 + 2.0 * HOUR_MS);
        assert_eq!(chart.ticks.len(), 8);
        let week = timeline(
            &[],
            Window {
                from,
                span: WindowSpan::Week,
            },
            from,
            &zone,
            COLUMNS,
        );
        assert_eq!(
            labels(&week),
            ["Sun 1", "Mon 2", "Tue 3", "Wed 4", "Thu 5", "Fri 6", "Sat 7"]
        );
        assert!(week.ticks.iter().all(|t| t.day_start));
        assert_eq!(week.ticks[1].x, 25.0 / 168.0);
    }

    #[test]
    fn windows_read_and_write_their_query() {
        assert_eq!(WindowSpan::from_query("7d"), Some(WindowSpan::Week));
        assert_eq!(WindowSpan::from_query("24h"), Some(WindowSpan::Day));
        assert_eq!(WindowSpan::from_query("1y"), None);
        assert_eq!(WindowSpan::default().query(), "24h");
        assert_eq!(WindowSpan::Week.label(), "7 days");
    }
}
