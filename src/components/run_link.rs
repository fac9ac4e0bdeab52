//! Links that open "Run with arguments…" filled in: Copy link in the dialog,
//! and the jobs page opening the dialog from such a link. Opening one never
//! runs anything: the person still presses Run.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use super::job_dialogs::JobDialogs;
use crate::api::ApiClient;
use crate::browser::page_origin;
use crate::logic::model::JobRef;
use crate::logic::run_link::{asked, with_run, without_run};
use crate::router::{use_go_replace, use_query};
use crate::routes::jobs_href;
use crate::state::stack_jobs::StackJobs;

/// The URL of the stack's jobs page (with its current search and filters)
/// that opens the dialog for `job_uid` filled in with `args`. No token.
pub fn run_link(stack: &str, query: &str, job_uid: &str, args: &str) -> String {
    format!(
        "{}{}{}",
        page_origin(),
        jobs_href(stack, 1),
        with_run(query, job_uid, args)
    )
}

/// Opens the dialog a run link asks for, then takes `run` and `args` out
/// of the URL (in place), so that a reload or Back does not open it again.
pub fn open_run_link(stack: Arc<str>) {
    let query = use_query();
    let go = use_go_replace();
    let dialogs = expect_context::<JobDialogs>();
    let (all, api) = (
        expect_context::<StackJobs>().of(&stack),
        expect_context::<ApiClient>(),
    );
    Effect::new(move |_| {
        let query = query.get();
        let Some((uid, args)) = asked(&query) else {
            return;
        };
        go(&format!("{}{}", jobs_href(&stack, 1), without_run(&query)));
        let held = all.with_untracked(|a| a.jobs().into_iter().find(|j| j.uid == uid));
        let stack = stack.clone();
        spawn_local(async move {
            // The name comes from the pages held, or else from the API (one GET).
            let job: Option<JobRef> = match held {
                Some(job) => Some(job.reference()),
                None => api.job(&stack, &uid).await.ok().map(|j| j.reference()),
            };
            if let Some(job) = job {
                dialogs.ask_run_with(job, args);
            }
        });
    });
}

/// Copy link: copies the link, and shows it in a read-only field (selected,
/// for copying by hand where the clipboard is not available).
#[component]
pub fn CopyLink(
    /// The link for the arguments now in the field.
    link: Callback<(), String>,
) -> impl IntoView {
    let shown = RwSignal::new(None::<(String, bool)>);
    let field = NodeRef::<leptos::html::Input>::new();
    let copy = move |_| {
        let url = link.run(());
        spawn_local(async move {
            let copied = write_clipboard(&url).await;
            shown.try_set(Some((url, copied)));
        });
    };
    Effect::new(move |_| {
        if let (Some((_, false)), Some(input)) = (shown.get(), field.get()) {
            input.select();
        }
    });
    view! {
        <button type="button" on:click=copy>"Copy link"</button>
        {move || shown.get().map(|(url, copied)| view! {
            <input node_ref=field class="run-link" type="text" readonly aria-label="Link" prop:value=url />
            <span class="hint" role="status">
                {if copied { "Link copied. Opening it fills this dialog in; it never runs anything by itself." } else { "Copy the link above." }}
            </span>
        })}
    }
}

/// `navigator.clipboard.writeText(text)`, false where it is missing or refused.
async fn write_clipboard(text: &str) -> bool {
    let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into());
    let clipboard = navigator
        .ok()
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok());
    let Some(clipboard) = clipboard.filter(|c| !c.is_undefined() && !c.is_null()) else {
        return false;
    };
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(write) = write else {
        return false;
    };
    match write.call1(&clipboard, &JsValue::from_str(text)) {
        Ok(promise) => match promise.dyn_into::<js_sys::Promise>() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
            Err(_) => false,
        },
        Err(_) => false,
    }
}
