//! The confirmation of Restore previous state: which way the restore goes
//! (`state::pause_all`), which jobs, what it costs, and what the pause has
//! skipped so far; Confirm carries it out, and what it says when done
//! includes what the pause skipped until then.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::job_list::job_list;
use super::pause_skip::skipped_while_paused;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::logic::bulk::{cost, cost_words, restore_plan};
use crate::state::clock::Clock;
use crate::state::other_tabs::OtherTabs;
use crate::state::pause_all::{PauseAll, PauseNote};
use crate::state::quota::QuotaState;
use crate::state::time_zone::TimeZone;

/// Which way the restore goes and what it costs; Confirm carries it out.
#[component]
pub fn RestoreConfirm(
    /// What the Pause all found before it.
    note: PauseNote,
    /// The stack's name, for the log.
    stack_name: String,
    /// What the restore says when it is done (or why it could not be).
    state: RwSignal<Option<Result<String, String>>>,
    /// Closes the dialog.
    close: Callback<()>,
) -> impl IntoView {
    let all: Vec<String> = note.all.iter().map(|j| j.uid.clone()).collect();
    let plan = restore_plan(&all, &note.paused_before);
    let remaining = expect_context::<QuotaState>()
        .quota
        .get_untracked()
        .remaining;
    let (how, names) = note.plan_words(&plan);
    let price = cost_words(cost(plan.posts(), 0), remaining);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let items = job_list(&refs);
    let pause_all = PauseAll::from_context();
    let other_tabs = expect_context::<OtherTabs>();
    let (clock, zone) = (Clock::get(), TimeZone::get());
    let so_far = {
        let note = note.clone();
        async move {
            let words = skipped_while_paused(note, clock.exact_untracked(), zone).await;
            // A view, as the pages' chunks give: one kind of Suspend in the wasm.
            words
                .map(|text| view! { <p class="pause-skip">{text}</p> }.into_any())
                .unwrap_or_else(|| ().into_any())
        }
    };
    // The dialog closes itself before either callback.
    let confirm = Callback::new(move |()| {
        close.run(());
        // Said at once, so the button is gone before a second click.
        state.set(Some(Ok("Restoring…".into())));
        let (note, name, plan) = (note.clone(), stack_name.clone(), plan.clone());
        let resumed_at = clock.exact_untracked();
        spawn_local(async move {
            let stack = note.stack_uid.clone();
            let skipped = skipped_while_paused(note.clone(), resumed_at, zone).await;
            let work = pause_all.restore(note, name.clone(), plan);
            let said = match other_tabs.alone(&stack, &name, work).await {
                Some(said) => said.map(|unsent| {
                    let sent =
                        unsent.unwrap_or_else(|| "Restore sent: see each job's entry.".into());
                    match skipped {
                        Some(skipped) => format!("{sent} {skipped}"),
                        None => sent,
                    }
                }),
                None => Err(
                    "Not restored: a bulk action on this stack ran in another tab \
                             meanwhile. Look at the jobs again."
                        .into(),
                ),
            };
            state.try_set(Some(said));
        });
    });
    view! {
        <ConfirmDialog title="Restore previous state?".to_string() message=how on_confirm=confirm on_cancel=close>
            <Suspense fallback=|| ()>{Suspend::new(so_far)}</Suspense>
            {items}
            <p class="bulk-cost">{price}</p>
        </ConfirmDialog>
    }
}
