//! The layers every `/api/3` request passes, outermost first: stats, latency, (CORS), faults,
//! then authentication and the rate limit; and around the whole sandbox, the `Date` header.
//! They read and change [`AppState`]; the data types they work on (tokens, the limiter, the
//! fault queue, the stats, the clock) know nothing of them.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, DATE, RETRY_AFTER};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::bearer_token;
use crate::clock::format_http_date;
use crate::error::ApiError;
use crate::faults::{Fault, FaultKind};
use crate::rate_limit::{set_quota_headers, Verdict};
use crate::server::ConnectionHandle;
use crate::state::AppState;
use crate::stats::Target;

/// Writes the stated clock's time into the `Date` header of every answer, once it is ready
/// (after latency and `slow` faults). hyper adds a `Date` only to answers that have none, so
/// there is one.
pub async fn stamp_date(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let now = state.lock().clock.now_unix();
    if let Ok(date) = HeaderValue::from_str(&format_http_date(now)) {
        response.headers_mut().insert(DATE, date);
    }
    response
}

/// Counts every request that reaches `/api/3`, and leaves its [`Target`] on it for the faults.
pub async fn count(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let uri = request.uri();
    let target = Target::of(request.method(), uri.path(), uri.query());
    state.lock().stats.record(request.method(), &target);
    request.extensions_mut().insert(target);
    next.run(request).await
}

/// Waits the configured latency before passing the request on.
pub async fn add_latency(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let latency = state.lock().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    next.run(request).await
}

/// Answers with the next queued fault for this request's route instead of the API.
/// OPTIONS requests pass; a `slow` fault waits, then lets the request through.
pub async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    // `count` left it on the request; worked out again only if it is not there.
    let computed;
    let target = match request.extensions().get::<Target>() {
        Some(target) => target,
        None => {
            let uri = request.uri();
            computed = Target::of(request.method(), uri.path(), uri.query());
            &computed
        }
    };
    let fault = {
        let mut shared = state.lock();
        shared.faults.take(target).map(|fault| {
            let config = shared.config;
            // The JSON faults pretend to come from the API, so they carry its quota headers.
            let quota = match bearer_token(request.headers()) {
                Some(token) if shared.tokens.check(token).is_ok() => {
                    shared.limiter.peek(token, config, Instant::now())
                }
                _ => (config.rate_limit, config.rate_limit),
            };
            (fault, quota)
        })
    };
    let Some((fault, (limit, remaining))) = fault else {
        return next.run(request).await;
    };
    match fault.kind {
        FaultKind::Slow => {
            tokio::time::sleep(fault.delay).await;
            next.run(request).await
        }
        FaultKind::Drop => {
            // Cloned out first: a borrowed request (its body is not Sync) cannot cross an await.
            let connection = request.extensions().get::<ConnectionHandle>().cloned();
            drop_connection(connection).await
        }
        _ => broken_answer(&fault, limit, remaining),
    }
}

/// The answer a fault gives in place of the API's.
fn broken_answer(fault: &Fault, limit: u64, remaining: u64) -> Response {
    const JSON: &str = "application/json";
    let with_quota = |error: ApiError, remaining: u64| {
        let mut response = error.into_response();
        set_quota_headers(response.headers_mut(), limit, remaining);
        response
    };
    match fault.kind {
        FaultKind::ServerError => with_quota(
            ApiError::internal("Injected fault: the server failed to answer."),
            remaining,
        ),
        FaultKind::NotFound => with_quota(
            ApiError::not_found("Injected fault: no such resource."),
            remaining,
        ),
        FaultKind::Throttled => with_quota(
            ApiError::throttled("Injected fault: rate limit reached. Try again later."),
            0,
        ),
        // As the guard answers a token it does not accept: the whole limit is left.
        FaultKind::Unauthenticated => with_quota(
            ApiError::unauthenticated("Injected fault: the token is not valid."),
            limit,
        ),
        FaultKind::TooManyRequests => {
            let mut response = with_quota(
                ApiError::too_many_requests("Injected fault: too many requests. Slow down."),
                0,
            );
            let retry_after = fault.retry_after.as_deref().map(HeaderValue::from_str);
            if let Some(Ok(value)) = retry_after {
                response.headers_mut().insert(RETRY_AFTER, value);
            }
            response
        }
        FaultKind::BadGateway => (
            StatusCode::BAD_GATEWAY,
            [(CONTENT_TYPE, "text/html")],
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
             <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
             </body>\r\n</html>\r\n",
        )
            .into_response(),
        FaultKind::Truncated => (
            StatusCode::OK,
            [(CONTENT_TYPE, JSON)],
            r#"{"response": [{"uid": "ab"#,
        )
            .into_response(),
        FaultKind::NotJson => (
            StatusCode::OK,
            [(CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Service temporarily unavailable. This body is not JSON.",
        )
            .into_response(),
        FaultKind::Empty => (StatusCode::OK, [(CONTENT_TYPE, JSON)], "").into_response(),
        FaultKind::NullResponse => (
            StatusCode::OK,
            [(CONTENT_TYPE, JSON)],
            r#"{"response": null}"#,
        )
            .into_response(),
        FaultKind::Html200 => (
            StatusCode::OK,
            [(CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n<body><h1>Sign in to \
             continue</h1><form method=\"post\" action=\"/login\"><input name=\"email\">\
             <button>Sign in</button></form></body></html>\n",
        )
            .into_response(),
        // Handled by `inject` before it gets here.
        FaultKind::Slow | FaultKind::Drop => {
            ApiError::internal("Injected fault: not an answer.").into_response()
        }
    }
}

/// Closes the request's connection with nothing sent.
async fn drop_connection(connection: Option<ConnectionHandle>) -> Response {
    match connection {
        Some(connection) => {
            connection.close();
            // The connection task drops this request with the connection; nothing is sent.
            std::future::pending().await
        }
        None => ApiError::internal(
            "The drop fault needs the sandbox's own accept loop (jobdeck_sandbox::serve).",
        )
        .into_response(),
    }
}

/// What the guard decided, taken under the lock and acted on after it is released.
enum Decision {
    Allowed { limit: u64, remaining: u64 },
    Throttled(ApiError, u64),
    Unauthenticated(ApiError, u64),
    Anonymous(u64),
}

/// 401 without a valid token (except `/ping`), 503 `throttled` past the token's quota, and the
/// quota headers on every answer.
///
/// Without a valid token there is no quota to report, so the headers then say the full limit
/// is left. `/ping` with a valid token is counted like any other request.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let public = request.uri().path() == "/ping";
    let decision = {
        let mut shared = state.lock();
        let config = shared.config;
        let checked = match bearer_token(request.headers()) {
            None => Err(ApiError::unauthenticated(
                "No bearer token: send Authorization: Bearer <token>.",
            )),
            Some(token) => shared.tokens.check(token).map(|()| token),
        };
        match checked {
            Ok(token) => match shared.limiter.check(token, config, Instant::now()) {
                Verdict::Allowed { limit, remaining } => Decision::Allowed { limit, remaining },
                Verdict::Throttled { limit, retry_after } => {
                    let seconds = retry_after.as_secs_f64().ceil();
                    let description = format!(
                        "Rate limit of {limit} requests per {} s reached. Try again in {seconds} s.",
                        config.window.as_secs()
                    );
                    Decision::Throttled(ApiError::throttled(description), limit)
                }
            },
            Err(_) if public => Decision::Anonymous(config.rate_limit),
            Err(error) => Decision::Unauthenticated(error, config.rate_limit),
        }
    };
    let (mut response, limit, remaining) = match decision {
        Decision::Allowed { limit, remaining } => (next.run(request).await, limit, remaining),
        Decision::Anonymous(limit) => (next.run(request).await, limit, limit),
        Decision::Throttled(error, limit) => (error.into_response(), limit, 0),
        Decision::Unauthenticated(error, limit) => (error.into_response(), limit, limit),
    };
    set_quota_headers(response.headers_mut(), limit, remaining);
    response
}
