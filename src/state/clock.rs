//! The app's one sense of "now", for everything that shows times against
//! it: the hints beside instants ("in 2 h 10 min"), next runs, Upcoming,
//! the timeline and what a pause skips. One timer for the whole app, not one
//! per row: it fires at each minute boundary, when cron instants change.
//!
//! Now is the device's clock, unless the API's `Date` headers say it is off
//! by more than a minute (issue 30, item 3: a laptop 7 minutes off showed
//! wrong next runs): then it is the API's clock, read as the device's plus
//! the difference, and [`Clock::skew_words`] says so. Durations between two
//! of the device's own instants (how long ago the data was loaded, when to
//! poll again) stay on the device's clock, which measures them right.

use std::time::Duration;

use leptos::prelude::*;

use crate::api::ClockReading;
use crate::browser::now_ms;
use crate::logic::skew::{offset_words, Skew};
use crate::logic::time::EpochMillis;

const MINUTE_MS: f64 = 60_000.0;

/// "Now": the start time, then each minute boundary. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct Clock {
    now: RwSignal<EpochMillis>,
    /// What to add to the device's clock: 0, or the API's difference.
    offset: RwSignal<f64>,
    skew: StoredValue<Skew>,
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
            offset: RwSignal::new(0.0),
            skew: StoredValue::new(Skew::default()),
        };
        clock.tick_at_next_minute();
        clock
    }

    /// The clock from context.
    pub fn get() -> Clock {
        expect_context::<Clock>()
    }

    /// Now, in milliseconds since the epoch. Reactive: changes once a
    /// minute, and when the API's clock is taken up or dropped.
    pub fn now(&self) -> EpochMillis {
        self.now.get()
    }

    /// Now as of the last tick, without subscribing.
    pub fn now_untracked(&self) -> EpochMillis {
        self.now.get_untracked()
    }

    /// Now to the millisecond, without subscribing (the device's clock, or
    /// the API's when it is in use).
    pub fn exact_untracked(&self) -> EpochMillis {
        now_ms() + self.offset.get_untracked()
    }

    /// What is added to the device's clock (0 while it agrees with the
    /// API's within a minute). Reactive.
    pub fn offset(&self) -> f64 {
        self.offset.get()
    }

    /// "This device's clock is 7 min behind; times use the API's clock",
    /// while the API's clock is in use. Reactive.
    pub fn skew_words(&self) -> Option<String> {
        offset_words(self.offset.get())
    }

    /// Takes in one answer's reading of the API's clock; if that changes
    /// the correction, every time on screen follows at once.
    pub fn note(&self, reading: ClockReading) {
        let changed = self
            .skew
            .try_update_value(|skew| skew.note(reading.api_ms, reading.device_ms))
            .unwrap_or(false);
        if changed {
            let offset = self.skew.with_value(Skew::offset);
            self.offset.set(offset);
            self.now.set(now_ms() + offset);
        }
    }

    /// One timeout at a time, set again after each tick from the clock as
    /// corrected, so that ticks stay on the minute even after a sleeping
    /// laptop or a throttled background tab delayed one.
    fn tick_at_next_minute(self) {
        let Some(offset) = self.offset.try_get_untracked() else {
            return;
        };
        let wait = MINUTE_MS - (now_ms() + offset).rem_euclid(MINUTE_MS);
        set_timeout(
            move || {
                let Some(offset) = self.offset.try_get_untracked() else {
                    return;
                };
                // The boundary itself, so that hints count whole minutes from it.
                let minute = ((now_ms() + offset) / MINUTE_MS).floor() * MINUTE_MS;
                if self.now.try_set(minute).is_none() {
                    self.tick_at_next_minute();
                }
            },
            // A few ms late rather than early: the tick then reads the new minute.
            Duration::from_millis(wait as u64 + 5),
        );
    }
}
