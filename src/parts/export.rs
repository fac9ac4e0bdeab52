//! Export's choices: the jobs in view (every match, not one page) as CSV or
//! JSON, once every page of the stack is loaded.

use leptos::prelude::*;

use crate::browser::{download, now_ms};
use crate::components::find_bar::FindingState;
use crate::components::found_jobs::next_run;
use crate::logic::export::{to_csv, to_json, ExportRow};
use crate::state::stack_jobs::StackJobs;

/// What the menu says and its two downloads.
#[component]
pub fn ExportChoices(
    /// The view's finding: what is exported.
    state: FindingState,
    /// Closes the menu.
    close: Callback<()>,
) -> impl IntoView {
    let all = expect_context::<StackJobs>().of(&state.stack_uid());
    let rows = move || {
        let finding = state.finding.get_untracked();
        let now = now_ms();
        all.with_untracked(|a| {
            let jobs = a.items();
            finding
                .apply(&jobs, now, |j| next_run(j, now))
                .into_iter()
                .map(|job| ExportRow::of(job, now))
                .collect::<Vec<_>>()
        })
    };
    let save = move |csv: bool| {
        let rows = rows();
        let name = format!("jobs-{}", state.stack_uid());
        if csv {
            download(
                &format!("{name}.csv"),
                "text/csv;charset=utf-8",
                &to_csv(&rows),
            );
        } else {
            download(&format!("{name}.json"), "application/json", &to_json(&rows));
        }
        close.run(());
    };
    let ready = move || all.with(|a| a.is_complete());
    let status = move || {
        all.with(|a| match a.is_complete() {
            true => format!("{} jobs", a.total),
            false => format!("Loading every page first ({} more requests)…", a.missing()),
        })
    };
    view! {
        <span class="hint" role="status">{status}</span>
        <button type="button" aria-disabled=move || (!ready()).then_some("true")
            on:click=move |_| if ready() { save(true) }>"Download CSV"</button>
        <button type="button" aria-disabled=move || (!ready()).then_some("true")
            on:click=move |_| if ready() { save(false) }>"Download JSON"</button>
    }
}
