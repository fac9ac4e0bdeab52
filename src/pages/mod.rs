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
        Screen::History(stack_uid) => view! { <history::HistoryPage stack_uid /> }.into_any(),
        Screen::Job(stack_uid, job_uid) => view! { <job::JobPage stack_uid job_uid /> }.into_any(),
        Screen::Upcoming(stack_uid) => view! { <upcoming::UpcomingPage stack_uid /> }.into_any(),
        Screen::NotFound => view! {
            <p role="alert" class="alert">"This page does not exist. Pick a stack above."</p>
        }
        .into_any(),
    }
}
