//! One module per route, each with one entry component; a page never uses
//! another page. [`page_for`] is the seam between the first screen
//! (sign-in, the stack list, a stack's Jobs page) and the other pages: it
//! is the only way to them, and the split release build loads each of them
//! on demand from here.

pub mod all_jobs;
pub mod all_upcoming;
pub mod history;
pub mod home;
pub mod job;
pub mod jobs;
pub mod sign_in;
pub mod upcoming;

use leptos::prelude::*;

use crate::components::on_demand::{on_demand, ChunkMissing};
use crate::routes::Screen;

/// The page a screen shows.
pub fn page_for(screen: Screen) -> AnyView {
    match screen {
        Screen::Home => view! { <home::HomePage /> }.into_any(),
        Screen::Jobs(stack_uid) => view! { <jobs::JobsPage stack_uid /> }.into_any(),
        Screen::History(stack_uid) => on_demand(history_view(stack_uid), ChunkMissing::page),
        Screen::Job(stack_uid, job_uid) => {
            on_demand(job_view(stack_uid, job_uid), ChunkMissing::page)
        }
        Screen::Upcoming(stack_uid) => on_demand(upcoming_view(stack_uid), ChunkMissing::page),
        Screen::AllUpcoming => on_demand(all_upcoming_view(), ChunkMissing::page),
        Screen::AllJobs => on_demand(all_jobs_view(), ChunkMissing::page),
        Screen::NotFound => view! {
            <p role="alert" class="alert">"This page does not exist. Pick a stack above."</p>
        }
        .into_any(),
    }
}

// The pages in chunks of their own in the split release build
// (`components::on_demand`); every other build calls them directly.

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

#[cfg_attr(jobdeck_split, wasm_split_helpers::wasm_split(all_upcoming, fallible))]
fn all_upcoming_view() -> Result<AnyView, ChunkMissing> {
    Ok(view! { <all_upcoming::AllUpcomingPage /> }.into_any())
}

#[cfg_attr(jobdeck_split, wasm_split_helpers::wasm_split(all_jobs, fallible))]
fn all_jobs_view() -> Result<AnyView, ChunkMissing> {
    Ok(view! { <all_jobs::AllJobsPage /> }.into_any())
}
