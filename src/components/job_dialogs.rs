//! The questions a jobs view asks before acting: "Run with arguments…" for
//! one job and the confirmation of Pause all / Unpause all. What is open is
//! one small handle in context; the view here opens the dialogs (each
//! knows only its own content), starts the action and puts focus back on
//! the button that opened them. A run link opens "Run with arguments…"
//! filled in, through the same handle.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::confirm_dialog::ConfirmDialog;
use crate::api::ApiClient;
use crate::browser::focus_by_id;
use crate::logic::model::{JobInStack, JobRef};
use crate::logic::run_link::{asked, without_run};
use crate::parts::{self, RunAsk};
use crate::router::{use_go_replace, use_query};
use crate::routes::jobs_href;
use crate::state::activity::start::use_start_action;
use crate::state::activity::start::ActionRunner;
use crate::state::activity::{ActionKind, ActionRequest, Target};
use crate::state::attribution::Attribution;
use crate::state::other_tabs::OtherTabs;
use crate::state::pause_all::{confirm_words, PauseAll};
use crate::state::stack_jobs::StackJobs;

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
    run: RwSignal<Option<JobInStack>>,
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
    pub fn ask_run(&self, job: JobInStack) {
        self.ask_run_with(job, String::new());
    }

    /// Opens "Run with arguments…" for a job, its field filled with `args`.
    pub fn ask_run_with(&self, job: JobInStack, args: String) {
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

/// The open dialog, if any, of a stack's jobs view: Run with arguments,
/// or the confirmation of Pause all or Unpause all.
#[component]
pub fn JobDialogsView(
    /// The stack acted on.
    stack_uid: Arc<str>,
    /// Its name, for the questions and the log.
    stack_name: Signal<String>,
) -> impl IntoView {
    let dialogs = expect_context::<JobDialogs>();
    let stack = stack_uid.clone();
    let start_bulk = use_start_action(stack_uid);
    let pause_all = PauseAll::from_context();
    let other_tabs = expect_context::<OtherTabs>();
    let confirm_stack = stack.clone();
    let close_confirm = move |confirmed: bool| {
        if let Some(ask) = dialogs.confirm.get_untracked() {
            if confirmed {
                let (stack, name) = (stack.to_string(), stack_name.get_untracked());
                let start_bulk = start_bulk.clone();
                spawn_local(async move {
                    let work = async {
                        match ask.kind {
                            // Notes first which jobs were paused, for "Restore previous state".
                            ActionKind::PauseAll => {
                                pause_all.pause(stack.clone(), name.clone()).await
                            }
                            kind => start_bulk.all(name.clone(), kind),
                        }
                    };
                    other_tabs.alone(&stack, &name, work).await;
                });
            }
            dialogs.confirm.set(None);
            focus_by_id(bulk_button_id(ask.kind));
        }
    };
    let close_confirm_too = close_confirm.clone();
    view! {
        <RunWithArguments keep_query=true />
        {move || dialogs.confirm.get().map(|ask| {
            let missing = pause_all.pages_to_load(&confirm_stack);
            let (title, message) = confirm_words(ask.kind, ask.count, &stack_name.get_untracked(), missing);
            let skips = (ask.kind == ActionKind::PauseAll).then(|| parts::stack_pause_skip_note(&confirm_stack));
            let (yes, no) = (close_confirm.clone(), close_confirm_too.clone());
            view! {
                <ConfirmDialog title message on_confirm=Callback::new(move |()| yes(true))
                    on_cancel=Callback::new(move |()| no(false))>
                    {skips}
                </ConfirmDialog>
            }
        })}
    }
}

/// "Run with arguments…" while it is open, for the job (of any stack) it
/// was opened for; focus goes back to the row's button when it closes.
#[component]
pub fn RunWithArguments(
    /// Copy link keeps the page's search and filters (a stack's page); on
    /// All jobs the link opens the job's own stack page as it is.
    keep_query: bool,
) -> impl IntoView {
    let dialogs = expect_context::<JobDialogs>();
    let runner = expect_context::<ActionRunner>();
    let query = use_query();
    let attribution = expect_context::<Attribution>();
    let close_run = move || {
        if let Some(asked) = dialogs.run.get_untracked() {
            dialogs.run.set(None);
            focus_by_id(&run_with_args_id(&asked.job.uid));
        }
    };
    let on_run = Callback::new(move |args: String| {
        if let Some(JobInStack { stack, job }) = dialogs.run.get_untracked() {
            runner.start(ActionRequest {
                stack_uid: stack.to_string(),
                target: Target::Job(job),
                kind: ActionKind::RunNow,
                args: Some(args),
            });
        }
        close_run();
    });
    move || {
        dialogs.run.get().map(|JobInStack { stack, job }| {
            // Read once: a record changing must not redraw the open dialog.
            let recent = untrack(|| recent_args(attribution, &stack, &job.uid));
            let ask = RunAsk {
                stack,
                query: if keep_query {
                    query.get_untracked()
                } else {
                    String::new()
                },
                job,
                initial: dialogs.prefill.get_untracked(),
                recent,
            };
            parts::run_dialog(ask, on_run, Callback::new(move |()| close_run()))
        })
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

/// Opens the dialog a run link asks for, then takes `run` and `args` out
/// of the URL (in place), so that a reload or Back does not open it again.
/// Opening one never runs anything: the person still presses Run.
pub fn open_run_link(stack: Arc<str>) {
    let query = use_query();
    let go = use_go_replace();
    let dialogs = expect_context::<JobDialogs>();
    let (jobs, api) = (expect_context::<StackJobs>(), expect_context::<ApiClient>());
    Effect::new(move |_| {
        let query = query.get();
        let Some((uid, args)) = asked(&query) else {
            return;
        };
        go(&format!("{}{}", jobs_href(&stack, 1), without_run(&query)));
        let held = jobs.find(&stack, &uid);
        let stack = stack.clone();
        spawn_local(async move {
            // The name comes from the pages held, or else from the API (one GET).
            let job: Option<JobRef> = match held {
                Some(job) => Some(job.reference()),
                None => api.job(&stack, &uid).await.ok().map(|j| j.reference()),
            };
            if let Some(job) = job {
                dialogs.ask_run_with(JobInStack { stack, job }, args);
            }
        });
    });
}
