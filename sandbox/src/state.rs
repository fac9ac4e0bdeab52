//! Settings from the command line and the shared, mutable state of a running sandbox.
//!
//! Everything lives behind one mutex: requests hold it for microseconds and never across an
//! `.await`, which is simpler than finer locks and fast enough for thousands of requests a second.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::auth::Tokens;
use crate::faults::FaultQueue;
use crate::rate_limit::RateLimiter;
use crate::stats::Stats;
use crate::world::World;

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

/// Everything a request may read or change.
#[derive(Debug)]
pub struct Shared {
    /// Stacks, jobs and actions.
    pub world: World,
    /// Valid and revoked tokens.
    pub tokens: Tokens,
    /// Current rate limit and action delay.
    pub config: Config,
    /// Per-token request counts.
    pub limiter: RateLimiter,
    /// Faults waiting for the next requests.
    pub faults: FaultQueue,
    /// Extra time added to every `/api/3` response.
    pub latency: Duration,
    /// Request counts since the last reset.
    pub stats: Stats,
}

impl Shared {
    fn from_settings(settings: &Settings) -> Self {
        Self {
            world: World::seeded(),
            tokens: Tokens::new(&settings.tokens),
            config: settings.config,
            limiter: RateLimiter::default(),
            faults: FaultQueue::default(),
            latency: Duration::ZERO,
            stats: Stats::default(),
        }
    }

    /// The world with every action that is due by now finished.
    pub fn world_now(&mut self) -> &mut World {
        self.world.settle(Instant::now());
        &mut self.world
    }
}

/// A cheap, cloneable handle on the sandbox's state: the axum `State` of every handler.
#[derive(Debug, Clone)]
pub struct AppState {
    shared: Arc<Mutex<Shared>>,
    settings: Arc<Settings>,
}

impl AppState {
    /// Fresh state: seed data and the given settings.
    pub fn new(settings: Settings) -> Self {
        Self {
            shared: Arc::new(Mutex::new(Shared::from_settings(&settings))),
            settings: Arc::new(settings),
        }
    }

    /// Locks the state. Keep the guard for a few statements, never across an `.await`.
    pub fn lock(&self) -> MutexGuard<'_, Shared> {
        // A panic while locked cannot leave the data half-written in a way that matters to a
        // sandbox, so a poisoned lock is used as is rather than taking the server down.
        self.shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Back to the start: seed data, tokens and config from the command line, no faults,
    /// no latency, fresh rate-limit windows and zeroed stats.
    pub fn reset(&self) {
        let fresh = Shared::from_settings(&self.settings);
        *self.lock() = fresh;
    }
}
