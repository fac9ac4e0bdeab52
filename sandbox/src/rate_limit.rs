//! A fixed-window rate limit per token: the window starts at the token's first request and,
//! once it is over, the next request starts a new one.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::http::header::{HeaderMap, HeaderName, HeaderValue};

use crate::config::Config;

/// `X-RateLimit-Limit`: requests allowed per window.
pub const LIMIT_HEADER: HeaderName = HeaderName::from_static("x-ratelimit-limit");
/// `X-RateLimit-Remaining`: requests left in the current window.
pub const REMAINING_HEADER: HeaderName = HeaderName::from_static("x-ratelimit-remaining");

/// Puts the quota headers on a response.
pub fn set_quota_headers(headers: &mut HeaderMap, limit: u64, remaining: u64) {
    headers.insert(LIMIT_HEADER, HeaderValue::from(limit));
    headers.insert(REMAINING_HEADER, HeaderValue::from(remaining));
}

/// The quota headers' values, or the refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The request may go on; `remaining` already counts it.
    Allowed {
        /// `X-RateLimit-Limit`.
        limit: u64,
        /// `X-RateLimit-Remaining`.
        remaining: u64,
    },
    /// The token used up its window; answer 503 `throttled`.
    Throttled {
        /// `X-RateLimit-Limit`.
        limit: u64,
        /// Time until the window ends.
        retry_after: Duration,
    },
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    used: u64,
}

/// Request counts of every token in its current window.
#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: HashMap<String, Window>,
}

impl RateLimiter {
    /// Counts one request of `token` at `now` and says whether it may go on.
    ///
    /// Refused requests are not counted: the window is already full.
    pub fn check(&mut self, token: &str, config: Config, now: Instant) -> Verdict {
        let window = self.windows.entry(token.to_owned()).or_insert(Window {
            started: now,
            used: 0,
        });
        if now.duration_since(window.started) >= config.window {
            *window = Window {
                started: now,
                used: 0,
            };
        }
        if window.used >= config.rate_limit {
            let retry_after = config
                .window
                .saturating_sub(now.duration_since(window.started));
            return Verdict::Throttled {
                limit: config.rate_limit,
                retry_after,
            };
        }
        window.used += 1;
        Verdict::Allowed {
            limit: config.rate_limit,
            remaining: config.rate_limit - window.used,
        }
    }

    /// `(limit, remaining)` of `token` without counting a request.
    pub fn peek(&self, token: &str, config: Config, now: Instant) -> (u64, u64) {
        let used = self
            .windows
            .get(token)
            .filter(|window| now.duration_since(window.started) < config.window)
            .map_or(0, |window| window.used);
        (config.rate_limit, config.rate_limit.saturating_sub(used))
    }

    /// Forgets every window, e.g. after the limit or window length changed.
    pub fn reset(&mut self) {
        self.windows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(rate_limit: u64, window_secs: u64) -> Config {
        Config {
            rate_limit,
            window: Duration::from_secs(window_secs),
            ..Config::default()
        }
    }

    #[test]
    fn counts_down_then_throttles_until_the_window_ends() {
        let mut limiter = RateLimiter::default();
        let start = Instant::now();
        let config = config(2, 10);
        let allowed = |remaining| Verdict::Allowed {
            limit: 2,
            remaining,
        };
        assert_eq!(limiter.check("t", config, start), allowed(1));
        assert_eq!(limiter.check("t", config, start), allowed(0));
        let later = start + Duration::from_secs(4);
        assert_eq!(
            limiter.check("t", config, later),
            Verdict::Throttled {
                limit: 2,
                retry_after: Duration::from_secs(6)
            }
        );
        assert_eq!(limiter.peek("t", config, later), (2, 0));
        let next_window = start + Duration::from_secs(10);
        assert_eq!(limiter.check("t", config, next_window), allowed(1));
    }

    #[test]
    fn tokens_have_separate_windows() {
        let mut limiter = RateLimiter::default();
        let now = Instant::now();
        let config = config(1, 10);
        assert!(matches!(
            limiter.check("a", config, now),
            Verdict::Allowed { .. }
        ));
        assert!(matches!(
            limiter.check("b", config, now),
            Verdict::Allowed { .. }
        ));
        assert!(matches!(
            limiter.check("a", config, now),
            Verdict::Throttled { .. }
        ));
        assert_eq!(limiter.peek("c", config, now), (1, 1));
    }
}
