//! Many jobs at once: the jobs ticked on a stack's page, and sending one
//! action to each of them one POST at a time. (A whole stack paused is
//! `pause_all`'s.)

use leptos::prelude::*;

use super::activity::start::{ActionRunner, Sent};
use super::activity::{ActionKind, ActionRequest, Target};
use crate::logic::model::JobRef;

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchEnd {
    /// What the batch sent.
    pub kind: ActionKind,
    /// Not started because the API throttled: the first refused and the rest.
    pub not_sent: Vec<JobRef>,
    /// Skipped because an action on them was still running.
    pub busy: Vec<JobRef>,
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
    let mut end = BatchEnd::of(kind);
    let request = |job: &JobRef| ActionRequest {
        stack_uid: stack_uid.to_string(),
        target: Target::Job(job.clone()),
        kind,
        args: None,
    };
    let mut jobs = jobs.into_iter();
    while let Some(job) = jobs.next() {
        match runner.send(request(&job)).await {
            Sent::Taken | Sent::Refused => {}
            Sent::Busy => {
                runner.not_sent(request(&job), "an action on it was still running.");
                end.busy.push(job);
            }
            Sent::Throttled => {
                end.not_sent.push(job);
                // Every job of the batch gets an outcome in Activity.
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
        assert_eq!(BatchEnd::of(ActionKind::Pause).words(), None);
        let end = BatchEnd {
            kind: ActionKind::Pause,
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
