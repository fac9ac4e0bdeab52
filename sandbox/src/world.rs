//! The sandbox's data: stacks, their jobs and the async actions that change them.
//!
//! Actions finish lazily: each one records when it is due, and every access to the world first
//! settles the actions whose time has come, in order. No timer task is needed, the order of
//! effects is deterministic, and a GET after the delay always sees the action finished.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::clock::{format_iso, format_utc};
use crate::error::ApiError;
use crate::model::{Action, Job, Stack, STATUS_FAILED, STATUS_STARTED, STATUS_SUCCESS};
use crate::uid::hex_uid;

/// The user every sandbox token belongs to, as actions report it.
pub const SANDBOX_USER: &str = "dev@example.com";

/// A stack with what the API keeps about it but does not show in the stack object.
#[derive(Debug, Clone)]
pub struct StackEntry {
    /// The stack object.
    pub stack: Stack,
    /// The numeric id that actions give as `resource_id`.
    pub resource_id: u64,
    /// Jobs in list order.
    pub jobs: Vec<Job>,
}

/// What a POST asks for; it becomes an async action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Run one job now, with optional shell arguments.
    RunNow {
        /// The job to run.
        job_uid: String,
        /// `job_args` as given, `None` when absent or empty.
        args: Option<String>,
    },
    /// Pause one job.
    Pause {
        /// The job to pause.
        job_uid: String,
    },
    /// Unpause one job.
    Unpause {
        /// The job to unpause.
        job_uid: String,
    },
    /// Pause every job of the stack.
    PauseAll,
    /// Unpause every job of the stack.
    UnpauseAll,
}

impl Command {
    /// The `action` name the API gives this command.
    pub fn action_name(&self) -> &'static str {
        match self {
            Self::RunNow { .. } => "job_run_now",
            Self::Pause { .. } => "job_pause_handler",
            Self::Unpause { .. } => "job_unpause_handler",
            Self::PauseAll => "jobs_pause_all",
            Self::UnpauseAll => "jobs_unpause_all",
        }
    }

    fn job_uid(&self) -> Option<&str> {
        match self {
            Self::RunNow { job_uid, .. } | Self::Pause { job_uid } | Self::Unpause { job_uid } => {
                Some(job_uid)
            }
            Self::PauseAll | Self::UnpauseAll => None,
        }
    }
}

/// A change to one job made from outside the API (`POST /__sandbox/jobs`), as if someone
/// edited it elsewhere; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobChange {
    /// A new `name`.
    pub name: Option<String>,
    /// A new `cron` (`Some(None)` makes the job on demand).
    pub cron: Option<Option<String>>,
    /// A new `status`, any integer.
    pub status: Option<i64>,
    /// A new `paused`.
    pub paused: Option<bool>,
    /// Whether its runs fail from now on (never shown).
    pub fails: Option<bool>,
    /// `updated_at` in Unix seconds; without it a change of a shown field sets it to now.
    pub updated_at: Option<i64>,
}

/// A job to add to a stack (`POST /__sandbox/jobs` with `add`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    /// `name`.
    pub name: String,
    /// `type`.
    pub kind: String,
    /// `cron`.
    pub cron: Option<String>,
    /// `status`.
    pub status: i64,
    /// `paused`.
    pub paused: bool,
    /// `params`; `None` sends no `params` key.
    pub params: Option<Value>,
    /// Whether its runs fail.
    pub fails: bool,
    /// Where it goes in the list, from 1; `None` puts it last.
    pub position: Option<usize>,
}

/// What finishing an action does.
#[derive(Debug)]
enum Effect {
    /// Applies the command to the stack; the outcome follows from the job.
    Command {
        /// The stack the command acts on.
        stack_uid: String,
        /// What it does.
        command: Command,
    },
    /// Only records this outcome: a seeded action whose effect is already in the seed.
    Scripted {
        /// `finished_success`.
        success: bool,
        /// `finished_message`.
        message: String,
    },
}

/// An action that has started and not yet finished.
#[derive(Debug)]
struct Pending {
    action_id: u64,
    due: Instant,
    finished_unix: i64,
    effect: Effect,
}

/// All stacks, jobs and actions.
#[derive(Debug)]
pub struct World {
    stacks: Vec<StackEntry>,
    actions: Vec<Action>,
    pending: Vec<Pending>,
    next_action_id: u64,
    /// Jobs added through [`World::add_job`] so far: their uids follow from it.
    added_jobs: u64,
}

impl World {
    /// A world of these stacks and actions (sorted by id); new actions start at `next_action_id`.
    pub fn new(stacks: Vec<StackEntry>, mut actions: Vec<Action>, next_action_id: u64) -> Self {
        // Actions are looked up by id with a binary search.
        actions.sort_by_key(|action| action.id);
        Self {
            stacks,
            actions,
            pending: Vec::new(),
            next_action_id,
            added_jobs: 0,
        }
    }

    /// Makes an unfinished action finish at `due` (`finished_at` = `finished_unix`) with this
    /// outcome and no other effect: seeded actions still running when the sandbox starts.
    pub fn finish_later(
        &mut self,
        action_id: u64,
        due: Instant,
        finished_unix: i64,
        success: bool,
        message: String,
    ) {
        self.pending.push(Pending {
            action_id,
            due,
            finished_unix,
            effect: Effect::Scripted { success, message },
        });
    }

    /// Finishes every action that is due at `now`, in the order they fall due.
    pub fn settle(&mut self, now: Instant) {
        if self.pending.is_empty() {
            return;
        }
        self.pending
            .sort_by_key(|pending| (pending.due, pending.action_id));
        let due_count = self.pending.partition_point(|pending| pending.due <= now);
        let due: Vec<Pending> = self.pending.drain(..due_count).collect();
        for pending in due {
            self.finish(pending);
        }
    }

    /// Every stack, in list order.
    pub fn stacks(&self) -> &[StackEntry] {
        &self.stacks
    }

    /// One stack, or 404.
    pub fn stack(&self, uid: &str) -> Result<&StackEntry, ApiError> {
        self.stacks
            .iter()
            .find(|entry| entry.stack.uid == uid)
            .ok_or_else(|| stack_not_found(uid))
    }

    /// One job of one stack, or 404 (also when the job belongs to another stack).
    pub fn job(&self, stack_uid: &str, job_uid: &str) -> Result<&Job, ApiError> {
        self.stack(stack_uid)?
            .jobs
            .iter()
            .find(|job| job.uid == job_uid)
            .ok_or_else(|| job_not_found(job_uid))
    }

    /// The actions of a stack, newest first (by `started_at`, then id), or 404 for an unknown
    /// stack.
    pub fn actions(&self, stack_uid: &str) -> Result<Vec<&Action>, ApiError> {
        self.stack(stack_uid)?;
        let mut actions: Vec<&Action> = self
            .actions
            .iter()
            .filter(|action| action.stack_uid == stack_uid)
            .collect();
        // ISO 8601 UTC strings of one width sort as the instants they name.
        actions.sort_by(|a, b| (&b.started_at, b.id).cmp(&(&a.started_at, a.id)));
        Ok(actions)
    }

    /// One action of a stack, or 404 (also for an id that is not a number).
    pub fn action(&self, stack_uid: &str, id: &str) -> Result<&Action, ApiError> {
        self.stack(stack_uid)?;
        let not_found = || ApiError::not_found(format!("Action {id:?} not found"));
        let id: u64 = id.parse().map_err(|_| not_found())?;
        self.actions
            .binary_search_by_key(&id, |action| action.id)
            .ok()
            .and_then(|index| self.actions.get(index))
            .filter(|action| action.stack_uid == stack_uid)
            .ok_or_else(not_found)
    }

    /// Starts an async action; its effect lands `delay` after `now`. `now_ms` is the stated
    /// time (Unix milliseconds) the action's dates are written from.
    ///
    /// A run marks the job Started at once, as the real service does when it queues the run.
    pub fn submit(
        &mut self,
        stack_uid: &str,
        command: Command,
        delay: Duration,
        (now, now_ms): (Instant, i64),
    ) -> Result<Action, ApiError> {
        let started = now_ms.div_euclid(1000);
        let delay_ms = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
        let finished = now_ms.saturating_add(delay_ms).div_euclid(1000);
        let id = self.next_action_id;
        let entry = self.stack_mut(stack_uid)?;
        if let Some(job_uid) = command.job_uid() {
            let job = entry
                .jobs
                .iter_mut()
                .find(|job| job.uid == job_uid)
                .ok_or_else(|| job_not_found(job_uid))?;
            if matches!(command, Command::RunNow { .. }) {
                set_status(job, STATUS_STARTED, started);
            }
        }
        let action = Action {
            id,
            user: SANDBOX_USER.to_owned(),
            resource_type: "stack".to_owned(),
            action: command.action_name().to_owned(),
            resource_id: entry.resource_id.to_string(),
            started_via: "api".to_owned(),
            started_at: format_iso(started),
            finished_at: None,
            finished_success: None,
            finished_message: None,
            finished_result: None,
            metadata: json!({}),
            stack_uid: stack_uid.to_owned(),
        };
        self.next_action_id += 1;
        self.actions.push(action.clone());
        self.pending.push(Pending {
            action_id: action.id,
            due: now + delay,
            finished_unix: finished,
            effect: Effect::Command {
                stack_uid: stack_uid.to_owned(),
                command,
            },
        });
        Ok(action)
    }

    /// Changes one job as someone outside the API would; returns it and its place in the
    /// list (from 1). `now_unix` is the stated time.
    pub fn change_job(
        &mut self,
        stack_uid: &str,
        job_uid: &str,
        change: JobChange,
        now_unix: i64,
    ) -> Result<(Job, usize), ApiError> {
        let entry = self.stack_mut(stack_uid)?;
        let (index, job) = entry
            .jobs
            .iter_mut()
            .enumerate()
            .find(|(_, job)| job.uid == job_uid)
            .ok_or_else(|| job_not_found(job_uid))?;
        let mut shown = false;
        if let Some(name) = change.name {
            shown |= job.name != name;
            job.name = name;
        }
        if let Some(cron) = change.cron {
            shown |= job.cron != cron;
            job.cron = cron;
        }
        if let Some(status) = change.status {
            shown |= job.status != status;
            job.status = status;
        }
        if let Some(paused) = change.paused {
            shown |= job.paused != paused;
            job.paused = paused;
        }
        if let Some(fails) = change.fails {
            job.fails = fails;
        }
        match change.updated_at {
            Some(at) => job.updated_at = format_utc(at),
            None if shown => job.updated_at = format_utc(now_unix),
            None => {}
        }
        Ok((job.clone(), index + 1))
    }

    /// Adds a job to a stack, created now (`now_unix`, the stated time), with a uid that
    /// follows from how many jobs were added before; returns it and its place (from 1).
    pub fn add_job(
        &mut self,
        stack_uid: &str,
        new: NewJob,
        now_unix: i64,
    ) -> Result<(Job, usize), ApiError> {
        let number = self.added_jobs + 1;
        let entry = self.stack_mut(stack_uid)?;
        let last = entry.jobs.len() + 1;
        let position = new.position.unwrap_or(last);
        if !(1..=last).contains(&position) {
            return Err(ApiError::bad_request(format!(
                "position must be between 1 and {last} (the stack has {} jobs)",
                last - 1
            )));
        }
        let job = Job {
            uid: hex_uid(&format!("job:{stack_uid}:added:{number}")),
            name: new.name,
            kind: new.kind,
            cron: new.cron,
            status: new.status,
            paused: new.paused,
            params: new.params,
            created_at: format_utc(now_unix),
            updated_at: format_utc(now_unix),
            fails: new.fails,
        };
        entry.jobs.insert(position - 1, job.clone());
        self.added_jobs = number;
        Ok((job, position))
    }

    /// Removes a job from a stack: from now on it is 404. Returns it and where it was (from 1).
    pub fn remove_job(&mut self, stack_uid: &str, job_uid: &str) -> Result<(Job, usize), ApiError> {
        let entry = self.stack_mut(stack_uid)?;
        let index = entry
            .jobs
            .iter()
            .position(|job| job.uid == job_uid)
            .ok_or_else(|| job_not_found(job_uid))?;
        Ok((entry.jobs.remove(index), index + 1))
    }

    /// Removes a stack: from now on it, its jobs and its actions are 404. Returns its stack
    /// object and where it was in the list (from 1).
    pub fn remove_stack(&mut self, stack_uid: &str) -> Result<(Stack, usize), ApiError> {
        let index = self
            .stacks
            .iter()
            .position(|entry| entry.stack.uid == stack_uid)
            .ok_or_else(|| stack_not_found(stack_uid))?;
        Ok((self.stacks.remove(index).stack, index + 1))
    }

    fn stack_mut(&mut self, uid: &str) -> Result<&mut StackEntry, ApiError> {
        self.stacks
            .iter_mut()
            .find(|entry| entry.stack.uid == uid)
            .ok_or_else(|| stack_not_found(uid))
    }

    fn finish(&mut self, pending: Pending) {
        let (success, message) = match pending.effect {
            Effect::Scripted { success, message } => (success, message),
            Effect::Command { stack_uid, command } => self
                .stacks
                .iter_mut()
                .find(|entry| entry.stack.uid == stack_uid)
                .map(|entry| apply(entry, &command, pending.finished_unix))
                .unwrap_or((false, "The stack no longer exists".to_owned())),
        };
        let Ok(index) = self
            .actions
            .binary_search_by_key(&pending.action_id, |action| action.id)
        else {
            return;
        };
        if let Some(action) = self.actions.get_mut(index) {
            action.finished_at = Some(format_iso(pending.finished_unix));
            action.finished_success = Some(success);
            action.finished_message = Some(message);
        }
    }
}

/// Applies a finished command to a stack; returns `finished_success` and `finished_message`.
fn apply(entry: &mut StackEntry, command: &Command, at: i64) -> (bool, String) {
    let job_uid = match command {
        Command::PauseAll | Command::UnpauseAll => {
            let paused = matches!(command, Command::PauseAll);
            for job in &mut entry.jobs {
                set_paused(job, paused, at);
            }
            let verb = if paused { "Paused" } else { "Unpaused" };
            let (count, name) = (entry.jobs.len(), &entry.stack.name);
            return (true, format!("{verb} all {count} jobs of stack \"{name}\""));
        }
        Command::RunNow { job_uid, .. }
        | Command::Pause { job_uid }
        | Command::Unpause { job_uid } => job_uid,
    };
    let Some(job) = entry.jobs.iter_mut().find(|job| &job.uid == job_uid) else {
        return (false, format!("Job {job_uid:?} no longer exists"));
    };
    match command {
        Command::RunNow { args, .. } => {
            let status = if job.fails {
                STATUS_FAILED
            } else {
                STATUS_SUCCESS
            };
            set_status(job, status, at);
            (
                !job.fails,
                run_message(&job.name, job.fails, args.as_deref()),
            )
        }
        Command::Pause { .. } => {
            set_paused(job, true, at);
            (true, format!("Job \"{}\" paused", job.name))
        }
        _ => {
            set_paused(job, false, at);
            (true, format!("Job \"{}\" unpaused", job.name))
        }
    }
}

/// The `finished_message` of a run: the arguments show, so a client can check they arrived.
pub(crate) fn run_message(name: &str, failed: bool, args: Option<&str>) -> String {
    match (failed, args) {
        (false, Some(args)) => format!("Job \"{name}\" ran with arguments: {args}"),
        (false, None) => format!("Job \"{name}\" ran with no arguments"),
        (true, Some(args)) => {
            format!("Job \"{name}\" exited with status 1 (arguments: {args})")
        }
        (true, None) => format!("Job \"{name}\" exited with status 1"),
    }
}

fn set_status(job: &mut Job, status: i64, at: i64) {
    job.status = status;
    job.updated_at = format_utc(at);
}

/// Only a real change bumps `updated_at`, so pausing a paused job leaves it as it was.
fn set_paused(job: &mut Job, paused: bool, at: i64) {
    if job.paused != paused {
        job.paused = paused;
        job.updated_at = format_utc(at);
    }
}

fn stack_not_found(stack_uid: &str) -> ApiError {
    ApiError::not_found(format!("Stack {stack_uid:?} not found"))
}

fn job_not_found(job_uid: &str) -> ApiError {
    ApiError::not_found(format!("Job {job_uid:?} not found"))
}
