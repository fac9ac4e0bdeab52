//! The Stack control in the header: a `<select>` that goes to a stack's jobs.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::StackList;

/// The stack of a `/stacks/{uid}/...` path.
pub fn stack_uid_from_path(path: &str) -> Option<&str> {
    let mut parts = path.trim_start_matches('/').split('/');
    match (parts.next(), parts.next()) {
        (Some("stacks"), Some(uid)) if !uid.is_empty() => Some(uid),
        _ => None,
    }
}

/// Lists every stack; choosing one opens its jobs.
#[component]
pub fn StackPicker() -> impl IntoView {
    let StackList(stacks) = expect_context::<StackList>();
    let location = use_location();
    let navigate = use_navigate();
    let current = Memo::new(move |_| {
        stack_uid_from_path(&location.pathname.get())
            .unwrap_or_default()
            .to_string()
    });
    let on_change = move |ev: leptos::ev::Event| {
        let uid = event_target_value(&ev);
        if !uid.is_empty() {
            navigate(&format!("/stacks/{uid}/jobs"), NavigateOptions::default());
        }
    };
    let options = move || match stacks.get() {
        Some(Ok(list)) => list
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
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::stack_uid_from_path;

    #[test]
    fn finds_the_stack_in_a_jobs_path() {
        assert_eq!(stack_uid_from_path("/stacks/abc/jobs"), Some("abc"));
        assert_eq!(stack_uid_from_path("/stacks/abc"), Some("abc"));
        assert_eq!(stack_uid_from_path("/"), None);
        assert_eq!(stack_uid_from_path("/stacks/"), None);
        assert_eq!(stack_uid_from_path("/other/abc"), None);
    }
}
