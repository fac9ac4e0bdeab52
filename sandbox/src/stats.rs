//! Counts of `/api/3` requests since the last reset, so benchmarks can tell how many requests
//! a task took, and what a request is aimed at ([`Target`]), which faults match on too.

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

/// The routes that answer with a paged list and so read `?page=N`.
pub const LIST_ROUTES: [&str; 3] = [
    "GET /stacks",
    "GET /stacks/{stack}/jobs",
    "GET /stacks/{stack}/actions",
];

/// What a request is aimed at: its route, the stack its path names and the page it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The route key, e.g. `"GET /stacks/{stack}/jobs"`.
    pub route: String,
    /// The stack uid in the path (`/stacks/{stack}/...`), if there is one.
    pub stack: Option<String>,
    /// The page of a list route: 1 without `?page`, `None` when `page` is not a number or the
    /// route is no list.
    pub page: Option<u64>,
    /// The key of [`Stats::paths`]: the path as sent (without `.json`), and for a list route
    /// `?page=N` (N as sent when it is not a number).
    pub path_key: String,
}

impl Target {
    /// The target of `method path?query`; `path` is relative to `/api/3`, without `.json`.
    pub fn of(method: &Method, path: &str, query: Option<&str>) -> Self {
        let route = route_key(method, path);
        let stack = path
            .strip_prefix("/stacks/")
            .and_then(|rest| rest.split('/').next())
            .filter(|stack| !stack.is_empty())
            .map(str::to_owned);
        let (page, path_key) = if LIST_ROUTES.contains(&route.as_str()) {
            let raw = query.and_then(|query| {
                form_urlencoded::parse(query.as_bytes())
                    .find(|(name, _)| name == "page")
                    .map(|(_, value)| value.into_owned())
            });
            let page = match &raw {
                None => Some(1),
                Some(raw) => raw.trim().parse::<u64>().ok().filter(|page| *page >= 1),
            };
            let shown = page.map_or_else(|| raw.unwrap_or_default(), |page| page.to_string());
            (page, format!("{method} {path}?page={shown}"))
        } else {
            (None, format!("{method} {path}"))
        };
        Self {
            route,
            stack,
            page,
            path_key,
        }
    }
}

/// Request counts; `total`, `routes` and `paths` leave out OPTIONS requests, which `preflight`
/// counts.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Stats {
    /// Every non-OPTIONS request.
    pub total: u64,
    /// OPTIONS requests (CORS preflights).
    pub preflight: u64,
    /// Non-OPTIONS requests by `"METHOD /path"`, uids replaced by `{stack}`, `{job}`, `{id}`.
    pub routes: BTreeMap<String, u64>,
    /// Non-OPTIONS requests by [`Target::path_key`]: `"GET /stacks/<uid>/jobs?page=2"`.
    pub paths: BTreeMap<String, u64>,
}

impl Stats {
    /// Counts one request.
    pub fn record(&mut self, method: &Method, target: &Target) {
        if method == Method::OPTIONS {
            self.preflight += 1;
            return;
        }
        self.total += 1;
        count_in(&mut self.routes, &target.route);
        count_in(&mut self.paths, &target.path_key);
    }
}

/// One more under `key`, allocating the key only the first time.
fn count_in(counts: &mut BTreeMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(count) => *count += 1,
        None => {
            counts.insert(key.to_owned(), 1);
        }
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

    #[test]
    fn a_target_names_its_stack_and_page() {
        let jobs = Target::of(&Method::GET, "/stacks/abc/jobs", Some("page=2"));
        assert_eq!(jobs.route, "GET /stacks/{stack}/jobs");
        assert_eq!(jobs.stack.as_deref(), Some("abc"));
        assert_eq!(jobs.page, Some(2));
        assert_eq!(jobs.path_key, "GET /stacks/abc/jobs?page=2");
        // No page is page 1; a page written oddly is the number it reads as.
        let first = Target::of(&Method::GET, "/stacks", None);
        assert_eq!((first.stack, first.page), (None, Some(1)));
        assert_eq!(first.path_key, "GET /stacks?page=1");
        let padded = Target::of(&Method::GET, "/stacks/abc/actions", Some("x=1&page=02"));
        assert_eq!(padded.path_key, "GET /stacks/abc/actions?page=2");
        // A page that is no number matches no page, and is counted as sent.
        let bad = Target::of(&Method::GET, "/stacks/abc/jobs", Some("page=abc"));
        assert_eq!(bad.page, None);
        assert_eq!(bad.path_key, "GET /stacks/abc/jobs?page=abc");
        assert_eq!(
            Target::of(&Method::GET, "/stacks", Some("page=0")).page,
            None
        );
        // Routes that are no list have no page, whatever the query says.
        let job = Target::of(
            &Method::POST,
            "/stacks/abc/jobs/def/run_now",
            Some("page=2"),
        );
        assert_eq!((job.stack.as_deref(), job.page), (Some("abc"), None));
        assert_eq!(job.path_key, "POST /stacks/abc/jobs/def/run_now");
        assert_eq!(Target::of(&Method::GET, "/ping", None).stack, None);
        assert_eq!(Target::of(&Method::GET, "/stacks/", None).stack, None);
    }

    #[test]
    fn stats_count_routes_and_paths_and_preflights_apart() {
        let mut stats = Stats::default();
        for query in [None, Some("page=1"), Some("page=2")] {
            let target = Target::of(&Method::GET, "/stacks/abc/jobs", query);
            stats.record(&Method::GET, &target);
        }
        stats.record(
            &Method::OPTIONS,
            &Target::of(&Method::OPTIONS, "/stacks", None),
        );
        assert_eq!((stats.total, stats.preflight), (3, 1));
        assert_eq!(stats.routes.get("GET /stacks/{stack}/jobs"), Some(&3));
        assert_eq!(stats.paths.get("GET /stacks/abc/jobs?page=1"), Some(&2));
        assert_eq!(stats.paths.get("GET /stacks/abc/jobs?page=2"), Some(&1));
        assert_eq!(stats.paths.len(), 2);
    }
}
