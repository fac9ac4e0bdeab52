//! The one way to render a button that starts an action.

use leptos::prelude::*;

/// A `<button type="button">` that may be blocked. Blocked, it is
/// `aria-disabled` rather than `disabled`, so that it keeps keyboard focus
/// (focus returns to it after a dialog), and its click does nothing.
#[component]
pub fn ActionButton(
    /// The element's id, where focus can be sent back.
    id: String,
    /// The button's text.
    label: &'static str,
    /// Styled as the main action of its group.
    #[prop(optional)]
    primary: bool,
    /// Whether the action may not start now.
    blocked: Signal<bool>,
    /// What a click does when the button is not blocked.
    on_click: Callback<()>,
) -> impl IntoView {
    view! {
        <button type="button" class=primary.then_some("primary") id=id
            aria-disabled=move || blocked.get().then_some("true")
            on:click=move |_| {
                if !blocked.get_untracked() {
                    on_click.run(());
                }
            }>
            {label}
        </button>
    }
}
