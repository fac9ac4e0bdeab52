//! The app's routes as one typed value, parsed once from the URL. The header,
//! the stack picker and the pages read it; none of them looks at the path.

use crate::logic::url::page_from_query;
use crate::logic::url::{decode, encode_segment, query_value};

/// Where the person is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppRoute {
    /// `/`: the stack list.
    Home,
    /// `/stacks/{stack}/jobs?page=N`.
    Jobs {
        /// The stack's uid.
        stack: String,
        /// 1-based.
        page: u32,
    },
    /// `/stacks/{stack}/jobs/{job}`.
    Job {
        /// The stack's uid.
        stack: String,
        /// The job's uid.
        job: String,
    },
    /// `/stacks/{stack}/history?page=N`.
    History {
        /// The stack's uid.
        stack: String,
        /// 1-based.
        page: u32,
    },
    /// `/stacks/{stack}/upcoming?window=24h|7d`: what runs next, and when
    /// jobs pile up.
    Upcoming {
        /// The stack's uid.
        stack: String,
    },
    /// `/upcoming?window=24h|7d`: the same for every stack.
    AllUpcoming,
    /// `/jobs`: every stack's jobs (its page, search and filters are in
    /// the query, as on a stack's page).
    AllJobs,
    /// Anything else.
    NotFound,
}

/// Which page a route shows: a change of page number keeps the page (and
/// its state), a change of stack or job builds a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The stack list.
    Home,
    /// A stack's jobs.
    Jobs(String),
    /// One job.
    Job(String, String),
    /// A stack's history.
    History(String),
    /// A stack's next runs.
    Upcoming(String),
    /// Every stack's next runs.
    AllUpcoming,
    /// Every stack's jobs.
    AllJobs,
    /// No such page.
    NotFound,
}

impl AppRoute {
    /// Reads a path and its query string (with or without the `?`).
    pub fn parse(path: &str, query: &str) -> AppRoute {
        let page = || page_from_query(query_value(query, "page").as_deref());
        let path = path
            .strip_suffix('/')
            .filter(|p| !p.is_empty())
            .unwrap_or(path);
        let parts: Vec<String> = path
            .trim_start_matches('/')
            .split('/')
            .map(|s| decode(s, false))
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        // "." and ".." name no stack or job, and a request with them in its
        // path would reach another resource once the browser resolves it.
        if parts.iter().any(|p| matches!(*p, "." | "..")) {
            return AppRoute::NotFound;
        }
        match parts.as_slice() {
            [""] => AppRoute::Home,
            ["upcoming"] => AppRoute::AllUpcoming,
            ["jobs"] => AppRoute::AllJobs,
            ["stacks", stack, "jobs"] if !stack.is_empty() => AppRoute::Jobs {
                stack: stack.to_string(),
                page: page(),
            },
            ["stacks", stack, "jobs", job] if !stack.is_empty() && !job.is_empty() => {
                AppRoute::Job {
                    stack: stack.to_string(),
                    job: job.to_string(),
                }
            }
            ["stacks", stack, "history"] if !stack.is_empty() => AppRoute::History {
                stack: stack.to_string(),
                page: page(),
            },
            ["stacks", stack, "upcoming"] if !stack.is_empty() => AppRoute::Upcoming {
                stack: stack.to_string(),
            },
            _ => AppRoute::NotFound,
        }
    }

    /// The URL of this route.
    pub fn href(&self) -> String {
        let paged = |path: String, page: u32| match page {
            1 => path,
            n => format!("{path}?page={n}"),
        };
        match self {
            AppRoute::Home | AppRoute::NotFound => "/".into(),
            AppRoute::AllJobs => "/jobs".into(),
            AppRoute::Jobs { stack, page } => {
                paged(format!("/stacks/{}/jobs", encode_segment(stack)), *page)
            }
            AppRoute::Job { stack, job } => format!(
                "/stacks/{}/jobs/{}",
                encode_segment(stack),
                encode_segment(job)
            ),
            AppRoute::History { stack, page } => {
                paged(format!("/stacks/{}/history", encode_segment(stack)), *page)
            }
            AppRoute::Upcoming { stack } => format!("/stacks/{}/upcoming", encode_segment(stack)),
            AppRoute::AllUpcoming => "/upcoming".into(),
        }
    }

    /// The stack the route is about, if any.
    pub fn stack(&self) -> Option<&str> {
        match self {
            AppRoute::Jobs { stack, .. }
            | AppRoute::Job { stack, .. }
            | AppRoute::History { stack, .. }
            | AppRoute::Upcoming { stack } => Some(stack),
            AppRoute::Home | AppRoute::AllUpcoming | AppRoute::AllJobs | AppRoute::NotFound => None,
        }
    }

    /// The page number of a paged route (1 otherwise).
    pub fn page(&self) -> u32 {
        match self {
            AppRoute::Jobs { page, .. } | AppRoute::History { page, .. } => *page,
            _ => 1,
        }
    }

    /// Which page it shows.
    pub fn screen(&self) -> Screen {
        match self {
            AppRoute::Home => Screen::Home,
            AppRoute::Jobs { stack, .. } => Screen::Jobs(stack.clone()),
            AppRoute::Job { stack, job } => Screen::Job(stack.clone(), job.clone()),
            AppRoute::History { stack, .. } => Screen::History(stack.clone()),
            AppRoute::Upcoming { stack } => Screen::Upcoming(stack.clone()),
            AppRoute::AllUpcoming => Screen::AllUpcoming,
            AppRoute::AllJobs => Screen::AllJobs,
            AppRoute::NotFound => Screen::NotFound,
        }
    }
}

/// The pages Go to offers besides stacks and jobs: All jobs, Upcoming (every
/// stack's), and with a stack in view, its History and Upcoming. (Pages
/// added later join here.)
pub fn go_to_pages(stack: Option<(&str, &str)>) -> Vec<(String, String)> {
    let mut pages = vec![
        ("All jobs".to_string(), AppRoute::AllJobs.href()),
        ("Upcoming".to_string(), AppRoute::AllUpcoming.href()),
    ];
    if let Some((uid, label)) = stack {
        let stack = uid.to_string();
        pages.push((
            format!("History — {label}"),
            AppRoute::History {
                stack: stack.clone(),
                page: 1,
            }
            .href(),
        ));
        pages.push((
            format!("Upcoming — {label}"),
            AppRoute::Upcoming { stack }.href(),
        ));
    }
    pages
}

/// The URL of a stack's jobs page.
pub fn jobs_href(stack: &str, page: u32) -> String {
    AppRoute::Jobs {
        stack: stack.into(),
        page,
    }
    .href()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::finding::{Finding, MAX_SEARCH};

    use crate::logic::test_rng::Rng;

    /// Pieces of hostile URLs: escapes, separators, dot segments, numbers
    /// out of range, markup, non-ASCII.
    const PIECES: &[&str] = &[
        "stacks",
        "jobs",
        "history",
        "upcoming",
        "/",
        "/",
        "?",
        "&",
        "=",
        "page",
        "q",
        "sort",
        "dir",
        "status",
        "state",
        "window",
        "-1",
        "0",
        "1",
        "2",
        "99999999999",
        "%2F",
        "%2f",
        "%2E%2E",
        "..",
        ".",
        "%",
        "%zz",
        "%FF",
        "+",
        " ",
        "<script>",
        "sideways",
        "desc",
        "name",
        "1y",
        "é",
        "🧹",
        "\\",
        "#",
        ";",
    ];

    #[test]
    fn any_url_parses_to_a_route_whose_requests_stay_in_their_path() {
        let mut rng = Rng(0x5EED_CAFE);
        for case in 0..20_000 {
            let (mut path, mut query) = (String::from("/"), String::new());
            let segment = |rng: &mut Rng| {
                (0..1 + rng.bits() % 3)
                    .map(|_| rng.pick(PIECES))
                    .collect::<String>()
            };
            if case % 2 == 0 {
                // The shape of a route, with hostile segments.
                let kind = rng.pick(&["jobs", "history", "upcoming", "jobs/"]);
                path = format!("/stacks/{}/{kind}", segment(&mut rng));
                if kind == "jobs/" {
                    path.push_str(&segment(&mut rng));
                }
            } else {
                for _ in 0..(rng.bits() % 12) {
                    path.push_str(rng.pick(PIECES));
                }
            }
            for _ in 0..(rng.bits() % 12) {
                query.push_str(rng.pick(PIECES));
            }
            let route = AppRoute::parse(&path, &query);
            assert!(route.page() >= 1, "case {case}: {path}?{query}");
            for segment in [route.stack(), job_of(&route)].into_iter().flatten() {
                let encoded = encode_segment(segment);
                assert!(
                    !encoded.contains('/') && !matches!(encoded.as_str(), "" | "." | ".."),
                    "case {case}: {path}?{query} asks for {encoded:?}"
                );
            }
            // Its link leads back to it.
            if route != AppRoute::NotFound {
                let href = route.href();
                let (p, q) = href.split_once('?').unwrap_or((&href, ""));
                assert_eq!(AppRoute::parse(p, q), route, "case {case}: {path}?{query}");
            }
            let finding = Finding::from_query(&query);
            assert!(finding.page >= 1 && finding.q.chars().count() <= MAX_SEARCH);
            assert_eq!(
                Finding::from_query(&finding.to_query()),
                finding,
                "case {case}: {query}"
            );
        }
    }

    fn job_of(route: &AppRoute) -> Option<&str> {
        match route {
            AppRoute::Job { job, .. } => Some(job),
            _ => None,
        }
    }

    #[test]
    fn dot_segments_are_no_route() {
        for path in [
            "/stacks/../jobs",
            "/stacks/%2E%2E/jobs",
            "/stacks/./jobs",
            "/stacks/a/jobs/..",
        ] {
            assert_eq!(AppRoute::parse(path, ""), AppRoute::NotFound, "{path}");
        }
        assert_eq!(
            AppRoute::parse("/stacks/a%2Fb/jobs", "").href(),
            "/stacks/a%2Fb/jobs"
        );
    }

    fn jobs(stack: &str, page: u32) -> AppRoute {
        AppRoute::Jobs {
            stack: stack.into(),
            page,
        }
    }

    #[test]
    fn parses_every_route() {
        assert_eq!(AppRoute::parse("/", ""), AppRoute::Home);
        assert_eq!(AppRoute::parse("/jobs", "?q=x&page=2"), AppRoute::AllJobs);
        assert_eq!(AppRoute::parse("/jobs/", ""), AppRoute::AllJobs);
        assert_eq!(AppRoute::parse("/stacks/abc/jobs", ""), jobs("abc", 1));
        assert_eq!(
            AppRoute::parse("/stacks/abc/jobs/", "?page=3"),
            jobs("abc", 3)
        );
        assert_eq!(
            AppRoute::parse("/stacks/abc/jobs", "page=x"),
            jobs("abc", 1)
        );
        assert_eq!(
            AppRoute::parse("/stacks/abc/jobs/j1", ""),
            AppRoute::Job {
                stack: "abc".into(),
                job: "j1".into()
            }
        );
        assert_eq!(
            AppRoute::parse("/stacks/abc/history", "?page=2"),
            AppRoute::History {
                stack: "abc".into(),
                page: 2
            }
        );
        for unknown in [
            "/stacks",
            "/stacks/",
            "/stacks//jobs",
            "/other/abc",
            "/stacks/abc",
            "/stacks/a/jobs/b/c",
        ] {
            assert_eq!(
                AppRoute::parse(unknown, ""),
                AppRoute::NotFound,
                "{unknown}"
            );
        }
    }

    #[test]
    fn hrefs_round_trip() {
        for route in [
            AppRoute::Home,
            jobs("abc", 1),
            jobs("a b/c", 4),
            AppRoute::Job {
                stack: "s".into(),
                job: "%x".into(),
            },
            AppRoute::History {
                stack: "s".into(),
                page: 2,
            },
            AppRoute::Upcoming { stack: "s".into() },
            AppRoute::AllUpcoming,
            AppRoute::AllJobs,
        ] {
            let href = route.href();
            let (path, query) = href.split_once('?').unwrap_or((&href, ""));
            assert_eq!(AppRoute::parse(path, query), route, "{href}");
        }
        assert_eq!(jobs_href("s", 1), "/stacks/s/jobs");
        assert_eq!(jobs_href("s", 2), "/stacks/s/jobs?page=2");
    }

    #[test]
    fn a_page_change_keeps_the_screen() {
        assert_eq!(jobs("s", 1).screen(), jobs("s", 2).screen());
        assert_ne!(jobs("s", 1).screen(), jobs("t", 1).screen());
        assert_eq!(jobs("s", 3).stack(), Some("s"));
        assert_eq!(
            AppRoute::parse("/upcoming", "?window=7d").screen(),
            Screen::AllUpcoming
        );
        assert_eq!(AppRoute::AllUpcoming.stack(), None);
    }
}
