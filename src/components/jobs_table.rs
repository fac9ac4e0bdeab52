//! The jobs table: one row per job with its schedule, status and actions.

use std::sync::Arc;

use leptos::prelude::*;

use super::tone;

use super::action_button::ActionButton;
use super::find_bar::SortHeader;
use super::runs_table::RunStrip;
use super::schedule::{NextRun, Plan, ScheduleText};
use super::selection_bar::{SelectAllCell, SelectCell};
use super::time::time_view;
use crate::browser::{active_element_id, focus_by_id};
use crate::components::job_dialogs::run_with_args_id;
use crate::logic::finding::SortKey;
use crate::logic::model::{Job, JobInStack, StackLabel};
use crate::logic::rows::Row;
use crate::routes::{jobs_href, AppRoute};
use crate::state::activity::gate::ActionGate;
use crate::state::activity::start::{use_start_action, StartAction};
use crate::state::activity::{ActionKind, ActivityLog};
use crate::state::quota::QuotaState;
use crate::state::scoped::scoped_memo;
use crate::state::selection::Selection;

/// A `<table>` named "Jobs" (or another name, e.g. "All jobs"). Names,
/// commands and every other API text are rendered as text, never as HTML.
#[component]
pub fn JobsTable(
    /// The stack the jobs belong to (with `stack_of`, the rows' own stacks).
    #[prop(into)]
    stack_uid: Arc<str>,
    /// The rows of this page. A new list redraws only the rows that changed
    /// (keyed by the version the loader gives each row's data), so a reload
    /// keeps the others' nodes.
    #[prop(into)]
    jobs: Signal<Vec<Row<Job>>>,
    /// Opens the Run with arguments dialog for a job.
    on_run_with_args: Callback<JobInStack>,
    /// What "Select all" ticks: all matches on a filtered view; this
    /// page's jobs when absent.
    #[prop(optional)]
    in_view: Option<Signal<Vec<JobInStack>>>,
    /// For a view that spans stacks: each row's stack (by row version),
    /// shown in a Stack column.
    #[prop(optional)]
    stack_of: Option<Callback<u64, Option<StackLabel>>>,
    /// The table's accessible name.
    #[prop(default = "Jobs")]
    name: &'static str,
) -> impl IntoView {
    let each = keep_focus_across_reloads(jobs);
    let home = stack_uid.clone();
    let stack_for = move |version: u64| {
        let label = stack_of.and_then(|f| f.run(version));
        (
            label
                .as_ref()
                .map_or_else(|| home.clone(), |l| l.uid.clone()),
            label,
        )
    };
    // Checkboxes only where the view keeps a selection (the jobs page).
    let select_all = use_context::<Selection>().map(|_| {
        let page = Signal::derive({
            let stack_for = stack_for.clone();
            move || {
                jobs.with(|j| {
                    let at = |r: &Row<Job>| JobInStack {
                        stack: stack_for(r.version).0,
                        job: r.item.reference(),
                    };
                    j.iter().map(at).collect()
                })
            }
        });
        let in_view = in_view.unwrap_or(page);
        view! { <SelectAllCell in_view /> }
    });
    let gates = Gates::new();
    let row = move |Row { item: job, version }: Row<Job>| {
        let (stack_uid, label) = stack_for(version);
        let (gate, start) = gates.of(&stack_uid);
        view! { <JobRow stack_uid job gate start on_run_with_args label /> }
    };
    view! {
        <div class="table-box">
            <table class="jobs" aria-label=name>
                <thead>
                    <tr>
                        {select_all}
                        <SortHeader label="Name" key=SortKey::Name />
                        {stack_of.map(|_| view! { <th scope="col">"Stack"</th> })}
                        <th scope="col">"Type"</th>
                        <th scope="col">"Schedule"</th>
                        <SortHeader label="Next run" key=SortKey::Next />
                        <SortHeader label="Status" key=SortKey::Status />
                        <th scope="col">"Command"</th>
                        <SortHeader label="Updated" key=SortKey::Updated />
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody><For each key={|row: &Row<Job>| row.version} children=row /></tbody>
            </table>
        </div>
    }
}

/// Each stack's action gate and starter, made once per stack a table shows
/// (one on a stack's page), under the table's owner: a gate made under the
/// row that first needed it would stop following the log and the throttle
/// once that row is redrawn.
#[derive(Clone, Copy)]
struct Gates {
    owner: StoredValue<Owner>,
    made: StoredValue<Vec<(Arc<str>, ActionGate, StartAction)>, LocalStorage>,
}

impl Gates {
    fn new() -> Gates {
        Gates {
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            made: StoredValue::new_local(Vec::new()),
        }
    }

    fn of(&self, stack: &Arc<str>) -> (ActionGate, StartAction) {
        let found = self.made.with_value(|made| {
            made.iter()
                .find(|(s, _, _)| s == stack)
                .map(|(_, g, a)| (g.clone(), a.clone()))
        });
        found.unwrap_or_else(|| {
            let (gate, start) = self.owner.with_value(|owner| {
                owner.with(|| {
                    let gate = ActionGate::new(
                        expect_context::<ActivityLog>(),
                        expect_context::<QuotaState>(),
                        stack.clone(),
                    );
                    (gate, use_start_action(stack.clone()))
                })
            });
            self.made
                .update_value(|made| made.push((stack.clone(), gate.clone(), start.clone())));
            (gate, start)
        })
    }
}

/// A reload replaces the rows that changed (or a new table replaces the
/// old); whoever had focus on such a row's button gets it back on the new
/// button with the same id instead of losing it to <body>. Returns the
/// rows, noting the focus before each change is drawn.
fn keep_focus_across_reloads(jobs: Signal<Vec<Row<Job>>>) -> impl Fn() -> Vec<Row<Job>> + Clone {
    let had_focus = StoredValue::new(active_element_id());
    Effect::new(move |_| {
        jobs.track();
        if let Some(id) = had_focus.get_value() {
            if active_element_id().is_none() {
                focus_by_id(&id);
            }
        }
    });
    move || {
        had_focus.set_value(active_element_id());
        jobs.get()
    }
}

#[component]
fn JobRow(
    stack_uid: Arc<str>,
    job: Job,
    gate: ActionGate,
    start: StartAction,
    on_run_with_args: Callback<JobInStack>,
    /// The Stack column's content, on a view that spans stacks.
    label: Option<StackLabel>,
) -> impl IntoView {
    let uid = job.uid.clone();
    // Scoped: the gate is the table's and outlives its rows, which come and
    // go with every page turned (`state::scoped`).
    let busy = {
        let (gate, uid) = (gate.clone(), uid.clone());
        Signal::<bool>::from(Memo::from(scoped_memo(move || gate.job_busy(&uid))))
    };
    let blocked = {
        let uid = uid.clone();
        Signal::<bool>::from(Memo::from(scoped_memo(move || gate.job_blocked(&uid))))
    };
    let paused = job.paused;
    let toggle = if paused {
        ActionKind::Unpause
    } else {
        ActionKind::Pause
    };
    let job_ref = job.reference();
    let act = {
        let job_ref = job_ref.clone();
        move |kind: ActionKind| start.on_click(job_ref.clone(), kind)
    };
    let in_stack = JobInStack {
        stack: stack_uid.clone(),
        job: job_ref.clone(),
    };
    let open_args = {
        let in_stack = in_stack.clone();
        Callback::new(move |()| on_run_with_args.run(in_stack.clone()))
    };
    let command = job.command();
    let updated = job.updated_at.map(time_view);
    let kind = job.kind.label().to_string();
    let plan = Plan::of(job.cron.as_deref());
    let href = AppRoute::Job {
        stack: stack_uid.to_string(),
        job: uid.clone(),
    }
    .href();

    view! {
        <tr class:paused=paused aria-busy=move || busy.get().then_some("true")>
            {use_context::<Selection>().map(|_| view! { <SelectCell job=in_stack /> })}
            <th scope="row" class="name" data-label="Name">
                <a class="clip" href=href title=job.name.clone()>{job.name.clone()}</a>
                {paused.then(|| view! { <span class="badge badge-paused">"Paused"</span> })}
            </th>
            {label.map(stack_cell)}
            <td data-label="Type" class="kind"><span class="clip" title=kind.clone()>{kind.clone()}</span></td>
            <td data-label="Schedule" class="schedule"><ScheduleText cron=job.cron.clone() plan /></td>
            <td data-label="Next run" class="next-run num"><NextRun plan paused updated_at=job.updated_at /></td>
            <td data-label="Status" class="nowrap">
                <span class=format!("status {}", tone::of_status(job.status).class())>{job.status.label()}</span>
                <RunStrip stack_uid=stack_uid.clone() job_uid=uid.clone() />
            </td>
            <td data-label="Command" class="mono">
                <span class="clip" title=command.clone() tabindex="0">{command.clone()}</span>
            </td>
            <td data-label="Updated" class="num">{updated}</td>
            <td data-label="Actions" class="actions">
                <ActionButton id=format!("run-{uid}") label="Run now" primary=true blocked
                    on_click=act(ActionKind::RunNow) />
                <ActionButton id=run_with_args_id(&uid) label="Run with arguments…" blocked on_click=open_args />
                <ActionButton id=format!("toggle-{uid}") label=if paused { "Unpause" } else { "Pause" }
                    blocked on_click=act(toggle) />
                {move || busy.get().then(|| view! { <span class="spinner" role="img" aria-label="Action in progress"></span> })}
            </td>
        </tr>
    }
}

/// The Stack column's cell: a link to the stack's Jobs page.
fn stack_cell(stack: StackLabel) -> impl IntoView {
    let label = stack.label.to_string();
    view! {
        <td data-label="Stack" class="stack">
            <a class="clip" href=jobs_href(&stack.uid, 1) title=stack.label.to_string()>{label}</a>
        </td>
    }
}
