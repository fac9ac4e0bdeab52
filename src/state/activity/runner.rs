//! Following one action to its end, as plain async code over an
//! [`ActionPort`]: the browser's in the app, a fake transport and clock in
//! the tests. POST, then poll on a growing schedule until the action
//! finishes; an outcome Jobdeck cannot know is said to be unknown.

use std::time::Duration;

use super::{ActionKind, ActionRequest, Progress, Target};
use crate::api::ApiError;
use crate::logic::backoff::{poll_delay, GIVE_UP_AFTER};
use crate::logic::model::Action;

/// Where the check on a History page is, for outcomes Jobdeck cannot tell.
const CHECK: &str = "Check the stack's actions before starting it again.";

/// What following an action needs from the world.
// Futures here run on the page's single thread, so no `Send` bound is wanted.
#[allow(async_fn_in_trait)]
pub trait ActionPort {
    /// Sends the action's POST.
    async fn post(&self, request: &ActionRequest) -> Result<Action, ApiError>;
    /// Reads the action's current state.
    async fn poll(&self, stack_uid: &str, action_id: u64) -> Result<Action, ApiError>;
    /// Waits.
    async fn sleep(&self, wait: Duration);
    /// Milliseconds since the epoch.
    fn now_ms(&self) -> f64;
    /// How long the API's throttle still lasts, if it is on.
    fn throttled_for(&self) -> Option<Duration>;
    /// Whether someone is still signed in.
    fn signed_in(&self) -> bool;
}

/// Sends the action and follows it until it finishes, cannot be followed,
/// or runs past [`GIVE_UP_AFTER`]. `report` hears every change on the way;
/// the final state is returned.
pub async fn follow(
    port: &impl ActionPort,
    request: &ActionRequest,
    report: &dyn Fn(Progress),
) -> Progress {
    match port.post(request).await {
        Ok(action) => follow_posted(port, request, action, report).await,
        Err(error) => not_sent(&error),
    }
}

/// Follows an action whose POST has answered with `action` (a batch sends
/// its POSTs itself, one at a time, and follows each this way).
pub async fn follow_posted(
    port: &impl ActionPort,
    request: &ActionRequest,
    mut action: Action,
    report: &dyn Fn(Progress),
) -> Progress {
    let started = port.now_ms();
    // Time spent waiting out a throttle does not count towards giving up:
    // after the quota window resets, one more poll can still tell the outcome.
    let mut throttled_ms = 0.0;
    let mut attempt = 0;
    let mut failures = 0u32;
    while !action.is_finished() {
        if port.now_ms() - started - throttled_ms > GIVE_UP_AFTER.as_millis() as f64 {
            return Progress::Unknown(format!(
                "still not finished after 20 minutes, so Jobdeck stopped following it. {CHECK}"
            ));
        }
        port.sleep(poll_delay(attempt)).await;
        attempt += 1;
        while let Some(wait) = port.throttled_for() {
            let before = port.now_ms();
            port.sleep(wait.max(Duration::from_millis(500))).await;
            throttled_ms += port.now_ms() - before;
        }
        if !port.signed_in() {
            return Progress::Unknown(format!(
                "signed out before it finished, so Jobdeck stopped following it. {CHECK}"
            ));
        }
        match port.poll(&request.stack_uid, action.id).await {
            Ok(latest) => {
                if failures > 0 {
                    failures = 0;
                    report(Progress::Running(None));
                }
                action = latest;
            }
            Err(ApiError::Unauthenticated) => {
                return Progress::Unknown(format!(
                    "the API rejected the token while Jobdeck followed it (401). Sign in again; {}",
                    lowercase_first(CHECK)
                ));
            }
            Err(error @ (ApiError::Forbidden(_) | ApiError::NotFound(_))) => {
                return Progress::Unknown(format!(
                    "Jobdeck could not follow it. {} {CHECK}",
                    error.message()
                ));
            }
            // Network trouble, 5xx, a garbled body: the next poll may work,
            // but the person must see that checking fails.
            Err(error) => {
                failures += 1;
                report(Progress::Running(Some(format!(
                    "Could not check on it ({} in a row): {} Jobdeck keeps trying.",
                    failures,
                    error.message()
                ))));
            }
        }
    }
    outcome(&action)
}

/// Why a POST that failed did or did not start anything. A refusal (4xx,
/// throttled) started nothing; no answer, a 5xx or an unreadable answer may
/// have come after the API acted, so the outcome is unknown.
pub fn not_sent(error: &ApiError) -> Progress {
    match error {
        ApiError::Throttled(_) => Progress::Failed(
            "Not started: the hourly API quota is used up. Start it again once the quota \
             window resets."
                .into(),
        ),
        ApiError::Unauthenticated
        | ApiError::Forbidden(_)
        | ApiError::NotFound(_)
        | ApiError::Http {
            status: 400..=499, ..
        } => Progress::Failed(format!("Not started. {}", error.message())),
        ApiError::Shape(_) => Progress::Unknown(format!(
            "the API took the request but its answer could not be read, so Jobdeck cannot follow it. {CHECK}"
        )),
        _ => Progress::Unknown(format!(
            "no usable answer from the API, so it may or may not have started. {} {CHECK}",
            error.message()
        )),
    }
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

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A request for one job, for tests and callers that have only names.
pub fn job_request(stack_uid: &str, uid: &str, name: &str, kind: ActionKind) -> ActionRequest {
    ActionRequest {
        stack_uid: stack_uid.into(),
        target: Target::Job(crate::logic::model::JobRef {
            uid: uid.into(),
            name: name.into(),
        }),
        kind,
        args: None,
    }
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};
    use std::collections::VecDeque;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use super::*;

    /// Runs a future whose every await is ready at once (the fake port's are).
    fn run<F: Future>(future: F) -> F::Output {
        let mut future = pin!(future);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
        }
    }

    /// Scripted answers and a clock that moves only when the runner sleeps.
    struct Fake {
        post: RefCell<Option<Result<Action, ApiError>>>,
        polls: RefCell<VecDeque<Result<Action, ApiError>>>,
        clock: Cell<f64>,
        sleeps: RefCell<Vec<u64>>,
        polled: Cell<u32>,
        throttled_until: Cell<f64>,
        signed_in: Cell<bool>,
    }

    impl Fake {
        fn new(post: Result<Action, ApiError>, polls: Vec<Result<Action, ApiError>>) -> Fake {
            Fake {
                post: RefCell::new(Some(post)),
                polls: RefCell::new(polls.into()),
                clock: Cell::new(0.0),
                sleeps: RefCell::new(Vec::new()),
                polled: Cell::new(0),
                throttled_until: Cell::new(0.0),
                signed_in: Cell::new(true),
            }
        }
    }

    impl ActionPort for Fake {
        async fn post(&self, _: &ActionRequest) -> Result<Action, ApiError> {
            self.post.borrow_mut().take().expect("one POST only")
        }
        async fn poll(&self, _: &str, _: u64) -> Result<Action, ApiError> {
            self.polled.set(self.polled.get() + 1);
            self.polls
                .borrow_mut()
                .pop_front()
                .unwrap_or_else(|| Ok(running()))
        }
        async fn sleep(&self, wait: Duration) {
            self.sleeps.borrow_mut().push(wait.as_millis() as u64);
            self.clock.set(self.clock.get() + wait.as_millis() as f64);
        }
        fn now_ms(&self) -> f64 {
            self.clock.get()
        }
        fn throttled_for(&self) -> Option<Duration> {
            let left = self.throttled_until.get() - self.clock.get();
            (left > 0.0).then(|| Duration::from_millis(left as u64))
        }
        fn signed_in(&self) -> bool {
            self.signed_in.get()
        }
    }

    fn running() -> Action {
        serde_json::from_value(serde_json::json!({"id": 7})).unwrap()
    }

    fn finished(success: bool, message: &str) -> Action {
        serde_json::from_value(serde_json::json!({
            "id": 7, "finished_at": "2016-02-04T12:52:24Z",
            "finished_success": success, "finished_message": message
        }))
        .unwrap()
    }

    fn follow_with(fake: &Fake) -> (Progress, Vec<Progress>) {
        let seen = RefCell::new(Vec::new());
        let request = job_request("s", "j", "db-backup", ActionKind::RunNow);
        let last = run(follow(fake, &request, &|p| seen.borrow_mut().push(p)));
        (last, seen.into_inner())
    }

    #[test]
    fn polls_on_a_growing_schedule_until_it_finishes() {
        let fake = Fake::new(
            Ok(running()),
            vec![Ok(running()), Ok(running()), Ok(finished(true, "ran"))],
        );
        let (last, seen) = follow_with(&fake);
        assert_eq!(last, Progress::Succeeded(Some("ran".into())));
        assert_eq!(*fake.sleeps.borrow(), [1000, 1500, 2250]);
        assert!(seen.is_empty());
    }

    #[test]
    fn a_failed_run_carries_the_api_message() {
        let fake = Fake::new(Ok(running()), vec![Ok(finished(false, "exit status 1"))]);
        assert_eq!(
            follow_with(&fake).0,
            Progress::Failed("exit status 1".into())
        );
        let fake = Fake::new(Ok(finished(false, " ")), vec![]);
        assert_eq!(
            follow_with(&fake).0,
            Progress::Failed("the API gave no reason".into())
        );
    }

    #[test]
    fn a_refused_post_did_not_start_but_no_answer_is_unknown() {
        let refused = Fake::new(Err(ApiError::Forbidden(None)), vec![]);
        assert!(
            matches!(follow_with(&refused).0, Progress::Failed(m) if m.starts_with("Not started."))
        );
        let throttled = Fake::new(Err(ApiError::Throttled(None)), vec![]);
        assert!(
            matches!(follow_with(&throttled).0, Progress::Failed(m) if m.contains("Start it again"))
        );
        for error in [
            ApiError::TimedOut,
            ApiError::Network,
            ApiError::NotJson { status: 502 },
            ApiError::Http {
                status: 500,
                code: None,
                description: None,
            },
            ApiError::Shape("x".into()),
        ] {
            let fake = Fake::new(Err(error.clone()), vec![]);
            match follow_with(&fake).0 {
                Progress::Unknown(why) => {
                    assert!(why.contains("Check the stack's actions"), "{why}")
                }
                other => panic!("{error:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn failing_polls_show_and_clear_when_one_works() {
        let fake = Fake::new(
            Ok(running()),
            vec![
                Err(ApiError::Network),
                Err(ApiError::NotJson { status: 502 }),
                Ok(running()),
                Ok(finished(true, "ok")),
            ],
        );
        let (last, seen) = follow_with(&fake);
        assert_eq!(last, Progress::Succeeded(Some("ok".into())));
        assert_eq!(seen.len(), 3);
        assert!(matches!(&seen[1], Progress::Running(Some(note)) if note.contains("2 in a row")));
        assert_eq!(seen[2], Progress::Running(None));
    }

    #[test]
    fn a_401_while_following_is_unknown_not_failed() {
        let fake = Fake::new(Ok(running()), vec![Err(ApiError::Unauthenticated)]);
        assert!(matches!(follow_with(&fake).0, Progress::Unknown(m) if m.contains("401")));
        let fake = Fake::new(Ok(running()), vec![]);
        fake.signed_in.set(false);
        assert!(matches!(follow_with(&fake).0, Progress::Unknown(m) if m.contains("signed out")));
    }

    #[test]
    fn an_hour_throttled_does_not_count_towards_giving_up() {
        let fake = Fake::new(Ok(running()), vec![Ok(running()), Ok(finished(true, "ok"))]);
        fake.throttled_until.set(3_600_000.0);
        assert_eq!(follow_with(&fake).0, Progress::Succeeded(Some("ok".into())));
    }

    #[test]
    fn polls_wait_out_a_throttle() {
        let fake = Fake::new(Ok(running()), vec![Ok(finished(true, "ok"))]);
        fake.throttled_until.set(60_000.0);
        follow_with(&fake);
        assert_eq!(*fake.sleeps.borrow(), [1000, 59_000]);
        assert_eq!(fake.polled.get(), 1);
    }

    #[test]
    fn following_gives_up_after_twenty_minutes_with_an_unknown_outcome() {
        let fake = Fake::new(Ok(running()), vec![]);
        let (last, _) = follow_with(&fake);
        assert!(matches!(last, Progress::Unknown(m) if m.contains("20 minutes")));
        assert!(fake.polled.get() < 100);
    }
}
