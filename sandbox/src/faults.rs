//! Faults to inject on `/api/3`: what can go wrong, and the queue of faults waiting for the next
//! requests, either any request or only those that match its filters: a route, a stack, a page.
//!
//! Faults stand for trouble in front of the API (a proxy, the network), so the middleware that
//! applies them (`middleware::inject`) runs before authentication and never uses up quota.

use std::collections::VecDeque;
use std::time::Duration;

use axum::http::HeaderValue;

use crate::stats::{Target, API_ROUTES, LIST_ROUTES};

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
    /// `"404"`: 404 `not_found` JSON, as the API answers for a stack or job that is gone.
    NotFound,
}

impl FaultKind {
    /// Every kind, in documentation order.
    pub const ALL: [Self; 13] = [
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
        Self::NotFound,
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
            Self::NotFound => "404",
        }
    }

    /// The kind with this name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// One fault as asked for: its kind, the requests it waits for (route, stack, page) and the
/// kind's own settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// What goes wrong.
    pub kind: FaultKind,
    /// A key of `/__sandbox/stats` (`"GET /stacks/{stack}/jobs"`); `None` hits any route.
    pub route: Option<String>,
    /// Only requests whose path names this stack uid; `None` hits any stack (or none).
    pub stack: Option<String>,
    /// Only requests for this page of a list (no `?page` is page 1); `None` hits any request.
    pub page: Option<u64>,
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
            stack: None,
            page: None,
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
        self.check_filters()?;
        Ok(self)
    }

    /// Only the requests whose path names stack `uid` (`/stacks/{uid}/...`) get this fault.
    pub fn on_stack(mut self, uid: &str) -> Result<Self, String> {
        if uid.is_empty() || uid.contains(['/', '?', '#']) {
            return Err(format!("stack {uid:?} is not a stack uid"));
        }
        self.stack = Some(uid.to_owned());
        self.check_filters()?;
        Ok(self)
    }

    /// Only the requests for page `page` (from 1) of a list get this fault.
    pub fn on_page(mut self, page: u64) -> Result<Self, String> {
        if page == 0 {
            return Err("page must be at least 1".to_owned());
        }
        self.page = Some(page);
        self.check_filters()?;
        Ok(self)
    }

    /// A route, stack and page that some request could match all at once.
    fn check_filters(&self) -> Result<(), String> {
        let Some(route) = self.route.as_deref() else {
            return Ok(());
        };
        if self.stack.is_some() && !route.contains("{stack}") {
            return Err(format!(
                "route {route:?} names no stack, so stack cannot go with it"
            ));
        }
        if self.page.is_some() && !LIST_ROUTES.contains(&route) {
            return Err(format!(
                "route {route:?} is not a list, so page cannot go with it; lists: {LIST_ROUTES:?}"
            ));
        }
        Ok(())
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

    fn hits(&self, target: &Target) -> bool {
        self.route
            .as_deref()
            .is_none_or(|route| route == target.route)
            && self
                .stack
                .as_deref()
                .is_none_or(|stack| target.stack.as_deref() == Some(stack))
            && self.page.is_none_or(|page| target.page == Some(page))
    }
}

/// Faults waiting for the next requests, first in first out.
#[derive(Debug, Default)]
pub struct FaultQueue {
    queue: VecDeque<(Fault, u64)>,
}

impl FaultQueue {
    /// The next `count` requests that match the fault's filters (any request when it has
    /// none), after those the faults queued earlier take, get `fault`.
    pub fn push(&mut self, fault: Fault, count: u64) {
        if count > 0 {
            self.queue.push_back((fault, count));
        }
    }

    /// The fault for a request aimed at `target`, if any: the first queued one whose filters
    /// (route, stack, page) the request matches; a fault without filters matches any request.
    pub fn take(&mut self, target: &Target) -> Option<Fault> {
        let index = self
            .queue
            .iter()
            .position(|(fault, _)| fault.hits(target))?;
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
    use axum::http::Method;

    use super::*;

    fn get(path: &str) -> Target {
        Target::of(&Method::GET, path, None)
    }

    fn page_of(path: &str, page: u64) -> Target {
        Target::of(&Method::GET, path, Some(&format!("page={page}")))
    }

    #[test]
    fn names_round_trip() {
        for kind in FaultKind::ALL {
            assert_eq!(FaultKind::parse(kind.name()), Some(kind));
        }
        assert_eq!(FaultKind::parse("404"), Some(FaultKind::NotFound));
        assert_eq!(FaultKind::parse("418"), None);
    }

    #[test]
    fn faults_apply_in_order_and_run_out() {
        let mut queue = FaultQueue::default();
        queue.push(Fault::new(FaultKind::Drop), 2);
        queue.push(Fault::new(FaultKind::NotJson), 0);
        queue.push(Fault::new(FaultKind::BadGateway), 1);
        let kind = |fault: Option<Fault>| fault.map(|fault| fault.kind);
        assert_eq!(kind(queue.take(&get("/stacks"))), Some(FaultKind::Drop));
        assert_eq!(
            queue.pending(),
            vec![
                (Fault::new(FaultKind::Drop), 1),
                (Fault::new(FaultKind::BadGateway), 1)
            ]
        );
        assert_eq!(kind(queue.take(&get("/ping"))), Some(FaultKind::Drop));
        assert_eq!(kind(queue.take(&get("/ping"))), Some(FaultKind::BadGateway));
        assert_eq!(queue.take(&get("/ping")), None);
    }

    #[test]
    fn a_routed_fault_waits_for_its_route_and_others_pass_it() {
        let mut queue = FaultQueue::default();
        let routed = Fault::new(FaultKind::ServerError).on_route("GET /stacks");
        queue.push(routed.clone().expect("a known route"), 1);
        queue.push(Fault::new(FaultKind::Empty), 1);
        let jobs = get("/stacks/abc/jobs");
        assert_eq!(queue.take(&jobs).map(|f| f.kind), Some(FaultKind::Empty));
        assert_eq!(queue.take(&jobs), None);
        assert_eq!(queue.take(&get("/stacks")), routed.ok());
        assert_eq!(queue.take(&get("/stacks")), None);
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

    #[test]
    fn a_fault_for_one_stack_and_page_waits_for_exactly_that_request() {
        let mut queue = FaultQueue::default();
        let page_two = Fault::new(FaultKind::BadGateway)
            .on_route("GET /stacks/{stack}/jobs")
            .and_then(|fault| fault.on_stack("x"))
            .and_then(|fault| fault.on_page(2))
            .expect("valid filters");
        queue.push(page_two.clone(), 2);
        // Other stacks, other pages, other routes of the stack and page 1 pass.
        for target in [
            page_of("/stacks/y/jobs", 2),
            page_of("/stacks/x/jobs", 1),
            get("/stacks/x/jobs"),
            page_of("/stacks/x/jobs", 3),
            page_of("/stacks/x/actions", 2),
            get("/stacks/x/jobs/j"),
            Target::of(&Method::GET, "/stacks/x/jobs", Some("page=abc")),
        ] {
            assert_eq!(queue.take(&target), None, "{target:?}");
        }
        assert_eq!(
            queue.take(&page_of("/stacks/x/jobs", 2)),
            Some(page_two.clone())
        );
        assert_eq!(queue.pending(), vec![(page_two, 1)]);
    }

    #[test]
    fn a_stack_or_a_page_alone_matches_every_route_that_has_one() {
        let mut queue = FaultQueue::default();
        let stack_y = Fault::new(FaultKind::NotFound)
            .on_stack("y")
            .expect("a uid");
        queue.push(stack_y.clone(), 3);
        assert_eq!(queue.take(&get("/stacks")), None);
        assert_eq!(queue.take(&get("/stacks/x/jobs")), None);
        for path in ["/stacks/y", "/stacks/y/jobs", "/stacks/y/actions/2590"] {
            assert_eq!(queue.take(&get(path)), Some(stack_y.clone()), "{path}");
        }
        // Without a route, page 1 is the first page of any list, and nothing else.
        let first = Fault::new(FaultKind::ServerError)
            .on_page(1)
            .expect("a page");
        queue.push(first.clone(), 3);
        assert_eq!(queue.take(&get("/ping")), None);
        assert_eq!(queue.take(&page_of("/stacks", 2)), None);
        assert_eq!(queue.take(&get("/stacks/y/jobs/j")), None);
        for path in ["/stacks", "/stacks/y/jobs", "/stacks/y/actions"] {
            assert_eq!(queue.take(&get(path)), Some(first.clone()), "{path}");
        }
    }

    #[test]
    fn filters_keep_the_queue_order() {
        let mut queue = FaultQueue::default();
        let narrow = Fault::new(FaultKind::Drop).on_page(2).expect("a page");
        queue.push(narrow.clone(), 1);
        queue.push(Fault::new(FaultKind::Empty), 1);
        // The earlier fault does not match page 1, so the later one takes it...
        let kind = queue.take(&get("/stacks")).map(|fault| fault.kind);
        assert_eq!(kind, Some(FaultKind::Empty));
        // ...and the earlier one still waits for its page.
        assert_eq!(queue.take(&get("/stacks")), None);
        assert_eq!(queue.take(&page_of("/stacks", 2)), Some(narrow));
    }

    #[test]
    fn filters_that_no_request_could_match_are_refused() {
        let fault = || Fault::new(FaultKind::ServerError);
        assert!(fault().on_stack("").is_err());
        assert!(fault().on_stack("a/b").is_err());
        assert!(fault().on_page(0).is_err());
        // A stack on a route without one, a page on a route that is no list, either order.
        assert!(fault()
            .on_stack("x")
            .and_then(|f| f.on_route("GET /stacks"))
            .is_err());
        assert!(fault()
            .on_route("GET /ping")
            .and_then(|f| f.on_stack("x"))
            .is_err());
        let job = "GET /stacks/{stack}/jobs/{job}";
        assert!(fault().on_route(job).and_then(|f| f.on_page(2)).is_err());
        assert!(fault().on_page(2).and_then(|f| f.on_route(job)).is_err());
        assert!(fault()
            .on_route("GET /stacks")
            .and_then(|f| f.on_page(2))
            .is_ok());
        assert!(fault().on_route(job).and_then(|f| f.on_stack("x")).is_ok());
    }
}
