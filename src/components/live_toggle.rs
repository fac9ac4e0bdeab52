//! The header's live controls: the "Live updates" checkbox, how old the
//! data on screen is and what live refresh is doing, and "Notify me".

use leptos::prelude::*;

use crate::logic::live::reserve;
use crate::state::live::{ago_words, Live};
use crate::state::notify::{Notifier, Permission};
use crate::state::quota::QuotaState;
use crate::state::screen::ScreenData;

/// "Live updates" with its status, e.g. "Updated 2 min ago · Live: every 30 s".
#[component]
pub fn LiveToggle() -> impl IntoView {
    let live = expect_context::<Live>();
    let screen = expect_context::<ScreenData>();
    let ago = move || ago_words(screen.loaded_at(), live.now.get());
    let quota = expect_context::<QuotaState>().quota;
    let rule = move || {
        let keep = reserve(quota.with(|q| q.limit).unwrap_or(0));
        format!(
            "Live refresh spends at most a tenth of the quota above {keep} requests kept for \
             actions, never more often than every 15 s."
        )
    };
    view! {
        <div class="live">
            <label class="live-toggle">
                <input type="checkbox" prop:checked=move || live.enabled.get()
                    on:change=move |ev| live.set_enabled(event_target_checked(&ev)) />
                "Live updates"
            </label>
            // Not announced on every tick: read when asked for.
            <span class="live-status" role="status" aria-live="off" aria-label="Last updated" title=rule>
                {ago}" · "{move || live.status.get().words()}
            </span>
            <NotifyButton />
        </div>
    }
}

/// "Notify me": asks the browser's permission only when pressed.
#[component]
fn NotifyButton() -> impl IntoView {
    let notifier = expect_context::<Notifier>();
    let permission = notifier.permission;
    let state = move || match permission.get() {
        Permission::Granted => "on",
        Permission::Denied => "blocked in the browser",
        Permission::Ask | Permission::Unsupported => "",
    };
    move || {
        (permission.get() != Permission::Unsupported).then(|| {
            view! {
                <button type="button" class="quiet" aria-describedby="notify-state"
                    aria-pressed=move || (permission.get() == Permission::Granted).to_string()
                    on:click=move |_| notifier.ask()>
                    "Notify me"
                </button>
                <span id="notify-state" class="live-note">{state}</span>
            }
        })
    }
}
