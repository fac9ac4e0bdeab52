//! Fault injection on `/api/3`: extra latency, and broken answers for the next N requests.
//!
//! Faults stand for trouble in front of the API (a proxy, the network), so they are decided
//! before authentication and never use up a token's quota.

use std::collections::VecDeque;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::bearer_token;
use crate::error::ApiError;
use crate::rate_limit::set_quota_headers;
use crate::server::ConnectionHandle;
use crate::state::AppState;

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
}

impl FaultKind {
    /// Every kind, in documentation order.
    pub const ALL: [Self; 6] = [
        Self::ServerError,
        Self::BadGateway,
        Self::Throttled,
        Self::Truncated,
        Self::NotJson,
        Self::Drop,
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
        }
    }

    /// The kind with this name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// Faults waiting for the next requests, first in first out.
#[derive(Debug, Default)]
pub struct FaultQueue {
    queue: VecDeque<(FaultKind, u64)>,
}

impl FaultQueue {
    /// The next `count` requests after those already faulted get `kind`.
    pub fn push(&mut self, kind: FaultKind, count: u64) {
        if count > 0 {
            self.queue.push_back((kind, count));
        }
    }

    /// The fault for the request at hand, if any.
    pub fn take(&mut self) -> Option<FaultKind> {
        let (kind, count) = self.queue.front_mut()?;
        let kind = *kind;
        *count -= 1;
        if *count == 0 {
            self.queue.pop_front();
        }
        Some(kind)
    }

    /// What is still waiting: kinds and how many requests each will hit.
    pub fn pending(&self) -> Vec<(FaultKind, u64)> {
        self.queue.iter().copied().collect()
    }
}

/// Middleware: waits the configured latency before passing the request on.
pub async fn add_latency(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let latency = state.lock().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    next.run(request).await
}

/// Middleware: answers with the next queued fault instead of the API. OPTIONS requests pass.
pub async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    let fault = {
        let mut shared = state.lock();
        shared.faults.take().map(|kind| {
            let config = shared.config;
            // The JSON faults pretend to come from the API, so they carry its quota headers.
            let quota = match bearer_token(request.headers()) {
                Some(token) if shared.tokens.check(token).is_ok() => {
                    shared.limiter.peek(token, config, Instant::now())
                }
                _ => (config.rate_limit, config.rate_limit),
            };
            (kind, quota)
        })
    };
    let Some((kind, (limit, remaining))) = fault else {
        return next.run(request).await;
    };
    match kind {
        FaultKind::ServerError => {
            let mut response =
                ApiError::internal("Injected fault: the server failed to answer.").into_response();
            set_quota_headers(response.headers_mut(), limit, remaining);
            response
        }
        FaultKind::Throttled => {
            let mut response =
                ApiError::throttled("Injected fault: rate limit reached. Try again later.")
                    .into_response();
            set_quota_headers(response.headers_mut(), limit, 0);
            response
        }
        FaultKind::BadGateway => (
            StatusCode::BAD_GATEWAY,
            [(CONTENT_TYPE, "text/html")],
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
             <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
             </body>\r\n</html>\r\n",
        )
            .into_response(),
        FaultKind::Truncated => (
            StatusCode::OK,
            [(CONTENT_TYPE, "application/json")],
            r#"{"response": [{"uid": "ab"#,
        )
            .into_response(),
        FaultKind::NotJson => (
            StatusCode::OK,
            [(CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Service temporarily unavailable. This body is not JSON.",
        )
            .into_response(),
        FaultKind::Drop => match request.extensions().get::<ConnectionHandle>() {
            Some(connection) => {
                connection.close();
                // The connection task drops this request with the connection; nothing is sent.
                std::future::pending().await
            }
            None => ApiError::internal(
                "The drop fault needs the sandbox's own accept loop (jobdeck_sandbox::serve).",
            )
            .into_response(),
        },
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
        queue.push(FaultKind::Drop, 2);
        queue.push(FaultKind::NotJson, 0);
        queue.push(FaultKind::BadGateway, 1);
        assert_eq!(queue.take(), Some(FaultKind::Drop));
        assert_eq!(
            queue.pending(),
            vec![(FaultKind::Drop, 1), (FaultKind::BadGateway, 1)]
        );
        assert_eq!(queue.take(), Some(FaultKind::Drop));
        assert_eq!(queue.take(), Some(FaultKind::BadGateway));
        assert_eq!(queue.take(), None);
    }
}
