//! Finding jobs across a stack's pages: what the query string asks for
//! (`q`, `status`, `state`, `sort`, `dir`, `page`), which jobs match, and in
//! what order. Pure, so that the round trips and the order are unit-tested.

use std::cmp::Ordering;

use crate::logic::model::{Job, JobStatus};
use crate::logic::time::EpochMillis;
use crate::logic::url::page_from_query;
use crate::logic::url::query_value;

/// Jobs per page of matches, as the API pages them.
pub const PER_PAGE: usize = 30;

/// The Status filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    /// Edited, not run since.
    Updated,
    /// Running now.
    Running,
    /// Last run succeeded.
    Succeeded,
    /// Last run failed.
    Failed,
    /// Any other status.
    Unknown,
}

/// The State filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateFilter {
    /// Not paused.
    Active,
    /// Paused.
    Paused,
}

/// A sortable column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// By name.
    Name,
    /// By status, in the order of the Status filter.
    Status,
    /// By next run; jobs that never run come last.
    Next,
    /// By the time the job last changed.
    Updated,
}

/// The sort direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dir {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

/// What the person asked to see, as kept in the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Finding {
    /// Search text; blank means none.
    pub q: String,
    /// Only jobs of this status.
    pub status: Option<StatusFilter>,
    /// Only active or only paused jobs.
    pub state: Option<StateFilter>,
    /// The sorted column.
    pub sort: Option<SortKey>,
    /// The direction of the sort.
    pub dir: Dir,
    /// 1-based page of the matches (or of the API's pages when nothing is set).
    pub page: u32,
}

macro_rules! words {
    ($name:ident: $($variant:ident = $word:literal),+) => {
        impl $name {
            /// The word used in the query string.
            pub fn word(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
            /// Reads the query string's word; anything else is `None`.
            pub fn from_word(word: &str) -> Option<$name> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

words!(StatusFilter: Updated = "updated", Running = "running", Succeeded = "succeeded", Failed = "failed", Unknown = "unknown");
words!(StateFilter: Active = "active", Paused = "paused");
words!(SortKey: Name = "name", Status = "status", Next = "next", Updated = "updated");
words!(Dir: Asc = "asc", Desc = "desc");

/// The most characters of search text kept: a longer `q` (a pasted log, a
/// mangled link) is cut, not searched whole on every keystroke.
pub const MAX_SEARCH: usize = 200;

impl Finding {
    /// Reads a query string (with or without its `?`); unknown values are
    /// ignored, the search text is cut to [`MAX_SEARCH`] characters.
    pub fn from_query(query: &str) -> Finding {
        let word = |key: &str| query_value(query, key).map(|v| v.trim().to_ascii_lowercase());
        Finding {
            q: query_value(query, "q")
                .map(|q| {
                    q.trim()
                        .chars()
                        .take(MAX_SEARCH)
                        .collect::<String>()
                        .trim()
                        .to_string()
                })
                .unwrap_or_default(),
            status: word("status").and_then(|w| StatusFilter::from_word(&w)),
            state: word("state").and_then(|w| StateFilter::from_word(&w)),
            sort: word("sort").and_then(|w| SortKey::from_word(&w)),
            dir: word("dir")
                .and_then(|w| Dir::from_word(&w))
                .unwrap_or_default(),
            page: page_from_query(query_value(query, "page").as_deref()),
        }
    }

    /// The query string, `?` included, or empty: only what is set, in a fixed order.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", encode_query(&self.q)));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.word().into()));
        }
        if let Some(state) = self.state {
            pairs.push(("state", state.word().into()));
        }
        if let Some(sort) = self.sort {
            pairs.push(("sort", sort.word().into()));
            if self.dir == Dir::Desc {
                pairs.push(("dir", "desc".into()));
            }
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        let joined: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        match joined.is_empty() {
            true => String::new(),
            false => format!("?{}", joined.join("&")),
        }
    }

    /// Whether the view works on all of the stack's jobs (anything but a page set).
    pub fn is_active(&self) -> bool {
        !self.q.is_empty() || self.status.is_some() || self.state.is_some() || self.sort.is_some()
    }

    /// Whether one job is among the matches: the search text in its name,
    /// command or task, type or cron, ignoring case, and the filters.
    pub fn matches(&self, job: &Job) -> bool {
        let status_ok = self.status.is_none_or(|s| status_filter(job.status) == s);
        let state_ok = self
            .state
            .is_none_or(|s| (s == StateFilter::Paused) == job.paused);
        status_ok && state_ok && (self.q.is_empty() || text_matches(job, &self.q.to_lowercase()))
    }

    /// The matches, in the asked order: stable, ties by name then uid.
    /// `next_run` gives a job's next run (`None`: never, paused, on demand).
    pub fn apply<'a, R: AsRef<Job>>(
        &self,
        jobs: &'a [R],
        next_run: impl Fn(&Job) -> Option<EpochMillis>,
    ) -> Vec<&'a R> {
        let mut found: Vec<&R> = jobs.iter().filter(|j| self.matches(j.as_ref())).collect();
        if let Some(key) = self.sort {
            let dir = self.dir;
            let mut keyed: Vec<(Option<EpochMillis>, &R)> = found
                .iter()
                .map(|r| {
                    let j = r.as_ref();
                    (
                        matches!(key, SortKey::Next).then(|| next_run(j)).flatten(),
                        *r,
                    )
                })
                .collect();
            keyed.sort_by(|(na, a), (nb, b)| {
                let (a, b) = (a.as_ref(), b.as_ref());
                let primary = match key {
                    SortKey::Name => Ordering::Equal,
                    SortKey::Status => status_rank(a.status).cmp(&status_rank(b.status)),
                    SortKey::Next => last_when_none(*na, *nb),
                    SortKey::Updated => last_when_none(a.updated_at, b.updated_at),
                };
                let primary = if dir == Dir::Desc && !matches!(key, SortKey::Name) {
                    flip_keeping_none_last(primary, key, (*na, *nb), (a.updated_at, b.updated_at))
                } else {
                    primary
                };
                let by_name = by_name(a, b);
                let by_name = if dir == Dir::Desc && key == SortKey::Name {
                    by_name.reverse()
                } else {
                    by_name
                };
                primary.then(by_name)
            });
            found = keyed.into_iter().map(|(_, r)| r).collect();
        }
        found
    }
}

/// Names ignoring case, then exactly, then by uid: a total, stable order.
fn by_name(a: &Job, b: &Job) -> Ordering {
    a.name
        .to_lowercase()
        .cmp(&b.name.to_lowercase())
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.uid.cmp(&b.uid))
}

/// Times ascending; jobs without one come last.
fn last_when_none(a: Option<EpochMillis>, b: Option<EpochMillis>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Descending order for times still puts the jobs without one last.
fn flip_keeping_none_last(
    primary: Ordering,
    key: SortKey,
    next: (Option<EpochMillis>, Option<EpochMillis>),
    updated: (Option<EpochMillis>, Option<EpochMillis>),
) -> Ordering {
    let (a, b) = match key {
        SortKey::Next => next,
        SortKey::Updated => updated,
        _ => return primary.reverse(),
    };
    match (a, b) {
        (Some(_), Some(_)) => primary.reverse(),
        _ => primary,
    }
}

fn status_filter(status: JobStatus) -> StatusFilter {
    match status {
        JobStatus::Updated => StatusFilter::Updated,
        JobStatus::Running => StatusFilter::Running,
        JobStatus::Succeeded => StatusFilter::Succeeded,
        JobStatus::Failed => StatusFilter::Failed,
        JobStatus::Unknown(_) => StatusFilter::Unknown,
    }
}

fn status_rank(status: JobStatus) -> u8 {
    status_filter(status) as u8
}

fn text_matches(job: &Job, needle: &str) -> bool {
    let hay = |text: &str| text.to_lowercase().contains(needle);
    hay(&job.name)
        || hay(&job.command())
        || hay(job.kind.label())
        || hay(job.kind.api_name())
        || job.cron.as_deref().is_some_and(hay)
}

/// Query values: `%`-encoded except unreserved characters; a space as `+`.
fn encode_query(text: &str) -> String {
    crate::logic::url::encode_segment(text).replace("%20", "+")
}

/// The slice of `matches` on page `page` (1-based) and how many pages there are.
pub fn page_of<T: Clone>(matches: &[T], page: u32) -> (Vec<T>, u32) {
    let pages = matches.len().div_ceil(PER_PAGE).max(1) as u32;
    let start = (page.max(1) as usize - 1).saturating_mul(PER_PAGE);
    let slice = matches.iter().skip(start).take(PER_PAGE).cloned().collect();
    (slice, pages)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_long_search_is_cut() {
        let long = format!("q={}", "x".repeat(10_000));
        assert_eq!(Finding::from_query(&long).q.len(), MAX_SEARCH);
        let spaced = format!("q={}+y", "é".repeat(MAX_SEARCH - 1));
        assert_eq!(
            Finding::from_query(&spaced).q.chars().count(),
            MAX_SEARCH - 1,
            "cut, then trimmed"
        );
    }

    use super::*;
    use serde_json::json;

    fn job(uid: &str, name: &str, status: i64, paused: bool, updated: Option<&str>) -> Job {
        Job::from_value(&json!({
            "uid": uid, "name": name, "type": "DockerHostTaskJob", "cron": "0 3 * * *",
            "status": status, "paused": paused, "params": {"command": format!("run {name}")},
            "updated_at": updated,
        }))
        .unwrap()
    }

    fn names(jobs: &[&Job]) -> Vec<String> {
        jobs.iter().map(|j| j.name.clone()).collect()
    }

    #[test]
    fn query_strings_round_trip() {
        for query in [
            "",
            "?q=rake+digest",
            "?status=failed&state=paused",
            "?q=a%26b%3Dc&sort=next&dir=desc&page=3",
            "?sort=name",
            "?q=%C3%A9t%C3%A9",
        ] {
            assert_eq!(Finding::from_query(query).to_query(), query, "{query}");
        }
        let f = Finding::from_query("q=%20Digest%20&status=FAILED&state=odd&sort=x&dir=up&page=0");
        assert_eq!(f.q, "Digest");
        assert_eq!(f.status, Some(StatusFilter::Failed));
        assert_eq!((f.state, f.sort, f.dir, f.page), (None, None, Dir::Asc, 1));
        assert!(f.is_active());
        assert!(!Finding::from_query("?page=2").is_active());
    }

    #[test]
    fn search_matches_name_command_type_and_cron_ignoring_case() {
        let mut digest = job("1", "Weekly-Digest", 2, false, None);
        digest.cron = Some("15,30 9 * * 1-5".into());
        let jobs = [digest, job("2", "backup", 3, true, None)];
        let find = |q: &str| {
            names(
                &Finding {
                    q: q.into(),
                    ..Finding::default()
                }
                .apply(&jobs, |_| None),
            )
        };
        assert_eq!(find("DIGEST"), ["Weekly-Digest"]);
        assert_eq!(find("run backup"), ["backup"]);
        assert_eq!(find("host"), ["Weekly-Digest", "backup"]);
        assert_eq!(find("dockerhosttask").len(), 2);
        assert_eq!(find("1-5"), ["Weekly-Digest"]);
        assert!(find("nothing like it").is_empty());
    }

    #[test]
    fn filters_by_status_and_state() {
        let jobs = [
            job("1", "a", 3, false, None),
            job("2", "b", 3, true, None),
            job("3", "c", 2, true, None),
            job("4", "d", 9, false, None),
        ];
        let f = |status, state| Finding {
            status,
            state,
            ..Finding::default()
        };
        assert_eq!(
            names(&f(Some(StatusFilter::Failed), None).apply(&jobs, |_| None)),
            ["a", "b"]
        );
        assert_eq!(
            names(&f(Some(StatusFilter::Failed), Some(StateFilter::Paused)).apply(&jobs, |_| None)),
            ["b"]
        );
        assert_eq!(
            names(&f(None, Some(StateFilter::Active)).apply(&jobs, |_| None)),
            ["a", "d"]
        );
        assert_eq!(
            names(&f(Some(StatusFilter::Unknown), None).apply(&jobs, |_| None)),
            ["d"]
        );
    }

    #[test]
    fn sorting_is_stable_with_ties_by_name_and_missing_values_last() {
        let jobs = [
            job("1", "beta", 3, false, Some("2023-10-24 15:38:29 UTC")),
            job("2", "Alpha", 2, false, None),
            job("3", "alpha", 3, false, Some("2023-10-25 15:38:29 UTC")),
            job("4", "gamma", 0, false, Some("2023-10-24 15:38:29 UTC")),
        ];
        let sorted = |sort, dir| {
            names(
                &Finding {
                    sort: Some(sort),
                    dir,
                    ..Finding::default()
                }
                .apply(&jobs, |j| match j.uid.as_str() {
                    "1" => Some(3.0),
                    "3" => Some(1.0),
                    _ => None,
                }),
            )
        };
        assert_eq!(
            sorted(SortKey::Name, Dir::Asc),
            ["Alpha", "alpha", "beta", "gamma"]
        );
        assert_eq!(
            sorted(SortKey::Name, Dir::Desc),
            ["gamma", "beta", "alpha", "Alpha"]
        );
        assert_eq!(
            sorted(SortKey::Status, Dir::Asc),
            ["gamma", "Alpha", "alpha", "beta"]
        );
        assert_eq!(
            sorted(SortKey::Status, Dir::Desc),
            ["alpha", "beta", "Alpha", "gamma"]
        );
        assert_eq!(
            sorted(SortKey::Next, Dir::Asc),
            ["alpha", "beta", "Alpha", "gamma"]
        );
        assert_eq!(
            sorted(SortKey::Next, Dir::Desc),
            ["beta", "alpha", "Alpha", "gamma"]
        );
        // Same updated time: the tie goes by name.
        assert_eq!(
            sorted(SortKey::Updated, Dir::Asc),
            ["beta", "gamma", "alpha", "Alpha"]
        );
        assert_eq!(
            sorted(SortKey::Updated, Dir::Desc),
            ["alpha", "beta", "gamma", "Alpha"]
        );
    }

    #[test]
    fn pages_of_matches() {
        let items: Vec<u32> = (0..75).collect();
        assert_eq!(page_of(&items, 1).0.len(), 30);
        assert_eq!(page_of(&items, 3), ((60..75).collect(), 3));
        assert_eq!(page_of(&items, 9).0.len(), 0);
        assert_eq!(page_of::<u32>(&[], 1), (vec![], 1));
    }
}
