//! What every modal dialog of the console shares: shown with `showModal()`
//! once it is on the page (so the rest of the page is inert and Escape fires
//! `cancel`), and closed before its owner is told, so that the page is no
//! longer inert when the owner moves focus back into it.

use leptos::html::Dialog;
use leptos::prelude::*;

/// The dialog's node reference, to put on a `<dialog>`, and a function that closes it.
pub fn use_modal() -> (NodeRef<Dialog>, impl Fn() + Copy + 'static) {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        }
    });
    let close = move || {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    (dialog, close)
}
