//! The jobs a confirmation lists.

use leptos::prelude::*;

use crate::logic::bulk::listed;

/// The jobs a confirmation acts on: the first names, then "and N more".
pub fn job_list(names: &[&str]) -> impl IntoView {
    let (shown, more) = listed(names);
    let items = shown
        .into_iter()
        .map(|n| view! { <li>{n.to_string()}</li> })
        .collect_view();
    view! { <ul class="bulk-jobs">{items}{more.map(|m| view! { <li>{m}</li> })}</ul> }
}
