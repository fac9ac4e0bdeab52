//! The `<table>` named "History": a stack's actions in words, with the job
//! each was for where this device started it.

use std::sync::Arc;

use leptos::prelude::*;

use super::time::time_view;
use super::tone;
use crate::logic::history::{HistoryRow, Outcome, UNKNOWN};
use crate::logic::model::Action;
use crate::logic::rows::Row;
use crate::state::attribution::{Attribution, RunRecord};
use crate::state::scoped::scoped_memo;

/// The `<table>` named "History", one row per action, keyed by the
/// version the loader gives its data: a running row that finished is drawn
/// anew, the others keep their nodes.
#[component]
pub fn HistoryTable(
    /// The stack.
    stack: Arc<str>,
    /// The page's rows, keyed by their versions.
    rows: Memo<Vec<Row<Action>>>,
) -> impl IntoView {
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <div class="table-box">
                <table class="jobs history" aria-label="History">
                    <thead>
                        <tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"Action"</th>
                            <th scope="col">"Job"</th>
                            <th scope="col">"By"</th>
                            <th scope="col">"Took"</th>
                            <th scope="col">"Result"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key={|row: &Row<Action>| row.version}
                            children={
                                let stack = stack.clone();
                                move |row: Row<Action>| view! { <ActionRow stack=stack.clone() action=row.item /> }
                            } />
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

#[component]
fn ActionRow(stack: Arc<str>, action: Action) -> impl IntoView {
    let row = HistoryRow::of(&action);
    let attribution = expect_context::<Attribution>();
    let id = row.id;
    // Scoped: the records outlive the page's rows (`state::scoped`).
    let record = scoped_memo(move || attribution.find(&stack, id));
    let job = move || record.with(|record| record.as_ref().map(job_cell));
    let when = row.started_ms.map(time_view);
    let running = row.outcome == Outcome::Running;
    view! {
        <tr>
            <td data-label="When" class="num nowrap">{when.map_or_else(|| UNKNOWN.into_any(), IntoAny::into_any)}</td>
            <td data-label="Action">{row.action}</td>
            <td data-label="Job" class="job">{move || job().unwrap_or_else(|| UNKNOWN.into_any())}</td>
            <td data-label="By" class="by"><span class="clip" title=row.by.clone()>{row.by.clone()}</span></td>
            <td data-label="Took" class="num nowrap">{row.took}</td>
            <td data-label="Result" class="result">
                {running.then(|| view! { <span class="spinner" aria-hidden="true"></span> " " })}
                <span class=format!("status {}", tone::of_outcome(&row.outcome).class())>{row.outcome.words()}</span>
            </td>
        </tr>
    }
}

/// The job a record names, and its arguments; "All jobs" for a stack-wide action.
fn job_cell(record: &RunRecord) -> AnyView {
    let Some(name) = record.name.clone() else {
        return "All jobs".into_any();
    };
    let args = record.args.clone().map(|args| {
        view! { " " <span class="job-args mono clip" title=args.clone()>{args.clone()}</span> }
    });
    view! { <span class="clip" title=name.clone()>{name.clone()}</span>{args} }.into_any()
}
