//! `/stacks/{uid}/upcoming`: what runs in the next 24 hours across all of a
//! stack's jobs, in time order, from their schedules (no request beyond the
//! pages of jobs Jobdeck lacks).

use std::sync::Arc;

use leptos::prelude::*;

use crate::browser::now_ms;
use crate::components::time::time_view;
use crate::components::found_jobs::{use_all_pages, LoadingAll};
use crate::logic::relative::relative_hint;
use crate::logic::upcoming::{upcoming, UpcomingRun};
use crate::routes::{jobs_href, AppRoute};
use crate::state::stacks::Stacks;

const DAY_MS: f64 = 24.0 * 3_600_000.0;

/// The next 24 hours of one stack.
#[component]
pub fn UpcomingPage(stack_uid: String) -> impl IntoView {
    let stack: Arc<str> = stack_uid.into();
    let (all, agreed) = use_all_pages(stack.clone());
    let name = {
        let (stacks, stack) = (Stacks::get(), stack.clone());
        move || stacks.name_of(&stack)
    };
    let runs = Memo::new(move |_| {
        let now = now_ms();
        all.with(|a| upcoming(&a.items(), now, now + DAY_MS))
    });
    let rows = {
        let stack = stack.clone();
        move || {
            let now = now_ms();
            runs.get()
                .into_iter()
                .map(|run| upcoming_row(&stack, run, now))
                .collect_view()
        }
    };
    view! {
        <div class="page-head">
            <h1>"Upcoming: " {name}</h1>
            <a href=jobs_href(&stack, 1)>"Jobs"</a>
            <a href=AppRoute::History { stack: stack.to_string(), page: 1 }.href()>"History"</a>
        </div>
        <p class="hint">"Runs in the next 24 hours, from each job's schedule (read as UTC), shown in your time zone. Paused jobs do not run."</p>
        <LoadingAll stack_uid=stack.clone() all agreed />
        {move || runs.with(Vec::is_empty).then(|| view! { <p class="empty">"Nothing runs in the next 24 hours."</p> })}
        <div class="table-box" hidden=move || runs.with(Vec::is_empty)>
            <table class="jobs" aria-label="Upcoming">
                <thead><tr><th scope="col">"When"</th><th scope="col">"Job"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn upcoming_row(stack: &str, run: UpcomingRun, now: f64) -> impl IntoView {
    let href = AppRoute::Job {
        stack: stack.to_string(),
        job: run.job_uid.clone(),
    }
    .href();
    view! {
        <tr>
            <td class="num nowrap">
                {time_view(run.at)}
                <span class="hint">" " {relative_hint(now, run.at)}</span>
            </td>
            <th scope="row" class="name">
                <a class="clip" href=href title=run.name.clone()>{run.name.clone()}</a>
                {run.more.then(|| view! { <span class="hint">" (runs more often; first 60 shown)"</span> })}
            </th>
        </tr>
    }
}
