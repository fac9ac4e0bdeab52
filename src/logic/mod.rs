//! Pure logic that needs no browser: dates, polling schedule, quota maths and
//! pagination. Everything here is tested with plain `cargo test`.

pub mod backoff;
pub mod bulk;
pub mod calendar;
pub mod cron;
pub mod export;
pub mod finding;
pub mod history;
pub mod leader;
pub mod live;
pub mod model;
pub mod quota;
pub mod relative;
pub mod run_link;
pub mod time;
pub mod upcoming;
pub mod url;
