//! Seed data: the same stacks, jobs and actions on every start, with fixed timestamps.
//!
//! Acme Production's first page is hand-written to hold every case a client must survive
//! (HTML in a name, unknown types and statuses, no `params`, quotes, emoji, very long text);
//! the rest of its jobs and those of the bigger stacks are generated from their position.

use serde_json::{json, Value};

use crate::clock::format_utc;
use crate::model::{Action, Job, Stack};
use crate::world::{run_message, StackEntry, SANDBOX_USER};

/// Acme Production: 75 jobs, three pages.
pub const ACME_PRODUCTION_UID: &str = "5999b763474b0eafa5fafb64bff0ba80";
/// `db-backup` on Acme Production: the job uid of the seed's run_now sample.
pub const DB_BACKUP_UID: &str = "98ee5a9b93919d9b63bd5377636675bd";
/// `pies` on Docs Sample: the job of the seed's jobs list sample.
pub const PIES_UID: &str = "b375afb170b468c238be44cec1058d0f";
/// The id the first action started after a (re)start gets; seeded actions come before it.
pub const NEXT_ACTION_ID: u64 = 2593;

const HOST: &str = "DockerHostTaskJob";
const SERVICE: &str = "DockerServiceTaskJob";
const RAKE: &str = "RakeJob";

/// 2023-09-01 08:00:00 UTC: every seeded time is an offset from it.
const EPOCH: i64 = 1_693_555_200;
const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// Every seeded stack, in list order.
pub fn stacks() -> Vec<StackEntry> {
    vec![
        acme_production(),
        acme_staging(),
        batch_workers(),
        docs_sample(),
        empty_playground(),
    ]
}

/// Past actions of Acme Production, so its history is not empty; oldest first.
pub fn actions() -> Vec<Action> {
    let finished =
        |id: u64, action: &str, started: &str, finished: &str, success, message| Action {
            id,
            user: SANDBOX_USER.to_owned(),
            resource_type: "stack".to_owned(),
            action: action.to_owned(),
            resource_id: "1602".to_owned(),
            started_via: "api".to_owned(),
            started_at: started.to_owned(),
            finished_at: Some(finished.to_owned()),
            finished_success: Some(success),
            finished_message: Some(message),
            finished_result: None,
            metadata: json!({}),
            stack_uid: ACME_PRODUCTION_UID.to_owned(),
        };
    vec![
        finished(
            2590,
            "job_run_now",
            "2023-10-27T14:00:00Z",
            "2023-10-27T14:00:41Z",
            true,
            run_message("db-backup", false, None),
        ),
        finished(
            2591,
            "job_run_now",
            "2023-10-27T14:05:00Z",
            "2023-10-27T14:05:12Z",
            false,
            run_message("report-that-fails", true, None),
        ),
        finished(
            2592,
            "job_pause_handler",
            "2023-10-27T14:07:38Z",
            "2023-10-27T14:07:39Z",
            true,
            "Job \"cache-warmup\" paused".to_owned(),
        ),
    ]
}

fn acme_production() -> StackEntry {
    let uid = ACME_PRODUCTION_UID;
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
            uid: DB_BACKUP_UID.to_owned(),
            name: "db-backup".to_owned(),
            cron: cron("0 3 * * *"),
            status: 2,
            params: Some(json!({ "command": "pg_dump -Fc app > /backups/app.dump" })),
            ..at(1)
        },
        Job {
            name: "report-that-fails".to_owned(),
            kind: RAKE.to_owned(),
            cron: cron("30 1 * * *"),
            status: 3,
            params: Some(json!({ "task": "reports:nightly" })),
            fails: true,
            ..at(2)
        },
        Job {
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
    jobs.extend((17..=75).map(|position| generated_job(uid, 0, position)));
    StackEntry {
        stack: stack(uid, "Acme Production", "production", "main", 0),
        resource_id: 1602,
        jobs,
    }
}

fn acme_staging() -> StackEntry {
    let uid = hex_uid("stack:Acme Staging");
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
    let uid = hex_uid("stack:Batch Workers");
    StackEntry {
        jobs: (1..=31)
            .map(|position| generated_job(&uid, 2, position))
            .collect(),
        stack: stack(&uid, "Batch Workers", "production", "main", 2),
        resource_id: 1604,
    }
}

/// Exactly the seed's "Jobs list" sample.
fn docs_sample() -> StackEntry {
    let uid = hex_uid("stack:Docs Sample");
    let pies = Job {
        uid: PIES_UID.to_owned(),
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
        stack: stack(&uid, "Docs Sample", "development", "master", 3),
        resource_id: 1605,
        jobs: vec![pies],
    }
}

fn empty_playground() -> StackEntry {
    let uid = hex_uid("stack:Empty Playground");
    StackEntry {
        stack: stack(&uid, "Empty Playground", "development", "main", 4),
        resource_id: 1606,
        jobs: Vec::new(),
    }
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
    const CRONS: [Option<&str>; 7] = [
        Some("0 * * * *"),
        Some("*/5 * * * *"),
        Some("30 4 * * *"),
        Some("0 12 * * Mon"),
        Some("15 2 1 * *"),
        Some("0 9-17 * * 1-5"),
        None,
    ];
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
                "private_ip": format!("10.0.{stack_index}.{}", position % 250 + 1),
            }),
        ),
    };
    let status = position % 4;
    Job {
        kind: kind.to_owned(),
        cron: CRONS[position.rem_euclid(7) as usize].map(str::to_owned),
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

/// 32 hex characters derived from `seed`: stable across starts and builds, and as different
/// from each other as real uids even for seeds that differ by one character.
fn hex_uid(seed: &str) -> String {
    fn fnv1a(bytes: &[u8], basis: u64) -> u64 {
        bytes.iter().fold(basis, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }
    /// splitmix64's finaliser: spreads every input bit over the whole output.
    fn mix(mut value: u64) -> u64 {
        value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        value ^ (value >> 31)
    }
    let hash = fnv1a(seed.as_bytes(), 0xcbf2_9ce4_8422_2325);
    let high = mix(hash);
    let low = mix(hash ^ 0x9e37_79b9_7f4a_7c15);
    format!("{high:016x}{low:016x}")
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn stacks_have_the_promised_job_counts() {
        let counts: Vec<(String, usize)> = stacks()
            .into_iter()
            .map(|entry| (entry.stack.name, entry.jobs.len()))
            .collect();
        let expected = [
            ("Acme Production", 75),
            ("Acme Staging", 30),
            ("Batch Workers", 31),
            ("Docs Sample", 1),
            ("Empty Playground", 0),
        ];
        let expected: Vec<(String, usize)> = expected
            .iter()
            .map(|(name, count)| ((*name).to_owned(), *count))
            .collect();
        assert_eq!(counts, expected);
    }

    #[test]
    fn uids_are_unique_32_hex_and_stable() {
        let all = stacks();
        let mut seen = HashSet::new();
        for entry in &all {
            let uids = std::iter::once(&entry.stack.uid).chain(entry.jobs.iter().map(|j| &j.uid));
            for uid in uids {
                assert_eq!(uid.len(), 32, "{uid}");
                assert!(uid.chars().all(|c| c.is_ascii_hexdigit()), "{uid}");
                assert!(seen.insert(uid.clone()), "duplicate {uid}");
            }
        }
        assert_eq!(hex_uid("stack:Acme Staging"), all[1].stack.uid);
        let again: Vec<String> = stacks().into_iter().map(|e| e.stack.uid).collect();
        let first: Vec<String> = all.into_iter().map(|e| e.stack.uid).collect();
        assert_eq!(again, first);
    }

    /// Other tools and docs quote these uids: a change to the generator must not move them.
    #[test]
    fn published_uids_do_not_change() {
        let uids: Vec<String> = stacks().into_iter().map(|entry| entry.stack.uid).collect();
        assert_eq!(
            uids,
            [
                ACME_PRODUCTION_UID,
                "a0db7932995ade53c3fd1d447b8856ec",
                "2ce268f297044c5cb1a3dcc2e8e7cc66",
                "8ab47fb3576b0dc659d0b5238295db86",
                "bf0270b70fc8ab2e7ef08650893dbfaa",
            ]
        );
        let jobs = acme_production().jobs;
        assert_eq!(jobs[1].uid, "9cd03c441dd688ae21dae87b1a25a91a");
        assert_eq!(jobs[2].uid, "52158cc84c88574edb5a27b25976cd82");
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
}
