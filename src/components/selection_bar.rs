//! Acting on many jobs: the table's checkboxes and the Selection toolbar
//! above it; its confirmation is a part (`parts::bulk_confirm`), built when
//! it opens.

use std::sync::Arc;

use leptos::prelude::*;

use crate::browser::focus_by_id;
use crate::logic::bulk::BulkAction;
use crate::logic::model::JobInStack;
use crate::parts;
use crate::state::activity::start::ActionRunner;
use crate::state::quota::QuotaState;
use crate::state::scoped::scoped_memo;
use crate::state::selection::{send_across, BatchEnd, Selection, ACROSS_LOCK, ACROSS_NAME};

/// A row's first cell: its job's checkbox.
#[component]
pub fn SelectCell(
    /// The row's job, with its stack.
    job: JobInStack,
) -> impl IntoView {
    let selection = expect_context::<Selection>();
    let label = format!("Select {}", job.job.name);
    let (stack, uid) = (job.stack.clone(), job.job.uid.clone());
    // Scoped: the selection outlives the page's rows (`state::scoped`).
    let checked = scoped_memo(move || selection.is_selected(&stack, &uid));
    view! {
        <td class="select">
            <input type="checkbox" aria-label=label prop:checked=move || checked.get()
                on:change=move |ev| selection.set(job.clone(), event_target_checked(&ev)) />
        </td>
    }
}

/// The header's first cell (a `td`: it names no column): "Select all" ticks
/// every job in view, which on a filtered view is every match.
#[component]
pub fn SelectAllCell(
    /// The jobs in view.
    in_view: Signal<Vec<JobInStack>>,
) -> impl IntoView {
    let selection = expect_context::<Selection>();
    // Nothing ticked: no need to list the jobs in view (thousands on All jobs,
    // on every keystroke).
    let all = scoped_memo(move || {
        selection.count() > 0 && in_view.with(|jobs| selection.all_selected(jobs))
    });
    let all = move || all.get();
    view! {
        <td class="select">
            <input type="checkbox" aria-label="Select all" prop:checked=all
                on:change=move |ev| in_view.with_untracked(|jobs| selection.set_all(jobs, event_target_checked(&ev))) />
        </td>
    }
}

/// How a view spanning stacks confirms a bulk action: given the action,
/// where to say what went unsent, and how to close, the dialog.
pub type AcrossConfirm =
    Callback<(BulkAction, RwSignal<Option<BatchEnd>>, Callback<BulkAction>), AnyView>;

fn button_id(action: BulkAction) -> &'static str {
    match action {
        BulkAction::Run => "selection-run",
        BulkAction::Pause => "selection-pause",
        BulkAction::Unpause => "selection-unpause",
    }
}

/// The Selection toolbar, shown while jobs are ticked, with what the last
/// batch could not send.
#[component]
pub fn SelectionBar(
    /// The stack; `None` on All jobs, where the jobs ticked span stacks.
    stack_uid: Option<Arc<str>>,
    /// Its name, for the log.
    stack_name: Signal<String>,
    /// Without a stack: the confirmation across stacks, given by the view
    /// (All jobs, whose code stays in its chunk): the action, where to say
    /// what went unsent, and how to close it.
    #[prop(optional)]
    across: Option<AcrossConfirm>,
) -> impl IntoView {
    let selection = expect_context::<Selection>();
    let asking = RwSignal::new(None::<BulkAction>);
    let unsent = RwSignal::new(None::<BatchEnd>);
    let busy = move || selection.sending.get().then_some("true");
    let button = move |action: BulkAction, label: &'static str| {
        view! {
            <button type="button" id=button_id(action) aria-disabled=busy
                on:click=move |_| if !selection.sending.get_untracked() { asking.set(Some(action)) }>
                {label}
            </button>
        }
    };
    let bar = move || {
        (selection.count() > 0).then(|| {
            view! {
                <div class="selection-bar" role="toolbar" aria-label="Selection">
                    <span class="selection-count">{move || match selection.stacks() {
                        0 | 1 => format!("{} selected", selection.count()),
                        n => format!("{} selected in {n} stacks", selection.count()),
                    }}</span>
                    {button(BulkAction::Run, "Run selected")}
                    {button(BulkAction::Pause, "Pause selected")}
                    {button(BulkAction::Unpause, "Unpause selected")}
                    <button type="button" on:click=move |_| selection.clear()>"Clear selection"</button>
                </div>
            }
        })
    };
    let close = Callback::new(move |action: BulkAction| {
        asking.set(None);
        focus_by_id(button_id(action));
    });
    view! {
        {bar}
        <Unsent stack_uid=stack_uid.clone() stack_name unsent />
        {move || asking.get().and_then(|action| match (stack_uid.clone(), across) {
            (Some(stack), _) => Some(parts::bulk_confirm(action, stack, stack_name, unsent, close)),
            (None, Some(across)) => Some(across.run((action, unsent, close))),
            (None, None) => None,
        })}
    }
}

/// What the last batch could not send, and "Send the rest" once the API
/// takes requests again (each of those jobs is listed in Activity as not sent).
#[component]
fn Unsent(
    /// `None` on All jobs.
    stack_uid: Option<Arc<str>>,
    stack_name: Signal<String>,
    unsent: RwSignal<Option<BatchEnd>>,
) -> impl IntoView {
    let (selection, quota) = (
        expect_context::<Selection>(),
        expect_context::<QuotaState>(),
    );
    let runner = expect_context::<ActionRunner>();
    let throttled = move || quota.throttle.with(Option::is_some);
    let send_rest = move |_| {
        let Some(end) = unsent.get_untracked() else {
            return;
        };
        if throttled() {
            return;
        }
        let lock = match &stack_uid {
            Some(stack) => (stack.to_string(), stack_name.get_untracked()),
            None => (ACROSS_LOCK.to_string(), ACROSS_NAME.to_string()),
        };
        let work = send_across(runner, end.not_sent, end.kind);
        selection.send_once(unsent, lock, async move { Some(work.await) });
    };
    move || {
        let end = unsent.get()?;
        let words = end.words()?;
        let rest = (!end.not_sent.is_empty()).then(|| {
            view! {
                " "
                <button type="button" aria-disabled=move || throttled().then_some("true")
                    on:click=send_rest.clone()>"Send the rest"</button>
            }
        });
        Some(view! { <p role="alert" class="alert">{words}{rest}</p> })
    }
}
