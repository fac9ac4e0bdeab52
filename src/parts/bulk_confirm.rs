//! The confirmation of Run, Pause or Unpause selected: which jobs, which
//! way (one call for a whole stack), what it costs; Confirm sends it once.
//! On All jobs the jobs span stacks: one request per job, a stack at a
//! time, stopping at the first throttled answer.

use std::sync::Arc;

use leptos::prelude::*;

use super::job_list::job_list;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::logic::bulk::{cost, cost_words, route, BulkAction, Route};
use crate::state::activity::start::ActionRunner;
use crate::state::activity::{ActionKind, ActionRequest, Target};
use crate::state::pause_all::{pages_words, PauseAll};
use crate::state::quota::QuotaState;
use crate::state::selection::{
    send_across, send_each, BatchEnd, Selection, ACROSS_LOCK, ACROSS_NAME,
};
use crate::state::stack_jobs::StackJobs;

/// What a bulk action will do, to whom, and at what cost; Confirm sends it.
#[component]
pub fn BulkConfirm(
    /// What to send.
    action: BulkAction,
    /// The stack.
    stack_uid: Arc<str>,
    /// Its name, for the log.
    stack_name: Signal<String>,
    /// Where to say what the batch could not send.
    unsent: RwSignal<Option<BatchEnd>>,
    /// Closes the dialog (it gives focus back to the action's button).
    close: Callback<BulkAction>,
) -> impl IntoView {
    let (selection, quota) = (
        expect_context::<Selection>(),
        expect_context::<QuotaState>(),
    );
    let stack_jobs = expect_context::<StackJobs>();
    let (total, missing) = stack_jobs.read(&stack_uid, |p| {
        (p.is_known().then_some(p.total as usize), p.missing())
    });
    let jobs = selection.jobs();
    let way = route(action, jobs.len(), total);
    // A Pause all notes first which jobs were paused, from every page.
    let loads = match (way, action) {
        (Route::StackWide, BulkAction::Pause) => missing as u32,
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
    let skips = (action == BulkAction::Pause).then(|| match way {
        Route::StackWide => super::pause_skip::stack_note(&stack_uid),
        Route::EachJob => {
            let held = jobs
                .iter()
                .filter_map(|j| stack_jobs.find(&stack_uid, &j.uid));
            super::pause_skip::note(held.map(|j| (j.cron, j.paused)).collect(), None)
        }
    });
    let senders = (expect_context::<ActionRunner>(), PauseAll::from_context());
    // The dialog closes itself before either callback.
    let cancel = Callback::new(move |()| close.run(action));
    let confirm = Callback::new(move |()| {
        close.run(action);
        send(
            senders,
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
            {skips}
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

/// Sends a confirmed bulk action, once ([`Selection::send_once`]).
fn send(
    (runner, pause_all): (ActionRunner, PauseAll),
    selection: Selection,
    (action, way): (BulkAction, Route),
    stack: Arc<str>,
    stack_name: String,
    unsent: RwSignal<Option<BatchEnd>>,
) {
    let lock = (stack.to_string(), stack_name.clone());
    let jobs = selection.jobs();
    let work = async move {
        match (way, action) {
            (Route::StackWide, BulkAction::Pause) => {
                pause_all.pause(stack.to_string(), stack_name).await;
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
            (Route::EachJob, _) => Some(send_each(runner, &stack, jobs, kind_of(action)).await),
        }
    };
    selection.send_once(unsent, lock, work);
}

/// The confirmation of a bulk action on jobs of several stacks (All jobs):
/// one request per job, the cost first; Confirm sends it once.
#[component]
pub fn BulkConfirmAcross(
    /// What to send.
    action: BulkAction,
    /// Where to say what the batch could not send.
    unsent: RwSignal<Option<BatchEnd>>,
    /// Closes the dialog (it gives focus back to the action's button).
    close: Callback<BulkAction>,
) -> impl IntoView {
    let (selection, quota) = (
        expect_context::<Selection>(),
        expect_context::<QuotaState>(),
    );
    let jobs = selection.picked();
    let stacks = selection.stacks_untracked();
    let price = cost_words(
        cost(jobs.len() as u32, 0),
        quota.quota.get_untracked().remaining,
    );
    let verb = action.label().to_lowercase();
    let how = format!(
        "Jobdeck sends {verb} to these {} job(s) of {stacks} stack(s) one at a time, one request \
         each, and stops at the first answer that says the API's quota is used up.",
        jobs.len()
    );
    let names: Vec<String> = jobs
        .iter()
        .map(|j| format!("{} — {}", j.job.name, stack_label(&j.stack)))
        .collect();
    let items = job_list(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let runner = expect_context::<ActionRunner>();
    let cancel = Callback::new(move |()| close.run(action));
    let confirm = Callback::new(move |()| {
        close.run(action);
        let work = send_across(runner, selection.picked(), kind_of(action));
        let lock = (ACROSS_LOCK.to_string(), ACROSS_NAME.to_string());
        selection.send_once(unsent, lock, async move { Some(work.await) });
    });
    let title = format!("{} {} job(s)?", action.label(), names.len());
    view! {
        <ConfirmDialog title message=how on_confirm=confirm on_cancel=cancel>
            {items}
            <p class="bulk-cost">{price}</p>
        </ConfirmDialog>
    }
}

fn kind_of(action: BulkAction) -> ActionKind {
    match action {
        BulkAction::Run => ActionKind::RunNow,
        BulkAction::Pause => ActionKind::Pause,
        BulkAction::Unpause => ActionKind::Unpause,
    }
}

/// A stack's label from the stack list, or its uid.
fn stack_label(uid: &str) -> String {
    let list = crate::state::stacks::Stacks::get();
    untrack(|| list.name_of(uid))
}
