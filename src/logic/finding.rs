//! Finding jobs across a stack's pages, or every stack's (All jobs): what
//! the query string asks for (`q`, `status`, `state`, `sort`, `dir`,
//! `page`), which jobs match, and in what order. Pure, so that the round
//! trips and the order are unit-tested. Each job's search text and sort
//! keys are worked out once per job, never inside a comparison: All jobs
//! sorts thousands of jobs on every keystroke.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::logic::cron::Cron;
use crate::logic::model::{Job, JobStatus};
use crate::logic::paused::paused_for_ms;
use crate::logic::rows::Row;
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
    /// What needs attention first: Failed, then Running, then paused for
    /// over a day, then the rest, each group by name (All jobs' default).
    Attention,
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
words!(SortKey: Name = "name", Status = "status", Next = "next", Updated = "updated", Attention = "attention");
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
        self.matches_text(job, &search_text(job, None), &self.q.to_lowercase())
    }

    /// [`Self::matches`], given the job's [`search_text`] and the search
    /// text lowercased.
    fn matches_text(&self, job: &Job, text: &str, needle: &str) -> bool {
        let status_ok = self.status.is_none_or(|s| status_filter(job.status) == s);
        let state_ok = self
            .state
            .is_none_or(|s| (s == StateFilter::Paused) == job.paused);
        status_ok && state_ok && (needle.is_empty() || text.contains(needle))
    }

    /// The matches, in the asked order: stable, ties by name then uid.
    /// `now` tells a long pause (for `sort=attention`); `next_run` gives a
    /// job's next run (`None`: never, paused, on demand).
    pub fn apply<'a, R: Searchable>(
        &self,
        jobs: &'a [R],
        now: EpochMillis,
        next_run: impl Fn(&Job) -> Option<EpochMillis>,
    ) -> Vec<&'a R> {
        self.sorted(self.filter(jobs), now, next_run)
    }

    /// The matches, in the order given: the search and the filters without
    /// the sort. Filtering rows already in the asked order gives what
    /// [`Self::apply`] gives, so a view over thousands of jobs sorts them
    /// when they or the sort change, not on every keystroke.
    pub fn filter<'a, R: Searchable>(&self, jobs: &'a [R]) -> Vec<&'a R> {
        let needle = self.q.to_lowercase();
        jobs.iter()
            .filter(|r| self.matches_text(r.as_ref(), &r.search_text(), &needle))
            .collect()
    }

    /// `found` in the asked order (as given without a sort).
    pub fn sorted<'a, R: Searchable>(
        &self,
        found: Vec<&'a R>,
        now: EpochMillis,
        next_run: impl Fn(&Job) -> Option<EpochMillis>,
    ) -> Vec<&'a R> {
        let Some(key) = self.sort else {
            return found;
        };
        let dir = self.dir;
        // Each job's keys once, not once per comparison.
        let mut keyed: Vec<(Primary, Cow<'a, str>, &R)> = found
            .into_iter()
            .map(|r| {
                let j = r.as_ref();
                let primary = match key {
                    SortKey::Name => Primary::Rank(0),
                    SortKey::Status => Primary::Rank(status_rank(j.status)),
                    SortKey::Attention => Primary::Rank(attention_rank(j, now)),
                    SortKey::Next => Primary::Time(next_run(j)),
                    SortKey::Updated => Primary::Time(j.updated_at),
                };
                (primary, r.name_key(), r)
            })
            .collect();
        keyed.sort_by(|(pa, la, a), (pb, lb, b)| {
            let primary = match (pa, pb) {
                (Primary::Time(x), Primary::Time(y)) => {
                    let order = last_when_none(*x, *y);
                    // Descending still puts the jobs without a time last.
                    match dir {
                        Dir::Desc if x.is_some() && y.is_some() => order.reverse(),
                        _ => order,
                    }
                }
                (Primary::Rank(x), Primary::Rank(y)) => match dir {
                    Dir::Desc => y.cmp(x),
                    Dir::Asc => x.cmp(y),
                },
                _ => Ordering::Equal,
            };
            let by_name = la
                .cmp(lb)
                .then_with(|| a.as_ref().name.cmp(&b.as_ref().name))
                .then_with(|| a.as_ref().uid.cmp(&b.as_ref().uid));
            let by_name = if dir == Dir::Desc && key == SortKey::Name {
                by_name.reverse()
            } else {
                by_name
            };
            primary.then(by_name)
        });
        keyed.into_iter().map(|(_, _, r)| r).collect()
    }
}

/// A job's sort key before its name.
#[derive(Clone, Copy, PartialEq)]
enum Primary {
    Rank(u8),
    Time(Option<EpochMillis>),
}

/// A row that finding can search: its job, and the text search looks
/// through. A view over many jobs (All jobs) keeps that text with each row
/// instead of working it out on every keystroke.
pub trait Searchable: AsRef<Job> {
    /// The job's [`search_text`].
    fn search_text(&self) -> Cow<'_, str> {
        Cow::Owned(search_text(self.as_ref(), None))
    }

    /// The job's name lowercased, as names sort.
    fn name_key(&self) -> Cow<'_, str> {
        Cow::Owned(self.as_ref().name.to_lowercase())
    }
}

impl Searchable for Job {}

impl Searchable for Row<Job> {}

/// What search looks through, lowercased: the job's name, command or task,
/// type (its word and the API's name), cron, and its stack's name where the
/// view spans stacks. Fields are kept apart so a search never matches
/// across two of them.
pub fn search_text(job: &Job, stack: Option<&str>) -> String {
    const APART: char = '\u{1f}';
    let mut text = String::with_capacity(job.name.len() + 64);
    for part in [
        job.name.as_str(),
        &job.command(),
        job.kind.label(),
        job.kind.api_name(),
        job.cron.as_deref().unwrap_or(""),
        stack.unwrap_or(""),
    ] {
        text.push_str(&part.to_lowercase());
        text.push(APART);
    }
    text
}

/// When a job runs next, for sorting: `None` when paused, on demand,
/// invalid or never.
pub fn next_run(job: &Job, now: EpochMillis) -> Option<EpochMillis> {
    if job.paused {
        return None;
    }
    Cron::parse(job.cron.as_deref()?).ok()?.next_after(now)
}

/// Where a job stands in `sort=attention`: 0 Failed, 1 Running, 2 paused
/// for over a day, 3 the rest.
pub fn attention_rank(job: &Job, now: EpochMillis) -> u8 {
    match job.status {
        JobStatus::Failed => 0,
        JobStatus::Running => 1,
        _ if paused_for_ms(job.paused, job.updated_at, now).is_some() => 2,
        _ => 3,
    }
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

    fn calendar_text(ms: f64) -> String {
        let secs = (ms / 1000.0) as i64;
        let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let (y, m, d) = crate::logic::calendar::civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
            rest / 3600,
            rest % 3600 / 60,
            rest % 60
        )
    }

    fn names<R: AsRef<Job>>(jobs: &[&R]) -> Vec<String> {
        jobs.iter().map(|j| j.as_ref().name.clone()).collect()
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
                .apply(&jobs, 0.0, |_| None),
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
            names(&f(Some(StatusFilter::Failed), None).apply(&jobs, 0.0, |_| None)),
            ["a", "b"]
        );
        assert_eq!(
            names(
                &f(Some(StatusFilter::Failed), Some(StateFilter::Paused))
                    .apply(&jobs, 0.0, |_| None)
            ),
            ["b"]
        );
        assert_eq!(
            names(&f(None, Some(StateFilter::Active)).apply(&jobs, 0.0, |_| None)),
            ["a", "d"]
        );
        assert_eq!(
            names(&f(Some(StatusFilter::Unknown), None).apply(&jobs, 0.0, |_| None)),
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
                .apply(&jobs, 0.0, |j| match j.uid.as_str() {
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
    fn attention_puts_failed_then_running_then_long_pauses_first() {
        let day = 86_400_000.0;
        let now = 1_772_884_800_000.0;
        let at = |days_ago: f64| calendar_text(now - days_ago * day);
        let jobs = [
            job("1", "zeta", 2, false, None),
            job("2", "old-pause", 2, true, Some(&at(3.0))),
            job("3", "fresh-pause", 0, true, Some(&at(0.2))),
            job("4", "broken", 3, true, Some(&at(9.0))),
            job("5", "busy", 1, false, None),
            job("6", "alpha", 3, false, None),
            job("7", "undated-pause", 2, true, None),
        ];
        let attention = Finding::from_query("?sort=attention");
        assert_eq!(attention.to_query(), "?sort=attention");
        assert_eq!(
            names(&attention.apply(&jobs, now, |_| None)),
            [
                "alpha",
                "broken",
                "busy",
                "old-pause",
                "fresh-pause",
                "undated-pause",
                "zeta"
            ]
        );
    }

    #[test]
    fn search_can_match_the_stack_and_never_across_fields() {
        struct InStack(Job, String);
        impl AsRef<Job> for InStack {
            fn as_ref(&self) -> &Job {
                &self.0
            }
        }
        impl Searchable for InStack {
            fn search_text(&self) -> Cow<'_, str> {
                Cow::Borrowed(&self.1)
            }
        }
        let backup = job("1", "backup", 2, false, None);
        let rows = [InStack(
            backup.clone(),
            search_text(&backup, Some("Acme Production")),
        )];
        let find = |q: &str| {
            Finding {
                q: q.into(),
                ..Finding::default()
            }
            .apply(&rows, 0.0, |_| None)
            .len()
        };
        assert_eq!(find("acme prod"), 1);
        assert_eq!(find("BACKUP"), 1);
        // "backup" ends the name and "run" starts the command: no match across them.
        assert_eq!(find("backuprun"), 0);
        assert_eq!(search_text(&backup, None), search_text(&backup, Some("")));
    }

    #[test]
    fn filtering_rows_in_order_is_applying_the_finding() {
        let jobs: Vec<Job> = (0..40)
            .map(|i| {
                job(
                    &i.to_string(),
                    &format!("Job-{}", (i * 7) % 13),
                    i % 4,
                    i % 3 == 0,
                    None,
                )
            })
            .collect();
        let sorted = |f: &Finding| f.apply(&jobs, 0.0, |j| j.uid.parse::<f64>().ok());
        for query in [
            "?sort=status&q=job-1",
            "?sort=next&dir=desc&state=paused",
            "?sort=name&status=failed",
            "?q=5",
        ] {
            let f = Finding::from_query(query);
            let everything = Finding {
                q: String::new(),
                status: None,
                state: None,
                ..f.clone()
            };
            let ordered: Vec<Job> = sorted(&everything).into_iter().cloned().collect();
            let filtered: Vec<&Job> = f.filter(&ordered);
            assert_eq!(names(&filtered), names(&sorted(&f)), "{query}");
        }
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
