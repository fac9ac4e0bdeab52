//! The controls that change the world over HTTP: a fleet of generated stacks, jobs and stacks
//! changed from outside the API, and the stated clock.

mod common;

use std::collections::HashSet;

use common::{Harness, DB_BACKUP, PROD};
use jobdeck_sandbox::clock::{format_iso, format_utc, now_unix};
use jobdeck_sandbox::config::Fleet;
use jobdeck_sandbox::seed::ids;
use jobdeck_sandbox::Settings;
use reqwest::StatusCode;
use serde_json::{json, Value};

const DAY: i64 = 86_400;

fn uids(list: &Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["uid"].as_str().map(str::to_owned))
        .collect()
}

/// Every stack of the list, page after page.
async fn all_stacks(h: &Harness) -> Vec<Value> {
    let mut stacks = Vec::new();
    for page in 1.. {
        let body = h.get(&format!("/stacks?page={page}")).await.json();
        stacks.extend(body["response"].as_array().cloned().unwrap_or_default());
        if body["pagination"]["next"].is_null() {
            break;
        }
    }
    stacks
}

#[tokio::test]
async fn a_fleet_appends_paged_stacks_after_the_seeded_ones_until_reset() {
    let h = Harness::start().await;
    let seeded = uids(&h.ok("/stacks").await);
    assert_eq!(seeded.len(), 7);

    let answer = h
        .control("/__sandbox/fleet", json!({ "stacks": 50, "jobs": 120 }))
        .await;
    assert_eq!(answer["fleet"], json!({ "stacks": 50, "jobs": 120 }));
    assert_eq!(answer["world"], json!({ "stacks": 57, "jobs": 383 + 6000 }));
    let fleet = answer["fleet_stacks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(fleet.len(), 50);
    assert_eq!(fleet[0]["name"], "Fleet 01");
    assert_eq!(fleet[49]["name"], "Fleet 50");
    assert_eq!(h.show("/__sandbox/fleet").await, answer);

    // 57 stacks: two pages of the list, the seeded ones first and where they were.
    let first = h.get("/stacks").await.json();
    assert_eq!(first["count"], 57);
    assert_eq!(first["pagination"]["pages"], 2);
    assert_eq!(uids(&first["response"])[..7], seeded[..]);
    let second = h.get("/stacks?page=2").await.json();
    assert_eq!(second["response"].as_array().map(Vec::len), Some(27));
    let listed = all_stacks(&h).await;
    assert_eq!(uids(&json!(listed))[7..], uids(&json!(fleet))[..]);
    let environments: HashSet<&str> = listed[7..]
        .iter()
        .filter_map(|stack| stack["environment"].as_str())
        .collect();
    assert_eq!(environments.len(), 5, "{environments:?}");

    // Each fleet stack: 120 jobs in four pages, failed, running and paused among them, and
    // its paused jobs some for days, some for hours.
    let fleet_07 = fleet[6]["uid"].as_str().unwrap_or_default().to_owned();
    let page_4 = h
        .get(&format!("/stacks/{fleet_07}/jobs?page=4"))
        .await
        .json();
    assert_eq!(page_4["count"], 120);
    assert_eq!(page_4["pagination"]["pages"], 4);
    let jobs = h.all_jobs(&fleet_07).await;
    assert_eq!(jobs.len(), 120);
    let statuses: HashSet<i64> = jobs.iter().filter_map(|j| j["status"].as_i64()).collect();
    assert_eq!(statuses, HashSet::from([0, 1, 2, 3]));
    let day_ago = format_utc(now_unix() - DAY);
    let paused: Vec<&Value> = jobs.iter().filter(|job| job["paused"] == true).collect();
    let for_long = paused
        .iter()
        .filter(|job| job["updated_at"].as_str() < Some(day_ago.as_str()))
        .count();
    assert_eq!((paused.len(), for_long), (13, 7));
    assert_eq!(
        h.ok(&format!("/stacks/{fleet_07}")).await["name"],
        "Fleet 07"
    );

    // The same fleet again gives the same uids; no fleet is the seeded world alone.
    let again = h
        .control("/__sandbox/fleet", json!({ "stacks": 50, "jobs": 120 }))
        .await;
    assert_eq!(again["fleet_stacks"], answer["fleet_stacks"]);
    // The paused jobs' `updated_at` are relative to the seeding's second: a
    // second seeding a second later moves them by one (seen once under load).
    // Everything else is the same, and they are still paused as long.
    let without_dates = |jobs: &[Value]| -> Vec<Value> {
        jobs.iter()
            .map(|job| {
                let mut job = job.clone();
                job.as_object_mut().map(|o| o.remove("updated_at"));
                job
            })
            .collect()
    };
    let jobs_again = h.all_jobs(&fleet_07).await;
    assert_eq!(without_dates(&jobs_again), without_dates(&jobs));
    let for_long_again = jobs_again
        .iter()
        .filter(|job| job["paused"] == true)
        .filter(|job| job["updated_at"].as_str() < Some(day_ago.as_str()))
        .count();
    assert_eq!(for_long_again, 7);
    h.control("/__sandbox/fleet", json!({ "stacks": 0, "jobs": 0 }))
        .await;
    assert_eq!(uids(&h.ok("/stacks").await), seeded);

    h.control("/__sandbox/fleet", json!({ "stacks": 3, "jobs": 2 }))
        .await;
    h.control("/__sandbox/reset", json!({})).await;
    assert_eq!(uids(&h.ok("/stacks").await), seeded);
    let none = h.show("/__sandbox/fleet").await;
    assert_eq!(none["fleet"], json!({ "stacks": 0, "jobs": 0 }));
    assert_eq!(none["fleet_stacks"], json!([]));

    for bad in [
        json!({ "stacks": 50 }),
        json!({ "jobs": 120 }),
        json!({ "stacks": -1, "jobs": 1 }),
        json!({ "stacks": 501, "jobs": 1 }),
        json!({ "stacks": 1, "jobs": 1001 }),
        json!({ "stacks": 100, "jobs": 601 }),
        json!({ "stacks": 1, "jobs": 1, "names": "x" }),
        json!({ "stacks": "50", "jobs": 120 }),
    ] {
        let reply = h.control_reply("/__sandbox/fleet", bad.clone()).await;
        reply.assert_error(400, "bad_request");
        assert!(reply.text.contains("error_description"), "{bad}");
    }
}

#[tokio::test]
async fn a_fleet_given_at_start_is_what_reset_returns_to() {
    let h = Harness::with_settings(Settings {
        fleet: Fleet::new(2, 31).expect("a valid fleet"),
        ..Settings::default()
    })
    .await;
    let names = |stacks: &Value| -> Vec<String> {
        stacks
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|stack| stack["name"].as_str().map(str::to_owned))
            .collect()
    };
    let listed = names(&h.ok("/stacks").await);
    assert_eq!(listed[7..], ["Fleet 01", "Fleet 02"]);
    h.control("/__sandbox/fleet", json!({ "stacks": 0, "jobs": 0 }))
        .await;
    assert_eq!(h.ok("/stacks").await.as_array().map(Vec::len), Some(7));
    h.control("/__sandbox/reset", json!({})).await;
    assert_eq!(names(&h.ok("/stacks").await), listed);
    let fleet = h.show("/__sandbox/fleet").await;
    let second = fleet["fleet_stacks"][1]["uid"].as_str().unwrap_or_default();
    let page_2 = h.get(&format!("/stacks/{second}/jobs?page=2")).await.json();
    assert_eq!(page_2["response"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn ops_maintenance_is_last_with_jobs_paused_at_known_times() {
    let h = Harness::start().await;
    let ids = ids();
    let stacks = h.ok("/stacks").await;
    assert_eq!(stacks[6]["uid"], ids.stacks.maintenance.as_str());
    assert_eq!(stacks[6]["name"], "Ops Maintenance");
    let jobs = h.all_jobs(&ids.stacks.maintenance).await;
    assert_eq!(jobs.len(), 6);
    let now = now_unix();
    for (uid, ago) in [
        (&ids.jobs.paused_3_days, 3 * DAY + 3600),
        (&ids.jobs.paused_26_hours, 26 * 3600),
        (&ids.jobs.paused_9_days_failing, 9 * DAY),
        (&ids.jobs.paused_5_hours, 5 * 3600),
    ] {
        let job = jobs
            .iter()
            .find(|job| job["uid"] == uid.as_str())
            .unwrap_or_else(|| panic!("{uid} is on Ops Maintenance"));
        assert_eq!(job["paused"], true, "{job}");
        let near: Vec<String> = (now - ago - 5..=now - ago).map(format_utc).collect();
        let updated = job["updated_at"].as_str().unwrap_or_default().to_owned();
        assert!(near.contains(&updated), "{job}");
    }
}

#[tokio::test]
async fn jobs_change_from_outside_with_the_dates_asked_for() {
    let h = Harness::start().await;
    let job_path = format!("/stacks/{PROD}/jobs/{DB_BACKUP}");
    let before = h.ok(&job_path).await;

    // Failed: status and fails; updated_at becomes now.
    let answer = h
        .control(
            "/__sandbox/jobs",
            json!({ "stack": PROD, "job": DB_BACKUP, "status": 3, "fails": true }),
        )
        .await;
    assert_eq!(answer["position"], 1);
    assert_eq!(answer["fails"], true);
    let failed = h.ok(&job_path).await;
    assert_eq!(answer["job"], failed);
    assert_eq!(failed["status"], 3);
    assert_ne!(failed["updated_at"], before["updated_at"]);
    let run = h.post(&format!("{job_path}/run_now")).await.json();
    let action = h.finished_action(PROD, &run["response"]["id"]).await;
    assert_eq!(
        action["finished_success"], false,
        "fails: true makes runs fail"
    );

    // Paused 25 hours ago by someone else.
    h.control(
        "/__sandbox/jobs",
        json!({ "stack": PROD, "job": DB_BACKUP, "paused": true, "updated_at_offset_secs": -90_000 }),
    )
    .await;
    let paused = h.ok(&job_path).await;
    assert_eq!(paused["paused"], true);
    let at = now_unix() - 90_000;
    let near: Vec<String> = (at - 2..=at).map(format_utc).collect();
    assert!(near.contains(&paused["updated_at"].as_str().unwrap_or_default().to_owned()));

    // A rename and a cron taken away; setting what already is changes no date.
    h.control(
        "/__sandbox/jobs",
        json!({ "stack": PROD, "job": DB_BACKUP, "name": "db-backup-v2", "cron": null }),
    )
    .await;
    let renamed = h.ok(&job_path).await;
    assert_eq!(
        (&renamed["name"], &renamed["cron"]),
        (&json!("db-backup-v2"), &Value::Null)
    );
    let same = h
        .control(
            "/__sandbox/jobs",
            json!({ "stack": PROD, "job": DB_BACKUP, "paused": true }),
        )
        .await;
    assert_eq!(same["job"]["updated_at"], renamed["updated_at"]);
    // No action is recorded: the change happened outside the API.
    let actions = h.get(&format!("/stacks/{PROD}/actions")).await.json();
    assert_eq!(actions["count"], 49, "48 seeded + the one run");
}

#[tokio::test]
async fn jobs_are_added_and_removed_and_pages_move_with_them() {
    let h = Harness::start().await;
    let batch = &ids().stacks.batch;
    let last_of_page_1 = h.ok(&format!("/stacks/{batch}/jobs")).await[29].clone();

    let added = h
        .control(
            "/__sandbox/jobs",
            json!({ "stack": batch, "add": { "name": "late-arrival", "cron": "*/5 * * * *", "status": 3, "position": 1 } }),
        )
        .await;
    assert_eq!(added["position"], 1);
    assert_eq!(added["fails"], true, "status 3 fails, as in the seed");
    let job = &added["job"];
    assert_eq!(job["name"], "late-arrival");
    assert_eq!(job["type"], "DockerHostTaskJob");
    assert_eq!(job["params"], json!({ "command": "bin/late-arrival" }));
    assert_eq!(job["created_at"], job["updated_at"]);
    let uid = job["uid"].as_str().unwrap_or_default().to_owned();
    assert_eq!(uid.len(), 32);
    let page_1 = h.get(&format!("/stacks/{batch}/jobs")).await.json();
    assert_eq!(page_1["count"], 32);
    assert_eq!(page_1["response"][0], *job);
    let page_2 = h.ok(&format!("/stacks/{batch}/jobs?page=2")).await;
    assert_eq!(page_2[0], last_of_page_1, "everything moved down one place");
    assert_eq!(h.ok(&format!("/stacks/{batch}/jobs/{uid}")).await, *job);

    // Last by default; no params key when params is null; uids differ from add to add.
    let second = h
        .control(
            "/__sandbox/jobs",
            json!({ "stack": batch, "add": { "name": "bare", "type": "RakeJob", "params": null, "paused": true } }),
        )
        .await;
    assert_eq!(second["position"], 33);
    assert!(second["job"].get("params").is_none());
    assert_eq!(second["fails"], false);
    assert_ne!(second["job"]["uid"], job["uid"]);

    let removed = h
        .control("/__sandbox/jobs", json!({ "stack": batch, "remove": uid }))
        .await;
    assert_eq!(removed["position"], 1);
    assert_eq!(removed["removed"]["name"], "late-arrival");
    h.get(&format!("/stacks/{batch}/jobs/{uid}"))
        .await
        .assert_error(404, "not_found");
    h.post(&format!("/stacks/{batch}/jobs/{uid}/run_now"))
        .await
        .assert_error(404, "not_found");
    // Back to 32 jobs: job-031 starts page 2 again, the bare job after it.
    let page_2 = h.ok(&format!("/stacks/{batch}/jobs?page=2")).await;
    assert_eq!(page_2[0]["name"], "job-031");
    assert_eq!(page_2[1], second["job"]);

    // Reset brings the seeded jobs back, and the same adds give the same uids again.
    h.control("/__sandbox/reset", json!({})).await;
    assert_eq!(h.all_jobs(batch).await.len(), 31);
    let again = h
        .control(
            "/__sandbox/jobs",
            json!({ "stack": batch, "add": { "name": "late-arrival" } }),
        )
        .await;
    assert_eq!(again["job"]["uid"], uid.as_str());
}

#[tokio::test]
async fn job_control_bodies_are_checked() {
    let h = Harness::start().await;
    let bad = [
        json!({}),
        json!({ "job": DB_BACKUP, "status": 3 }),
        json!({ "stack": PROD }),
        json!({ "stack": PROD, "job": DB_BACKUP }),
        json!({ "stack": PROD, "job": DB_BACKUP, "status": "failed" }),
        json!({ "stack": PROD, "job": DB_BACKUP, "paused": "yes" }),
        json!({ "stack": PROD, "job": DB_BACKUP, "name": "" }),
        json!({ "stack": PROD, "job": DB_BACKUP, "cron": 5 }),
        json!({ "stack": PROD, "job": DB_BACKUP, "colour": "red" }),
        json!({ "stack": PROD, "job": DB_BACKUP, "updated_at_offset_secs": 1.5 }),
        json!({ "stack": PROD, "job": DB_BACKUP, "updated_at_offset_secs": 4_000_000_000_i64 }),
        json!({ "stack": PROD, "job": DB_BACKUP, "remove": DB_BACKUP }),
        json!({ "stack": PROD, "remove": DB_BACKUP, "status": 2 }),
        json!({ "stack": PROD, "add": { "name": "x" }, "paused": true }),
        json!({ "stack": PROD, "add": {} }),
        json!({ "stack": PROD, "add": { "name": "" } }),
        json!({ "stack": PROD, "add": { "name": "x", "type": "" } }),
        json!({ "stack": PROD, "add": { "name": "x", "params": [1] } }),
        json!({ "stack": PROD, "add": { "name": "x", "position": 0 } }),
        json!({ "stack": PROD, "add": { "name": "x", "position": 77 } }),
        json!({ "stack": PROD, "add": { "name": "x", "owner": "me" } }),
        json!({ "stack": PROD, "remove": 5 }),
        json!(["stack", PROD]),
    ];
    for body in bad {
        let reply = h.control_reply("/__sandbox/jobs", body.clone()).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            reply.text
        );
        reply.assert_error(400, "bad_request");
    }
    let missing = [
        json!({ "stack": "nope", "job": DB_BACKUP, "status": 3 }),
        json!({ "stack": PROD, "job": "nope", "status": 3 }),
        json!({ "stack": PROD, "remove": "nope" }),
        json!({ "stack": "nope", "add": { "name": "x" } }),
        // A job of another stack is not this stack's.
        json!({ "stack": ids().stacks.staging, "job": DB_BACKUP, "status": 3 }),
    ];
    for body in missing {
        let reply = h.control_reply("/__sandbox/jobs", body.clone()).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{body}: {}",
            reply.text
        );
        reply.assert_error(404, "not_found");
    }
    // Position 76 is just after the last of 75 jobs.
    let last = h
        .control(
            "/__sandbox/jobs",
            json!({ "stack": PROD, "add": { "name": "x", "position": 76 } }),
        )
        .await;
    assert_eq!(last["position"], 76);
    assert_eq!(
        h.ok(&format!("/stacks/{PROD}/jobs")).await[0]["uid"],
        DB_BACKUP
    );
}

#[tokio::test]
async fn a_removed_stack_leaves_the_list_and_its_jobs_answer_404() {
    let h = Harness::start().await;
    let staging = &ids().stacks.staging;
    let listed = h.show("/__sandbox/stacks").await;
    assert_eq!(listed["count"], 7);
    assert_eq!(
        listed["stacks"][1],
        json!({ "uid": staging, "name": "Acme Staging", "environment": "staging", "jobs": 30 })
    );
    let removed = h
        .control("/__sandbox/stacks", json!({ "remove": staging }))
        .await;
    assert_eq!(
        removed,
        json!({ "removed": { "uid": staging, "name": "Acme Staging" }, "position": 2, "count": 6 })
    );
    let stacks = h.get("/stacks").await.json();
    assert_eq!(stacks["count"], 6);
    assert!(!uids(&stacks["response"]).contains(staging));
    for path in [
        format!("/stacks/{staging}"),
        format!("/stacks/{staging}/jobs"),
        format!("/stacks/{staging}/jobs?page=2"),
        format!("/stacks/{staging}/actions"),
    ] {
        h.get(&path).await.assert_error(404, "not_found");
    }
    h.post(&format!("/stacks/{staging}/jobs/pause_all"))
        .await
        .assert_error(404, "not_found");
    assert_eq!(h.show("/__sandbox/stacks").await["count"], 6);

    for body in [json!({}), json!({ "remove": 1 }), json!({ "add": "x" })] {
        h.control_reply("/__sandbox/stacks", body)
            .await
            .assert_error(400, "bad_request");
    }
    h.control_reply("/__sandbox/stacks", json!({ "remove": staging }))
        .await
        .assert_error(404, "not_found");
    h.control("/__sandbox/reset", json!({})).await;
    assert_eq!(
        h.ok(&format!("/stacks/{staging}")).await["name"],
        "Acme Staging"
    );
}

#[tokio::test]
async fn the_stated_clock_dates_new_actions_and_changes_until_reset() {
    let h = Harness::start().await;
    let shown = h.show("/__sandbox/clock").await;
    assert_eq!(shown["offset_ms"], 0);
    assert!(shown["date"].as_str().is_some_and(|d| d.ends_with(" GMT")));

    // Ten days ahead, then a fast-forward of one more hour.
    let ahead = 10 * DAY * 1000;
    h.control("/__sandbox/clock", json!({ "offset_ms": ahead }))
        .await;
    let clock = h
        .control("/__sandbox/clock", json!({ "advance_ms": 3_600_000 }))
        .await;
    assert_eq!(clock["offset_ms"], ahead + 3_600_000);
    let stated = now_unix() + 10 * DAY + 3600;
    let near = |at: i64, format: fn(i64) -> String| -> Vec<String> {
        (at - 2..=at + 1).map(format).collect()
    };
    let now_ms = clock["now_ms"].as_i64().unwrap_or_default();
    assert!((now_ms / 1000 - stated).abs() <= 2, "{clock}");

    // An action started now is dated by the stated clock, and so is the job it changes.
    let run = h
        .post(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}/run_now"))
        .await
        .json();
    let started = run["response"]["started_at"].as_str().unwrap_or_default();
    assert!(
        near(stated, format_iso).contains(&started.to_owned()),
        "{run}"
    );
    let action = h.finished_action(PROD, &run["response"]["id"]).await;
    let finished = action["finished_at"].as_str().unwrap_or_default();
    assert!(finished >= started, "{action}");
    let job = h.ok(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}")).await;
    let updated = job["updated_at"].as_str().unwrap_or_default().to_owned();
    assert!(near(stated, format_utc).contains(&updated), "{job}");
    // Newest first holds: the stated-clock action tops the history.
    assert_eq!(
        h.ok(&format!("/stacks/{PROD}/actions")).await[0]["id"],
        2593
    );

    // A change from outside is dated from the stated clock too.
    let changed = h
        .control(
            "/__sandbox/jobs",
            json!({ "stack": PROD, "job": DB_BACKUP, "paused": true, "updated_at_offset_secs": -DAY }),
        )
        .await;
    let updated = changed["job"]["updated_at"].as_str().unwrap_or_default();
    assert!(near(stated - DAY, format_utc).contains(&updated.to_owned()));

    // Seeding again (the fleet control) dates the seed's relative times by the stated clock.
    h.control("/__sandbox/fleet", json!({ "stacks": 0, "jobs": 0 }))
        .await;
    let maintenance = &ids().stacks.maintenance;
    let vacuum = h
        .ok(&format!(
            "/stacks/{maintenance}/jobs/{}",
            ids().jobs.paused_3_days
        ))
        .await;
    let updated = vacuum["updated_at"].as_str().unwrap_or_default().to_owned();
    assert!(
        near(stated - 3 * DAY - 3600, format_utc).contains(&updated),
        "{vacuum}"
    );
    let history = h.ok(&format!("/stacks/{PROD}/actions")).await;
    let newest = history[0]["started_at"].as_str().unwrap_or_default();
    assert!(newest > format_iso(stated - 3600).as_str(), "{newest}");

    for bad in [
        json!({}),
        json!({ "offset_ms": 1, "advance_ms": 1 }),
        json!({ "offset_ms": "1" }),
        json!({ "offset_ms": 1.5 }),
        json!({ "offset_ms": 4_000_000_000_000_i64 }),
        json!({ "advance_ms": i64::MAX }),
        json!({ "offset": 1 }),
    ] {
        h.control_reply("/__sandbox/clock", bad.clone())
            .await
            .assert_error(400, "bad_request");
    }
    assert_eq!(
        h.show("/__sandbox/clock").await["offset_ms"],
        ahead + 3_600_000
    );

    h.control("/__sandbox/reset", json!({})).await;
    assert_eq!(h.show("/__sandbox/clock").await["offset_ms"], 0);
    let date = h
        .get("/stacks")
        .await
        .header("date")
        .unwrap_or_default()
        .to_owned();
    let real = now_unix();
    let near_real: Vec<String> = (real - 2..=real + 1)
        .map(jobdeck_sandbox::clock::format_http_date)
        .collect();
    assert!(near_real.contains(&date), "{date}");
}
