//! `/__sandbox/*`: controls for tests and demos. No token needed; the sandbox only listens on
//! loopback by default.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::faults::{Fault, FaultKind};
use crate::state::{AppState, Shared};

/// Body of `POST /__sandbox/latency`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyBody {
    /// Milliseconds added to every `/api/3` response; 0 turns it off.
    pub ms: u64,
}

/// Body of `POST /__sandbox/faults`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultBody {
    /// A [`FaultKind`] name, e.g. `"502"` or `"slow"` (numbers such as `502` accepted too).
    pub kind: Value,
    /// How many of the next requests (to `route`, if given) get the fault; 1 when absent.
    #[serde(default = "one")]
    pub count: u64,
    /// A key of `/__sandbox/stats`, e.g. `"GET /stacks"`; absent means any route.
    pub route: Option<String>,
    /// For `"429"`: the `Retry-After` header, sent verbatim (a number is written as it reads).
    pub retry_after: Option<Value>,
    /// For `"slow"` (required there): how long the answer is held, in milliseconds.
    pub ms: Option<u64>,
}

fn one() -> u64 {
    1
}

/// Body of `POST /__sandbox/config`: any subset of the fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigBody {
    /// Requests per token per window.
    pub rate_limit: Option<u64>,
    /// Window length in seconds, at least 1.
    pub window_secs: Option<u64>,
    /// Time an async action takes, for actions started from now on.
    pub action_delay_ms: Option<u64>,
}

/// Body of `POST /__sandbox/revoke`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokeBody {
    /// The token to stop accepting.
    pub token: String,
}

/// `POST /__sandbox/latency` `{"ms": N}`.
pub async fn set_latency(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let LatencyBody { ms } = parse(&body)?;
    let mut shared = state.lock();
    shared.latency = Duration::from_millis(ms);
    Ok(Json(config_json(&shared)))
}

/// `POST /__sandbox/faults` `{"kind": K, "count": N, "route": R, ...}`: queues a fault for
/// the next N requests to route R (to any route without R).
pub async fn add_fault(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body: FaultBody = parse(&body)?;
    let count = body.count;
    let fault = fault_from(body).map_err(ApiError::bad_request)?;
    let mut shared = state.lock();
    shared.faults.push(fault, count);
    Ok(Json(faults_json(&shared)))
}

/// Checks a fault's body: a known kind and route, and only the settings its kind takes.
fn fault_from(body: FaultBody) -> Result<Fault, String> {
    let text = |value: &Value| match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let name = text(&body.kind);
    let kind = FaultKind::parse(&name).ok_or_else(|| {
        let known: Vec<&str> = FaultKind::ALL.iter().map(|kind| kind.name()).collect();
        format!("Unknown fault kind {name:?}; use one of {known:?}")
    })?;
    let mut fault = Fault::new(kind);
    if let Some(route) = &body.route {
        fault = fault.on_route(route)?;
    }
    if let Some(retry_after) = &body.retry_after {
        fault = fault.with_retry_after(&text(retry_after))?;
    }
    match (kind, body.ms) {
        (_, Some(ms)) => fault.with_delay(Duration::from_millis(ms)),
        (FaultKind::Slow, None) => Err("kind \"slow\" needs \"ms\"".to_owned()),
        _ => Ok(fault),
    }
}

/// `GET /__sandbox/faults`: the faults still waiting.
pub async fn show_faults(State(state): State<AppState>) -> Json<Value> {
    Json(faults_json(&state.lock()))
}

/// `POST /__sandbox/config`: changes settings; a new limit or window restarts every window.
pub async fn set_config(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let changes: ConfigBody = parse(&body)?;
    if changes.window_secs == Some(0) {
        return Err(ApiError::bad_request("window_secs must be at least 1"));
    }
    let mut shared = state.lock();
    if let Some(rate_limit) = changes.rate_limit {
        shared.config.rate_limit = rate_limit;
    }
    if let Some(window_secs) = changes.window_secs {
        shared.config.window = Duration::from_secs(window_secs);
    }
    if let Some(delay_ms) = changes.action_delay_ms {
        shared.config.action_delay = Duration::from_millis(delay_ms);
    }
    if changes.rate_limit.is_some() || changes.window_secs.is_some() {
        shared.limiter.reset();
    }
    Ok(Json(config_json(&shared)))
}

/// `GET /__sandbox/config`: the current settings.
pub async fn show_config(State(state): State<AppState>) -> Json<Value> {
    Json(config_json(&state.lock()))
}

/// `POST /__sandbox/revoke` `{"token": T}`: T gets 401 from now on.
pub async fn revoke(State(state): State<AppState>, body: Bytes) -> Result<Json<Value>, ApiError> {
    let RevokeBody { token } = parse(&body)?;
    let revoked = state.lock().tokens.revoke(&token);
    Ok(Json(json!({ "revoked": revoked })))
}

/// `POST /__sandbox/reset`: back to the state right after start.
pub async fn reset(State(state): State<AppState>) -> Json<Value> {
    state.reset();
    Json(json!({ "reset": true }))
}

/// `GET /__sandbox/stats`: `/api/3` request counts since the last reset.
pub async fn stats(State(state): State<AppState>) -> Json<Value> {
    let stats = state.lock().stats.clone();
    Json(json!(stats))
}

fn config_json(shared: &Shared) -> Value {
    json!({
        "rate_limit": shared.config.rate_limit,
        "window_secs": shared.config.window.as_secs(),
        "action_delay_ms": u64::try_from(shared.config.action_delay.as_millis()).unwrap_or(u64::MAX),
        "latency_ms": u64::try_from(shared.latency.as_millis()).unwrap_or(u64::MAX),
    })
}

/// `{"pending": [...]}`: each fault as it was asked for, settings it does not have left out.
fn faults_json(shared: &Shared) -> Value {
    let pending: Vec<Value> = shared
        .faults
        .pending()
        .into_iter()
        .map(|(fault, count)| {
            let mut entry = json!({ "kind": fault.kind.name(), "count": count });
            if let Some(route) = fault.route {
                entry["route"] = json!(route);
            }
            if let Some(retry_after) = fault.retry_after {
                entry["retry_after"] = json!(retry_after);
            }
            if fault.kind == FaultKind::Slow {
                entry["ms"] = json!(u64::try_from(fault.delay.as_millis()).unwrap_or(u64::MAX));
            }
            entry
        })
        .collect();
    json!({ "pending": pending })
}

/// A JSON body; an empty body reads as `{}` so bodies made only of optional fields can be left out.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body)
        .map_err(|error| ApiError::bad_request(format!("Invalid body: {error}")))
}
