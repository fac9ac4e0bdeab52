//! The parts of the job page: the row's buttons, every field, the next runs.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use super::action_button::ActionButton;
use super::job_dialogs::{run_with_args_id, JobDialogs};
use super::schedule::{Plan, ScheduleText};
use super::time::time_view;
use super::tone;
use crate::browser::iso_date_time;
use crate::logic::model::{Job, JobInStack, JobKind};
use crate::logic::time::EpochMillis;
use crate::logic::zone::OffsetSource;
use crate::state::activity::gate::ActionGate;
use crate::state::activity::start::use_start_action;
use crate::state::activity::{ActionKind, ActivityLog};
use crate::state::clock::Clock;
use crate::state::quota::QuotaState;
use crate::state::scoped::scoped_memo;
use crate::state::time_zone::{TimeZone, Zone};

/// How many upcoming runs the page lists.
const NEXT_RUNS: usize = 5;

/// The row's buttons, with the same ids, so dialogs give focus back here.
#[component]
pub fn JobButtons(
    /// The job's stack.
    stack: Arc<str>,
    /// The job.
    job: Job,
) -> impl IntoView {
    let gate = ActionGate::new(
        expect_context::<ActivityLog>(),
        expect_context::<QuotaState>(),
        stack.clone(),
    );
    let start = use_start_action(stack.clone());
    let uid = job.uid.clone();
    let blocked = {
        let uid = uid.clone();
        Signal::derive(move || gate.job_blocked(&uid))
    };
    let job_ref = job.reference();
    let act = {
        let job_ref = job_ref.clone();
        move |kind: ActionKind| start.on_click(job_ref.clone(), kind)
    };
    let dialogs = expect_context::<JobDialogs>();
    let asked = JobInStack {
        stack,
        job: job_ref.clone(),
    };
    let open_args = Callback::new(move |()| dialogs.ask_run(asked.clone()));
    let (toggle, toggle_label) = if job.paused {
        (ActionKind::Unpause, "Unpause")
    } else {
        (ActionKind::Pause, "Pause")
    };
    view! {
        <div class="job-actions actions">
            <ActionButton id=format!("run-{uid}") label="Run now" primary=true blocked
                on_click=act(ActionKind::RunNow) />
            <ActionButton id=run_with_args_id(&uid) label="Run with arguments…" blocked on_click=open_args />
            <ActionButton id=format!("toggle-{uid}") label=toggle_label blocked on_click=act(toggle) />
        </div>
    }
}

/// Every field of the job, as a description list.
#[component]
pub fn JobFacts(
    /// The job.
    job: Job,
    /// Its schedule, read.
    plan: Plan,
) -> impl IntoView {
    // Unknown kinds have no command to pick out: their params say it all.
    let what = match job.kind {
        JobKind::HostTask => Some("Command"),
        JobKind::ServiceTask | JobKind::Rake => Some("Task"),
        JobKind::Other(_) => None,
    }
    .map(|label| view! { <dt>{label}</dt><dd class="mono wrap">{job.command()}</dd> });
    let params = job
        .params
        .iter()
        .map(|(key, value)| view! { <li><span class="param-key">{format!("{key}: ")}</span>{param_text(value)}</li> })
        .collect_view();
    let time = |at: Option<EpochMillis>| match at {
        Some(ms) => time_view(ms).into_any(),
        None => view! { <span class="muted">"Unknown"</span> }.into_any(),
    };
    view! {
        <dl class="job-facts">
            <dt>"Type"</dt><dd>{job.kind.label().to_string()}</dd>
            <dt>"Schedule"</dt><dd class="schedule"><ScheduleText cron=job.cron.clone() plan /></dd>
            <dt>"Status"</dt>
            <dd><span class=format!("status {}", tone::of_status(job.status).class())>{job.status.label()}</span></dd>
            <dt>"State"</dt><dd>{if job.paused { "Paused: it does not run on schedule" } else { "Active" }}</dd>
            {what}
            <dt>"Params"</dt>
            <dd><ul class="params mono">{params}</ul></dd>
            <dt>"Created"</dt><dd class="num">{time(job.created_at)}</dd>
            <dt>"Updated"</dt><dd class="num">{time(job.updated_at)}</dd>
        </dl>
    }
}

/// The next runs of the schedule, each in the chosen zone and in UTC,
/// following the app's clock; or why there are none.
#[component]
pub fn NextRuns(
    /// The schedule, read.
    plan: Plan,
    /// Whether the job is paused.
    paused: bool,
) -> impl IntoView {
    let cron = match plan {
        Plan::Valid(cron) => cron,
        Plan::OnDemand => return note("None: this job runs on demand only."),
        Plan::Invalid(error) => return note(format!("None: the schedule is invalid ({error}).")),
    };
    let clock = Clock::get();
    // Scoped: the clock outlives the page (`state::scoped`).
    let runs = Memo::from(scoped_memo(move || cron.upcoming(clock.now(), NEXT_RUNS)));
    let zone = TimeZone::get();
    let items = move || {
        runs.get()
            .into_iter()
            .map(|ms| {
                let utc = scoped_memo(move || utc_text(&zone.zone(), ms));
                view! { <li>{time_view(ms)}{move || utc.get()}</li> }
            })
            .collect_view()
    };
    view! {
        {paused.then(|| view! { <p class="note">"Paused: these runs happen only once the job is unpaused."</p> })}
        {move || runs.with(Vec::is_empty).then(|| view! { <p class="muted">"Never: this schedule matches no date."</p> })}
        <ol class="next-runs num" aria-label="Next runs">{items}</ol>
    }
    .into_any()
}

fn note(text: impl Into<String>) -> AnyView {
    let text: String = text.into();
    view! { <p class="muted">{text}</p> }.into_any()
}

/// " (09:15 UTC)", or " (2026-03-07 02:00 UTC)" when the UTC date differs
/// from the zone's date shown beside it; nothing when the zone is UTC (the
/// time is written in UTC already).
fn utc_text(zone: &Zone, ms: EpochMillis) -> String {
    let iso = iso_date_time(ms);
    let shown = zone.text(ms);
    if shown.ends_with(" UTC") && zone.offset_seconds(ms) == 0 {
        return String::new();
    }
    let (date, time) = (iso.get(..10).unwrap_or(""), iso.get(11..16).unwrap_or(""));
    if shown.get(..10) == Some(date) {
        format!(" ({time} UTC)")
    } else {
        format!(" ({date} {time} UTC)")
    }
}

fn param_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
