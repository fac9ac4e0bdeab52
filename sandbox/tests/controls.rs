//! Rate limit, CORS, tokens and the `/__sandbox` controls over HTTP, plus the binary itself.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Harness, DB_BACKUP, PROD, TOKEN};
use jobdeck_sandbox::{Config, Settings};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn jobs_path() -> String {
    format!("/stacks/{PROD}/jobs")
}

#[tokio::test]
async fn the_rate_limit_throttles_until_the_window_resets() {
    let h = Harness::with_config(Config {
        rate_limit: 3,
        window: Duration::from_secs(1),
        ..Config::default()
    })
    .await;
    let started = Instant::now();
    for remaining in [2, 1, 0] {
        let reply = h.get(&jobs_path()).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.quota(), (Some(3), Some(remaining)));
    }
    let throttled = h.get(&jobs_path()).await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "too slow to test the window"
    );
    throttled.assert_error(503, "throttled");
    assert_eq!(throttled.quota(), (Some(3), Some(0)));
    // Throttled whatever the route, errors included.
    h.get("/nowhere").await.assert_error(503, "throttled");

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let again = h.get(&jobs_path()).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.quota(), (Some(3), Some(2)));
}

#[tokio::test]
async fn each_token_has_its_own_quota() {
    let h = Harness::with_settings(Settings {
        tokens: vec!["first".to_owned(), "second".to_owned()],
        config: Config {
            rate_limit: 1,
            ..Config::default()
        },
        ..Settings::default()
    })
    .await;
    let url = h.api("/stacks");
    let ok = h.send(h.client.get(&url).bearer_auth("first")).await;
    assert_eq!(ok.quota(), (Some(1), Some(0)));
    let throttled = h.send(h.client.get(&url).bearer_auth("first")).await;
    throttled.assert_error(503, "throttled");
    let other = h.send(h.client.get(&url).bearer_auth("second")).await;
    assert_eq!(other.status, StatusCode::OK);
    // The default token was replaced by the two given.
    h.get("/stacks").await.assert_error(401, "unauthenticated");
}

#[tokio::test]
async fn config_changes_the_limit_at_run_time_and_restarts_windows() {
    let h = Harness::start().await;
    assert_eq!(h.get("/stacks").await.quota(), (Some(3600), Some(3599)));
    let config = h
        .control(
            "/__sandbox/config",
            json!({ "rate_limit": 2, "window_secs": 60, "action_delay_ms": 0 }),
        )
        .await;
    assert_eq!(
        config,
        json!({ "rate_limit": 2, "window_secs": 60, "action_delay_ms": 0, "latency_ms": 0 })
    );
    assert_eq!(h.get("/stacks").await.quota(), (Some(2), Some(1)));
    assert_eq!(h.get("/stacks").await.quota(), (Some(2), Some(0)));
    h.get("/stacks").await.assert_error(503, "throttled");
    let shown = h.request(Method::GET, h.root("/__sandbox/config")).await;
    assert_eq!(shown.json()["rate_limit"], 2);

    let bad = h
        .send(
            h.client
                .post(h.root("/__sandbox/config"))
                .json(&json!({ "window_secs": 0 })),
        )
        .await;
    bad.assert_error(400, "bad_request");
    let unknown = h
        .send(
            h.client
                .post(h.root("/__sandbox/config"))
                .json(&json!({ "speed": 1 })),
        )
        .await;
    unknown.assert_error(400, "bad_request");
}

#[tokio::test]
async fn cors_lets_any_origin_read_the_quota_headers() {
    let h = Harness::start().await;
    let reply = h
        .send(
            h.client
                .get(h.api(&jobs_path()))
                .bearer_auth(TOKEN)
                .header("Origin", "http://localhost:8080"),
        )
        .await;
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let exposed = reply
        .header("access-control-expose-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(exposed.contains("x-ratelimit-limit") && exposed.contains("x-ratelimit-remaining"));

    // Errors carry CORS headers too, or a browser could not read them.
    let unauthenticated = h
        .send(
            h.client
                .get(h.api("/stacks"))
                .header("Origin", "http://localhost:8080"),
        )
        .await;
    assert_eq!(unauthenticated.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        unauthenticated.header("access-control-allow-origin"),
        Some("*")
    );

    let preflight = h
        .send(
            h.client
                .request(
                    Method::OPTIONS,
                    h.api(&format!("{}/{DB_BACKUP}/run_now", jobs_path())),
                )
                .header("Origin", "http://localhost:8080")
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "authorization,content-type",
                ),
        )
        .await;
    assert_eq!(preflight.status, StatusCode::OK);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    let headers = preflight
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(
        headers.contains("authorization") && headers.contains("content-type"),
        "{headers}"
    );
    let methods = preflight
        .header("access-control-allow-methods")
        .unwrap_or_default();
    assert!(
        methods.contains("GET") && methods.contains("POST"),
        "{methods}"
    );

    let admin_preflight = h
        .send(
            h.client
                .request(Method::OPTIONS, h.root("/__sandbox/faults"))
                .header("Origin", "http://localhost:8080")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"),
        )
        .await;
    assert_eq!(admin_preflight.status, StatusCode::OK);
    assert!(admin_preflight
        .header("access-control-allow-origin")
        .is_some());
}

#[tokio::test]
async fn a_revoked_token_gets_401_until_reset() {
    let h = Harness::with_settings(Settings {
        tokens: vec![TOKEN.to_owned(), "spare".to_owned()],
        ..Settings::default()
    })
    .await;
    assert_eq!(h.get("/ping/auth").await.status, StatusCode::OK);
    let answer = h
        .control("/__sandbox/revoke", json!({ "token": TOKEN }))
        .await;
    assert_eq!(answer, json!({ "revoked": true }));
    let reply = h.get("/ping/auth").await;
    reply.assert_error(401, "unauthenticated");
    assert!(reply.json()["error_description"]
        .as_str()
        .unwrap_or_default()
        .contains("revoked"));
    h.get("/stacks").await.assert_error(401, "unauthenticated");
    let spare = h
        .send(h.client.get(h.api("/stacks")).bearer_auth("spare"))
        .await;
    assert_eq!(spare.status, StatusCode::OK);
    let again = h
        .control("/__sandbox/revoke", json!({ "token": TOKEN }))
        .await;
    assert_eq!(again, json!({ "revoked": false }));

    h.control("/__sandbox/reset", json!({})).await;
    assert_eq!(h.get("/ping/auth").await.status, StatusCode::OK);
}

#[tokio::test]
async fn reset_restores_data_config_faults_latency_windows_and_stats() {
    let h = Harness::start().await;
    let reply = h.post(&format!("{}/{DB_BACKUP}/pause", jobs_path())).await;
    h.finished_action(PROD, &reply.json()["response"]["id"])
        .await;
    assert_eq!(
        h.ok(&format!("{}/{DB_BACKUP}", jobs_path())).await["paused"],
        true
    );
    h.control("/__sandbox/config", json!({ "rate_limit": 100 }))
        .await;
    h.control("/__sandbox/latency", json!({ "ms": 200 })).await;
    h.control("/__sandbox/faults", json!({ "kind": "502", "count": 5 }))
        .await;

    let answer = h.control("/__sandbox/reset", json!({})).await;
    assert_eq!(answer, json!({ "reset": true }));
    let stats = h
        .request(Method::GET, h.root("/__sandbox/stats"))
        .await
        .json();
    assert_eq!(
        stats,
        json!({ "total": 0, "preflight": 0, "routes": {}, "paths": {} })
    );
    let faults = h
        .request(Method::GET, h.root("/__sandbox/faults"))
        .await
        .json();
    assert_eq!(faults, json!({ "pending": [] }));

    let started = Instant::now();
    let job = h.get(&format!("{}/{DB_BACKUP}", jobs_path())).await;
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "latency survived the reset"
    );
    assert_eq!(job.json()["response"]["paused"], false);
    assert_eq!(job.quota(), (Some(3600), Some(3599)));
    let actions = h.get(&format!("/stacks/{PROD}/actions")).await.json();
    assert_eq!(actions["count"], 48);
    let next = h
        .post(&format!("{}/{DB_BACKUP}/unpause", jobs_path()))
        .await;
    assert_eq!(next.json()["response"]["id"], 2593);
}

#[tokio::test]
async fn stats_count_requests_by_route_and_preflights_apart() {
    let h = Harness::start().await;
    let docs = h.stack_uid("Docs Sample").await;
    h.get(&jobs_path()).await;
    h.get(&format!("/stacks/{docs}/jobs.json?page=1")).await;
    h.get(&format!("{}/{DB_BACKUP}", jobs_path())).await;
    h.post(&format!("{}/{DB_BACKUP}/run_now", jobs_path()))
        .await;
    h.post(&format!("{}/pause_all", jobs_path())).await;
    h.get(&format!("/stacks/{PROD}/actions/2590")).await;
    h.request(Method::GET, h.api("/ping")).await;
    h.send(
        h.client
            .request(Method::OPTIONS, h.api(&jobs_path()))
            .header("Origin", "http://x")
            .header("Access-Control-Request-Method", "GET"),
    )
    .await;
    let stats = h
        .request(Method::GET, h.root("/__sandbox/stats"))
        .await
        .json();
    assert_eq!(
        stats,
        json!({
            "total": 8,
            "preflight": 1,
            "routes": {
                "GET /stacks": 1,
                "GET /stacks/{stack}/jobs": 2,
                "GET /stacks/{stack}/jobs/{job}": 1,
                "POST /stacks/{stack}/jobs/{job}/run_now": 1,
                "POST /stacks/{stack}/jobs/pause_all": 1,
                "GET /stacks/{stack}/actions/{id}": 1,
                "GET /ping": 1,
            },
            // The same requests by path: no `?page` is page 1, and `.json` is gone.
            "paths": {
                "GET /stacks?page=1": 1,
                format!("GET /stacks/{PROD}/jobs?page=1"): 1,
                format!("GET /stacks/{docs}/jobs?page=1"): 1,
                format!("GET /stacks/{PROD}/jobs/{DB_BACKUP}"): 1,
                format!("POST /stacks/{PROD}/jobs/{DB_BACKUP}/run_now"): 1,
                format!("POST /stacks/{PROD}/jobs/pause_all"): 1,
                format!("GET /stacks/{PROD}/actions/2590"): 1,
                "GET /ping": 1,
            }
        })
    );
    let Harness { sandbox, client } = h;
    let addr = sandbox.addr;
    sandbox.stop().await.expect("the accept loop ends cleanly");
    let refused = client.get(format!("http://{addr}/api/3/ping")).send().await;
    assert!(refused.is_err(), "still listening after stop");
}

#[tokio::test]
async fn latency_is_added_to_every_api_response() {
    let h = Harness::start().await;
    let config = h.control("/__sandbox/latency", json!({ "ms": 300 })).await;
    assert_eq!(config["latency_ms"], 300);
    let started = Instant::now();
    assert_eq!(h.get("/stacks").await.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    h.get("/nothing").await.assert_error(404, "not_found");
    assert!(started.elapsed() >= Duration::from_millis(300));
    // The controls themselves are not slowed down.
    let started = Instant::now();
    h.control("/__sandbox/latency", json!({ "ms": 0 })).await;
    assert!(started.elapsed() < Duration::from_millis(300));
    let started = Instant::now();
    h.get("/stacks").await;
    assert!(started.elapsed() < Duration::from_millis(300));
}

async fn with_fault(h: &Harness, kind: &str) -> reqwest::Result<reqwest::Response> {
    let queued = h
        .control("/__sandbox/faults", json!({ "kind": kind, "count": 1 }))
        .await;
    assert_eq!(queued["pending"], json!([{ "kind": kind, "count": 1 }]));
    h.client
        .get(h.api(&jobs_path()))
        .bearer_auth(TOKEN)
        .send()
        .await
}

#[tokio::test]
async fn fault_500_is_a_json_error() {
    let h = Harness::start().await;
    let response = with_fault(&h, "500").await.expect("a response");
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let limit = response.headers().get("x-ratelimit-limit").cloned();
    assert_eq!(limit.as_ref().and_then(|v| v.to_str().ok()), Some("3600"));
    let body: Value = response.json().await.expect("JSON body");
    assert_eq!(body["error"], "internal_server_error");
    // The fault was for one request only.
    assert_eq!(h.get(&jobs_path()).await.status, StatusCode::OK);
}

#[tokio::test]
async fn fault_502_is_an_html_page_like_a_proxy_sends() {
    let h = Harness::start().await;
    let response = with_fault(&h, "502").await.expect("a response");
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let content_type = response.headers().get("content-type").cloned();
    assert_eq!(
        content_type.as_ref().and_then(|v| v.to_str().ok()),
        Some("text/html")
    );
    let body = response.text().await.expect("body");
    assert!(
        body.starts_with("<html>") && body.contains("Bad Gateway"),
        "{body}"
    );
}

#[tokio::test]
async fn fault_503_is_a_throttled_json_error() {
    let h = Harness::start().await;
    let response = with_fault(&h, "503").await.expect("a response");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let remaining = response.headers().get("x-ratelimit-remaining").cloned();
    assert_eq!(remaining.as_ref().and_then(|v| v.to_str().ok()), Some("0"));
    let body: Value = response.json().await.expect("JSON body");
    assert_eq!(body["error"], "throttled");
    // An injected fault does not use up quota.
    assert_eq!(h.get(&jobs_path()).await.quota(), (Some(3600), Some(3599)));
}

#[tokio::test]
async fn fault_truncated_is_json_cut_in_the_middle() {
    let h = Harness::start().await;
    let response = with_fault(&h, "truncated").await.expect("a response");
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers().get("content-type").cloned();
    assert_eq!(
        content_type.as_ref().and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    let body = response.text().await.expect("the whole (cut) body");
    assert!(body.starts_with("{\"response\": [{\"uid\": \"ab"), "{body}");
    assert!(serde_json::from_str::<Value>(&body).is_err());
}

#[tokio::test]
async fn fault_not_json_is_a_200_with_plain_text() {
    let h = Harness::start().await;
    let response = with_fault(&h, "not_json").await.expect("a response");
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.expect("body");
    assert!(!body.is_empty());
    assert!(serde_json::from_str::<Value>(&body).is_err(), "{body}");
}

#[tokio::test]
async fn fault_drop_closes_the_connection_without_a_response() {
    let h = Harness::start().await;
    let started = Instant::now();
    let error = with_fault(&h, "drop")
        .await
        .expect_err("no response at all");
    assert!(error.status().is_none(), "{error:?}");
    assert!(!error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // The server is fine and the next request is answered.
    assert_eq!(h.get(&jobs_path()).await.status, StatusCode::OK);
}

#[tokio::test]
async fn faults_hit_the_next_n_requests_in_order_but_not_preflights() {
    let h = Harness::start().await;
    h.control("/__sandbox/faults", json!({ "kind": "502", "count": 2 }))
        .await;
    h.control("/__sandbox/faults", json!({ "kind": 500 })).await;
    let preflight = h
        .send(
            h.client
                .request(Method::OPTIONS, h.api(&jobs_path()))
                .header("Origin", "http://x")
                .header("Access-Control-Request-Method", "GET"),
        )
        .await;
    assert_eq!(preflight.status, StatusCode::OK);
    // Faults come before authentication: even a request without a token gets them.
    let first = h.request(Method::GET, h.api("/stacks")).await;
    assert_eq!(first.status, StatusCode::BAD_GATEWAY);
    assert_eq!(h.get("/stacks").await.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        h.get("/stacks").await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(h.get("/stacks").await.status, StatusCode::OK);

    let bad = h
        .send(
            h.client
                .post(h.root("/__sandbox/faults"))
                .json(&json!({ "kind": "418" })),
        )
        .await;
    bad.assert_error(400, "bad_request");
}

#[tokio::test]
async fn a_routed_fault_hits_only_the_next_request_to_its_route() {
    let h = Harness::start().await;
    let queued = h
        .control(
            "/__sandbox/faults",
            json!({ "kind": "502", "route": "GET /stacks" }),
        )
        .await;
    assert_eq!(
        queued["pending"],
        json!([{ "kind": "502", "count": 1, "route": "GET /stacks" }])
    );
    // Other routes, even ones that start the same, are not hit.
    assert_eq!(h.get(&jobs_path()).await.status, StatusCode::OK);
    assert_eq!(
        h.get(&format!("/stacks/{PROD}")).await.status,
        StatusCode::OK
    );
    assert_eq!(h.get("/stacks.json").await.status, StatusCode::BAD_GATEWAY);
    assert_eq!(h.get("/stacks").await.status, StatusCode::OK);

    // A POST route, for two requests, behind an unrouted fault queued later.
    let run_now = "POST /stacks/{stack}/jobs/{job}/run_now";
    h.control(
        "/__sandbox/faults",
        json!({ "kind": "500", "route": run_now, "count": 2 }),
    )
    .await;
    h.control("/__sandbox/faults", json!({ "kind": "not_json" }))
        .await;
    let run = format!("{}/{DB_BACKUP}/run_now", jobs_path());
    let first = h.post(&run).await;
    first.assert_error(500, "internal_server_error");
    // The unrouted fault takes the next request of any other route.
    let other = h.get("/stacks").await;
    assert_eq!(
        other.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    h.post(&run)
        .await
        .assert_error(500, "internal_server_error");
    let actions = h.get(&format!("/stacks/{PROD}/actions")).await.json();
    assert_eq!(h.post(&run).await.status, StatusCode::OK);
    let after = h.get(&format!("/stacks/{PROD}/actions")).await.json();
    assert_eq!(
        after["count"].as_u64(),
        actions["count"].as_u64().map(|count| count + 1),
        "only the unfaulted run started an action"
    );

    // Polls of an action have their own route.
    h.control(
        "/__sandbox/faults",
        json!({ "kind": "drop", "route": "GET /stacks/{stack}/actions/{id}" }),
    )
    .await;
    assert_eq!(
        h.get(&format!("/stacks/{PROD}/actions")).await.status,
        StatusCode::OK
    );
    let poll = h
        .client
        .get(h.api(&format!("/stacks/{PROD}/actions/2590")))
        .bearer_auth(TOKEN)
        .send()
        .await;
    assert!(poll.is_err(), "the poll's connection was dropped");
}

#[tokio::test]
async fn fault_bodies_are_checked() {
    let h = Harness::start().await;
    let bodies = [
        json!({ "kind": "418" }),
        json!({ "kind": "502", "route": "GET /nowhere" }),
        json!({ "kind": "502", "route": "GET /stacks/5999b763474b0eafa5fafb64bff0ba80" }),
        json!({ "kind": "slow" }),
        json!({ "kind": "slow", "ms": 600_001 }),
        json!({ "kind": "502", "ms": 10 }),
        json!({ "kind": "502", "retry_after": "1" }),
        json!({ "kind": "429", "retry_after": "a\nb" }),
        json!({ "kind": "502", "colour": "red" }),
        json!({ "kind": "502", "stack": "" }),
        json!({ "kind": "502", "stack": "a/b" }),
        json!({ "kind": "502", "stack": 5 }),
        json!({ "kind": "502", "page": 0 }),
        json!({ "kind": "502", "page": "2" }),
        json!({ "kind": "502", "page": -1 }),
        json!({ "kind": "502", "route": "GET /stacks", "stack": PROD }),
        json!({ "kind": "502", "route": "GET /ping", "stack": PROD }),
        json!({ "kind": "502", "route": "GET /stacks/{stack}/jobs/{job}", "page": 2 }),
        json!({ "kind": "502", "route": "POST /stacks/{stack}/jobs/pause_all", "page": 1 }),
    ];
    for body in bodies {
        let reply = h
            .send(h.client.post(h.root("/__sandbox/faults")).json(&body))
            .await;
        reply.assert_error(400, "bad_request");
    }
    let faults = h
        .request(Method::GET, h.root("/__sandbox/faults"))
        .await
        .json();
    assert_eq!(faults, json!({ "pending": [] }));
}

#[tokio::test]
async fn fault_401_is_unauthenticated_json_with_the_whole_quota_left() {
    let h = Harness::start().await;
    h.control("/__sandbox/faults", json!({ "kind": 401 })).await;
    let reply = h.get(&jobs_path()).await;
    reply.assert_error(401, "unauthenticated");
    assert_eq!(reply.quota(), (Some(3600), Some(3600)));
    // The token still works for the next request.
    assert_eq!(h.get(&jobs_path()).await.status, StatusCode::OK);
}

#[tokio::test]
async fn fault_429_sends_retry_after_verbatim_or_not_at_all() {
    let h = Harness::start().await;
    for (retry_after, header) in [
        (json!("0"), Some("0")),
        (json!("3000000"), Some("3000000")),
        (json!("abc"), Some("abc")),
        (json!(5), Some("5")),
        (Value::Null, None),
    ] {
        let mut body = json!({ "kind": "429", "route": "GET /stacks/{stack}/jobs" });
        if !retry_after.is_null() {
            body["retry_after"] = retry_after.clone();
        }
        h.control("/__sandbox/faults", body).await;
        let reply = h.get(&jobs_path()).await;
        reply.assert_error(429, "throttled");
        assert_eq!(reply.header("retry-after"), header, "{retry_after}");
        assert_eq!(reply.quota(), (Some(3600), Some(0)));
    }
    let pending = h
        .control(
            "/__sandbox/faults",
            json!({ "kind": "429", "retry_after": "7", "count": 3 }),
        )
        .await;
    assert_eq!(
        pending["pending"],
        json!([{ "kind": "429", "count": 3, "retry_after": "7" }])
    );
}

#[tokio::test]
async fn fault_slow_holds_the_answer_then_answers_normally() {
    let h = Harness::start().await;
    let queued = h
        .control(
            "/__sandbox/faults",
            json!({ "kind": "slow", "ms": 400, "route": "GET /stacks/{stack}/jobs/{job}" }),
        )
        .await;
    assert_eq!(queued["pending"][0]["ms"], 400);
    let started = Instant::now();
    assert_eq!(h.get("/stacks").await.status, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_millis(400));
    let started = Instant::now();
    let job = h.ok(&format!("{}/{DB_BACKUP}", jobs_path())).await;
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(job["name"], "db-backup");
    // It reached the API, so it was authenticated and counted.
    assert_eq!(h.get("/stacks").await.quota(), (Some(3600), Some(3597)));
}

#[tokio::test]
async fn faults_empty_null_response_and_html200_are_200s_a_client_must_not_trust() {
    let h = Harness::start().await;
    let answers = [
        ("empty", "application/json"),
        ("null_response", "application/json"),
        ("html200", "text/html; charset=utf-8"),
    ];
    for (kind, content_type) in answers {
        h.control(
            "/__sandbox/faults",
            json!({ "kind": kind, "route": "GET /stacks" }),
        )
        .await;
        let reply = h.get("/stacks").await;
        assert_eq!(reply.status, StatusCode::OK, "{kind}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{kind}");
        match kind {
            "empty" => assert_eq!(reply.text, ""),
            "null_response" => assert_eq!(reply.json(), json!({ "response": null })),
            _ => assert!(reply.text.starts_with("<!DOCTYPE html>"), "{}", reply.text),
        }
    }
    assert_eq!(h.ok("/stacks").await[0]["name"], "Acme Production");
}

/// A sandbox whose connections get `read_timeout` to send a request.
async fn impatient(read_timeout: Duration) -> Harness {
    Harness::with_settings(Settings {
        read_timeout,
        ..Settings::default()
    })
    .await
}

/// Writes `request` on a new connection and reads until the server closes it, for at most 5 s.
async fn send_raw(h: &Harness, request: &str) -> (String, Duration) {
    use std::io::{Read, Write};
    let addr = h.sandbox.addr;
    let request = request.to_owned();
    // Blocking std I/O on its own thread: the sandbox runs on this test's runtime.
    let read = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("sets a timeout");
        let started = Instant::now();
        stream.write_all(request.as_bytes()).expect("writes");
        let mut answer = Vec::new();
        let read = stream.read_to_end(&mut answer);
        let took = started.elapsed();
        // A reset after the answer is as closed as an EOF; only a timeout means still open.
        if let Err(error) = read {
            assert!(
                !matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
                "the connection was still open after 5 s"
            );
        }
        (String::from_utf8_lossy(&answer).into_owned(), took)
    });
    read.await.expect("the reader thread")
}

#[tokio::test]
async fn a_request_head_that_never_ends_loses_its_connection() {
    let h = impatient(Duration::from_millis(300)).await;
    let (answer, took) = send_raw(&h, "GET /api/3/ping HTTP/1.1\r\nHost: x\r\n").await;
    assert!(took >= Duration::from_millis(250), "{took:?}");
    assert!(!answer.contains("200 OK"), "{answer}");
    // The server is fine afterwards.
    assert_eq!(h.get("/ping/auth").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_body_that_never_arrives_is_408_and_runs_nothing() {
    let h = impatient(Duration::from_millis(300)).await;
    let head = format!(
        "POST /api/3/stacks/{PROD}/jobs/{DB_BACKUP}/run_now HTTP/1.1\r\nHost: x\r\n\
         Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n\
         Content-Length: 100\r\n\r\n{{\"job_args\""
    );
    let (answer, took) = send_raw(&h, &head).await;
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"time_out\""), "{answer}");
    let job = h.ok(&format!("{}/{DB_BACKUP}", jobs_path())).await;
    assert_eq!(job["status"], 2, "the run must not have started");
}

#[tokio::test]
async fn the_default_read_timeout_is_ten_seconds() {
    assert_eq!(Settings::default().read_timeout, Duration::from_secs(10));
}

#[test]
fn the_binary_prints_its_address_and_token_and_stops_on_sigterm() {
    let binary = env!("CARGO_BIN_EXE_jobdeck-sandbox");
    let help = Command::new(binary).arg("--help").output().expect("runs");
    assert!(help.status.success());
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--addr",
        "--port",
        "--token",
        "--rate-limit",
        "--window-secs",
        "--action-delay-ms",
        "--fleet",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
    let bad = Command::new(binary).arg("--bogus").output().expect("runs");
    assert_eq!(bad.status.code(), Some(2));

    let mut child = Command::new(binary)
        .args(["--port", "0"])
        .env_remove("JOBDECK_SANDBOX_TOKENS")
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let second = lines.next().and_then(Result::ok).unwrap_or_default();
    let url = first
        .strip_prefix("Jobdeck sandbox listening on http://127.0.0.1:")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"));
    let port: u16 = url.trim_end_matches("/api/3").parse().expect("a port");
    assert_ne!(port, 0);
    assert!(url.ends_with("/api/3"));
    assert_eq!(second, "Token: jobdeck-dev-token");

    let stream = std::net::TcpStream::connect(("127.0.0.1", port));
    assert!(stream.is_ok(), "the printed port accepts connections");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("exits");
    assert!(status.success(), "exit status {status}");
}

#[tokio::test]
async fn a_fault_for_one_stacks_page_waits_for_exactly_that_page() {
    let h = Harness::start().await;
    let staging = h.stack_uid("Acme Staging").await;
    let queued = h
        .control(
            "/__sandbox/faults",
            json!({ "kind": "502", "route": "GET /stacks/{stack}/jobs", "stack": PROD, "page": 2 }),
        )
        .await;
    assert_eq!(
        queued["pending"],
        json!([{ "kind": "502", "count": 1, "route": "GET /stacks/{stack}/jobs", "stack": PROD, "page": 2 }])
    );
    // Page 1 (asked for with and without ?page), page 3, another stack's page 2, the stack's
    // other routes and the stack list all pass.
    for path in [
        jobs_path(),
        format!("{}?page=1", jobs_path()),
        format!("{}?page=3", jobs_path()),
        format!("/stacks/{staging}/jobs?page=2"),
        format!("/stacks/{PROD}/actions?page=2"),
        format!("/stacks/{PROD}"),
        "/stacks?page=2".to_owned(),
    ] {
        assert_eq!(h.get(&path).await.status, StatusCode::OK, "{path}");
    }
    let hit = h.get(&format!("{}.json?page=2", jobs_path())).await;
    assert_eq!(hit.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        h.get(&format!("{}?page=2", jobs_path())).await.status,
        StatusCode::OK
    );

    // A stack alone: every request naming it, any route, any page, until the count runs out.
    h.control(
        "/__sandbox/faults",
        json!({ "kind": "404", "stack": staging, "count": 2 }),
    )
    .await;
    assert_eq!(h.get(&jobs_path()).await.status, StatusCode::OK);
    assert_eq!(h.get("/stacks").await.status, StatusCode::OK);
    h.get(&format!("/stacks/{staging}"))
        .await
        .assert_error(404, "not_found");
    h.get(&format!("/stacks/{staging}/jobs?page=5"))
        .await
        .assert_error(404, "not_found");
    assert_eq!(
        h.get(&format!("/stacks/{staging}/jobs")).await.status,
        StatusCode::OK
    );

    // A page alone: the first page of whatever list comes next, the stack list included.
    h.control(
        "/__sandbox/faults",
        json!({ "kind": "500", "route": "GET /stacks", "page": 1 }),
    )
    .await;
    assert_eq!(h.get("/stacks?page=2").await.status, StatusCode::OK);
    h.get("/stacks")
        .await
        .assert_error(500, "internal_server_error");
    let faults = h.show("/__sandbox/faults").await;
    assert_eq!(faults, json!({ "pending": [] }));
}

#[tokio::test]
async fn fault_404_is_not_found_json_with_quota_headers_and_uses_no_quota() {
    let h = Harness::start().await;
    let response = with_fault(&h, "404").await.expect("a response");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let limit = response.headers().get("x-ratelimit-remaining").cloned();
    assert_eq!(limit.as_ref().and_then(|v| v.to_str().ok()), Some("3600"));
    let body: Value = response.json().await.expect("JSON body");
    assert_eq!(body["error"], "not_found");
    assert!(body["error_description"].as_str().is_some());
    assert_eq!(h.get(&jobs_path()).await.quota(), (Some(3600), Some(3599)));
}

#[tokio::test]
async fn a_slow_fault_can_slow_one_stacks_later_page_only() {
    let h = Harness::start().await;
    let big = h.stack_uid("Big Batch").await;
    h.control(
        "/__sandbox/faults",
        json!({ "kind": "slow", "ms": 400, "route": "GET /stacks/{stack}/jobs", "stack": big, "page": 2, "count": 2 }),
    )
    .await;
    let timed = |path: String| {
        let h = &h;
        async move {
            let started = Instant::now();
            let reply = h.get(&path).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            started.elapsed()
        }
    };
    let quick = Duration::from_millis(300);
    assert!(timed(format!("/stacks/{big}/jobs")).await < quick);
    assert!(timed(format!("/stacks/{big}/jobs?page=3")).await < quick);
    assert!(timed(format!("{}?page=2", jobs_path())).await < quick);
    for _ in 0..2 {
        let took = timed(format!("/stacks/{big}/jobs?page=2")).await;
        assert!(took >= Duration::from_millis(400), "{took:?}");
    }
    assert!(timed(format!("/stacks/{big}/jobs?page=2")).await < quick);
}

/// Every answer states the sandbox's clock in exactly one `Date` header (hyper adds its own only
/// when there is none), a browser on another origin may read it, and the control sets it.
#[tokio::test]
async fn every_answer_has_one_date_header_that_cors_exposes() {
    use jobdeck_sandbox::clock::format_http_date;
    let h = Harness::start().await;
    h.control(
        "/__sandbox/faults",
        json!({ "kind": "502", "route": "GET /stacks" }),
    )
    .await;
    let requests = [
        format!("GET /api/3/stacks HTTP/1.1\r\nAuthorization: Bearer {TOKEN}\r\n"),
        format!("GET /api/3/stacks/{PROD}/jobs HTTP/1.1\r\nAuthorization: Bearer {TOKEN}\r\n"),
        "GET /api/3/stacks HTTP/1.1\r\n".to_owned(),
        format!("GET /api/3/nowhere HTTP/1.1\r\nAuthorization: Bearer {TOKEN}\r\n"),
        "OPTIONS /api/3/stacks HTTP/1.1\r\nOrigin: http://x\r\nAccess-Control-Request-Method: GET\r\n"
            .to_owned(),
        "GET /__sandbox/stats HTTP/1.1\r\n".to_owned(),
        "GET /elsewhere HTTP/1.1\r\n".to_owned(),
    ];
    for request in requests {
        let (answer, _) = send_raw(
            &h,
            &format!("{request}Host: x\r\nConnection: close\r\n\r\n"),
        )
        .await;
        let dates: Vec<&str> = answer
            .lines()
            .take_while(|line| !line.is_empty())
            .filter(|line| line.to_ascii_lowercase().starts_with("date:"))
            .collect();
        assert_eq!(dates.len(), 1, "{request}: {answer}");
        let date = dates[0]["date:".len()..].trim();
        assert!(date.ends_with(" GMT") && date.len() == 29, "{date}");
    }

    let reply = h
        .send(
            h.client
                .get(h.api(&jobs_path()))
                .bearer_auth(TOKEN)
                .header("Origin", "http://localhost:8080"),
        )
        .await;
    let exposed = reply
        .header("access-control-expose-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(
        exposed.split(',').any(|name| name.trim() == "date"),
        "{exposed}"
    );

    // Seven minutes behind: the header says so (give or take the second it took).
    let clock = h
        .control("/__sandbox/clock", json!({ "offset_ms": -420_000 }))
        .await;
    assert_eq!(clock["offset_ms"], -420_000);
    let stated = h.get("/stacks").await;
    let date = stated.header("date").unwrap_or_default().to_owned();
    let behind = jobdeck_sandbox::clock::now_unix() - 420;
    let near: Vec<String> = (behind - 2..=behind + 1).map(format_http_date).collect();
    assert!(near.contains(&date), "{date} not in {near:?}");
}
