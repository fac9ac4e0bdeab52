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
pub fn time_view(at: EpochMillis) -> impl IntoView {
    let zone = TimeZone::get();
    // Scoped: the setting outlives the rows that show times (`state::scoped`).
    let texts = scoped_memo(move || {
        let zone = zone.zone();
        (zone.text(at), zone.long_text(at))
    });
    let title = texts.clone();
    view! {
        <time datetime=iso_date_time(at) title=move || title.with(|t| t.1.clone())>
            {move || texts.with(|t| t.0.clone())}
        </time>
    }
}

/// The time of day of an instant as a `<time>` in the chosen zone, e.g.
/// "10:42 CET" (for what happens today, such as the end of a throttle).
pub fn time_of_day_view(at: EpochMillis) -> impl IntoView {
    let zone = TimeZone::get();
    let text = scoped_memo(move || zone.zone().time_of_day(at));
    view! { <time datetime=iso_date_time(at)>{move || text.get()}</time> }
}
