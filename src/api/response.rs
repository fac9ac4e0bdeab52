//! Turns one HTTP answer into data or an [`ApiError`], with no browser in sight,
//! so that every status and every odd body is covered by plain unit tests.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::error::{ApiError, RetryHint};
use crate::api::pagination::Pagination;

/// The headers Jobdeck reads, as raw text.
#[derive(Clone, Debug, Default)]
pub struct ResponseHeaders {
    /// `X-RateLimit-Limit`.
    pub rate_limit: Option<String>,
    /// `X-RateLimit-Remaining`.
    pub rate_remaining: Option<String>,
    /// `Retry-After` (only seconds are understood).
    pub retry_after: Option<String>,
    /// `X-RateLimit-Reset` (Unix seconds, or seconds from now when small).
    pub rate_reset: Option<String>,
    /// `Date`: the API's clock when it answered (whole seconds).
    pub date: Option<String>,
}

/// A 2xx body: `{"response": ..., "count": N, "pagination": {...}}`.
#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    /// The payload.
    pub response: T,
    /// Items on all pages (lists only).
    #[serde(default)]
    pub count: Option<u64>,
    /// Where this page sits (lists only).
    #[serde(default)]
    pub pagination: Option<Pagination>,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
}

/// Reads one answer: a 2xx body becomes an [`Envelope`], anything else an [`ApiError`].
pub fn interpret<T: DeserializeOwned>(
    status: u16,
    headers: &ResponseHeaders,
    body: &str,
) -> Result<Envelope<T>, ApiError> {
    if (200..300).contains(&status) {
        // One pass straight into the payload's types; only a body that does
        // not fit them is read again, to tell broken JSON from a wrong shape.
        return serde_json::from_str(body).map_err(|e| unfit_body(status, body, &e));
    }
    Err(failure(status, headers, body))
}

/// The error a non-2xx answer stands for. Not generic, so compiled once.
fn failure(status: u16, headers: &ResponseHeaders, body: &str) -> ApiError {
    let error_body = serde_json::from_str::<ErrorBody>(body).ok();
    let is_json = error_body.is_some();
    let (code, description) = error_body
        .map(|b| (b.error, b.error_description))
        .unwrap_or_default();
    let throttled = status == 429 || (status == 503 && code.as_deref() == Some("throttled"));
    match status {
        _ if throttled => ApiError::Throttled(retry_hint(headers)),
        401 => ApiError::Unauthenticated,
        403 => ApiError::Forbidden(description),
        404 => ApiError::NotFound(description),
        _ if !is_json && !body.trim().is_empty() => ApiError::NotJson { status },
        _ => ApiError::Http {
            status,
            code,
            description,
        },
    }
}

/// Why a 2xx body could not be read: not JSON at all, no envelope, or a
/// payload of the wrong shape.
fn unfit_body(status: u16, body: &str, error: &serde_json::Error) -> ApiError {
    match serde_json::from_str::<serde_json::Value>(body) {
        Err(_) => ApiError::NotJson { status },
        Ok(value) if value.get("response").is_none() => {
            ApiError::Shape("no \"response\" field".into())
        }
        Ok(_) => ApiError::Shape(shape_detail(error)),
    }
}

/// serde's messages name Rust types ("expected u32"); say it in the API's
/// words instead: which field is missing, or that a value is of the wrong kind.
fn shape_detail(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        Some(field) => format!("the field \"{field}\" is missing"),
        None => "a field holds a value of an unexpected kind".into(),
    }
}

fn retry_hint(headers: &ResponseHeaders) -> Option<RetryHint> {
    let seconds = |v: &Option<String>| v.as_deref().and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(after) = seconds(&headers.retry_after) {
        return Some(RetryHint::AfterSeconds(after));
    }
    // Reset headers come either as a Unix time or as seconds to wait.
    seconds(&headers.rate_reset).map(|reset| {
        if reset > 1_000_000_000 {
            RetryHint::AtEpochSeconds(reset)
        } else {
            RetryHint::AfterSeconds(reset)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn none() -> ResponseHeaders {
        ResponseHeaders::default()
    }

    fn err(status: u16, body: &str) -> ApiError {
        interpret::<Value>(status, &none(), body).unwrap_err()
    }

    #[test]
    fn unwraps_a_list_envelope() {
        let body = r#"{"response":[1,2],"count":2,"pagination":{"previous":null,"next":null,"current":1,"per_page":30,"count":2,"pages":1}}"#;
        let envelope = interpret::<Vec<u8>>(200, &none(), body).unwrap();
        assert_eq!(envelope.response, vec![1, 2]);
        assert_eq!(envelope.count, Some(2));
        assert_eq!(envelope.pagination.unwrap().pages, 1);
    }

    #[test]
    fn maps_statuses_to_errors() {
        let json = |code: &str| format!(r#"{{"error":"{code}","error_description":"Words."}}"#);
        assert_eq!(
            err(401, &json("unauthenticated")),
            ApiError::Unauthenticated
        );
        assert_eq!(
            err(403, &json("forbidden")),
            ApiError::Forbidden(Some("Words.".into()))
        );
        assert_eq!(
            err(404, &json("not_found")),
            ApiError::NotFound(Some("Words.".into()))
        );
        assert_eq!(err(503, &json("throttled")), ApiError::Throttled(None));
        assert_eq!(err(429, ""), ApiError::Throttled(None));
        assert_eq!(
            err(503, &json("not_implemented")),
            ApiError::Http {
                status: 503,
                code: Some("not_implemented".into()),
                description: Some("Words.".into())
            }
        );
        assert_eq!(
            err(500, ""),
            ApiError::Http {
                status: 500,
                code: None,
                description: None
            }
        );
    }

    #[test]
    fn an_html_error_page_is_not_json() {
        let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        assert_eq!(err(502, html), ApiError::NotJson { status: 502 });
        assert_eq!(err(503, html), ApiError::NotJson { status: 503 });
    }

    #[test]
    fn a_broken_success_body_is_not_json() {
        assert_eq!(
            err(200, r#"{"response": [{"uid": "ab"#),
            ApiError::NotJson { status: 200 }
        );
        assert_eq!(err(200, "OK"), ApiError::NotJson { status: 200 });
        assert_eq!(err(200, ""), ApiError::NotJson { status: 200 });
    }

    #[test]
    fn json_of_the_wrong_shape_says_so() {
        assert!(matches!(err(200, r#"{"data":[]}"#), ApiError::Shape(_)));
        let e = interpret::<Vec<u8>>(200, &none(), r#"{"response":{"a":1}}"#).unwrap_err();
        match e {
            ApiError::Shape(detail) => assert!(!detail.contains("line"), "{detail}"),
            other => panic!("{other:?}"),
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Counted {
            id: u32,
        }
        for (body, said) in [
            (
                r#"{"response":{"id":-1}}"#,
                "a field holds a value of an unexpected kind",
            ),
            (r#"{"response":{}}"#, "the field \"id\" is missing"),
            (
                r#"{"response":[]}"#,
                "a field holds a value of an unexpected kind",
            ),
        ] {
            match interpret::<Counted>(200, &none(), body).unwrap_err() {
                ApiError::Shape(detail) => assert_eq!(detail, said),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn retry_hints_when_present() {
        let headers = ResponseHeaders {
            retry_after: Some("30".into()),
            ..none()
        };
        assert_eq!(
            interpret::<Value>(503, &headers, r#"{"error":"throttled"}"#).unwrap_err(),
            ApiError::Throttled(Some(RetryHint::AfterSeconds(30)))
        );
        let headers = ResponseHeaders {
            rate_reset: Some("1700000000".into()),
            ..none()
        };
        assert_eq!(
            interpret::<Value>(429, &headers, "").unwrap_err(),
            ApiError::Throttled(Some(RetryHint::AtEpochSeconds(1_700_000_000)))
        );
        let headers = ResponseHeaders {
            retry_after: Some("Wed, 21 Oct 2015 07:28:00 GMT".into()),
            ..none()
        };
        assert_eq!(
            interpret::<Value>(429, &headers, "").unwrap_err(),
            ApiError::Throttled(None)
        );
    }
}
