//! Previous / Next under a paged table, driven by the API's `pagination`.

use leptos::prelude::*;

use crate::api::pagination::Pagination;

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
            view! { <a href=href.run(page) class="button" rel=rel>{label}</a> }.into_any()
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
