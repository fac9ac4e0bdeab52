//! Faults to inject on `/api/3`: what can go wrong, and the queue of faults waiting for the next
//! requests, either any request or only those to one route.
//!
//! Faults stand for trouble in front of the API (a proxy, the network), so the middleware that
//! applies them (`middleware::inject`) runs before authentication and never uses up quota.

use std::collections::VecDeque;
use std::time::Duration;

use axum::http::HeaderValue;

use crate::stats::API_ROUTES;

/// The longest `slow` fault: long enough to outlast any client timeout, short enough to end.
pub const MAX_SLOW: Duration = Duration::from_secs(600);

/// A way for a request to go wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// `"500"`: 500 with a JSON error body.
    ServerError,
    /// `"502"`: 502 with an HTML body, as a proxy sends when the API is down.
    BadGateway,
    /// `"503"`: 503 `throttled` JSON, as if the quota were used up.
    Throttled,
    /// `"truncated"`: 200 `application/json` with a body cut in the middle.
    Truncated,
    /// `"not_json"`: 200 with a plain-text body.
    NotJson,
    /// `"drop"`: the connection is closed without any response.
    Drop,
    /// `"401"`: 401 `unauthenticated` JSON, as the API sends for a token it no longer accepts.
    Unauthenticated,
    /// `"429"`: 429 JSON, with `Retry-After` exactly as given (if given).
    TooManyRequests,
    /// `"slow"`: the answer is held back for a while, then given normally.
    Slow,
    /// `"empty"`: 200 `application/json` with an empty body.
    Empty,
    /// `"null_response"`: 200 `{"response": null}`.
    NullResponse,
    /// `"html200"`: 200 `text/html`, as a captive portal or a login page sends.
    Html200,
}

impl FaultKind {
    /// Every kind, in documentation order.
    pub const ALL: [Self; 12] = [
        Self::ServerError,
        Self::BadGateway,
        Self::Throttled,
        Self::Truncated,
        Self::NotJson,
        Self::Drop,
        Self::Unauthenticated,
        Self::TooManyRequests,
        Self::Slow,
        Self::Empty,
        Self::NullResponse,
        Self::Html200,
    ];

    /// The name used in `POST /__sandbox/faults`.
    pub fn name(self) -> &'static str {
        match self {
            Self::ServerError => "500",
            Self::BadGateway => "502",
            Self::Throttled => "503",
            Self::Truncated => "truncated",
            Self::NotJson => "not_json",
            Self::Drop => "drop",
            Self::Unauthenticated => "401",
            Self::TooManyRequests => "429",
            Self::Slow => "slow",
            Self::Empty => "empty",
            Self::NullResponse => "null_response",
            Self::Html200 => "html200",
        }
    }

    /// The kind with this name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// One fault as asked for: its kind, the route it waits for and the kind's own settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// What goes wrong.
    pub kind: FaultKind,
    /// A key of `/__sandbox/stats` (`"GET /stacks/{stack}/jobs"`); `None` hits any route.
    pub route: Option<String>,
    /// `Retry-After` of a `429`, sent verbatim; `None` sends no such header.
    pub retry_after: Option<String>,
    /// How long a `slow` fault holds the answer; zero for every other kind.
    pub delay: Duration,
}

impl Fault {
    /// A fault of `kind` for any route, with no settings.
    pub fn new(kind: FaultKind) -> Self {
        Self {
            kind,
            route: None,
            retry_after: None,
            delay: Duration::ZERO,
        }
    }

    /// Only the requests to `route` (a key of `/__sandbox/stats`) get this fault.
    pub fn on_route(mut self, route: &str) -> Result<Self, String> {
        if !API_ROUTES.contains(&route) {
            return Err(format!(
                "Unknown route {route:?}; use one of {API_ROUTES:?}"
            ));
        }
        self.route = Some(route.to_owned());
        Ok(self)
    }

    /// The `Retry-After` of a `429`: any text a header may hold, sent as it is.
    pub fn with_retry_after(mut self, retry_after: &str) -> Result<Self, String> {
        if self.kind != FaultKind::TooManyRequests {
            return Err("retry_after only goes with kind \"429\"".to_owned());
        }
        HeaderValue::from_str(retry_after)
            .map_err(|_| format!("retry_after {retry_after:?} cannot be sent as a header"))?;
        self.retry_after = Some(retry_after.to_owned());
        Ok(self)
    }

    /// How long a `slow` fault holds the answer, at most [`MAX_SLOW`].
    pub fn with_delay(mut self, delay: Duration) -> Result<Self, String> {
        if self.kind != FaultKind::Slow {
            return Err("ms only goes with kind \"slow\"".to_owned());
        }
        if delay > MAX_SLOW {
            return Err(format!("ms must be at most {}", MAX_SLOW.as_millis()));
        }
        self.delay = delay;
        Ok(self)
    }

    fn hits(&self, route: &str) -> bool {
        self.route.as_deref().is_none_or(|wanted| wanted == route)
    }
}

/// Faults waiting for the next requests, first in first out.
#[derive(Debug, Default)]
pub struct FaultQueue {
    queue: VecDeque<(Fault, u64)>,
}

impl FaultQueue {
    /// The next `count` requests to the fault's route (any route when it has none), after
    /// those the faults queued earlier take, get `fault`.
    pub fn push(&mut self, fault: Fault, count: u64) {
        if count > 0 {
            self.queue.push_back((fault, count));
        }
    }

    /// The fault for a request to `route` (a key of `/__sandbox/stats`), if any: the first
    /// queued one that is for that route or for any route.
    pub fn take(&mut self, route: &str) -> Option<Fault> {
        let index = self.queue.iter().position(|(fault, _)| fault.hits(route))?;
        let (fault, count) = self.queue.get_mut(index)?;
        let fault = fault.clone();
        *count -= 1;
        if *count == 0 {
            self.queue.remove(index);
        }
        Some(fault)
    }

    /// What is still waiting: faults and how many requests each will hit.
    pub fn pending(&self) -> Vec<(Fault, u64)> {
        self.queue.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in FaultKind::ALL {
            assert_eq!(FaultKind::parse(kind.name()), Some(kind));
        }
        assert_eq!(FaultKind::parse("404"), None);
    }

    #[test]
    fn faults_apply_in_order_and_run_out() {
        let mut queue = FaultQueue::default();
        queue.push(Fault::new(FaultKind::Drop), 2);
        queue.push(Fault::new(FaultKind::NotJson), 0);
        queue.push(Fault::new(FaultKind::BadGateway), 1);
        let kind = |fault: Option<Fault>| fault.map(|fault| fault.kind);
        assert_eq!(kind(queue.take("GET /stacks")), Some(FaultKind::Drop));
        assert_eq!(
            queue.pending(),
            vec![
                (Fault::new(FaultKind::Drop), 1),
                (Fault::new(FaultKind::BadGateway), 1)
            ]
        );
        assert_eq!(kind(queue.take("GET /ping")), Some(FaultKind::Drop));
        assert_eq!(kind(queue.take("GET /ping")), Some(FaultKind::BadGateway));
        assert_eq!(queue.take("GET /ping"), None);
    }

    #[test]
    fn a_routed_fault_waits_for_its_route_and_others_pass_it() {
        let mut queue = FaultQueue::default();
        let routed = Fault::new(FaultKind::ServerError).on_route("GET /stacks");
        queue.push(routed.clone().expect("a known route"), 1);
        queue.push(Fault::new(FaultKind::Empty), 1);
        let jobs = "GET /stacks/{stack}/jobs";
        assert_eq!(queue.take(jobs).map(|f| f.kind), Some(FaultKind::Empty));
        assert_eq!(queue.take(jobs), None);
        assert_eq!(queue.take("GET /stacks"), routed.ok());
        assert_eq!(queue.take("GET /stacks"), None);
    }

    #[test]
    fn settings_are_checked() {
        assert!(Fault::new(FaultKind::Drop)
            .on_route("GET /nowhere")
            .is_err());
        assert!(Fault::new(FaultKind::Drop)
            .on_route("GET /stacks/1")
            .is_err());
        let too_many = Fault::new(FaultKind::TooManyRequests);
        for value in ["0", "3000000", "abc", "Wed, 21 Oct 2015 07:28:00 GMT"] {
            assert!(too_many.clone().with_retry_after(value).is_ok(), "{value}");
        }
        assert!(too_many.clone().with_retry_after("a\nb").is_err());
        assert!(Fault::new(FaultKind::Slow).with_retry_after("1").is_err());
        assert!(too_many.with_delay(Duration::from_millis(5)).is_err());
        let slow = Fault::new(FaultKind::Slow);
        assert!(slow.clone().with_delay(MAX_SLOW).is_ok());
        assert!(slow
            .with_delay(MAX_SLOW + Duration::from_millis(1))
            .is_err());
    }
}
