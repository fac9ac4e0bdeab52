//! What the app says once the API's clock is in use (issue 30, item 3):
//! "This device's clock is 7 min behind; times use the API's clock".

use leptos::prelude::*;

use crate::state::clock::Clock;

/// A status line under the header while the device's clock is more than a
/// minute off the API's; absent otherwise. A live region, so it is said
/// once when it appears, not on every answer.
#[component]
pub fn ClockNote() -> impl IntoView {
    let clock = Clock::get();
    let words = Memo::new(move |_| clock.skew_words());
    move || {
        words
            .get()
            .map(|text| view! { <p role="status" class="note clock-note">{text}</p> })
    }
}
