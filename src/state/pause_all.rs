//! Pause all, the whole story: its question, the note it makes first of
//! which jobs were paused already (from every page of the stack, through
//! the one loader), and Restore previous state, which unpauses only the
//! others, the cheaper way, after saying which way and what it costs.

use std::time::Duration;

use leptos::prelude::*;

use super::activity::start::ActionRunner;
use super::activity::{ActionKind, ActionRequest, ActivityLog, Progress, Target};
use super::selection::{send_each, BatchEnd};
use super::stack_jobs::StackJobs;
use crate::browser::sleep;
use crate::logic::bulk::RestorePlan;
use crate::logic::model::JobRef;
use crate::logic::time::EpochMillis;
use crate::state::clock::Clock;

/// How often a restore looks again at its unpause_all: a local signal, no requests.
const LOOK_AGAIN: Duration = Duration::from_millis(200);

/// What a Pause all found before it: every job of the stack, which of them
/// were paused already, and their schedules, to say after a restore what
/// the pause skipped.
#[derive(Clone, Debug, PartialEq)]
pub struct PauseNote {
    /// The stack.
    pub stack_uid: String,
    /// Every job of the stack, as Jobdeck had them.
    pub all: Vec<JobRef>,
    /// The uids of those paused before the Pause all.
    pub paused_before: Vec<String>,
    /// Each job's `cron` field, by uid.
    pub crons: Vec<(String, Option<String>)>,
    /// When the Pause all was sent, by the app's clock.
    pub paused_at: Option<EpochMillis>,
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

    /// The plan in words, and the names of the jobs it lists.
    pub fn plan_words(&self, plan: &RestorePlan) -> (String, Vec<String>) {
        let n = self.all.len();
        let k = self.paused_before.len();
        let names = |uids: &[String]| self.jobs_of(uids).into_iter().map(|j| j.name).collect();
        match plan {
            RestorePlan::Nothing => (
                "Every job was already paused before Pause all: there is nothing to unpause."
                    .into(),
                Vec::new(),
            ),
            RestorePlan::UnpauseAllThenPause(keep) => (
                format!(
                    "{} of the {n} jobs were not paused before Pause all. The cheaper way: one \
                     unpause_all, then pause again, one at a time, the {} jobs that were paused \
                     before (listed): {} POSTs instead of {} single unpauses. Those jobs are \
                     unpaused for a few seconds in between.",
                    n - k,
                    keep.len(),
                    plan.posts(),
                    n - k
                ),
                names(keep),
            ),
            RestorePlan::UnpauseEach(unpause) => (
                format!(
                    "The cheaper way: unpause these {} jobs one at a time ({} POSTs instead of \
                     unpause_all and pausing {k} again, {}); the {k} paused before stay paused.",
                    unpause.len(),
                    plan.posts(),
                    1 + k
                ),
                names(unpause),
            ),
        }
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

/// What Pause all and its restore need, taken from context once, when a
/// view is set up: click handlers and tasks run without the view's context.
#[derive(Clone, Copy)]
pub struct PauseAll {
    runner: ActionRunner,
    jobs: StackJobs,
    log: ActivityLog,
    notes: PauseNotes,
    clock: Clock,
}

impl PauseAll {
    /// From the app's context.
    pub fn from_context() -> PauseAll {
        PauseAll {
            runner: expect_context::<ActionRunner>(),
            jobs: expect_context::<StackJobs>(),
            log: expect_context::<ActivityLog>(),
            notes: expect_context::<PauseNotes>(),
            clock: Clock::get(),
        }
    }

    /// The pages of the stack's jobs Jobdeck lacks, which a Pause all loads
    /// first to make its note.
    pub fn pages_to_load(&self, stack_uid: &str) -> usize {
        self.jobs.read(stack_uid, |pages| pages.missing())
    }

    /// Pauses every job of the stack, having first noted (from all its
    /// pages, loading those missing and waiting for those on their way)
    /// which were paused already. Without every page the Pause all still
    /// goes, without the note. Returns whether it started.
    pub async fn pause(self, stack_uid: String, stack_name: String) -> bool {
        let note = self.jobs.all(&stack_uid).await.ok().map(|jobs| PauseNote {
            stack_uid: stack_uid.clone(),
            all: jobs.iter().map(|j| j.reference()).collect(),
            paused_before: jobs
                .iter()
                .filter(|j| j.paused)
                .map(|j| j.uid.clone())
                .collect(),
            crons: jobs
                .iter()
                .map(|j| (j.uid.clone(), j.cron.clone()))
                .collect(),
            paused_at: Some(self.clock.exact_untracked()),
        });
        let started = self.runner.start(ActionRequest {
            stack_uid,
            target: Target::Stack { name: stack_name },
            kind: ActionKind::PauseAll,
            args: None,
        });
        if let (true, Some(note), Some((key, _))) = (started, note, newest(self.log)) {
            self.notes.add(key, note);
        }
        started
    }

    /// Carries out a restore plan: unpause_all, once it has succeeded, then
    /// pause again those paused before; or unpause the others one by one.
    /// Returns what to tell the person.
    pub async fn restore(
        self,
        note: PauseNote,
        stack_name: String,
        plan: RestorePlan,
    ) -> Result<Option<String>, String> {
        let (runner, stack) = (self.runner, note.stack_uid.clone());
        let end = match plan {
            RestorePlan::Nothing => BatchEnd::of(ActionKind::Unpause),
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
                    return Err("Unpause all could not start now (another action on the \
                                stack is running, or the API is throttling). Try again later."
                        .into());
                }
                let Some((_, progress)) = newest(self.log) else {
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
}

/// The newest Activity entry's key and progress (the one `start` just added).
fn newest(log: ActivityLog) -> Option<(u64, ArcRwSignal<Progress>)> {
    log.entries
        .try_with_untracked(|e| e.first().map(|e| (e.key, e.progress.clone())))
        .flatten()
}

/// "page" or "N pages", for "the … it lacks".
pub fn pages_words(missing: usize) -> String {
    match missing {
        1 => "page".into(),
        n => format!("{n} pages"),
    }
}

/// The question Pause all or Unpause all asks, with the number of jobs it
/// touches and, for a Pause all, the pages it loads first.
pub fn confirm_words(
    kind: ActionKind,
    count: u32,
    stack: &str,
    missing: usize,
) -> (String, String) {
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
        _ => {
            let mut message = format!(
                "This pauses {all} {jobs} of {stack}: none of them runs on schedule until \
                 unpaused. Runs already started are not stopped."
            );
            if missing > 0 {
                message.push_str(&format!(
                    " Jobdeck first loads the {} it lacks to remember which jobs were already \
                     paused, so that Restore previous state can leave those paused.",
                    pages_words(missing)
                ));
            }
            ("Pause all jobs?".into(), message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirmations_count_the_jobs_and_the_pages_to_load() {
        let (title, message) = confirm_words(ActionKind::PauseAll, 75, "Acme", 0);
        assert_eq!(title, "Pause all jobs?");
        assert!(
            message.starts_with("This pauses all 75 jobs of Acme"),
            "{message}"
        );
        assert!(!message.contains("loads"), "{message}");
        let (_, message) = confirm_words(ActionKind::PauseAll, 75, "Acme", 2);
        assert!(message.contains("loads the 2 pages it lacks"), "{message}");
        let (_, message) = confirm_words(ActionKind::UnpauseAll, 1, "Acme", 2);
        assert!(
            message.starts_with("This unpauses the only job of Acme"),
            "{message}"
        );
        assert!(!message.contains("loads"), "{message}");
    }

    #[test]
    fn a_restore_plan_names_the_jobs_it_acts_on() {
        let job = |n: &str| JobRef {
            uid: n.into(),
            name: format!("name-{n}"),
        };
        let note = PauseNote {
            stack_uid: "s".into(),
            all: vec![job("a"), job("b"), job("c")],
            paused_before: vec!["b".into()],
            crons: Vec::new(),
            paused_at: None,
        };
        let (how, names) = note.plan_words(&RestorePlan::UnpauseEach(vec!["a".into(), "c".into()]));
        assert!(how.contains("unpause these 2 jobs"), "{how}");
        assert_eq!(names, ["name-a", "name-c"]);
    }
}
