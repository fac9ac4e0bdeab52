//! The Cloud 66 API v3 jobs endpoints: the typed client, the envelope and its
//! pagination, and the errors. Views call [`ApiClient`] and never see URLs,
//! headers or JSON. The data it returns are the plain types of
//! [`crate::logic::model`]; it imports nothing else of the app but `logic`.

mod client;
pub mod credentials;
pub mod error;
pub mod pagination;
pub mod response;
mod transport;

pub use client::{
    report_of, ActionsPage, ApiClient, ClockReading, JobsPage, Page, Report, StackList, Verdict,
};
pub use credentials::{Credentials, CredentialsProblem, DEFAULT_API_URL};
pub use error::{ApiError, RetryHint};
pub use transport::{forget_prefetched, REQUEST_TIMEOUT};
