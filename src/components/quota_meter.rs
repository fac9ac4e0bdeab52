//! The hourly API quota, always in view.

use leptos::prelude::*;

use crate::logic::quota::QuotaLevel;
use crate::state::AppState;

/// `remaining / limit` from the last answer's `X-RateLimit-*` headers, amber
/// under 10 % left, red when used up or throttled.
#[component]
pub fn QuotaMeter() -> impl IntoView {
    let state = expect_context::<AppState>();
    let quota = state.quota;
    let level = move || {
        if state.is_throttled() {
            "exhausted"
        } else {
            match quota.get().level() {
                QuotaLevel::Unknown => "unknown",
                QuotaLevel::Fine => "fine",
                QuotaLevel::Low => "low",
                QuotaLevel::Exhausted => "exhausted",
            }
        }
    };
    let percent = move || format!("{}%", quota.get().percent_left().unwrap_or(0));
    view! {
        <div class=move || format!("quota quota-{}", level()) role="status" aria-label="API quota">
            <span class="quota-label" aria-hidden="true">"Quota"</span>
            <span class="quota-bar" aria-hidden="true">
                <span class="quota-fill" style:width=percent></span>
            </span>
            <span class="quota-text">{move || quota.get().text()}</span>
            {move || (level() == "low").then(|| view! { <span class="quota-note">" low"</span> })}
        </div>
    }
}
