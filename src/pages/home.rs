//! `/`: the stacks the token can see, each a link to its jobs.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::alerts::ErrorAlert;
use crate::components::loading::Loading;
use crate::state::AppState;
use crate::StackList;

/// The list of stacks.
#[component]
pub fn HomePage() -> impl IntoView {
    let StackList(stacks) = expect_context::<StackList>();
    let state = expect_context::<AppState>();
    let reload = Callback::new(move |()| state.stacks_version.update(|n| *n += 1));
    view! {
        <h1>"Stacks"</h1>
        <Loading fallback="Loading stacks…"
            loaded=Callback::new(move |()| Suspend::new(async move {
                match stacks.await {
                    Ok(list) if list.is_empty() => {
                        view! { <p class="empty">"This token sees no stacks."</p> }.into_any()
                    }
                    Ok(list) => view! {
                        <ul class="stack-list">
                            {list.into_iter().map(|stack| {
                                let href = format!("/stacks/{}/jobs", stack.uid);
                                view! { <li><A href=href>{stack.label()}</A></li> }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorAlert error retry=reload /> }.into_any(),
                }
            })) />
    }
    .into_any()
}
