//! The typed client: it owns the credentials it sends, builds every URL, and
//! turns each answer into data or an [`ApiError`]. It knows nothing of the
//! app's state: what it learns from each answer (quota headers, throttling,
//! a rejected token) goes out as a [`Report`] to the one listener it is given.

use std::rc::Rc;

use leptos::prelude::{LocalStorage, StoredValue, UpdateValue, WithValue};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::credentials::Credentials;
use super::error::{ApiError, RetryHint};
use super::response::{interpret, Envelope, ResponseHeaders};
use super::transport::{self, Method, RawAnswer};
use crate::api::pagination::Pagination;
use crate::logic::model::{Action, Job, Stack};
use crate::logic::skew::parse_http_date;
use crate::logic::time::EpochMillis;
use crate::logic::url::encode_segment as segment;

/// The stack list is paged like every list; stop following `next` after this
/// many pages so a misbehaving server cannot keep us looping.
const MAX_STACK_PAGES: u32 = 50;

/// One page of a list the API pages (a stack's jobs, its actions).
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The entries that could be read, in the API's order.
    pub items: Vec<T>,
    /// How many entries of the page could not be read (e.g. no uid or id).
    pub unreadable: usize,
    /// Where this page sits among all pages.
    pub pagination: Pagination,
}

/// One page of a stack's jobs.
pub type JobsPage = Page<Job>;

/// One page of a stack's async actions, newest first.
pub type ActionsPage = Page<Action>;

/// The stacks the token sees.
#[derive(Clone, Debug, PartialEq)]
pub struct StackList {
    /// The stacks that could be read, in the API's order.
    pub stacks: Vec<Stack>,
    /// How many entries were not usable stacks (no uid).
    pub unreadable: usize,
}

/// What one answer told about the session and the quota.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// `X-RateLimit-Limit`, as sent.
    pub rate_limit: Option<String>,
    /// `X-RateLimit-Remaining`, as sent.
    pub rate_remaining: Option<String>,
    /// What the answer means for whoever keeps the session.
    pub verdict: Verdict,
    /// The API's clock as the answer's `Date` said it, if it said.
    pub clock: Option<ClockReading>,
}

/// The API's clock against the device's, from one answer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClockReading {
    /// The API's `Date` (whole seconds), in epoch ms.
    pub api_ms: EpochMillis,
    /// The device's clock when the answer arrived, in epoch ms.
    pub device_ms: EpochMillis,
}

impl ClockReading {
    /// The reading of an answer whose `Date` can be read; `None` without one
    /// (a proxy that drops it) or with one that is not an HTTP date.
    pub fn of(headers: &ResponseHeaders, received_ms: EpochMillis) -> Option<ClockReading> {
        let api_ms = parse_http_date(headers.date.as_deref()?)?;
        Some(ClockReading {
            api_ms,
            device_ms: received_ms,
        })
    }
}

/// The part of an answer that concerns the whole app, not the caller.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// An answer that was not throttled nor a rejected token.
    Answered,
    /// The hourly quota is used up.
    Throttled(Option<RetryHint>),
    /// The current token was rejected (401); the client has dropped it.
    Unauthenticated,
}

type Listener = Rc<dyn Fn(&Report)>;

struct Inner {
    credentials: Option<Credentials>,
    listener: Option<Listener>,
}

/// The client handle: `Copy`, so views and tasks can hold it freely.
#[derive(Clone, Copy)]
pub struct ApiClient(StoredValue<Inner, LocalStorage>);

impl ApiClient {
    /// A client with no credentials yet and nobody listening.
    pub fn new(credentials: Option<Credentials>) -> ApiClient {
        ApiClient(StoredValue::new_local(Inner {
            credentials,
            listener: None,
        }))
    }

    /// The one listener told about every answer (replaces any earlier one).
    pub fn on_report(&self, listener: impl Fn(&Report) + 'static) {
        self.0
            .update_value(|inner| inner.listener = Some(Rc::new(listener)));
    }

    /// What the client sends from now on; `None` signs it out.
    pub fn set_credentials(&self, credentials: Option<Credentials>) {
        self.0.update_value(|inner| inner.credentials = credentials);
    }

    /// The credentials the next request carries.
    pub fn credentials(&self) -> Option<Credentials> {
        self.0
            .try_with_value(|inner| inner.credentials.clone())
            .flatten()
    }

    /// Every stack the token can see, following the pages to the end. One
    /// unreadable entry is counted, not allowed to hide the others.
    pub async fn stacks(&self) -> Result<StackList, ApiError> {
        let mut list = StackList {
            stacks: Vec::new(),
            unreadable: 0,
        };
        let mut page = 1;
        loop {
            let envelope: Envelope<Vec<Value>> = self.get(&format!("/stacks?page={page}")).await?;
            for value in &envelope.response {
                match Stack::from_value(value) {
                    Some(stack) => list.stacks.push(stack),
                    None => list.unreadable += 1,
                }
            }
            match envelope.pagination.and_then(|p| p.next) {
                Some(next) if next > page && next <= MAX_STACK_PAGES => page = next,
                _ => return Ok(list),
            }
        }
    }

    /// One page (1-based) of a stack's jobs.
    pub async fn jobs(&self, stack_uid: &str, page: u32) -> Result<JobsPage, ApiError> {
        let path = format!("/stacks/{}/jobs?page={page}", segment(stack_uid));
        let envelope: Envelope<Vec<Value>> = self.get(&path).await?;
        Ok(jobs_page(envelope))
    }

    /// One job of a stack (`GET /stacks/{uid}/jobs/{job_uid}`): the job page
    /// opened by its URL.
    pub async fn job(&self, stack_uid: &str, job_uid: &str) -> Result<Job, ApiError> {
        let path = format!("/stacks/{}/jobs/{}", segment(stack_uid), segment(job_uid));
        let envelope: Envelope<Value> = self.get(&path).await?;
        Job::from_value(&envelope.response).map_err(|e| ApiError::Shape(e.0))
    }

    /// Runs a job now; `args` reach its command as `$1..$n`.
    pub async fn run_now(
        &self,
        stack_uid: &str,
        job_uid: &str,
        args: Option<&str>,
    ) -> Result<Action, ApiError> {
        self.post(&job_path(stack_uid, job_uid, "run_now"), run_body(args))
            .await
    }

    /// Pauses one job's schedule.
    pub async fn pause(&self, stack_uid: &str, job_uid: &str) -> Result<Action, ApiError> {
        self.post(&job_path(stack_uid, job_uid, "pause"), None)
            .await
    }

    /// Resumes one job's schedule.
    pub async fn unpause(&self, stack_uid: &str, job_uid: &str) -> Result<Action, ApiError> {
        self.post(&job_path(stack_uid, job_uid, "unpause"), None)
            .await
    }

    /// Pauses every job of the stack.
    pub async fn pause_all(&self, stack_uid: &str) -> Result<Action, ApiError> {
        let path = format!("/stacks/{}/jobs/pause_all", segment(stack_uid));
        self.post(&path, None).await
    }

    /// Resumes every job of the stack.
    pub async fn unpause_all(&self, stack_uid: &str) -> Result<Action, ApiError> {
        let path = format!("/stacks/{}/jobs/unpause_all", segment(stack_uid));
        self.post(&path, None).await
    }

    /// One page (1-based) of a stack's async actions: its run history.
    pub async fn actions(&self, stack_uid: &str, page: u32) -> Result<ActionsPage, ApiError> {
        let path = format!("/stacks/{}/actions?page={page}", segment(stack_uid));
        let envelope: Envelope<Vec<Value>> = self.get(&path).await?;
        Ok(actions_page(envelope))
    }

    /// The current state of an async action.
    pub async fn action(&self, stack_uid: &str, action_id: u64) -> Result<Action, ApiError> {
        let path = format!("/stacks/{}/actions/{action_id}", segment(stack_uid));
        Ok(self.get::<Action>(&path).await?.response)
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<Envelope<T>, ApiError> {
        let answer = self.send(Method::Get, path, None).await?;
        self.conclude(answer)
    }

    async fn post(&self, path: &str, body: Option<String>) -> Result<Action, ApiError> {
        let answer = self.send(Method::Post, path, body).await?;
        Ok(self.conclude::<Action>(answer)?.response)
    }

    /// Sends one request with the current credentials. Not generic over the
    /// payload, so that the async part is compiled once, not once per type.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<(Credentials, RawAnswer), ApiError> {
        let credentials = self.credentials().ok_or(ApiError::Unauthenticated)?;
        let url = format!("{}{path}", credentials.api_url);
        let answer = transport::send(method, &url, &credentials.token, body).await?;
        Ok((credentials, answer))
    }

    /// Reads an answer, tells the listener what it means for the app, and
    /// drops the credentials it was sent with if the API rejected them.
    fn conclude<T: DeserializeOwned>(
        &self,
        (sent_with, answer): (Credentials, RawAnswer),
    ) -> Result<Envelope<T>, ApiError> {
        let result = interpret(answer.status, &answer.headers, &answer.body);
        self.tell(&sent_with, &answer, result.as_ref().err());
        result
    }

    /// The part of [`Self::conclude`] that does not depend on the payload's
    /// type: compiled once, not once per type.
    #[inline(never)]
    fn tell(&self, sent_with: &Credentials, answer: &RawAnswer, error: Option<&ApiError>) {
        let current = self.credentials().as_ref() == Some(sent_with);
        let outcome: Result<(), ApiError> = error.map_or(Ok(()), |e| Err(e.clone()));
        let mut report = report_of(&answer.headers, &outcome, current);
        report.clock = ClockReading::of(&answer.headers, answer.received_ms);
        if report.verdict == Verdict::Unauthenticated {
            self.set_credentials(None);
        }
        if let Some(listener) = self.0.try_with_value(|i| i.listener.clone()).flatten() {
            listener(&report);
        }
    }
}

/// What an answer means for the app. A 401 for credentials that are no
/// longer current (the person signed in again meanwhile) means nothing.
pub fn report_of<T>(
    headers: &ResponseHeaders,
    result: &Result<T, ApiError>,
    credentials_current: bool,
) -> Report {
    let verdict = match result {
        Err(ApiError::Unauthenticated) if credentials_current => Verdict::Unauthenticated,
        Err(ApiError::Throttled(hint)) => Verdict::Throttled(*hint),
        _ => Verdict::Answered,
    };
    Report {
        rate_limit: headers.rate_limit.clone(),
        rate_remaining: headers.rate_remaining.clone(),
        verdict,
        clock: None,
    }
}

fn jobs_page(envelope: Envelope<Vec<Value>>) -> JobsPage {
    let total = envelope.response.len();
    let jobs: Vec<Job> = envelope
        .response
        .iter()
        .filter_map(|v| Job::from_value(v).ok())
        .collect();
    JobsPage {
        unreadable: total - jobs.len(),
        pagination: envelope
            .pagination
            .unwrap_or_else(|| Pagination::single(total)),
        items: jobs,
    }
}

fn actions_page(envelope: Envelope<Vec<Value>>) -> ActionsPage {
    let total = envelope.response.len();
    let actions: Vec<Action> = envelope
        .response
        .into_iter()
        // Through text: the reader of an action from text is in the wasm
        // already (every POST answers one); one from a `Value` would be new.
        .filter_map(|v| serde_json::from_str(&v.to_string()).ok())
        .collect();
    ActionsPage {
        unreadable: total - actions.len(),
        pagination: envelope
            .pagination
            .unwrap_or_else(|| Pagination::single(total)),
        items: actions,
    }
}

fn job_path(stack_uid: &str, job_uid: &str, verb: &str) -> String {
    format!(
        "/stacks/{}/jobs/{}/{verb}",
        segment(stack_uid),
        segment(job_uid)
    )
}

/// `{"job_args": "..."}` when there are arguments; no body otherwise.
fn run_body(args: Option<&str>) -> Option<String> {
    args.map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| serde_json::json!({ "job_args": a }).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(job_path("s", "a/b", "pause"), "/stacks/s/jobs/a%2Fb/pause");
    }

    #[test]
    fn run_bodies_carry_trimmed_arguments_only() {
        assert_eq!(run_body(None), None);
        assert_eq!(run_body(Some("  ")), None);
        assert_eq!(
            run_body(Some(" a \"b\" ")).as_deref(),
            Some(r#"{"job_args":"a \"b\""}"#)
        );
    }

    fn headers() -> ResponseHeaders {
        ResponseHeaders {
            rate_limit: Some("3600".into()),
            rate_remaining: Some("3597".into()),
            ..ResponseHeaders::default()
        }
    }

    #[test]
    fn reports_carry_the_quota_of_every_answer() {
        let ok: Result<(), ApiError> = Ok(());
        let report = report_of(&headers(), &ok, true);
        assert_eq!(report.rate_remaining.as_deref(), Some("3597"));
        assert_eq!(report.verdict, Verdict::Answered);
        let failed: Result<(), ApiError> = Err(ApiError::Network);
        assert_eq!(
            report_of(&headers(), &failed, true).verdict,
            Verdict::Answered
        );
    }

    #[test]
    fn the_date_header_is_a_clock_reading() {
        let dated = ResponseHeaders {
            date: Some("Sun, 06 Dec 2026 00:46:03 GMT".into()),
            ..headers()
        };
        assert_eq!(
            ClockReading::of(&dated, 5.0),
            Some(ClockReading {
                api_ms: 1_796_517_963_000.0,
                device_ms: 5.0
            })
        );
        assert_eq!(ClockReading::of(&headers(), 5.0), None);
        let odd = ResponseHeaders {
            date: Some("soon".into()),
            ..headers()
        };
        assert_eq!(ClockReading::of(&odd, 5.0), None);
    }

    #[test]
    fn only_a_401_for_the_current_token_signs_out() {
        let rejected: Result<(), ApiError> = Err(ApiError::Unauthenticated);
        assert_eq!(
            report_of(&headers(), &rejected, true).verdict,
            Verdict::Unauthenticated
        );
        assert_eq!(
            report_of(&headers(), &rejected, false).verdict,
            Verdict::Answered
        );
    }

    #[test]
    fn throttling_is_reported_with_its_hint() {
        let throttled: Result<(), ApiError> =
            Err(ApiError::Throttled(Some(RetryHint::AfterSeconds(30))));
        assert_eq!(
            report_of(&headers(), &throttled, true).verdict,
            Verdict::Throttled(Some(RetryHint::AfterSeconds(30)))
        );
    }

    #[test]
    fn a_jobs_page_counts_what_it_could_not_read() {
        let envelope: Envelope<Vec<Value>> =
            serde_json::from_str(r#"{"response":[{"uid":"a","name":"x"},{"name":"no uid"},7]}"#)
                .unwrap();
        let page = jobs_page(envelope);
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.unreadable, 2);
        assert_eq!(page.pagination.pages, 1);
    }

    #[test]
    fn an_actions_page_counts_what_it_could_not_read() {
        let envelope: Envelope<Vec<Value>> = serde_json::from_str(
            r#"{"response":[{"id":2,"action":"job_run_now"},{"action":"no id"},{"id":-1},"x"],
                "pagination":{"previous":1,"next":"3","current":2,"per_page":30,"count":48,"pages":2}}"#,
        )
        .unwrap();
        let page = actions_page(envelope);
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0].action, "job_run_now");
        assert_eq!(page.unreadable, 3);
        assert_eq!(page.pagination.previous, Some(1));
        assert_eq!(page.pagination.next, None);
        assert_eq!(page.pagination.label(), "Page 2 of 2");
    }

    #[test]
    fn an_actions_page_without_pagination_is_one_page() {
        let envelope: Envelope<Vec<Value>> = serde_json::from_str(r#"{"response":[]}"#).unwrap();
        let page = actions_page(envelope);
        assert!(page.items.is_empty());
        assert_eq!(page.pagination.label(), "Page 1 of 1");
    }
}
