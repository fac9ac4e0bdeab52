//! One module per route, each with one entry component; a page never uses
//! another page. [`page_for`] is the seam between the first screen
//! (sign-in, the stack list, a stack's Jobs page) and the other pages: it
//! is the only way to them, and the split release build loads each of them
//! on demand from here.

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
