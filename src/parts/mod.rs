//! What is not on the first screen: the content of dialogs and menus, built
//! when they open. Every other module reaches a part only through the
//! functions here, its seams (checked by `cargo xtask test`): whatever only
//! a seam uses is off the path of the first screen, and the split release
//! build loads each seam's code on demand. (Pages other than the first
//! screen's have their seam in `pages::page_for`.) A seam takes plain
//! values and returns the view.

pub mod bulk_confirm;
pub mod export;
pub mod go_to;
pub mod job_list;
pub mod load_all_ask;
pub mod restore_confirm;
pub mod run_dialog;
pub mod shortcuts_help;

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::find_bar::FindingState;
use crate::components::lazy::{lazy_view, ChunkMissing};
use crate::logic::bulk::BulkAction;
use crate::logic::model::JobRef;
use crate::state::pause_all::PauseNote;

/// What "Run with arguments…" asks about.
#[derive(Clone, Debug)]
pub struct RunAsk {
    /// The job's stack.
    pub stack: Arc<str>,
    /// The jobs page's query (search, filters), kept in Copy link.
    pub query: String,
    /// The job.
    pub job: JobRef,
    /// The arguments to start from (from a run link).
    pub initial: String,
    /// The job's last arguments on this device, newest first.
    pub recent: Vec<String>,
}

/// "Run with arguments…": `on_run` gets the arguments; either callback
/// closes it.
pub fn run_dialog(ask: RunAsk, on_run: Callback<String>, on_cancel: Callback<()>) -> AnyView {
    let RunAsk {
        stack,
        query,
        job,
        initial,
        recent,
    } = ask;
    let uid = job.uid;
    let link = Callback::new(move |args: String| run_dialog::run_link(&stack, &query, &uid, &args));
    view! {
        <run_dialog::RunDialog job_name=job.name on_run on_cancel initial recent link />
    }
    .into_any()
}

/// The confirmation of Run, Pause or Unpause selected.
pub fn bulk_confirm(
    action: BulkAction,
    stack_uid: Arc<str>,
    stack_name: Signal<String>,
    unsent: RwSignal<Option<String>>,
    close: Callback<BulkAction>,
) -> AnyView {
    view! { <bulk_confirm::BulkConfirm action stack_uid stack_name unsent close /> }.into_any()
}

/// The confirmation of Run, Pause or Unpause selected on All jobs, where
/// the jobs span stacks. Called from the All jobs page only, so its code is
/// in that page's chunk.
pub fn bulk_confirm_across(
    action: BulkAction,
    unsent: RwSignal<Option<String>>,
    close: Callback<BulkAction>,
) -> AnyView {
    view! { <bulk_confirm::BulkConfirmAcross action unsent close /> }.into_any()
}

/// The confirmation of Restore previous state after a Pause all.
pub fn restore_confirm(
    note: PauseNote,
    stack_name: String,
    state: RwSignal<Option<Result<String, String>>>,
    close: Callback<()>,
) -> AnyView {
    view! { <restore_confirm::RestoreConfirm note stack_name state close /> }.into_any()
}

/// The dialog named "Keyboard shortcuts".
pub fn shortcuts_help(on_close: Callback<()>) -> AnyView {
    view! { <shortcuts_help::ShortcutsDialog on_close /> }.into_any()
}

/// Export's choices, inside its menu.
pub fn export_choices(state: FindingState, close: Callback<()>) -> AnyView {
    view! { <export::ExportChoices state close /> }.into_any()
}

/// All jobs' question before loading every stack when that costs more than
/// a tenth of the quota left: `answer` gets `true` for Load all.
pub fn load_all_ask(
    stacks: usize,
    estimate: u32,
    remaining: Option<u32>,
    answer: Callback<bool>,
) -> AnyView {
    view! { <load_all_ask::LoadAllAsk stacks estimate remaining answer /> }.into_any()
}

/// The dialog named "Go to": a combobox over the pages, the stacks and
/// every job loaded; `close` gets whether it went somewhere. Its code is a
/// chunk of the split build, fetched the first time it opens.
pub fn go_to(close: Callback<bool>) -> AnyView {
    lazy_view(go_to_view(close), "Go to")
}

#[cfg_attr(jobdeck_split, wasm_split_helpers::wasm_split(go_to, fallible))]
fn go_to_view(close: Callback<bool>) -> Result<AnyView, ChunkMissing> {
    Ok(view! { <go_to::GoToDialog close /> }.into_any())
}

/// All jobs' Export choices: every match among the stacks loaded, each row
/// with its stack. Called from the All jobs page only, so its code is in
/// that page's chunk.
pub fn fleet_export(close: Callback<()>) -> AnyView {
    view! { <export::FleetExport close /> }.into_any()
}
