//! Counts of `/api/3` requests since the last reset, so benchmarks can tell how many requests
//! a task took.

use std::collections::BTreeMap;

use axum::http::Method;
use serde::Serialize;

/// The key of every route `/api/3` has, as [`route_key`] gives it and faults name their route.
pub const API_ROUTES: [&str; 13] = [
    "GET /ping",
    "GET /ping/auth",
    "GET /stacks",
    "GET /stacks/{stack}",
    "GET /stacks/{stack}/jobs",
    "GET /stacks/{stack}/jobs/{job}",
    "POST /stacks/{stack}/jobs/{job}/run_now",
    "POST /stacks/{stack}/jobs/{job}/pause",
    "POST /stacks/{stack}/jobs/{job}/unpause",
    "POST /stacks/{stack}/jobs/pause_all",
    "POST /stacks/{stack}/jobs/unpause_all",
    "GET /stacks/{stack}/actions",
    "GET /stacks/{stack}/actions/{id}",
];

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

    #[test]
    fn every_api_route_has_a_key_of_its_own() {
        let paths = [
            (Method::GET, "/ping"),
            (Method::GET, "/ping/auth"),
            (Method::GET, "/stacks"),
            (Method::GET, "/stacks/s"),
            (Method::GET, "/stacks/s/jobs"),
            (Method::GET, "/stacks/s/jobs/j"),
            (Method::POST, "/stacks/s/jobs/j/run_now"),
            (Method::POST, "/stacks/s/jobs/j/pause"),
            (Method::POST, "/stacks/s/jobs/j/unpause"),
            (Method::POST, "/stacks/s/jobs/pause_all"),
            (Method::POST, "/stacks/s/jobs/unpause_all"),
            (Method::GET, "/stacks/s/actions"),
            (Method::GET, "/stacks/s/actions/1"),
        ];
        let keys: Vec<String> = paths
            .iter()
            .map(|(method, path)| route_key(method, path))
            .collect();
        assert_eq!(keys, API_ROUTES);
    }
}
