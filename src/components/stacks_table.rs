//! All jobs' table named "Stacks": each stack with its counts, and how its
//! jobs' loading went, in its own row: a stack that failed says why there
//! with its own Try again, and never hides the others. Failures first.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::logic::fleet::Counts;
use crate::logic::model::Job;
use crate::routes::jobs_href;
use crate::state::fleet::{Consent, Fleet, FleetStack};
use crate::state::paged::Pages;

/// How a stack's jobs stand, as its row says.
#[derive(Clone, Debug, PartialEq)]
enum Load {
    /// Not asked for (the person declined loading everything).
    NotLoaded,
    /// Waiting for its turn.
    Waiting,
    /// Some pages in.
    Loading { loaded: usize, pages: Option<u32> },
    /// Every page in.
    Loaded,
    /// A page could not be loaded (no rows stand in for it).
    Failed(ApiError),
    /// Every page in, but the last refresh failed: the rows are as last loaded.
    Stale(ApiError),
}

fn load_of(pages: &Pages<Job>, wanted: bool) -> Load {
    if let (_, Some(error)) = pages.failed() {
        return Load::Failed(error);
    }
    match (pages.is_complete(), pages.stale()) {
        (true, Some(error)) => Load::Stale(error),
        (true, None) => Load::Loaded,
        _ if pages.loaded() > 0 || pages.is_loading() => Load::Loading {
            loaded: pages.loaded(),
            pages: pages.pages,
        },
        _ if wanted => Load::Waiting,
        _ => Load::NotLoaded,
    }
}

/// The Stacks table.
#[component]
pub fn StacksTable(
    /// All jobs' loading.
    fleet: Fleet,
) -> impl IntoView {
    // Stacks whose jobs could not be loaded come first; the list's order otherwise.
    let ordered = Memo::new(move |_| {
        let mut stacks = fleet.stacks.get();
        stacks.sort_by_key(|s| !s.pages.with(|p| p.failed().1.is_some()));
        stacks
    });
    view! {
        <div class="table-box stacks-box">
            <table class="jobs stacks" aria-label="Stacks">
                <thead>
                    <tr>
                        <th scope="col">"Stack"</th>
                        <th scope="col" class="num">"Jobs"</th>
                        <th scope="col" class="num">"Failed"</th>
                        <th scope="col" class="num">"Running"</th>
                        <th scope="col" class="num">"Paused"</th>
                        <th scope="col">"Loaded"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || ordered.get() key=|s| s.stack.uid.clone()
                        children=move |s| view! { <StackRow fleet stack=s /> } />
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn StackRow(fleet: Fleet, stack: FleetStack) -> impl IntoView {
    let pages = stack.pages;
    let uid = stack.stack.uid.clone();
    let wanted = {
        let uid = uid.clone();
        Memo::new(move |_| fleet.consent.get() == Consent::Given || fleet.is_picked(&uid))
    };
    let counts = Memo::new(move |_| pages.with(|p| Counts::of(&p.items())));
    let total = move || {
        pages
            .with(|p| p.is_known().then(|| p.total.to_string()))
            .unwrap_or_else(|| "–".into())
    };
    let load = Memo::new(move |_| pages.with(|p| load_of(p, wanted.get())));
    let failed = move || load.with(|l| matches!(l, Load::Failed(_)));
    let retry = {
        let uid = uid.clone();
        move |_| fleet.retry(&uid)
    };
    let state = move || {
        let retry = retry.clone();
        let button = |label: &'static str| view! { " " <button type="button" on:click=retry>{label}</button> };
        match load.get() {
            Load::NotLoaded => view! { "Not loaded" {button("Load")} }.into_any(),
            Load::Waiting => "Waiting…".into_any(),
            Load::Loading {
                loaded,
                pages: Some(pages),
            } => format!("Page {loaded} of {pages}…").into_any(),
            Load::Loading { .. } => "Loading…".into_any(),
            Load::Loaded => "Yes".into_any(),
            Load::Failed(ApiError::Throttled(_)) => {
                "Not yet: the API's quota is used up; this goes on when it resets.".into_any()
            }
            Load::Failed(error) => view! { {why(&error)} {button("Try again")} }.into_any(),
            Load::Stale(error) => {
                view! { {format!("Could not refresh: {}", error.message())} {button("Try again")} }
                    .into_any()
            }
        }
    };
    let cell = |n: fn(&Counts) -> u32| move || counts.with(n);
    view! {
        <tr class:failed=failed>
            <th scope="row" class="name">
                <a class="clip" href=jobs_href(&uid, 1) title=stack.label.label.to_string()>{stack.label.label.to_string()}</a>
            </th>
            <td class="num" data-label="Jobs">{total}</td>
            <td class="num" data-label="Failed">{cell(|c| c.failed)}</td>
            <td class="num" data-label="Running">{cell(|c| c.running)}</td>
            <td class="num" data-label="Paused">{cell(|c| c.paused)}</td>
            <td class="load" data-label="Loaded">{state}</td>
        </tr>
    }
}

/// Why a stack's jobs could not be loaded, in words.
fn why(error: &ApiError) -> String {
    match error {
        ApiError::NotFound(_) => {
            "This stack is gone (404): it was probably removed after the stack list was loaded."
                .into()
        }
        other => format!("Could not be loaded: {}", other.message()),
    }
}
