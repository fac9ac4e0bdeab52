//! When jobs run, as the Upcoming pages show it (issue 29, items 2 and 3):
//! the Window select, the Timeline chart, Busy moments, Runs per hour and
//! the list of runs (the chart's text version), all worked out from the
//! jobs' crons against the app's clock, in the chosen zone, again each
//! minute (no request). Only the Upcoming pages use these, so the split
//! release build has them in those pages' chunks.

use leptos::prelude::*;

use super::busy_list::BusyList;
use super::runs_per_hour::RunsPerHourTable;
use super::timeline::TimelineChart;
use super::upcoming_list::{TimeJob, UpcomingList};
use crate::logic::busy::{busy_moments, BusyMoments};
use crate::logic::runs_per_hour::{runs_per_hour, RunsPerHour};
use crate::logic::schedule::Schedule;
use crate::logic::timeline::{timeline, LaneInput, Timeline, Window, WindowSpan, COLUMNS};
use crate::logic::url::query_value;
use crate::logic::zone::ZoneOffsets;
use crate::router::{use_go_replace, use_query};
use crate::state::clock::Clock;
use crate::state::scoped::scoped_memo;
use crate::state::time_zone::{TimeZone, Zone};

/// Busy moments listed at most; the others are counted.
const BUSY_LISTED: usize = 20;

/// The window of the URL's `window` key: `7d`, or 24 hours for anything
/// else (absent, `24h`, or a value it does not know, such as `1y`).
pub fn window_span(query: &str) -> WindowSpan {
    query_value(query, "window")
        .as_deref()
        .and_then(WindowSpan::from_query)
        .unwrap_or_default()
}

/// The select labelled "Window": 24 hours or 7 days, kept in the URL
/// (`window=7d`; the default leaves the key out).
#[component]
pub fn WindowSelect(
    /// The window in view.
    span: Memo<WindowSpan>,
    /// The page's path, which the choice keeps.
    path: String,
) -> impl IntoView {
    let go = use_go_replace();
    let on_change = move |ev: leptos::ev::Event| {
        let span = WindowSpan::from_query(&event_target_value(&ev)).unwrap_or_default();
        match span {
            WindowSpan::Day => go(&path),
            WindowSpan::Week => go(&format!("{path}?window={}", span.query())),
        }
    };
    let option = move |choice: WindowSpan| {
        view! {
            <option value=choice.query() selected=move || span.get() == choice>{choice.label()}</option>
        }
    };
    view! {
        <div class="window-picker">
            <label for="window">"Window"</label>
            <select id="window" on:change=on_change prop:value=move || span.get().query()>
                {option(WindowSpan::Day)}
                {option(WindowSpan::Week)}
            </select>
        </div>
    }
}

/// The window of the page's URL. Reactive.
pub fn use_window_span() -> Memo<WindowSpan> {
    let query = use_query();
    Memo::new(move |_| query.with(|q| window_span(q)))
}

/// The lanes of `jobs`: their uids, names, stacks and schedules.
fn lanes(jobs: &[TimeJob]) -> Vec<LaneInput<'_>> {
    jobs.iter()
        .map(|t| LaneInput {
            uid: &t.job.uid,
            name: &t.job.name,
            stack: t.stack_name.as_deref(),
            schedule: Schedule::of(t.job.cron.as_deref()),
            paused: t.job.paused,
        })
        .collect()
}

/// The chart, Busy moments, Runs per hour and the list of runs of `jobs`
/// over the window, from the app's clock, in the chosen zone.
#[component]
pub fn TimeViews(
    /// The jobs, with their stacks.
    jobs: Signal<Vec<TimeJob>>,
    /// The window's length.
    span: Memo<WindowSpan>,
    /// Whether the jobs are of several stacks (lanes without runs are then
    /// counted, not drawn, and the list names each run's stack).
    many_stacks: bool,
) -> impl IntoView {
    let (clock, zone) = (Clock::get(), TimeZone::get());
    // Scoped: the clock and the setting outlive the page (`state::scoped`).
    let now = Memo::from(scoped_memo(move || clock.now()));
    let choice = Memo::from(scoped_memo(move || zone.choice()));
    let window = Memo::new(move |_| Window {
        from: now.get(),
        span: span.get(),
    });
    // The zone's offsets over the window, found once per minute for the
    // many instants below.
    let zone_of = move |w: &Window| ZoneOffsets::scan(&choice.with(Zone::of), w.from, w.until());
    let chart = Memo::new(move |_| {
        let w = window.get();
        let offsets = zone_of(&w);
        jobs.with(|jobs| timeline(&lanes(jobs), w, w.from, &offsets, COLUMNS))
    });
    let busy: Memo<BusyMoments> = Memo::new(move |_| {
        let w = window.get();
        jobs.with(|jobs| busy_moments(&lanes(jobs), w, BUSY_LISTED))
    });
    let table: Memo<RunsPerHour> = Memo::new(move |_| {
        let w = window.get();
        let offsets = zone_of(&w);
        jobs.with(|jobs| runs_per_hour(&lanes(jobs), w, &offsets))
    });
    let chart: Memo<Timeline> = chart;
    view! {
        <TimelineChart chart zone=choice only_running=many_stacks />
        <BusyList busy />
        <RunsPerHourTable table />
        <UpcomingList jobs window many_stacks />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_key_reads_7d_and_anything_else_is_a_day() {
        assert_eq!(window_span("?window=7d"), WindowSpan::Week);
        assert_eq!(window_span("window=7d&x=1"), WindowSpan::Week);
        for other in ["", "?window=24h", "?window=1y", "?window=7D", "?window="] {
            assert_eq!(window_span(other), WindowSpan::Day, "{other}");
        }
    }
}
