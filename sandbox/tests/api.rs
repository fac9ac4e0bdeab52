//! The documented endpoints over HTTP: envelopes, pagination, errors and async actions.

mod common;

use std::time::{Duration, Instant};

use common::{Harness, DB_BACKUP, PIES, PROD, TOKEN};
use jobdeck_sandbox::Config;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn names(jobs: &Value) -> Vec<String> {
    jobs.as_array()
        .into_iter()
        .flatten()
        .map(|job| job["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn is_utc_date(text: &Value) -> bool {
    let text = text.as_str().unwrap_or_default();
    let bytes = text.as_bytes();
    text.len() == 23
        && text.ends_with(" UTC")
        && bytes[4] == b'-'
        && bytes[10] == b' '
        && bytes[13] == b':'
}

fn is_iso_date(text: &Value) -> bool {
    let text = text.as_str().unwrap_or_default();
    text.len() == 20 && text.as_bytes()[10] == b'T' && text.ends_with('Z')
}

#[tokio::test]
async fn ping_needs_no_token_and_ping_auth_checks_it() {
    let h = Harness::start().await;
    for path in ["/ping", "/ping.json"] {
        let reply = h.request(Method::GET, h.api(path)).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.json(), json!({ "response": { "ok": true } }));
        assert_eq!(reply.quota(), (Some(3600), Some(3600)));
    }
    for path in ["/ping/auth", "/ping/auth.json"] {
        h.request(Method::GET, h.api(path))
            .await
            .assert_error(401, "unauthenticated");
        let reply = h.get(path).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.json()["response"]["ok"], true);
    }
}

#[tokio::test]
async fn stacks_list_and_get() {
    let h = Harness::start().await;
    for path in ["/stacks", "/stacks.json", "/stacks?page=1"] {
        let body = h.get(path).await.json();
        assert_eq!(
            names(&body["response"]),
            [
                "Acme Production",
                "Acme Staging",
                "Batch Workers",
                "Docs Sample",
                "Empty Playground",
                "Big Batch",
                "Ops Maintenance"
            ]
        );
        assert_eq!(body["count"], 7);
        assert_eq!(
            body["pagination"],
            json!({ "previous": null, "next": null, "current": 1, "per_page": 30, "count": 7, "pages": 1 })
        );
    }
    for path in [format!("/stacks/{PROD}"), format!("/stacks/{PROD}.json")] {
        let reply = h.get(&path).await;
        let body = reply.json();
        assert!(body.get("count").is_none() && body.get("pagination").is_none());
        let stack = &body["response"];
        assert_eq!(stack["uid"], PROD);
        assert_eq!(stack["name"], "Acme Production");
        assert_eq!(stack["environment"], "production");
        assert!(is_utc_date(&stack["created_at"]), "{stack}");
        assert!(is_utc_date(&stack["last_activity"]), "{stack}");
    }
}

#[tokio::test]
async fn acme_production_has_three_pages_with_the_hard_cases_on_top() {
    let h = Harness::start().await;
    let page1 = h.get(&format!("/stacks/{PROD}/jobs")).await.json();
    let jobs = &page1["response"];
    assert_eq!(jobs.as_array().map(Vec::len), Some(30));
    assert_eq!(page1["count"], 75);
    assert_eq!(
        page1["pagination"],
        json!({ "previous": null, "next": 2, "current": 1, "per_page": 30, "count": 75, "pages": 3 })
    );
    assert_eq!(
        names(jobs)[..11],
        [
            "db-backup",
            "report-that-fails",
            "cache-warmup",
            "<img src=x onerror=alert(1)>",
            "on-demand-cleanup",
            "k8s-log-rotate",
            "mystery-status",
            "no-params",
            "🧹 sweep \"temp\" files",
            "it's a \"quoted\" job",
            &names(jobs)[10],
        ]
    );
    assert!(names(jobs)[10].chars().count() >= 200);
    assert!(
        jobs[10]["params"]["task"]
            .as_str()
            .unwrap_or_default()
            .len()
            >= 500
    );
    assert_eq!(
        jobs[0],
        json!({
            "uid": DB_BACKUP, "name": "db-backup", "type": "DockerHostTaskJob",
            "cron": "0 3 * * *", "status": 2, "paused": false,
            "params": { "command": "pg_dump -Fc app > /backups/app.dump" },
            "created_at": jobs[0]["created_at"], "updated_at": jobs[0]["updated_at"],
        })
    );
    assert!(is_utc_date(&jobs[0]["created_at"]) && is_utc_date(&jobs[0]["updated_at"]));
    assert_eq!(jobs[1]["type"], "RakeJob");
    assert_eq!(jobs[1]["params"], json!({ "task": "reports:nightly" }));
    assert_eq!(jobs[2]["type"], "DockerServiceTaskJob");
    assert_eq!(jobs[2]["paused"], true);
    assert_eq!(
        jobs[2]["params"],
        json!({ "task": "bin/warm", "service_name": "web", "private_ip": "10.0.0.5" })
    );
    assert!(jobs[4]["cron"].is_null());
    assert_eq!(jobs[5]["type"], "KubernetesCronJob");
    assert_eq!(
        jobs[5]["params"],
        json!({ "namespace": "jobs", "image": "busybox" })
    );
    assert_eq!(jobs[6]["status"], 7);
    assert!(jobs[7].get("params").is_none(), "{}", jobs[7]);
    let statuses: Vec<i64> = jobs
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|j| j["status"].as_i64())
        .collect();
    for status in 0..=3 {
        assert!(
            statuses.contains(&status),
            "status {status} missing on page 1"
        );
    }

    let page2 = h
        .get(&format!("/stacks/{PROD}/jobs.json?page=2"))
        .await
        .json();
    assert_eq!(names(&page2["response"]).len(), 30);
    assert_eq!(names(&page2["response"])[0], "job-031");
    assert_eq!(
        page2["pagination"],
        json!({ "previous": 1, "next": 3, "current": 2, "per_page": 30, "count": 75, "pages": 3 })
    );
    let page3 = h.get(&format!("/stacks/{PROD}/jobs?page=3")).await.json();
    let last = names(&page3["response"]);
    assert_eq!((last.len(), last[14].as_str()), (15, "job-075"));
    assert_eq!(
        page3["pagination"],
        json!({ "previous": 2, "next": null, "current": 3, "per_page": 30, "count": 75, "pages": 3 })
    );
    // Past the end: an empty page that points back at the last one.
    let page4 = h.get(&format!("/stacks/{PROD}/jobs?page=4")).await.json();
    assert_eq!(page4["response"], json!([]));
    assert_eq!(page4["count"], 75);
    assert_eq!(
        page4["pagination"],
        json!({ "previous": 3, "next": null, "current": 4, "per_page": 30, "count": 75, "pages": 3 })
    );
}

#[tokio::test]
async fn staging_has_one_full_page_and_empty_playground_none() {
    let h = Harness::start().await;
    let staging = h.stack_uid("Acme Staging").await;
    let body = h
        .get(&format!("/stacks/{staging}/jobs?page=1"))
        .await
        .json();
    assert_eq!(names(&body["response"]).len(), 30);
    assert_eq!(body["count"], 30);
    assert_eq!(
        body["pagination"],
        json!({ "previous": null, "next": null, "current": 1, "per_page": 30, "count": 30, "pages": 1 })
    );
    let empty = h.stack_uid("Empty Playground").await;
    let body = h
        .get(&format!("/stacks/{empty}/jobs.json?page=1"))
        .await
        .json();
    assert_eq!(
        body,
        json!({
            "response": [],
            "count": 0,
            "pagination": { "previous": null, "next": null, "current": 1, "per_page": 30, "count": 0, "pages": 1 }
        })
    );
}

#[tokio::test]
async fn docs_sample_is_exactly_the_seed_sample() {
    let h = Harness::start().await;
    let docs = h.stack_uid("Docs Sample").await;
    let reply = h.get(&format!("/stacks/{docs}/jobs.json")).await;
    assert_eq!(reply.header("content-type"), Some("application/json"));
    // The documented sample, exactly: the same file the app's own tests read.
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/fixtures/seed-jobs-list.json")).unwrap();
    assert_eq!(reply.json(), expected);
    let pies = h.ok(&format!("/stacks/{docs}/jobs/{PIES}")).await;
    assert_eq!(pies, expected["response"][0]);
}

#[tokio::test]
async fn get_one_job_with_and_without_json_suffix() {
    let h = Harness::start().await;
    for path in [
        format!("/stacks/{PROD}/jobs/{DB_BACKUP}"),
        format!("/stacks/{PROD}/jobs/{DB_BACKUP}.json"),
    ] {
        let reply = h.get(&path).await;
        let body = reply.json();
        assert!(body.get("pagination").is_none());
        assert_eq!(body["response"]["name"], "db-backup");
        assert_eq!(body["response"]["cron"], "0 3 * * *");
    }
}

#[tokio::test]
async fn unknown_things_are_404_not_found() {
    let h = Harness::start().await;
    let docs = h.stack_uid("Docs Sample").await;
    let missing_stack = "00000000000000000000000000000000";
    let paths = [
        format!("/stacks/{missing_stack}"),
        format!("/stacks/{missing_stack}.json"),
        format!("/stacks/{missing_stack}/jobs"),
        format!("/stacks/{missing_stack}/actions"),
        format!("/stacks/{PROD}/jobs/{missing_stack}"),
        // A real job, asked for under the wrong stack.
        format!("/stacks/{docs}/jobs/{DB_BACKUP}"),
        format!("/stacks/{PROD}/actions/999999"),
        format!("/stacks/{PROD}/actions/abc"),
        format!("/stacks/{docs}/actions/2590"),
        "/nothing/here".to_owned(),
        "/stacks/a/b/c/d/e".to_owned(),
        // run_now exists, but only as POST.
        format!("/stacks/{PROD}/jobs/{DB_BACKUP}/run_now"),
    ];
    for path in &paths {
        let reply = h.get(path).await;
        reply.assert_error(404, "not_found");
        assert!(reply.quota().1.is_some(), "{path}: quota headers on errors");
    }
    for path in [
        format!("/stacks/{missing_stack}/jobs/{DB_BACKUP}/run_now"),
        format!("/stacks/{PROD}/jobs/{missing_stack}/pause"),
        format!("/stacks/{PROD}/jobs/{missing_stack}/unpause.json"),
        format!("/stacks/{missing_stack}/jobs/pause_all"),
        format!("/stacks/{missing_stack}/jobs/unpause_all"),
        format!("/stacks/{PROD}"),
    ] {
        h.post(&path).await.assert_error(404, "not_found");
    }
    let outside = h.request(Method::GET, h.root("/elsewhere")).await;
    outside.assert_error(404, "not_found");
}

#[tokio::test]
async fn a_page_that_is_not_a_positive_integer_is_400_bad_request() {
    let h = Harness::start().await;
    for query in ["page=0", "page=-1", "page=abc", "page=", "page=2.5"] {
        for path in [
            format!("/stacks?{query}"),
            format!("/stacks/{PROD}/jobs?{query}"),
            format!("/stacks/{PROD}/jobs.json?{query}"),
            format!("/stacks/{PROD}/actions?{query}"),
        ] {
            h.get(&path).await.assert_error(400, "bad_request");
        }
    }
}

#[tokio::test]
async fn the_largest_page_number_is_an_empty_page_past_the_end() {
    let h = Harness::start().await;
    let max = u64::MAX;
    for path in [
        format!("/stacks?page={max}"),
        format!("/stacks/{PROD}/jobs?page={max}"),
        format!("/stacks/{PROD}/actions?page={max}"),
    ] {
        let reply = h.get(&path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
        let body = reply.json();
        assert_eq!(body["response"], json!([]), "{path}");
        assert_eq!(body["pagination"]["current"], max, "{path}");
        assert!(body["pagination"]["next"].is_null(), "{path}");
    }
    // Past u64, it is not a number the sandbox can page to.
    h.get(&format!("/stacks?page={max}0"))
        .await
        .assert_error(400, "bad_request");
}

#[tokio::test]
async fn requests_without_a_valid_bearer_token_are_401() {
    let h = Harness::start().await;
    let url = h.api(&format!("/stacks/{PROD}/jobs"));
    let attempts = [
        h.client.get(&url),
        h.client.get(&url).bearer_auth("wrong-token"),
        h.client
            .get(&url)
            .header("Authorization", format!("Basic {TOKEN}")),
        h.client.get(&url).header("Authorization", TOKEN),
        h.client
            .post(h.api(&format!("/stacks/{PROD}/jobs/pause_all"))),
        h.client.get(h.api("/no/such/route")),
    ];
    for attempt in attempts {
        let reply = h.send(attempt).await;
        reply.assert_error(401, "unauthenticated");
        assert_eq!(reply.quota(), (Some(3600), Some(3600)));
    }
    // None of those touched the quota.
    assert_eq!(h.get("/stacks").await.quota(), (Some(3600), Some(3599)));
}

#[tokio::test]
async fn run_now_answers_with_an_action_that_finishes_later() {
    let h = Harness::with_config(Config {
        action_delay: Duration::from_millis(400),
        ..Config::default()
    })
    .await;
    let posted_at = Instant::now();
    let reply = h
        .send(
            h.client
                .post(h.api(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}/run_now.json")))
                .bearer_auth(TOKEN)
                .json(&json!({ "job_args": "a b" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let action = reply.json()["response"].clone();
    assert_eq!(
        action,
        json!({
            "id": 2593, "user": "dev@example.com", "resource_type": "stack",
            "action": "job_run_now", "resource_id": "1602", "started_via": "api",
            "started_at": action["started_at"], "finished_at": null, "finished_success": null,
            "finished_message": null, "finished_result": null, "metadata": {}
        })
    );
    assert!(is_iso_date(&action["started_at"]), "{action}");
    // Started at once; still unfinished right after.
    let job = h.ok(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}")).await;
    assert_eq!(job["status"], 1);
    let early = h.ok(&format!("/stacks/{PROD}/actions/2593")).await;
    if posted_at.elapsed() < Duration::from_millis(350) {
        assert!(early["finished_at"].is_null(), "{early}");
    }

    let done = h.finished_action(PROD, &action["id"]).await;
    assert!(posted_at.elapsed() >= Duration::from_millis(400));
    assert_eq!(done["finished_success"], true);
    assert_eq!(
        done["finished_message"],
        "Job \"db-backup\" ran with arguments: a b"
    );
    assert!(is_iso_date(&done["finished_at"]), "{done}");
    assert!(done["finished_result"].is_null());
    let job = h.ok(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}")).await;
    assert_eq!(job["status"], 2);
}

#[tokio::test]
async fn run_now_reads_job_args_from_json_form_or_query() {
    let h = Harness::start().await;
    let run_now = h.api(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}/run_now"));
    let requests = [
        (
            h.client
                .post(&run_now)
                .json(&json!({ "job_args": "json-arg \"q\"" })),
            "json-arg \"q\"",
        ),
        (
            h.client
                .post(&run_now)
                .form(&[("job_args", "form arg&more")]),
            "form arg&more",
        ),
        (
            h.client.post(&run_now).query(&[("job_args", "query 1 2")]),
            "query 1 2",
        ),
    ];
    for (request, args) in requests {
        let reply = h.send(request.bearer_auth(TOKEN)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let done = h
            .finished_action(PROD, &reply.json()["response"]["id"])
            .await;
        assert_eq!(
            done["finished_message"],
            format!("Job \"db-backup\" ran with arguments: {args}")
        );
    }
    let plain = h
        .post(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}/run_now"))
        .await;
    let done = h
        .finished_action(PROD, &plain.json()["response"]["id"])
        .await;
    assert_eq!(
        done["finished_message"],
        "Job \"db-backup\" ran with no arguments"
    );

    let bad = h
        .send(
            h.client
                .post(&run_now)
                .bearer_auth(TOKEN)
                .header("content-type", "application/json")
                .body("{not json"),
        )
        .await;
    bad.assert_error(400, "bad_request");
}

#[tokio::test]
async fn a_json_body_that_is_not_an_object_is_400_and_runs_nothing() {
    let h = Harness::start().await;
    let run_now = h.api(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}/run_now"));
    let before = h.get(&format!("/stacks/{PROD}/actions")).await.json()["count"].clone();
    for body in [json!(["a b"]), json!("a b"), json!(null)] {
        let reply = h
            .send(h.client.post(&run_now).bearer_auth(TOKEN).json(&body))
            .await;
        reply.assert_error(400, "bad_request");
    }
    let untyped = h
        .send(h.client.post(&run_now).bearer_auth(TOKEN).body(r#"["a"]"#))
        .await;
    untyped.assert_error(400, "bad_request");
    let after = h.get(&format!("/stacks/{PROD}/actions")).await.json()["count"].clone();
    assert_eq!(before, after, "no action was started");
    let job = h.ok(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}")).await;
    assert_eq!(job["status"], 2);
}

#[tokio::test]
async fn a_failing_job_fails_and_a_paused_job_still_runs() {
    let h = Harness::start().await;
    let jobs = h.ok(&format!("/stacks/{PROD}/jobs")).await;
    let failing = jobs[1]["uid"].as_str().unwrap_or_default().to_owned();
    let paused = jobs[2]["uid"].as_str().unwrap_or_default().to_owned();

    let reply = h
        .send(
            h.client
                .post(h.api(&format!("/stacks/{PROD}/jobs/{failing}/run_now")))
                .bearer_auth(TOKEN)
                .json(&json!({ "job_args": "x" })),
        )
        .await;
    let done = h
        .finished_action(PROD, &reply.json()["response"]["id"])
        .await;
    assert_eq!(done["finished_success"], false);
    assert_eq!(
        done["finished_message"],
        "Job \"report-that-fails\" exited with status 1 (arguments: x)"
    );
    assert_eq!(
        h.ok(&format!("/stacks/{PROD}/jobs/{failing}")).await["status"],
        3
    );

    let reply = h
        .post(&format!("/stacks/{PROD}/jobs/{paused}/run_now"))
        .await;
    let done = h
        .finished_action(PROD, &reply.json()["response"]["id"])
        .await;
    assert_eq!(done["finished_success"], true);
    let job = h.ok(&format!("/stacks/{PROD}/jobs/{paused}")).await;
    assert_eq!(
        (job["status"].as_i64(), job["paused"].as_bool()),
        (Some(2), Some(true))
    );
}

#[tokio::test]
async fn pause_and_unpause_flip_paused_after_the_delay() {
    let h = Harness::start().await;
    let cache_warmup = h.ok(&format!("/stacks/{PROD}/jobs")).await[2]["uid"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let before = h.ok(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}")).await;

    let pause = h
        .post(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}/pause.json"))
        .await;
    let action = pause.json()["response"].clone();
    assert_eq!(action["action"], "job_pause_handler");
    assert!(action["finished_at"].is_null());
    let done = h.finished_action(PROD, &action["id"]).await;
    assert_eq!(done["finished_success"], true);
    assert_eq!(done["finished_message"], "Job \"db-backup\" paused");
    let after = h.ok(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}")).await;
    assert_eq!(after["paused"], true);
    assert_ne!(after["updated_at"], before["updated_at"]);
    assert!(is_utc_date(&after["updated_at"]));

    let unpause = h
        .post(&format!("/stacks/{PROD}/jobs/{cache_warmup}/unpause"))
        .await;
    let action = unpause.json()["response"].clone();
    assert_eq!(action["action"], "job_unpause_handler");
    let done = h.finished_action(PROD, &action["id"]).await;
    assert_eq!(done["finished_message"], "Job \"cache-warmup\" unpaused");
    assert_eq!(
        h.ok(&format!("/stacks/{PROD}/jobs/{cache_warmup}")).await["paused"],
        false
    );
}

#[tokio::test]
async fn pause_all_and_unpause_all_act_on_every_job_of_the_stack() {
    let h = Harness::start().await;
    let staging = h.stack_uid("Acme Staging").await;
    let reply = h.post(&format!("/stacks/{PROD}/jobs/pause_all")).await;
    let action = reply.json()["response"].clone();
    assert_eq!(action["action"], "jobs_pause_all");
    let done = h.finished_action(PROD, &action["id"]).await;
    assert_eq!(
        done["finished_message"],
        "Paused all 75 jobs of stack \"Acme Production\""
    );
    let jobs = h.all_jobs(PROD).await;
    assert_eq!(jobs.len(), 75);
    assert!(jobs.iter().all(|job| job["paused"] == true));
    // Other stacks are left alone.
    assert!(h
        .all_jobs(&staging)
        .await
        .iter()
        .any(|job| job["paused"] == false));

    let reply = h
        .post(&format!("/stacks/{PROD}/jobs/unpause_all.json"))
        .await;
    let action = reply.json()["response"].clone();
    assert_eq!(action["action"], "jobs_unpause_all");
    h.finished_action(PROD, &action["id"]).await;
    assert!(h
        .all_jobs(PROD)
        .await
        .iter()
        .all(|job| job["paused"] == false));
}

#[tokio::test]
async fn actions_are_listed_newest_first_in_pages_of_30() {
    let h = Harness::start().await;
    let seeded = h.get(&format!("/stacks/{PROD}/actions")).await.json();
    assert_eq!(seeded["count"], 48);
    let ids: Vec<i64> = seeded["response"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["id"].as_i64())
        .collect();
    assert_eq!(ids, (2563..=2592).rev().collect::<Vec<i64>>());
    assert!(seeded["response"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|a| is_iso_date(&a["started_at"])));

    let empty = h.stack_uid("Empty Playground").await;
    for _ in 0..31 {
        let reply = h.post(&format!("/stacks/{empty}/jobs/pause_all")).await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let page1 = h.get(&format!("/stacks/{empty}/actions.json")).await.json();
    assert_eq!(page1["count"], 31);
    assert_eq!(
        page1["pagination"],
        json!({ "previous": null, "next": 2, "current": 1, "per_page": 30, "count": 31, "pages": 2 })
    );
    let ids: Vec<i64> = page1["response"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["id"].as_i64())
        .collect();
    assert_eq!(ids.len(), 30);
    assert_eq!((ids[0], ids[29]), (2593 + 30, 2594));
    assert_eq!(page1["response"][0]["resource_id"], "1606");
    let page2 = h
        .get(&format!("/stacks/{empty}/actions?page=2"))
        .await
        .json();
    assert_eq!(page2["response"][0]["id"], 2593);
    // Other stacks' actions stay out of the list.
    assert_eq!(
        h.get(&format!("/stacks/{PROD}/actions")).await.json()["count"],
        48
    );
    let one = h
        .get(&format!("/stacks/{empty}/actions/2593.json"))
        .await
        .json();
    assert_eq!(one["response"]["id"], 2593);
    assert!(one.get("pagination").is_none());
}

#[tokio::test]
async fn acme_production_has_a_two_page_history_with_running_actions() {
    let h = Harness::start().await;
    let page2 = h
        .get(&format!("/stacks/{PROD}/actions?page=2"))
        .await
        .json();
    assert_eq!(
        page2["pagination"],
        json!({ "previous": 1, "next": null, "current": 2, "per_page": 30, "count": 48, "pages": 2 })
    );
    let oldest = page2["response"].as_array().cloned().unwrap_or_default();
    assert_eq!(oldest.len(), 18);
    assert_eq!(oldest[17]["id"], 2545);
    let page1 = h.ok(&format!("/stacks/{PROD}/actions")).await;
    let running: Vec<&Value> = page1
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["finished_at"].is_null())
        .collect();
    let running_ids: Vec<&Value> = running.iter().map(|a| &a["id"]).collect();
    assert_eq!(running_ids, [&json!(2589), &json!(2588)]);
    assert!(running
        .iter()
        .all(|a| a["finished_success"].is_null() && a["finished_message"].is_null()));
    let sample = h.ok(&format!("/stacks/{PROD}/actions/2591")).await;
    assert_eq!(sample["finished_success"], false);
    assert_eq!(
        sample["finished_message"],
        "Job \"report-that-fails\" exited with status 1"
    );
    // A new action is the newest of all.
    h.post(&format!("/stacks/{PROD}/jobs/{DB_BACKUP}/pause"))
        .await;
    let page1 = h.ok(&format!("/stacks/{PROD}/actions")).await;
    assert_eq!(page1[0]["id"], 2593);
    assert_eq!(page1[1]["id"], 2592);
}

#[tokio::test]
async fn big_batch_has_eight_pages_and_seed_ids_name_real_things() {
    let h = Harness::start().await;
    let ids = jobdeck_sandbox::seed::ids();
    assert_eq!(
        (
            ids.stacks.production.as_str(),
            ids.jobs.db_backup.as_str(),
            ids.jobs.pies.as_str()
        ),
        (PROD, DB_BACKUP, PIES)
    );
    let big = &ids.stacks.big_batch;
    assert_eq!(h.stack_uid("Big Batch").await, *big);
    let page8 = h.get(&format!("/stacks/{big}/jobs?page=8")).await.json();
    assert_eq!(
        page8["pagination"],
        json!({ "previous": 7, "next": null, "current": 8, "per_page": 30, "count": 240, "pages": 8 })
    );
    assert_eq!(h.all_jobs(big).await.len(), 240);
    let never = h
        .ok(&format!("/stacks/{PROD}/jobs/{}", ids.jobs.cron_never))
        .await;
    assert_eq!(
        (never["name"].as_str(), never["cron"].as_str()),
        (Some("job-029"), Some("0 0 31 2 *"))
    );
}
