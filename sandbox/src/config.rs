//! How a sandbox is set up: the command line's settings and the dev token, with no other
//! dependency so that every module may read them.

use std::time::Duration;

/// The token accepted when none is configured.
pub const DEFAULT_TOKEN: &str = "jobdeck-dev-token";

/// Settings that `/__sandbox/config` can change at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Requests per token per window.
    pub rate_limit: u64,
    /// Length of the fixed rate-limit window, which starts at a token's first request.
    pub window: Duration,
    /// How long an async action takes to finish.
    pub action_delay: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            rate_limit: 3600,
            window: Duration::from_secs(3600),
            action_delay: Duration::from_millis(1000),
        }
    }
}

/// How the sandbox was started; `/__sandbox/reset` returns to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Valid bearer tokens; the first is printed at start.
    pub tokens: Vec<String>,
    /// Rate limit and action delay.
    pub config: Config,
    /// How long a client may take to send a request's head, and then its body, before the
    /// connection is closed: slow or partial requests must not hold connections for long.
    pub read_timeout: Duration,
}

/// The default [`Settings::read_timeout`].
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

impl Default for Settings {
    fn default() -> Self {
        Self {
            tokens: vec![DEFAULT_TOKEN.to_owned()],
            config: Config::default(),
            read_timeout: READ_TIMEOUT,
        }
    }
}
