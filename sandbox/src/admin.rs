//! `/__sandbox/*`: controls for tests and demos. No token needed; the sandbox only listens on
//! loopback by default.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

use crate::clock::{format_http_date, Clock, MAX_OFFSET_MS};
use crate::config::Fleet;
use crate::error::ApiError;
use crate::faults::{Fault, FaultKind};
use crate::model::Job;
use crate::seed;
use crate::state::{AppState, Shared};
use crate::world::{JobChange, NewJob};

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
    /// Only requests whose path names this stack uid; absent means any.
    pub stack: Option<String>,
    /// Only requests for this page of a list (no `?page` is page 1); absent means any.
    pub page: Option<u64>,
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
    if let Some(stack) = &body.stack {
        fault = fault.on_stack(stack)?;
    }
    if let Some(page) = body.page {
        fault = fault.on_page(page)?;
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

/// Body of `POST /__sandbox/clock`: exactly one of the fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockBody {
    /// The stated clock's distance from the machine's, in milliseconds (negative: behind).
    pub offset_ms: Option<i64>,
    /// Milliseconds to add to the current offset, e.g. after a test fast-forwards its browser.
    pub advance_ms: Option<i64>,
}

/// `POST /__sandbox/clock` `{"offset_ms": N}` or `{"advance_ms": N}`: shifts the clock the
/// sandbox states in `Date` and in the dates it writes from now on.
pub async fn set_clock(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body: ClockBody = parse(&body)?;
    let mut shared = state.lock();
    let offset = match (body.offset_ms, body.advance_ms) {
        (Some(offset), None) => offset,
        (None, Some(advance)) => shared
            .clock
            .offset_ms()
            .checked_add(advance)
            .unwrap_or(i64::MAX),
        _ => {
            return Err(ApiError::bad_request(
                "Give exactly one of offset_ms (set the offset) or advance_ms (add to it)",
            ))
        }
    };
    shared.clock = Clock::with_offset(offset).map_err(ApiError::bad_request)?;
    Ok(Json(clock_json(shared.clock)))
}

/// `GET /__sandbox/clock`: the offset and the time the sandbox states now.
pub async fn show_clock(State(state): State<AppState>) -> Json<Value> {
    Json(clock_json(state.lock().clock))
}

fn clock_json(clock: Clock) -> Value {
    let now_ms = clock.now_ms();
    json!({
        "offset_ms": clock.offset_ms(),
        "now_ms": now_ms,
        "date": format_http_date(now_ms.div_euclid(1000)),
    })
}

/// Body of `POST /__sandbox/fleet`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FleetBody {
    /// Generated stacks after the seeded ones; 0 for none.
    pub stacks: u32,
    /// Jobs of each generated stack.
    pub jobs: u32,
}

/// `POST /__sandbox/fleet` `{"stacks": S, "jobs": J}`: seeds the world again with S generated
/// stacks of J jobs after the seeded ones, dated by the stated clock.
pub async fn set_fleet(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let FleetBody { stacks, jobs } = parse(&body)?;
    let fleet = Fleet::new(stacks, jobs).map_err(ApiError::bad_request)?;
    // Seeded outside the lock: a large fleet takes a while, and requests need not wait.
    let now = state.lock().clock.now_unix();
    let world = seed::world(now, fleet);
    let mut shared = state.lock();
    shared.replace_world(world, fleet);
    Ok(Json(fleet_json(&mut shared)))
}

/// `GET /__sandbox/fleet`: the fleet the world was last seeded with.
pub async fn show_fleet(State(state): State<AppState>) -> Json<Value> {
    Json(fleet_json(&mut state.lock()))
}

fn fleet_json(shared: &mut Shared) -> Value {
    let fleet = shared.fleet;
    let stacks: Vec<Value> = (1..=fleet.stacks())
        .map(|number| {
            let (uid, name) = seed::fleet_stack_id(number);
            json!({ "uid": uid, "name": name })
        })
        .collect();
    let world = shared.world_now().stacks();
    let jobs: usize = world.iter().map(|entry| entry.jobs.len()).sum();
    json!({
        "fleet": { "stacks": fleet.stacks(), "jobs": fleet.jobs() },
        "world": { "stacks": world.len(), "jobs": jobs },
        "fleet_stacks": stacks,
    })
}

/// Body of `POST /__sandbox/jobs`: `stack`, then exactly one of `job` (with the fields to
/// change), `add` or `remove`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobsBody {
    /// The stack's uid.
    pub stack: String,
    /// The uid of the job to change.
    pub job: Option<String>,
    /// A job to add.
    pub add: Option<NewJobBody>,
    /// The uid of a job to remove.
    pub remove: Option<String>,
    /// With `job`: a new `status` (any integer).
    pub status: Option<i64>,
    /// With `job`: a new `paused`.
    pub paused: Option<bool>,
    /// With `job`: a new `name`.
    pub name: Option<String>,
    /// With `job`: a new `cron`, a string or `null`.
    #[serde(default, deserialize_with = "present")]
    pub cron: Option<Option<String>>,
    /// With `job`: whether its runs fail from now on.
    pub fails: Option<bool>,
    /// With `job`: `updated_at` = the stated now plus this many seconds (negative: before).
    pub updated_at_offset_secs: Option<i64>,
}

/// `add` of `POST /__sandbox/jobs`: only `name` is required.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewJobBody {
    /// `name`, not empty.
    pub name: String,
    /// `type`; `DockerHostTaskJob` when absent.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// `cron`, a string or `null` (the default).
    #[serde(default)]
    pub cron: Option<String>,
    /// `status`; 0 when absent.
    #[serde(default)]
    pub status: i64,
    /// `paused`; false when absent.
    #[serde(default)]
    pub paused: bool,
    /// `params`, an object; `null` sends no `params` key; `{"command": "bin/<name>"}` when absent.
    #[serde(default, deserialize_with = "present")]
    pub params: Option<Option<Value>>,
    /// Whether its runs fail; when absent, exactly when `status` is 3, as in the seed.
    pub fails: Option<bool>,
    /// Its place in the stack's list, from 1; last when absent.
    pub position: Option<usize>,
}

/// Tells a field given as `null` (`Some(None)`) from one left out (`None`, the default).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// What a `POST /__sandbox/jobs` body asks for, checked.
enum JobsRequest {
    Change(String, JobChange),
    Add(NewJob),
    Remove(String),
}

impl JobsBody {
    /// Checks that the body asks for one thing, and what it needs, against the stated `now`.
    fn request(self, now_unix: i64) -> Result<JobsRequest, String> {
        let max_secs = MAX_OFFSET_MS / 1000;
        let updated_at = match self.updated_at_offset_secs {
            Some(offset) if offset.abs() > max_secs => {
                return Err(format!(
                    "updated_at_offset_secs must be between -{max_secs} and {max_secs}"
                ))
            }
            offset => offset.map(|offset| now_unix + offset),
        };
        let change = JobChange {
            name: self.name,
            cron: self.cron,
            status: self.status,
            paused: self.paused,
            fails: self.fails,
            updated_at,
        };
        if change.name.as_deref() == Some("") {
            return Err("name must not be empty".to_owned());
        }
        let changes = change != JobChange::default();
        match (self.job, self.add, self.remove) {
            (Some(job), None, None) if changes => Ok(JobsRequest::Change(job, change)),
            (Some(_), None, None) => Err("Nothing to change: give status, paused, name, cron, \
                 fails or updated_at_offset_secs with job"
                .to_owned()),
            (None, Some(_), None) | (None, None, Some(_)) if changes => Err("status, paused, \
                 name, cron, fails and updated_at_offset_secs only go with job"
                .to_owned()),
            (None, Some(add), None) => add.into_new_job().map(JobsRequest::Add),
            (None, None, Some(job)) => Ok(JobsRequest::Remove(job)),
            _ => Err("Give exactly one of job (with what to change), add or remove".to_owned()),
        }
    }
}

impl NewJobBody {
    fn into_new_job(self) -> Result<NewJob, String> {
        if self.name.is_empty() {
            return Err("add.name must not be empty".to_owned());
        }
        let kind = self.kind.unwrap_or_else(|| "DockerHostTaskJob".to_owned());
        if kind.is_empty() {
            return Err("add.type must not be empty".to_owned());
        }
        let params = match self.params {
            None => Some(json!({ "command": format!("bin/{}", self.name) })),
            Some(None) => None,
            Some(Some(params)) if params.is_object() => Some(params),
            Some(Some(_)) => return Err("add.params must be an object or null".to_owned()),
        };
        Ok(NewJob {
            fails: self.fails.unwrap_or(self.status == 3),
            name: self.name,
            kind,
            cron: self.cron,
            status: self.status,
            paused: self.paused,
            params,
            position: self.position,
        })
    }
}

/// `POST /__sandbox/jobs`: changes, adds or removes a job as someone outside the API would,
/// dated by the stated clock; no action is recorded.
pub async fn change_jobs(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body: JobsBody = parse(&body)?;
    let stack = body.stack.clone();
    let mut shared = state.lock();
    let now = shared.clock.now_unix();
    let request = body.request(now).map_err(ApiError::bad_request)?;
    let world = shared.world_now();
    let answer = match request {
        JobsRequest::Change(job, change) => {
            let (job, position) = world.change_job(&stack, &job, change, now)?;
            job_json("job", &job, position)
        }
        JobsRequest::Add(new) => {
            let (job, position) = world.add_job(&stack, new, now)?;
            job_json("job", &job, position)
        }
        JobsRequest::Remove(job) => {
            let (job, position) = world.remove_job(&stack, &job)?;
            job_json("removed", &job, position)
        }
    };
    Ok(Json(answer))
}

/// `{key: job, "position": N, "fails": bool}`: the job as the API shows it, where it is (or
/// was) in its stack's list, and whether its runs fail.
fn job_json(key: &str, job: &Job, position: usize) -> Value {
    json!({ key: job, "position": position, "fails": job.fails })
}

/// Body of `POST /__sandbox/stacks`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StacksBody {
    /// The uid of the stack to remove.
    pub remove: String,
}

/// `POST /__sandbox/stacks` `{"remove": uid}`: the stack leaves the list and it, its jobs and
/// its actions are 404 from now on.
pub async fn change_stacks(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let StacksBody { remove } = parse(&body)?;
    let mut shared = state.lock();
    let world = shared.world_now();
    let (stack, position) = world.remove_stack(&remove)?;
    let count = world.stacks().len();
    Ok(Json(json!({
        "removed": { "uid": stack.uid, "name": stack.name },
        "position": position,
        "count": count,
    })))
}

/// `GET /__sandbox/stacks`: every stack in list order with its job count, in one answer.
pub async fn show_stacks(State(state): State<AppState>) -> Json<Value> {
    let mut shared = state.lock();
    let stacks: Vec<Value> = shared
        .world_now()
        .stacks()
        .iter()
        .map(|entry| {
            json!({
                "uid": entry.stack.uid,
                "name": entry.stack.name,
                "environment": entry.stack.environment,
                "jobs": entry.jobs.len(),
            })
        })
        .collect();
    Json(json!({ "count": stacks.len(), "stacks": stacks }))
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
            if let Some(stack) = fault.stack {
                entry["stack"] = json!(stack);
            }
            if let Some(page) = fault.page {
                entry["page"] = json!(page);
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
