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

/// Generated stacks appended after the seeded ones: `--fleet STACKS:JOBS` and
/// `POST /__sandbox/fleet`. The default, no stacks, is the seeded world alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fleet {
    stacks: u32,
    jobs: u32,
}

impl Fleet {
    /// The most stacks a fleet may have.
    pub const MAX_STACKS: u32 = 500;
    /// The most jobs a fleet stack may have.
    pub const MAX_JOBS: u32 = 1000;
    /// The most jobs a whole fleet may have: ten times the 6,000 the All jobs page is built for.
    pub const MAX_TOTAL_JOBS: u32 = 60_000;

    /// `stacks` stacks of `jobs` jobs each, within the limits above.
    pub fn new(stacks: u32, jobs: u32) -> Result<Self, String> {
        if stacks > Self::MAX_STACKS {
            return Err(format!("stacks must be at most {}", Self::MAX_STACKS));
        }
        if jobs > Self::MAX_JOBS {
            return Err(format!("jobs must be at most {}", Self::MAX_JOBS));
        }
        if stacks.saturating_mul(jobs) > Self::MAX_TOTAL_JOBS {
            return Err(format!(
                "stacks × jobs must be at most {}",
                Self::MAX_TOTAL_JOBS
            ));
        }
        Ok(Self { stacks, jobs })
    }

    /// `"50:120"`: 50 stacks of 120 jobs.
    pub fn parse(text: &str) -> Result<Self, String> {
        let invalid = || format!("{text:?} is not STACKS:JOBS, e.g. 50:120");
        let (stacks, jobs) = text.split_once(':').ok_or_else(invalid)?;
        let number = |part: &str| part.trim().parse::<u32>().map_err(|_| invalid());
        Self::new(number(stacks)?, number(jobs)?)
    }

    /// How many stacks.
    pub fn stacks(self) -> u32 {
        self.stacks
    }

    /// How many jobs each stack has.
    pub fn jobs(self) -> u32 {
        self.jobs
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
    /// Generated stacks after the seeded ones; none by default.
    pub fleet: Fleet,
}

/// The default [`Settings::read_timeout`].
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

impl Default for Settings {
    fn default() -> Self {
        Self {
            tokens: vec![DEFAULT_TOKEN.to_owned()],
            config: Config::default(),
            read_timeout: READ_TIMEOUT,
            fleet: Fleet::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fleet_is_stacks_colon_jobs_within_limits() {
        let fleet = Fleet::parse("50:120").expect("valid");
        assert_eq!((fleet.stacks(), fleet.jobs()), (50, 120));
        assert_eq!(Fleet::parse("0:0"), Ok(Fleet::default()));
        assert!(Fleet::parse("500:120").is_ok());
        for bad in [
            "50", "50:", ":120", "a:1", "-1:5", "50:120:1", "501:1", "1:1001", "100:601",
        ] {
            assert!(Fleet::parse(bad).is_err(), "{bad}");
        }
    }
}
