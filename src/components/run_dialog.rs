//! "Run with arguments…": a modal dialog asking for the job's arguments.

use leptos::prelude::*;

use super::modal::use_modal;
use super::run_link::CopyLink;

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
