//! A modal question asked once before a wide action such as Pause all.

use leptos::prelude::*;

use super::modal::use_modal;

/// A modal `<dialog>` that says what will happen, with Confirm and Cancel.
/// Escape cancels; focus starts on Cancel, the safe choice.
#[component]
pub fn ConfirmDialog(
    /// The dialog's heading, e.g. "Pause all jobs?".
    title: String,
    /// What will happen, in plain words, with the number of jobs.
    message: String,
    /// Called when the person confirms.
    on_confirm: Callback<()>,
    /// Called when the dialog closes without confirming.
    on_cancel: Callback<()>,
    /// More to read before deciding, under the message (the jobs concerned,
    /// the cost).
    #[prop(optional)]
    children: Option<Children>,
    /// The confirming button's words.
    #[prop(default = "Confirm")]
    confirm_label: &'static str,
) -> impl IntoView {
    let (dialog, close) = use_modal();
    let cancel = move |ev: leptos::ev::Event| {
        ev.prevent_default();
        close();
        on_cancel.run(());
    };
    view! {
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby="confirm-title"
            aria-describedby="confirm-message"
            on:cancel=cancel
        >
            <h2 id="confirm-title">{title}</h2>
            <p id="confirm-message">{message}</p>
            {children.map(|children| children())}
            <div class="dialog-buttons">
                <button type="button" autofocus on:click=move |_| {
                    close();
                    on_cancel.run(());
                }>"Cancel"</button>
                <button type="button" class="primary" on:click=move |_| {
                    close();
                    on_confirm.run(());
                }>{confirm_label}</button>
            </div>
        </dialog>
    }
}
