//! One module per route.

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
        Screen::History(stack_uid) => history_page(stack_uid),
        Screen::Job(stack_uid, job_uid) => view! { <job::JobPage stack_uid job_uid /> }.into_any(),
        Screen::Upcoming(stack_uid) => view! { <upcoming::UpcomingPage stack_uid /> }.into_any(),
        Screen::NotFound => view! {
            <p role="alert" class="alert">"This page does not exist. Pick a stack above."</p>
        }
        .into_any(),
    }
}

/// The History page, in a chunk of its own in the split release build
/// (`--cfg jobdeck_split`, xtask/src/split.rs); every other build calls it directly.
#[cfg(not(jobdeck_split))]
fn history_page(stack_uid: String) -> AnyView {
    history_view(stack_uid)
}

#[cfg(jobdeck_split)]
fn history_page(stack_uid: String) -> AnyView {
    Suspend::new(async move { history_view(stack_uid).await }).into_any()
}

#[cfg_attr(jobdeck_split, lazy)]
fn history_view(stack_uid: String) -> AnyView {
    view! { <history::HistoryPage stack_uid /> }.into_any()
}
