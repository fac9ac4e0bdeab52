//! The runner wired to the browser, and the one hook that starts an action,
//! for the page's bulk buttons and every row alike.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::runner::{follow, follow_posted, not_sent, ActionPort};
use super::{ActionKind, ActionRequest, ActivityLog, Progress, Target};
use crate::api::{ApiClient, ApiError};
use crate::browser::{now_ms, sleep};
use crate::logic::model::{Action, JobRef};
use crate::state::attribution::Attribution;
use crate::state::quota::QuotaState;
use crate::state::screen::ScreenData;
use crate::state::session::Session;

/// Starts actions and follows them in the background. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct ActionRunner {
    api: ApiClient,
    quota: QuotaState,
    session: Session,
    log: ActivityLog,
    screen: ScreenData,
    attribution: Attribution,
}

impl ActionRunner {
    /// A runner over the app's client and state.
    pub fn new(
        api: ApiClient,
        quota: QuotaState,
        session: Session,
        log: ActivityLog,
        screen: ScreenData,
        attribution: Attribution,
    ) -> ActionRunner {
        ActionRunner {
            api,
            quota,
            session,
            log,
            screen,
            attribution,
        }
    }

    /// Starts an action and follows it to its end. Returns false, sending
    /// nothing, when its target is already busy or the API is throttling:
    /// this is what makes a double click send one POST.
    pub fn start(&self, request: ActionRequest) -> bool {
        if self.log.is_busy(&request.stack_uid, request.job_uid())
            || self.quota.throttle.get_untracked().is_some()
        {
            return false;
        }
        let progress = self.log.add(request.clone());
        let this = *self;
        spawn_local(async move {
            let report = |p: Progress| progress.set(p);
            let last = follow(&this, &request, &report).await;
            this.ended(&request, &progress, last);
        });
        true
    }

    /// Sends one action of a batch and returns once its POST has answered,
    /// following it in the background: so a batch's POSTs go one at a time.
    /// Like [`Self::start`], sends nothing for a busy job or while throttled.
    pub async fn send(&self, request: ActionRequest) -> Sent {
        if self.quota.throttle.get_untracked().is_some() {
            self.log.add_with(
                request,
                Progress::NotSent(
                    "the hourly API quota is used up; send it again once the quota window resets."
                        .into(),
                ),
            );
            return Sent::Throttled;
        }
        if self.log.is_busy(&request.stack_uid, request.job_uid()) {
            return Sent::Busy;
        }
        let progress = self.log.add(request.clone());
        match ActionPort::post(self, &request).await {
            Ok(action) => {
                let this = *self;
                spawn_local(async move {
                    let report = |p: Progress| progress.set(p);
                    let last = follow_posted(&this, &request, action, &report).await;
                    this.ended(&request, &progress, last);
                });
                Sent::Taken
            }
            Err(error) => {
                progress.set(not_sent(&error));
                match error {
                    ApiError::Throttled(_) => Sent::Throttled,
                    _ => Sent::Refused,
                }
            }
        }
    }

    /// Lists a job of a batch that stopped before it, so that every job of
    /// the batch has an outcome in Activity.
    pub fn not_sent(&self, request: ActionRequest, why: &str) {
        self.log.add_with(request, Progress::NotSent(why.into()));
    }

    fn ended(&self, request: &ActionRequest, progress: &ArcRwSignal<Progress>, last: Progress) {
        self.attribution.ended(request, &last);
        progress.set(last);
        // While throttled the reload would be refused; the end of the
        // throttle reloads the screen anyway.
        if self.quota.throttle.try_get_untracked().flatten().is_none() {
            self.screen.reload_soon();
        }
    }
}

/// How the POST of one action of a batch went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent {
    /// The API took it; it is followed in the background.
    Taken,
    /// Not sent: its job had an action running.
    Busy,
    /// Refused, or no usable answer: its Activity entry says which.
    Refused,
    /// Throttled (now or already): nothing more can be sent for a while.
    Throttled,
}

impl ActionPort for ActionRunner {
    async fn post(&self, request: &ActionRequest) -> Result<Action, ApiError> {
        let (stack, job) = (
            request.stack_uid.as_str(),
            request.job_uid().unwrap_or_default(),
        );
        let answer = match request.kind {
            ActionKind::RunNow => self.api.run_now(stack, job, request.args.as_deref()).await,
            ActionKind::Pause => self.api.pause(stack, job).await,
            ActionKind::Unpause => self.api.unpause(stack, job).await,
            ActionKind::PauseAll => self.api.pause_all(stack).await,
            ActionKind::UnpauseAll => self.api.unpause_all(stack).await,
        };
        // The API's actions do not name their job: this device remembers it.
        if let Ok(action) = &answer {
            self.attribution.started(request, action);
        }
        answer
    }

    async fn poll(&self, stack_uid: &str, action_id: u64) -> Result<Action, ApiError> {
        self.api.action(stack_uid, action_id).await
    }

    async fn sleep(&self, wait: Duration) {
        sleep(wait).await
    }

    fn now_ms(&self) -> f64 {
        now_ms()
    }

    fn throttled_for(&self) -> Option<Duration> {
        self.quota.throttled_for()
    }

    fn signed_in(&self) -> bool {
        self.session.signed_in.try_get_untracked().unwrap_or(false)
    }
}

/// Starts actions on one stack's jobs. Cheap to clone.
#[derive(Clone)]
pub struct StartAction {
    runner: ActionRunner,
    stack_uid: Arc<str>,
}

impl StartAction {
    /// Runs, pauses or unpauses one job.
    pub fn job(&self, job: JobRef, kind: ActionKind, args: Option<String>) -> bool {
        self.runner.start(ActionRequest {
            stack_uid: self.stack_uid.to_string(),
            target: Target::Job(job),
            kind,
            args,
        })
    }

    /// What a button that starts `kind` on `job` does when clicked.
    pub fn on_click(&self, job: JobRef, kind: ActionKind) -> Callback<()> {
        let this = self.clone();
        Callback::new(move |()| {
            this.job(job.clone(), kind, None);
        })
    }

    /// Pauses or unpauses every job of the stack, named `stack_name` in the log.
    pub fn all(&self, stack_name: String, kind: ActionKind) -> bool {
        self.runner.start(ActionRequest {
            stack_uid: self.stack_uid.to_string(),
            target: Target::Stack { name: stack_name },
            kind,
            args: None,
        })
    }
}

/// The hook the page and its rows use to start actions on a stack's jobs.
pub fn use_start_action(stack_uid: Arc<str>) -> StartAction {
    StartAction {
        runner: expect_context::<ActionRunner>(),
        stack_uid,
    }
}
