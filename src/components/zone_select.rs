//! The header's Time zone select (issue 29, item 1): Local (with the
//! browser's zone's name), UTC, and every zone the browser knows.

use leptos::prelude::*;

use crate::logic::zone_choice::ZoneChoice;
use crate::state::time_zone::{zone_options, TimeZone};

/// A select labelled "Time zone"; a choice is kept on this device and every
/// time on screen follows it at once.
#[component]
pub fn ZoneSelect() -> impl IntoView {
    let zone = TimeZone::get();
    let current = Memo::new(move |_| zone.choice().stored().to_string());
    let chosen = current.get_untracked();
    // Built once: the browser's list of zones does not change.
    let options = zone_options()
        .into_iter()
        .map(|(value, words)| {
            let selected = value == chosen;
            view! { <option value=value selected=selected>{words}</option> }
        })
        .collect_view();
    let on_change = move |ev: leptos::ev::Event| {
        zone.choose(ZoneChoice::from_stored(&event_target_value(&ev)));
    };
    view! {
        <div class="zone-picker">
            <label for="time-zone">"Time zone"</label>
            <select id="time-zone" on:change=on_change prop:value=move || current.get()>
                {options}
            </select>
        </div>
    }
}
