//! How often to poll an async action: soon at first (most finish in seconds),
//! then further apart so a long run spends little of the hourly quota.

use std::time::Duration;

/// The first wait before polling an action.
pub const FIRST_POLL: Duration = Duration::from_millis(1_000);
/// Waits never grow beyond this.
pub const LONGEST_POLL: Duration = Duration::from_secs(15);
/// Following stops after this long; the official CLI gives up after 20 minutes too.
pub const GIVE_UP_AFTER: Duration = Duration::from_secs(20 * 60);

/// The wait before poll number `attempt` (0-based): 1 s, 1.5 s, 2.25 s, …
/// growing by half each time, capped at [`LONGEST_POLL`].
pub fn poll_delay(attempt: u32) -> Duration {
    let factor = 1.5_f64.powi(attempt.min(64) as i32);
    let millis = (FIRST_POLL.as_millis() as f64 * factor).min(LONGEST_POLL.as_millis() as f64);
    Duration::from_millis(millis as u64)
}

/// How long to wait before asking again after a throttled answer, when the
/// API said nothing about when its window resets: 5 s, 10 s, 20 s, … 60 s.
/// The real API resets hourly; a short first wait recovers quickly from a
/// window that was about to end anyway, and the cap keeps probing rare.
pub fn throttle_probe_delay(attempt: u32) -> Duration {
    let secs = 5u64.saturating_mul(1u64 << attempt.min(10));
    Duration::from_secs(secs.min(60))
}

/// The longest Jobdeck waits on a throttle: the API's quota window is an
/// hour, so a later time is not believed.
pub const LONGEST_THROTTLE: Duration = Duration::from_secs(3600);

/// How long to stop sending after a throttled answer. What the server said
/// (`Retry-After` in seconds, or a reset time) is taken only within sense:
/// never sooner than the probe delay for this streak (a `Retry-After: 0`
/// must not start a storm), never later than [`LONGEST_THROTTLE`].
pub fn throttle_wait(
    after_seconds: Option<u64>,
    at_epoch_seconds: Option<u64>,
    now_ms: f64,
    streak: u32,
) -> Duration {
    let floor = throttle_probe_delay(streak);
    let asked_ms = match (after_seconds, at_epoch_seconds) {
        (Some(seconds), _) => seconds.saturating_mul(1000),
        (None, Some(at)) => {
            let wait = at as f64 * 1000.0 - now_ms;
            if wait.is_finite() && wait > 0.0 {
                wait.min(u64::MAX as f64) as u64
            } else {
                0
            }
        }
        (None, None) => 0,
    };
    Duration::from_millis(asked_ms).clamp(floor, LONGEST_THROTTLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_waits_keep_server_hints_within_sense() {
        let now = 1_700_000_000_000.0;
        let secs = |d: Duration| d.as_secs();
        // Retry-After: 0 waits the probe delay, growing with the streak.
        assert_eq!(secs(throttle_wait(Some(0), None, now, 0)), 5);
        assert_eq!(secs(throttle_wait(Some(0), None, now, 3)), 40);
        assert_eq!(secs(throttle_wait(Some(30), None, now, 0)), 30);
        // A month-long Retry-After is capped at the hourly window.
        assert_eq!(secs(throttle_wait(Some(3_000_000), None, now, 0)), 3600);
        assert_eq!(secs(throttle_wait(Some(u64::MAX), None, now, 0)), 3600);
        // Reset times: in the future, in the past, absurd.
        assert_eq!(secs(throttle_wait(None, Some(1_700_000_120), now, 0)), 120);
        assert_eq!(secs(throttle_wait(None, Some(1_600_000_000), now, 1)), 10);
        assert_eq!(secs(throttle_wait(None, Some(u64::MAX), now, 0)), 3600);
        assert_eq!(secs(throttle_wait(None, None, now, 2)), 20);
    }

    #[test]
    fn polls_start_at_one_second_and_grow() {
        assert_eq!(poll_delay(0), Duration::from_millis(1_000));
        assert_eq!(poll_delay(1), Duration::from_millis(1_500));
        assert_eq!(poll_delay(2), Duration::from_millis(2_250));
        for attempt in 0..20 {
            assert!(poll_delay(attempt + 1) >= poll_delay(attempt));
        }
    }

    #[test]
    fn polls_never_exceed_fifteen_seconds() {
        assert_eq!(poll_delay(7), LONGEST_POLL);
        assert_eq!(poll_delay(u32::MAX), LONGEST_POLL);
    }

    #[test]
    fn twenty_minutes_of_polling_costs_under_a_hundred_requests() {
        let mut waited = Duration::ZERO;
        let mut polls = 0;
        while waited < GIVE_UP_AFTER {
            waited += poll_delay(polls);
            polls += 1;
        }
        assert!(polls < 100, "{polls} polls");
    }

    #[test]
    fn throttle_probes_double_up_to_a_minute() {
        let delays: Vec<u64> = (0..6).map(|a| throttle_probe_delay(a).as_secs()).collect();
        assert_eq!(delays, [5, 10, 20, 40, 60, 60]);
        assert_eq!(throttle_probe_delay(u32::MAX).as_secs(), 60);
    }
}
