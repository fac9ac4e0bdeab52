//! `/`: the stacks the token can see, each a link to its jobs.

use leptos::prelude::*;

use crate::api::StackList;
use crate::components::alerts::ErrorAlert;
use crate::routes::{jobs_href, AppRoute};
use crate::state::stacks::Stacks;

/// The list of stacks.
#[component]
pub fn HomePage() -> impl IntoView {
    let stacks = Stacks::get();
    let reload = Callback::new(move |()| stacks.reload());
    let list = Memo::new(move |_| stacks.read());
    view! {
        <div class="page-head">
            <h1>"Stacks"</h1>
            <a href=AppRoute::AllUpcoming.href()>"Upcoming runs of every stack"</a>
        </div>
        {move || match list.get() {
            None => view! { <p class="loading">"Loading stacks…"</p> }.into_any(),
            Some(Ok(list)) => stack_links(list),
            Some(Err(error)) => view! { <ErrorAlert error retry=reload /> }.into_any(),
        }}
    }
    .into_any()
}

fn stack_links(list: StackList) -> AnyView {
    let unreadable = (list.unreadable > 0).then(|| {
        view! {
            <p role="alert" class="alert">
                {format!("{} stack(s) could not be read (no uid) and are not shown.", list.unreadable)}
            </p>
        }
    });
    if list.stacks.is_empty() && list.unreadable == 0 {
        return view! { <p class="empty">"This token sees no stacks."</p> }.into_any();
    }
    view! {
        {unreadable}
        <ul class="stack-list">
            {list.stacks.into_iter().map(|stack| {
                view! { <li><a href=jobs_href(&stack.uid, 1)>{stack.label()}</a></li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
