//! `/stacks/{uid}/jobs/{job_uid}`: one job, all of its fields, its next runs
//! and its buttons. Reached from a loaded table it starts from the table's
//! copy of the job (no request); opened by its URL it asks the API once
//! (`state::one_job`). A refresh that fails keeps the job on screen.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::alerts::{ErrorAlert, StaleAlert};
use crate::components::job_detail::{JobButtons, JobFacts, NextRuns};
use crate::components::job_dialogs::{JobDialogs, JobDialogsView};
use crate::components::runs_table::RunsTable;
use crate::components::schedule::Plan;
use crate::logic::model::Job;
use crate::routes::{jobs_href, AppRoute};
use crate::state::one_job::{one_job, OneJob};
use crate::state::screen::ScreenData;
use crate::state::stacks::Stacks;

/// The page of one job.
#[component]
pub fn JobPage(stack_uid: String, job_uid: String) -> impl IntoView {
    let stack: Arc<str> = stack_uid.into();
    let one = one_job(stack.clone(), job_uid.into());
    let screen = expect_context::<ScreenData>();
    screen.register(move || one.refresh());
    let arrived = Memo::new(move |_| one.kept.with(|k| k.at));
    Effect::new(move |_| {
        if arrived.get().is_some() {
            screen.loaded();
        }
    });
    JobDialogs::provide();
    let stacks = Stacks::get();
    let stack_name = {
        let stack = stack.clone();
        Signal::derive(move || stacks.name_of(&stack))
    };
    let history = AppRoute::History {
        stack: stack.to_string(),
        page: 1,
    }
    .href();
    // Said only while Try again is on its way: a live refresh is quiet.
    let retrying = move || one.kept.with(|k| k.loading && k.error.is_some());
    // The job's view is drawn again only when the job changed.
    let job = Memo::new(move |_| one.kept.with(|k| k.value.clone()));
    let content = {
        let stack = stack.clone();
        move || job.get().map(|job| job_content(stack.clone(), job))
    };
    view! {
        <nav class="job-links" aria-label="Around this job">
            <a href=jobs_href(&stack, 1)>"Jobs"</a>
            " · "
            <a href=history>"History"</a>
            " · "
            <span class="muted">{stack_name}</span>
            {move || retrying().then(|| view! {
                <span class="loading-pill" role="status">"Loading…"</span>
            })}
        </nav>
        <JobNotes one stack=stack.clone() />
        {content}
        <JobDialogsView stack_uid=stack stack_name />
    }
    .into_any()
}

/// What the page says besides the job: loading, why it could not load,
/// or why a refresh failed while the job stays on screen.
#[component]
fn JobNotes(one: OneJob, stack: Arc<str>) -> impl IntoView {
    let retry = Callback::new(move |()| one.refresh());
    move || {
        one.kept.with(|k| match (&k.value, &k.error) {
            (None, None) => view! { <p class="loading">"Loading job…"</p> }.into_any(),
            (None, Some(ApiError::NotFound(_))) => not_found(&stack),
            (None, Some(error)) => view! { <ErrorAlert error=error.clone() retry /> }.into_any(),
            (Some(_), _) => match k.stale().cloned() {
                Some(error) => view! {
                    <StaleAlert what="the job" kept="It is shown as last loaded." error retry />
                }
                .into_any(),
                None => ().into_any(),
            },
        })
    }
}

fn not_found(stack: &str) -> AnyView {
    view! {
        <p role="alert" class="alert">
            "This job does not exist on this stack (404): it may have been deleted, or the link \
             is wrong. "
            <a href=jobs_href(stack, 1)>"See the stack's jobs"</a>
        </p>
    }
    .into_any()
}

/// The loaded job: heading, buttons, facts, next runs and the runs recorded here.
fn job_content(stack: Arc<str>, job: Job) -> AnyView {
    let plan = Plan::of(job.cron.as_deref());
    view! {
        <div class="page-head job-head">
            <h1>{job.name.clone()}</h1>
            {job.paused.then(|| view! { <span class="badge badge-paused">"Paused"</span> })}
        </div>
        <JobButtons stack=stack.clone() job=job.clone() />
        <JobFacts job=job.clone() plan />
        <h2 class="job-section">"Next runs"</h2>
        <NextRuns plan paused=job.paused />
        <h2 class="job-section">"Runs"</h2>
        <RunsTable stack_uid=stack job_uid=job.uid />
    }
    .into_any()
}
