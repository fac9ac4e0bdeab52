//! The list of runs in the window, in time order: the Timeline's text
//! version, each run a link to its job.

use std::sync::Arc;

use leptos::prelude::*;

use super::time::time_view;
use crate::logic::model::Job;
use crate::logic::relative::relative_hint;
use crate::logic::timeline::Window;
use crate::logic::upcoming::{upcoming, UpcomingRun, PER_JOB};
use crate::routes::AppRoute;

/// Rows listed at most on pages of several stacks (a week of every stack is
/// tens of thousands of runs; the chart and Runs per hour count them all).
/// One stack's list has at most [`PER_JOB`] runs a job.
const MANY_STACKS_LISTED: usize = 500;

/// One job as the time views read it, with its stack.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeJob {
    /// The stack's uid.
    pub stack_uid: Arc<str>,
    /// The stack's name, on pages that show several stacks.
    pub stack_name: Option<String>,
    /// The job.
    pub job: Job,
}

/// The table named "Upcoming": When, Job (and Stack on pages of several).
#[component]
pub fn UpcomingList(
    /// The jobs, with their stacks.
    jobs: Signal<Vec<TimeJob>>,
    /// The window, from the app's clock.
    window: Memo<Window>,
    /// Whether the jobs are of several stacks.
    many_stacks: bool,
) -> impl IntoView {
    let runs = Memo::new(move |_| {
        let w = window.get();
        jobs.with(|jobs| {
            let plain: Vec<_> = jobs.iter().map(|t| t.job.clone()).collect();
            upcoming(&plain, w.from, w.until())
        })
    });
    let cap = if many_stacks {
        MANY_STACKS_LISTED
    } else {
        usize::MAX
    };
    let rows = move || {
        let now = window.with(|w| w.from);
        runs.with(|runs| {
            runs.iter()
                .take(cap)
                .map(|run| {
                    let job =
                        jobs.with(|jobs| jobs.iter().find(|t| t.job.uid == run.job_uid).cloned());
                    run_row(run.clone(), job, now, many_stacks)
                })
                .collect_view()
        })
    };
    let cut = move || {
        runs.with(|r| r.len() > cap).then(|| {
            let text = format!(
                "The first {cap} of {} runs in this window are listed; the chart and Runs per hour count them all.",
                runs.with(Vec::len)
            );
            view! { <p class="hint">{text}</p> }
        })
    };
    let span = move || window.with(|w| w.span.label());
    view! {
        <h2 class="time-section">"Runs"</h2>
        {move || runs.with(Vec::is_empty).then(|| view! { <p class="empty">{format!("Nothing runs in the next {}.", span())}</p> })}
        <div class="table-box" hidden=move || runs.with(Vec::is_empty)>
            <table class="jobs upcoming" aria-label="Upcoming">
                <thead><tr>
                    <th scope="col">"When"</th>
                    <th scope="col">"Job"</th>
                    {many_stacks.then(|| view! { <th scope="col">"Stack"</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {cut}
    }
}

fn run_row(run: UpcomingRun, job: Option<TimeJob>, now: f64, many_stacks: bool) -> impl IntoView {
    let stack_uid = job
        .as_ref()
        .map(|t| t.stack_uid.to_string())
        .unwrap_or_default();
    let href = AppRoute::Job {
        stack: stack_uid.clone(),
        job: run.job_uid.clone(),
    }
    .href();
    let stack = many_stacks.then(|| {
        let name = job.and_then(|t| t.stack_name).unwrap_or_default();
        let href = crate::routes::jobs_href(&stack_uid, 1);
        view! { <td data-label="Stack"><a class="clip" href=href title=name.clone()>{name.clone()}</a></td> }
    });
    let more = run
        .more
        .then(|| format!(" (runs more often; first {PER_JOB} shown)"));
    view! {
        <tr>
            <td data-label="When" class="num nowrap">
                {time_view(run.at)}
                <span class="hint">" " {relative_hint(now, run.at)}</span>
            </td>
            <th scope="row" class="name">
                <a class="clip" href=href title=run.name.clone()>{run.name.clone()}</a>
                {more.map(|text| view! { <span class="hint">{text}</span> })}
            </th>
            {stack}
        </tr>
    }
}
