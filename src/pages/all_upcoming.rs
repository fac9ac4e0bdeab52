//! `/upcoming?window=24h|7d`: when the jobs of every stack run, one lane per
//! job grouped by stack, with each stack's busy moments counted apart (they
//! run on other servers). Every stack's jobs come through the one loader
//! (`state::every_stack`), at most 4 stacks loading at a time.

use leptos::prelude::*;

use crate::components::alerts::ErrorAlert;
use crate::components::time_views::{use_window_span, TimeViews, WindowSelect};
use crate::components::upcoming_list::TimeJob;
use crate::logic::model::Stack;
use crate::logic::timeline::WindowSpan;
use crate::routes::{jobs_href, AppRoute};
use crate::state::every_stack::EveryStack;
use crate::state::screen::ScreenData;
use crate::state::stacks::Stacks;

/// When every stack's jobs run.
#[component]
pub fn AllUpcomingPage() -> impl IntoView {
    let stacks = Stacks::get();
    let list = Memo::new(move |_| stacks.read());
    let span = use_window_span();
    let reload = Callback::new(move |()| stacks.reload());
    view! {
        <div class="page-head"><h1>"Upcoming: every stack"</h1></div>
        <p class="hint">"When each job of every stack runs, from its schedule (read as UTC, as the servers do), written in the chosen time zone. Busy moments are counted per stack."</p>
        <WindowSelect span path=AppRoute::AllUpcoming.href() />
        {move || match list.get() {
            None => view! { <p class="loading">"Loading stacks…"</p> }.into_any(),
            Some(Err(error)) => view! { <ErrorAlert error retry=reload /> }.into_any(),
            Some(Ok(list)) => view! { <EveryStackTimes stacks=list.stacks span /> }.into_any(),
        }}
    }
    .into_any()
}

/// Loads every stack's jobs and shows when they run, with how far loading
/// has got and which stacks failed.
#[component]
fn EveryStackTimes(stacks: Vec<Stack>, span: Memo<WindowSpan>) -> impl IntoView {
    let every = EveryStack::of(stacks);
    let screen = expect_context::<ScreenData>();
    let (refresh, cost) = (every.clone(), every.clone());
    screen.register_with_cost(
        move || refresh.refresh(move || screen.loaded()),
        move || cost.cost(),
    );
    every.load(move || screen.loaded());
    let progress = {
        let every = every.clone();
        Memo::new(move |_| every.progress())
    };
    let jobs = {
        let every = every.clone();
        Memo::new(move |_| {
            every
                .jobs()
                .into_iter()
                .map(|(stack, job)| TimeJob {
                    stack_uid: stack.uid.as_str().into(),
                    stack_name: Some(stack.label()),
                    job,
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <LoadingStacks progress every />
        <TimeViews jobs=jobs.into() span many_stacks=true />
    }
}

/// A progress bar named "Loading stacks" while stacks load, and each stack
/// that could not be loaded, with Try again.
#[component]
fn LoadingStacks(
    progress: Memo<crate::state::every_stack::Progress>,
    every: EveryStack,
) -> impl IntoView {
    let bar = move || {
        let (loaded, total, failed) = progress.with(|p| (p.loaded, p.total, p.failed.len()));
        (loaded + failed < total).then(|| {
            view! {
                <p class="note loading-stacks">
                    <span role="progressbar" aria-label="Loading stacks" aria-valuemin="0"
                        aria-valuenow=loaded aria-valuemax=total>
                        {format!("Loading every stack's jobs: {loaded} of {total} stacks…")}
                    </span>
                </p>
            }
        })
    };
    let failures = move || {
        let every = every.clone();
        progress.with(|p| {
            p.failed
                .iter()
                .map(|(stack, error)| {
                    let (uid, every) = (stack.uid.clone(), every.clone());
                    let retry = move |_| every.retry(&uid);
                    view! {
                        <p role="alert" class="alert">
                            <a href=jobs_href(&stack.uid, 1)>{stack.label()}</a>
                            {format!(": its jobs could not all be loaded, so its runs are missing or partial. {}", error.message())}
                            " " <button type="button" on:click=retry>"Try again"</button>
                        </p>
                    }
                })
                .collect_view()
        })
    };
    view! { {bar} {failures} }
}
