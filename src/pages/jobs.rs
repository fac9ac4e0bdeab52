//! `/stacks/{uid}/jobs?page=N`: one page of a stack's jobs, or, while a
//! search, filter or sort is set, the matches among all of its pages. The
//! first screen: what it draws comes from the one loader (`state::paged`).

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::pagination::Pagination;
use crate::browser::prefetch_parts;
use crate::components::alerts::{ErrorAlert, StaleAlert};
use crate::components::bulk_bar::BulkBar;
use crate::components::export_menu::ExportMenu;
use crate::components::find_bar::{FindBar, FindingState};
use crate::components::found_jobs::FoundJobs;
use crate::components::job_dialogs::{open_run_link, JobDialogs, JobDialogsView};
use crate::components::jobs_table::JobsTable;
use crate::components::pager::Pager;
use crate::components::selection_bar::SelectionBar;
use crate::components::since_last_visit::{SeenSource, SinceLastVisit};
use crate::logic::finding::Finding;
use crate::logic::model::{Job, StackLabel};
use crate::router::use_route;
use crate::routes::{jobs_href, AppRoute};
use crate::state::page_in_view::PageInView;
use crate::state::paged::Showing;
use crate::state::selection::Selection;
use crate::state::stack_jobs::StackJobs;
use crate::state::stacks::Stacks;

/// The jobs page of one stack.
#[component]
pub fn JobsPage(stack_uid: String) -> impl IntoView {
    let stack: Arc<str> = stack_uid.into();
    let route = use_route();
    let page = Memo::new(move |_| route.with(AppRoute::page));
    let finding = FindingState::provide(stack.clone());
    let active = Memo::new(move |_| finding.finding.with(Finding::is_active));
    JobDialogs::provide();
    // One per stack: this page is built anew for each.
    Selection::provide();
    open_run_link(stack.clone());
    let list = expect_context::<StackJobs>();
    let pages = list.of(&stack);
    let view = PageInView::new(list, stack.clone(), page);
    let stacks = Stacks::get();
    let name = {
        let stack = stack.clone();
        Signal::derive(move || stacks.name_of(&stack))
    };
    let total = Signal::derive(move || pages.with(|p| p.total));
    let seen = {
        let uid = stack.clone();
        Signal::derive(move || {
            let stack = StackLabel {
                uid: uid.clone(),
                label: name.get().into(),
            };
            vec![SeenSource { stack, pages }]
        })
    };
    let bulk_stack = stack.clone();
    view! {
        <div class="page-head">
            <h1>{name}</h1>
            <a href={AppRoute::History { stack: stack.to_string(), page: 1 }.href()}>"History"</a>
            <a href={AppRoute::Upcoming { stack: stack.to_string() }.href()}>"Upcoming"</a>
            {move || (!active.get() && view.turning.get()).then(|| view! {
                <span class="loading-pill" role="status">"Loading…"</span>
            })}
        </div>
        <SinceLastVisit sources=seen />
        <FindBar state=finding export=view! { <ExportMenu /> }.into_any() />
        <SelectionBar stack_uid=Some(stack.clone()) stack_name=name />
        <Show when=move || { total.get() > 0 }>
            <BulkBar stack_uid=bulk_stack.clone() count=total />
        </Show>
        {
            let stack = stack.clone();
            move || match active.get() {
                true => view! { <FoundJobs stack_uid=stack.clone() /> }.into_any(),
                false => view! { <PageOfJobs stack=stack.clone() view /> }.into_any(),
            }
        }
        <JobDialogsView stack_uid=stack stack_name=name />
    }
    .into_any()
}

/// One page of the stack's jobs as the API pages them: the page asked for,
/// or the one before while it loads; a refresh that fails keeps the rows.
#[component]
fn PageOfJobs(stack: Arc<str>, view: PageInView<Job>) -> impl IntoView {
    view.follow();
    // Once the first table is on screen: the code of what it links to.
    Effect::new(move |_| {
        if view.rows.with(|rows| !rows.is_empty()) {
            prefetch_parts(&["history", "upcoming", "job", "dialogs"]);
        }
    });
    let retry = view.retry;
    let notes = move || match view.showing.get() {
        Showing::Waiting => view! { <p class="loading">"Loading jobs…"</p> }.into_any(),
        Showing::Failed(error) => view! { <ErrorAlert error retry /> }.into_any(),
        Showing::Rows(_) => match (view.held_back.get(), view.stale()) {
            (Some(n), _) => view! { <p class="note">{format!(
                "Showing the jobs as last loaded (page {n}); they load again by themselves when \
                 the API's quota window resets."
            )}</p> }
            .into_any(),
            (None, Some(error)) => view! {
                <StaleAlert what="the jobs" kept="They are shown as last loaded." error retry />
            }
            .into_any(),
            (None, None) => ().into_any(),
        },
    };
    let has_table =
        Memo::new(move |_| view.loaded(|l| !l.rows.is_empty() || l.unreadable > 0) == Some(true));
    let unreadable = move || view.loaded(|l| l.unreadable).unwrap_or(0);
    let dialogs = expect_context::<JobDialogs>();
    let href = {
        let stack = stack.clone();
        // Pager links always name their page, as they always have.
        Callback::new(move |n: u32| format!("{}?page={n}", jobs_href(&stack, 1)))
    };
    let pager = move || {
        view.loaded(|l| l.pagination.clone())
            .map(|pagination| view! { <Pager pagination href /> })
    };
    let empty = {
        let stack = stack.clone();
        move || {
            view.loaded(|l| {
                (l.rows.is_empty() && l.unreadable == 0).then(|| no_jobs(&stack, &l.pagination))
            })
            .flatten()
        }
    };
    view! {
        {notes}
        {empty}
        <Show when=move || has_table.get()>
            {move || (unreadable() > 0).then(|| view! {
                <p role="alert" class="alert">
                    {format!("{} job(s) on this page could not be read (no uid) and are not shown.", unreadable())}
                </p>
            })}
            <JobsTable stack_uid=stack.clone() jobs=view.rows
                on_run_with_args=Callback::new(move |job| dialogs.ask_run(job)) />
            {pager}
        </Show>
    }
}

/// Why a loaded page has no table: the stack has no jobs, or the page is past
/// the end.
fn no_jobs(stack: &str, pagination: &Pagination) -> AnyView {
    if pagination.current <= 1 {
        return view! { <p class="empty">"This stack has no jobs."</p> }.into_any();
    }
    let last = pagination.pages.max(1);
    view! {
        <p role="alert" class="alert">
            {format!("There is no page {} of this stack's jobs: they end at page {last}. ", pagination.current)}
            <a href=jobs_href(stack, last)>{format!("Go to page {last}")}</a>
        </p>
    }
    .into_any()
}
