//! Async actions, from the click to their end, in four small parts:
//! - this module: what an action is, and the Activity log that lists them,
//!   one signal per entry so that a change of state redraws one row;
//! - [`runner`]: the POST and the polls as plain async code (no signals);
//! - [`gate`]: which buttons must do nothing now (busy target, throttled);
//! - [`start`]: the runner wired to the browser, and the `use_start_action`
//!   hook that the page and its rows share.

pub mod gate;
pub mod runner;
pub mod start;

use leptos::prelude::*;

use crate::logic::model::JobRef;

/// Entries kept in the log; older ones drop off.
const MAX_ENTRIES: usize = 50;

/// What the person asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// Run one job now.
    RunNow,
    /// Pause one job.
    Pause,
    /// Unpause one job.
    Unpause,
    /// Pause every job of a stack.
    PauseAll,
    /// Unpause every job of a stack.
    UnpauseAll,
}

impl ActionKind {
    /// The verb as the log shows it.
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::RunNow => "Run now",
            ActionKind::Pause => "Pause",
            ActionKind::Unpause => "Unpause",
            ActionKind::PauseAll => "Pause all",
            ActionKind::UnpauseAll => "Unpause all",
        }
    }

    /// Whether it acts on every job of the stack.
    pub fn is_stack_wide(self) -> bool {
        matches!(self, ActionKind::PauseAll | ActionKind::UnpauseAll)
    }
}

/// What an action is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// One job.
    Job(JobRef),
    /// Every job of the stack, named for people.
    Stack {
        /// The stack's name, as the log shows it.
        name: String,
    },
}

/// What to start: made by the views, run by [`start::ActionRunner`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionRequest {
    /// The stack.
    pub stack_uid: String,
    /// The job, or the whole stack.
    pub target: Target,
    /// What to do.
    pub kind: ActionKind,
    /// Arguments for Run now.
    pub args: Option<String>,
}

impl ActionRequest {
    /// The job's uid, or `None` for a stack-wide action.
    pub fn job_uid(&self) -> Option<&str> {
        match &self.target {
            Target::Job(job) => Some(&job.uid),
            Target::Stack { .. } => None,
        }
    }

    /// What the log names: the job's name, or "All jobs of …".
    pub fn subject(&self) -> String {
        match &self.target {
            Target::Job(job) => job.name.clone(),
            Target::Stack { name } => format!("All jobs of {name}"),
        }
    }
}

/// Where an action stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Sent, or followed, and not over yet; with a note when checking on it fails.
    Running(Option<String>),
    /// Over and successful, with the API's message if it gave one.
    Succeeded(Option<String>),
    /// Over and failed, or refused before it started: why.
    Failed(String),
    /// Jobdeck cannot tell how it ended (no answer, or it stopped following): why.
    Unknown(String),
    /// Part of a batch that stopped before it: never sent, why.
    NotSent(String),
}

impl Progress {
    /// Whether it may still change.
    pub fn is_running(&self) -> bool {
        matches!(self, Progress::Running(_))
    }

    /// The state in words: "Running", "Succeeded", "Failed: …", "Outcome unknown: …".
    pub fn words(&self) -> String {
        match self {
            Progress::Running(_) => "Running".into(),
            Progress::Succeeded(_) => "Succeeded".into(),
            Progress::Failed(why) => format!("Failed: {why}"),
            Progress::Unknown(why) => format!("Outcome unknown: {why}"),
            Progress::NotSent(why) => format!("Not sent: {why}"),
        }
    }

    /// A second line under the state, if any.
    pub fn note(&self) -> Option<&str> {
        match self {
            Progress::Running(note) | Progress::Succeeded(note) => note.as_deref(),
            _ => None,
        }
    }
}

/// One line of the Activity log. Its progress is a signal of its own, held
/// by reference count (not by the page that started it), so the action can
/// end after that page is gone.
#[derive(Clone)]
pub struct Entry {
    /// Local, increasing; the key of the log's rows.
    pub key: u64,
    /// What was asked.
    pub request: ActionRequest,
    /// Where it stands.
    pub progress: ArcRwSignal<Progress>,
}

/// The Activity log. `Copy`, provided once as context.
#[derive(Clone, Copy)]
pub struct ActivityLog {
    /// Newest first.
    pub entries: RwSignal<Vec<Entry>>,
    next_key: StoredValue<u64>,
}

impl Default for ActivityLog {
    fn default() -> Self {
        ActivityLog::new()
    }
}

impl ActivityLog {
    /// An empty log.
    pub fn new() -> ActivityLog {
        ActivityLog {
            entries: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(1),
        }
    }

    /// Adds a running entry at the top and returns its progress signal.
    pub fn add(&self, request: ActionRequest) -> ArcRwSignal<Progress> {
        self.add_with(request, Progress::Running(None))
    }

    /// Adds an entry in the given state at the top and returns its progress signal.
    pub fn add_with(&self, request: ActionRequest, state: Progress) -> ArcRwSignal<Progress> {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        let progress = ArcRwSignal::new(state);
        let entry = Entry {
            key,
            request,
            progress: progress.clone(),
        };
        self.entries.update(|entries| {
            entries.insert(0, entry);
            entries.truncate(MAX_ENTRIES);
        });
        progress
    }

    /// Whether the target of `request` (its job, or with a stack-wide
    /// action any job of the stack) has an action running. Not reactive.
    pub fn is_busy(&self, stack_uid: &str, job_uid: Option<&str>) -> bool {
        self.entries.with_untracked(|entries| {
            entries.iter().any(|e| {
                e.progress.with_untracked(Progress::is_running) && blocks(e, stack_uid, job_uid)
            })
        })
    }

    /// Empties the log (sign-out: the next person must not see it).
    pub fn clear(&self) {
        self.entries.set(Vec::new());
    }
}

/// Whether running entry `e` keeps `job_uid` (or with `None`, the stack-wide
/// actions) of `stack_uid` from starting another action.
pub fn blocks(e: &Entry, stack_uid: &str, job_uid: Option<&str>) -> bool {
    e.request.stack_uid == stack_uid
        && (e.request.kind.is_stack_wide() || e.request.job_uid() == job_uid)
}
