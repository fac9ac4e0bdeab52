//! The hourly quota as the API reports it, and the throttle: while the API
//! refuses requests, nothing that changes jobs is sent.

use std::time::Duration;

use leptos::prelude::*;

use crate::api::RetryHint;
use crate::browser::now_ms;
use crate::logic::backoff::throttle_wait;
use crate::logic::quota::Quota;

/// While the API is throttling us: until when nothing is sent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Throttle {
    /// When to try again, in epoch milliseconds.
    pub until_ms: f64,
}

/// Quota and throttle. `Copy`, provided once as context.
#[derive(Clone, Copy)]
pub struct QuotaState {
    /// What the last answer's `X-RateLimit-*` headers said.
    pub quota: RwSignal<Quota>,
    /// Set while throttled.
    pub throttle: RwSignal<Option<Throttle>>,
    /// Throttled answers in a row, to space out probes.
    streak: StoredValue<u32>,
}

impl Default for QuotaState {
    fn default() -> Self {
        QuotaState::new()
    }
}

impl QuotaState {
    /// Nothing known yet.
    pub fn new() -> QuotaState {
        QuotaState {
            quota: RwSignal::new(Quota::default()),
            throttle: RwSignal::new(None),
            streak: StoredValue::new(0),
        }
    }

    /// Records the quota headers of an answer.
    pub fn note_headers(&self, limit: Option<&str>, remaining: Option<&str>) {
        let next = self.quota.get_untracked().updated(limit, remaining);
        if next != self.quota.get_untracked() {
            self.quota.set(next);
        }
    }

    /// An answer that was not throttled ends the streak.
    pub fn note_answered(&self) {
        self.streak.set_value(0);
    }

    /// The API said the quota is used up: stop sending until it should reset.
    /// The wait is the server's hint kept within sense (see
    /// [`throttle_wait`]); the timer that lifts it is the browser's own. A
    /// reset given as an instant is read against `api_now`, the API's clock
    /// as the app knows it (the device's may be off).
    pub fn note_throttled(&self, hint: Option<RetryHint>, api_now: f64) {
        let now = now_ms();
        if self
            .throttle
            .get_untracked()
            .is_some_and(|t| t.until_ms > now)
        {
            return;
        }
        let streak = self.streak.get_value();
        self.streak.set_value(streak.saturating_add(1));
        let wait = match hint {
            Some(RetryHint::AfterSeconds(s)) => throttle_wait(Some(s), None, now, streak),
            Some(RetryHint::AtEpochSeconds(s)) => throttle_wait(None, Some(s), api_now, streak),
            None => throttle_wait(None, None, now, streak),
        };
        let until_ms = now + wait.as_millis() as f64;
        self.throttle.set(Some(Throttle { until_ms }));
        let throttle = self.throttle;
        set_timeout(
            move || {
                // Only the timer of the current throttle lifts it: a newer one
                // (set after this one expired) has its own timer.
                if throttle.try_get_untracked().flatten() == Some(Throttle { until_ms }) {
                    throttle.set(None);
                }
            },
            wait,
        );
    }

    /// The API answered a request sent while throttled (a person's Try
    /// again): the throttle is over before its timer.
    pub fn lift(&self) {
        if self.throttle.get_untracked().is_some() {
            self.throttle.set(None);
        }
    }

    /// Whether requests that change things must wait. Reactive.
    pub fn is_throttled(&self) -> bool {
        self.throttle.with(Option::is_some)
    }

    /// How long until the throttle lifts, if throttled now.
    pub fn throttled_for(&self) -> Option<Duration> {
        let until = self.throttle.get_untracked()?.until_ms;
        Some(Duration::from_millis((until - now_ms()).max(0.0) as u64))
    }

    /// Forgets everything (sign-out).
    pub fn clear(&self) {
        self.quota.set(Quota::default());
        self.streak.set_value(0);
    }
}
