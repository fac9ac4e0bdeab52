//! The one place that talks HTTP: it adds the bearer header, reads the quota
//! headers of every answer (errors included), unwraps the envelope and maps
//! failures to [`ApiError`]. A 401 signs the person out; a throttled answer
//! pauses every caller until the quota window is expected to reset.

use std::time::Duration;

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::ApiError;
use super::response::{interpret, Envelope, ResponseHeaders};
use super::types::{Action, Job, Stack};
use crate::logic::pagination::Pagination;
use crate::state::session::Session;
use crate::state::AppState;

/// A request that has not answered after this long counts as a network failure.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The stack list is paged like every list; stop following `next` after this
/// many pages so a misbehaving server cannot keep us looping.
const MAX_STACK_PAGES: u32 = 50;

/// One page of a stack's jobs.
#[derive(Clone, Debug, PartialEq)]
pub struct JobsPage {
    /// The jobs that could be read, in the API's order.
    pub jobs: Vec<Job>,
    /// How many entries of the page were not usable jobs (e.g. no uid).
    pub unreadable: usize,
    /// Where this page sits among all pages.
    pub pagination: Pagination,
}

/// The typed client. Cheap to copy: it only holds handles to app state.
#[derive(Clone, Copy)]
pub struct ApiClient {
    state: AppState,
}

impl ApiClient {
    /// A client that reports quota, throttling and 401s into `state`.
    pub fn new(state: AppState) -> ApiClient {
        ApiClient { state }
    }

    /// Every stack the token can see, following the pages to the end.
    pub async fn stacks(&self) -> Result<Vec<Stack>, ApiError> {
        let mut stacks = Vec::new();
        let mut page = 1;
        loop {
            let envelope: Envelope<Vec<Stack>> = self.get(&format!("/stacks?page={page}")).await?;
            stacks.extend(envelope.response);
            match envelope.pagination.and_then(|p| p.next) {
                Some(next) if next > page && next <= MAX_STACK_PAGES => page = next,
                _ => return Ok(stacks),
            }
        }
    }

    /// One page (1-based) of a stack's jobs.
    pub async fn jobs(&self, stack_uid: &str, page: u32) -> Result<JobsPage, ApiError> {
        let path = format!("/stacks/{}/jobs?page={page}", segment(stack_uid));
        let envelope: Envelope<Vec<Value>> = self.get(&path).await?;
        let total = envelope.response.len();
        let jobs: Vec<Job> = envelope
            .response
            .iter()
            .filter_map(|v| Job::from_value(v).ok())
            .collect();
        Ok(JobsPage {
            unreadable: total - jobs.len(),
            pagination: envelope
                .pagination
                .unwrap_or_else(|| Pagination::single(total)),
            jobs,
        })
    }

    /// Runs a job now; `args` reach its command as `$1..$n`.
    pub async fn run_now(
        &self,
        stack_uid: &str,
        job_uid: &str,
        args: Option<&str>,
    ) -> Result<Action, ApiError> {
        let path = format!(
            "/stacks/{}/jobs/{}/run_now",
            segment(stack_uid),
            segment(job_uid)
        );
        let body = args
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| serde_json::json!({ "job_args": a }).to_string());
        self.post(&path, body).await
    }

    /// Pauses one job's schedule.
    pub async fn pause(&self, stack_uid: &str, job_uid: &str) -> Result<Action, ApiError> {
        self.job_post(stack_uid, job_uid, "pause").await
    }

    /// Resumes one job's schedule.
    pub async fn unpause(&self, stack_uid: &str, job_uid: &str) -> Result<Action, ApiError> {
        self.job_post(stack_uid, job_uid, "unpause").await
    }

    /// Pauses every job of the stack.
    pub async fn pause_all(&self, stack_uid: &str) -> Result<Action, ApiError> {
        self.post(
            &format!("/stacks/{}/jobs/pause_all", segment(stack_uid)),
            None,
        )
        .await
    }

    /// Resumes every job of the stack.
    pub async fn unpause_all(&self, stack_uid: &str) -> Result<Action, ApiError> {
        self.post(
            &format!("/stacks/{}/jobs/unpause_all", segment(stack_uid)),
            None,
        )
        .await
    }

    /// The current state of an async action.
    pub async fn action(&self, stack_uid: &str, action_id: u64) -> Result<Action, ApiError> {
        let path = format!("/stacks/{}/actions/{action_id}", segment(stack_uid));
        Ok(self.get::<Action>(&path).await?.response)
    }

    async fn job_post(
        &self,
        stack_uid: &str,
        job_uid: &str,
        verb: &str,
    ) -> Result<Action, ApiError> {
        let path = format!(
            "/stacks/{}/jobs/{}/{verb}",
            segment(stack_uid),
            segment(job_uid)
        );
        self.post(&path, None).await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<Envelope<T>, ApiError> {
        let answer = self.send(Request::get, path, None).await?;
        self.interpret(answer)
    }

    async fn post(&self, path: &str, body: Option<String>) -> Result<Action, ApiError> {
        let answer = self.send(Request::post, path, body).await?;
        let envelope: Envelope<Action> = self.interpret(answer)?;
        Ok(envelope.response)
    }

    /// Sends one request and reads its whole answer. Not generic over the
    /// payload, so that the async part is compiled once, not once per type.
    async fn send(
        &self,
        method: fn(&str) -> RequestBuilder,
        path: &str,
        body: Option<String>,
    ) -> Result<Answer, ApiError> {
        let session = self
            .state
            .session
            .get_untracked()
            .ok_or(ApiError::Unauthenticated)?;
        // The browser's own timer aborts a request that hangs: no Rust closure
        // to schedule, or to leak when the answer comes first.
        let timeout = web_sys::AbortSignal::timeout_with_u32(REQUEST_TIMEOUT.as_millis() as u32);
        let builder = method(&format!("{}{path}", session.api_url))
            .header("Authorization", &format!("Bearer {}", session.token))
            .header("Accept", "application/json")
            .abort_signal(Some(&timeout));
        let request = match body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body),
            None => builder.build(),
        }
        .map_err(|_| ApiError::Network)?;

        let (status, headers, body) = read(request.send().await).await?;
        self.state.note_quota(&headers);
        Ok(Answer {
            session,
            status,
            headers,
            body,
        })
    }

    /// Turns an answer into data and tells app state how the call went.
    fn interpret<T: DeserializeOwned>(&self, answer: Answer) -> Result<Envelope<T>, ApiError> {
        let result = interpret(answer.status, &answer.headers, &answer.body);
        match &result {
            Ok(_) => self.state.note_success(),
            Err(ApiError::Unauthenticated) => self.state.expire_session(&answer.session),
            Err(ApiError::Throttled(hint)) => self.state.note_throttled(*hint),
            Err(_) => {}
        }
        result
    }
}

/// One answer as it came, with the session it was sent with.
struct Answer {
    session: Session,
    status: u16,
    headers: ResponseHeaders,
    body: String,
}

/// Status, headers and the whole body; a body that breaks off mid-way is a
/// network failure, like no answer at all.
async fn read(
    sent: Result<Response, gloo_net::Error>,
) -> Result<(u16, ResponseHeaders, String), ApiError> {
    let response = sent.map_err(|_| ApiError::Network)?;
    let raw = response.headers();
    let headers = ResponseHeaders {
        rate_limit: raw.get("x-ratelimit-limit"),
        rate_remaining: raw.get("x-ratelimit-remaining"),
        retry_after: raw.get("retry-after"),
        rate_reset: raw.get("x-ratelimit-reset"),
    };
    let body = response.text().await.map_err(|_| ApiError::Network)?;
    Ok((response.status(), headers, body))
}

/// Percent-encodes one path segment, so an odd uid cannot change the path.
fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(
            segment("5999b763474b0eafa5fafb64bff0ba80"),
            "5999b763474b0eafa5fafb64bff0ba80"
        );
        assert_eq!(segment("../x y/é"), "..%2Fx%20y%2F%C3%A9");
    }
}
