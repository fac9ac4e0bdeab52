//! Errors in the shape the Cloud 66 API sends them: `{"error": code, "error_description": text}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An error answer of the API: an HTTP status, a documented code and a human description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status of the answer.
    pub status: StatusCode,
    /// The documented machine-readable code, e.g. `not_found`.
    pub code: &'static str,
    /// A sentence for people.
    pub description: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            code,
            description: description.into(),
        }
    }

    /// 400 `bad_request`: the request itself is malformed (a bad page number, a bad body).
    pub fn bad_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", description)
    }

    /// 401 `unauthenticated`: no token, an unknown token, or a revoked one.
    pub fn unauthenticated(description: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", description)
    }

    /// 404 `not_found`: an unknown stack, job, action or route.
    pub fn not_found(description: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", description)
    }

    /// 408 `time_out`: the request did not arrive in time.
    pub fn time_out(description: impl Into<String>) -> Self {
        Self::new(StatusCode::REQUEST_TIMEOUT, "time_out", description)
    }

    /// 503 `throttled`: the token used up its requests for the current window.
    pub fn throttled(description: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "throttled", description)
    }

    /// 429 `throttled`: not documented by the API, only sent by fault injection; the code is
    /// the one the API's own throttling uses, as clients are told to treat both alike.
    pub fn too_many_requests(description: impl Into<String>) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "throttled", description)
    }

    /// 500 `internal_server_error`: only ever sent by fault injection.
    pub fn internal(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_server_error",
            description,
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.code, "error_description": self.description });
        (self.status, Json(body)).into_response()
    }
}

/// The answer to any path or method the API does not have.
pub async fn route_not_found() -> ApiError {
    ApiError::not_found("No such route in the Cloud 66 API v3 sandbox")
}
