//! The budget of live refresh: how often the view on screen may reload
//! itself without eating the quota that actions need.
//!
//! The rule, over what the last answer's `X-RateLimit-*` headers said:
//! - A **reserve** is kept for actions: `max(50, 5 % of the limit)` requests
//!   (180 of 3,600). At or below it live refresh stops.
//! - Above it, live refresh spends at most **a tenth of what remains above
//!   the reserve** until the quota window ends: one refresh of the view
//!   costs `cost` requests (1 for a page, N for a search over N pages), so
//!   the interval is `window left × cost × 10 / (remaining − reserve)`.
//! - **Never more often than every 15 s.**
//! - After each consecutive failed refresh the interval **doubles**, up to
//!   10 minutes (a budget that asks for longer still wins).
//!
//! The API's headers do not say when the window ends, so the app passes no
//! window and the rule assumes the worst case, a whole hour left, every
//! time. Pacing for "what is left until the end" with an estimated end
//! (say, an hour after the first answer seen) would quicken as that end
//! nears and, re-planned at every refresh, spend several tenths of the
//! quota per window; a whole hour each time keeps live refresh within a
//! tenth of what remains above the reserve per hour, whatever the window.

use std::time::Duration;

/// Never more often than this.
pub const FLOOR: Duration = Duration::from_secs(15);
/// Errors double the interval up to this.
pub const ERROR_CAP: Duration = Duration::from_secs(600);
/// The quota window the API documents.
pub const WINDOW: Duration = Duration::from_secs(3600);
/// With no quota headers at all, refresh this slowly.
pub const UNKNOWN_QUOTA: Duration = Duration::from_secs(300);
/// The share of what remains that live refresh may spend.
const SHARE: u64 = 10;

/// What live refresh knows when it plans the next refresh.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budget {
    /// Requests left in the window, if an answer said.
    pub remaining: Option<u32>,
    /// Requests per window, if an answer said.
    pub limit: Option<u32>,
    /// Time left in the quota window, if known; `None` means a whole hour.
    pub window_left: Option<Duration>,
    /// Requests one refresh of the view costs.
    pub cost: u32,
    /// Refreshes that failed in a row.
    pub errors: u32,
}

/// What live refresh does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Refresh once this long has passed since the data was loaded.
    Every(Duration),
    /// Do not refresh: only this many requests are left, kept for actions.
    Reserve(u32),
}

/// The requests kept for actions: `max(50, 5 % of the limit)`.
pub fn reserve(limit: u32) -> u32 {
    (limit / 20).max(50)
}

impl Budget {
    /// The next interval, or why there is none.
    pub fn plan(&self) -> Plan {
        let base = match (self.remaining, self.limit) {
            (Some(remaining), limit) => {
                // Without a limit the reserve is its floor.
                let keep = reserve(limit.unwrap_or(0));
                let cost = u64::from(self.cost.max(1));
                let spendable = u64::from(remaining.saturating_sub(keep));
                if spendable < cost * SHARE {
                    return Plan::Reserve(keep);
                }
                let window = self.window_left.unwrap_or(WINDOW).min(WINDOW);
                let ms = window.as_millis() as u64 * cost * SHARE / spendable;
                Duration::from_millis(ms).max(FLOOR)
            }
            (None, _) => UNKNOWN_QUOTA,
        };
        let backed_off = base
            .saturating_mul(1 << self.errors.min(16))
            .min(ERROR_CAP.max(base));
        Plan::Every(backed_off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(remaining: u32, limit: u32) -> Budget {
        Budget {
            remaining: Some(remaining),
            limit: Some(limit),
            window_left: None,
            cost: 1,
            errors: 0,
        }
    }

    fn secs(plan: Plan) -> u64 {
        match plan {
            Plan::Every(d) => d.as_secs(),
            Plan::Reserve(n) => panic!("paused, keeping {n}"),
        }
    }

    #[test]
    fn the_reserve_is_fifty_or_five_percent() {
        assert_eq!(reserve(3600), 180);
        assert_eq!(reserve(3000), 150);
        assert_eq!(reserve(120), 50);
        assert_eq!(reserve(0), 50);
    }

    #[test]
    fn a_full_quota_refreshes_at_the_floor() {
        // 3,420 spendable, a tenth is 342 an hour: every 10.5 s, floored at 15.
        assert_eq!(budget(3600, 3600).plan(), Plan::Every(FLOOR));
    }

    #[test]
    fn the_interval_grows_as_the_quota_falls() {
        // 1,000 spendable: 100 refreshes over an hour, every 36 s.
        assert_eq!(secs(budget(1180, 3600).plan()), 36);
        // 100 spendable: 10 over an hour, every 6 minutes.
        assert_eq!(secs(budget(280, 3600).plan()), 360);
    }

    #[test]
    fn a_refresh_that_costs_more_waits_longer() {
        let search = Budget {
            cost: 4,
            ..budget(1180, 3600)
        };
        assert_eq!(secs(search.plan()), 144);
    }

    #[test]
    fn the_window_left_shortens_the_wait() {
        let half = Budget {
            window_left: Some(Duration::from_secs(1800)),
            ..budget(1180, 3600)
        };
        assert_eq!(secs(half.plan()), 18);
        // A window said to be longer than an hour is an hour.
        let long = Budget {
            window_left: Some(Duration::from_secs(9000)),
            ..budget(1180, 3600)
        };
        assert_eq!(secs(long.plan()), 36);
    }

    #[test]
    fn at_or_near_the_reserve_live_refresh_stops() {
        assert_eq!(budget(180, 3600).plan(), Plan::Reserve(180));
        assert_eq!(budget(10, 3600).plan(), Plan::Reserve(180));
        // Less than ten refreshes' worth above the reserve: stop too.
        assert_eq!(budget(189, 3600).plan(), Plan::Reserve(180));
        assert_eq!(budget(59, 120).plan(), Plan::Reserve(50));
        assert_eq!(secs(budget(110, 120).plan()), 600);
        let search = Budget {
            cost: 3,
            ..budget(200, 3600)
        };
        assert_eq!(search.plan(), Plan::Reserve(180));
    }

    #[test]
    fn errors_double_the_interval_up_to_ten_minutes() {
        let failing = |errors| Budget {
            errors,
            ..budget(3600, 3600)
        };
        assert_eq!(secs(failing(1).plan()), 30);
        assert_eq!(secs(failing(2).plan()), 60);
        assert_eq!(secs(failing(5).plan()), 480);
        assert_eq!(secs(failing(6).plan()), 600);
        assert_eq!(secs(failing(40).plan()), 600);
    }

    #[test]
    fn a_budget_slower_than_the_error_cap_still_wins() {
        let slow = Budget {
            errors: 3,
            ..budget(190, 3600)
        };
        // 10 spendable, 1 refresh an hour.
        assert_eq!(secs(slow.plan()), 3600);
    }

    #[test]
    fn unknown_quota_refreshes_slowly() {
        let unknown = Budget {
            remaining: None,
            limit: None,
            ..budget(0, 0)
        };
        assert_eq!(unknown.plan(), Plan::Every(UNKNOWN_QUOTA));
    }
}
