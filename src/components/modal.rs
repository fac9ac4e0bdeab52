//! What every modal dialog of the console shares: shown with `showModal()`
//! once it is on the page (so the rest of the page is inert and Escape fires
//! `cancel`), and closed before its owner is told, so that the page is no
//! longer inert when the owner moves focus back into it.

use leptos::html::Dialog;
use leptos::prelude::*;

/// Frames to wait for a dialog to reach the page (one loaded on demand is
/// built before it is mounted), before giving up on showing it.
const FRAMES_TO_MOUNT: u32 = 60;

/// The dialog's node reference, to put on a `<dialog>`, and a function that closes it.
pub fn use_modal() -> (NodeRef<Dialog>, impl Fn() + Copy + 'static) {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            show_once_on_page(dialog, FRAMES_TO_MOUNT);
        }
    });
    let close = move || {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    (dialog, close)
}

/// `showModal()` throws on a dialog not yet in the document: wait for it,
/// a frame at a time.
fn show_once_on_page(dialog: web_sys::HtmlDialogElement, frames: u32) {
    if dialog.open() {
        return;
    }
    if dialog.is_connected() {
        let _ = dialog.show_modal();
    } else if frames > 0 {
        request_animation_frame(move || show_once_on_page(dialog, frames - 1));
    }
}
