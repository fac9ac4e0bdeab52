//! "Restore previous state" on a Pause all that succeeded: the button, and
//! what it said; its confirmation is a part (`parts::restore_confirm`), the
//! story itself `state::pause_all`.

use leptos::prelude::*;

use crate::parts;
use crate::state::activity::{ActionKind, Entry, Progress, Target};
use crate::state::pause_all::PauseNotes;

/// The button and its confirmation, under a Pause all entry that has a
/// note and has succeeded; nothing otherwise.
#[component]
pub fn RestoreButton(
    /// The Activity entry.
    entry: Entry,
) -> impl IntoView {
    let Some(notes) = use_context::<PauseNotes>() else {
        return ().into_any();
    };
    let Target::Stack { name } = entry.request.target.clone() else {
        return ().into_any();
    };
    if entry.request.kind != ActionKind::PauseAll {
        return ().into_any();
    }
    let (key, progress) = (entry.key, entry.progress);
    let asking = RwSignal::new(false);
    let state = RwSignal::new(None::<Result<String, String>>);
    let done = move || state.with(Option::is_some);
    let shown =
        move || progress.with(|p| matches!(p, Progress::Succeeded(_))) && notes.of(key).is_some();
    let id = format!("restore-{key}");
    let focus_id = id.clone();
    view! {
        {move || (shown() && !done()).then(|| view! {
            <button type="button" class="restore" id=id.clone() on:click=move |_| asking.set(true)>
                "Restore previous state"
            </button>
        })}
        {move || state.get().map(|said| match said {
            Ok(text) => view! { <span class="entry-message" role="status">{text}</span> }.into_any(),
            Err(text) => view! { <span class="entry-message" role="alert">{text}</span> }.into_any(),
        })}
        {move || asking.get().then(|| notes.of(key)).flatten().map(|note| {
            let focus_id = focus_id.clone();
            let close = Callback::new(move |()| {
                asking.set(false);
                crate::browser::focus_by_id(&focus_id);
            });
            parts::restore_confirm(note, name.clone(), state, close)
        })}
    }
    .into_any()
}
