//! Pure logic that needs no browser: dates, polling schedule, quota maths and
//! pagination. Everything here is tested with plain `cargo test`.

pub mod backoff;
pub mod bulk;
pub mod busy;
pub mod calendar;
pub mod cron;
pub mod cron_zone;
pub mod export;
pub mod finding;
pub mod fleet;
pub mod goto;
pub mod history;
pub mod leader;
pub mod live;
pub mod model;
pub mod pause_skip;
pub mod paused;
pub mod quota;
pub mod relative;
pub mod rows;
pub mod run_link;
pub mod runs_per_hour;
pub mod schedule;
pub mod seen;
pub mod skew;
pub mod stored;
#[cfg(test)]
pub mod test_rng;
pub mod time;
pub mod timeline;
pub mod upcoming;
pub mod url;
pub mod zone;
pub mod zone_choice;

/// The zone maths against jiff's tz database, natively only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod zone_oracle;
