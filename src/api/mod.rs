//! The Cloud 66 API v3 jobs endpoints: the typed client, its domain types and
//! its errors. Views call [`ApiClient`] and never see URLs, headers or JSON.

mod client;
pub mod error;
pub mod response;
pub mod types;

pub use client::{ApiClient, JobsPage};
pub use error::ApiError;
pub use types::{Action, Job, JobKind, JobStatus, Stack};
