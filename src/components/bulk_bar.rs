//! Pause all and Unpause all, above a stack's jobs.

use std::sync::Arc;

use leptos::prelude::*;

use super::action_button::ActionButton;
use super::job_dialogs::{bulk_button_id, BulkAsk, JobDialogs};
use crate::state::activity::gate::ActionGate;
use crate::state::activity::{ActionKind, ActivityLog};
use crate::state::quota::QuotaState;

/// The stack-wide buttons; each asks for confirmation first.
#[component]
pub fn BulkBar(
    /// The stack.
    stack_uid: Arc<str>,
    /// How many jobs the stack has, for the question.
    count: Signal<u32>,
) -> impl IntoView {
    let dialogs = expect_context::<JobDialogs>();
    let gate = ActionGate::new(
        expect_context::<ActivityLog>(),
        expect_context::<QuotaState>(),
        stack_uid,
    );
    let blocked = Signal::derive(move || gate.stack_blocked());
    let button = move |kind: ActionKind, label: &'static str| {
        view! {
            <ActionButton id=bulk_button_id(kind).to_string() label blocked
                on_click=Callback::new(move |()| dialogs.ask_bulk(BulkAsk { kind, count: count.get_untracked() })) />
        }
    };
    view! {
        <div class="bulk" role="group" aria-label="All jobs of this stack">
            {button(ActionKind::PauseAll, "Pause all")}
            {button(ActionKind::UnpauseAll, "Unpause all")}
        </div>
    }
}
