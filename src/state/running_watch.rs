//! History's rows that still run: the page asks for itself again on
//! Activity's polling schedule (1 s, 1.5 s, … up to 15 s apart) for 20
//! minutes at most, never while the API throttles (the throttle's end
//! reloads the screen, and the schedule starts again from that load).

use std::rc::Rc;

use leptos::prelude::*;

use crate::browser::now_ms;
use crate::logic::backoff::{poll_delay, GIVE_UP_AFTER};
use crate::state::quota::QuotaState;

/// The schedule's state: its attempt, when the running streak began, and a
/// generation that retires the timers of earlier answers.
#[derive(Default)]
struct Schedule {
    attempt: u32,
    since_ms: Option<f64>,
    generation: u64,
}

/// The watch over one page's running rows. `Copy`; owned by the page: once
/// it goes, a pending timer finds no schedule and asks for nothing.
#[derive(Clone, Copy)]
pub struct RunningWatch {
    schedule: StoredValue<Schedule>,
    reload: StoredValue<Rc<dyn Fn()>, LocalStorage>,
    /// Rows ran past 20 minutes: no more reloads until [`Self::restart`].
    pub gave_up: RwSignal<bool>,
    quota: QuotaState,
}

impl RunningWatch {
    /// A watch that calls `reload` when the page is due again.
    pub fn new(reload: impl Fn() + 'static) -> RunningWatch {
        let schedule = StoredValue::new(Schedule::default());
        on_cleanup(move || {
            schedule.try_update_value(|s| s.generation += 1);
        });
        RunningWatch {
            schedule,
            reload: StoredValue::new_local(Rc::new(reload)),
            gave_up: RwSignal::new(false),
            quota: expect_context::<QuotaState>(),
        }
    }

    /// An answer arrived: schedules the next reload while rows run.
    pub fn saw(&self, running: bool) {
        let now = now_ms();
        let mut next = None;
        let mut gave_up = false;
        self.schedule.update_value(|s| {
            s.generation += 1;
            if !running {
                (s.attempt, s.since_ms) = (0, None);
                return;
            }
            let since = *s.since_ms.get_or_insert(now);
            if now - since <= GIVE_UP_AFTER.as_millis() as f64 {
                next = Some((poll_delay(s.attempt), s.generation));
                s.attempt += 1;
            } else {
                gave_up = true;
            }
        });
        if self.gave_up.get_untracked() != gave_up {
            self.gave_up.set(gave_up);
        }
        let this = *self;
        if let Some((wait, generation)) = next {
            set_timeout(move || this.tick(generation), wait);
        }
    }

    /// Starts the schedule afresh and reloads now ("Check again").
    pub fn restart(&self) {
        self.schedule.update_value(|s| *s = Schedule::default());
        self.gave_up.set(false);
        if let Some(reload) = self.reload.try_get_value() {
            reload();
        }
    }

    fn tick(self, generation: u64) {
        let current = self.schedule.try_with_value(|s| s.generation) == Some(generation);
        let throttled = self.quota.throttle.try_get_untracked().flatten().is_some();
        if current && !throttled {
            if let Some(reload) = self.reload.try_get_value() {
                reload();
            }
        }
    }
}
