//! The Jobs table over all of a stack's pages, while a search, filter or sort
//! is set: the pages Jobdeck lacks are loaded (saying what that costs), the
//! matches are paged 30 at a time, and a page that failed makes the results
//! say they are partial.

use std::sync::Arc;

use leptos::prelude::*;

use super::find_bar::FindingState;
use super::matched_jobs::MatchedJobs;
use crate::logic::finding::{next_run, page_of};
use crate::logic::model::{Job, JobInStack};
use crate::logic::rows::Row;
use crate::state::clock::Clock;
use crate::state::paged::Pages;
use crate::state::quota::QuotaState;
use crate::state::scoped::scoped_memo;
use crate::state::screen::ScreenData;
use crate::state::stack_jobs::StackJobs;

/// More requests than this and Jobdeck asks before loading every page.
pub const ASK_ABOVE: usize = 4;

/// Loads the pages a view over all jobs needs, asking first on a large stack.
/// Returns the pages and whether the person has agreed (or did not need to).
pub fn use_all_pages(stack: Arc<str>) -> (Memo<Pages<Job>>, RwSignal<bool>) {
    let stack_jobs = expect_context::<StackJobs>();
    let all = stack_jobs.of(&stack);
    let agreed = RwSignal::new(false);
    let small = Memo::new(move |_| all.with(|a| a.missing() <= ASK_ABOVE));
    Effect::new(move |_| {
        if agreed.get() || small.get() {
            stack_jobs.load_missing(&stack);
        }
    });
    (all, agreed)
}

/// The jobs that match the finding, in its order. Sorting by next run asks
/// the app's clock (the API's, if the device's is off), when the rows, the
/// finding or the clock's correction change.
fn matches_of(state: FindingState, all: Memo<Pages<Job>>) -> Memo<Vec<Row<Job>>> {
    let clock = Clock::get();
    // Scoped: the clock outlives the page (`state::scoped`).
    let correction = Memo::from(scoped_memo(move || clock.offset()));
    Memo::new(move |_| {
        let finding = state.finding.get();
        correction.track();
        let now = clock.exact_untracked();
        all.with(|a| {
            finding
                .apply(&a.rows(), now, |j| next_run(j, now))
                .into_iter()
                .cloned()
                .collect()
        })
    })
}

/// All matches of the finding, paged.
#[component]
pub fn FoundJobs(
    /// The stack.
    stack_uid: Arc<str>,
) -> impl IntoView {
    let state = expect_context::<FindingState>();
    let (all, agreed) = use_all_pages(stack_uid.clone());
    // An action that ended may have changed any job: every page loads again.
    let stack_jobs = expect_context::<StackJobs>();
    let stack = stack_uid.clone();
    let screen = expect_context::<ScreenData>();
    screen.register_with_cost(
        move || stack_jobs.refresh_all(&stack),
        move || {
            all.try_with_untracked(|a| a.pages.unwrap_or(1))
                .unwrap_or(1)
        },
    );
    // Live refresh's "Updated … ago" counts from the last page that arrived.
    Effect::new(move |_| {
        if all.with(|a| a.loaded() > 0 && !a.is_loading()) {
            screen.loaded();
        }
    });
    let matches = matches_of(state, all);
    let loading_all = view! { <LoadingAll stack_uid=stack_uid.clone() all agreed /> };
    let rows = Signal::derive(move || {
        let page = state.finding.with(|f| f.page);
        matches.with(|found| page_of(found, page).0)
    });
    let in_view = {
        let stack = stack_uid.clone();
        Signal::derive(move || {
            let at = |r: &Row<Job>| JobInStack {
                stack: stack.clone(),
                job: r.item.reference(),
            };
            matches.with(|m| m.iter().map(at).collect())
        })
    };
    view! {
        {loading_all}
        <MatchedJobs stack_uid rows in_view
            found=Signal::derive(move || matches.with(Vec::len))
            total=Signal::derive(move || all.with(|a| a.total))
            complete=Signal::derive(move || all.with(Pages::is_complete)) />
    }
}

/// What loading every page costs, asked before on a large stack and told
/// while it goes on; failed pages make the results partial, with a retry.
#[component]
pub fn LoadingAll(
    /// The stack.
    stack_uid: Arc<str>,
    /// Its pages.
    all: Memo<Pages<Job>>,
    /// Whether the person agreed to load a large stack.
    agreed: RwSignal<bool>,
) -> impl IntoView {
    let stack_jobs = expect_context::<StackJobs>();
    let quota = expect_context::<QuotaState>();
    let left = move || {
        quota.quota.with(|q| {
            q.remaining
                .map(|r| format!(" ({r} of the hour's quota left)"))
                .unwrap_or_default()
        })
    };
    move || {
        let (failed, error) = all.with(|a| a.failed());
        let (missing, known, pages) =
            all.with(|a| (a.missing(), a.is_known(), a.pages.unwrap_or(1) as usize));
        if let Some(error) = error {
            let stack = stack_uid.clone();
            let retry = move |_| stack_jobs.retry(&stack);
            let pages_text = failed
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            return Some(view! {
                <p role="alert" class="alert">
                    {format!("Page {pages_text} of this stack's jobs could not be loaded, so these \
                              results are partial. {}", error.message())}
                    " " <button type="button" on:click=retry>"Try again"</button>
                </p>
            }
            .into_any());
        }
        if missing == 0 {
            return None;
        }
        if missing > ASK_ABOVE && !agreed.get() {
            let cost = format!(
                "Searching this stack needs all {pages} pages of its jobs: {missing} more requests to the API{}. ",
                left()
            );
            return Some(
                view! {
                    <p class="note">{cost}
                        <button type="button" on:click=move |_| agreed.set(true)>
                            {format!("Load all {pages} pages")}
                        </button>
                    </p>
                }
                .into_any(),
            );
        }
        let progress = match known {
            true => format!(
                "Loading every page of this stack's jobs: {} of {pages} loaded…",
                pages - missing
            ),
            false => "Loading this stack's jobs…".to_string(),
        };
        Some(view! { <p class="note" role="status">{progress}</p> }.into_any())
    }
}
