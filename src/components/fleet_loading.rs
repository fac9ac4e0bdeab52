//! All jobs' loading, as it goes: the stack list (or why it failed), the
//! question before an expensive load (a part, `parts::load_all_ask`), the
//! progress bar named "Loading stacks", and which stacks are missing and
//! why: the quota ran out (it goes on when the window resets, or on Try
//! again), or some could not be loaded (Try again).

use leptos::prelude::*;

use super::time::time_of_day_view;
use crate::api::ApiError;
use crate::components::alerts::ErrorAlert;
use crate::parts;
use crate::routes::jobs_href;
use crate::state::fleet::{Consent, Fleet};
use crate::state::quota::QuotaState;
use crate::state::stacks::Stacks;

/// Names listed before "and N more".
const NAMED: usize = 8;

/// Everything a view of every stack (All jobs, every stack's Upcoming)
/// says about its loading.
#[component]
pub fn FleetLoading(
    /// The loading of every stack.
    fleet: Fleet,
    /// Each failed stack in an alert of its own, with why and Try again (a
    /// view with no Stacks table to say it in each stack's row).
    #[prop(optional)]
    each_failure: bool,
) -> impl IntoView {
    let stacks = Stacks::get();
    let quota = expect_context::<QuotaState>();
    let list = move || match stacks.read() {
        None => Some(view! { <p class="loading">"Loading stacks…"</p> }.into_any()),
        Some(Err(error)) => {
            let retry = Callback::new(move |()| stacks.reload());
            Some(
                view! {
                    <p class="alert-lead">"The stack list could not be loaded."</p>
                    <ErrorAlert error retry />
                }
                .into_any(),
            )
        }
        Some(Ok(_)) => None,
    };
    let answer = Callback::new(move |load: bool| fleet.consent_to(load));
    let ask = move || match fleet.consent.get() {
        Consent::Asking(estimate) => {
            let count = fleet.stacks.with_untracked(Vec::len);
            let remaining = quota.quota.get_untracked().remaining;
            Some(parts::load_all_ask(count, estimate, remaining, answer))
        }
        Consent::Declined => Some(declined(fleet, quota).into_any()),
        _ => None,
    };
    let progress = move || {
        fleet.is_loading().then(|| {
            let (done, total) = fleet.progress();
            let words = format!("{done} of {total} stacks loaded");
            let text = words.clone();
            // The role carries the figures; the bar inside only draws them.
            view! {
                <div class="progress-row" role="progressbar" aria-label="Loading stacks" aria-valuemin="0"
                    aria-valuemax=total aria-valuenow=done aria-valuetext=words>
                    <progress max=total value=done aria-hidden="true"></progress>
                    <span class="hint">{text}</span>
                </div>
            }
        })
    };
    view! {
        {list}
        {ask}
        {progress}
        <Missing fleet each_failure />
    }
}

/// After Cancel: what loading would cost, and a button to load after all.
fn declined(fleet: Fleet, quota: QuotaState) -> impl IntoView {
    let cost = move || {
        let left = quota.quota.with(|q| q.remaining);
        let left = left
            .map(|r| format!(" ({r} left this hour)"))
            .unwrap_or_default();
        format!(
            "Only the stacks already loaded are shown. Loading every stack's jobs costs about {} \
             API requests{left}. ",
            fleet.estimate()
        )
    };
    view! {
        <p class="note">{cost}
            <button type="button" on:click=move |_| fleet.consent_to(true)>"Load all"</button>
        </p>
    }
}

/// Which stacks are missing and why: stopped by the quota (it goes on by
/// itself), or failed (Try again); each stack's row says more.
#[component]
fn Missing(fleet: Fleet, each_failure: bool) -> impl IntoView {
    let quota = expect_context::<QuotaState>();
    let failed = Memo::new(move |_| {
        fleet.stacks.with(|stacks| {
            let mut throttled = Vec::new();
            let mut other = Vec::new();
            for s in stacks {
                match s.pages.with(|p| p.failed().1) {
                    Some(ApiError::Throttled(_)) => throttled.push(s.label.label.to_string()),
                    Some(_) => other.push(s.label.label.to_string()),
                    None => {}
                }
            }
            (throttled, other)
        })
    });
    let stopped = move || {
        let (throttled, _) = failed.get();
        if throttled.is_empty() {
            return None;
        }
        let missing: Vec<String> = fleet.missing();
        let when = quota.throttle.get().map(|t| {
            view! {
                " at " {time_of_day_view(t.until_ms)}
            }
        });
        Some(view! {
            <p role="alert" class="alert">
                {format!("The API's quota ran out while loading: {} not loaded yet ({}). Jobdeck goes on \
                          by itself when the quota window resets", stacks_words(missing.len()), names(&missing))}
                {when} ", or now with Try again (one request, to see whether the API takes them again). "
                <button type="button" on:click=move |_| fleet.try_now()>"Try again"</button>
            </p>
        })
    };
    let broken = move || {
        let (_, other) = failed.get();
        (!other.is_empty() && !each_failure).then(|| view! {
            <p role="alert" class="alert">
                {format!("{} could not be loaded: {}. The other stacks are shown; see each stack's row for why. ",
                    stacks_words(other.len()), names(&other))}
                <button type="button" on:click=move |_| fleet.retry_all()>"Try again"</button>
            </p>
        })
    };
    let each = each_failure.then(|| view! { <EachFailed fleet /> });
    view! { {stopped} {broken} {each} }
}

/// Each stack that could not be loaded (the quota aside), why, and its own
/// Try again.
#[component]
fn EachFailed(fleet: Fleet) -> impl IntoView {
    let failed = Memo::new(move |_| {
        fleet.stacks.with(|stacks| {
            stacks
                .iter()
                .filter_map(|s| match s.pages.with(|p| p.failed().1) {
                    None | Some(ApiError::Throttled(_)) => None,
                    Some(error) => Some((s.stack.uid.clone(), s.label.label.to_string(), error)),
                })
                .collect::<Vec<_>>()
        })
    });
    move || {
        failed
            .get()
            .into_iter()
            .map(|(uid, label, error)| {
                let href = jobs_href(&uid, 1);
                view! {
                    <p role="alert" class="alert">
                        <a href=href>{label}</a>
                        {format!(": its jobs could not all be loaded, so its runs are missing or \
                                  partial. {}", error.message())}
                        " " <button type="button" on:click=move |_| fleet.retry(&uid)>"Try again"</button>
                    </p>
                }
            })
            .collect_view()
    }
}

fn stacks_words(n: usize) -> String {
    match n {
        1 => "1 stack".into(),
        n => format!("{n} stacks"),
    }
}

/// The first names, then "and N more".
fn names(all: &[String]) -> String {
    let mut text = all
        .iter()
        .take(NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if all.len() > NAMED {
        text.push_str(&format!(" and {} more", all.len() - NAMED));
    }
    text
}
