//! `/stacks/{uid}/upcoming?window=24h|7d`: when a stack's jobs run in the
//! next 24 hours or 7 days, from their schedules (no request beyond the
//! pages of jobs Jobdeck lacks): the Timeline, Busy moments, Runs per hour
//! and the list of runs, in the chosen time zone, moving with the clock.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::found_jobs::{use_all_pages, LoadingAll};
use crate::components::time_views::{use_window_span, TimeViews, WindowSelect};
use crate::components::upcoming_list::TimeJob;
use crate::routes::{jobs_href, AppRoute};
use crate::state::stacks::Stacks;

/// When one stack's jobs run.
#[component]
pub fn UpcomingPage(stack_uid: String) -> impl IntoView {
    let stack: Arc<str> = stack_uid.into();
    let (all, agreed) = use_all_pages(stack.clone());
    let name = {
        let (stacks, stack) = (Stacks::get(), stack.clone());
        move || stacks.name_of(&stack)
    };
    let span = use_window_span();
    let jobs = {
        let stack = stack.clone();
        Memo::new(move |_| {
            all.with(|a| {
                a.items()
                    .into_iter()
                    .map(|job| TimeJob {
                        stack_uid: stack.clone(),
                        stack_name: None,
                        job,
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let path = AppRoute::Upcoming {
        stack: stack.to_string(),
    }
    .href();
    view! {
        <div class="page-head">
            <h1>"Upcoming: " {name}</h1>
            <a href=jobs_href(&stack, 1)>"Jobs"</a>
            <a href=AppRoute::History { stack: stack.to_string(), page: 1 }.href()>"History"</a>
            <a href=AppRoute::AllUpcoming.href()>"Every stack's upcoming"</a>
        </div>
        <p class="hint">"When each job runs, from its schedule (read as UTC, as the servers do), written in the chosen time zone. Paused jobs do not run."</p>
        <WindowSelect span path />
        <LoadingAll stack_uid=stack all agreed />
        <TimeViews jobs=jobs.into() span many_stacks=false />
    }
    .into_any()
}
