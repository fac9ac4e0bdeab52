//! State that outlives a page: the session, the quota, throttling, and the
//! activity of async actions. One [`AppState`] is provided as context.

pub mod activity;
pub mod session;

use leptos::prelude::*;

use crate::api::error::RetryHint;
use crate::api::response::ResponseHeaders;
use crate::browser::now_ms;
use crate::logic::backoff::throttle_probe_delay;
use crate::logic::quota::Quota;
use session::Session;

/// While the API is throttling us: until when nothing is sent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Throttle {
    /// When to try again, in epoch milliseconds.
    pub until_ms: f64,
}

/// App-wide state. Every field is a signal handle, so this is `Copy`.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The signed-in person, if any.
    pub session: RwSignal<Option<Session>>,
    /// Why the person was sent back to sign in (e.g. a 401), shown on the form.
    pub sign_in_notice: RwSignal<Option<String>>,
    /// The quota as the last answer reported it.
    pub quota: RwSignal<Quota>,
    /// Set while throttled.
    pub throttle: RwSignal<Option<Throttle>>,
    /// Bumped to make the jobs page load again (an action ended, throttling lifted).
    pub jobs_version: RwSignal<u32>,
    /// Bumped to load the stack list again (throttling lifted, Try again).
    pub stacks_version: RwSignal<u32>,
    /// Throttled answers in a row, to space out probes.
    throttle_streak: StoredValue<u32>,
    /// Whether a reload of the jobs page is already scheduled.
    reload_pending: StoredValue<bool>,
}

impl AppState {
    /// State for a page load: the stored session, if any.
    pub fn new(session: Option<Session>) -> AppState {
        AppState {
            session: RwSignal::new(session),
            sign_in_notice: RwSignal::new(None),
            quota: RwSignal::new(Quota::default()),
            throttle: RwSignal::new(None),
            jobs_version: RwSignal::new(0),
            stacks_version: RwSignal::new(0),
            throttle_streak: StoredValue::new(0),
            reload_pending: StoredValue::new(false),
        }
    }

    /// Records the quota headers of an answer.
    pub fn note_quota(&self, headers: &ResponseHeaders) {
        let next = self.quota.get_untracked().updated(
            headers.rate_limit.as_deref(),
            headers.rate_remaining.as_deref(),
        );
        if next != self.quota.get_untracked() {
            self.quota.set(next);
        }
    }

    /// A successful answer ends any throttling streak.
    pub fn note_success(&self) {
        self.throttle_streak.set_value(0);
    }

    /// The API said the quota is used up: stop sending until it should reset,
    /// then let failed loads try once more.
    pub fn note_throttled(&self, hint: Option<RetryHint>) {
        let now = now_ms();
        if self
            .throttle
            .get_untracked()
            .is_some_and(|t| t.until_ms > now)
        {
            return;
        }
        let streak = self.throttle_streak.get_value();
        self.throttle_streak.set_value(streak.saturating_add(1));
        let wait_ms = match hint {
            Some(RetryHint::AfterSeconds(s)) => s as f64 * 1000.0,
            Some(RetryHint::AtEpochSeconds(s)) => (s as f64 * 1000.0 - now).max(1000.0),
            None => throttle_probe_delay(streak).as_millis() as f64,
        };
        let until_ms = now + wait_ms;
        self.throttle.set(Some(Throttle { until_ms }));
        let state = *self;
        set_timeout(
            move || {
                // Only the timer of the current throttle lifts it: a newer one
                // (set after this one expired) has its own timer.
                if state.throttle.get_untracked() != Some(Throttle { until_ms }) {
                    return;
                }
                state.throttle.set(None);
                state.stacks_version.update(|n| *n += 1);
                state.jobs_version.update(|n| *n += 1);
            },
            std::time::Duration::from_millis(wait_ms as u64),
        );
    }

    /// Whether requests that change things must wait.
    pub fn is_throttled(&self) -> bool {
        self.throttle.with(Option::is_some)
    }

    /// A 401: forget the token and send the person to sign in, staying on the
    /// same URL so they come back to it. Only the session that got the 401 is
    /// dropped: a person who signed in again meanwhile stays signed in.
    pub fn expire_session(&self, rejected: &Session) {
        if self.session.get_untracked().as_ref() == Some(rejected) {
            Session::forget();
            self.sign_in_notice.set(Some(
                "The API rejected the token (401). Sign in again.".into(),
            ));
            self.session.set(None);
        }
    }

    /// Signs in and stores the token where the person chose.
    pub fn sign_in(&self, session: Session, remember: bool) -> bool {
        let stored = session.save(remember);
        self.sign_in_notice.set(None);
        self.session.set(Some(session));
        stored
    }

    /// Signs out and forgets the token everywhere.
    pub fn sign_out(&self) {
        Session::forget();
        self.sign_in_notice.set(None);
        self.quota.set(Quota::default());
        self.session.set(None);
    }

    /// Asks for one reload of the jobs page soon; several asks in a row (a few
    /// actions ending together) make a single request. While throttled it does
    /// nothing: the reload would be refused and replace the table with an
    /// error, and the end of throttling reloads the page anyway.
    pub fn reload_jobs_soon(&self) {
        if self.reload_pending.get_value() || self.throttle.get_untracked().is_some() {
            return;
        }
        self.reload_pending.set_value(true);
        let state = *self;
        set_timeout(
            move || {
                state.reload_pending.set_value(false);
                if state.throttle.get_untracked().is_none() {
                    state.jobs_version.update(|n| *n += 1);
                }
            },
            std::time::Duration::from_millis(100),
        );
    }
}
