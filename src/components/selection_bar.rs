//! Acting on many jobs: the table's checkboxes, the Selection toolbar above
//! it, and the confirmation that lists the jobs and what sending to them
//! will cost before anything is sent.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::confirm_dialog::ConfirmDialog;
use super::job_dialogs::pages_words;
use crate::browser::focus_by_id;
use crate::logic::bulk::{cost, cost_words, listed, route, BulkAction, Route};
use crate::logic::model::JobRef;
use crate::state::activity::{ActionKind, ActionRequest, Target};
use crate::state::quota::QuotaState;
use crate::state::scoped::scoped_memo;
use crate::state::selection::{pause_all_noting, send_each, Bulk, Selection};
use crate::state::stack_jobs::StackJobs;

/// A row's first cell: its job's checkbox.
#[component]
pub fn SelectCell(
    /// The row's job.
    job: JobRef,
) -> impl IntoView {
    let selection = expect_context::<Selection>();
    let label = format!("Select {}", job.name);
    let uid = job.uid.clone();
    // Scoped: the selection outlives the page's rows (`state::scoped`).
    let checked = scoped_memo(move || selection.is_selected(&uid));
    view! {
        <td class="select">
            <input type="checkbox" aria-label=label prop:checked=move || checked.get()
                on:change=move |ev| selection.set(job.clone(), event_target_checked(&ev)) />
        </td>
    }
}

/// The header's first cell (a `td`: it names no column): "Select all" ticks
/// every job in view, which on a filtered view is every match.
#[component]
pub fn SelectAllCell(
    /// The jobs in view.
    in_view: Signal<Vec<JobRef>>,
) -> impl IntoView {
    let selection = expect_context::<Selection>();
    let all = scoped_memo(move || in_view.with(|jobs| selection.all_selected(jobs)));
    let all = move || all.get();
    view! {
        <td class="select">
            <input type="checkbox" aria-label="Select all" prop:checked=all
                on:change=move |ev| in_view.with_untracked(|jobs| selection.set_all(jobs, event_target_checked(&ev))) />
        </td>
    }
}

fn button_id(action: BulkAction) -> &'static str {
    match action {
        BulkAction::Run => "selection-run",
        BulkAction::Pause => "selection-pause",
        BulkAction::Unpause => "selection-unpause",
    }
}

/// The Selection toolbar, shown while jobs are ticked, with what the last
/// batch could not send.
#[component]
pub fn SelectionBar(
    /// The stack.
    stack_uid: Arc<str>,
    /// Its name, for the log.
    stack_name: Signal<String>,
) -> impl IntoView {
    let selection = expect_context::<Selection>();
    let asking = RwSignal::new(None::<BulkAction>);
    let unsent = RwSignal::new(None::<String>);
    let busy = move || selection.sending.get().then_some("true");
    let button = move |action: BulkAction, label: &'static str| {
        view! {
            <button type="button" id=button_id(action) aria-disabled=busy
                on:click=move |_| if !selection.sending.get_untracked() { asking.set(Some(action)) }>
                {label}
            </button>
        }
    };
    let bar = move || {
        (selection.count() > 0).then(|| {
            view! {
                <div class="selection-bar" role="toolbar" aria-label="Selection">
                    <span class="selection-count">{move || format!("{} selected", selection.count())}</span>
                    {button(BulkAction::Run, "Run selected")}
                    {button(BulkAction::Pause, "Pause selected")}
                    {button(BulkAction::Unpause, "Unpause selected")}
                    <button type="button" on:click=move |_| selection.clear()>"Clear selection"</button>
                </div>
            }
        })
    };
    let close = Callback::new(move |action: BulkAction| {
        asking.set(None);
        focus_by_id(button_id(action));
    });
    view! {
        {bar}
        {move || unsent.get().map(|text| view! { <p role="alert" class="alert">{text}</p> })}
        {move || asking.get().map(|action| view! {
            <BulkConfirm action stack_uid=stack_uid.clone() stack_name unsent close />
        })}
    }
}

/// What a bulk action will do, to whom, and at what cost; Confirm sends it.
#[component]
fn BulkConfirm(
    action: BulkAction,
    stack_uid: Arc<str>,
    stack_name: Signal<String>,
    unsent: RwSignal<Option<String>>,
    close: Callback<BulkAction>,
) -> impl IntoView {
    let (selection, quota) = (
        expect_context::<Selection>(),
        expect_context::<QuotaState>(),
    );
    let all = expect_context::<StackJobs>().of(&stack_uid).get_untracked();
    let jobs = selection.jobs();
    let total = all.is_known().then_some(all.total as usize);
    let way = route(action, jobs.len(), total);
    // A Pause all notes first which jobs were paused, from every page.
    let loads = match (way, action) {
        (Route::StackWide, BulkAction::Pause) => all.missing() as u32,
        _ => 0,
    };
    let sends = if way == Route::StackWide {
        1
    } else {
        jobs.len() as u32
    };
    let price = cost_words(cost(sends, loads), quota.quota.get_untracked().remaining);
    let how = how_words(action, way, jobs.len(), loads, &stack_name.get_untracked());
    let names: Vec<&str> = jobs.iter().map(|j| j.name.as_str()).collect();
    let items = job_list(&names);
    let bulk = Bulk::from_context();
    // The dialog closes itself before either callback.
    let cancel = Callback::new(move |()| close.run(action));
    let confirm = Callback::new(move |()| {
        close.run(action);
        send(
            bulk,
            selection,
            (action, way),
            stack_uid.clone(),
            stack_name.get_untracked(),
            unsent,
        );
    });
    let title = format!("{} {} job(s)?", action.label(), jobs.len());
    view! {
        <ConfirmDialog title message=how on_confirm=confirm on_cancel=cancel>
            {items}
            <p class="bulk-cost">{price}</p>
        </ConfirmDialog>
    }
}

fn how_words(action: BulkAction, way: Route, count: usize, loads: u32, stack: &str) -> String {
    let verb = action.label().to_lowercase();
    match way {
        Route::EachJob => format!(
            "Jobdeck sends {verb} to these jobs one at a time, and stops at the first answer \
             that says the API's quota is used up."
        ),
        Route::StackWide => {
            let call = if action == BulkAction::Pause {
                "pause_all"
            } else {
                "unpause_all"
            };
            let mut text = format!(
                "These are all {count} jobs of {stack}, so Jobdeck sends one {call} request \
                 instead of {count}."
            );
            if loads > 0 {
                text.push_str(&format!(
                    " Jobdeck first loads the {} it lacks to remember which jobs were already \
                     paused.",
                    pages_words(loads as usize)
                ));
            }
            text
        }
    }
}

/// Sends a confirmed bulk action, once: the selection's `sending` flag
/// keeps a second Confirm (double click, key repeat) from sending again.
fn send(
    bulk: Bulk,
    selection: Selection,
    (action, way): (BulkAction, Route),
    stack: Arc<str>,
    stack_name: String,
    unsent: RwSignal<Option<String>>,
) {
    if selection.sending.get_untracked() {
        return;
    }
    selection.sending.set(true);
    unsent.set(None);
    let runner = bulk.runner;
    let jobs = selection.jobs();
    spawn_local(async move {
        let words = match (way, action) {
            (Route::StackWide, BulkAction::Pause) => {
                pause_all_noting(bulk, stack.to_string(), stack_name).await;
                None
            }
            (Route::StackWide, _) => {
                runner.start(ActionRequest {
                    stack_uid: stack.to_string(),
                    target: Target::Stack { name: stack_name },
                    kind: ActionKind::UnpauseAll,
                    args: None,
                });
                None
            }
            (Route::EachJob, _) => {
                let kind = match action {
                    BulkAction::Run => ActionKind::RunNow,
                    BulkAction::Pause => ActionKind::Pause,
                    BulkAction::Unpause => ActionKind::Unpause,
                };
                send_each(runner, &stack, jobs, kind).await.words()
            }
        };
        unsent.try_set(words);
        selection.sending.try_set(false);
    });
}

/// The jobs a confirmation acts on: the first names, then "and N more".
pub fn job_list(names: &[&str]) -> impl IntoView {
    let (shown, more) = listed(names);
    let items = shown
        .into_iter()
        .map(|n| view! { <li>{n.to_string()}</li> })
        .collect_view();
    view! { <ul class="bulk-jobs">{items}{more.map(|m| view! { <li>{m}</li> })}</ul> }
}
