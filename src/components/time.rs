//! Instants on screen: a `<time>` whose `datetime` is the exact instant and
//! whose text is written in the chosen Time zone with its abbreviation
//! ("2026-03-08 03:15 EDT"), following the setting as it changes.

use leptos::prelude::*;

use crate::browser::iso_date_time;
use crate::logic::time::EpochMillis;
use crate::state::scoped::scoped_memo;
use crate::state::time_zone::TimeZone;

/// An instant as a `<time>`: exact in `datetime`, in the chosen zone as
/// text, to the second with the zone's offset in the title.
/// The time and zone keep together; a narrow cell breaks after the date.
pub fn time_view(at: EpochMillis) -> impl IntoView {
    let zone = TimeZone::get();
    // Scoped: the setting outlives the rows that show times (`state::scoped`).
    let text = scoped_memo(move || zone.zone().text(at));
    let title = scoped_memo(move || zone.zone().long_text(at));
    let date = text.clone();
    // "2026-03-08" and "03:15 EDT".
    let part = |text: &String, clock: bool| {
        let (date, time) = text.split_once(' ').unwrap_or(("", text));
        if clock { time } else { date }.to_string()
    };
    view! {
        <time datetime=iso_date_time(at) title=move || title.get()>
            {move || date.with(|t| part(t, false))}
            " "
            <span class="clock">{move || text.with(|t| part(t, true))}</span>
        </time>
    }
}

/// The time of day of an instant to the second as a `<time>` in the chosen
/// zone, e.g. "10:42:05 CET" (for what happens in seconds, such as the end
/// of a throttle).
pub fn time_of_day_view(at: EpochMillis) -> impl IntoView {
    let zone = TimeZone::get();
    let text = scoped_memo(move || zone.zone().time_to_second(at));
    view! { <time datetime=iso_date_time(at)>{move || text.get()}</time> }
}
