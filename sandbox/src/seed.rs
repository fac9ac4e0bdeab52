//! Seed data: the same stacks, jobs and actions on every start.
//!
//! Acme Production's first page is hand-written to hold every case a client must survive
//! (HTML in a name, unknown types and statuses, no `params`, quotes, emoji, very long text,
//! every kind of cron expression); the rest of its jobs and those of the bigger stacks are
//! generated from their position. Jobs and stacks have fixed dates; the action history is
//! dated relative to the moment the world is seeded (start or reset), so it is always recent.
//! The uids other tools need come from `seed-ids.json`, their one definition.

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{json, Value};

use crate::clock::{format_iso, format_utc};
use crate::config::Fleet;
use crate::model::{Action, Job, Stack};
use crate::uid::hex_uid;
use crate::world::{run_message, StackEntry, World, SANDBOX_USER};

/// The uids of `seed-ids.json`: stacks and jobs that tests and tools refer to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedIds {
    /// What the file is, for people who open it.
    #[serde(rename = "_about")]
    pub about: String,
    /// Every seeded stack.
    pub stacks: StackIds,
    /// Jobs with a part to play.
    pub jobs: JobIds,
}

/// Stack uids, in list order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackIds {
    /// Acme Production: 75 jobs, the hard cases, the action history.
    pub production: String,
    /// Acme Staging: 30 jobs, exactly one page.
    pub staging: String,
    /// Batch Workers: 31 jobs, one on page 2.
    pub batch: String,
    /// Docs Sample: the seed's jobs list sample.
    pub docs_sample: String,
    /// Empty Playground: no jobs.
    pub empty: String,
    /// Big Batch: 240 jobs, 8 pages.
    pub big_batch: String,
    /// Ops Maintenance: 6 jobs, four of them paused at known times before the seed.
    pub maintenance: String,
}

/// Job uids; all on Acme Production except `pies` (Docs Sample) and the `paused_*` jobs
/// (Ops Maintenance).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobIds {
    /// `db-backup`: always succeeds; the seed's run_now sample.
    pub db_backup: String,
    /// `report-that-fails`: always fails.
    pub report_that_fails: String,
    /// `cache-warmup`: paused.
    pub cache_warmup: String,
    /// `on-demand-cleanup`: cron `null`.
    pub on_demand_cleanup: String,
    /// `pies` on Docs Sample.
    pub pies: String,
    /// `job-017`: `0 9 * * Mon-Fri`.
    pub cron_weekdays: String,
    /// `job-019`: `30 2 1 Jan,Jul *`.
    pub cron_month_names: String,
    /// `job-020`: `10-50/20 * * * *`.
    pub cron_step_range: String,
    /// `job-021`: `15,30 9 * * 1-5`.
    pub cron_lists: String,
    /// `job-022`: `0 12 13 * 5`, both day fields restricted.
    pub cron_both_days: String,
    /// `job-023`: `@daily`.
    pub cron_daily: String,
    /// `job-024`: `@hourly`.
    pub cron_hourly: String,
    /// `job-025`: `@weekly`.
    pub cron_weekly: String,
    /// `job-026`: `0 0 29 2 *`, leap days only.
    pub cron_leap_day: String,
    /// `job-028`: `61 25 * * *`, not a valid expression.
    pub cron_invalid: String,
    /// `job-029`: `0 0 31 2 *`, never matches.
    pub cron_never: String,
    /// `job-030`: `*/15 * * * *`, not paused.
    pub cron_every_15_min: String,
    /// `nightly-vacuum` on Ops Maintenance: paused 3 days and 1 hour before the seed.
    pub paused_3_days: String,
    /// `rotate-certificates` on Ops Maintenance: paused 26 hours before the seed.
    pub paused_26_hours: String,
    /// `reindex-search` on Ops Maintenance: failed, paused 9 days before the seed.
    pub paused_9_days_failing: String,
    /// `warm-thumbnails` on Ops Maintenance: paused 5 hours before the seed.
    pub paused_5_hours: String,
}

/// The uids of `seed-ids.json`, read once.
pub fn ids() -> &'static SeedIds {
    static IDS: LazyLock<SeedIds> = LazyLock::new(|| {
        // Built into the binary and parsed by a unit test: this cannot fail at run time.
        serde_json::from_str(include_str!("../seed-ids.json")).expect("seed-ids.json is valid")
    });
    &IDS
}

/// The id the first action started after a (re)start gets; seeded actions come before it.
pub const NEXT_ACTION_ID: u64 = 2593;

const HOST: &str = "DockerHostTaskJob";
const SERVICE: &str = "DockerServiceTaskJob";
const RAKE: &str = "RakeJob";

/// 2023-09-01 08:00:00 UTC: every seeded job and stack time is an offset from it.
const EPOCH: i64 = 1_693_555_200;
const MINUTE: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// The world as seeded at `now_unix` (the stated clock, in Unix seconds): the seeded stacks, then
/// the `fleet`'s, and an action history that ends just before then.
pub fn world(now_unix: i64, fleet: Fleet) -> World {
    world_at(Instant::now(), now_unix, fleet)
}

/// The world as seeded at `now` (`now_unix` in Unix seconds).
///
/// Two seeded actions are still running: 2588 never finishes (a stuck run of `sync-crm`) and
/// 2589 (`june-archive`) finishes [`ARCHIVE_FINISHES_AFTER`] after `now`.
pub fn world_at(now: Instant, now_unix: i64, fleet: Fleet) -> World {
    let mut stacks = stacks(now_unix);
    stacks.extend(fleet_stacks(fleet, now_unix));
    let mut world = World::new(stacks, actions(now_unix), NEXT_ACTION_ID);
    let archive = Duration::from_secs(ARCHIVE_FINISHES_AFTER.unsigned_abs());
    world.finish_later(
        2589,
        now + archive,
        now_unix + ARCHIVE_FINISHES_AFTER,
        true,
        run_message("june-archive", false, Some("--year 2025")),
    );
    world
}

/// Every seeded stack, in list order, as seeded at `now_unix`: new stacks go at the end.
pub fn stacks(now_unix: i64) -> Vec<StackEntry> {
    vec![
        acme_production(),
        acme_staging(),
        batch_workers(),
        docs_sample(),
        empty_playground(),
        big_batch(),
        ops_maintenance(now_unix),
    ]
}

/// How many stacks are seeded; a fleet's come after them.
pub const SEEDED_STACKS: usize = 7;

/// How long after the world is seeded the running action 2589 finishes, in seconds.
pub const ARCHIVE_FINISHES_AFTER: i64 = 2 * MINUTE;

/// The two users of the seeded history.
const OPS: &str = "ops@example.com";
const BOT: &str = "deploy-bot@example.com";

/// Acme Production's history, oldest first: 45 actions (2545–2589) from two users over the four
/// days before `now_unix`, then the three of the run_now samples (2590–2592) half an hour ago.
pub fn actions(now_unix: i64) -> Vec<Action> {
    let mut actions: Vec<Action> = (0..43).map(|index| past_action(index, now_unix)).collect();
    let run = "job_run_now";
    actions.push(history_action(
        2588,
        (OPS, "web"),
        run,
        now_unix - 70 * MINUTE,
        None,
    ));
    actions.push(history_action(
        2589,
        (BOT, "api"),
        run,
        now_unix - 55 * MINUTE,
        None,
    ));
    let samples = [
        (
            2590,
            run,
            40 * MINUTE,
            41,
            true,
            run_message("db-backup", false, None),
        ),
        (
            2591,
            run,
            35 * MINUTE,
            12,
            false,
            run_message("report-that-fails", true, None),
        ),
        (
            2592,
            "job_pause_handler",
            32 * MINUTE + 22,
            1,
            true,
            paused_message("cache-warmup"),
        ),
    ];
    for (id, action, ago, took, success, message) in samples {
        let outcome = Outcome {
            took,
            success,
            message,
        };
        let who = (SANDBOX_USER, "api");
        actions.push(history_action(
            id,
            who,
            action,
            now_unix - ago,
            Some(outcome),
        ));
    }
    actions
}

/// How a finished action ended: `took` seconds after it started.
struct Outcome {
    took: i64,
    success: bool,
    message: String,
}

/// An action of Acme Production by `(user, started_via)`; `None` is still running.
fn history_action(
    id: u64,
    (user, via): (&str, &str),
    action: &str,
    started: i64,
    outcome: Option<Outcome>,
) -> Action {
    Action {
        id,
        user: user.to_owned(),
        resource_type: "stack".to_owned(),
        action: action.to_owned(),
        resource_id: "1602".to_owned(),
        started_via: via.to_owned(),
        started_at: format_iso(started),
        finished_at: outcome
            .as_ref()
            .map(|outcome| format_iso(started + outcome.took)),
        finished_success: outcome.as_ref().map(|outcome| outcome.success),
        finished_message: outcome.map(|outcome| outcome.message),
        finished_result: None,
        metadata: json!({}),
        stack_uid: ids().stacks.production.clone(),
    }
}

fn paused_message(name: &str) -> String {
    format!("Job \"{name}\" paused")
}

/// The `index`th (0–42) finished action of the history, id 2545 + `index`: mostly runs, some
/// failing, with pauses, one pause-all and unpause-all pair, a refused pause and one action code
/// no client knows (`job_retry_handler`).
fn past_action(index: i64, now_unix: i64) -> Action {
    const RUNS: [(&str, Option<&str>); 8] = [
        ("db-backup", None),
        ("report-that-fails", Some("--since yesterday")),
        ("flaky-import", None),
        ("every-two-minutes", None),
        ("weekday-digest", Some("--dry-run")),
        ("db-backup", Some("--full")),
        ("k8s-log-rotate", None),
        ("job-031", Some("a b")),
    ];
    let id = 2545 + index.unsigned_abs();
    // Every 2 h 13 min from four days ago: the last one is about three hours before now.
    let started = now_unix - 4 * DAY + index * (2 * HOUR + 13 * MINUTE);
    let (user, via) = match index % 3 {
        0 => (BOT, "api"),
        1 => (OPS, "web"),
        _ => (OPS, if index % 5 == 0 { "api" } else { "web" }),
    };
    let finished = |action: &str, took: i64, success: bool, message: String| {
        let outcome = Outcome {
            took,
            success,
            message,
        };
        history_action(id, (user, via), action, started, Some(outcome))
    };
    let stack_jobs = 75;
    match index {
        20 => finished(
            "jobs_pause_all",
            3,
            true,
            format!("Paused all {stack_jobs} jobs of stack \"Acme Production\""),
        ),
        21 => finished(
            "jobs_unpause_all",
            2,
            true,
            format!("Unpaused all {stack_jobs} jobs of stack \"Acme Production\""),
        ),
        30 => finished(
            "job_retry_handler",
            9,
            true,
            "Job \"flaky-import\" retried".to_owned(),
        ),
        37 => finished(
            "job_pause_handler",
            1,
            false,
            "Job \"sync-crm\" could not be paused: a run is in progress".to_owned(),
        ),
        _ if index % 11 == 5 => finished(
            "job_pause_handler",
            1,
            true,
            paused_message("weekday-digest"),
        ),
        _ if index % 11 == 6 => finished(
            "job_unpause_handler",
            2,
            true,
            "Job \"weekday-digest\" unpaused".to_owned(),
        ),
        _ => {
            let (name, args) = RUNS[index.rem_euclid(8) as usize];
            // report-that-fails always fails; flaky-import fails every other time.
            let failed = name == "report-that-fails" || (name == "flaky-import" && index % 2 == 0);
            let took = 5 + (index * 37) % 600;
            finished(
                "job_run_now",
                took,
                !failed,
                run_message(name, failed, args),
            )
        }
    }
}

/// A cron expression at each interesting position of Acme Production's generated jobs.
struct Schedule {
    position: i64,
    cron: Option<&'static str>,
    /// Where `seed-ids.json` names the job, if it does.
    uid: Option<fn(&JobIds) -> &str>,
}

/// Acme Production's `job-017` … `job-030`: every cron feature a client must read, on page 1.
/// Jobs 18 and 27 are paused (every ninth job is), so they hold nothing worth naming.
const SCHEDULES: [Schedule; 14] = [
    named(17, "0 9 * * Mon-Fri", |ids| &ids.cron_weekdays),
    unnamed(18, Some("0 */4 * * *")),
    named(19, "30 2 1 Jan,Jul *", |ids| &ids.cron_month_names),
    named(20, "10-50/20 * * * *", |ids| &ids.cron_step_range),
    named(21, "15,30 9 * * 1-5", |ids| &ids.cron_lists),
    named(22, "0 12 13 * 5", |ids| &ids.cron_both_days),
    named(23, "@daily", |ids| &ids.cron_daily),
    named(24, "@hourly", |ids| &ids.cron_hourly),
    named(25, "@weekly", |ids| &ids.cron_weekly),
    named(26, "0 0 29 2 *", |ids| &ids.cron_leap_day),
    unnamed(27, None),
    named(28, "61 25 * * *", |ids| &ids.cron_invalid),
    named(29, "0 0 31 2 *", |ids| &ids.cron_never),
    named(30, "*/15 * * * *", |ids| &ids.cron_every_15_min),
];

/// A schedule whose job `seed-ids.json` names (`uid` picks its field).
const fn named(position: i64, cron: &'static str, uid: fn(&JobIds) -> &str) -> Schedule {
    Schedule {
        position,
        cron: Some(cron),
        uid: Some(uid),
    }
}

/// A schedule on a job no tool needs by uid.
const fn unnamed(position: i64, cron: Option<&'static str>) -> Schedule {
    Schedule {
        position,
        cron,
        uid: None,
    }
}

/// The crons that generated jobs cycle through: valid and able to match, names, steps, ranges,
/// lists, macros, 7 as Sunday, and on-demand jobs (`None`).
const CRON_CYCLE: [Option<&str>; 22] = [
    Some("0 * * * *"),
    Some("*/5 * * * *"),
    Some("30 4 * * *"),
    Some("0 12 * * Mon"),
    Some("15 2 1 * *"),
    Some("0 9-17 * * 1-5"),
    None,
    Some("0 9 * * Mon-Fri"),
    Some("30 2 1 Jan,Jul *"),
    Some("*/15 * * * *"),
    Some("10-50/20 * * * *"),
    Some("15,30 9 * * 1-5"),
    Some("0 12 13 * 5"),
    Some("@daily"),
    Some("@hourly"),
    Some("@weekly"),
    Some("0 0 29 2 *"),
    Some("@monthly"),
    Some("0 22 * * 7"),
    Some("45 6 * Jun-Aug Sat,Sun"),
    Some("5 */4 * * *"),
    None,
];

fn cycled_cron(index: i64) -> Option<String> {
    CRON_CYCLE[index.rem_euclid(CRON_CYCLE.len() as i64) as usize].map(str::to_owned)
}

fn acme_production() -> StackEntry {
    let ids = ids();
    let uid = ids.stacks.production.as_str();
    let at = |position| job_base(uid, 0, position);
    let long_name = format!(
        "quarterly-financial-reconciliation-{}final",
        "with-ledger-export-and-audit-trail-".repeat(5)
    );
    let long_command = format!(
        "bundle exec rails runner 'Reconciliation.run!' {}",
        (1..=40)
            .map(|account| format!("--account=ACC-{account:04}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut jobs = vec![
        Job {
            uid: ids.jobs.db_backup.clone(),
            name: "db-backup".to_owned(),
            cron: cron("0 3 * * *"),
            status: 2,
            params: Some(json!({ "command": "pg_dump -Fc app > /backups/app.dump" })),
            ..at(1)
        },
        Job {
            uid: ids.jobs.report_that_fails.clone(),
            name: "report-that-fails".to_owned(),
            kind: RAKE.to_owned(),
            cron: cron("30 1 * * *"),
            status: 3,
            params: Some(json!({ "task": "reports:nightly" })),
            fails: true,
            ..at(2)
        },
        Job {
            uid: ids.jobs.cache_warmup.clone(),
            name: "cache-warmup".to_owned(),
            kind: SERVICE.to_owned(),
            cron: cron("*/15 * * * *"),
            status: 2,
            paused: true,
            params: Some(
                json!({ "task": "bin/warm", "service_name": "web", "private_ip": "10.0.0.5" }),
            ),
            ..at(3)
        },
        Job {
            name: "<img src=x onerror=alert(1)>".to_owned(),
            cron: cron("0 0 * * Mon"),
            params: Some(json!({ "command": "echo \"<script>alert('xss')</script>\"" })),
            ..at(4)
        },
        Job {
            uid: ids.jobs.on_demand_cleanup.clone(),
            name: "on-demand-cleanup".to_owned(),
            cron: None,
            params: Some(json!({ "command": "rm -rf /tmp/cache/*" })),
            ..at(5)
        },
        Job {
            name: "k8s-log-rotate".to_owned(),
            kind: "KubernetesCronJob".to_owned(),
            cron: cron("0 2 * * *"),
            status: 2,
            params: Some(json!({ "namespace": "jobs", "image": "busybox" })),
            ..at(6)
        },
        Job {
            name: "mystery-status".to_owned(),
            cron: cron("45 23 * * *"),
            status: 7,
            params: Some(json!({ "command": "bin/legacy-task" })),
            ..at(7)
        },
        Job {
            name: "no-params".to_owned(),
            cron: cron("0 5 * * *"),
            params: None,
            ..at(8)
        },
        Job {
            name: "🧹 sweep \"temp\" files".to_owned(),
            cron: cron("0 4 * * Sun"),
            status: 2,
            params: Some(json!({ "command": "find /tmp -name \"*.tmp\" -mtime +7 -delete" })),
            ..at(9)
        },
        Job {
            name: "it's a \"quoted\" job".to_owned(),
            cron: cron("0 12 * * *"),
            status: 2,
            params: Some(
                json!({ "command": "echo 'single' \"double\" `date` $HOME && printf '%s\\n' \"done\"" }),
            ),
            ..at(10)
        },
        Job {
            name: long_name,
            kind: SERVICE.to_owned(),
            cron: cron("0 6 1 1,4,7,10 *"),
            status: 2,
            params: Some(
                json!({ "task": long_command, "service_name": "worker", "private_ip": "10.0.0.9" }),
            ),
            ..at(11)
        },
        Job {
            name: "sync-crm".to_owned(),
            kind: RAKE.to_owned(),
            cron: cron("*/10 * * * *"),
            status: 1,
            params: Some(json!({ "task": "crm:sync" })),
            ..at(12)
        },
        Job {
            name: "weekday-digest".to_owned(),
            kind: RAKE.to_owned(),
            cron: cron("15,30 9 * * Mon-Fri"),
            params: Some(json!({ "task": "digest:send" })),
            ..at(13)
        },
        Job {
            name: "every-two-minutes".to_owned(),
            cron: cron("*/2 * * * *"),
            status: 2,
            params: Some(json!({ "command": "bin/heartbeat" })),
            ..at(14)
        },
        Job {
            name: "june-archive".to_owned(),
            kind: SERVICE.to_owned(),
            cron: cron("0 0 1 Jun *"),
            status: 2,
            params: Some(
                json!({ "task": "bin/archive --year", "service_name": "worker", "private_ip": "10.0.0.6" }),
            ),
            ..at(15)
        },
        Job {
            name: "flaky-import".to_owned(),
            kind: SERVICE.to_owned(),
            cron: cron("0 */6 * * *"),
            status: 3,
            params: Some(
                json!({ "task": "bin/import", "service_name": "worker", "private_ip": "10.0.0.7" }),
            ),
            fails: true,
            ..at(16)
        },
    ];
    jobs.extend((17..=75).map(|position| {
        let mut job = generated_job(uid, 0, position);
        if let Some(special) = SCHEDULES
            .iter()
            .find(|special| special.position == position)
        {
            job.cron = special.cron.map(str::to_owned);
            if let Some(uid) = special.uid {
                job.uid = uid(&ids.jobs).to_owned();
            }
        }
        job
    }));
    StackEntry {
        stack: stack(uid, "Acme Production", "production", "main", 0),
        resource_id: 1602,
        jobs,
    }
}

fn acme_staging() -> StackEntry {
    let uid = ids().stacks.staging.clone();
    let at = |position| job_base(&uid, 1, position);
    let mut jobs = vec![
        Job {
            name: "db-backup".to_owned(),
            cron: cron("0 4 * * *"),
            status: 2,
            params: Some(json!({ "command": "pg_dump -Fc app_staging > /backups/staging.dump" })),
            ..at(1)
        },
        Job {
            name: "smoke-test".to_owned(),
            kind: RAKE.to_owned(),
            cron: cron("0 * * * *"),
            status: 3,
            params: Some(json!({ "task": "smoke:all" })),
            fails: true,
            ..at(2)
        },
        Job {
            name: "seed-demo-data".to_owned(),
            kind: SERVICE.to_owned(),
            cron: None,
            params: Some(
                json!({ "task": "bin/seed", "service_name": "web", "private_ip": "10.1.0.7" }),
            ),
            ..at(3)
        },
    ];
    jobs.extend((4..=30).map(|position| generated_job(&uid, 1, position)));
    StackEntry {
        stack: stack(&uid, "Acme Staging", "staging", "develop", 1),
        resource_id: 1603,
        jobs,
    }
}

fn batch_workers() -> StackEntry {
    let uid = &ids().stacks.batch;
    StackEntry {
        jobs: (1..=31)
            .map(|position| generated_job(uid, 2, position))
            .collect(),
        stack: stack(uid, "Batch Workers", "production", "main", 2),
        resource_id: 1604,
    }
}

/// Exactly the seed's "Jobs list" sample.
fn docs_sample() -> StackEntry {
    let uid = &ids().stacks.docs_sample;
    let pies = Job {
        uid: ids().jobs.pies.clone(),
        name: "pies".to_owned(),
        kind: HOST.to_owned(),
        cron: cron("01 00 1 * *"),
        status: 3,
        paused: false,
        params: Some(json!({ "command": "ls -lta" })),
        created_at: "2023-10-24 15:38:29 UTC".to_owned(),
        updated_at: "2023-10-24 15:39:14 UTC".to_owned(),
        fails: true,
    };
    StackEntry {
        stack: stack(uid, "Docs Sample", "development", "master", 3),
        resource_id: 1605,
        jobs: vec![pies],
    }
}

fn empty_playground() -> StackEntry {
    let uid = &ids().stacks.empty;
    StackEntry {
        stack: stack(uid, "Empty Playground", "development", "main", 4),
        resource_id: 1606,
        jobs: Vec::new(),
    }
}

/// Big Batch: 240 jobs (8 pages) for search, filters, sorting and export. Names are
/// `{verb}-{noun}-{region}`, in no sorted order, with a few that a CSV export must escape.
fn big_batch() -> StackEntry {
    let uid = &ids().stacks.big_batch;
    StackEntry {
        jobs: (1..=240)
            .map(|position| big_batch_job(uid, position))
            .collect(),
        stack: stack(uid, "Big Batch", "production", "main", 5),
        resource_id: 1607,
    }
}

/// Names a spreadsheet would misread (formulas, commas, quotes, a line break), by position.
const AWKWARD_NAMES: [(i64, &str); 6] = [
    (7, "=HYPERLINK(\"http://example.com\",\"click\")"),
    (13, "+sum-totals"),
    (19, "-negative-start"),
    (23, "@mention-digest"),
    (31, "billing, \"quarterly\" export"),
    (47, "multi\nline name"),
];

fn big_batch_job(stack_uid: &str, position: i64) -> Job {
    const VERBS: [&str; 10] = [
        "sync", "export", "import", "rebuild", "purge", "notify", "archive", "reindex", "digest",
        "bill",
    ];
    const NOUNS: [&str; 12] = [
        "invoices", "users", "orders", "search", "reports", "emails", "images", "ledger",
        "metrics", "sessions", "crm", "cache",
    ];
    const STATUSES: [i64; 5] = [2, 0, 3, 2, 1];
    let index = position - 1;
    let verb = VERBS[index.rem_euclid(10) as usize];
    let noun = NOUNS[(index / 10).rem_euclid(12) as usize];
    let region = if index < 120 { "eu" } else { "us" };
    let name = AWKWARD_NAMES
        .iter()
        .find(|(at, _)| *at == position)
        .map_or_else(
            || format!("{verb}-{noun}-{region}"),
            |(_, name)| (*name).to_owned(),
        );
    let (kind, params) = match index % 8 {
        0 | 4 => (
            HOST,
            json!({ "command": format!("bundle exec rake {verb}:{noun}") }),
        ),
        1 | 5 => (RAKE, json!({ "task": format!("{verb}:{noun}") })),
        3 => (
            "KubernetesCronJob",
            json!({ "namespace": "batch", "image": format!("acme/{noun}:latest") }),
        ),
        _ => (
            SERVICE,
            json!({
                "task": format!("bin/{verb} --{noun} --region={region}"),
                "service_name": "batch",
                "private_ip": format!("10.5.{}.{}", index / 250, index % 250 + 1),
            }),
        ),
    };
    // Mostly successes, some failures and runs, and now and then a status no one knows.
    let status = if position % 37 == 0 {
        7
    } else {
        STATUSES[(index * 7).rem_euclid(5) as usize]
    };
    Job {
        name,
        kind: kind.to_owned(),
        cron: cycled_cron(index * 5 + 1),
        status,
        paused: index % 6 == 5,
        params: Some(params),
        fails: status == 3,
        ..job_base(stack_uid, 5, position)
    }
}

/// Ops Maintenance: one page of jobs whose last change is dated relative to the seed, for
/// "Paused for 3 days" and the like. Paused 3 days 1 hour, 26 hours (just past a day), 9 days
/// (and failing) and 5 hours (not for long) before the seed; then a job not paused whose last
/// change is 12 days old, and one running since 3 minutes before the seed.
fn ops_maintenance(now_unix: i64) -> StackEntry {
    let ids = ids();
    let uid = ids.stacks.maintenance.as_str();
    let changed = |position, ago: i64| Job {
        updated_at: format_utc(now_unix - ago),
        ..job_base(uid, 6, position)
    };
    let jobs = vec![
        Job {
            uid: ids.jobs.paused_3_days.clone(),
            name: "nightly-vacuum".to_owned(),
            cron: cron("0 2 * * *"),
            status: 2,
            paused: true,
            params: Some(json!({ "command": "vacuumdb --all --analyze" })),
            ..changed(1, 3 * DAY + HOUR)
        },
        Job {
            uid: ids.jobs.paused_26_hours.clone(),
            name: "rotate-certificates".to_owned(),
            kind: RAKE.to_owned(),
            cron: cron("0 0 1 * *"),
            status: 2,
            paused: true,
            params: Some(json!({ "task": "certs:rotate" })),
            ..changed(2, 26 * HOUR)
        },
        Job {
            uid: ids.jobs.paused_9_days_failing.clone(),
            name: "reindex-search".to_owned(),
            kind: SERVICE.to_owned(),
            cron: cron("30 3 * * Sun"),
            status: 3,
            paused: true,
            params: Some(
                json!({ "task": "bin/reindex", "service_name": "search", "private_ip": "10.6.0.3" }),
            ),
            fails: true,
            ..changed(3, 9 * DAY)
        },
        Job {
            uid: ids.jobs.paused_5_hours.clone(),
            name: "warm-thumbnails".to_owned(),
            cron: cron("*/30 * * * *"),
            status: 2,
            paused: true,
            params: Some(json!({ "command": "bin/thumbnails --warm" })),
            ..changed(4, 5 * HOUR)
        },
        Job {
            name: "purge-sessions".to_owned(),
            cron: cron("0 * * * *"),
            status: 2,
            params: Some(json!({ "command": "bin/rails sessions:purge" })),
            ..changed(5, 12 * DAY)
        },
        Job {
            name: "ship-logs".to_owned(),
            cron: cron("*/5 * * * *"),
            status: 1,
            params: Some(json!({ "command": "bin/ship-logs" })),
            ..changed(6, 3 * MINUTE)
        },
    ];
    StackEntry {
        stack: stack(uid, "Ops Maintenance", "production", "main", 6),
        resource_id: 1608,
        jobs,
    }
}

/// The environments fleet stacks take in turn.
const FLEET_ENVIRONMENTS: [&str; 5] = ["production", "staging", "development", "qa", "demo"];

/// The fleet's stacks, `Fleet 01` … , each with `fleet.jobs()` generated jobs; dated at
/// `now_unix` like the seed.
pub fn fleet_stacks(fleet: Fleet, now_unix: i64) -> Vec<StackEntry> {
    (1..=i64::from(fleet.stacks()))
        .map(|number| fleet_stack(number, i64::from(fleet.jobs()), now_unix))
        .collect()
}

/// The uid and name of fleet stack `number` (from 1): `Fleet 01` …, the uid from the name like
/// every stack's, so a stack keeps its uid whatever the fleet's size.
pub fn fleet_stack_id(number: u32) -> (String, String) {
    let name = format!("Fleet {number:02}");
    (hex_uid(&format!("stack:{name}")), name)
}

fn fleet_stack(number: i64, jobs: i64, now_unix: i64) -> StackEntry {
    let (uid, name) = fleet_stack_id(u32::try_from(number).unwrap_or(u32::MAX));
    let environment = FLEET_ENVIRONMENTS[(number - 1).rem_euclid(5) as usize];
    let index = 6 + number;
    let created = EPOCH - 200 * DAY + number * DAY;
    let stack = Stack {
        last_activity: format_utc(EPOCH + 50 * DAY + number * HOUR),
        created_at: format_utc(created),
        updated_at: format_utc(created + 30 * DAY),
        ..stack(&uid, &name, environment, "main", index)
    };
    StackEntry {
        jobs: (1..=jobs)
            .map(|position| fleet_job(&uid, number, position, now_unix))
            .collect(),
        stack,
        resource_id: 1608 + number.unsigned_abs(),
    }
}

/// A generated job (status `position % 4`, every ninth paused, crons from the cycle) named
/// `{verb}-{noun}-{position}`. Its paused jobs are dated relative to the seed: the 1st, 3rd,
/// 5th… of a stack (positions 9, 27, 45…) were paused 2 to 7 days (and 1 hour) before it,
/// which is paused for long; the 2nd, 4th… (18, 36…) 1 to 20 hours before it, which is not.
fn fleet_job(stack_uid: &str, number: i64, position: i64, now_unix: i64) -> Job {
    const VERBS: [&str; 10] = [
        "sync", "export", "import", "rebuild", "purge", "notify", "archive", "reindex", "digest",
        "bill",
    ];
    const NOUNS: [&str; 12] = [
        "invoices", "users", "orders", "search", "reports", "emails", "images", "ledger",
        "metrics", "sessions", "crm", "cache",
    ];
    let verb = VERBS[(position - 1 + number).rem_euclid(10) as usize];
    let noun = NOUNS[((position - 1) / 10 + 5 * number).rem_euclid(12) as usize];
    let mut job = Job {
        name: format!("{verb}-{noun}-{position:03}"),
        ..generated_job(stack_uid, 6 + number, position)
    };
    if job.paused {
        let nth = position / 9;
        let ago = if nth % 2 == 1 {
            (2 + (number + nth).rem_euclid(6)) * DAY + HOUR
        } else {
            (1 + (number + nth).rem_euclid(20)) * HOUR
        };
        job.updated_at = format_utc(now_unix - ago);
    }
    job
}

fn stack(uid: &str, name: &str, environment: &str, branch: &str, index: i64) -> Stack {
    let slug = name.to_lowercase().replace(' ', "-");
    let created = EPOCH - 300 * DAY + index * 7 * DAY;
    Stack {
        uid: uid.to_owned(),
        name: name.to_owned(),
        environment: environment.to_owned(),
        status: 1,
        health: 3,
        fqdn: format!("{slug}.c66.me"),
        git: format!("git@github.com:acme/{slug}.git"),
        git_branch: branch.to_owned(),
        language: "ruby".to_owned(),
        framework: "rails".to_owned(),
        cloud: "aws".to_owned(),
        last_activity: format_utc(EPOCH + 50 * DAY + index * HOUR),
        created_at: format_utc(created),
        updated_at: format_utc(created + 30 * DAY),
    }
}

/// A plain job at a position of a stack: a host command, status 0, not paused, succeeds.
fn job_base(stack_uid: &str, stack_index: i64, position: i64) -> Job {
    let name = format!("job-{position:03}");
    let created = EPOCH + stack_index * DAY + position * 5 * HOUR;
    Job {
        uid: hex_uid(&format!("job:{stack_uid}:{position}")),
        params: Some(json!({ "command": format!("bin/{name}") })),
        name,
        kind: HOST.to_owned(),
        cron: None,
        status: 0,
        paused: false,
        created_at: format_utc(created),
        updated_at: format_utc(created + DAY + position * 60),
        fails: false,
    }
}

/// A job whose every field follows from its position; those whose last run failed fail again.
fn generated_job(stack_uid: &str, stack_index: i64, position: i64) -> Job {
    let (kind, params): (&str, Value) = match position % 3 {
        0 => (
            HOST,
            json!({ "command": format!("bin/task-{position:03} --batch") }),
        ),
        1 => (RAKE, json!({ "task": format!("batch:part_{position:03}") })),
        _ => (
            SERVICE,
            json!({
                "task": format!("bin/worker {position}"),
                "service_name": "worker",
                "private_ip": format!("10.0.{}.{}", stack_index % 256, position % 250 + 1),
            }),
        ),
    };
    let status = position % 4;
    Job {
        kind: kind.to_owned(),
        cron: cycled_cron(position + 3 * stack_index),
        status,
        paused: position % 9 == 0,
        params: Some(params),
        fails: status == 3,
        ..job_base(stack_uid, stack_index, position)
    }
}

fn cron(expression: &str) -> Option<String> {
    Some(expression.to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// A stated time the tests seed at: 2033-05-18 03:33:20 UTC.
    const NOW: i64 = 2_000_000_000;

    #[test]
    fn stacks_have_the_promised_job_counts() {
        let counts: Vec<(String, usize)> = stacks(NOW)
            .into_iter()
            .map(|entry| (entry.stack.name, entry.jobs.len()))
            .collect();
        let expected = [
            ("Acme Production", 75),
            ("Acme Staging", 30),
            ("Batch Workers", 31),
            ("Docs Sample", 1),
            ("Empty Playground", 0),
            ("Big Batch", 240),
            ("Ops Maintenance", 6),
        ];
        let expected: Vec<(String, usize)> = expected
            .iter()
            .map(|(name, count)| ((*name).to_owned(), *count))
            .collect();
        assert_eq!(counts, expected);
    }

    #[test]
    fn uids_are_unique_32_hex_and_stable() {
        let all = stacks(NOW);
        let mut seen = HashSet::new();
        for entry in &all {
            let uids = std::iter::once(&entry.stack.uid).chain(entry.jobs.iter().map(|j| &j.uid));
            for uid in uids {
                assert_eq!(uid.len(), 32, "{uid}");
                assert!(uid.chars().all(|c| c.is_ascii_hexdigit()), "{uid}");
                assert!(seen.insert(uid.clone()), "duplicate {uid}");
            }
        }
        let again: Vec<String> = stacks(NOW).into_iter().map(|e| e.stack.uid).collect();
        let first: Vec<String> = all.into_iter().map(|e| e.stack.uid).collect();
        assert_eq!(again, first);
    }

    /// Other tools and docs quote these uids: neither seed-ids.json nor the generator may move
    /// them. Those of generated jobs still follow from their position, as before the file.
    #[test]
    fn published_uids_do_not_change() {
        let uids: Vec<String> = stacks(NOW)
            .into_iter()
            .map(|entry| entry.stack.uid)
            .collect();
        assert_eq!(
            uids,
            [
                "5999b763474b0eafa5fafb64bff0ba80",
                "a0db7932995ade53c3fd1d447b8856ec",
                "2ce268f297044c5cb1a3dcc2e8e7cc66",
                "8ab47fb3576b0dc659d0b5238295db86",
                "bf0270b70fc8ab2e7ef08650893dbfaa",
                "bc82bd5ae0a44316b4b6081c8c2b72f1",
                "3ea813a2d4ea6dac71b5b8309df56a12",
            ]
        );
        for (index, name) in [
            "Acme Staging",
            "Batch Workers",
            "Docs Sample",
            "Empty Playground",
            "Big Batch",
            "Ops Maintenance",
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(hex_uid(&format!("stack:{name}")), uids[index + 1]);
        }
        let jobs = acme_production().jobs;
        assert_eq!(jobs[0].uid, "98ee5a9b93919d9b63bd5377636675bd");
        assert_eq!(jobs[1].uid, "9cd03c441dd688ae21dae87b1a25a91a");
        assert_eq!(jobs[2].uid, "52158cc84c88574edb5a27b25976cd82");
        let production = &ids().stacks.production;
        for (index, job) in jobs.iter().enumerate().skip(1) {
            let position = index + 1;
            assert_eq!(
                job.uid,
                hex_uid(&format!("job:{production}:{position}")),
                "{}",
                job.name
            );
        }
    }

    #[test]
    fn every_job_in_seed_ids_is_where_its_name_says() {
        let jobs = acme_production().jobs;
        let ids = &ids().jobs;
        let by_uid = |uid: &str| {
            jobs.iter()
                .find(|job| job.uid == uid)
                .map(|job| (job.name.as_str(), job.cron.as_deref()))
        };
        let expected = [
            (&ids.db_backup, "db-backup", Some("0 3 * * *")),
            (
                &ids.report_that_fails,
                "report-that-fails",
                Some("30 1 * * *"),
            ),
            (&ids.cache_warmup, "cache-warmup", Some("*/15 * * * *")),
            (&ids.on_demand_cleanup, "on-demand-cleanup", None),
            (&ids.cron_weekdays, "job-017", Some("0 9 * * Mon-Fri")),
            (&ids.cron_month_names, "job-019", Some("30 2 1 Jan,Jul *")),
            (&ids.cron_step_range, "job-020", Some("10-50/20 * * * *")),
            (&ids.cron_lists, "job-021", Some("15,30 9 * * 1-5")),
            (&ids.cron_both_days, "job-022", Some("0 12 13 * 5")),
            (&ids.cron_daily, "job-023", Some("@daily")),
            (&ids.cron_hourly, "job-024", Some("@hourly")),
            (&ids.cron_weekly, "job-025", Some("@weekly")),
            (&ids.cron_leap_day, "job-026", Some("0 0 29 2 *")),
            (&ids.cron_invalid, "job-028", Some("61 25 * * *")),
            (&ids.cron_never, "job-029", Some("0 0 31 2 *")),
            (&ids.cron_every_15_min, "job-030", Some("*/15 * * * *")),
        ];
        for (uid, name, cron) in expected {
            assert_eq!(by_uid(uid), Some((name, cron)), "{name}");
        }
        // The named cron jobs are not paused, so a client shows their schedule.
        for schedule in SCHEDULES.iter().filter(|schedule| schedule.uid.is_some()) {
            let job = &jobs[(schedule.position - 1) as usize];
            assert!(!job.paused, "{}", job.name);
        }
        let docs = docs_sample();
        assert_eq!(docs.jobs[0].uid, ids.pies);
    }

    #[test]
    fn only_one_invalid_and_one_never_matching_cron_in_the_whole_seed() {
        let crons: Vec<String> = stacks(NOW)
            .into_iter()
            .flat_map(|entry| entry.jobs)
            .filter_map(|job| job.cron)
            .collect();
        let count = |cron: &str| crons.iter().filter(|c| *c == cron).count();
        assert_eq!(count("61 25 * * *"), 1);
        assert_eq!(count("0 0 31 2 *"), 1);
        for cron in [
            "@daily",
            "@hourly",
            "@weekly",
            "0 0 29 2 *",
            "45 6 * Jun-Aug Sat,Sun",
        ] {
            assert!(count(cron) >= 2, "{cron} only on Acme Production page 1");
        }
    }

    #[test]
    fn the_history_is_two_pages_from_two_users_newest_before_now() {
        let now = 2_000_000_000;
        let actions = actions(now);
        assert_eq!(actions.len(), 48);
        let ids: Vec<u64> = actions.iter().map(|action| action.id).collect();
        assert_eq!(ids, (2545..=2592).collect::<Vec<u64>>());
        let mut started: Vec<&str> = actions.iter().map(|a| a.started_at.as_str()).collect();
        let in_order = started.clone();
        started.sort_unstable();
        assert_eq!(started, in_order, "ids grow with started_at");
        assert!(actions[0].started_at >= format_iso(now - 4 * DAY));
        assert!(actions.iter().all(|a| a.started_at < format_iso(now)));
        let users: HashSet<&str> = actions.iter().map(|a| a.user.as_str()).collect();
        assert!(users.contains(OPS) && users.contains(BOT), "{users:?}");
        let vias: HashSet<&str> = actions.iter().map(|a| a.started_via.as_str()).collect();
        assert_eq!(vias, HashSet::from(["api", "web"]));
        let codes: HashSet<&str> = actions.iter().map(|a| a.action.as_str()).collect();
        for code in [
            "job_run_now",
            "job_pause_handler",
            "job_unpause_handler",
            "jobs_pause_all",
            "jobs_unpause_all",
            "job_retry_handler",
        ] {
            assert!(codes.contains(code), "{code}");
        }
        let running: Vec<u64> = actions
            .iter()
            .filter(|a| a.finished_at.is_none())
            .map(|a| a.id)
            .collect();
        assert_eq!(running, [2588, 2589]);
        let failed = actions
            .iter()
            .filter(|a| a.finished_success == Some(false))
            .count();
        assert!(failed >= 5, "{failed} failures");
        assert!(actions
            .iter()
            .all(|a| a.finished_at.is_none() || a.finished_message.is_some()));
        let samples: Vec<(&str, Option<bool>)> = actions[45..]
            .iter()
            .map(|a| (a.action.as_str(), a.finished_success))
            .collect();
        assert_eq!(
            samples,
            [
                ("job_run_now", Some(true)),
                ("job_run_now", Some(false)),
                ("job_pause_handler", Some(true))
            ]
        );
    }

    #[test]
    fn the_running_archive_finishes_after_two_minutes_and_the_stuck_run_never() {
        let now = Instant::now();
        let mut world = world_at(now, NOW, Fleet::default());
        let production = &ids().stacks.production;
        let unfinished = |world: &World| -> Vec<u64> {
            world
                .actions(production)
                .map(|actions| {
                    actions
                        .iter()
                        .filter(|a| a.finished_at.is_none())
                        .map(|a| a.id)
                        .collect()
                })
                .unwrap_or_default()
        };
        world.settle(now + Duration::from_secs(119));
        assert_eq!(unfinished(&world), [2589, 2588]);
        world.settle(now + Duration::from_secs(120));
        assert_eq!(unfinished(&world), [2588]);
        let archive = world.action(production, "2589").cloned();
        let archive = archive.expect("action 2589");
        assert_eq!(
            archive.finished_at.as_deref(),
            Some(format_iso(2_000_000_120).as_str())
        );
        assert_eq!(archive.finished_success, Some(true));
        world.settle(now + Duration::from_secs(10 * 365 * 86_400));
        assert_eq!(unfinished(&world), [2588]);
    }

    #[test]
    fn big_batch_is_eight_pages_of_varied_jobs() {
        let jobs = big_batch().jobs;
        assert_eq!(jobs.len(), 240);
        let names: HashSet<&str> = jobs.iter().map(|job| job.name.as_str()).collect();
        assert_eq!(names.len(), 240, "names are unique");
        assert_eq!(jobs[0].name, "sync-invoices-eu");
        assert_eq!(jobs[239].name, "bill-cache-us");
        let statuses: HashSet<i64> = jobs.iter().map(|job| job.status).collect();
        assert_eq!(statuses, HashSet::from([0, 1, 2, 3, 7]));
        let kinds: HashSet<&str> = jobs.iter().map(|job| job.kind.as_str()).collect();
        assert_eq!(kinds.len(), 4, "{kinds:?}");
        let paused = jobs.iter().filter(|job| job.paused).count();
        assert_eq!(paused, 40);
        assert!(jobs.iter().any(|job| job.cron.is_none()));
        let crons: HashSet<Option<&str>> = jobs.iter().map(|job| job.cron.as_deref()).collect();
        assert!(crons.len() >= 15, "{} distinct crons", crons.len());
        assert!(jobs.iter().any(|job| job
            .params
            .as_ref()
            .is_some_and(|p| p["command"] == "bundle exec rake digest:invoices")));
        assert_eq!(jobs[6].name, "=HYPERLINK(\"http://example.com\",\"click\")");
    }

    #[test]
    fn acme_production_covers_every_status_and_type() {
        let jobs = acme_production().jobs;
        let statuses: HashSet<i64> = jobs.iter().map(|job| job.status).collect();
        for status in [0, 1, 2, 3, 7] {
            assert!(statuses.contains(&status), "status {status}");
        }
        let kinds: HashSet<&str> = jobs.iter().map(|job| job.kind.as_str()).collect();
        for kind in [HOST, SERVICE, RAKE, "KubernetesCronJob"] {
            assert!(kinds.contains(kind), "{kind}");
        }
        assert!(jobs[10].name.chars().count() >= 200);
    }

    #[test]
    fn ops_maintenance_has_pauses_dated_from_the_seed() {
        let entry = ops_maintenance(NOW);
        let ids = &ids().jobs;
        let changed = |uid: &str| {
            let job = entry.jobs.iter().find(|job| job.uid == uid).expect(uid);
            (job.paused, job.updated_at.clone())
        };
        let ago = |seconds: i64| format_utc(NOW - seconds);
        assert_eq!(changed(&ids.paused_3_days), (true, ago(3 * DAY + HOUR)));
        assert_eq!(changed(&ids.paused_26_hours), (true, ago(26 * HOUR)));
        assert_eq!(changed(&ids.paused_9_days_failing), (true, ago(9 * DAY)));
        assert_eq!(changed(&ids.paused_5_hours), (true, ago(5 * HOUR)));
        for (index, job) in entry.jobs.iter().enumerate() {
            let position = index + 1;
            assert_eq!(
                job.uid,
                hex_uid(&format!("job:{}:{position}", entry.stack.uid))
            );
        }
        let failing = entry.jobs.iter().filter(|job| job.fails).count();
        assert_eq!(failing, 1);
        assert_eq!(entry.stack.uid, hex_uid("stack:Ops Maintenance"));
    }

    #[test]
    fn a_fleet_comes_after_the_seeded_stacks_and_keeps_their_uids() {
        let fleet = Fleet::new(50, 120).expect("a valid fleet");
        let world = world_at(Instant::now(), NOW, fleet);
        let seeded: Vec<String> = stacks(NOW).into_iter().map(|e| e.stack.uid).collect();
        let all = world.stacks();
        assert_eq!(all.len(), SEEDED_STACKS + 50);
        let first: Vec<&str> = all[..SEEDED_STACKS]
            .iter()
            .map(|e| e.stack.uid.as_str())
            .collect();
        assert_eq!(first, seeded);
        assert_eq!(all[SEEDED_STACKS].stack.name, "Fleet 01");
        assert_eq!(all[SEEDED_STACKS + 49].stack.name, "Fleet 50");
        let mut uids = HashSet::new();
        for entry in all {
            assert!(uids.insert(entry.stack.uid.clone()), "{}", entry.stack.name);
            for job in &entry.jobs {
                assert!(uids.insert(job.uid.clone()), "{}", job.name);
            }
        }
        let fleet_jobs: Vec<&Job> = all[SEEDED_STACKS..].iter().flat_map(|e| &e.jobs).collect();
        assert_eq!(fleet_jobs.len(), 6000);
        let statuses: HashSet<i64> = fleet_jobs.iter().map(|job| job.status).collect();
        assert_eq!(statuses, HashSet::from([0, 1, 2, 3]));
        let environments: HashSet<&str> = all[SEEDED_STACKS..]
            .iter()
            .map(|e| e.stack.environment.as_str())
            .collect();
        assert_eq!(environments.len(), FLEET_ENVIRONMENTS.len());
        // Of 13 paused jobs a stack, 7 were paused days ago and 6 hours ago.
        let day_ago = format_utc(NOW - DAY);
        let paused: Vec<&&Job> = fleet_jobs.iter().filter(|job| job.paused).collect();
        assert_eq!(paused.len(), 50 * 13);
        let for_long = paused.iter().filter(|job| job.updated_at < day_ago).count();
        assert_eq!(for_long, 50 * 7);
        assert!(paused.iter().all(|job| job.updated_at < format_utc(NOW)));
        // A stack's uid does not depend on the fleet's size.
        let small = fleet_stacks(Fleet::new(2, 3).expect("valid"), NOW);
        assert_eq!(small[1].stack.uid, all[SEEDED_STACKS + 1].stack.uid);
        assert_eq!(small[1].jobs[2].uid, all[SEEDED_STACKS + 1].jobs[2].uid);
        assert!(fleet_stacks(Fleet::default(), NOW).is_empty());
    }
}
