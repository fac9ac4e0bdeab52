//! The API's objects as they go over the wire: stacks, jobs and async actions.

use serde::Serialize;
use serde_json::Value;

/// A stack as the stacks endpoints show it.
#[derive(Debug, Clone, Serialize)]
pub struct Stack {
    /// Used in URLs.
    pub uid: String,
    /// Free text.
    pub name: String,
    /// `production`, `staging`, `development`...
    pub environment: String,
    /// Cloud 66 stack status code (1 = deployed).
    pub status: u8,
    /// Cloud 66 health code (3 = healthy).
    pub health: u8,
    /// Host name of the stack.
    pub fqdn: String,
    /// Git repository.
    pub git: String,
    /// Deployed branch.
    pub git_branch: String,
    /// Application language.
    pub language: String,
    /// Application framework.
    pub framework: String,
    /// Cloud provider.
    pub cloud: String,
    /// `"YYYY-MM-DD HH:MM:SS UTC"`.
    pub last_activity: String,
    /// `"YYYY-MM-DD HH:MM:SS UTC"`.
    pub created_at: String,
    /// `"YYYY-MM-DD HH:MM:SS UTC"`.
    pub updated_at: String,
}

/// A scheduled job as the jobs endpoints show it.
#[derive(Debug, Clone, Serialize)]
pub struct Job {
    /// 32 hex characters, used in URLs.
    pub uid: String,
    /// Free text: may hold HTML, quotes, emoji.
    pub name: String,
    /// `DockerHostTaskJob`, `DockerServiceTaskJob`, `RakeJob` or anything else.
    #[serde(rename = "type")]
    pub kind: String,
    /// Five-field cron expression, or `None` for an on-demand job.
    pub cron: Option<String>,
    /// Last run: 0 Updated, 1 Started, 2 Success, 3 Failed; other values are unknown.
    pub status: i64,
    /// A paused job does not run on its schedule.
    pub paused: bool,
    /// Depends on `kind`; some jobs have no `params` key at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
    /// `"YYYY-MM-DD HH:MM:SS UTC"`.
    pub created_at: String,
    /// `"YYYY-MM-DD HH:MM:SS UTC"`; bumped when `status` or `paused` changes.
    pub updated_at: String,
    /// Whether a run of this job fails: the sandbox's script, never sent.
    #[serde(skip)]
    pub fails: bool,
}

/// Job status 1: the job is running.
pub const STATUS_STARTED: i64 = 1;
/// Job status 2: the last run succeeded.
pub const STATUS_SUCCESS: i64 = 2;
/// Job status 3: the last run failed.
pub const STATUS_FAILED: i64 = 3;

/// An async action: what every POST answers with, and the stack's run history.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    /// Increasing integer.
    pub id: u64,
    /// E-mail of the user who started it.
    pub user: String,
    /// Always `stack`.
    pub resource_type: String,
    /// `job_run_now`, `job_pause_handler`, `job_unpause_handler`, `jobs_pause_all`,
    /// `jobs_unpause_all`; the seeded history also has a code no client knows.
    pub action: String,
    /// The stack's numeric id, as a string.
    pub resource_id: String,
    /// `api` (always, for actions started through the sandbox) or `web`.
    pub started_via: String,
    /// ISO 8601.
    pub started_at: String,
    /// ISO 8601, `None` while running.
    pub finished_at: Option<String>,
    /// `None` while running.
    pub finished_success: Option<bool>,
    /// What happened, `None` while running.
    pub finished_message: Option<String>,
    /// Always `null` in the sandbox, as in every documented sample.
    pub finished_result: Option<Value>,
    /// Always `{}`, as in every documented sample.
    pub metadata: Value,
    /// The stack the action belongs to: the URL, not the body, says it.
    #[serde(skip)]
    pub stack_uid: String,
}
