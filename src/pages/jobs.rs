//! `/stacks/{uid}/jobs?page=N`: one page of a stack's jobs, with bulk actions.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{ApiClient, ApiError, JobsPage as Page};
use crate::browser::focus_by_id;
use crate::components::action_button::ActionButton;
use crate::components::alerts::ErrorAlert;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::jobs_table::{run_with_args_id, JobsTable};
use crate::components::loading::Loading;
use crate::components::pager::Pager;
use crate::components::run_dialog::RunDialog;
use crate::logic::pagination::page_from_query;
use crate::state::activity::{ActionKind, Activity, Request};
use crate::state::AppState;
use crate::StackList;

/// The jobs page of one stack.
#[component]
pub fn JobsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let api = expect_context::<ApiClient>();
    let activity = expect_context::<Activity>();
    let StackList(stacks) = expect_context::<StackList>();
    let params = use_params_map();
    let query = use_query_map();

    let stack_uid = Memo::new(move |_| params.read().get("uid").unwrap_or_default());
    let page = Memo::new(move |_| page_from_query(query.read().get("page").as_deref()));
    let jobs = LocalResource::new(move || {
        let (uid, page) = (stack_uid.get(), page.get());
        state.jobs_version.track();
        async move { api.jobs(&uid, page).await }
    });
    let stack_name = move || {
        let uid = stack_uid.get();
        match stacks.get() {
            Some(Ok(list)) => list
                .into_iter()
                .find(|s| s.uid == uid)
                .map(|s| s.label())
                .unwrap_or(uid),
            _ => uid,
        }
    };

    // The last page shown, so that a load the API refuses while throttled
    // leaves the jobs on screen instead of taking them away.
    let last_shown = StoredValue::new(None::<(String, Page)>);
    let pending = RwSignal::new(false);
    let run_target = RwSignal::new(None::<(String, String)>);
    let confirm = RwSignal::new(None::<(ActionKind, u32)>);

    let start = move |kind: ActionKind, job: Option<(String, String)>, args: Option<String>| {
        let (job_uid, subject) = match job {
            Some((uid, name)) => (Some(uid), name),
            None => (None, format!("All jobs of {}", stack_name())),
        };
        activity.start(
            api,
            state,
            Request {
                stack_uid: stack_uid.get_untracked(),
                job_uid,
                subject,
                kind,
                args,
            },
        );
    };
    let close_run_dialog = move || {
        if let Some((uid, _)) = run_target.get_untracked() {
            run_target.set(None);
            focus_by_id(&run_with_args_id(&uid));
        }
    };
    let on_run = Callback::new(move |args: String| {
        if let Some(job) = run_target.get_untracked() {
            start(ActionKind::RunNow, Some(job), Some(args));
        }
        close_run_dialog();
    });
    let on_run_cancel = Callback::new(move |()| close_run_dialog());
    let close_confirm = move |kind: ActionKind| {
        confirm.set(None);
        focus_by_id(bulk_button_id(kind));
    };
    let on_confirm = Callback::new(move |()| {
        if let Some((kind, _)) = confirm.get_untracked() {
            start(kind, None, None);
            close_confirm(kind);
        }
    });
    let on_confirm_cancel = Callback::new(move |()| {
        if let Some((kind, _)) = confirm.get_untracked() {
            close_confirm(kind);
        }
    });
    let on_run_with_args = Callback::new(move |job| run_target.set(Some(job)));
    let reload = Callback::new(move |()| state.jobs_version.update(|n| *n += 1));
    let href =
        Callback::new(move |n: u32| format!("/stacks/{}/jobs?page={n}", stack_uid.get_untracked()));

    let content = move |loaded: Page| {
        let total = loaded.pagination.count.max(loaded.jobs.len() as u32);
        if loaded.jobs.is_empty() && loaded.unreadable == 0 && loaded.pagination.current <= 1 {
            return view! { <p class="empty">"This stack has no jobs."</p> }.into_any();
        }
        let unreadable = (loaded.unreadable > 0).then(|| {
            view! {
                <p role="alert" class="alert">
                    {format!(
                        "{} job(s) on this page could not be read (no uid) and are not shown.",
                        loaded.unreadable
                    )}
                </p>
            }
        });
        let uid = stack_uid.get_untracked();
        let gate = activity.gate(state, uid.clone());
        let blocked = Signal::derive(move || gate.stack_blocked());
        let ask = |kind: ActionKind| Callback::new(move |()| confirm.set(Some((kind, total))));
        view! {
            <div class="bulk" role="group" aria-label="All jobs of this stack">
                <ActionButton id=bulk_button_id(ActionKind::PauseAll).to_string() label="Pause all"
                    blocked on_click=ask(ActionKind::PauseAll) />
                <ActionButton id=bulk_button_id(ActionKind::UnpauseAll).to_string() label="Unpause all"
                    blocked on_click=ask(ActionKind::UnpauseAll) />
            </div>
            {unreadable}
            <JobsTable stack_uid=uid jobs=loaded.jobs on_run_with_args />
            <Pager pagination=loaded.pagination href />
        }
        .into_any()
    };

    view! {
        <div class="page-head">
            <h1>{stack_name}</h1>
            {move || pending.get().then(|| view! {
                <span class="loading-pill" role="status">"Loading…"</span>
            })}
        </div>
        <Loading fallback="Loading jobs…" set_pending=pending.write_only()
            loaded=Callback::new(move |()| Suspend::new(async move {
                let uid = stack_uid.get_untracked();
                match jobs.await {
                    Ok(loaded) => {
                        last_shown.set_value(Some((uid, loaded.clone())));
                        content(loaded)
                    }
                    Err(error @ ApiError::Throttled(_)) => {
                        match last_shown.get_value().filter(|(shown, _)| *shown == uid) {
                            Some((_, last)) => view! {
                                <p class="note">
                                    {format!(
                                        "Showing the jobs as last loaded (page {}); they load again by \
                                         themselves when the API's quota window resets.",
                                        last.pagination.current
                                    )}
                                </p>
                                {content(last)}
                            }
                            .into_any(),
                            None => view! { <ErrorAlert error /> }.into_any(),
                        }
                    }
                    Err(error) => view! { <ErrorAlert error retry=reload /> }.into_any(),
                }
            })) />
        {move || run_target.get().map(|(_, name)| view! {
            <RunDialog job_name=name on_run on_cancel=on_run_cancel />
        })}
        {move || confirm.get().map(|(kind, count)| {
            let (title, message) = confirm_text(kind, count, &stack_name());
            view! { <ConfirmDialog title message on_confirm on_cancel=on_confirm_cancel /> }
        })}
    }
    .into_any()
}

fn bulk_button_id(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::UnpauseAll => "unpause-all",
        _ => "pause-all",
    }
}

/// The question a bulk action asks, with the number of jobs it touches.
pub fn confirm_text(kind: ActionKind, count: u32, stack: &str) -> (String, String) {
    let jobs = if count == 1 {
        "job".to_string()
    } else {
        format!("{count} jobs")
    };
    let all = if count == 1 { "the only" } else { "all" };
    match kind {
        ActionKind::UnpauseAll => (
            "Unpause all jobs?".into(),
            format!("This unpauses {all} {jobs} of {stack}: their schedules run again."),
        ),
        _ => (
            "Pause all jobs?".into(),
            format!(
                "This pauses {all} {jobs} of {stack}: none of them runs on schedule until unpaused. \
                 Runs already started are not stopped."
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirmations_count_the_jobs() {
        let (title, message) = confirm_text(ActionKind::PauseAll, 75, "Acme");
        assert_eq!(title, "Pause all jobs?");
        assert!(
            message.starts_with("This pauses all 75 jobs of Acme"),
            "{message}"
        );
        let (_, message) = confirm_text(ActionKind::UnpauseAll, 1, "Acme");
        assert!(
            message.starts_with("This unpauses the only job of Acme"),
            "{message}"
        );
    }
}
