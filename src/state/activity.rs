//! Async actions, from the click to their end. A POST answers at once with an
//! action; this module polls it on a growing schedule until it finishes, keeps
//! the Activity log, and asks for one reload of the jobs page when it ends.
//! It is also the guard against double submission: a job (or a stack, for the
//! bulk actions) with an action in flight accepts no other.

use leptos::prelude::*;
use leptos::reactive::graph::{Subscriber, ToAnySubscriber};
use leptos::task::spawn_local;

use super::AppState;
use crate::api::{Action, ApiClient, ApiError};
use crate::browser::{now_ms, sleep};
use crate::logic::backoff::{poll_delay, GIVE_UP_AFTER};

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

    fn is_stack_wide(self) -> bool {
        matches!(self, ActionKind::PauseAll | ActionKind::UnpauseAll)
    }
}

/// Where an action stands.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Progress {
    /// Sent, or followed, and not over yet.
    Running,
    /// Over and successful, with the API's message if it gave one.
    Succeeded(Option<String>),
    /// Over and failed, or could not be started or followed: why.
    Failed(String),
}

/// One line of the Activity log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Local, increasing; the key of the log's rows.
    pub key: u64,
    /// The stack the action belongs to.
    pub stack_uid: String,
    /// The job acted on; `None` for a stack-wide action.
    pub job_uid: Option<String>,
    /// What the log names: the job's name, or "all jobs of …".
    pub subject: String,
    /// What was asked.
    pub kind: ActionKind,
    /// Arguments given to Run now, if any.
    pub args: Option<String>,
    /// Where it stands.
    pub progress: Progress,
}

impl Entry {
    /// Whether, while running, it keeps the job (or, with `None`, the
    /// stack-wide actions) of its stack from starting another action.
    fn blocks(&self, job_uid: Option<&str>) -> bool {
        self.kind.is_stack_wide() || self.job_uid.as_deref() == job_uid
    }
}

/// What to start: built by the views, handed to [`Activity::start`].
#[derive(Clone, Debug)]
pub struct Request {
    /// The stack.
    pub stack_uid: String,
    /// The job, or `None` for a stack-wide action.
    pub job_uid: Option<String>,
    /// The job's name or a description of the stack-wide target.
    pub subject: String,
    /// What to do.
    pub kind: ActionKind,
    /// Arguments for Run now.
    pub args: Option<String>,
}

/// Whether the action buttons of one rendered page of a stack must do nothing
/// now, and which show a spinner. Made by [`Activity::gate`]; cheap to clone.
#[derive(Clone)]
pub struct ActionGate(ArcMemo<Blocked>);

#[derive(Clone, Debug, PartialEq)]
struct Blocked {
    throttled: bool,
    /// The stack's running entries.
    running: Vec<Entry>,
}

impl ActionGate {
    /// Whether the job has an action in flight, its own or a stack-wide one. Reactive.
    pub fn job_busy(&self, job_uid: &str) -> bool {
        self.0
            .with(|b| b.running.iter().any(|e| e.blocks(Some(job_uid))))
    }

    /// Whether the job's buttons do nothing now: busy, or throttled. Reactive.
    pub fn job_blocked(&self, job_uid: &str) -> bool {
        self.0
            .with(|b| b.throttled || b.running.iter().any(|e| e.blocks(Some(job_uid))))
    }

    /// Whether Pause all and Unpause all do nothing now. Reactive.
    pub fn stack_blocked(&self) -> bool {
        self.0
            .with(|b| b.throttled || b.running.iter().any(|e| e.blocks(None)))
    }
}

/// The Activity log and the actions in flight. `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Activity {
    /// Newest first.
    pub entries: RwSignal<Vec<Entry>>,
    next_key: StoredValue<u64>,
}

impl Default for Activity {
    fn default() -> Self {
        Activity::new()
    }
}

impl Activity {
    /// An empty log.
    pub fn new() -> Activity {
        Activity {
            entries: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(1),
        }
    }

    /// What the buttons of one rendered page of a stack read, made by that
    /// page: its only link to the log and the throttle, cut when the page's
    /// owner is cleaned up.
    pub fn gate(&self, state: AppState, stack_uid: String) -> ActionGate {
        let entries = self.entries;
        let blocked = ArcMemo::new(move |_| Blocked {
            throttled: state.is_throttled(),
            running: entries.with(|entries| {
                entries
                    .iter()
                    .filter(|e| e.progress == Progress::Running && e.stack_uid == stack_uid)
                    .cloned()
                    .collect()
            }),
        });
        // reactive_graph 0.2 drops an effect or memo without leaving its sources' subscriber
        // lists (a signal empties them only when it changes), so each page flip left its rows there.
        let subscriber = blocked.to_any_subscriber();
        on_cleanup(move || subscriber.clear_sources(&subscriber));
        ActionGate(blocked)
    }

    /// Starts an action and follows it to its end in the background. Returns
    /// false, sending nothing, when the same target is already busy: this is
    /// what makes a double click send one POST.
    pub fn start(&self, api: ApiClient, state: AppState, request: Request) -> bool {
        let already = self.entries.with_untracked(|entries| {
            busy(entries, &request.stack_uid, request.job_uid.as_deref())
        });
        if already || state.throttle.get_untracked().is_some() {
            return false;
        }
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.entries.update(|entries| {
            entries.insert(
                0,
                Entry {
                    key,
                    stack_uid: request.stack_uid.clone(),
                    job_uid: request.job_uid.clone(),
                    subject: request.subject.clone(),
                    kind: request.kind,
                    args: request.args.clone(),
                    progress: Progress::Running,
                },
            );
            entries.truncate(MAX_ENTRIES);
        });
        let activity = *self;
        spawn_local(async move {
            let progress = follow(api, state, &request).await;
            activity.entries.update(|entries| {
                if let Some(entry) = entries.iter_mut().find(|e| e.key == key) {
                    entry.progress = progress;
                }
            });
            state.reload_jobs_soon();
        });
        true
    }
}

fn busy(entries: &[Entry], stack_uid: &str, job_uid: Option<&str>) -> bool {
    entries
        .iter()
        .any(|e| e.progress == Progress::Running && e.stack_uid == stack_uid && e.blocks(job_uid))
}

/// Sends the POST, then polls the action until it finishes, fails to be
/// followed, or runs past [`GIVE_UP_AFTER`].
async fn follow(api: ApiClient, state: AppState, request: &Request) -> Progress {
    let stack = request.stack_uid.as_str();
    let job = request.job_uid.as_deref().unwrap_or_default();
    let posted = match request.kind {
        ActionKind::RunNow => api.run_now(stack, job, request.args.as_deref()).await,
        ActionKind::Pause => api.pause(stack, job).await,
        ActionKind::Unpause => api.unpause(stack, job).await,
        ActionKind::PauseAll => api.pause_all(stack).await,
        ActionKind::UnpauseAll => api.unpause_all(stack).await,
    };
    let mut action = match posted {
        Ok(action) => action,
        Err(error) => return Progress::Failed(format!("Not started. {}", error.message())),
    };
    let started = now_ms();
    let mut attempt = 0;
    while !action.is_finished() {
        if now_ms() - started > GIVE_UP_AFTER.as_millis() as f64 {
            return Progress::Failed(
                "Still not finished after 20 minutes, so Jobdeck stopped following it. \
                 Reload the page later to see the job's state."
                    .into(),
            );
        }
        sleep(poll_delay(attempt)).await;
        attempt += 1;
        while let Some(throttle) = state.throttle.get_untracked() {
            let wait = (throttle.until_ms - now_ms()).max(500.0);
            sleep(std::time::Duration::from_millis(wait as u64)).await;
        }
        if state.session.get_untracked().is_none() {
            return Progress::Failed("Stopped following it: signed out.".into());
        }
        match api.action(stack, action.id).await {
            Ok(latest) => action = latest,
            Err(
                error
                @ (ApiError::Unauthenticated | ApiError::Forbidden(_) | ApiError::NotFound(_)),
            ) => {
                return Progress::Failed(format!("Could not follow it. {}", error.message()));
            }
            // Network trouble, 5xx, a garbled body: the next poll may work.
            Err(_) => {}
        }
    }
    outcome(&action)
}

fn outcome(action: &Action) -> Progress {
    let message = action
        .finished_message
        .clone()
        .filter(|m| !m.trim().is_empty());
    match action.finished_success {
        Some(true) => Progress::Succeeded(message),
        _ => Progress::Failed(message.unwrap_or_else(|| "the API gave no reason".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: ActionKind, job: Option<&str>, progress: Progress) -> Entry {
        Entry {
            key: 1,
            stack_uid: "s1".into(),
            job_uid: job.map(str::to_string),
            subject: "x".into(),
            kind,
            args: None,
            progress,
        }
    }

    #[test]
    fn a_running_job_action_makes_only_that_job_busy() {
        let entries = [entry(ActionKind::RunNow, Some("j1"), Progress::Running)];
        assert!(busy(&entries, "s1", Some("j1")));
        assert!(!busy(&entries, "s1", Some("j2")));
        assert!(!busy(&entries, "s2", Some("j1")));
        assert!(!busy(&entries, "s1", None));
    }

    #[test]
    fn a_stack_wide_action_makes_every_job_busy() {
        let entries = [entry(ActionKind::PauseAll, None, Progress::Running)];
        assert!(busy(&entries, "s1", Some("j1")));
        assert!(busy(&entries, "s1", None));
        assert!(!busy(&entries, "s2", None));
    }

    #[test]
    fn finished_actions_free_their_target() {
        let entries = [entry(
            ActionKind::Pause,
            Some("j1"),
            Progress::Succeeded(None),
        )];
        assert!(!busy(&entries, "s1", Some("j1")));
    }

    #[test]
    fn outcomes_carry_the_api_message() {
        let mut action: Action = serde_json::from_value(serde_json::json!({
            "id": 1, "finished_at": "2016-02-04T12:52:24Z",
            "finished_success": false, "finished_message": "exit status 1"
        }))
        .unwrap();
        assert_eq!(outcome(&action), Progress::Failed("exit status 1".into()));
        action.finished_success = Some(true);
        action.finished_message = None;
        assert_eq!(outcome(&action), Progress::Succeeded(None));
        action.finished_success = None;
        assert_eq!(
            outcome(&action),
            Progress::Failed("the API gave no reason".into())
        );
    }
}
