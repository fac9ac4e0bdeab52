//! One module per route, each with one entry component; a page never uses
//! another page. [`page_for`] is the seam between the first screen
//! (sign-in, the stack list, a stack's Jobs page) and the other pages: it
//! is the only way to them, and the split release build loads each of them
//! on demand from here.

pub mod all_jobs;
pub mod history;
pub mod home;
pub mod job;
pub mod jobs;
pub mod sign_in;
pub mod upcoming;

use leptos::prelude::*;

use crate::routes::Screen;

/// The page a screen shows.
pub fn page_for(screen: Screen) -> AnyView {
    match screen {
        Screen::Home => view! { <home::HomePage /> }.into_any(),
        Screen::Jobs(stack_uid) => view! { <jobs::JobsPage stack_uid /> }.into_any(),
        Screen::History(stack_uid) => lazy_page(history_view(stack_uid)),
        Screen::Job(stack_uid, job_uid) => lazy_page(job_view(stack_uid, job_uid)),
        Screen::Upcoming(stack_uid) => lazy_page(upcoming_view(stack_uid)),
        Screen::AllJobs => lazy_page(all_jobs_view()),
        Screen::NotFound => view! {
            <p role="alert" class="alert">"This page does not exist. Pick a stack above."</p>
        }
        .into_any(),
    }
}

// The pages in chunks of their own in the split release build (`--cfg
// jobdeck_split`, xtask/src/split.rs); every other build calls them directly.
// `fallible`: a chunk that cannot be fetched is an `Err`, not a panic (which
// would stop the whole wasm), and is not remembered: the next call fetches again.

#[cfg_attr(jobdeck_split, wasm_split_helpers::wasm_split(history, fallible))]
fn history_view(stack_uid: String) -> Result<AnyView, ChunkMissing> {
    Ok(view! { <history::HistoryPage stack_uid /> }.into_any())
}

#[cfg_attr(jobdeck_split, wasm_split_helpers::wasm_split(job, fallible))]
fn job_view(stack_uid: String, job_uid: String) -> Result<AnyView, ChunkMissing> {
    Ok(view! { <job::JobPage stack_uid job_uid /> }.into_any())
}

#[cfg_attr(jobdeck_split, wasm_split_helpers::wasm_split(upcoming, fallible))]
fn upcoming_view(stack_uid: String) -> Result<AnyView, ChunkMissing> {
    Ok(view! { <upcoming::UpcomingPage stack_uid /> }.into_any())
}

#[cfg_attr(jobdeck_split, wasm_split_helpers::wasm_split(all_jobs, fallible))]
fn all_jobs_view() -> Result<AnyView, ChunkMissing> {
    Ok(view! { <all_jobs::AllJobsPage /> }.into_any())
}

/// A page of a split point, in a build without chunks: there all along.
#[cfg(not(jobdeck_split))]
fn lazy_page(page: Result<AnyView, ChunkMissing>) -> AnyView {
    page.unwrap_or_else(ChunkMissing::view)
}

/// A page whose code is a chunk of the split build: "Loading…" until the
/// chunk has arrived, then the page; if it cannot be fetched, an alert with
/// Reload, and the rest of the app goes on.
#[cfg(jobdeck_split)]
fn lazy_page(
    load: impl std::future::Future<Output = Result<AnyView, ChunkMissing>> + Send + 'static,
) -> AnyView {
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {Suspend::new(async move { load.await.unwrap_or_else(ChunkMissing::view) })}
        </Suspense>
    }
    .into_any()
}

/// The code of a page (a chunk of the split build) could not be fetched:
/// offline, or the release it belongs to has been replaced on the server.
#[derive(Clone, Copy, Debug)]
pub struct ChunkMissing;

impl From<wasm_split_helpers::SplitLoaderError> for ChunkMissing {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

impl ChunkMissing {
    fn view(self) -> AnyView {
        // A link with a target: src/router.rs leaves it to the browser, a real reload.
        view! {
            <p role="alert" class="alert">
                "This page could not be loaded: its code did not arrive (offline, or Jobdeck has been updated). "
                <a href="" target="_self">"Reload"</a>
            </p>
        }
        .into_any()
    }
}
