//! What a pause skips, in words (issue 29, item 4), for the confirmations
//! of Pause, Pause all and Pause selected, and what a Pause all did skip,
//! for its restore. Reached through the seams of `parts/mod.rs`; the words
//! (and the counting of runs) are a split point of their own, `pause_skip`,
//! which the split release build fetches the first time a confirmation
//! needs it.

use leptos::prelude::*;

use crate::logic::pause_skip::{self, PauseSkip, PauseSkips};
use crate::logic::schedule::Schedule;
use crate::logic::time::EpochMillis;
use crate::logic::timeline::counted;
use crate::state::clock::Clock;
use crate::state::pause_all::PauseNote;
use crate::state::stack_jobs::StackJobs;
use crate::state::time_zone::{TimeZone, Zone};

use super::SkipJob;

/// Jobs named in the restore's words at most; the others are counted.
const NAMED: usize = 5;

/// The paragraph of a confirmation: "Skips 96 runs in the next 24 hours,
/// the next at 2026-03-07 07:15 EST", then `scope`. "Counting…" while the
/// chunk is fetched; if it cannot be, says so.
pub fn note(jobs: Vec<SkipJob>, scope: Option<String>) -> AnyView {
    let (now, zone) = (Clock::get().exact_untracked(), TimeZone::get());
    let words = async move {
        match loaded(skip_text(jobs, now, zone)).await {
            Ok(text) => match scope {
                Some(scope) => format!("{text} {scope}"),
                None => text,
            },
            Err(PartMissing) => "What pausing skips could not be worked out: that part of \
                                 Jobdeck did not arrive (offline, or Jobdeck has been updated)."
                .to_string(),
        }
        // A view, as the pages' chunks give: one kind of Suspend in the wasm.
        .into_any()
    };
    view! {
        <p class="pause-skip">
            <Suspense fallback=|| "Counting the runs it skips…">{Suspend::new(words)}</Suspense>
        </p>
    }
    .into_any()
}

/// The paragraph for a Pause all of `stack`, from the jobs Jobdeck holds.
pub fn stack_note(stack: &str) -> AnyView {
    let (jobs, total, complete) = expect_context::<StackJobs>().read(stack, |pages| {
        (pages.items(), pages.total, pages.is_complete())
    });
    let scope = (!complete).then(|| {
        format!(
            "(Counted from the {} of its {total} jobs loaded so far.)",
            jobs.len()
        )
    });
    note(
        jobs.into_iter().map(|j| (j.cron, j.paused)).collect(),
        scope,
    )
}

/// What a restore says the Pause all skipped (see [`skipped_words`]).
pub async fn skipped_while_paused(
    note: PauseNote,
    resumed_at: EpochMillis,
    zone: TimeZone,
) -> Option<String> {
    loaded(skipped_text(note, resumed_at, zone))
        .await
        .ok()
        .flatten()
}

/// What pausing `jobs` skips from `now`: one job's sentence, or the total
/// for several with those that skip nothing counted ("1 already paused").
pub fn skip_words(jobs: &[SkipJob], now: EpochMillis, zone: &Zone) -> String {
    let time = |at: EpochMillis| zone.text(at);
    let schedules: Vec<(Schedule, bool)> = jobs
        .iter()
        .map(|(cron, paused)| (Schedule::of(cron.as_deref()), *paused))
        .collect();
    if let [(schedule, paused)] = schedules.as_slice() {
        return PauseSkip::of(schedule, *paused, now).sentence(time);
    }
    let total = PauseSkips::of(schedules.iter().map(|(s, p)| (s, *p)), now);
    let sentence = total
        .sentence(time)
        .unwrap_or_else(|| "Skips no scheduled runs: none of them runs on a schedule".into());
    match total.others() {
        Some(others) => format!("{sentence}. Of these jobs, {others}."),
        None => format!("{sentence}."),
    }
}

/// What the jobs a restore unpauses skipped while a Pause all held them,
/// from its start to `resumed_at`: "While paused (from 12:00 EST, 1 h
/// 5 min), their schedules skipped 6 runs: job-030 4 (the first due 12:15
/// EST), job-024 1 (13:00 EST)." `None` when the note has no time or no
/// job skipped a run.
pub fn skipped_words(note: &PauseNote, resumed_at: EpochMillis, zone: &Zone) -> Option<String> {
    let paused_at = note.paused_at?;
    let mut skipped: Vec<(String, u64, EpochMillis)> = Vec::new();
    for job in note
        .all
        .iter()
        .filter(|j| !note.paused_before.contains(&j.uid))
    {
        let cron = note.crons.iter().find(|(uid, _)| *uid == job.uid);
        let schedule = Schedule::of(cron.and_then(|(_, c)| c.as_deref()));
        if let (runs, Some(first)) =
            pause_skip::skipped_while_paused(&schedule, paused_at, resumed_at)
        {
            skipped.push((job.name.clone(), runs, first));
        }
    }
    if skipped.is_empty() {
        return None;
    }
    // Most skipped first, then the earliest.
    skipped.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.total_cmp(&b.2)));
    let runs: u64 = skipped.iter().map(|s| s.1).sum();
    let mut named: Vec<String> = skipped
        .iter()
        .take(NAMED)
        .map(|(name, n, first)| match n {
            1 => format!("{name} 1 ({})", zone.time_of_day(*first)),
            n => format!("{name} {n} (the first due {})", zone.time_of_day(*first)),
        })
        .collect();
    if skipped.len() > NAMED {
        named.push(counted(
            (skipped.len() - NAMED) as u64,
            "more job",
            "more jobs",
        ));
    }
    Some(format!(
        "While paused (from {}, {}), their schedules skipped {}: {}.",
        zone.text(paused_at),
        crate::logic::relative::span_words((resumed_at - paused_at) as i64),
        counted(runs, "run", "runs"),
        named.join(", ")
    ))
}

// The split points of `pause_skip` (`--cfg jobdeck_split`, xtask/src/split.rs):
// one chunk for both, fetched on first use; every other build calls them
// directly. `fallible`: a chunk that cannot be fetched is an `Err`.

#[cfg_attr(jobdeck_split, wasm_split_helpers::wasm_split(pause_skip, fallible))]
fn skip_text(jobs: Vec<SkipJob>, now: f64, zone: TimeZone) -> Result<String, PartMissing> {
    Ok(skip_words(&jobs, now, &zone.zone_untracked()))
}

#[cfg_attr(jobdeck_split, wasm_split_helpers::wasm_split(pause_skip, fallible))]
fn skipped_text(
    note: PauseNote,
    resumed_at: f64,
    zone: TimeZone,
) -> Result<Option<String>, PartMissing> {
    Ok(skipped_words(&note, resumed_at, &zone.zone_untracked()))
}

/// A split point's answer, in a build with chunks: once its chunk is here.
#[cfg(jobdeck_split)]
async fn loaded<T>(
    part: impl std::future::Future<Output = Result<T, PartMissing>>,
) -> Result<T, PartMissing> {
    part.await
}

/// A split point's answer, in a build without chunks: there all along.
#[cfg(not(jobdeck_split))]
async fn loaded<T>(part: Result<T, PartMissing>) -> Result<T, PartMissing> {
    part
}

/// The code of a part (a chunk of the split build) could not be fetched.
#[derive(Clone, Copy, Debug)]
pub struct PartMissing;

impl From<wasm_split_helpers::SplitLoaderError> for PartMissing {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        PartMissing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::model::JobRef;

    /// 2026-03-07T12:00:00Z.
    const NOW: f64 = 1_772_884_800_000.0;
    const HOUR: f64 = 3_600_000.0;

    fn job(cron: &str, paused: bool) -> SkipJob {
        (Some(cron.to_string()), paused)
    }

    #[test]
    fn one_job_or_many_in_the_chosen_zone() {
        let utc = Zone::utc();
        assert_eq!(
            skip_words(&[job("*/15 * * * *", false)], NOW, &utc),
            "Skips 96 runs in the next 24 hours, the next at 2026-03-07 12:15 UTC"
        );
        assert_eq!(
            skip_words(&[(None, false)], NOW, &utc),
            "Runs on demand only: no scheduled run to skip"
        );
        let many = [
            job("*/15 * * * *", false),
            job("0 3 * * *", false),
            job("*/5 * * * *", true),
            (None, false),
        ];
        assert_eq!(
            skip_words(&many, NOW, &utc),
            "Skips 97 runs in the next 24 hours, the next at 2026-03-07 12:15 UTC. \
             Of these jobs, 1 already paused, 1 on demand only."
        );
        assert_eq!(
            skip_words(&[(None, false), job("* * * * *", true)], NOW, &utc),
            "Skips no scheduled runs: none of them runs on a schedule. \
             Of these jobs, 1 already paused, 1 on demand only."
        );
    }

    fn note(paused_at: Option<f64>) -> PauseNote {
        let jobs = [
            ("q", "*/15 * * * *"),
            ("h", "0 * * * *"),
            ("n", "0 3 * * *"),
            ("was", "* * * * *"),
        ];
        PauseNote {
            stack_uid: "s".into(),
            all: jobs
                .iter()
                .map(|(uid, _)| JobRef {
                    uid: uid.to_string(),
                    name: format!("job-{uid}"),
                })
                .collect(),
            paused_before: vec!["was".into()],
            crons: jobs
                .iter()
                .map(|(uid, cron)| (uid.to_string(), Some(cron.to_string())))
                .collect(),
            paused_at,
        }
    }

    #[test]
    fn what_a_pause_all_skipped_of_the_jobs_it_paused() {
        let utc = Zone::utc();
        let resumed = NOW + 2.0 * HOUR + 5.0 * 60_000.0;
        assert_eq!(
            skipped_words(&note(Some(NOW)), resumed, &utc).as_deref(),
            Some(
                "While paused (from 2026-03-07 12:00 UTC, 2 h 5 min), their schedules skipped \
                 10 runs: job-q 8 (the first due 12:15 UTC), job-h 2 (the first due 13:00 UTC)."
            )
        );
        // The job paused before is not counted; without a time, nothing is said.
        assert_eq!(skipped_words(&note(None), resumed, &utc), None);
        assert_eq!(
            skipped_words(&note(Some(NOW)), NOW + 60_000.0, &utc),
            None,
            "nothing was due"
        );
    }

    #[test]
    fn many_jobs_are_named_five_at_most() {
        let mut many = note(Some(NOW));
        for i in 0..7 {
            let uid = format!("x{i}");
            many.all.push(JobRef {
                uid: uid.clone(),
                name: format!("extra-{i}"),
            });
            many.crons.push((uid, Some("30 12 * * *".into())));
        }
        let words = skipped_words(&many, NOW + HOUR, &Zone::utc()).unwrap_or_default();
        assert!(words.ends_with(", 4 more jobs."), "{words}");
        assert!(words.contains("skipped 12 runs"), "{words}");
    }
}
