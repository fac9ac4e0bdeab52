//! "Run with arguments…": a modal dialog asking for the job's arguments,
//! with the job's recent arguments and Copy link, a link that opens this
//! dialog filled in and never runs anything by itself.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use crate::browser::page_origin;
use crate::components::modal::use_modal;
use crate::logic::run_link::with_run;
use crate::routes::jobs_href;

/// A modal `<dialog>`: Enter runs, Escape cancels. The caller puts focus back
/// on the row when either callback runs.
#[component]
pub fn RunDialog(
    /// The job's name, shown as text.
    job_name: String,
    /// Called with the arguments when the person runs the job.
    on_run: Callback<String>,
    /// Called when the dialog closes without running.
    on_cancel: Callback<()>,
    /// The arguments to start from (from a run link).
    #[prop(optional)]
    initial: String,
    /// This job's last arguments on this device, newest first.
    #[prop(optional)]
    recent: Vec<String>,
    /// The link that opens this dialog filled in with the given arguments.
    #[prop(optional)]
    link: Option<Callback<String, String>>,
) -> impl IntoView {
    let (dialog, close) = use_modal();
    let args = RwSignal::new(initial);
    let recent = (!recent.is_empty()).then(|| view! { <RecentArgs recent args /> });
    let copy = link.map(|link| {
        let link = Callback::new(move |()| link.run(args.get_untracked()));
        view! { <CopyLink link /> }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        close();
        on_run.run(args.get_untracked());
    };
    // Escape fires `cancel`; the parent removes the dialog, so keep the
    // browser from closing it on its own first.
    let cancel = move |ev: leptos::ev::Event| {
        ev.prevent_default();
        close();
        on_cancel.run(());
    };
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="run-dialog-title" on:cancel=cancel>
            <form on:submit=submit>
                <h2 id="run-dialog-title">"Run " <span class="job-name" title=job_name.clone()>{job_name.clone()}</span></h2>
                <label for="run-args">"Arguments"</label>
                <input id="run-args" type="text" spellcheck="false" autocomplete="off" bind:value=args autofocus />
                <p class="hint">"They reach the command as $1, $2, … Quote an argument that holds spaces."</p>
                {recent}
                <div class="run-link-row">{copy}</div>
                <div class="dialog-buttons">
                    <button type="button" on:click=move |_| {
                    close();
                    on_cancel.run(());
                }>"Cancel"</button>
                    <button type="submit" class="primary">"Run"</button>
                </div>
            </form>
        </dialog>
    }
}

/// The job's recent arguments as buttons that fill the field in.
#[component]
fn RecentArgs(recent: Vec<String>, args: RwSignal<String>) -> impl IntoView {
    let buttons = recent
        .into_iter()
        .map(|given| {
            let text = given.clone();
            view! {
                <li><button type="button" class="recent-arg" title=given.clone()
                    on:click=move |_| args.set(given.clone())>{text}</button></li>
            }
        })
        .collect_view();
    view! {
        <div class="recent-args">
            // Not a label: "Arguments" names the field alone.
            <p class="hint">"Recent arguments on this device:"</p>
            <ul>{buttons}</ul>
        </div>
    }
}

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
