//! `/stacks/{uid}/jobs/{job_uid}`: one job, all of its fields, its next runs
//! and its buttons. Reached from a loaded table it starts from the table's
//! copy of the job (no request); opened by its URL it asks the API once.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::{ApiClient, ApiError};
use crate::browser::{iso_date_time, local_date_time};
use crate::components::action_button::ActionButton;
use crate::components::alerts::ErrorAlert;
use crate::components::job_dialogs::{run_with_args_id, JobDialogs, JobDialogsView};
use crate::components::loading::Loading;
use crate::components::runs_table::RunsTable;
use crate::components::schedule::{local_time_view, Plan, ScheduleText};
use crate::components::tone;
use crate::logic::model::{Job, JobKind};
use crate::logic::time::EpochMillis;
use crate::routes::{jobs_href, AppRoute};
use crate::state::activity::gate::ActionGate;
use crate::state::activity::start::use_start_action;
use crate::state::activity::{ActionKind, ActivityLog};
use crate::state::clock::Clock;
use crate::state::quota::QuotaState;
use crate::state::scoped::{scoped_memo, suspend_on};
use crate::state::screen::ScreenData;
use crate::state::stack_jobs::StackJobs;
use crate::state::stacks::Stacks;

/// How many upcoming runs the page lists.
const NEXT_RUNS: usize = 5;

/// The page of one job.
#[component]
pub fn JobPage(stack_uid: String, job_uid: String) -> impl IntoView {
    let stack: Arc<str> = stack_uid.into();
    let load = JobLoad::new(stack.clone(), job_uid.into());
    JobDialogs::provide();
    let stacks = Stacks::get();
    let stack_name = {
        let stack = stack.clone();
        Signal::derive(move || stacks.name_of(&stack))
    };
    let history = AppRoute::History {
        stack: stack.to_string(),
        page: 1,
    }
    .href();
    view! {
        <nav class="job-links" aria-label="Around this job">
            <a href=jobs_href(&stack, 1)>"Jobs"</a>
            " · "
            <a href=history>"History"</a>
            " · "
            <span class="muted">{stack_name}</span>
            {move || load.pending.get().then(|| view! {
                <span class="loading-pill" role="status">"Loading…"</span>
            })}
        </nav>
        <Loading fallback="Loading job…" set_pending=load.pending.write_only()
            loaded=load.view(stack.clone()) />
        <JobDialogsView stack_uid=stack stack_name />
    }
    .into_any()
}

/// The job: the resource, the copy last shown, and the reload an action's
/// end asks for.
#[derive(Clone, Copy)]
struct JobLoad {
    job: LocalResource<Result<Job, ApiError>>,
    /// Bumped to ask the API again; at 0 the table's copy is used if there is one.
    round: RwSignal<u32>,
    /// The job last shown, kept on screen when a reload fails.
    last_shown: StoredValue<Option<Job>>,
    pending: RwSignal<bool>,
}

impl JobLoad {
    fn new(stack: Arc<str>, job_uid: Arc<str>) -> JobLoad {
        let api = expect_context::<ApiClient>();
        let cached = use_context::<StackJobs>().and_then(|all| all.find(&stack, &job_uid));
        let round = RwSignal::new(0u32);
        let job = LocalResource::new(move || {
            let from_table = (round.get() == 0).then(|| cached.clone()).flatten();
            let (stack, job_uid) = (stack.clone(), job_uid.clone());
            async move {
                match from_table {
                    Some(job) => Ok(job),
                    None => api.job(&stack, &job_uid).await,
                }
            }
        });
        expect_context::<ScreenData>().register(move || round.update(|n| *n += 1));
        JobLoad {
            job,
            round,
            last_shown: StoredValue::new(None),
            pending: RwSignal::new(false),
        }
    }

    fn view(self, stack: Arc<str>) -> Callback<(), Suspend<AnyView>> {
        let retry = Callback::new(move |()| self.round.update(|n| *n += 1));
        Callback::new(move |()| {
            let stack = stack.clone();
            Suspend::new(async move {
                let error = match suspend_on(self.job).await {
                    Ok(job) => {
                        self.last_shown.set_value(Some(job.clone()));
                        if let Some(screen) = use_context::<ScreenData>() {
                            screen.loaded();
                        }
                        return job_content(stack, job);
                    }
                    Err(ApiError::NotFound(_)) => return not_found(&stack),
                    Err(error) => error,
                };
                // What was shown stays usable under the alert.
                let last = self.last_shown.get_value();
                let retry =
                    (last.is_none() || !matches!(error, ApiError::Throttled(_))).then_some(retry);
                view! {
                    {match retry {
                        Some(retry) => view! { <ErrorAlert error retry /> }.into_any(),
                        None => view! { <ErrorAlert error /> }.into_any(),
                    }}
                    {last.map(|job| job_content(stack, job))}
                }
                .into_any()
            })
        })
    }
}

fn not_found(stack: &str) -> AnyView {
    view! {
        <p role="alert" class="alert">
            "This job does not exist on this stack (404): it may have been deleted, or the link \
             is wrong. "
            <a href=jobs_href(stack, 1)>"See the stack's jobs"</a>
        </p>
    }
    .into_any()
}

/// The loaded job: heading, buttons, facts, next runs and the runs recorded here.
fn job_content(stack: Arc<str>, job: Job) -> AnyView {
    let plan = Plan::of(job.cron.as_deref());
    view! {
        <div class="page-head job-head">
            <h1>{job.name.clone()}</h1>
            {job.paused.then(|| view! { <span class="badge badge-paused">"Paused"</span> })}
        </div>
        <JobButtons stack=stack.clone() job=job.clone() />
        <JobFacts job=job.clone() plan />
        <h2 class="job-section">"Next runs"</h2>
        <NextRuns plan paused=job.paused />
        <h2 class="job-section">"Runs"</h2>
        <RunsTable stack_uid=stack job_uid=job.uid />
    }
    .into_any()
}

/// The row's buttons, with the same ids, so dialogs give focus back here.
#[component]
fn JobButtons(stack: Arc<str>, job: Job) -> impl IntoView {
    let gate = ActionGate::new(
        expect_context::<ActivityLog>(),
        expect_context::<QuotaState>(),
        stack.clone(),
    );
    let start = use_start_action(stack);
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
    let open_args = Callback::new(move |()| dialogs.ask_run(job_ref.clone()));
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
fn JobFacts(job: Job, plan: Plan) -> impl IntoView {
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
        Some(ms) => local_time_view(ms).into_any(),
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

/// The next runs of the schedule, each in the viewer's zone and in UTC,
/// following the app's clock; or why there are none.
#[component]
fn NextRuns(plan: Plan, paused: bool) -> impl IntoView {
    let cron = match plan {
        Plan::Valid(cron) => cron,
        Plan::OnDemand => return note("None: this job runs on demand only."),
        Plan::Invalid(error) => return note(format!("None: the schedule is invalid ({error}).")),
    };
    let clock = Clock::get();
    // Scoped: the clock outlives the page (`state::scoped`).
    let runs = Memo::from(scoped_memo(move || cron.upcoming(clock.now(), NEXT_RUNS)));
    let items = move || {
        runs.get()
            .into_iter()
            .map(|ms| view! { <li>{local_time_view(ms)}{format!(" ({})", utc_text(ms))}</li> })
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

/// "09:15 UTC", or "2026-03-07 02:00 UTC" when the UTC date differs from the
/// local one shown beside it.
fn utc_text(ms: EpochMillis) -> String {
    let iso = iso_date_time(ms);
    let local = local_date_time(ms);
    let (date, time) = (iso.get(..10).unwrap_or(""), iso.get(11..16).unwrap_or(""));
    if local.get(..10) == Some(date) {
        format!("{time} UTC")
    } else {
        format!("{date} {time} UTC")
    }
}

fn param_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
