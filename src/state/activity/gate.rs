//! Whether the action buttons of one rendered page of a stack must do
//! nothing now, and which show a spinner: a target with an action in flight
//! accepts no other (so a double click sends one POST), and nothing that
//! changes jobs is sent while throttled.

use std::sync::Arc;

use leptos::prelude::*;

use super::{ActivityLog, Progress};
use crate::state::quota::QuotaState;
use crate::state::scoped::scoped_memo;

#[derive(Clone, Debug, PartialEq)]
struct Blocked {
    throttled: bool,
    /// (job uid or `None` for stack-wide) of the stack's running actions.
    running: Vec<Option<String>>,
}

/// Made once per rendered page by [`ActionGate::new`]; cheap to clone.
#[derive(Clone)]
pub struct ActionGate(ArcMemo<Blocked>);

impl ActionGate {
    /// The gate of one stack's page, cut loose from the log and the throttle
    /// when the calling owner is cleaned up.
    pub fn new(log: ActivityLog, quota: QuotaState, stack_uid: Arc<str>) -> ActionGate {
        // Scoped: the log and the throttle outlive every page (see
        // `state::scoped`).
        let blocked = scoped_memo(move || Blocked {
            throttled: quota.is_throttled(),
            running: log.entries.with(|entries| {
                entries
                    .iter()
                    .filter(|e| e.request.stack_uid == *stack_uid)
                    .filter(|e| e.progress.with(Progress::is_running))
                    .map(|e| e.request.job_uid().map(str::to_string))
                    .collect()
            }),
        });
        ActionGate(blocked)
    }

    /// Whether the job has an action in flight, its own or a stack-wide one. Reactive.
    pub fn job_busy(&self, job_uid: &str) -> bool {
        self.0.with(|b| {
            b.running
                .iter()
                .any(|r| r.is_none() || r.as_deref() == Some(job_uid))
        })
    }

    /// Whether the job's buttons do nothing now: busy, or throttled. Reactive.
    pub fn job_blocked(&self, job_uid: &str) -> bool {
        self.0.with(|b| b.throttled) || self.job_busy(job_uid)
    }

    /// Whether Pause all and Unpause all do nothing now. Reactive.
    pub fn stack_blocked(&self) -> bool {
        self.0
            .with(|b| b.throttled || b.running.iter().any(Option::is_none))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::activity::runner::job_request;
    use crate::state::activity::ActionKind;

    #[test]
    fn a_running_job_action_makes_only_that_job_busy() {
        let owner = Owner::new();
        owner.with(|| {
            let (log, quota) = (ActivityLog::new(), QuotaState::new());
            let gate = ActionGate::new(log, quota, "s1".into());
            let other = ActionGate::new(log, quota, "s2".into());
            log.add(job_request("s1", "j1", "x", ActionKind::RunNow));
            assert!(gate.job_busy("j1"));
            assert!(!gate.job_busy("j2"));
            assert!(!gate.stack_blocked());
            assert!(!other.job_busy("j1"));
            assert!(log.is_busy("s1", Some("j1")));
            assert!(!log.is_busy("s1", None));
        });
    }

    #[test]
    fn a_stack_wide_action_blocks_every_job_and_ends() {
        let owner = Owner::new();
        owner.with(|| {
            let (log, quota) = (ActivityLog::new(), QuotaState::new());
            let gate = ActionGate::new(log, quota, "s1".into());
            let mut request = job_request("s1", "j1", "x", ActionKind::PauseAll);
            request.target = crate::state::activity::Target::Stack {
                name: "Acme".into(),
            };
            let progress = log.add(request);
            assert!(gate.job_blocked("j9") && gate.stack_blocked());
            assert!(log.is_busy("s1", None) && log.is_busy("s1", Some("j9")));
            progress.set(Progress::Succeeded(None));
            assert!(!gate.job_blocked("j9") && !gate.stack_blocked());
            assert!(!log.is_busy("s1", None));
        });
    }
}
