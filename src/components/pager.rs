//! Previous / Next under the jobs table, driven by the API's `pagination`.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::logic::pagination::Pagination;

/// `<nav aria-label="Pagination">` with links to the neighbouring pages;
/// at either end the control stays in place but is disabled.
#[component]
pub fn Pager(
    /// Where this page sits.
    pagination: Pagination,
    /// The URL of page N.
    href: Callback<u32, String>,
) -> impl IntoView {
    let link = move |target: Option<u32>, label: &'static str, rel: &'static str| match target {
        Some(page) => {
            view! { <A href=href.run(page) attr:class="button" attr:rel=rel>{label}</A> }.into_any()
        }
        None => view! { <span class="button" aria-disabled="true">{label}</span> }.into_any(),
    };
    view! {
        <nav aria-label="Pagination" class="pager">
            {link(pagination.previous, "Previous", "prev")}
            <span class="page-label">{pagination.label()}</span>
            {link(pagination.next, "Next", "next")}
        </nav>
    }
}
