//! Busy moments (issue 29, item 3): the minutes at which 3 or more jobs of
//! one stack start together, busiest first: the pile-up warning.

use leptos::prelude::*;

use super::time::time_view;
use crate::logic::busy::{BusyMoment, BusyMoments};
use crate::logic::timeline::counted;

/// The list named "Busy moments"; with none, its one item says so.
#[component]
pub fn BusyList(
    /// The window's busy moments, again each minute.
    busy: Memo<BusyMoments>,
) -> impl IntoView {
    let items = move || {
        let busy = busy.get();
        if busy.moments.is_empty() {
            return view! { <li class="muted">{BusyMoments::NONE}</li> }.into_any();
        }
        busy.moments
            .into_iter()
            .map(moment)
            .collect_view()
            .into_any()
    };
    let more = move || {
        busy.with(|b| {
            let left = b.total.saturating_sub(b.moments.len());
            (left > 0).then(|| {
                let text = format!(
                    "And {} more, less busy or later.",
                    counted(left as u64, "busy minute", "busy minutes")
                );
                view! { <p class="hint">{text}</p> }
            })
        })
    };
    view! {
        <h2 class="time-section">"Busy moments"</h2>
        <p class="hint">"Minutes at which 3 or more jobs of one stack start together: they compete for the same servers and database."</p>
        <ol class="busy" aria-label="Busy moments">{items}</ol>
        {more}
    }
}

/// "2026-03-08 03:00 EST: 5 jobs start together (Acme Production): a, b, …".
fn moment(moment: BusyMoment) -> impl IntoView {
    let stack = moment
        .stack
        .as_ref()
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    let head = format!(": {} jobs start together{stack}", moment.jobs());
    let names = moment.names.join(", ");
    view! {
        <li>
            {time_view(moment.at)}
            <strong>{head}</strong>
            <span class="busy-names">{format!(": {names}")}</span>
        </li>
    }
}
