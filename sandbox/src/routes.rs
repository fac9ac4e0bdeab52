//! Handlers of `/api/3`: small functions that read or change the world under a short lock.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::header::{HeaderMap, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::response::IntoResponse;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::envelope::{self, Envelope, Page};
use crate::error::ApiError;
use crate::model::Action;
use crate::state::AppState;
use crate::world::{Command, SANDBOX_USER};

/// Path parameters; a path that cannot be read is a route that does not exist (404).
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| Self(value))
            .map_err(|_| ApiError::not_found("No such resource"))
    }
}

/// `GET /ping`: no token needed.
pub async fn ping() -> impl IntoResponse {
    envelope::single(json!({ "ok": true }))
}

/// `GET /ping/auth`: the guard already checked the token.
pub async fn ping_auth() -> impl IntoResponse {
    envelope::single(json!({ "ok": true, "user": SANDBOX_USER }))
}

/// `GET /stacks?page=N`.
pub async fn list_stacks(State(state): State<AppState>, page: Page) -> impl IntoResponse {
    let (stacks, total) = {
        let mut shared = state.lock();
        let all = shared.world_now().stacks();
        let stacks: Vec<_> = page.slice(all).iter().map(|e| e.stack.clone()).collect();
        (stacks, all.len())
    };
    envelope::list(stacks, page, total)
}

/// `GET /stacks/{stack}`.
pub async fn get_stack(
    State(state): State<AppState>,
    ApiPath(stack_uid): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    let stack = state.lock().world_now().stack(&stack_uid)?.stack.clone();
    Ok(envelope::single(stack))
}

/// `GET /stacks/{stack}/jobs?page=N`: pages of 30.
pub async fn list_jobs(
    State(state): State<AppState>,
    ApiPath(stack_uid): ApiPath<String>,
    page: Page,
) -> Result<impl IntoResponse, ApiError> {
    let (jobs, total) = {
        let mut shared = state.lock();
        let all = &shared.world_now().stack(&stack_uid)?.jobs;
        (page.slice(all).to_vec(), all.len())
    };
    Ok(envelope::list(jobs, page, total))
}

/// `GET /stacks/{stack}/jobs/{job}`.
pub async fn get_job(
    State(state): State<AppState>,
    ApiPath((stack_uid, job_uid)): ApiPath<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let job = state.lock().world_now().job(&stack_uid, &job_uid)?.clone();
    Ok(envelope::single(job))
}

/// `POST /stacks/{stack}/jobs/{job}/run_now`: `job_args` from a JSON body, a form body or the
/// query string, in that order of preference. A paused job runs too: pausing stops the schedule.
pub async fn run_now(
    State(state): State<AppState>,
    ApiPath((stack_uid, job_uid)): ApiPath<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<impl IntoResponse, ApiError> {
    let args = job_args(&headers, query.as_deref(), &body)?;
    submit(&state, &stack_uid, Command::RunNow { job_uid, args })
}

/// `POST /stacks/{stack}/jobs/{job}/pause`.
pub async fn pause(
    State(state): State<AppState>,
    ApiPath((stack_uid, job_uid)): ApiPath<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    submit(&state, &stack_uid, Command::Pause { job_uid })
}

/// `POST /stacks/{stack}/jobs/{job}/unpause`.
pub async fn unpause(
    State(state): State<AppState>,
    ApiPath((stack_uid, job_uid)): ApiPath<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    submit(&state, &stack_uid, Command::Unpause { job_uid })
}

/// `POST /stacks/{stack}/jobs/pause_all`.
pub async fn pause_all(
    State(state): State<AppState>,
    ApiPath(stack_uid): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    submit(&state, &stack_uid, Command::PauseAll)
}

/// `POST /stacks/{stack}/jobs/unpause_all`.
pub async fn unpause_all(
    State(state): State<AppState>,
    ApiPath(stack_uid): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    submit(&state, &stack_uid, Command::UnpauseAll)
}

/// `GET /stacks/{stack}/actions?page=N`: newest first, pages of 30.
pub async fn list_actions(
    State(state): State<AppState>,
    ApiPath(stack_uid): ApiPath<String>,
    page: Page,
) -> Result<impl IntoResponse, ApiError> {
    let (actions, total) = {
        let mut shared = state.lock();
        let all = shared.world_now().actions(&stack_uid)?;
        let actions: Vec<Action> = page.slice(&all).iter().map(|a| (*a).clone()).collect();
        (actions, all.len())
    };
    Ok(envelope::list(actions, page, total))
}

/// `GET /stacks/{stack}/actions/{id}`: poll it until `finished_at` is set.
pub async fn get_action(
    State(state): State<AppState>,
    ApiPath((stack_uid, id)): ApiPath<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let action = state.lock().world_now().action(&stack_uid, &id)?.clone();
    Ok(envelope::single(action))
}

/// Starts an async action and answers with it at once.
fn submit(
    state: &AppState,
    stack_uid: &str,
    command: Command,
) -> Result<Json<Envelope<Action>>, ApiError> {
    let mut shared = state.lock();
    let delay = shared.config.action_delay;
    let now = (Instant::now(), shared.clock.now_ms());
    let action = shared.world_now().submit(stack_uid, command, delay, now)?;
    Ok(envelope::single(action))
}

/// Reads `job_args`; an empty string counts as no arguments.
fn job_args(
    headers: &HeaderMap,
    query: Option<&str>,
    body: &[u8],
) -> Result<Option<String>, ApiError> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let body_text = std::str::from_utf8(body)
        .map_err(|_| ApiError::bad_request("The request body is not UTF-8"))?
        .trim();
    let looks_like_json = body_text.starts_with('{') || body_text.starts_with('[');
    let from_body = if body_text.is_empty() {
        None
    } else if content_type.contains("json") || (content_type.is_empty() && looks_like_json) {
        let value: Value = serde_json::from_str(body_text).map_err(|error| {
            ApiError::bad_request(format!("The body is not valid JSON: {error}"))
        })?;
        // An array or a string is valid JSON but holds no `job_args`: refuse it, run nothing.
        let Value::Object(fields) = value else {
            return Err(ApiError::bad_request(
                "The JSON body must be an object, e.g. {\"job_args\": \"a b\"}",
            ));
        };
        match fields.get("job_args") {
            None | Some(Value::Null) => None,
            Some(Value::String(args)) => Some(args.clone()),
            Some(_) => return Err(ApiError::bad_request("job_args must be a string")),
        }
    } else {
        form_value(body_text, "job_args")
    };
    let args = from_body.or_else(|| query.and_then(|query| form_value(query, "job_args")));
    Ok(args.filter(|args| !args.trim().is_empty()))
}

/// The value of `key` in an `application/x-www-form-urlencoded` string.
fn form_value(encoded: &str, key: &str) -> Option<String> {
    form_urlencoded::parse(encoded.as_bytes())
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.into_owned())
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn with_type(content_type: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers
    }

    #[test]
    fn reads_job_args_from_json_form_or_query() {
        let json = with_type("application/json");
        let form = with_type("application/x-www-form-urlencoded");
        let none = HeaderMap::new();
        let read = |headers, query, body: &str| job_args(headers, query, body.as_bytes());
        assert_eq!(
            read(&json, None, r#"{"job_args":"a b"}"#),
            Ok(Some("a b".into()))
        );
        assert_eq!(
            read(&none, None, r#"{"job_args":"x"}"#),
            Ok(Some("x".into()))
        );
        assert_eq!(
            read(&form, None, "job_args=a+b%21"),
            Ok(Some("a b!".into()))
        );
        assert_eq!(
            read(&none, Some("job_args=q%201"), ""),
            Ok(Some("q 1".into()))
        );
        assert_eq!(read(&json, Some("job_args=q"), "{}"), Ok(Some("q".into())));
        assert_eq!(read(&json, None, r#"{"job_args":""}"#), Ok(None));
        assert!(read(&json, None, "{oops").is_err());
        assert!(read(&json, None, r#"{"job_args":[1]}"#).is_err());
        for not_an_object in [r#"["a b"]"#, r#""a b""#, "42", "null"] {
            assert!(read(&json, None, not_an_object).is_err(), "{not_an_object}");
        }
        assert!(read(&none, None, r#"["a"]"#).is_err());
    }
}
