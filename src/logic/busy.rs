//! Busy moments: the minutes in a window at which 3 or more jobs of one
//! stack start together, busiest first. This is the pile-up warning (five
//! jobs at 03:00 slow each other and the database down), so jobs of
//! different stacks never add up: they run on other servers.
//!
//! It lists every run of every running job in the window, so it costs time
//! in the number of runs (a `* * * * *` job adds 10,080 a week): fine for
//! stacks of tens of jobs, and the list it returns is bounded.

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
    let first_minute = (window.from / 60_000.0).floor() as i64;
    let running: Vec<usize> = (0..lanes.len())
        .filter(|&i| lanes[i].running_cron().is_some())
        .collect();
    let mut stacks: Vec<Option<&str>> = Vec::new();
    for &i in &running {
        if !stacks.contains(&lanes[i].stack) {
            stacks.push(lanes[i].stack);
        }
    }
    // Every ordering below sorts plain numbers, packed so that their order
    // is the one wanted: the wasm then carries one sort's code, not one per
    // tuple type (about 1.5 KiB each).
    let mut busy: Vec<(u32, Vec<usize>)> = Vec::new();
    let mut order: Vec<u128> = Vec::new();
    for &stack in &stacks {
        let members: Vec<usize> = running
            .iter()
            .copied()
            .filter(|&i| lanes[i].stack == stack)
            .collect();
        if members.len() < TOGETHER {
            continue;
        }
        // Ties between stacks go by the stack's name.
        let rank = stacks.iter().filter(|&&other| other < stack).count() as u128;
        // (minute in the window, lane), as minute << 32 | lane.
        let mut starts: Vec<u128> = Vec::new();
        for &index in &members {
            let Some(cron) = lanes[index].running_cron() else {
                continue;
            };
            let mut cursor = window.from;
            while let Some(at) = cron.next_after(cursor).filter(|&at| at <= until) {
                let minute = ((at / 60_000.0) as i64 - first_minute) as u128;
                starts.push(minute << 32 | index as u128);
                cursor = at;
            }
        }
        starts.sort_unstable();
        for group in starts.chunk_by(|a, b| a >> 32 == b >> 32) {
            if group.len() >= TOGETHER {
                let minute = group[0] >> 32;
                let jobs = group
                    .iter()
                    .map(|key| (key & 0xFFFF_FFFF) as usize)
                    .collect();
                // Most jobs first, then the earliest, then the stack: as
                // (inverted count, minute, rank, entry) in 32 bits each.
                let fewer = u128::from(u32::MAX - group.len() as u32);
                order.push(fewer << 96 | minute << 64 | rank << 32 | busy.len() as u128);
                busy.push((minute as u32, jobs));
            }
        }
    }
    order.sort_unstable();
    let total = order.len();
    let moments = order
        .iter()
        .take(limit)
        .map(|key| {
            let (minute, jobs) = &busy[(key & 0xFFFF_FFFF) as usize];
            BusyMoment {
                at: (first_minute + i64::from(*minute)) as f64 * 60_000.0,
                stack: lanes[jobs[0]].stack.map(str::to_string),
                names: sorted_names(lanes, jobs),
            }
        })
        .collect();
    BusyMoments { moments, total }
}

/// The lanes' names in order, by insertion: a few names, and no sort's code.
fn sorted_names(lanes: &[LaneInput], jobs: &[usize]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(jobs.len());
    for &index in jobs {
        let name = lanes[index].name;
        let at = names
            .iter()
            .position(|n| n.as_str() > name)
            .unwrap_or(names.len());
        names.insert(at, name.to_string());
    }
    names
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
    fn ties_between_stacks_go_by_name() {
        let lanes = [
            lane("z1", Some("zulu"), "0 3 * * *", false),
            lane("z2", Some("zulu"), "0 3 * * *", false),
            lane("z3", Some("zulu"), "0 3 * * *", false),
            lane("a1", Some("alpha"), "0 3 * * *", false),
            lane("a2", Some("alpha"), "0 3 * * *", false),
            lane("a3", Some("alpha"), "0 3 * * *", false),
        ];
        let busy = busy_moments(&lanes, day(), 10);
        let stacks: Vec<_> = busy.moments.iter().map(|m| m.stack.as_deref()).collect();
        assert_eq!(stacks, [Some("alpha"), Some("zulu")]);
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
