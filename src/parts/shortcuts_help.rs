//! The dialog named "Keyboard shortcuts", which `?` opens.

use leptos::html::Dialog;
use leptos::prelude::*;

use crate::components::modal::use_modal;

/// The keys and what they do, for the help dialog.
const KEYS: [(&str, &str); 6] = [
    ("/", "Search jobs"),
    ("j", "Next row of the Jobs table"),
    ("k", "Previous row of the Jobs table"),
    ("r", "Run the focused row's job now (asks first)"),
    ("p", "Pause or unpause the focused row's job (asks first)"),
    ("?", "This list"),
];

/// The dialog named "Keyboard shortcuts".
#[component]
pub fn ShortcutsDialog(
    /// Called when the dialog closes.
    on_close: Callback<()>,
) -> impl IntoView {
    let (dialog, close): (NodeRef<Dialog>, _) = use_modal();
    let done = move || {
        close();
        on_close.run(());
    };
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="keys-title"
            on:cancel=move |ev: leptos::ev::Event| { ev.prevent_default(); done(); }>
            <h2 id="keys-title">"Keyboard shortcuts"</h2>
            <dl class="keys">
                {KEYS.iter().map(|(key, what)| view! { <dt><kbd>{*key}</kbd></dt><dd>{*what}</dd> }).collect_view()}
            </dl>
            <p class="muted">"Keys do nothing while you type in a field or while a dialog is open."</p>
            <div class="dialog-buttons">
                <button type="button" autofocus on:click=move |_| done()>"Close"</button>
            </div>
        </dialog>
    }
}
