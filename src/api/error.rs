//! Every way a request can fail, each with words a person understands.

use std::fmt;

/// When the API said it will accept requests again, if it said at all.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RetryHint {
    /// `Retry-After: N` or a small `X-RateLimit-Reset`: N seconds from now.
    AfterSeconds(u64),
    /// An `X-RateLimit-Reset` given as Unix seconds.
    AtEpochSeconds(u64),
}

/// A failed API call, mapped from the HTTP status, the body, or the network.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// 401: the token is missing, wrong or revoked.
    Unauthenticated,
    /// 403: the token lacks the scope for this request.
    Forbidden(Option<String>),
    /// 404: the stack, job or action does not exist (or is not visible).
    NotFound(Option<String>),
    /// 503 `throttled` or 429: the hourly quota is used up.
    Throttled(Option<RetryHint>),
    /// Any other 4xx or 5xx with a JSON error body (or none).
    Http {
        /// The HTTP status.
        status: u16,
        /// The API's `error` code, e.g. `conflict`.
        code: Option<String>,
        /// The API's `error_description`.
        description: Option<String>,
    },
    /// The request never got an answer: network down, server gone, connection dropped.
    Network,
    /// No answer within the request timeout; the API may still have acted on it.
    TimedOut,
    /// An answer whose body is not JSON (a proxy's HTML error page, a cut-off body).
    NotJson {
        /// The HTTP status that came with it.
        status: u16,
    },
    /// JSON, but not in the documented shape.
    Shape(String),
}

impl ApiError {
    /// One or two sentences for a `role="alert"`: what went wrong and what to do next.
    pub fn message(&self) -> String {
        match self {
            ApiError::Unauthenticated => {
                "The API rejected the token (401). Sign in again.".into()
            }
            ApiError::Forbidden(description) => format!(
                "This token is not allowed to do that (403){}. Use a token with the public scope.",
                detail(description)
            ),
            ApiError::NotFound(description) => format!(
                "Not found (404){}. It may have been removed; pick another stack.",
                detail(description)
            ),
            ApiError::Throttled(_) => {
                "The hourly API quota is used up (throttled). Jobdeck loads the page again by itself when the quota window resets."
                    .into()
            }
            ApiError::Http {
                status,
                code,
                description,
            } => {
                let code = code.as_deref().map(|c| format!(" {c}")).unwrap_or_default();
                let advice = if *status >= 500 {
                    "The service is having trouble; try again in a moment."
                } else {
                    "The request was refused; reload the page and try again."
                };
                format!("The API answered {status}{code}{}. {advice}", detail(description))
            }
            ApiError::Network => "Could not reach the API: the network is down or the server \
                closed the connection. Check the connection and try again."
                .into(),
            ApiError::TimedOut => {
                "The API did not answer within 30 seconds. Try again in a moment.".into()
            }
            ApiError::NotJson { status } => format!(
                "The API answered (HTTP {status}) with something that is not JSON; a proxy in \
                 between may be failing. Try again in a moment."
            ),
            ApiError::Shape(what) => format!(
                "The API's answer was not in the expected form ({what}). Try again in a \
                 moment; if it keeps happening, the API may have changed."
            ),
        }
    }

    /// Whether asking again later may succeed without the person doing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Throttled(_)
                | ApiError::Network
                | ApiError::TimedOut
                | ApiError::NotJson { .. }
                | ApiError::Shape(_)
                | ApiError::Http { status: 500.., .. }
        )
    }
}

fn detail(description: &Option<String>) -> String {
    match description.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => format!(": {}", d.trim_end_matches('.')),
        _ => String::new(),
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_sentences_without_debug_dumps() {
        let all = [
            ApiError::Unauthenticated,
            ApiError::Forbidden(Some("Scope missing".into())),
            ApiError::NotFound(None),
            ApiError::Throttled(None),
            ApiError::Http {
                status: 500,
                code: Some("internal_error".into()),
                description: Some("Boom.".into()),
            },
            ApiError::Network,
            ApiError::TimedOut,
            ApiError::NotJson { status: 502 },
            ApiError::Shape("no response field".into()),
        ];
        for error in all {
            let m = error.message();
            assert!(m.ends_with('.'), "{m}");
            assert!(!m.contains("Some("), "{m}");
            assert!(!m.contains('{'), "{m}");
        }
    }

    #[test]
    fn the_401_message_is_the_contract_one() {
        assert_eq!(
            ApiError::Unauthenticated.message(),
            "The API rejected the token (401). Sign in again."
        );
    }

    #[test]
    fn descriptions_are_quoted_once() {
        let m = ApiError::Http {
            status: 409,
            code: Some("conflict".into()),
            description: Some("Job is busy.".into()),
        }
        .message();
        assert_eq!(
            m,
            "The API answered 409 conflict: Job is busy. The request was refused; reload the page and try again."
        );
    }

    #[test]
    fn transient_errors() {
        assert!(ApiError::Network.is_transient());
        assert!(ApiError::NotJson { status: 502 }.is_transient());
        assert!(!ApiError::Unauthenticated.is_transient());
        assert!(!ApiError::Http {
            status: 400,
            code: None,
            description: None
        }
        .is_transient());
    }
}
