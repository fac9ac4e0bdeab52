//! "Restore previous state" on a Pause all that succeeded: unpauses only
//! the jobs that were not paused before it, the cheaper way, after saying
//! which way and what it costs.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::confirm_dialog::ConfirmDialog;
use super::selection_bar::job_list;
use crate::logic::bulk::{cost, cost_words, restore_plan, RestorePlan};
use crate::state::activity::{ActionKind, Entry, Progress, Target};
use crate::state::quota::QuotaState;
use crate::state::selection::{restore, Bulk, PauseNote, PauseNotes};

/// The button and its confirmation, under a Pause all entry that has a
/// note and has succeeded; nothing otherwise.
#[component]
pub fn RestoreButton(
    /// The Activity entry.
    entry: Entry,
) -> impl IntoView {
    let Some(notes) = use_context::<PauseNotes>() else {
        return ().into_any();
    };
    let Target::Stack { name } = entry.request.target.clone() else {
        return ().into_any();
    };
    if entry.request.kind != ActionKind::PauseAll {
        return ().into_any();
    }
    let (key, progress) = (entry.key, entry.progress);
    let asking = RwSignal::new(false);
    let state = RwSignal::new(None::<Result<String, String>>);
    let done = move || state.with(Option::is_some);
    let shown =
        move || progress.with(|p| matches!(p, Progress::Succeeded(_))) && notes.of(key).is_some();
    let id = format!("restore-{key}");
    let focus_id = id.clone();
    view! {
        {move || (shown() && !done()).then(|| view! {
            <button type="button" class="restore" id=id.clone() on:click=move |_| asking.set(true)>
                "Restore previous state"
            </button>
        })}
        {move || state.get().map(|said| match said {
            Ok(text) => view! { <span class="entry-message" role="status">{text}</span> }.into_any(),
            Err(text) => view! { <span class="entry-message" role="alert">{text}</span> }.into_any(),
        })}
        {move || asking.get().then(|| notes.of(key)).flatten().map(|note| {
            let focus_id = focus_id.clone();
            let close = Callback::new(move |()| {
                asking.set(false);
                crate::browser::focus_by_id(&focus_id);
            });
            view! { <RestoreConfirm note stack_name=name.clone() state close /> }
        })}
    }
    .into_any()
}

/// Which way the restore goes and what it costs; Confirm carries it out.
#[component]
fn RestoreConfirm(
    note: PauseNote,
    stack_name: String,
    state: RwSignal<Option<Result<String, String>>>,
    close: Callback<()>,
) -> impl IntoView {
    let all: Vec<String> = note.all.iter().map(|j| j.uid.clone()).collect();
    let plan = restore_plan(&all, &note.paused_before);
    let remaining = expect_context::<QuotaState>()
        .quota
        .get_untracked()
        .remaining;
    let (how, names) = plan_words(&plan, &note);
    let price = cost_words(cost(plan.posts(), 0), remaining);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let items = job_list(&refs);
    let bulk = Bulk::from_context();
    // The dialog closes itself before either callback.
    let confirm = Callback::new(move |()| {
        close.run(());
        // Said at once, so the button is gone before a second click.
        state.set(Some(Ok("Restoring…".into())));
        let (note, name, plan) = (note.clone(), stack_name.clone(), plan.clone());
        spawn_local(async move {
            let said = restore(bulk, note, name, plan).await.map(|unsent| {
                unsent.unwrap_or_else(|| "Restore sent: see each job's entry.".into())
            });
            state.try_set(Some(said));
        });
    });
    view! {
        <ConfirmDialog title="Restore previous state?".to_string() message=how on_confirm=confirm on_cancel=close>
            {items}
            <p class="bulk-cost">{price}</p>
        </ConfirmDialog>
    }
}

/// The plan in words, and the names of the jobs it lists.
fn plan_words(plan: &RestorePlan, note: &PauseNote) -> (String, Vec<String>) {
    let n = note.all.len();
    let k = note.paused_before.len();
    let names = |uids: &[String]| note.jobs_of(uids).into_iter().map(|j| j.name).collect();
    match plan {
        RestorePlan::Nothing => (
            "Every job was already paused before Pause all: there is nothing to unpause.".into(),
            Vec::new(),
        ),
        RestorePlan::UnpauseAllThenPause(keep) => (
            format!(
                "{} of the {n} jobs were not paused before Pause all. The cheaper way: one \
                 unpause_all, then pause again, one at a time, the {} jobs that were paused \
                 before (listed): {} POSTs instead of {} single unpauses. Those jobs are \
                 unpaused for a few seconds in between.",
                n - k,
                keep.len(),
                plan.posts(),
                n - k
            ),
            names(keep),
        ),
        RestorePlan::UnpauseEach(unpause) => (
            format!(
                "The cheaper way: unpause these {} jobs one at a time ({} POSTs instead of \
                 unpause_all and pausing {k} again, {}); the {k} paused before stay paused.",
                unpause.len(),
                plan.posts(),
                1 + k
            ),
            names(unpause),
        ),
    }
}
