//! The matches of a search, filter or sort, 30 at a time: "Showing {n} of
//! {total} jobs", the Jobs table, and the pager; no match says so, with
//! Clear filters. A stack's page (`found_jobs`) and All jobs draw their
//! matches with it; each works out its own matches.

use std::sync::Arc;

use leptos::prelude::*;

use super::find_bar::FindingState;
use super::job_dialogs::JobDialogs;
use super::jobs_table::JobsTable;
use super::pager::Pager;
use crate::api::pagination::Pagination;
use crate::logic::finding::{Finding, PER_PAGE};
use crate::logic::model::{Job, JobInStack, StackLabel};
use crate::logic::rows::Row;

/// The count, the table of the page of matches in view, and the pager.
#[component]
pub fn MatchedJobs(
    /// The stack (on All jobs, each row's own: see `stack_of`).
    stack_uid: Arc<str>,
    /// The matches on the page in view.
    rows: Signal<Vec<Row<Job>>>,
    /// How many jobs match.
    found: Signal<usize>,
    /// The jobs searched, as the API counted them.
    total: Signal<u32>,
    /// Every job searched is loaded: no match now is no match at all.
    complete: Signal<bool>,
    /// What Select all ticks: every match.
    in_view: Signal<Vec<JobInStack>>,
    /// Each row's stack, on a view that spans stacks.
    #[prop(optional)]
    stack_of: Option<Callback<u64, Option<StackLabel>>>,
    /// The table's accessible name.
    #[prop(default = "Jobs")]
    name: &'static str,
) -> impl IntoView {
    let state = expect_context::<FindingState>();
    let dialogs = expect_context::<JobDialogs>();
    // The table stays while there are matches: a reload only redraws the rows that changed.
    let none = Memo::new(move |_| found.get() == 0);
    let pager = move || {
        let finding = state.finding.get();
        let pagination = pagination(&finding, found.get());
        let href = Callback::new(move |n: u32| {
            state.href(&Finding {
                page: n,
                ..state.finding.get_untracked()
            })
        });
        view! { <Pager pagination href /> }
    };
    let table = move || {
        if none.get() {
            return no_match(complete, state).into_any();
        }
        let on_run_with_args = Callback::new(move |job| dialogs.ask_run(job));
        match stack_of {
            Some(stack_of) => view! {
                <JobsTable stack_uid=stack_uid.clone() jobs=rows on_run_with_args in_view stack_of name />
            }
            .into_any(),
            None => view! {
                <JobsTable stack_uid=stack_uid.clone() jobs=rows on_run_with_args in_view name />
            }
            .into_any(),
        }
    };
    view! {
        <p class="found-count" role="status">
            {move || format!("Showing {} of {} jobs", found.get(), total.get())}
        </p>
        {table}
        {move || (!none.get()).then(pager)}
    }
}

/// The pager of the matches: 30 a page.
fn pagination(finding: &Finding, found: usize) -> Pagination {
    let pages = found.div_ceil(PER_PAGE).max(1) as u32;
    let current = finding.page.clamp(1, pages);
    Pagination {
        previous: (current > 1).then(|| current - 1),
        next: (current < pages).then(|| current + 1),
        current,
        per_page: PER_PAGE as u32,
        count: found as u32,
        pages,
    }
}

fn no_match(complete: Signal<bool>, state: FindingState) -> impl IntoView {
    let go = crate::router::use_go();
    view! {
        <div class="empty">
            <p>{move || if complete.get() { "No jobs match." } else { "No jobs match so far." }}</p>
            <button type="button" on:click=move |_| state.change(&go, |f| *f = Finding::default())>
                "Clear filters"
            </button>
        </div>
    }
}
