//! Export: a button that opens the choices (a part, `parts::export_choices`,
//! built when the menu opens) and loads the pages of the stack it lacks.

use leptos::prelude::*;

use super::find_bar::FindingState;
use crate::parts;
use crate::state::stack_jobs::StackJobs;

/// The Export button and its menu.
#[component]
pub fn ExportMenu(
    /// The menu's choices when the view gives its own (All jobs, whose
    /// code stays in its chunk); the stack's jobs otherwise.
    #[prop(optional)]
    choices: Option<Callback<Callback<()>, AnyView>>,
) -> impl IntoView {
    let state = expect_context::<FindingState>();
    let stack_jobs = expect_context::<StackJobs>();
    let open = RwSignal::new(false);
    let toggle = move |_| {
        open.update(|o| *o = !*o);
        // On All jobs, what is loaded is what is exported (the page loads it).
        if let (true, Some(stack)) = (open.get_untracked(), state.stack_uid()) {
            stack_jobs.load_missing(&stack);
        }
    };
    let close = Callback::new(move |()| open.set(false));
    view! {
        <div class="export">
            <button type="button" aria-expanded=move || open.get().to_string() aria-controls="export-menu"
                on:click=toggle>"Export"</button>
            <div id="export-menu" class="export-menu" hidden=move || !open.get()>
                {move || open.get().then(|| match choices {
                    Some(choices) => choices.run(close),
                    None => parts::export_choices(state, close),
                })}
            </div>
        </div>
    }
}
