//! All jobs' question before loading every stack's jobs, when that would
//! cost more than a tenth of the remaining quota.

use leptos::prelude::*;

use crate::components::confirm_dialog::ConfirmDialog;

/// How many requests, what remains; Load all or Cancel.
#[component]
pub fn LoadAllAsk(
    /// Stacks in the list.
    stacks: usize,
    /// Requests it would cost, about.
    estimate: u32,
    /// Requests left this hour.
    remaining: Option<u32>,
    /// `true`: Load all; `false`: Cancel (or Escape).
    answer: Callback<bool>,
) -> impl IntoView {
    let left = remaining.map_or_else(
        || "The quota left is not known.".to_string(),
        |r| format!("{r} of the hour's quota are left."),
    );
    let message = format!(
        "Loading the jobs of all {stacks} stacks costs about {estimate} API requests: one per \
         stack, plus the extra pages this device saw last time. {left}"
    );
    view! {
        <ConfirmDialog title="Load every stack's jobs?".to_string() message confirm_label="Load all"
            on_confirm=Callback::new(move |()| answer.run(true))
            on_cancel=Callback::new(move |()| answer.run(false)) />
    }
}
