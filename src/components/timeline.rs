//! The Timeline chart (issue 29, item 2), drawn as SVG by the app: one lane
//! per job, a mark per run (runs closer than a column share one, which
//! says how many), the hours on an axis in the chosen zone, and now.
//!
//! The chart is `role="img"` named "Timeline", its description the counts;
//! the list of runs under it is its text version. Pointing at a mark or
//! moving between marks with the arrow keys (the chart's box takes focus,
//! one tab stop however many marks) says the job and the time in a status
//! line. Each lane's marks are one `<path>`, so a week of a busy stack is a
//! few hundred elements, not tens of thousands.

use leptos::html::Div;
use leptos::prelude::*;

use crate::logic::timeline::{Lane, LaneState, Mark, Timeline};
use crate::logic::zone_choice::ZoneChoice;
use crate::state::time_zone::Zone;

/// The chart's width in CSS pixels; a narrower screen scrolls it inside its box.
const WIDTH: f64 = 960.0;
/// Where the lanes' names end and the plot starts.
const PLOT_X: f64 = 210.0;
const PLOT_W: f64 = WIDTH - PLOT_X - 16.0;
/// The hour labels' band at the top.
const AXIS_H: f64 = 24.0;
const LANE_H: f64 = 20.0;
/// The band under the lanes, where "now" is written.
const FOOT_H: f64 = 20.0;
/// A mark's height; runs sharing a mark draw it taller.
const MARK_H: f64 = 10.0;
/// Characters of a lane's name shown before an ellipsis (the whole name is
/// in the list of runs, and said by the status line).
const NAME_CHARS: usize = 28;

/// The rows of the chart: a stack's name over its lanes (on pages with
/// several stacks), or a lane (an index into the timeline's lanes).
#[derive(Clone, Debug, PartialEq)]
enum Row {
    Stack(String),
    Lane(usize),
}

fn rows_of(chart: &Timeline, only_running: bool) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut stack: Option<&str> = None;
    for (index, lane) in chart.lanes.iter().enumerate() {
        if only_running && lane.state != LaneState::Runs {
            continue;
        }
        if let Some(name) = lane.stack.as_deref().filter(|n| Some(*n) != stack) {
            rows.push(Row::Stack(name.to_string()));
            stack = Some(name);
        }
        rows.push(Row::Lane(index));
    }
    rows
}

fn x_of(fraction: f64) -> f64 {
    PLOT_X + fraction.clamp(0.0, 1.0) * PLOT_W
}

fn row_top(row: usize) -> f64 {
    AXIS_H + row as f64 * LANE_H
}

fn clipped(name: &str) -> String {
    match name.char_indices().nth(NAME_CHARS) {
        Some((end, _)) => format!("{}…", &name[..end]),
        None => name.to_string(),
    }
}

/// "db-backup: 2026-03-08 03:00 EST", or for a mark that holds several
/// runs "job-1: 3 runs from 2026-03-08 03:00 EST, within 3 min".
pub fn mark_words(lane: &Lane, mark: &Mark, merge_ms: f64, zone: &Zone) -> String {
    let name = match &lane.stack {
        Some(stack) => format!("{} ({stack})", lane.name),
        None => lane.name.clone(),
    };
    match mark.runs {
        1 => format!("{name}: {}", zone.text(mark.at)),
        n => format!(
            "{name}: {n} runs from {}, within {} min",
            zone.text(mark.at),
            (merge_ms / 60_000.0).round()
        ),
    }
}

/// The marks of a lane as one path: a small bar per mark.
fn marks_path(lane: &Lane, top: f64, span_ms: f64, merge_ms: f64) -> String {
    let width = (merge_ms / span_ms * PLOT_W).max(2.0);
    let mut d = String::with_capacity(lane.marks.len() * 24);
    for mark in &lane.marks {
        let height = if mark.runs > 1 { MARK_H + 4.0 } else { MARK_H };
        let y = top + (LANE_H - height) / 2.0;
        d.push_str(&format!(
            "M{:.1} {y:.1}h{width:.1}v{height:.1}h-{width:.1}z",
            x_of(mark.x)
        ));
    }
    d
}

/// Which mark has focus: a lane's index and a mark's index in it.
type Focused = Option<(usize, usize)>;

/// The mark the arrow key `key` moves to from `at` among the rows' lanes.
fn step(chart: &Timeline, rows: &[Row], at: Focused, key: &str) -> Focused {
    let lanes: Vec<usize> = rows
        .iter()
        .filter_map(|r| match r {
            Row::Lane(i) if !chart.lanes[*i].marks.is_empty() => Some(*i),
            _ => None,
        })
        .collect();
    let Some((lane, mark)) =
        at.filter(|(l, m)| lanes.contains(l) && chart.lanes[*l].marks.len() > *m)
    else {
        return lanes.first().map(|&l| (l, 0));
    };
    let last = chart.lanes[lane].marks.len() - 1;
    let place = lanes.iter().position(|&l| l == lane).unwrap_or(0);
    let near = |other: usize| {
        let at = chart.lanes[lane].marks[mark].at;
        let marks = &chart.lanes[other].marks;
        let index = marks.partition_point(|m| m.at < at).min(marks.len() - 1);
        (other, index)
    };
    Some(match key {
        "ArrowRight" => (lane, (mark + 1).min(last)),
        "ArrowLeft" => (lane, mark.saturating_sub(1)),
        "Home" => (lane, 0),
        "End" => (lane, last),
        "ArrowDown" => near(lanes[(place + 1).min(lanes.len() - 1)]),
        "ArrowUp" => near(lanes[place.saturating_sub(1)]),
        _ => (lane, mark),
    })
}

/// The chart named "Timeline", its description, and the status line that
/// says the job and time of the mark pointed at or focused.
#[component]
pub fn TimelineChart(
    /// The layout, again each minute.
    chart: Memo<Timeline>,
    /// The chosen zone, for the status line.
    zone: Memo<ZoneChoice>,
    /// Draw only the lanes with runs in the window (the others are counted).
    only_running: bool,
) -> impl IntoView {
    let rows = Memo::new(move |_| chart.with(|c| rows_of(c, only_running)));
    let focused = RwSignal::new(None::<(usize, usize)>);
    let boxed = NodeRef::<Div>::new();
    let readout = move || {
        let words = chart.with(|c| {
            let (lane, mark) = focused.get()?;
            let lane_data = c.lanes.get(lane)?;
            let mark = lane_data.marks.get(mark)?;
            Some(mark_words(
                lane_data,
                mark,
                c.merge_ms,
                &zone.with(Zone::of),
            ))
        });
        words.unwrap_or_else(|| {
            "Point at a mark, or focus the chart and use the arrow keys, to hear its job and time."
                .to_string()
        })
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        if ![
            "ArrowRight",
            "ArrowLeft",
            "ArrowUp",
            "ArrowDown",
            "Home",
            "End",
        ]
        .contains(&key.as_str())
        {
            return;
        }
        ev.prevent_default();
        let next = chart.with(|c| rows.with(|r| step(c, r, focused.get_untracked(), &key)));
        focused.set(next);
        keep_in_view(boxed, chart, next);
    };
    let on_focus = move |_| {
        if focused.get_untracked().is_none() {
            let first = chart.with(|c| rows.with(|r| step(c, r, None, "")));
            focused.set(first);
        }
    };
    let on_point = move |ev: leptos::ev::MouseEvent| {
        if let Some(hit) = chart.with(|c| rows.with(|r| hit_test(c, r, &ev))) {
            focused.set(Some(hit));
        }
    };
    let summary = move || chart.with(Timeline::summary);
    let hidden = move || hidden_words(&chart.get(), only_running);
    view! {
        <h2 class="time-section">"Timeline"</h2>
        <p id="timeline-summary" class="hint">{summary}{hidden}</p>
        <div class="timeline-box" node_ref=boxed tabindex="0" role="group" aria-label="Timeline marks"
            aria-describedby="timeline-help" on:keydown=on_key on:focus=on_focus>
            <svg role="img" aria-label="Timeline" aria-describedby="timeline-summary" class="timeline"
                width=WIDTH height=move || height(rows.with(Vec::len))
                viewBox=move || format!("0 0 {WIDTH} {}", height(rows.with(Vec::len)))
                on:mousemove=on_point>
                {move || drawing(&chart.get(), &rows.get(), focused.get())}
            </svg>
        </div>
        <p id="timeline-help" class="hint">"Arrow keys move between runs: left and right along a lane, up and down between lanes."</p>
        <p role="status" aria-label="Timeline mark" class="timeline-readout">{readout}</p>
    }
}

fn height(rows: usize) -> f64 {
    AXIS_H + rows.max(1) as f64 * LANE_H + FOOT_H
}

/// What the chart leaves out, on pages that draw only lanes with runs.
fn hidden_words(chart: &Timeline, only_running: bool) -> String {
    let quiet = chart
        .lanes
        .iter()
        .filter(|l| l.state != LaneState::Runs)
        .count();
    match (only_running, quiet) {
        (false, _) | (true, 0) => String::new(),
        (true, 1) => " (1 job with no run in the window is not drawn.)".into(),
        (true, n) => format!(" ({n} jobs with no run in the window are not drawn.)"),
    }
}

/// The mark under the pointer, if one is within a few pixels. (The SVG's
/// children take no pointer events (style/main.css), so the offsets are
/// the SVG's own, which is drawn at 1:1.)
fn hit_test(chart: &Timeline, rows: &[Row], ev: &leptos::ev::MouseEvent) -> Focused {
    let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
    let row = ((y - AXIS_H) / LANE_H).floor();
    let Some(Row::Lane(lane)) = (row >= 0.0).then(|| rows.get(row as usize)).flatten() else {
        return None;
    };
    let marks = &chart.lanes[*lane].marks;
    let width = (chart.merge_ms / chart.window.span.millis() * PLOT_W).max(2.0);
    let (index, distance) = marks
        .iter()
        .map(|m| {
            let left = x_of(m.x);
            (x - (left + width / 2.0)).abs() - width / 2.0
        })
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    (distance <= 4.0).then_some((*lane, index))
}

/// Scrolls the chart's box so the focused mark is in view (a phone's screen
/// shows part of the chart).
fn keep_in_view(boxed: NodeRef<Div>, chart: Memo<Timeline>, at: Focused) {
    let (Some(element), Some((lane, mark))) = (boxed.get_untracked(), at) else {
        return;
    };
    let x = chart.with_untracked(|c| c.lanes[lane].marks.get(mark).map(|m| x_of(m.x)));
    let Some(x) = x else { return };
    let (left, width) = (
        f64::from(element.scroll_left()),
        f64::from(element.client_width()),
    );
    if x < left + PLOT_X || x > left + width - 24.0 {
        element.set_scroll_left((x - width / 2.0).max(0.0) as i32);
    }
}

/// The SVG's content: axis, lanes, marks, now, and the focused mark.
fn drawing(chart: &Timeline, rows: &[Row], focused: Focused) -> impl IntoView {
    let bottom = row_top(rows.len().max(1));
    let ticks = chart
        .ticks
        .iter()
        .map(|tick| {
            let x = x_of(tick.x);
            view! {
                <line class="tick" class:day=tick.day_start x1=x x2=x y1=AXIS_H - 4.0 y2=bottom />
                <text class="tick-label" class:day=tick.day_start x=x + 3.0 y=AXIS_H - 8.0>{tick.label.clone()}</text>
            }
        })
        .collect_view();
    let lanes = rows
        .iter()
        .enumerate()
        .map(|(row, kind)| row_view(chart, row, kind))
        .collect_view();
    let now = chart.now_x.map(|fraction| {
        let x = x_of(fraction);
        view! {
            <line class="now" x1=x x2=x y1=AXIS_H - 4.0 y2=bottom + 4.0 />
            <text class="now-label" x=x y=bottom + 16.0>"now"</text>
        }
    });
    let ring = focused.and_then(|(lane, mark)| {
        let row = rows.iter().position(|r| *r == Row::Lane(lane))?;
        let mark = chart.lanes.get(lane)?.marks.get(mark)?;
        let width = (chart.merge_ms / chart.window.span.millis() * PLOT_W).max(2.0);
        Some(view! {
            <rect class="mark-focus" x=x_of(mark.x) - 3.0 y=row_top(row) + 1.0
                width=width + 6.0 height=LANE_H - 2.0 rx="2" />
        })
    });
    view! { {ticks} {lanes} {now} {ring} }
}

/// One row: a stack's name, or a lane with its name and marks (or why it
/// has none).
fn row_view(chart: &Timeline, row: usize, kind: &Row) -> AnyView {
    let top = row_top(row);
    let text_y = top + LANE_H / 2.0 + 4.0;
    let lane = match kind {
        Row::Stack(name) => {
            return view! { <text class="stack-label" x="4" y=text_y>{clipped(name)}</text> }
                .into_any()
        }
        Row::Lane(index) => &chart.lanes[*index],
    };
    let marks = (!lane.marks.is_empty()).then(|| {
        let d = marks_path(lane, top, chart.window.span.millis(), chart.merge_ms);
        view! { <path class="marks" data-lane=lane.name.clone() d=d /> }
    });
    let why = lane.state.words().map(|words| {
        view! { <text class="lane-state" x=PLOT_X + 6.0 y=text_y>{words}</text> }
    });
    view! {
        <line class="lane-line" x1=PLOT_X x2=WIDTH - 16.0 y1=top + LANE_H y2=top + LANE_H />
        <text class="lane-name" x=PLOT_X - 8.0 y=text_y text-anchor="end">{clipped(&lane.name)}</text>
        {marks}
        {why}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::schedule::Schedule;
    use crate::logic::timeline::{timeline, LaneInput, Window, WindowSpan, COLUMNS};
    use crate::logic::zone::Utc;

    /// 2026-03-07T12:00:00Z.
    const FROM: f64 = 1_772_884_800_000.0;

    fn lane<'a>(name: &'a str, stack: Option<&'a str>, cron: Option<&str>) -> LaneInput<'a> {
        LaneInput {
            uid: name,
            name,
            stack,
            schedule: Schedule::of(cron),
            paused: false,
        }
    }

    fn chart(lanes: &[LaneInput], span: WindowSpan) -> Timeline {
        timeline(lanes, Window { from: FROM, span }, FROM, &Utc, COLUMNS)
    }

    #[test]
    fn lanes_of_several_stacks_sit_under_their_stacks_name() {
        let lanes = [
            lane("a", Some("one"), Some("0 3 * * *")),
            lane("idle", Some("one"), None),
            lane("b", Some("two"), Some("0 4 * * *")),
        ];
        let chart = chart(&lanes, WindowSpan::Day);
        assert_eq!(
            rows_of(&chart, true),
            [
                Row::Stack("one".into()),
                Row::Lane(0),
                Row::Stack("two".into()),
                Row::Lane(2)
            ]
        );
        assert_eq!(rows_of(&chart, false).len(), 5);
        assert_eq!(
            hidden_words(&chart, true),
            " (1 job with no run in the window is not drawn.)"
        );
        assert_eq!(hidden_words(&chart, false), "");
    }

    #[test]
    fn arrow_keys_move_along_a_lane_and_to_the_nearest_run_of_the_next() {
        let lanes = [
            lane("hourly", None, Some("0 * * * *")),
            lane("idle", None, None),
            lane("nightly", None, Some("30 3 * * *")),
        ];
        let chart = chart(&lanes, WindowSpan::Day);
        let rows = rows_of(&chart, false);
        assert_eq!(step(&chart, &rows, None, ""), Some((0, 0)));
        assert_eq!(step(&chart, &rows, Some((0, 0)), "ArrowLeft"), Some((0, 0)));
        assert_eq!(step(&chart, &rows, Some((0, 0)), "End"), Some((0, 23)));
        assert_eq!(
            step(&chart, &rows, Some((0, 23)), "ArrowRight"),
            Some((0, 23))
        );
        // Down skips the lane without marks, to the nightly run (03:30).
        assert_eq!(step(&chart, &rows, Some((0, 5)), "ArrowDown"), Some((2, 0)));
        // Up from 03:30: the first hourly run at or after it, 04:00 (13:00
        // is the first).
        assert_eq!(step(&chart, &rows, Some((2, 0)), "ArrowUp"), Some((0, 15)));
        // A mark gone with the window's move starts again at the first.
        assert_eq!(
            step(&chart, &rows, Some((0, 99)), "ArrowRight"),
            Some((0, 0))
        );
        let quiet = [lane("idle", None, None)];
        let empty = self::chart(&quiet, WindowSpan::Day);
        assert_eq!(step(&empty, &rows_of(&empty, false), None, ""), None);
    }

    #[test]
    fn a_mark_says_its_job_and_time_and_how_many_runs_it_holds() {
        let lanes = [
            lane("db-backup", Some("Acme"), Some("0 3 * * *")),
            lane("minutely", None, Some("* * * * *")),
        ];
        let chart = chart(&lanes, WindowSpan::Week);
        let utc = Zone::utc();
        let backup = &chart.lanes[0];
        assert_eq!(
            mark_words(backup, &backup.marks[0], chart.merge_ms, &utc),
            "db-backup (Acme): 2026-03-08 03:00 UTC"
        );
        let minutely = &chart.lanes[1];
        assert_eq!(
            mark_words(minutely, &minutely.marks[0], chart.merge_ms, &utc),
            "minutely: 21 runs from 2026-03-07 12:01 UTC, within 21 min"
        );
    }

    #[test]
    fn a_lanes_marks_are_one_path_of_small_bars() {
        let lanes = [lane("twice", None, Some("0 0,12 * * *"))];
        let chart = chart(&lanes, WindowSpan::Day);
        let path = marks_path(
            &chart.lanes[0],
            30.0,
            WindowSpan::Day.millis(),
            chart.merge_ms,
        );
        // Midnight is half the window in: x = 210 + 0.5 * 734.
        assert_eq!(path, "M577.0 35.0h2.0v10.0h-2.0zM944.0 35.0h2.0v10.0h-2.0z");
        assert_eq!(clipped("short"), "short");
        assert_eq!(clipped(&"x".repeat(40)), format!("{}…", "x".repeat(28)));
    }
}
