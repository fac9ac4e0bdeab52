//! A sandbox started in-process on 127.0.0.1:0 and a client to talk to it.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use jobdeck_sandbox::{start, Config, Sandbox, Settings, DEFAULT_TOKEN};
use reqwest::header::HeaderMap;
use reqwest::{Client, Method, StatusCode};
use serde_json::Value;

pub const TOKEN: &str = DEFAULT_TOKEN;
pub const PROD: &str = "5999b763474b0eafa5fafb64bff0ba80";
pub const DB_BACKUP: &str = "98ee5a9b93919d9b63bd5377636675bd";
pub const PIES: &str = "b375afb170b468c238be44cec1058d0f";

/// A running sandbox and an HTTP client.
pub struct Harness {
    pub sandbox: Sandbox,
    pub client: Client,
}

/// A response read in full.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// `(X-RateLimit-Limit, X-RateLimit-Remaining)`.
    pub fn quota(&self) -> (Option<u64>, Option<u64>) {
        let number = |name| self.header(name).and_then(|v: &str| v.parse().ok());
        (number("x-ratelimit-limit"), number("x-ratelimit-remaining"))
    }

    /// Asserts an API error answer: status, JSON body and code.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(self.header("content-type"), Some("application/json"));
        let body = self.json();
        assert_eq!(body["error"], code, "{body}");
        let description = body["error_description"].as_str().unwrap_or_default();
        assert!(!description.is_empty(), "{body}");
    }
}

impl Harness {
    /// Default settings except a short action delay.
    pub async fn start() -> Self {
        Self::with_config(Config {
            action_delay: Duration::from_millis(50),
            ..Config::default()
        })
        .await
    }

    pub async fn with_config(config: Config) -> Self {
        Self::with_settings(Settings {
            config,
            ..Settings::default()
        })
        .await
    }

    pub async fn with_settings(settings: Settings) -> Self {
        let addr: SocketAddr = "127.0.0.1:0".parse().expect("address");
        let sandbox = start(addr, settings).await.expect("sandbox starts");
        let client = Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("client");
        Self { sandbox, client }
    }

    /// `http://ADDR/api/3` + `path`.
    pub fn api(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.api_url())
    }

    /// `http://ADDR` + `path`.
    pub fn root(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        Reply {
            status,
            headers,
            text,
        }
    }

    /// GET an `/api/3` path with the development token.
    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.client.get(self.api(path)).bearer_auth(TOKEN))
            .await
    }

    /// POST to an `/api/3` path with the development token and no body.
    pub async fn post(&self, path: &str) -> Reply {
        self.send(self.client.post(self.api(path)).bearer_auth(TOKEN))
            .await
    }

    /// The `response` of a 200 GET.
    pub async fn ok(&self, path: &str) -> Value {
        let reply = self.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "GET {path}: {}", reply.text);
        reply.json()["response"].clone()
    }

    /// POST a JSON body to `/__sandbox/...` and return the answer.
    pub async fn control(&self, path: &str, body: Value) -> Value {
        let reply = self
            .send(self.client.post(self.root(path)).json(&body))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "POST {path}: {}", reply.text);
        reply.json()
    }

    /// POST a JSON body to `/__sandbox/...`, whatever the answer.
    pub async fn control_reply(&self, path: &str, body: Value) -> Reply {
        self.send(self.client.post(self.root(path)).json(&body))
            .await
    }

    /// GET `/__sandbox/...` and return its JSON.
    pub async fn show(&self, path: &str) -> Value {
        let reply = self.request(Method::GET, self.root(path)).await;
        assert_eq!(reply.status, StatusCode::OK, "GET {path}: {}", reply.text);
        reply.json()
    }

    pub async fn request(&self, method: Method, url: String) -> Reply {
        self.send(self.client.request(method, url)).await
    }

    /// The uid of the stack called `name`.
    pub async fn stack_uid(&self, name: &str) -> String {
        let stacks = self.ok("/stacks").await;
        stacks
            .as_array()
            .into_iter()
            .flatten()
            .find(|stack| stack["name"] == name)
            .and_then(|stack| stack["uid"].as_str())
            .unwrap_or_else(|| panic!("no stack {name}"))
            .to_owned()
    }

    /// The jobs of every page of a stack.
    pub async fn all_jobs(&self, stack: &str) -> Vec<Value> {
        let mut jobs = Vec::new();
        let mut page = 1;
        loop {
            let reply = self.get(&format!("/stacks/{stack}/jobs?page={page}")).await;
            let body = reply.json();
            jobs.extend(body["response"].as_array().cloned().unwrap_or_default());
            if body["pagination"]["next"].is_null() {
                return jobs;
            }
            page += 1;
        }
    }

    /// Polls an action until it has finished, for at most 5 s.
    pub async fn finished_action(&self, stack: &str, id: &Value) -> Value {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let action = self.ok(&format!("/stacks/{stack}/actions/{id}")).await;
            if !action["finished_at"].is_null() {
                return action;
            }
            assert!(Instant::now() < deadline, "action {id} never finished");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
