//! Bearer tokens, and the guard every `/api/3` request passes: authentication, then the rate limit.

use std::collections::HashSet;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header::{HeaderMap, AUTHORIZATION};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::rate_limit::{set_quota_headers, Verdict};
use crate::state::AppState;

/// The tokens the sandbox accepts, and those revoked since the last reset.
#[derive(Debug, Default)]
pub struct Tokens {
    valid: HashSet<String>,
    revoked: HashSet<String>,
}

impl Tokens {
    /// Accepts exactly `tokens`.
    pub fn new(tokens: &[String]) -> Self {
        Self {
            valid: tokens.iter().cloned().collect(),
            revoked: HashSet::new(),
        }
    }

    /// Ok for a valid token; a 401 that says why otherwise.
    pub fn check(&self, token: &str) -> Result<(), ApiError> {
        if self.valid.contains(token) {
            Ok(())
        } else if self.revoked.contains(token) {
            Err(ApiError::unauthenticated(
                "The token has been revoked. Create a new personal access token.",
            ))
        } else {
            Err(ApiError::unauthenticated("The token is not valid."))
        }
    }

    /// Stops accepting `token`; false when it was not valid.
    pub fn revoke(&mut self, token: &str) -> bool {
        let was_valid = self.valid.remove(token);
        if was_valid {
            self.revoked.insert(token.to_owned());
        }
        was_valid
    }
}

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// What the guard decided, taken under the lock and acted on after it is released.
enum Decision {
    Allowed { limit: u64, remaining: u64 },
    Throttled(ApiError, u64),
    Unauthenticated(ApiError, u64),
    Anonymous(u64),
}

/// Middleware on `/api/3`: 401 without a valid token (except `/ping`), 503 `throttled` past
/// the token's quota, and the quota headers on every answer.
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

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn reads_bearer_tokens_only() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer_token(&headers), None);
        headers.insert(AUTHORIZATION, HeaderValue::from_static("bearer abc "));
        assert_eq!(bearer_token(&headers), Some("abc"));
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer_token(&headers), None);
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(bearer_token(&headers), None);
    }

    #[test]
    fn a_revoked_token_is_refused_with_a_reason() {
        let mut tokens = Tokens::new(&["a".to_owned()]);
        assert!(tokens.check("a").is_ok());
        assert!(tokens.revoke("a"));
        assert!(!tokens.revoke("a"));
        let error = tokens.check("a").err();
        assert!(error.is_some_and(|e| e.description.contains("revoked")));
    }
}
