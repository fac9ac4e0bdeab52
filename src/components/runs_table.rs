//! A job's runs as this device recorded them (the API's actions do not name
//! their job): the Runs table of the job page, and the small strip of last
//! outcomes in the job's row. Both read the attribution records only, so
//! they cost no request.

use std::sync::Arc;

use leptos::prelude::*;

use super::tone;

use super::time::time_view;
use crate::logic::history::{took, Outcome, RunSummary, UNKNOWN};
use crate::state::attribution::{Attribution, RunRecord};
use crate::state::scoped::scoped_memo;

/// Marks in a [`RunStrip`].
const STRIP_RUNS: usize = 5;

/// A `<table>` named "Runs": the job's runs started on this device, newest
/// first, under a one-line summary (count, failures, median time).
#[component]
pub fn RunsTable(
    /// The job's stack.
    #[prop(into)]
    stack_uid: Arc<str>,
    /// The job.
    #[prop(into)]
    job_uid: Arc<str>,
) -> impl IntoView {
    let attribution = expect_context::<Attribution>();
    // Scoped: the records outlive the page (`state::scoped`).
    let runs = Memo::from(scoped_memo(move || {
        attribution.runs_of(&stack_uid, &job_uid)
    }));
    let summary = move || {
        runs.with(|runs| {
            let outcomes: Vec<(Outcome, Option<f64>)> =
                runs.iter().map(|r| (r.outcome(), r.took_ms())).collect();
            RunSummary::of(outcomes.iter().map(|(o, t)| (o, *t))).sentence()
        })
    };
    let empty = move || runs.with(Vec::is_empty);
    view! {
        <Show when=move || !empty()
            fallback=|| view! { <p class="empty">"No runs of this job recorded on this device."</p> }>
            <p class="runs-summary">{summary}</p>
            <div class="table-box">
                <table class="jobs runs" aria-label="Runs">
                    <thead>
                        <tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"Arguments"</th>
                            <th scope="col">"Took"</th>
                            <th scope="col">"Result"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || runs.get()
                            key=|r: &RunRecord| (r.action, r.finished.map(f64::to_bits))
                            let:record>
                            <RunRow record />
                        </For>
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

#[component]
fn RunRow(record: RunRecord) -> impl IntoView {
    let started = record.started;
    let outcome = record.outcome();
    let args = record.args.clone();
    view! {
        <tr>
            <td data-label="When" class="num nowrap">
                {time_view(started)}
            </td>
            <td data-label="Arguments" class="mono">
                {match args {
                    Some(args) => view! { <span class="clip" title=args.clone() tabindex="0">{args.clone()}</span> }.into_any(),
                    None => view! { <span class="muted">{UNKNOWN}</span> }.into_any(),
                }}
            </td>
            <td data-label="Took" class="num nowrap">{took(Some(started), record.finished)}</td>
            <td data-label="Result" class="result">
                {(outcome == Outcome::Running).then(|| view! { <span class="spinner" aria-hidden="true"></span> " " })}
                <span class=format!("status {}", tone::of_outcome(&outcome).class())>{outcome.words()}</span>
            </td>
        </tr>
    }
}

/// The last few outcomes of a job's runs on this device as small marks, one
/// picture named in words ("Last runs: succeeded, failed"); nothing when
/// none are recorded.
#[component]
pub fn RunStrip(
    /// The job's stack.
    #[prop(into)]
    stack_uid: Arc<str>,
    /// The job.
    #[prop(into)]
    job_uid: Arc<str>,
) -> impl IntoView {
    let attribution = expect_context::<Attribution>();
    // Scoped: the records outlive the row (`state::scoped`).
    let outcomes = scoped_memo(move || {
        attribution
            .runs_of(&stack_uid, &job_uid)
            .iter()
            .take(STRIP_RUNS)
            .map(RunRecord::outcome)
            .collect::<Vec<_>>()
    });
    move || {
        outcomes.with(|outcomes| {
            (!outcomes.is_empty()).then(|| {
                let words: Vec<&str> = outcomes.iter().map(Outcome::word).collect();
                let label = format!("Last runs: {}", words.join(", "));
                let marks = outcomes
                    .iter()
                    .map(|o| view! { <span class=format!("run-mark {} {}", o.word(), tone::of_outcome(o).class())></span> })
                    .collect_view();
                view! { <span class="run-strip" role="img" aria-label=label.clone() title=label>{marks}</span> }
            })
        })
    }
}
