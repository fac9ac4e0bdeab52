//! The questions a jobs view asks before acting: "Run with arguments…" for
//! one job and the confirmation of Pause all / Unpause all. What is open is
//! one small handle in context; the dialogs start the action and put focus
//! back on the button that opened them.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::confirm_dialog::ConfirmDialog;
use super::run_dialog::RunDialog;
use super::run_link::run_link;
use crate::browser::focus_by_id;
use crate::logic::model::JobRef;
use crate::router::use_query;
use crate::state::activity::start::use_start_action;
use crate::state::activity::ActionKind;
use crate::state::attribution::Attribution;
use crate::state::selection::{pause_all_noting, Bulk};
use crate::state::stack_jobs::{AllJobs, StackJobs};

/// A bulk action waiting for confirmation, with how many jobs it touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BulkAsk {
    /// Pause all or Unpause all.
    pub kind: ActionKind,
    /// Jobs of the stack.
    pub count: u32,
}

/// Which dialog is open. `Copy`, provided by the page.
#[derive(Clone, Copy)]
pub struct JobDialogs {
    run: RwSignal<Option<JobRef>>,
    /// The arguments "Run with arguments…" opens with (from a run link).
    prefill: RwSignal<String>,
    confirm: RwSignal<Option<BulkAsk>>,
}

impl JobDialogs {
    /// Nothing open; provided as context for the rows and buttons.
    pub fn provide() -> JobDialogs {
        let dialogs = JobDialogs {
            run: RwSignal::new(None),
            prefill: RwSignal::new(String::new()),
            confirm: RwSignal::new(None),
        };
        provide_context(dialogs);
        dialogs
    }

    /// Opens "Run with arguments…" for a job.
    pub fn ask_run(&self, job: JobRef) {
        self.ask_run_with(job, String::new());
    }

    /// Opens "Run with arguments…" for a job, its field filled with `args`.
    pub fn ask_run_with(&self, job: JobRef, args: String) {
        self.prefill.set(args);
        self.run.set(Some(job));
    }

    /// Opens the confirmation of a bulk action.
    pub fn ask_bulk(&self, ask: BulkAsk) {
        self.confirm.set(Some(ask));
    }
}

/// The id of a row's "Run with arguments…" button, where focus returns.
pub fn run_with_args_id(job_uid: &str) -> String {
    format!("run-args-{job_uid}")
}

/// The id of a bulk button, where focus returns.
pub fn bulk_button_id(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::UnpauseAll => "unpause-all",
        _ => "pause-all",
    }
}

/// The open dialog, if any, of a stack's jobs view.
#[component]
pub fn JobDialogsView(
    /// The stack acted on.
    stack_uid: Arc<str>,
    /// Its name, for the questions and the log.
    stack_name: Signal<String>,
) -> impl IntoView {
    let dialogs = expect_context::<JobDialogs>();
    let stack = stack_uid.clone();
    let start = use_start_action(stack_uid);
    let start_bulk = start.clone();
    let query = use_query();
    let stack_jobs = expect_context::<StackJobs>();
    let bulk = Bulk::from_context();
    let attribution = expect_context::<Attribution>();
    let (run_stack, confirm_stack) = (stack.clone(), stack.clone());
    let close_run = move || {
        if let Some(job) = dialogs.run.get_untracked() {
            dialogs.run.set(None);
            focus_by_id(&run_with_args_id(&job.uid));
        }
    };
    let on_run = Callback::new(move |args: String| {
        if let Some(job) = dialogs.run.get_untracked() {
            start.job(job, ActionKind::RunNow, Some(args));
        }
        close_run();
    });
    let close_confirm = move |confirmed: bool| {
        if let Some(ask) = dialogs.confirm.get_untracked() {
            if confirmed && ask.kind == ActionKind::PauseAll {
                // Notes first which jobs were paused, for "Restore previous state".
                let (stack, name) = (stack.to_string(), stack_name.get_untracked());
                spawn_local(async move {
                    pause_all_noting(bulk, stack, name).await;
                });
            } else if confirmed {
                start_bulk.all(stack_name.get_untracked(), ask.kind);
            }
            dialogs.confirm.set(None);
            focus_by_id(bulk_button_id(ask.kind));
        }
    };
    let close_confirm_too = close_confirm.clone();
    view! {
        {move || dialogs.run.get().map(|job| {
            // Read once: a record changing must not redraw the open dialog.
            let recent = untrack(|| recent_args(attribution, &run_stack, &job.uid));
            let (stack, uid) = (run_stack.clone(), job.uid.clone());
            let link = Callback::new(move |args: String| run_link(&stack, &query.get_untracked(), &uid, &args));
            view! {
                <RunDialog job_name=job.name on_run on_cancel=Callback::new(move |()| close_run())
                    initial=dialogs.prefill.get_untracked() recent link />
            }
        })}
        {move || dialogs.confirm.get().map(|ask| {
            let (title, mut message) = confirm_text(ask, &stack_name.get_untracked());
            let missing = stack_jobs.of(&confirm_stack).with_untracked(AllJobs::missing);
            if ask.kind == ActionKind::PauseAll && missing > 0 {
                message.push_str(&format!(
                    " Jobdeck first loads the {} it lacks to remember which jobs were already \
                     paused, so that Restore previous state can leave those paused.",
                    pages_words(missing)
                ));
            }
            let (yes, no) = (close_confirm.clone(), close_confirm_too.clone());
            view! {
                <ConfirmDialog title message on_confirm=Callback::new(move |()| yes(true))
                    on_cancel=Callback::new(move |()| no(false)) />
            }
        })}
    }
}

/// "page" or "N pages", for "the … it lacks".
pub fn pages_words(missing: usize) -> String {
    match missing {
        1 => "page".into(),
        n => format!("{n} pages"),
    }
}

/// This job's last 5 distinct arguments on this device, newest first.
fn recent_args(attribution: Attribution, stack: &str, job: &str) -> Vec<String> {
    let mut recent: Vec<String> = Vec::new();
    for run in attribution.runs_of(stack, job) {
        if let Some(args) = run.args.filter(|a| !recent.contains(a)) {
            recent.push(args);
        }
    }
    recent.truncate(5);
    recent
}

/// The question a bulk action asks, with the number of jobs it touches.
pub fn confirm_text(ask: BulkAsk, stack: &str) -> (String, String) {
    let BulkAsk { kind, count } = ask;
    let jobs = if count == 1 {
        "job".to_string()
    } else {
        format!("{count} jobs")
    };
    let all = if count == 1 { "the only" } else { "all" };
    match kind {
        ActionKind::UnpauseAll => (
            "Unpause all jobs?".into(),
            format!("This unpauses {all} {jobs} of {stack}: their schedules run again."),
        ),
        _ => (
            "Pause all jobs?".into(),
            format!(
                "This pauses {all} {jobs} of {stack}: none of them runs on schedule until unpaused. \
                 Runs already started are not stopped."
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirmations_count_the_jobs() {
        let ask = |kind, count| BulkAsk { kind, count };
        let (title, message) = confirm_text(ask(ActionKind::PauseAll, 75), "Acme");
        assert_eq!(title, "Pause all jobs?");
        assert!(
            message.starts_with("This pauses all 75 jobs of Acme"),
            "{message}"
        );
        let (_, message) = confirm_text(ask(ActionKind::UnpauseAll, 1), "Acme");
        assert!(
            message.starts_with("This unpauses the only job of Acme"),
            "{message}"
        );
    }
}
