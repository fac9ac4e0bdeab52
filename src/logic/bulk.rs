//! What acting on many jobs at once will cost, said before anything is sent,
//! and how to put a stack back the way it was after a Pause all.
//!
//! Cost rule: every job acted on one by one costs one POST plus the polls
//! that follow it. Actions on jobs finish within seconds, so the polls are
//! counted on the schedule of [`poll_delay`] up to [`TYPICAL_FINISH`]: the
//! polls at 1 s, 2.5 s and 4.75 s, i.e. 3 per job. A whole stack paused or
//! unpaused takes one pause_all/unpause_all POST and its polls instead.

use std::time::Duration;

use crate::logic::backoff::poll_delay;

/// How long an action on a job usually takes to finish, for the estimate.
pub const TYPICAL_FINISH: Duration = Duration::from_secs(4);

/// Names a confirmation lists before "and N more".
pub const LISTED: usize = 20;

/// What a toolbar button asks for, on each selected job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkAction {
    /// Run now.
    Run,
    /// Pause.
    Pause,
    /// Unpause.
    Unpause,
}

impl BulkAction {
    /// The button's words, and the dialog's title verb.
    pub fn label(self) -> &'static str {
        match self {
            BulkAction::Run => "Run",
            BulkAction::Pause => "Pause",
            BulkAction::Unpause => "Unpause",
        }
    }
}

/// How a bulk action is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// One POST per job, one at a time.
    EachJob,
    /// One pause_all or unpause_all for the whole stack.
    StackWide,
}

/// Requests an action will cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost {
    /// POSTs sent (and page loads, where some are needed first).
    pub posts: u32,
    /// Polls expected while following them.
    pub polls: u32,
}

impl Cost {
    /// Every request together.
    pub fn total(self) -> u32 {
        self.posts + self.polls
    }
}

/// The polls one action is expected to need: up to and including the first
/// poll at or after [`TYPICAL_FINISH`].
pub fn expected_polls() -> u32 {
    let mut waited = Duration::ZERO;
    let mut polls = 0;
    while waited < TYPICAL_FINISH {
        waited += poll_delay(polls);
        polls += 1;
    }
    polls
}

/// How to send `action` to `selected` jobs of a stack of `stack_total`
/// (`None` while unknown): the whole stack paused or unpaused is one call.
pub fn route(action: BulkAction, selected: usize, stack_total: Option<usize>) -> Route {
    let whole = stack_total.is_some_and(|t| t > 0 && selected == t);
    match action {
        BulkAction::Pause | BulkAction::Unpause if whole => Route::StackWide,
        _ => Route::EachJob,
    }
}

/// What `actions` followed actions cost, plus `loads` page requests first.
pub fn cost(actions: u32, loads: u32) -> Cost {
    Cost {
        posts: actions + loads,
        polls: actions * expected_polls(),
    }
}

/// Whether a cost fits in what is left of the hour's quota.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// Nothing known about the quota yet.
    Unknown,
    /// It fits, with this many requests left over.
    Fits(u32),
    /// It does not: this many requests too many.
    Short(u32),
}

/// Compares a cost with the quota remaining.
pub fn fit(cost: Cost, remaining: Option<u32>) -> Fit {
    match remaining {
        None => Fit::Unknown,
        Some(left) if left >= cost.total() => Fit::Fits(left - cost.total()),
        Some(left) => Fit::Short(cost.total() - left),
    }
}

/// The cost in words, with the quota, e.g. "This costs about 12 API
/// requests: 3 POSTs and about 9 polls (3 each …). 3590 of the hour's
/// quota are left."
pub fn cost_words(cost: Cost, remaining: Option<u32>) -> String {
    let each = expected_polls();
    let mut text = format!(
        "This costs about {} API requests: {} sent one at a time and about {} polls \
         ({each} per action: Jobdeck checks on each after 1, 2.5 and 4.75 s, and most \
         finish within {} s).",
        cost.total(),
        cost.posts,
        cost.polls,
        TYPICAL_FINISH.as_secs()
    );
    match fit(cost, remaining) {
        Fit::Unknown => text.push_str(" The quota left is not known yet."),
        Fit::Fits(_) => text.push_str(&format!(
            " {} of the hour's quota are left.",
            remaining.unwrap_or_default()
        )),
        Fit::Short(by) => text.push_str(&format!(
            " Warning: only {} are left this hour, {by} too few; the API will refuse the rest, \
             and Jobdeck stops at the first refusal.",
            remaining.unwrap_or_default()
        )),
    }
    text
}

/// The names a confirmation lists: at most [`LISTED`], then "and N more".
pub fn listed<'a>(names: &'a [&'a str]) -> (Vec<&'a str>, Option<String>) {
    let shown = names.iter().take(LISTED).copied().collect();
    let more = (names.len() > LISTED).then(|| format!("and {} more", names.len() - LISTED));
    (shown, more)
}

/// How to unpause, after a Pause all, only the jobs that were not paused
/// before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestorePlan {
    /// Nothing to unpause: every job was paused before.
    Nothing,
    /// One unpause_all, then pause again the jobs that were paused before
    /// (1 + k POSTs).
    UnpauseAllThenPause(Vec<String>),
    /// Unpause these jobs one by one (n − k POSTs).
    UnpauseEach(Vec<String>),
}

impl RestorePlan {
    /// POSTs the plan sends.
    pub fn posts(&self) -> u32 {
        match self {
            RestorePlan::Nothing => 0,
            RestorePlan::UnpauseAllThenPause(pause) => 1 + pause.len() as u32,
            RestorePlan::UnpauseEach(unpause) => unpause.len() as u32,
        }
    }
}

/// The cheaper way to restore `all` jobs' states when `paused_before` were
/// paused before a Pause all: unpause_all and re-pause k jobs (1 + k POSTs),
/// or unpause the n − k others one by one; ties go to one by one, which
/// never unpauses a job that should stay paused, even for a moment.
pub fn restore_plan(all: &[String], paused_before: &[String]) -> RestorePlan {
    let keep: Vec<String> = all
        .iter()
        .filter(|uid| paused_before.contains(uid))
        .cloned()
        .collect();
    let unpause: Vec<String> = all
        .iter()
        .filter(|uid| !paused_before.contains(uid))
        .cloned()
        .collect();
    if unpause.is_empty() {
        RestorePlan::Nothing
    } else if 1 + keep.len() < unpause.len() {
        RestorePlan::UnpauseAllThenPause(keep)
    } else {
        RestorePlan::UnpauseEach(unpause)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uids(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn each_action_expects_three_polls() {
        assert_eq!(expected_polls(), 3);
        assert_eq!(
            cost(5, 0),
            Cost {
                posts: 5,
                polls: 15
            }
        );
        assert_eq!(cost(5, 0).total(), 20);
        // Pages loaded first count as requests too.
        assert_eq!(cost(1, 2).total(), 6);
        assert_eq!(cost(0, 0).total(), 0);
    }

    #[test]
    fn only_a_whole_stack_paused_or_unpaused_is_one_call() {
        assert_eq!(route(BulkAction::Pause, 75, Some(75)), Route::StackWide);
        assert_eq!(route(BulkAction::Unpause, 75, Some(75)), Route::StackWide);
        assert_eq!(route(BulkAction::Run, 75, Some(75)), Route::EachJob);
        assert_eq!(route(BulkAction::Pause, 74, Some(75)), Route::EachJob);
        assert_eq!(route(BulkAction::Pause, 3, None), Route::EachJob);
        assert_eq!(route(BulkAction::Pause, 0, Some(0)), Route::EachJob);
    }

    #[test]
    fn the_quota_decides_the_warning() {
        let c = cost(3, 0);
        assert_eq!(fit(c, None), Fit::Unknown);
        assert_eq!(fit(c, Some(12)), Fit::Fits(0));
        assert_eq!(fit(c, Some(10)), Fit::Short(2));
        let words = cost_words(c, Some(3590));
        assert!(
            words.starts_with("This costs about 12 API requests"),
            "{words}"
        );
        assert!(
            words.contains("3590 of the hour's quota are left"),
            "{words}"
        );
        let words = cost_words(c, Some(5));
        assert!(
            words.contains("Warning: only 5 are left this hour, 7 too few"),
            "{words}"
        );
        assert!(cost_words(c, None).contains("not known"));
    }

    #[test]
    fn long_lists_are_cut_at_twenty() {
        let names: Vec<String> = (1..=23).map(|i| format!("job-{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let (shown, more) = listed(&refs);
        assert_eq!(shown.len(), 20);
        assert_eq!(more.as_deref(), Some("and 3 more"));
        assert_eq!(listed(&refs[..20]).1, None);
    }

    #[test]
    fn restore_picks_the_cheaper_way() {
        let all = uids(&["a", "b", "c", "d", "e", "f"]);
        // k = 1: unpause_all then 1 pause (2 POSTs) beats 5 unpauses.
        assert_eq!(
            restore_plan(&all, &uids(&["c"])),
            RestorePlan::UnpauseAllThenPause(uids(&["c"]))
        );
        assert_eq!(restore_plan(&all, &uids(&["c"])).posts(), 2);
        // k = 4: 2 unpauses beat 1 + 4.
        let plan = restore_plan(&all, &uids(&["a", "b", "c", "d"]));
        assert_eq!(plan, RestorePlan::UnpauseEach(uids(&["e", "f"])));
        assert_eq!(plan.posts(), 2);
        // Nothing paused before: one unpause_all.
        assert_eq!(restore_plan(&all, &[]).posts(), 1);
        // A tie (1 + 2 = 3 = 6 − 3) unpauses one by one.
        assert_eq!(
            restore_plan(&all, &uids(&["a", "b", "c"])),
            RestorePlan::UnpauseEach(uids(&["d", "e", "f"]))
        );
    }

    #[test]
    fn restore_of_an_all_paused_stack_sends_nothing() {
        let all = uids(&["a", "b"]);
        assert_eq!(restore_plan(&all, &all), RestorePlan::Nothing);
        assert_eq!(restore_plan(&[], &[]), RestorePlan::Nothing);
        // Jobs paused before that are gone from the stack do not count.
        assert_eq!(
            restore_plan(&uids(&["a"]), &uids(&["z"])),
            RestorePlan::UnpauseEach(uids(&["a"]))
        );
    }

    #[test]
    fn acme_production_restores_with_unpause_all() {
        // 75 jobs, 9 paused before (every ninth and cache-warmup): 1 + 9 < 66.
        let all: Vec<String> = (1..=75).map(|i| format!("j{i}")).collect();
        let before: Vec<String> = all.iter().step_by(9).cloned().collect();
        let plan = restore_plan(&all, &before);
        assert_eq!(plan.posts(), 1 + before.len() as u32);
    }
}
