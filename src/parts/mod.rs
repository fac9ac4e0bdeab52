//! What is not on the first screen: the content of dialogs and menus, built
//! when they open, and in the split release build loaded then, all of them
//! in one chunk (`components::on_demand`). Every other module reaches a part only through the
//! functions here, its seams (checked by `cargo xtask test`): whatever only
//! a seam uses is off the path of the first screen, and the split release
//! build loads each seam's code on demand. (Pages other than the first
//! screen's have their seam in `pages::page_for`.) A seam takes plain
//! values and returns the view.
//!
//! What a pause skips (`pause_skip`) is a split point of its own: its seams
//! fetch the chunk the first time a confirmation needs it, saying so
//! meanwhile, and say so if it cannot be fetched.

pub mod bulk_confirm;
pub mod export;
pub mod go_to;
pub mod job_list;
pub mod load_all_ask;
pub mod pause_skip;
pub mod restore_confirm;
pub mod run_dialog;
pub mod shortcuts_help;

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::find_bar::FindingState;
use crate::components::on_demand::{on_demand, ChunkMissing};
use crate::logic::bulk::BulkAction;
use crate::logic::model::JobRef;
use crate::state::pause_all::PauseNote;
use crate::state::selection::BatchEnd;
use crate::state::time_zone::TimeZone;

/// One job as "What a pause skips" reads it: its `cron` field and whether
/// it is paused.
pub type SkipJob = (Option<String>, bool);

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

/// A part and what it is built with: the seams below make one, and one
/// function builds any of them, so that the split build fetches the code of
/// every dialog in one chunk, once.
enum Part {
    Run(RunAsk, Callback<String>, Callback<()>),
    Bulk(
        BulkAction,
        Arc<str>,
        Signal<String>,
        RwSignal<Option<BatchEnd>>,
        Callback<BulkAction>,
    ),
    Restore(
        PauseNote,
        String,
        RwSignal<Option<Result<String, String>>>,
        Callback<()>,
    ),
    ShortcutsHelp(Callback<()>),
    Export(FindingState, Callback<()>),
}

#[cfg_attr(jobdeck_split, wasm_split_helpers::wasm_split(dialogs, fallible))]
fn part_view(part: Part) -> Result<AnyView, ChunkMissing> {
    Ok(match part {
        Part::Run(ask, on_run, on_cancel) => {
            let RunAsk {
                stack,
                query,
                job,
                initial,
                recent,
            } = ask;
            let uid = job.uid;
            let link = Callback::new(move |args: String| {
                run_dialog::run_link(&stack, &query, &uid, &args)
            });
            view! {
                <run_dialog::RunDialog job_name=job.name on_run on_cancel initial recent link />
            }
            .into_any()
        }
        Part::Bulk(action, stack_uid, stack_name, unsent, close) => {
            view! { <bulk_confirm::BulkConfirm action stack_uid stack_name unsent close /> }
                .into_any()
        }
        Part::Restore(note, stack_name, state, close) => {
            view! { <restore_confirm::RestoreConfirm note stack_name state close /> }.into_any()
        }
        Part::ShortcutsHelp(on_close) => {
            view! { <shortcuts_help::ShortcutsDialog on_close /> }.into_any()
        }
        Part::Export(state, close) => view! { <export::ExportChoices state close /> }.into_any(),
    })
}

/// A part, loaded on demand; `close` closes it should its code not arrive.
fn open(part: Part, close: Callback<()>) -> AnyView {
    on_demand(part_view(part), move |missing| missing.part(close))
}

/// "Run with arguments…": `on_run` gets the arguments; either callback
/// closes it.
pub fn run_dialog(ask: RunAsk, on_run: Callback<String>, on_cancel: Callback<()>) -> AnyView {
    open(Part::Run(ask, on_run, on_cancel), on_cancel)
}

/// The confirmation of Run, Pause or Unpause selected.
pub fn bulk_confirm(
    action: BulkAction,
    stack_uid: Arc<str>,
    stack_name: Signal<String>,
    unsent: RwSignal<Option<BatchEnd>>,
    close: Callback<BulkAction>,
) -> AnyView {
    let dismiss = Callback::new(move |()| close.run(action));
    open(
        Part::Bulk(action, stack_uid, stack_name, unsent, close),
        dismiss,
    )
}

/// The confirmation of Run, Pause or Unpause selected on All jobs, where
/// the jobs span stacks. Called from the All jobs page only, so its code is
/// in that page's chunk.
pub fn bulk_confirm_across(
    action: BulkAction,
    unsent: RwSignal<Option<BatchEnd>>,
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
    open(Part::Restore(note, stack_name, state, close), close)
}

/// The dialog named "Keyboard shortcuts".
pub fn shortcuts_help(on_close: Callback<()>) -> AnyView {
    open(Part::ShortcutsHelp(on_close), on_close)
}

/// Export's choices, inside its menu.
pub fn export_choices(state: FindingState, close: Callback<()>) -> AnyView {
    open(Part::Export(state, close), close)
}

/// What pausing `jobs` skips, as a paragraph of a confirmation: "Skips 96
/// runs in the next 24 hours, the next at 2026-03-07 07:15 EST", from the
/// crons against the app's clock, in the chosen zone, with `scope` (what
/// the count covers, when Jobdeck lacks some jobs) after it.
pub fn pause_skip_note(jobs: Vec<SkipJob>, scope: Option<String>) -> AnyView {
    pause_skip::note(jobs, scope)
}

/// What a Pause all of `stack` skips, from the jobs Jobdeck holds (no
/// request), saying how many of the stack's jobs that is when it lacks some.
pub fn stack_pause_skip_note(stack: &str) -> AnyView {
    pause_skip::stack_note(stack)
}

/// What the jobs a restore unpauses skipped while the Pause all of `note`
/// held them, until `resumed_at`, in `zone`; `None` when nothing, when the
/// note has no time, or when that part of Jobdeck cannot be fetched.
pub async fn skipped_while_paused(
    note: PauseNote,
    resumed_at: f64,
    zone: TimeZone,
) -> Option<String> {
    pause_skip::skipped_while_paused(note, resumed_at, zone).await
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
    on_demand(go_to_view(close), move |missing| {
        missing.part(Callback::new(move |()| close.run(false)))
    })
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
