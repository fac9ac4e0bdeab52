//! The jobs table: one row per job with its schedule, status and actions.

use leptos::prelude::*;

use super::action_button::ActionButton;
use crate::api::{ApiClient, Job};
use crate::browser::{
    active_element_id, focus_by_id, iso_date_time, local_date_time, local_date_time_long,
};
use crate::state::activity::{ActionGate, ActionKind, Activity, Request};
use crate::state::AppState;

/// The id of a row's "Run with arguments…" button, where focus returns after
/// the dialog closes.
pub fn run_with_args_id(job_uid: &str) -> String {
    format!("run-args-{job_uid}")
}

/// A `<table>` named "Jobs". Names, commands and every other API text are
/// rendered as text, never as HTML.
#[component]
pub fn JobsTable(
    /// The stack the jobs belong to.
    stack_uid: String,
    /// The jobs of this page.
    jobs: Vec<Job>,
    /// Opens the Run with arguments dialog for (uid, name).
    on_run_with_args: Callback<(String, String)>,
) -> impl IntoView {
    // A reload replaces the rows; whoever had focus on a row's button gets it
    // back on the new button with the same id instead of losing it to <body>.
    let had_focus = active_element_id();
    Effect::new(move |_| {
        if let Some(id) = &had_focus {
            if active_element_id().is_none() {
                focus_by_id(id);
            }
        }
    });
    let gate = expect_context::<Activity>().gate(expect_context::<AppState>(), stack_uid.clone());
    let rows = jobs
        .into_iter()
        .map(|job| view! { <JobRow stack_uid=stack_uid.clone() job gate=gate.clone() on_run_with_args /> })
        .collect_view();
    view! {
        <div class="table-box">
            <table class="jobs" aria-label="Jobs">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Schedule"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Command"</th>
                        <th scope="col">"Updated"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn JobRow(
    stack_uid: String,
    job: Job,
    gate: ActionGate,
    on_run_with_args: Callback<(String, String)>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let api = expect_context::<ApiClient>();
    let activity = expect_context::<Activity>();

    let busy = {
        let (gate, uid) = (gate.clone(), job.uid.clone());
        move || gate.job_busy(&uid)
    };
    let blocked = {
        let uid = job.uid.clone();
        Signal::derive(move || gate.job_blocked(&uid))
    };
    let aria_busy = {
        let busy = busy.clone();
        move || busy().then_some("true")
    };
    let start = {
        let (stack, uid, name) = (stack_uid.clone(), job.uid.clone(), job.name.clone());
        move |kind: ActionKind| {
            activity.start(
                api,
                state,
                Request {
                    stack_uid: stack.clone(),
                    job_uid: Some(uid.clone()),
                    subject: name.clone(),
                    kind,
                    args: None,
                },
            );
        }
    };
    let start_toggle = start.clone();
    let paused = job.paused;
    let toggle = if paused {
        ActionKind::Unpause
    } else {
        ActionKind::Pause
    };
    let open_args = {
        let (uid, name) = (job.uid.clone(), job.name.clone());
        move |()| on_run_with_args.run((uid.clone(), name.clone()))
    };
    let command = job.command();
    let updated = job.updated_at.map(|ms| {
        view! { <time datetime=iso_date_time(ms) title=local_date_time_long(ms)>{local_date_time(ms)}</time> }
    });

    view! {
        <tr class:paused=paused aria-busy=aria_busy>
            <th scope="row" class="name" data-label="Name">
                <span class="clip" title=job.name.clone() tabindex="0">{job.name.clone()}</span>
                {paused.then(|| view! { <span class="badge badge-paused">"Paused"</span> })}
            </th>
            <td data-label="Type" class="kind">
                <span class="clip" title=job.kind.label().to_string()>{job.kind.label().to_string()}</span>
            </td>
            <td data-label="Schedule" class=if job.cron.is_some() { "mono nowrap" } else { "muted nowrap" }>
                {job.schedule().to_string()}
            </td>
            <td data-label="Status" class="nowrap">
                <span class=format!("status tone-{}", job.status.tone())>{job.status.label()}</span>
            </td>
            <td data-label="Command" class="mono">
                <span class="clip" title=command.clone() tabindex="0">{command.clone()}</span>
            </td>
            <td data-label="Updated" class="num nowrap">{updated}</td>
            <td data-label="Actions" class="actions">
                <ActionButton id=format!("run-{}", job.uid) label="Run now" primary=true blocked
                    on_click=Callback::new(move |()| start(ActionKind::RunNow)) />
                <ActionButton id=run_with_args_id(&job.uid) label="Run with arguments…" blocked
                    on_click=Callback::new(open_args) />
                <ActionButton id=format!("toggle-{}", job.uid) label=if paused { "Unpause" } else { "Pause" }
                    blocked on_click=Callback::new(move |()| start_toggle(toggle)) />
                {move || busy().then(|| view! { <span class="spinner" role="img" aria-label="Action in progress"></span> })}
            </td>
        </tr>
    }
}
