//! Messages that must be read: errors and the throttling banner.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::browser::local_time;
use crate::state::AppState;

/// An error in words, with what to do next.
#[component]
pub fn ErrorAlert(error: ApiError) -> impl IntoView {
    view! { <p role="alert" class="alert">{error.message()}</p> }
}

/// While throttled: when Jobdeck will try again, and that changes wait.
#[component]
pub fn ThrottleBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.throttle.get().map(|throttle| {
            view! {
                <div role="alert" class="banner throttled">
                    <strong>"API quota used up."</strong>
                    " The API is refusing requests until its hourly window resets. Jobdeck will try again at "
                    <time>{local_time(throttle.until_ms)}</time>
                    "; until then, buttons that change jobs are disabled."
                </div>
            }
        })
    }
}
