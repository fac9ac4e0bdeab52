//! Many jobs at once: the jobs ticked on a stack's page, sending one action
//! to each of them one POST at a time, and what a Pause all found paused
//! before it, so that it can be undone without unpausing those.

use std::time::Duration;

use leptos::prelude::*;

use super::activity::start::{ActionRunner, Sent};
use super::activity::{ActionKind, ActionRequest, ActivityLog, Progress, Target};
use super::quota::QuotaState;
use super::stack_jobs::{AllJobs, PageSlot, StackJobs};
use crate::api::ApiClient;
use crate::browser::sleep;
use crate::logic::bulk::RestorePlan;
use crate::logic::model::JobRef;

/// How often a restore looks again at its unpause_all: a local signal, no requests.
const LOOK_AGAIN: Duration = Duration::from_millis(200);

/// The ticked jobs of one stack, in the order they were ticked. `Copy`;
/// provided by the jobs page, which is built anew for each stack, so a
/// selection survives paging, refreshes and sorting but not a stack change.
#[derive(Clone, Copy)]
pub struct Selection {
    jobs: RwSignal<Vec<JobRef>>,
    /// Set while a batch is being sent: a second Confirm sends nothing.
    pub sending: RwSignal<bool>,
}

impl Selection {
    /// Nothing ticked; provided as context for the table's checkboxes.
    pub fn provide() -> Selection {
        let selection = Selection {
            jobs: RwSignal::new(Vec::new()),
            sending: RwSignal::new(false),
        };
        provide_context(selection);
        selection
    }

    /// Whether a job is ticked. Reactive.
    pub fn is_selected(&self, uid: &str) -> bool {
        self.jobs.with(|jobs| jobs.iter().any(|j| j.uid == uid))
    }

    /// Ticks or unticks one job.
    pub fn set(&self, job: JobRef, on: bool) {
        self.set_all(std::slice::from_ref(&job), on);
    }

    /// Ticks or unticks every job of `jobs`.
    pub fn set_all(&self, jobs: &[JobRef], on: bool) {
        self.jobs.update(|ticked| {
            if on {
                for job in jobs {
                    if !ticked.iter().any(|t| t.uid == job.uid) {
                        ticked.push(job.clone());
                    }
                }
            } else {
                ticked.retain(|t| !jobs.iter().any(|j| j.uid == t.uid));
            }
        });
    }

    /// Whether every job of `jobs` (at least one) is ticked. Reactive.
    pub fn all_selected(&self, jobs: &[JobRef]) -> bool {
        !jobs.is_empty() && jobs.iter().all(|j| self.is_selected(&j.uid))
    }

    /// How many jobs are ticked. Reactive.
    pub fn count(&self) -> usize {
        self.jobs.with(Vec::len)
    }

    /// The ticked jobs, now.
    pub fn jobs(&self) -> Vec<JobRef> {
        self.jobs.get_untracked()
    }

    /// Unticks everything.
    pub fn clear(&self) {
        self.jobs.set(Vec::new());
    }
}

/// What a batch could not send.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchEnd {
    /// Not started because the API throttled: the first refused and the rest.
    pub not_sent: Vec<JobRef>,
    /// Skipped because an action on them was still running.
    pub busy: Vec<JobRef>,
}

impl BatchEnd {
    /// What to tell the person, if anything went unsent.
    pub fn words(&self) -> Option<String> {
        let names = |jobs: &[JobRef]| {
            jobs.iter()
                .map(|j| j.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut text = Vec::new();
        if !self.not_sent.is_empty() {
            text.push(format!(
                "The API's quota is used up, so Jobdeck stopped: {} job(s) were not sent: {}. \
                 Send them again once the quota window resets.",
                self.not_sent.len(),
                names(&self.not_sent)
            ));
        }
        if !self.busy.is_empty() {
            text.push(format!(
                "Skipped, because an action on them was still running: {}.",
                names(&self.busy)
            ));
        }
        (!text.is_empty()).then(|| text.join(" "))
    }
}

/// Sends `kind` to each job, one POST at a time (the next once the last
/// has answered; each is followed in the background), and stops at the
/// first throttled answer.
pub async fn send_each(
    runner: ActionRunner,
    stack_uid: &str,
    jobs: Vec<JobRef>,
    kind: ActionKind,
) -> BatchEnd {
    let mut end = BatchEnd::default();
    let mut jobs = jobs.into_iter();
    while let Some(job) = jobs.next() {
        let request = ActionRequest {
            stack_uid: stack_uid.to_string(),
            target: Target::Job(job.clone()),
            kind,
            args: None,
        };
        match runner.send(request).await {
            Sent::Taken | Sent::Refused => {}
            Sent::Busy => end.busy.push(job),
            Sent::Throttled => {
                end.not_sent.push(job);
                end.not_sent.extend(jobs);
                break;
            }
        }
    }
    end
}

/// What a Pause all found before it: every job of the stack and which of
/// them were paused already.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PauseNote {
    /// The stack.
    pub stack_uid: String,
    /// Every job of the stack, as Jobdeck had them.
    pub all: Vec<JobRef>,
    /// The uids of those paused before the Pause all.
    pub paused_before: Vec<String>,
}

impl PauseNote {
    /// The jobs of `uids`, with their names.
    pub fn jobs_of(&self, uids: &[String]) -> Vec<JobRef> {
        self.all
            .iter()
            .filter(|j| uids.contains(&j.uid))
            .cloned()
            .collect()
    }
}

/// The notes of this tab's Pause all entries, by Activity entry key.
/// `Copy`, provided once as context.
#[derive(Clone, Copy)]
pub struct PauseNotes(RwSignal<Vec<(u64, PauseNote)>>);

impl Default for PauseNotes {
    fn default() -> Self {
        PauseNotes::new()
    }
}

impl PauseNotes {
    /// None yet.
    pub fn new() -> PauseNotes {
        PauseNotes(RwSignal::new(Vec::new()))
    }

    /// The note of an Activity entry, if its Pause all made one. Reactive.
    pub fn of(&self, key: u64) -> Option<PauseNote> {
        self.0.with(|notes| {
            notes
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, n)| n.clone())
        })
    }

    fn add(&self, key: u64, note: PauseNote) {
        self.0.try_update(|notes| notes.push((key, note)));
    }
}

/// What sending to many jobs needs, taken from context once, when a view
/// is set up: click handlers and tasks run without the view's context.
#[derive(Clone, Copy)]
pub struct Bulk {
    /// Starts and sends actions.
    pub runner: ActionRunner,
    api: ApiClient,
    stack_jobs: StackJobs,
    quota: QuotaState,
    log: ActivityLog,
    notes: PauseNotes,
}

impl Bulk {
    /// From the app's context.
    pub fn from_context() -> Bulk {
        Bulk {
            runner: expect_context::<ActionRunner>(),
            api: expect_context::<ApiClient>(),
            stack_jobs: expect_context::<StackJobs>(),
            quota: expect_context::<QuotaState>(),
            log: expect_context::<ActivityLog>(),
            notes: expect_context::<PauseNotes>(),
        }
    }
}

/// The newest Activity entry's key and progress (the one `start` just added).
fn newest(log: ActivityLog) -> Option<(u64, ArcRwSignal<Progress>)> {
    log.entries
        .try_with_untracked(|e| e.first().map(|e| (e.key, e.progress.clone())))
        .flatten()
}

/// Every page of the stack, loading those not held one at a time (each
/// also offered to the views over all jobs); `None` when a load fails or
/// the API throttles.
async fn all_pages(bulk: Bulk, stack_uid: &str) -> Option<AllJobs> {
    let all = bulk.stack_jobs.of(stack_uid);
    loop {
        let now = all.try_get_untracked()?;
        if now.is_complete() {
            return Some(now);
        }
        if bulk.quota.throttle.try_get_untracked().flatten().is_some() {
            return None;
        }
        // Page 1 until the page count is known, then the first not held.
        let page = match now.is_known() {
            false => 1,
            true => now
                .pages
                .iter()
                .position(|p| !matches!(p, PageSlot::Loaded(_)))
                .map_or(1, |i| i as u32 + 1),
        };
        let answer = bulk.api.jobs(stack_uid, page).await.ok()?;
        bulk.stack_jobs.offer(stack_uid, page, &answer);
    }
}

/// Pauses every job of the stack, having first noted (from all its pages,
/// loaded if missing) which were paused already, for "Restore previous
/// state". Without every page the Pause all still goes, without the note.
pub async fn pause_all_noting(bulk: Bulk, stack_uid: String, stack_name: String) -> bool {
    let Bulk {
        runner, log, notes, ..
    } = bulk;
    let note = all_pages(bulk, &stack_uid).await.map(|all| {
        let jobs = all.jobs();
        PauseNote {
            stack_uid: stack_uid.clone(),
            all: jobs.iter().map(|j| j.reference()).collect(),
            paused_before: jobs
                .iter()
                .filter(|j| j.paused)
                .map(|j| j.uid.clone())
                .collect(),
        }
    });
    let started = runner.start(ActionRequest {
        stack_uid,
        target: Target::Stack { name: stack_name },
        kind: ActionKind::PauseAll,
        args: None,
    });
    if let (true, Some(note), Some((key, _))) = (started, note, newest(log)) {
        notes.add(key, note);
    }
    started
}

/// Carries out a restore plan: unpause_all, once it has succeeded, then
/// pause again those paused before; or unpause the others one by one.
/// Returns what to tell the person.
pub async fn restore(
    bulk: Bulk,
    note: PauseNote,
    stack_name: String,
    plan: RestorePlan,
) -> Result<Option<String>, String> {
    let (runner, log) = (bulk.runner, bulk.log);
    let stack = note.stack_uid.clone();
    let end = match plan {
        RestorePlan::Nothing => BatchEnd::default(),
        RestorePlan::UnpauseEach(uids) => {
            send_each(runner, &stack, note.jobs_of(&uids), ActionKind::Unpause).await
        }
        RestorePlan::UnpauseAllThenPause(uids) => {
            let request = ActionRequest {
                stack_uid: stack.clone(),
                target: Target::Stack { name: stack_name },
                kind: ActionKind::UnpauseAll,
                args: None,
            };
            if !runner.start(request) {
                return Err(
                    "Unpause all could not start now (another action on the stack is \
                            running, or the API is throttling). Try again later."
                        .into(),
                );
            }
            let Some((_, progress)) = newest(log) else {
                return Ok(None);
            };
            while progress.with_untracked(Progress::is_running) {
                sleep(LOOK_AGAIN).await;
            }
            if !matches!(progress.get_untracked(), Progress::Succeeded(_)) {
                return Err(
                    "Unpause all did not succeed, so Jobdeck paused nothing again: \
                            see its entry in Activity."
                        .into(),
                );
            }
            send_each(runner, &stack, note.jobs_of(&uids), ActionKind::Pause).await
        }
    };
    Ok(end.words())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(n: &str) -> JobRef {
        JobRef {
            uid: n.into(),
            name: format!("name-{n}"),
        }
    }

    #[test]
    fn ticking_is_kept_once_and_in_order() {
        let owner = Owner::new();
        owner.with(|| {
            let s = Selection::provide();
            s.set(job("a"), true);
            s.set_all(&[job("b"), job("a"), job("c")], true);
            assert_eq!(s.count(), 3);
            assert!(s.all_selected(&[job("a"), job("c")]));
            s.set_all(&[job("a"), job("c")], false);
            assert_eq!(s.jobs(), vec![job("b")]);
            assert!(!s.all_selected(&[]));
            s.clear();
            assert_eq!(s.count(), 0);
        });
    }

    #[test]
    fn an_unsent_batch_names_its_jobs() {
        assert_eq!(BatchEnd::default().words(), None);
        let end = BatchEnd {
            not_sent: vec![job("c"), job("d")],
            busy: vec![job("a")],
        };
        let words = end.words().unwrap_or_default();
        assert!(
            words.contains("2 job(s) were not sent: name-c, name-d"),
            "{words}"
        );
        assert!(words.contains("still running: name-a"), "{words}");
    }
}
