//! The shared, mutable state of a running sandbox: the data types of every concern behind one
//! handle. The middleware that reads it lives in `middleware.rs`, so nothing here imports it back.
//!
//! Everything lives behind one mutex: requests hold it for microseconds and never across an
//! `.await`, which is simpler than finer locks and fast enough for thousands of requests a second.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::auth::Tokens;
use crate::clock::Clock;
use crate::config::{Config, Fleet, Settings};
use crate::faults::FaultQueue;
use crate::rate_limit::RateLimiter;
use crate::seed;
use crate::stats::Stats;
use crate::world::World;

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
    /// The clock the sandbox states: the machine's, shifted by `/__sandbox/clock`.
    pub clock: Clock,
    /// The generated stacks the world was last seeded with.
    pub fleet: Fleet,
}

impl Shared {
    fn from_settings(settings: &Settings) -> Self {
        let clock = Clock::default();
        Self {
            world: seed::world(clock.now_unix(), settings.fleet),
            tokens: Tokens::new(&settings.tokens),
            config: settings.config,
            limiter: RateLimiter::default(),
            faults: FaultQueue::default(),
            latency: Duration::ZERO,
            stats: Stats::default(),
            clock,
            fleet: settings.fleet,
        }
    }

    /// Puts in a world seeded with `fleet` (by `seed::world`); everything else (faults,
    /// latency, config, tokens, stats, clock) stays.
    pub fn replace_world(&mut self, world: World, fleet: Fleet) {
        self.world = world;
        self.fleet = fleet;
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

    /// Back to the start: seed data (with the fleet of the command line, if any), tokens and
    /// config from the command line, no faults, no latency, the machine's clock, fresh
    /// rate-limit windows and zeroed stats.
    pub fn reset(&self) {
        let fresh = Shared::from_settings(&self.settings);
        *self.lock() = fresh;
    }
}
