//! The Stack control in the header: a `<select>` that goes to a stack's jobs.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::router::{use_go, use_route};
use crate::routes::{jobs_href, AppRoute};
use crate::state::stacks::Stacks;

/// Lists every stack; choosing one opens its jobs. When the list cannot be
/// loaded it says why, with a way to try again.
#[component]
pub fn StackPicker() -> impl IntoView {
    let stacks = Stacks::get();
    let route = use_route();
    let go = use_go();
    let current =
        Memo::new(move |_| route.with(|r| r.stack().map(str::to_string).unwrap_or_default()));
    let on_change = move |ev: leptos::ev::Event| {
        let uid = event_target_value(&ev);
        if !uid.is_empty() {
            go(&jobs_href(&uid, 1));
        }
    };
    let options = move || match stacks.read() {
        Some(Ok(list)) => list
            .stacks
            .into_iter()
            .map(|stack| {
                let selected = stack.uid == current.get();
                view! { <option value=stack.uid.clone() selected=selected>{stack.label()}</option> }
            })
            .collect_view()
            .into_any(),
        Some(Err(_)) => {
            view! { <option value="" disabled>"Stacks could not be loaded"</option> }.into_any()
        }
        None => view! { <option value="" disabled>"Loading stacks…"</option> }.into_any(),
    };
    view! {
        <div class="picker">
            <label for="stack-picker">"Stack"</label>
            <select id="stack-picker" on:change=on_change prop:value=move || current.get()>
                <option value="" selected=move || current.get().is_empty()>"Choose a stack…"</option>
                {options}
            </select>
            <StackListError />
        </div>
    }
}

/// Why the stack list is missing, on pages that do not show the list itself
/// (the home page does, with its own alert).
#[component]
fn StackListError() -> impl IntoView {
    let stacks = Stacks::get();
    let route = use_route();
    move || {
        let error = match stacks.read() {
            // The home page and All jobs show the list's failure themselves.
            Some(Err(error))
                if route.with(|r| !matches!(r, AppRoute::Home | AppRoute::AllJobs)) =>
            {
                error
            }
            _ => return None,
        };
        let retry = (!matches!(error, ApiError::Throttled(_) | ApiError::Unauthenticated)).then(|| {
            view! { " " <button type="button" on:click=move |_| stacks.reload()>"Load stacks again"</button> }
        });
        Some(view! {
            <p role="alert" class="alert picker-alert">
                {format!("The stack list could not be loaded. {}", error.message())}
                {retry}
            </p>
        })
    }
}
