//! Messages that must be read: errors and the throttling banner.

use leptos::prelude::*;

use super::time::time_of_day_view;
use crate::api::ApiError;

use crate::state::other_tabs::OtherTabs;
use crate::state::quota::QuotaState;
use crate::state::session::Session;

/// An error in words, with what to do next. With `retry`, an error that may
/// pass by itself (network, proxy, 5xx, an odd answer) offers a Try again
/// button; throttling does not, since Jobdeck reloads by itself once the
/// quota window resets.
#[component]
pub fn ErrorAlert(error: ApiError, #[prop(optional)] retry: Option<Callback<()>>) -> impl IntoView {
    let retry = retry
        .filter(|_| error.is_transient() && !matches!(error, ApiError::Throttled(_)))
        .map(|retry| {
            view! {
                " "
                <button type="button" on:click=move |_| retry.run(())>"Try again"</button>
            }
        });
    view! { <p role="alert" class="alert">{error.message()}{retry}</p> }
}

/// A refresh that failed while what it meant to refresh stays on screen:
/// why, and Try again.
#[component]
pub fn StaleAlert(
    /// What failed to refresh, e.g. "the jobs".
    what: &'static str,
    /// How what stays is said, e.g. "They are shown as last loaded."
    kept: &'static str,
    /// Why the refresh failed.
    error: ApiError,
    /// Asks again.
    retry: Callback<()>,
) -> impl IntoView {
    view! {
        <p role="alert" class="alert">
            {format!("Could not refresh {what}: {} {kept}", error.message())}
            " "
            <button type="button" on:click=move |_| retry.run(())>"Try again"</button>
        </p>
    }
}

/// When the browser would not store the token (private mode, storage full
/// or disabled): the person stays signed in for this tab, and is told so.
#[component]
pub fn InMemoryNotice() -> impl IntoView {
    let session = expect_context::<Session>();
    move || {
        session.in_memory_only.get().then(|| {
            view! {
                <p role="status" class="note banner">
                    "This browser would not store the token (private browsing, or its storage is \
                     full or turned off), so it is kept in this tab's memory only: you will have to \
                     sign in again after a reload."
                </p>
            }
        })
    }
}

/// What this tab says about another tab's bulk action on the same stack.
#[component]
pub fn OtherTabNotice() -> impl IntoView {
    let tabs = expect_context::<OtherTabs>();
    move || {
        tabs.note.get().map(|text| {
            view! {
                <p role="status" class="note banner">
                    {text} " "
                    <button type="button" on:click=move |_| tabs.note.set(None)>"Dismiss"</button>
                </p>
            }
        })
    }
}

/// While throttled: when Jobdeck will try again, and that changes wait.
#[component]
pub fn ThrottleBanner() -> impl IntoView {
    let quota = expect_context::<QuotaState>();
    move || {
        quota.throttle.get().map(|throttle| {
            view! {
                <div role="alert" class="banner throttled">
                    <strong>"API quota used up."</strong>
                    " The API is refusing requests until its hourly window resets. Jobdeck will try again at "
                    {time_of_day_view(throttle.until_ms)}
                    "; until then, buttons that change jobs are disabled."
                </div>
            }
        })
    }
}
