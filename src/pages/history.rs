//! `/stacks/{uid}/history?page=N`: the stack's async actions, newest first,
//! with the job each one was for where this device started it.
//!
//! The rows live in a signal of their own, outside the load's `Suspend`, so
//! that a reload diffs them by key: a row that did not change keeps its
//! nodes, a running row that finished is drawn anew. While any row runs the
//! page reloads itself on the Activity polling schedule.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{ActionsPage, ApiClient, ApiError};
use crate::browser::{iso_date_time, local_date_time, local_date_time_long, now_ms};
use crate::components::alerts::ErrorAlert;
use crate::components::loading::Loading;
use crate::components::pager::Pager;
use crate::components::tone;
use crate::logic::backoff::{poll_delay, GIVE_UP_AFTER};
use crate::logic::history::{HistoryRow, Outcome, UNKNOWN};
use crate::logic::model::Action;
use crate::router::use_route;
use crate::routes::{jobs_href, AppRoute};
use crate::state::attribution::{Attribution, RunRecord};
use crate::state::quota::QuotaState;
use crate::state::scoped::{scoped_memo, suspend_on};
use crate::state::screen::ScreenData;
use crate::state::stacks::Stacks;

/// The history page of one stack.
#[component]
pub fn HistoryPage(stack_uid: String) -> impl IntoView {
    let stack: Arc<str> = stack_uid.into();
    let route = use_route();
    let page = Memo::new(move |_| route.with(AppRoute::page));
    let history = HistoryLoad::new(stack.clone(), page);
    let stacks = Stacks::get();
    let name = {
        let stack = stack.clone();
        move || stacks.name_of(&stack)
    };
    // A poll of running rows is quiet; only a load of another page says so.
    let loading_other_page = move || {
        history.pending.get()
            && history
                .shown
                .with(|s| s.as_ref().map(|p| p.pagination.current))
                != Some(page.get())
    };
    let href = {
        let stack = stack.clone();
        Callback::new(move |n: u32| history_href(&stack, n))
    };
    view! {
        <div class="page-head">
            <h1>{name}</h1>
            <a href=jobs_href(&stack, 1)>"Jobs"</a>
            {move || loading_other_page().then(|| view! {
                <span class="loading-pill" role="status">"Loading…"</span>
            })}
        </div>
        <Loading fallback="Loading history…" set_pending=history.pending.write_only()
            loaded=history.view(stack.clone()) />
        <HistoryTable stack=stack shown=history.shown />
        {move || history.shown.with(|s| s.as_ref().filter(|p| !p.actions.is_empty())
            .map(|p| view! { <Pager pagination=p.pagination.clone() href /> }))}
    }
    .into_any()
}

fn history_href(stack: &str, page: u32) -> String {
    AppRoute::History {
        stack: stack.into(),
        page,
    }
    .href()
}

/// Whether the page keeps checking on its running rows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Watch {
    /// Nothing runs.
    Idle,
    /// A reload is scheduled.
    Polling,
    /// Rows ran past [`GIVE_UP_AFTER`]: no more reloads until asked.
    GaveUp,
}

/// The polling schedule's state: its attempt, when the running streak began,
/// and a generation that retires the timers of earlier loads.
#[derive(Default)]
struct Schedule {
    attempt: u32,
    since_ms: Option<f64>,
    generation: u64,
}

/// The page's actions: the resource, the page on screen, and the reloads.
#[derive(Clone, Copy)]
struct HistoryLoad {
    actions: LocalResource<Result<ActionsPage, ApiError>>,
    /// The page on screen; kept through a throttled reload.
    shown: RwSignal<Option<ActionsPage>>,
    pending: RwSignal<bool>,
    // Owned by the page: once it goes away this is disposed, and a pending
    // timer finds no schedule and sends nothing.
    schedule: StoredValue<Schedule>,
    quota: QuotaState,
}

impl HistoryLoad {
    fn new(stack: Arc<str>, page: Memo<u32>) -> HistoryLoad {
        let api = expect_context::<ApiClient>();
        let actions = LocalResource::new(move || {
            let (stack, page) = (stack.clone(), page.get());
            async move { api.actions(&stack, page).await }
        });
        expect_context::<ScreenData>().register(move || actions.refetch());
        let schedule = StoredValue::new(Schedule::default());
        on_cleanup(move || {
            schedule.try_update_value(|s| s.generation += 1);
        });
        HistoryLoad {
            actions,
            shown: RwSignal::new(None),
            pending: RwSignal::new(false),
            schedule,
            quota: expect_context::<QuotaState>(),
        }
    }

    /// What a load says beside the table: errors, notes, empty pages.
    fn view(self, stack: Arc<str>) -> Callback<(), Suspend<AnyView>> {
        let retry = Callback::new(move |()| {
            self.schedule.update_value(|s| *s = Schedule::default());
            self.actions.refetch();
        });
        Callback::new(move |()| {
            let stack = stack.clone();
            Suspend::new(async move {
                match suspend_on(self.actions).await {
                    Ok(loaded) => {
                        let watch = self.watch(loaded.actions.iter().any(|a| !a.is_finished()));
                        if let Some(screen) = use_context::<ScreenData>() {
                            screen.loaded();
                        }
                        let notes = page_notes(&stack, &loaded, watch, retry);
                        self.shown.set(Some(loaded));
                        notes
                    }
                    Err(error @ ApiError::Throttled(_)) => {
                        match self.shown.with_untracked(|s| s.as_ref().map(|p| p.pagination.current)) {
                            Some(page) => view! {
                                <p class="note">{format!(
                                    "Showing the history as last loaded (page {page}); it loads again by \
                                     itself when the API's quota window resets."
                                )}</p>
                            }
                            .into_any(),
                            None => view! { <ErrorAlert error /> }.into_any(),
                        }
                    }
                    Err(error) => {
                        self.shown.set(None);
                        view! { <ErrorAlert error retry /> }.into_any()
                    }
                }
            })
        })
    }

    /// Schedules the next reload while rows run: 1 s, 1.5 s, … up to 15 s
    /// apart as Activity polls, for 20 minutes at most; none while throttled.
    fn watch(self, running: bool) -> Watch {
        let now = now_ms();
        let mut next = None;
        let mut watch = Watch::Idle;
        self.schedule.update_value(|s| {
            s.generation += 1;
            if !running {
                (s.attempt, s.since_ms) = (0, None);
                return;
            }
            let since = *s.since_ms.get_or_insert(now);
            watch = Watch::GaveUp;
            if now - since <= GIVE_UP_AFTER.as_millis() as f64 {
                watch = Watch::Polling;
                next = Some((poll_delay(s.attempt), s.generation));
                s.attempt += 1;
            }
        });
        if let Some((wait, generation)) = next {
            set_timeout(move || self.tick(generation), wait);
        }
        watch
    }

    fn tick(self, generation: u64) {
        let current = self.schedule.try_with_value(|s| s.generation) == Some(generation);
        // While throttled, the throttle's end reloads the screen (and the
        // schedule starts again from that load).
        let throttled = self.quota.throttle.try_get_untracked().flatten().is_some();
        if current && !throttled {
            self.actions.refetch();
        }
    }
}

/// The words around a loaded page: unreadable entries, an empty history, a
/// page past the end, running rows no longer checked.
fn page_notes(stack: &str, loaded: &ActionsPage, watch: Watch, retry: Callback<()>) -> AnyView {
    let pagination = &loaded.pagination;
    if loaded.actions.is_empty() && loaded.unreadable == 0 {
        if pagination.current <= 1 {
            return view! { <p class="empty">"No actions yet on this stack."</p> }.into_any();
        }
        let last = pagination.pages.max(1);
        return view! {
            <p role="alert" class="alert">
                {format!("There is no page {} of this stack's history: it ends at page {last}. ", pagination.current)}
                <a href=history_href(stack, last)>{format!("Go to page {last}")}</a>
            </p>
        }
        .into_any();
    }
    let unreadable = loaded.unreadable;
    view! {
        {(unreadable > 0).then(|| view! {
            <p role="alert" class="alert">
                {format!("{unreadable} action(s) on this page could not be read and are not shown.")}
            </p>
        })}
        {(watch == Watch::GaveUp).then(|| view! {
            <p class="note">
                "Some actions have been running for over 20 minutes; this page stopped checking on them. "
                <button type="button" on:click=move |_| retry.run(())>"Check again"</button>
            </p>
        })}
    }
    .into_any()
}

/// The `<table>` named "History", keyed by action and state.
#[component]
fn HistoryTable(stack: Arc<str>, shown: RwSignal<Option<ActionsPage>>) -> impl IntoView {
    let rows = Memo::new(move |_| {
        shown.with(|s| s.as_ref().map(|p| p.actions.clone()).unwrap_or_default())
    });
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <div class="table-box">
                <table class="jobs history" aria-label="History">
                    <thead>
                        <tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"Action"</th>
                            <th scope="col">"Job"</th>
                            <th scope="col">"By"</th>
                            <th scope="col">"Took"</th>
                            <th scope="col">"Result"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|a: &Action| (a.id, a.finished_at.clone())
                            children={
                                let stack = stack.clone();
                                move |action| view! { <ActionRow stack=stack.clone() action /> }
                            } />
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

#[component]
fn ActionRow(stack: Arc<str>, action: Action) -> impl IntoView {
    let row = HistoryRow::of(&action);
    let attribution = expect_context::<Attribution>();
    let id = row.id;
    // Scoped: the records outlive the page's rows (`state::scoped`).
    let record = scoped_memo(move || attribution.find(&stack, id));
    let job = move || record.with(|record| record.as_ref().map(job_cell));
    let when = row.started_ms.map(|ms| {
        view! { <time datetime=iso_date_time(ms) title=local_date_time_long(ms)>{local_date_time(ms)}</time> }
    });
    let running = row.outcome == Outcome::Running;
    view! {
        <tr>
            <td data-label="When" class="num nowrap">{when.map_or_else(|| UNKNOWN.into_any(), IntoAny::into_any)}</td>
            <td data-label="Action">{row.action}</td>
            <td data-label="Job" class="job">{move || job().unwrap_or_else(|| UNKNOWN.into_any())}</td>
            <td data-label="By" class="by"><span class="clip" title=row.by.clone()>{row.by.clone()}</span></td>
            <td data-label="Took" class="num nowrap">{row.took}</td>
            <td data-label="Result" class="result">
                {running.then(|| view! { <span class="spinner" aria-hidden="true"></span> " " })}
                <span class=format!("status {}", tone::of_outcome(&row.outcome).class())>{row.outcome.words()}</span>
            </td>
        </tr>
    }
}

/// The job a record names, and its arguments; "All jobs" for a stack-wide action.
fn job_cell(record: &RunRecord) -> AnyView {
    let Some(name) = record.name.clone() else {
        return "All jobs".into_any();
    };
    let args = record.args.clone().map(|args| {
        view! { " " <span class="job-args mono clip" title=args.clone()>{args.clone()}</span> }
    });
    view! { <span class="clip" title=name.clone()>{name.clone()}</span>{args} }.into_any()
}
