//! The app's one sense of "now", for the hints beside instants ("in 2 h 10
//! min") and the next runs of schedules. One timer for the whole app, not
//! one per row: it fires at each minute boundary, when cron instants change.

use std::time::Duration;

use leptos::prelude::*;

use crate::browser::now_ms;
use crate::logic::time::EpochMillis;

const MINUTE_MS: f64 = 60_000.0;

/// "Now": the start time, then each minute boundary. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct Clock {
    now: RwSignal<EpochMillis>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock::start()
    }
}

impl Clock {
    /// Reads the browser's clock and keeps reading it at every minute
    /// boundary until the owner that started it goes away.
    pub fn start() -> Clock {
        let clock = Clock {
            now: RwSignal::new(now_ms()),
        };
        clock.tick_at_next_minute();
        clock
    }

    /// The clock from context.
    pub fn get() -> Clock {
        expect_context::<Clock>()
    }

    /// Now, in milliseconds since the epoch. Reactive: changes once a minute.
    pub fn now(&self) -> EpochMillis {
        self.now.get()
    }

    /// Now, without subscribing.
    pub fn now_untracked(&self) -> EpochMillis {
        self.now.get_untracked()
    }

    /// One timeout at a time, set again after each tick from the real clock,
    /// so that ticks stay on the minute even after a sleeping laptop or a
    /// throttled background tab delayed one.
    fn tick_at_next_minute(self) {
        let wait = MINUTE_MS - now_ms().rem_euclid(MINUTE_MS);
        set_timeout(
            move || {
                // The boundary itself, so that hints count whole minutes from it.
                let minute = (now_ms() / MINUTE_MS).floor() * MINUTE_MS;
                if self.now.try_set(minute).is_none() {
                    self.tick_at_next_minute();
                }
            },
            // A few ms late rather than early: the tick then reads the new minute.
            Duration::from_millis(wait as u64 + 5),
        );
    }
}
