//! Busy moments: the minutes in a window at which 3 or more jobs of one
//! stack start together, busiest first. This is the pile-up warning (five
//! jobs at 03:00 slow each other and the database down), so jobs of
//! different stacks never add up: they run on other servers.
//!
//! It lists every run of every running job in the window, so it costs time
//! in the number of runs (a `* * * * *` job adds 10,080 a week): fine for
//! stacks of tens of jobs, and the list it returns is bounded.

use std::collections::BTreeMap;

use crate::logic::time::EpochMillis;
use crate::logic::timeline::{LaneInput, Window};

/// How many jobs starting in the same minute make it busy.
pub const TOGETHER: usize = 3;

/// One busy minute of one stack.
#[derive(Clone, Debug, PartialEq)]
pub struct BusyMoment {
    /// The minute (its first instant).
    pub at: EpochMillis,
    /// The stack's name, as the lanes gave it (`None` on one stack's page).
    pub stack: Option<String>,
    /// The names of the jobs that start then, sorted.
    pub names: Vec<String>,
}

impl BusyMoment {
    /// How many jobs start then.
    pub fn jobs(&self) -> usize {
        self.names.len()
    }
}

/// The busy moments of a window.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BusyMoments {
    /// The busiest, at most as many as asked: most jobs first, then the
    /// earliest, then by stack name.
    pub moments: Vec<BusyMoment>,
    /// How many busy minutes there are in all (more than `moments` holds
    /// when the list was cut).
    pub total: usize,
}

impl BusyMoments {
    /// What the list says when it is empty, in the contract's words.
    pub const NONE: &'static str = "No minute has 3 or more jobs starting together";
}

/// The minutes in `(window.from, window.until()]` at which [`TOGETHER`] or
/// more running jobs of one stack start, the `limit` busiest of them.
pub fn busy_moments(lanes: &[LaneInput], window: Window, limit: usize) -> BusyMoments {
    let until = window.until();
    let mut stacks: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (index, lane) in lanes.iter().enumerate() {
        if lane.running_cron().is_some() {
            stacks.entry(lane.stack).or_default().push(index);
        }
    }
    // (jobs, minute, stack, the lanes that start then), one per busy minute.
    let mut busy: Vec<(usize, i64, Option<&str>, Vec<usize>)> = Vec::new();
    for (stack, members) in stacks {
        if members.len() < TOGETHER {
            continue;
        }
        let mut starts: Vec<(i64, usize)> = Vec::new();
        for &index in &members {
            let Some(cron) = lanes[index].running_cron() else {
                continue;
            };
            let mut cursor = window.from;
            while let Some(at) = cron.next_after(cursor).filter(|&at| at <= until) {
                starts.push(((at / 60_000.0) as i64, index));
                cursor = at;
            }
        }
        starts.sort_unstable();
        for group in starts.chunk_by(|a, b| a.0 == b.0) {
            if group.len() >= TOGETHER {
                let jobs = group.iter().map(|&(_, index)| index).collect();
                busy.push((group.len(), group[0].0, stack, jobs));
            }
        }
    }
    busy.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let total = busy.len();
    let moments = busy
        .into_iter()
        .take(limit)
        .map(|(_, minute, stack, jobs)| {
            let mut names: Vec<String> = jobs.iter().map(|&i| lanes[i].name.to_string()).collect();
            names.sort();
            BusyMoment {
                at: minute as f64 * 60_000.0,
                stack: stack.map(str::to_string),
                names,
            }
        })
        .collect();
    BusyMoments { moments, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::schedule::Schedule;
    use crate::logic::timeline::WindowSpan;

    /// 2026-03-07T12:00:00Z, a Saturday.
    const FROM: f64 = 1_772_884_800_000.0;
    const HOUR: f64 = 3_600_000.0;

    fn lane<'a>(name: &'a str, stack: Option<&'a str>, cron: &str, paused: bool) -> LaneInput<'a> {
        LaneInput {
            uid: name,
            name,
            stack,
            schedule: Schedule::of(Some(cron)),
            paused,
        }
    }

    fn day() -> Window {
        Window {
            from: FROM,
            span: WindowSpan::Day,
        }
    }

    #[test]
    fn busiest_first_then_earliest_with_sorted_names() {
        let lanes = [
            lane("zeta", None, "0 3 * * *", false),
            lane("alpha", None, "0 3 * * *", false),
            lane("mid", None, "0 3,15 * * *", false),
            lane("beta", None, "0 3,15 * * *", false),
            lane("gamma", None, "0 15 * * *", false),
            lane("paused", None, "0 15 * * *", true),
            lane("early", None, "0 13 * * *", false),
            lane("early2", None, "0 13 * * *", false),
            lane("early3", None, "0 13 * * *", false),
        ];
        let busy = busy_moments(&lanes, day(), 10);
        assert_eq!(busy.total, 3);
        let seen: Vec<(f64, Vec<&str>)> = busy
            .moments
            .iter()
            .map(|m| (m.at, m.names.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            seen,
            [
                (FROM + 15.0 * HOUR, vec!["alpha", "beta", "mid", "zeta"]),
                (FROM + HOUR, vec!["early", "early2", "early3"]),
                (FROM + 3.0 * HOUR, vec!["beta", "gamma", "mid"]),
            ]
        );
        assert_eq!(busy.moments[0].jobs(), 4);
    }

    #[test]
    fn stacks_are_counted_apart() {
        let lanes = [
            lane("a", Some("one"), "0 3 * * *", false),
            lane("b", Some("one"), "0 3 * * *", false),
            lane("c", Some("two"), "0 3 * * *", false),
            lane("d", Some("two"), "0 3 * * *", false),
            lane("e", Some("two"), "0 3 * * *", false),
        ];
        let busy = busy_moments(&lanes, day(), 10);
        assert_eq!(busy.total, 1);
        assert_eq!(busy.moments[0].stack.as_deref(), Some("two"));
        assert_eq!(busy.moments[0].names, ["c", "d", "e"]);
        // The same jobs on one stack's page: five together.
        let one_page: Vec<LaneInput> = lanes
            .iter()
            .map(|l| LaneInput { stack: None, ..*l })
            .collect();
        assert_eq!(busy_moments(&one_page, day(), 10).moments[0].jobs(), 5);
    }

    #[test]
    fn a_long_list_is_cut_but_counted() {
        let lanes = [
            lane("a", None, "* * * * *", false),
            lane("b", None, "*/2 * * * *", false),
            lane("c", None, "*/2 * * * *", false),
            lane("d", None, "0 * * * *", false),
        ];
        let busy = busy_moments(&lanes, day(), 5);
        assert_eq!(busy.total, 720);
        assert_eq!(busy.moments.len(), 5);
        // The hours (four jobs) come before the even minutes (three).
        assert!(busy.moments.iter().all(|m| m.jobs() == 4));
        assert!(busy.moments.windows(2).all(|w| w[0].at < w[1].at));
        assert_eq!(busy.moments[0].at, FROM + HOUR);
        assert!(busy_moments(&lanes[..2], day(), 5).moments.is_empty());
    }
}
