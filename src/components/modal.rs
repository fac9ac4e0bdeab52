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
            show_when_placed(dialog, 10);
        }
    });
    let close = move || {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    (dialog, close)
}

/// Opens `dialog` as modal once it is in the document: content loaded on
/// demand (`components::lazy`) may be built a frame before it is placed,
/// and `showModal()` refuses a dialog that is not. Gives up after `frames`.
fn show_when_placed(dialog: web_sys::HtmlDialogElement, frames: u32) {
    if dialog.is_connected() {
        if !dialog.open() {
            let _ = dialog.show_modal();
        }
    } else if frames > 0 {
        request_animation_frame(move || show_when_placed(dialog, frames - 1));
    }
}
