//! Export: the jobs in view (every match, not one page) as CSV or JSON.

use leptos::prelude::*;

use super::find_bar::FindingState;
use super::found_jobs::next_run;
use crate::browser::{download, now_ms};
use crate::logic::export::{to_csv, to_json, ExportRow};
use crate::state::stack_jobs::StackJobs;

/// A button that opens two downloads; it loads the pages it lacks first.
#[component]
pub fn ExportMenu() -> impl IntoView {
    let state = expect_context::<FindingState>();
    let stack_jobs = expect_context::<StackJobs>();
    let all = stack_jobs.of(&state.stack_uid());
    let open = RwSignal::new(false);
    let toggle = move |_| {
        open.update(|o| *o = !*o);
        if open.get_untracked() {
            stack_jobs.load_missing(&state.stack_uid());
        }
    };
    let rows = move || {
        let finding = state.finding.get_untracked();
        let now = now_ms();
        all.with_untracked(|a| {
            let jobs = a.jobs();
            finding
                .apply(&jobs, |j| next_run(j, now))
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
        open.set(false);
    };
    let ready = move || all.with(|a| a.is_complete());
    let status = move || {
        all.with(|a| match a.is_complete() {
            true => format!("{} jobs", a.total),
            false => format!("Loading every page first ({} more requests)…", a.missing()),
        })
    };
    view! {
        <div class="export">
            <button type="button" aria-expanded=move || open.get().to_string() aria-controls="export-menu"
                on:click=toggle>"Export"</button>
            <div id="export-menu" class="export-menu" hidden=move || !open.get()>
                <span class="hint" role="status">{status}</span>
                <button type="button" aria-disabled=move || (!ready()).then_some("true")
                    on:click=move |_| if ready() { save(true) }>"Download CSV"</button>
                <button type="button" aria-disabled=move || (!ready()).then_some("true")
                    on:click=move |_| if ready() { save(false) }>"Download JSON"</button>
            </div>
        </div>
    }
}
