//! The hourly API quota, always in view.

use leptos::prelude::*;

use crate::logic::quota::QuotaLevel;
use crate::state::quota::QuotaState;

/// `remaining / limit` from the last answer's `X-RateLimit-*` headers, amber
/// under 10 % left, red when used up or throttled.
#[component]
pub fn QuotaMeter() -> impl IntoView {
    let state = expect_context::<QuotaState>();
    let quota = state.quota;
    let level = move || {
        if state.is_throttled() {
            QuotaLevel::Exhausted
        } else {
            quota.get().level()
        }
    };
    let class = move || match level() {
        QuotaLevel::Unknown => "quota quota-unknown",
        QuotaLevel::Fine => "quota quota-fine",
        QuotaLevel::Low => "quota quota-low",
        QuotaLevel::Exhausted => "quota quota-exhausted",
    };
    let percent = move || format!("{}%", quota.get().percent_left().unwrap_or(0));
    view! {
        <div class=class role="status" aria-label="API quota">
            <span class="quota-label" aria-hidden="true">"Quota"</span>
            <span class="quota-bar" aria-hidden="true">
                <span class="quota-fill" style:width=percent></span>
            </span>
            <span class="quota-text">{move || quota.get().text()}</span>
            {move || (level() == QuotaLevel::Low).then(|| view! { <span class="quota-note">" low"</span> })}
        </div>
    }
}
