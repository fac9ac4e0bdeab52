//! `/jobs`: All jobs, every stack the token sees at once (issue 28). The
//! stack list, then every stack's jobs through the one loader (at most 4
//! requests in flight, asking first when that costs more than a tenth of
//! the quota left), with the same finding, table, selection, export, keys
//! and live refresh as a stack's page, a Stacks table with each stack's
//! counts and failures, and what changed since the last visit. A chunk of
//! its own in the split release build (`pages::page_for`).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::export_menu::ExportMenu;
use crate::components::find_bar::{FindBar, FindingState};
use crate::components::fleet_loading::FleetLoading;
use crate::components::job_dialogs::{JobDialogs, RunWithArguments};
use crate::components::matched_jobs::MatchedJobs;
use crate::components::selection_bar::SelectionBar;
use crate::components::since_last_visit::{SeenSource, SinceLastVisit};
use crate::components::stacks_table::StacksTable;
use crate::logic::finding::page_of;
use crate::logic::model::JobInStack;
use crate::parts;
use crate::state::fleet::{Fleet, FleetMatches, Hit, Hits};
use crate::state::selection::Selection;

/// Every stack's jobs.
#[component]
pub fn AllJobsPage() -> impl IntoView {
    let finding = FindingState::provide_all();
    JobDialogs::provide();
    // One for the page: the jobs ticked may span stacks.
    Selection::provide();
    let fleet = Fleet::start();
    provide_context(fleet);
    let matches = fleet.matches(finding.finding);
    provide_context(FleetMatches(matches));
    let sources = Signal::derive(move || {
        fleet.stacks.with(|stacks| {
            stacks
                .iter()
                .map(|s| SeenSource {
                    stack: s.label.clone(),
                    pages: s.pages,
                })
                .collect()
        })
    });
    view! {
        <div class="page-head">
            <h1>"All jobs"</h1>
        </div>
        <FleetLoading fleet />
        <SinceLastVisit sources />
        <FindBar state=finding export=view! { <ExportMenu choices=Callback::new(parts::fleet_export) /> }.into_any() />
        <SelectionBar stack_uid=None stack_name=Signal::stored(String::new())
            across=Callback::new(|(action, unsent, close)| parts::bulk_confirm_across(action, unsent, close)) />
        <FleetJobs fleet matches />
        <h2 class="section-title" id="stacks-title">"Stacks"</h2>
        <StacksTable fleet />
        <RunWithArguments keep_query=false />
    }
    .into_any()
}

/// The table named "All jobs": the page of matches in view, each row with
/// its stack; only these 30 rows are drawn, however many match.
#[component]
fn FleetJobs(fleet: Fleet, matches: Memo<Hits>) -> impl IntoView {
    let state = expect_context::<FindingState>();
    let page = Memo::new(move |_| {
        let n = state.finding.with(|f| f.page);
        matches.with(|m| page_of(&m.0, n).0)
    });
    // A memo: the table reads the rows more than once per change.
    let rows = Memo::new(move |_| {
        page.with(|hits| hits.iter().map(|h| h.0.row.clone()).collect::<Vec<_>>())
    });
    let rows = Signal::from(rows);
    let stack_of = Callback::new(move |version: u64| {
        page.with_untracked(|hits: &Vec<Hit>| {
            hits.iter()
                .find(|h| h.0.row.version == version)
                .map(|h| h.0.stack.clone())
        })
    });
    let in_view = Signal::derive(move || {
        matches.with(|m| {
            let at = |h: &Hit| JobInStack {
                stack: h.0.stack.uid.clone(),
                job: h.0.row.item.reference(),
            };
            m.0.iter().map(at).collect()
        })
    });
    let found = Signal::derive(move || matches.with(|m| m.0.len()));
    let total = Signal::derive(move || {
        fleet
            .stacks
            .with(|stacks| stacks.iter().map(|s| s.pages.with(|p| p.total)).sum())
    });
    let complete = Signal::derive(move || !fleet.is_loading() && fleet.missing().is_empty());
    view! {
        <MatchedJobs stack_uid=Arc::from("") rows found total complete in_view stack_of name="All jobs" />
    }
}
