//! `/stacks/{uid}/history?page=N`: the stack's async actions, newest first,
//! with the job each one was for where this device started it. The page
//! comes from the one loader (`state::paged`); while any row runs, the page
//! asks for itself again on Activity's polling schedule
//! (`state::running_watch`).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::alerts::{ErrorAlert, StaleAlert};
use crate::components::history_table::HistoryTable;
use crate::components::pager::Pager;
use crate::logic::model::Action;
use crate::router::use_route;
use crate::routes::{jobs_href, AppRoute};
use crate::state::page_in_view::PageInView;
use crate::state::paged::{Loaded, Showing};
use crate::state::running_watch::RunningWatch;
use crate::state::stack_jobs::StackActions;
use crate::state::stacks::Stacks;

/// The history page of one stack.
#[component]
pub fn HistoryPage(stack_uid: String) -> impl IntoView {
    let stack: Arc<str> = stack_uid.into();
    let route = use_route();
    let page = Memo::new(move |_| route.with(AppRoute::page));
    let list = expect_context::<StackActions>();
    let view = PageInView::new(list, stack.clone(), page);
    view.follow();
    let watch = RunningWatch::new(move || view.retry.run(()));
    let arrived = Memo::new(move |_| view.shown.with(|k| k.as_ref().and_then(|k| k.at)));
    Effect::new(move |_| {
        arrived.track();
        let running = view.loaded(|l| l.rows.iter().any(|r| !r.item.is_finished()));
        watch.saw(running == Some(true));
    });
    let stacks = Stacks::get();
    let name = {
        let stack = stack.clone();
        move || stacks.name_of(&stack)
    };
    let href = {
        let stack = stack.clone();
        Callback::new(move |n: u32| history_href(&stack, n))
    };
    let pager = move || {
        view.loaded(|l| (!l.rows.is_empty()).then(|| l.pagination.clone()))
            .flatten()
            .map(|pagination| view! { <Pager pagination href /> })
    };
    view! {
        <div class="page-head">
            <h1>{name}</h1>
            <a href=jobs_href(&stack, 1)>"Jobs"</a>
            // A poll of running rows is quiet; only a load of another page says so.
            {move || view.turning.get().then(|| view! {
                <span class="loading-pill" role="status">"Loading…"</span>
            })}
        </div>
        <HistoryNotes stack=stack.clone() view watch />
        <Show when=move || !view.rows.with(Vec::is_empty)>
            <HistoryTable stack=stack.clone() rows=view.rows />
        </Show>
        {pager}
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

/// What the page says beside the table: loading, errors, notes, empty pages.
#[component]
fn HistoryNotes(stack: Arc<str>, view: PageInView<Action>, watch: RunningWatch) -> impl IntoView {
    let retry = view.retry;
    let state = move || match view.showing.get() {
        Showing::Waiting => view! { <p class="loading">"Loading history…"</p> }.into_any(),
        Showing::Failed(error) => view! { <ErrorAlert error retry /> }.into_any(),
        Showing::Rows(_) => match (view.held_back.get(), view.stale()) {
            (Some(n), _) => view! { <p class="note">{format!(
                "Showing the history as last loaded (page {n}); it loads again by itself when \
                 the API's quota window resets."
            )}</p> }
            .into_any(),
            (None, Some(error)) => view! {
                <StaleAlert what="the history" kept="It is shown as last loaded." error retry />
            }
            .into_any(),
            (None, None) => ().into_any(),
        },
    };
    let page = move || view.loaded(|l| page_notes(&stack, l));
    view! {
        {state}
        {page}
        {move || watch.gave_up.get().then(|| view! {
            <p class="note">
                "Some actions have been running for over 20 minutes; this page stopped checking on them. "
                <button type="button" on:click=move |_| watch.restart()>"Check again"</button>
            </p>
        })}
    }
}

/// The words around a loaded page: unreadable entries, an empty history, a
/// page past the end.
fn page_notes(stack: &str, loaded: &Loaded<Action>) -> AnyView {
    let pagination = &loaded.pagination;
    if loaded.rows.is_empty() && loaded.unreadable == 0 {
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
    (unreadable > 0)
        .then(|| {
            view! {
                <p role="alert" class="alert">
                    {format!("{unreadable} action(s) on this page could not be read and are not shown.")}
                </p>
            }
        })
        .into_any()
}
