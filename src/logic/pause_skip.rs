//! What a pause skips, from the cron alone (no request): how many runs the
//! next 24 hours hold and when the next one is, for the confirmations of
//! Pause, Pause all and Pause selected; and what a pause did skip, for the
//! restore after Pause all.

use crate::logic::schedule::Schedule;
use crate::logic::time::EpochMillis;
use crate::logic::timeline::counted;

/// How far ahead the confirmation looks.
pub const HORIZON_MS: f64 = 24.0 * 3_600_000.0;

/// What pausing one job skips.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PauseSkip {
    /// It runs on a schedule: `runs` times in the next 24 hours (0 for a
    /// weekly job whose next run is later), the next at `next`.
    Skips {
        /// Runs in `(now, now + 24 h]`.
        runs: u64,
        /// The next run after now, inside the 24 hours or not.
        next: EpochMillis,
    },
    /// It is paused already: pausing changes nothing.
    AlreadyPaused,
    /// `cron: null`: it has no scheduled run to skip.
    OnDemand,
    /// Its expression cannot be read, so the servers run it never.
    Invalid,
    /// Its schedule matches no date.
    Never,
}

impl PauseSkip {
    /// What pausing a job with this schedule skips, counted from `now`.
    pub fn of(schedule: &Schedule, paused: bool, now: EpochMillis) -> PauseSkip {
        match (paused, schedule) {
            (true, _) => PauseSkip::AlreadyPaused,
            (false, Schedule::OnDemand) => PauseSkip::OnDemand,
            (false, Schedule::Invalid) => PauseSkip::Invalid,
            (false, Schedule::Cron(cron)) => match cron.next_after(now) {
                None => PauseSkip::Never,
                Some(next) => PauseSkip::Skips {
                    runs: cron.count_between(now, now + HORIZON_MS),
                    next,
                },
            },
        }
    }

    /// The confirmation's sentence, the next run written by `time` (in the
    /// chosen zone, e.g. "2026-03-08 03:15 EDT").
    pub fn sentence(&self, time: impl Fn(EpochMillis) -> String) -> String {
        match *self {
            PauseSkip::Skips { runs, next } => skip_sentence(runs, &time(next)),
            PauseSkip::AlreadyPaused => "Already paused: nothing more to skip".to_string(),
            PauseSkip::OnDemand => "Runs on demand only: no scheduled run to skip".to_string(),
            PauseSkip::Invalid => "Its schedule is invalid: no scheduled run to skip".to_string(),
            PauseSkip::Never => "Its schedule never runs: no run to skip".to_string(),
        }
    }
}

/// What pausing several jobs skips, in total.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PauseSkips {
    /// Runs of all of them in the next 24 hours.
    pub runs: u64,
    /// The earliest next run of any of them (past the 24 hours if none is
    /// within); `None` when none has a schedule that runs.
    pub next: Option<EpochMillis>,
    /// Jobs with a schedule that runs.
    pub scheduled: usize,
    /// Jobs already paused.
    pub already_paused: usize,
    /// Jobs that run on demand only.
    pub on_demand: usize,
    /// Jobs whose schedule cannot be read.
    pub invalid: usize,
    /// Jobs whose schedule matches no date.
    pub never: usize,
}

impl PauseSkips {
    /// Adds up what pausing each job skips.
    pub fn of<'a>(
        jobs: impl IntoIterator<Item = (&'a Schedule, bool)>,
        now: EpochMillis,
    ) -> PauseSkips {
        let mut total = PauseSkips::default();
        for (schedule, paused) in jobs {
            match PauseSkip::of(schedule, paused, now) {
                PauseSkip::Skips { runs, next } => {
                    total.runs += runs;
                    total.next = Some(total.next.map_or(next, |earliest| earliest.min(next)));
                    total.scheduled += 1;
                }
                PauseSkip::AlreadyPaused => total.already_paused += 1,
                PauseSkip::OnDemand => total.on_demand += 1,
                PauseSkip::Invalid => total.invalid += 1,
                PauseSkip::Never => total.never += 1,
            }
        }
        total
    }

    /// The confirmation's sentence for the total, `None` when no job has a
    /// schedule that runs (then [`PauseSkips::others`] says why).
    pub fn sentence(&self, time: impl Fn(EpochMillis) -> String) -> Option<String> {
        self.next.map(|next| skip_sentence(self.runs, &time(next)))
    }

    /// The jobs that skip nothing, in words: "2 already paused, 1 on demand
    /// only"; `None` when there are none.
    pub fn others(&self) -> Option<String> {
        let parts: Vec<String> = [
            (self.already_paused, "already paused"),
            (self.on_demand, "on demand only"),
            (self.invalid, "with an invalid schedule"),
            (self.never, "with a schedule that never runs"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// "Skips 3 runs in the next 24 hours, the next at {time}" ("1 run" for
/// one); for none in the 24 hours, "Skips no runs in the next 24 hours; the
/// next would be at {time}".
pub fn skip_sentence(runs: u64, time: &str) -> String {
    if runs == 0 {
        format!("Skips no runs in the next 24 hours; the next would be at {time}")
    } else {
        format!(
            "Skips {} in the next 24 hours, the next at {time}",
            counted(runs, "run", "runs")
        )
    }
}

/// What a pause from `paused_at` to `resumed_at` skipped of a schedule: how
/// many runs and the first of them (`None` when it skipped none), for the
/// restore after Pause all.
pub fn skipped_while_paused(
    schedule: &Schedule,
    paused_at: EpochMillis,
    resumed_at: EpochMillis,
) -> (u64, Option<EpochMillis>) {
    let Some(cron) = schedule.cron() else {
        return (0, None);
    };
    let first = cron.next_after(paused_at).filter(|&at| at <= resumed_at);
    (cron.count_between(paused_at, resumed_at), first)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-07T12:00:00Z, a Saturday.
    const NOW: f64 = 1_772_884_800_000.0;
    const HOUR: f64 = 3_600_000.0;

    fn plain(at: EpochMillis) -> String {
        crate::logic::calendar::iso_utc(at)
    }

    #[test]
    fn one_job_in_words() {
        let hourly = Schedule::of(Some("30 * * * *"));
        let skip = PauseSkip::of(&hourly, false, NOW);
        assert_eq!(
            skip,
            PauseSkip::Skips {
                runs: 24,
                next: NOW + 0.5 * HOUR
            }
        );
        assert_eq!(
            skip.sentence(plain),
            "Skips 24 runs in the next 24 hours, the next at 2026-03-07T12:30:00Z"
        );
        let daily = PauseSkip::of(&Schedule::of(Some("0 3 * * *")), false, NOW);
        assert_eq!(
            daily.sentence(plain),
            "Skips 1 run in the next 24 hours, the next at 2026-03-08T03:00:00Z"
        );
        let weekdays = PauseSkip::of(&Schedule::of(Some("0 9 * * 1-5")), false, NOW);
        assert_eq!(
            weekdays.sentence(plain),
            "Skips no runs in the next 24 hours; the next would be at 2026-03-09T09:00:00Z"
        );
    }

    #[test]
    fn jobs_that_skip_nothing_say_why() {
        let cases = [
            (
                PauseSkip::of(&Schedule::of(Some("* * * * *")), true, NOW),
                PauseSkip::AlreadyPaused,
            ),
            (
                PauseSkip::of(&Schedule::of(None), false, NOW),
                PauseSkip::OnDemand,
            ),
            (
                PauseSkip::of(&Schedule::of(Some("x")), false, NOW),
                PauseSkip::Invalid,
            ),
            (
                PauseSkip::of(&Schedule::of(Some("0 0 31 2 *")), false, NOW),
                PauseSkip::Never,
            ),
        ];
        for (got, expected) in cases {
            assert_eq!(got, expected);
            assert!(!got.sentence(plain).contains("Skips"));
        }
    }

    #[test]
    fn many_jobs_in_total() {
        let schedules = [
            Schedule::of(Some("30 * * * *")),
            Schedule::of(Some("0 3 * * *")),
            Schedule::of(Some("* * * * *")),
            Schedule::of(None),
            Schedule::of(Some("0 0 31 2 *")),
        ];
        let paused = [false, false, true, false, false];
        let total = PauseSkips::of(schedules.iter().zip(paused), NOW);
        assert_eq!(total.runs, 25);
        assert_eq!(total.next, Some(NOW + 0.5 * HOUR));
        assert_eq!((total.scheduled, total.already_paused), (2, 1));
        assert_eq!(
            total.sentence(plain).as_deref(),
            Some("Skips 25 runs in the next 24 hours, the next at 2026-03-07T12:30:00Z")
        );
        assert_eq!(
            total.others().as_deref(),
            Some("1 already paused, 1 on demand only, 1 with a schedule that never runs")
        );
        let none = PauseSkips::of([(&schedules[3], false)], NOW);
        assert_eq!(none.sentence(plain), None);
        assert_eq!(PauseSkips::of([(&schedules[0], false)], NOW).others(), None);
    }

    #[test]
    fn what_a_pause_did_skip() {
        let hourly = Schedule::of(Some("0 * * * *"));
        assert_eq!(
            skipped_while_paused(&hourly, NOW, NOW + 2.5 * HOUR),
            (2, Some(NOW + HOUR))
        );
        assert_eq!(
            skipped_while_paused(&hourly, NOW, NOW + 0.5 * HOUR),
            (0, None)
        );
        assert_eq!(
            skipped_while_paused(&Schedule::OnDemand, NOW, NOW + HOUR),
            (0, None)
        );
    }
}
