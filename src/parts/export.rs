//! Export's choices: the jobs in view (every match, not one page) as CSV or
//! JSON, once every page of the stack is loaded; on All jobs, every match
//! among the stacks loaded, saying which are not.

use leptos::prelude::*;

use crate::browser::download;
use crate::components::find_bar::FindingState;
use crate::logic::export::{to_csv, to_json, ExportRow};
use crate::logic::finding::next_run;
use crate::state::clock::Clock;
use crate::state::fleet::{Fleet, FleetMatches};
use crate::state::stack_jobs::StackJobs;

/// What the menu says and its two downloads.
#[component]
pub fn ExportChoices(
    /// The view's finding: what is exported.
    state: FindingState,
    /// Closes the menu.
    close: Callback<()>,
) -> impl IntoView {
    // All jobs gives its own choices (`fleet_export`); a view with no stack has none here.
    let Some(stack) = state.stack_uid() else {
        return ().into_any();
    };
    let all = expect_context::<StackJobs>().of(&stack);
    let clock = Clock::get();
    let rows = move || {
        let finding = state.finding.get_untracked();
        let now = clock.exact_untracked();
        all.with_untracked(|a| {
            let jobs = a.items();
            finding
                .apply(&jobs, now, |j| next_run(j, now))
                .into_iter()
                .map(|job| ExportRow::of(job, now))
                .collect::<Vec<_>>()
        })
    };
    let name = StoredValue::new(format!("jobs-{stack}"));
    let save = move |csv: bool| {
        let rows = rows();
        let name = name.get_value();
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
    .into_any()
}

/// All jobs' export: every match among the stacks loaded, each row with its
/// stack; if some stacks are not loaded, it says which and exports the rest.
#[component]
pub fn FleetExport(
    /// Closes the menu.
    close: Callback<()>,
) -> impl IntoView {
    let (matches, fleet) = (
        expect_context::<FleetMatches>().0,
        expect_context::<Fleet>(),
    );
    let clock = Clock::get();
    let save = move |csv: bool| {
        let now = clock.exact_untracked();
        let rows: Vec<ExportRow> = matches.with_untracked(|hits| {
            hits.0
                .iter()
                .map(|h| ExportRow::in_stack(&h.0.row.item, now, &h.0.stack.label))
                .collect()
        });
        match csv {
            true => download("all-jobs.csv", "text/csv;charset=utf-8", &to_csv(&rows)),
            false => download("all-jobs.json", "application/json", &to_json(&rows)),
        };
        close.run(());
    };
    let status = move || {
        let missing = fleet.missing();
        let count = matches.with(|m| m.0.len());
        match missing.len() {
            0 => format!("{count} jobs"),
            n => format!(
                "{count} jobs; {n} stack(s) not loaded (yet) are left out: {}",
                missing.join(", ")
            ),
        }
    };
    view! {
        <span class="hint" role="status">{status}</span>
        <button type="button" on:click=move |_| save(true)>"Download CSV"</button>
        <button type="button" on:click=move |_| save(false)>"Download JSON"</button>
    }
}
