//! Many jobs at once: the jobs ticked on a stack's page or on All jobs
//! (each with its stack), and sending one action to each of them one POST
//! at a time. (A whole stack paused is `pause_all`'s.)

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::activity::start::{ActionRunner, Sent};
use super::activity::{ActionKind, ActionRequest, Target};
use super::other_tabs::OtherTabs;
use crate::logic::model::{JobInStack, JobRef};

/// The ticked jobs, in the order they were ticked. `Copy`; provided by the
/// jobs page (built anew for each stack) and by All jobs, so a selection
/// survives paging, refreshes and sorting but not a change of page.
#[derive(Clone, Copy)]
pub struct Selection {
    jobs: RwSignal<Vec<JobInStack>>,
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
    pub fn is_selected(&self, stack: &str, uid: &str) -> bool {
        self.jobs
            .with(|jobs| jobs.iter().any(|j| j.job.uid == uid && *j.stack == *stack))
    }

    /// Ticks or unticks one job.
    pub fn set(&self, job: JobInStack, on: bool) {
        self.set_all(std::slice::from_ref(&job), on);
    }

    /// Ticks or unticks every job of `jobs` (thousands, with Select all on
    /// All jobs: looked up in a set, not one by one).
    pub fn set_all(&self, jobs: &[JobInStack], on: bool) {
        self.jobs.update(|ticked| {
            let held: BTreeSet<(Arc<str>, String)> = ticked.iter().map(key).collect();
            if on {
                let mut added = BTreeSet::new();
                for job in jobs {
                    let k = key(job);
                    if !held.contains(&k) && added.insert(k) {
                        ticked.push(job.clone());
                    }
                }
            } else {
                let gone: BTreeSet<(Arc<str>, String)> = jobs.iter().map(key).collect();
                ticked.retain(|t| !gone.contains(&key(t)));
            }
        });
    }

    /// Whether every job of `jobs` (at least one) is ticked. Reactive.
    pub fn all_selected(&self, jobs: &[JobInStack]) -> bool {
        self.jobs.with(|ticked| {
            if jobs.is_empty() || ticked.len() < jobs.len() {
                return false;
            }
            let held: BTreeSet<(Arc<str>, String)> = ticked.iter().map(key).collect();
            jobs.iter().all(|j| held.contains(&key(j)))
        })
    }

    /// How many jobs are ticked. Reactive.
    pub fn count(&self) -> usize {
        self.jobs.with(Vec::len)
    }

    /// How many stacks the ticked jobs belong to. Reactive.
    pub fn stacks(&self) -> usize {
        self.jobs
            .with(|jobs| jobs.iter().map(|j| &j.stack).collect::<BTreeSet<_>>().len())
    }

    /// [`Self::stacks`], now.
    pub fn stacks_untracked(&self) -> usize {
        untrack(|| self.stacks())
    }

    /// The ticked jobs, now (a stack's page: all of its stack).
    pub fn jobs(&self) -> Vec<JobRef> {
        self.jobs
            .with_untracked(|jobs| jobs.iter().map(|j| j.job.clone()).collect())
    }

    /// The ticked jobs with their stacks, now.
    pub fn picked(&self) -> Vec<JobInStack> {
        self.jobs.get_untracked()
    }

    /// Unticks everything.
    pub fn clear(&self) {
        self.jobs.set(Vec::new());
    }

    /// Sends a batch once: while one is on its way, another (a double
    /// click, key repeat, Send the rest) does nothing. It runs under the Web
    /// Lock `lock` (`other_tabs`: a tab never sends what another is
    /// sending, and says so with `name`); what it could not send goes to
    /// `unsent`.
    pub fn send_once(
        &self,
        unsent: RwSignal<Option<BatchEnd>>,
        (lock, name): (String, String),
        work: impl Future<Output = Option<BatchEnd>> + 'static,
    ) {
        if self.sending.get_untracked() {
            return;
        }
        self.sending.set(true);
        unsent.set(None);
        let (sending, other_tabs) = (self.sending, expect_context::<OtherTabs>());
        spawn_local(async move {
            let end = other_tabs.alone(&lock, &name, work).await.flatten();
            unsent.try_set(end.filter(|end| !end.is_complete()));
            sending.try_set(false);
        });
    }
}

fn key(job: &JobInStack) -> (Arc<str>, String) {
    (job.stack.clone(), job.job.uid.clone())
}

/// The Web Lock of a bulk action across stacks (All jobs): one at a time
/// among tabs, as a stack's are (`other_tabs`).
pub const ACROSS_LOCK: &str = "*across-stacks*";
/// What the tab waiting for [`ACROSS_LOCK`] calls the other's action's jobs.
pub const ACROSS_NAME: &str = "jobs of several stacks";

/// What a batch could not send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchEnd {
    /// What the batch sent.
    pub kind: ActionKind,
    /// Not started because the API throttled: the first refused and the rest.
    pub not_sent: Vec<JobInStack>,
    /// Skipped because an action on them was still running.
    pub busy: Vec<JobInStack>,
}

impl BatchEnd {
    /// A batch of `kind` that sent everything (so far).
    pub fn of(kind: ActionKind) -> BatchEnd {
        BatchEnd {
            kind,
            not_sent: Vec::new(),
            busy: Vec::new(),
        }
    }

    /// Whether anything went unsent.
    pub fn is_complete(&self) -> bool {
        self.not_sent.is_empty() && self.busy.is_empty()
    }

    /// What to tell the person, if anything went unsent.
    pub fn words(&self) -> Option<String> {
        let names = |jobs: &[JobInStack]| {
            jobs.iter()
                .map(|j| j.job.name.as_str())
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

/// Sends `kind` to each job of one stack: [`send_across`].
pub async fn send_each(
    runner: ActionRunner,
    stack_uid: &str,
    jobs: Vec<JobRef>,
    kind: ActionKind,
) -> BatchEnd {
    let stack: Arc<str> = stack_uid.into();
    let jobs = jobs.into_iter().map(|job| JobInStack {
        stack: stack.clone(),
        job,
    });
    send_across(runner, jobs.collect(), kind).await
}

/// Sends `kind` to each job of one or several stacks (All jobs, or what a
/// batch could not send), a stack at a time in the order first given, one
/// POST at a time (the next once the last has answered; each is followed in
/// the background). After the first throttled answer nothing more is sent,
/// and every job of the batch gets an outcome in Activity.
pub async fn send_across(
    runner: ActionRunner,
    jobs: Vec<JobInStack>,
    kind: ActionKind,
) -> BatchEnd {
    let request = |j: &JobInStack| ActionRequest {
        stack_uid: j.stack.to_string(),
        target: Target::Job(j.job.clone()),
        kind,
        args: None,
    };
    let mut end = BatchEnd::of(kind);
    let mut jobs = by_stack(jobs).into_iter();
    while let Some(job) = jobs.next() {
        match runner.send(request(&job)).await {
            Sent::Taken | Sent::Refused => {}
            Sent::Busy => {
                runner.not_sent(request(&job), "an action on it was still running.");
                end.busy.push(job);
            }
            Sent::Throttled => {
                end.not_sent.push(job);
                for rest in jobs {
                    runner.not_sent(request(&rest), "stopped after the API throttled.");
                    end.not_sent.push(rest);
                }
                break;
            }
        }
    }
    end
}

/// The jobs grouped by stack, the stacks in the order first met, each
/// stack's jobs in the order given.
fn by_stack(jobs: Vec<JobInStack>) -> Vec<JobInStack> {
    let mut stacks: Vec<Arc<str>> = Vec::new();
    for job in &jobs {
        if !stacks.contains(&job.stack) {
            stacks.push(job.stack.clone());
        }
    }
    let mut jobs = jobs;
    jobs.sort_by_key(|j| stacks.iter().position(|s| *s == j.stack));
    jobs
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
            let at = |stack: &str, n: &str| JobInStack {
                stack: stack.into(),
                job: job(n),
            };
            let s = Selection::provide();
            s.set(at("s1", "a"), true);
            s.set_all(&[at("s1", "b"), at("s1", "a"), at("s1", "c")], true);
            assert_eq!(s.count(), 3);
            assert!(s.all_selected(&[at("s1", "a"), at("s1", "c")]));
            s.set_all(&[at("s1", "a"), at("s1", "c")], false);
            assert_eq!(s.jobs(), vec![job("b")]);
            assert!(!s.all_selected(&[]));
            // The same uid in another stack is another job.
            s.set(at("s2", "b"), true);
            assert_eq!((s.count(), s.stacks()), (2, 2));
            assert!(s.is_selected("s2", "b") && !s.is_selected("s2", "a"));
            assert!(!s.all_selected(&[at("s2", "b"), at("s2", "c")]));
            s.clear();
            assert_eq!(s.count(), 0);
        });
    }

    fn in_s1(n: &str) -> JobInStack {
        JobInStack {
            stack: "s1".into(),
            job: job(n),
        }
    }

    #[test]
    fn a_batch_goes_a_stack_at_a_time_in_the_order_first_given() {
        let at = |stack: &str, n: &str| JobInStack {
            stack: stack.into(),
            job: job(n),
        };
        let given = vec![at("s2", "a"), at("s1", "b"), at("s2", "c"), at("s1", "d")];
        let order: Vec<String> = by_stack(given).into_iter().map(|j| j.job.uid).collect();
        assert_eq!(order, ["a", "c", "b", "d"]);
    }

    #[test]
    fn an_unsent_batch_names_its_jobs() {
        assert_eq!(BatchEnd::of(ActionKind::Pause).words(), None);
        let end = BatchEnd {
            kind: ActionKind::Pause,
            not_sent: vec![in_s1("c"), in_s1("d")],
            busy: vec![in_s1("a")],
        };
        let words = end.words().unwrap_or_default();
        assert!(
            words.contains("2 job(s) were not sent: name-c, name-d"),
            "{words}"
        );
        assert!(words.contains("still running: name-a"), "{words}");
    }
}
