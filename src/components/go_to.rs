//! Go to's way in, on every page: the header's button and Ctrl+K (⌘K on
//! Apple devices), which work from anywhere, even while typing in a field.
//! The dialog itself is a part (`parts::go_to`), built when it opens.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::{focus_by_id, is_apple};
use crate::parts;

/// The header's Go to button, the key, and the dialog while it is open.
#[component]
pub fn GoToLauncher() -> impl IntoView {
    let open = RwSignal::new(false);
    // Where focus was, to give it back when the dialog closes without going.
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let apple = is_apple();
    let show = move || {
        if open.get_untracked() {
            focus_by_id("go-to-input");
            return;
        }
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        opener.set_value(active);
        open.set(true);
    };
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let command = if apple { ev.meta_key() } else { ev.ctrl_key() };
        if !command || ev.alt_key() || ev.shift_key() || !ev.key().eq_ignore_ascii_case("k") {
            return;
        }
        // Another dialog open (a confirmation) keeps the keys.
        if !open.get_untracked() && another_dialog_open() {
            return;
        }
        ev.prevent_default();
        show();
    });
    on_cleanup(move || handle.remove());
    let close = Callback::new(move |went: bool| {
        open.set(false);
        if went {
            // A new page: reading starts at its content.
            focus_by_id("main");
        } else if let Some(element) = opener.get_value() {
            let _ = element.focus();
        }
    });
    let keys = if apple { "⌘K" } else { "Ctrl+K" };
    view! {
        <button type="button" class="quiet go-to-button" aria-keyshortcuts=if apple { "Meta+K" } else { "Control+K" }
            title=format!("Go to a stack, a job or a page ({keys})") on:click=move |_| show()>
            "Go to" <kbd aria-hidden="true">{keys}</kbd>
        </button>
        {move || open.get().then(|| parts::go_to(close))}
    }
}

fn another_dialog_open() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("dialog[open]").ok().flatten())
        .is_some()
}
