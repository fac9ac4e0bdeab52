//! What runs in the next hours across a stack's jobs, in time order, from
//! their cron expressions alone (no request).

use crate::logic::cron::Cron;
use crate::logic::model::Job;
use crate::logic::time::EpochMillis;

/// Runs listed per job at most: `* * * * *` would fill a day with 1,440.
pub const PER_JOB: usize = 60;

/// One run to come.
#[derive(Clone, Debug, PartialEq)]
pub struct UpcomingRun {
    /// When, in epoch milliseconds.
    pub at: EpochMillis,
    /// The job's uid.
    pub job_uid: String,
    /// The job's name.
    pub name: String,
    /// Whether the job has more runs in the window than listed.
    pub more: bool,
}

/// The runs of every unpaused job with a valid schedule in `(from, until]`,
/// earliest first (ties by name), at most [`PER_JOB`] per job.
pub fn upcoming(jobs: &[Job], from: EpochMillis, until: EpochMillis) -> Vec<UpcomingRun> {
    let mut runs = Vec::new();
    for job in jobs.iter().filter(|j| !j.paused) {
        let Some(cron) = job.cron.as_deref().and_then(|c| Cron::parse(c).ok()) else {
            continue;
        };
        let times = cron.upcoming(from, PER_JOB + 1);
        let within: Vec<EpochMillis> = times.into_iter().filter(|&t| t <= until).collect();
        let more = within.len() > PER_JOB;
        for at in within.into_iter().take(PER_JOB) {
            runs.push(UpcomingRun {
                at,
                job_uid: job.uid.clone(),
                name: job.name.clone(),
                more,
            });
        }
    }
    runs.sort_by(|a, b| a.at.total_cmp(&b.at).then_with(|| a.name.cmp(&b.name)));
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn job(name: &str, cron: Option<&str>, paused: bool) -> Job {
        Job::from_value(&json!({"uid": name, "name": name, "cron": cron, "paused": paused}))
            .unwrap()
    }

    #[test]
    fn runs_of_the_next_day_in_time_order() {
        // 2026-03-07T12:00:00Z, a Saturday.
        let from = 1_772_884_800_000.0;
        let until = from + 24.0 * 3_600_000.0;
        let jobs = [
            job("daily", Some("0 3 * * *"), false),
            job("weekdays", Some("0 9 * * Mon-Fri"), false),
            job("hourly", Some("30 * * * *"), false),
            job("paused", Some("0 * * * *"), true),
            job("demand", None, false),
            job("broken", Some("61 25 * * *"), false),
            job("minutely", Some("* * * * *"), false),
        ];
        let runs = upcoming(&jobs, from, until);
        let of = |name: &str| runs.iter().filter(|r| r.name == name).count();
        assert_eq!(of("daily"), 1);
        assert_eq!(of("weekdays"), 0);
        assert_eq!(of("hourly"), 24);
        assert_eq!((of("paused"), of("demand"), of("broken")), (0, 0, 0));
        assert_eq!(of("minutely"), PER_JOB);
        assert!(runs.iter().find(|r| r.name == "minutely").unwrap().more);
        assert!(runs.windows(2).all(|w| w[0].at <= w[1].at));
        assert_eq!(runs.first().unwrap().name, "minutely");
    }
}
