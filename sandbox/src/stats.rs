//! Counts of `/api/3` requests since the last reset, so benchmarks can tell how many requests
//! a task took.

use std::collections::BTreeMap;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;

use crate::state::AppState;

/// Request counts; `total` and `routes` leave out OPTIONS requests, which `preflight` counts.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Stats {
    /// Every non-OPTIONS request.
    pub total: u64,
    /// OPTIONS requests (CORS preflights).
    pub preflight: u64,
    /// Non-OPTIONS requests by `"METHOD /path"`, uids replaced by `{stack}`, `{job}`, `{id}`.
    pub routes: BTreeMap<String, u64>,
}

impl Stats {
    /// Counts one request; `path` is relative to `/api/3`, without `.json`.
    pub fn record(&mut self, method: &Method, path: &str) {
        if method == Method::OPTIONS {
            self.preflight += 1;
            return;
        }
        self.total += 1;
        *self.routes.entry(route_key(method, path)).or_insert(0) += 1;
    }
}

/// `"GET /stacks/{stack}/jobs"` for `GET /stacks/5999.../jobs`.
pub fn route_key(method: &Method, path: &str) -> String {
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.first() == Some(&"stacks") {
        if let Some(stack) = segments.get_mut(1) {
            *stack = "{stack}";
        }
        let placeholder = match segments.get(2) {
            Some(&"jobs") => "{job}",
            Some(&"actions") => "{id}",
            _ => "",
        };
        if let Some(item) = segments.get_mut(3) {
            if !placeholder.is_empty() && !matches!(*item, "pause_all" | "unpause_all") {
                *item = placeholder;
            }
        }
    }
    format!("{method} /{}", segments.join("/"))
}

/// Middleware: counts every request that reaches `/api/3`.
pub async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    state
        .lock()
        .stats
        .record(request.method(), request.uri().path());
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_uids_with_placeholders() {
        let cases = [
            (Method::GET, "/stacks", "GET /stacks"),
            (Method::GET, "/stacks/abc", "GET /stacks/{stack}"),
            (Method::GET, "/stacks/abc/jobs", "GET /stacks/{stack}/jobs"),
            (
                Method::POST,
                "/stacks/abc/jobs/def/run_now",
                "POST /stacks/{stack}/jobs/{job}/run_now",
            ),
            (
                Method::POST,
                "/stacks/abc/jobs/pause_all",
                "POST /stacks/{stack}/jobs/pause_all",
            ),
            (
                Method::GET,
                "/stacks/abc/actions/12",
                "GET /stacks/{stack}/actions/{id}",
            ),
            (Method::GET, "/ping/auth", "GET /ping/auth"),
            (Method::GET, "/", "GET /"),
        ];
        for (method, path, key) in cases {
            assert_eq!(route_key(&method, path), key);
        }
    }
}
