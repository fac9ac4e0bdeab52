//! The Cloud 66 API v3 jobs endpoints: the typed client, its domain types and
//! its errors. Views call [`ApiClient`] and never see URLs, headers or JSON.
//! Nothing here knows about the app's state, pages or components.

mod client;
pub mod credentials;
pub mod error;
pub mod response;
mod transport;
pub mod types;

pub use client::{report_of, ActionsPage, ApiClient, JobsPage, Report, StackList, Verdict};
pub use credentials::{Credentials, CredentialsProblem, DEFAULT_API_URL};
pub use error::{ApiError, RetryHint};
pub use transport::{forget_prefetched, REQUEST_TIMEOUT};
pub use types::{Action, Job, JobKind, JobRef, JobStatus, Stack};
