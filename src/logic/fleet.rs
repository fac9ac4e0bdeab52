//! All jobs: every stack's jobs at once. What loading them costs before a
//! request is sent (one request per stack, plus the extra pages this device
//! saw last time), when to ask first, each stack's page count as remembered
//! on this device, the counts of the Stacks table, and what live refresh
//! of every stack costs.
//!
//! Live refresh of All jobs refreshes one stack (all its pages) per tick,
//! inside the budget of a single stack's page ([`crate::logic::live`]): a
//! tick costs that stack's pages, so the interval between ticks is the
//! budget's for that cost, and each stack comes round once every
//! `stacks + 1` ticks (the stack list is one of them). An hour of All jobs
//! left open costs no more than the budget, however many stacks there are;
//! the time between two refreshes of one stack grows with their number.

use std::time::Duration;

use serde_json::{json, Value};

use crate::logic::live::{Budget, Plan};
use crate::logic::model::{Job, JobStatus};

/// Requests in flight at most while every stack's jobs load.
pub const IN_FLIGHT: usize = 4;

/// Past this share of the remaining quota (1 in 10), ask before loading.
const ASK_SHARE: u64 = 10;

/// Stacks whose page count is remembered; the least recent drop off.
pub const MAX_COUNTS: usize = 500;

/// The format of the stored page counts.
const VERSION: u64 = 1;

/// What loading one stack's jobs still costs: the pages it lacks when this
/// session knows its page count, else the pages this device saw last time
/// (at least one).
pub fn stack_cost(missing_known: Option<usize>, remembered_pages: Option<u32>) -> u32 {
    match missing_known {
        Some(missing) => u32::try_from(missing).unwrap_or(u32::MAX),
        None => remembered_pages.unwrap_or(1).max(1),
    }
}

/// Whether to ask before loading: the estimate passes a tenth of what
/// remains. Unknown remaining (no quota headers): nothing to compare, so no.
pub fn must_ask(estimate: u32, remaining: Option<u32>) -> bool {
    remaining.is_some_and(|left| u64::from(estimate) * ASK_SHARE > u64::from(left))
}

/// Each stack's page count as last seen on this device, most recent first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageCounts(pub Vec<(String, u32)>);

impl PageCounts {
    /// The pages `stack` had last time, if known.
    pub fn get(&self, stack: &str) -> Option<u32> {
        self.0.iter().find(|(s, _)| s == stack).map(|(_, n)| *n)
    }

    /// Notes a stack's page count; returns whether anything changed.
    pub fn note(&mut self, stack: &str, pages: u32) -> bool {
        if self
            .0
            .first()
            .is_some_and(|(s, n)| s == stack && *n == pages)
        {
            return false;
        }
        self.0.retain(|(s, _)| s != stack);
        self.0.insert(0, (stack.to_string(), pages.max(1)));
        self.0.truncate(MAX_COUNTS);
        true
    }

    /// The stored text.
    pub fn encode(&self) -> String {
        let pages: Vec<Value> = self.0.iter().map(|(s, n)| json!([s, n])).collect();
        json!({"v": VERSION, "pages": pages}).to_string()
    }

    /// Reads the stored text: anything unreadable is nothing known; an entry
    /// that cannot be read (or a count of 0 or past 100,000) is dropped alone.
    pub fn decode(text: Option<&str>) -> PageCounts {
        let Some(Ok(value)) = text.map(serde_json::from_str::<Value>) else {
            return PageCounts::default();
        };
        if value.get("v").and_then(Value::as_u64) != Some(VERSION) {
            return PageCounts::default();
        }
        let mut counts = PageCounts::default();
        for entry in value
            .get("pages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some([stack, pages]) = entry.as_array().map(Vec::as_slice) else {
                continue;
            };
            let stack = stack.as_str().filter(|s| !s.is_empty());
            let pages = pages.as_u64().filter(|n| (1..=100_000).contains(n));
            if let (Some(stack), Some(pages)) = (stack, pages) {
                if counts.get(stack).is_none() && counts.0.len() < MAX_COUNTS {
                    counts.0.push((stack.to_string(), pages as u32));
                }
            }
        }
        counts
    }
}

/// One stack's figures in the Stacks table, over the jobs loaded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Jobs loaded.
    pub jobs: u32,
    /// Of which Failed.
    pub failed: u32,
    /// Running.
    pub running: u32,
    /// Paused.
    pub paused: u32,
}

impl Counts {
    /// Counts `jobs`.
    pub fn of<'a>(jobs: impl IntoIterator<Item = &'a Job>) -> Counts {
        let mut counts = Counts::default();
        for job in jobs {
            counts.jobs += 1;
            counts.failed += u32::from(job.status == JobStatus::Failed);
            counts.running += u32::from(job.status == JobStatus::Running);
            counts.paused += u32::from(job.paused);
        }
        counts
    }
}

/// Live refresh of All jobs at a quota: the time between ticks, and between
/// two refreshes of the same stack, for `stacks` stacks of `pages` pages
/// each (the stack list counted as one more tick of one page). `None` when
/// live refresh keeps to the reserve.
pub fn rotation(
    stacks: u32,
    pages: u32,
    remaining: u32,
    limit: u32,
) -> Option<(Duration, Duration)> {
    let budget = |cost| Budget {
        remaining: Some(remaining),
        limit: Some(limit),
        window_left: None,
        cost,
        errors: 0,
    };
    let Plan::Every(tick) = budget(pages).plan() else {
        return None;
    };
    let Plan::Every(list) = budget(1).plan() else {
        return None;
    };
    Some((tick, tick * stacks + list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_counts_one_request_per_stack_plus_pages_seen() {
        let stacks = [
            stack_cost(None, None),       // never seen: its first page
            stack_cost(None, Some(4)),    // 4 pages last time
            stack_cost(Some(0), Some(4)), // loaded this session: nothing
            stack_cost(Some(2), None),    // 2 pages still missing
            stack_cost(None, Some(0)),    // a count of 0 is still one request
        ];
        assert_eq!(stacks, [1, 4, 0, 2, 1]);
        assert_eq!(stacks.iter().sum::<u32>(), 8);
    }

    #[test]
    fn it_asks_past_a_tenth_of_what_remains() {
        assert!(!must_ask(360, Some(3600)), "exactly a tenth");
        assert!(must_ask(361, Some(3600)));
        assert!(must_ask(1, Some(0)));
        assert!(!must_ask(0, Some(0)));
        assert!(
            !must_ask(10_000, None),
            "no quota known: nothing to compare"
        );
        // 57 stacks of a fleet of 50 × 120 (4 pages each) plus the seed's 17 pages.
        assert!(must_ask(50 * 4 + 17, Some(2000)));
        assert!(!must_ask(50 * 4 + 17, Some(3600)));
    }

    #[test]
    fn page_counts_are_remembered_bounded_and_read_defensively() {
        let mut counts = PageCounts::default();
        assert!(counts.note("a", 3));
        assert!(!counts.note("a", 3));
        assert!(counts.note("b", 1));
        assert!(counts.note("a", 4));
        assert_eq!(counts.0, [("a".to_string(), 4), ("b".to_string(), 1)]);
        assert_eq!(PageCounts::decode(Some(&counts.encode())), counts);
        for i in 0..600 {
            counts.note(&format!("s{i}"), 2);
        }
        assert_eq!(counts.0.len(), MAX_COUNTS);
        assert_eq!(counts.get("s599"), Some(2));
        assert_eq!(counts.get("a"), None, "the least recent dropped off");

        for text in [
            None,
            Some("{"),
            Some("[]"),
            Some("{\"v\":9,\"pages\":[[\"a\",1]]}"),
        ] {
            assert_eq!(PageCounts::decode(text), PageCounts::default());
        }
        let text = r#"{"v":1,"pages":[["a",3],["b",0],["c","2"],[5,1],["d",999999],"x",["e",2,1],["f",2]]}"#;
        assert_eq!(
            PageCounts::decode(Some(text)).0,
            [("a".to_string(), 3), ("f".to_string(), 2)]
        );
    }

    #[test]
    fn counts_are_over_the_jobs_loaded() {
        let job = |status: i64, paused: bool| {
            Job::from_value(&json!({"uid": "x", "status": status, "paused": paused}))
                .unwrap_or_else(|e| panic!("{e:?}"))
        };
        let jobs = [
            job(3, false),
            job(3, true),
            job(1, false),
            job(2, true),
            job(0, false),
        ];
        assert_eq!(
            Counts::of(&jobs),
            Counts {
                jobs: 5,
                failed: 2,
                running: 1,
                paused: 2
            }
        );
    }

    #[test]
    fn live_refresh_of_every_stack_stays_in_one_stacks_budget() {
        let minutes = |d: Duration| d.as_secs_f64() / 60.0;
        // A full quota: one-page stacks tick at the 15 s floor.
        for (stacks, round) in [(5, 1.5), (20, 5.25), (50, 12.75)] {
            let (tick, each) = rotation(stacks, 1, 3600, 3600).unwrap_or_else(|| panic!("paused"));
            assert_eq!(tick, Duration::from_secs(15));
            assert!(
                (minutes(each) - round).abs() < 0.01,
                "{stacks}: {}",
                minutes(each)
            );
        }
        // 4 pages a stack (120 jobs): a tick costs 4, so ticks are 4 times rarer
        // than one page's budget allows, and an hour stays within it.
        let (tick, each) = rotation(50, 4, 3600, 3600).unwrap_or_else(|| panic!("paused"));
        assert_eq!(tick.as_secs(), 42);
        assert!((minutes(each) - 35.34).abs() < 0.1, "{}", minutes(each));
        // Whole ticks in an hour, 4 requests each, against a tenth of 3,600 − 180.
        let per_hour = (3600.0 / tick.as_secs_f64()).floor() * 4.0;
        assert!(
            per_hour <= (3600.0 - 180.0) / 10.0,
            "{per_hour} requests an hour"
        );
        // Half the quota gone: slower.
        let (tick, _) = rotation(20, 1, 1800, 3600).unwrap_or_else(|| panic!("paused"));
        assert_eq!(tick.as_secs(), 22);
        assert_eq!(rotation(20, 1, 150, 3600), None, "below the reserve");
    }
}
