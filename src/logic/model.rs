//! The domain as Jobdeck sees it, parsed once at the edge. Parsing is lenient
//! where the API may surprise us (unknown job types and statuses, missing
//! params) and strict only where the app cannot work without a field (a job
//! with no `uid` cannot be acted on).

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::logic::time::{parse_api_date, EpochMillis};

/// One stack (an application environment on Cloud 66).
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    /// Used in URLs.
    pub uid: String,
    /// The stack's name as the person gave it.
    pub name: String,
    /// e.g. "production"; free text.
    pub environment: Option<String>,
}

impl Stack {
    /// Reads one element of the stack list; only a usable `uid` is required.
    pub fn from_value(value: &Value) -> Option<Stack> {
        let object = value.as_object()?;
        let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_string);
        Some(Stack {
            uid: uid_of(object)?,
            name: text("name").unwrap_or_default(),
            environment: text("environment").filter(|e| !e.trim().is_empty()),
        })
    }

    /// "Acme (production)", or the uid when the stack has no name.
    pub fn label(&self) -> String {
        let name = if self.name.trim().is_empty() {
            self.uid.as_str()
        } else {
            self.name.as_str()
        };
        match &self.environment {
            Some(env) if !env.is_empty() => format!("{name} ({env})"),
            _ => name.to_string(),
        }
    }
}

/// What kind of job this is, which decides where its command lives in `params`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// `DockerHostTaskJob`: `params.command` runs on the host.
    HostTask,
    /// `DockerServiceTaskJob`: `params.task` runs in a service's container.
    ServiceTask,
    /// `RakeJob`: `params.task` is a rake task.
    Rake,
    /// A type these docs do not describe; shown by its raw name.
    Other(String),
}

impl JobKind {
    fn from_api(name: &str) -> JobKind {
        match name {
            "DockerHostTaskJob" => JobKind::HostTask,
            "DockerServiceTaskJob" => JobKind::ServiceTask,
            "RakeJob" => JobKind::Rake,
            other => JobKind::Other(other.to_string()),
        }
    }

    /// The API's own name of the type, e.g. `DockerHostTaskJob`.
    pub fn api_name(&self) -> &str {
        match self {
            JobKind::HostTask => "DockerHostTaskJob",
            JobKind::ServiceTask => "DockerServiceTaskJob",
            JobKind::Rake => "RakeJob",
            JobKind::Other(name) => name,
        }
    }

    /// A short word for the Type column.
    pub fn label(&self) -> &str {
        match self {
            JobKind::HostTask => "Host",
            JobKind::ServiceTask => "Service",
            JobKind::Rake => "Rake",
            JobKind::Other(name) if name.is_empty() => "Unknown",
            JobKind::Other(name) => name,
        }
    }
}

/// The result of a job's last run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobStatus {
    /// 0: edited and not run since.
    Updated,
    /// 1: running now.
    Running,
    /// 2: the last run succeeded.
    Succeeded,
    /// 3: the last run failed.
    Failed,
    /// Any other number, or none at all.
    Unknown(Option<i64>),
}

impl JobStatus {
    /// Reads the API's `status` (a number, or a number in a string).
    pub fn from_api(value: Option<&Value>) -> JobStatus {
        let number = value.and_then(|v| match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        });
        match number {
            Some(0) => JobStatus::Updated,
            Some(1) => JobStatus::Running,
            Some(2) => JobStatus::Succeeded,
            Some(3) => JobStatus::Failed,
            other => JobStatus::Unknown(other),
        }
    }

    /// The word the table shows: "Updated", "Running", "Succeeded", "Failed",
    /// "Unknown (7)".
    pub fn label(self) -> String {
        match self {
            JobStatus::Updated => "Updated".into(),
            JobStatus::Running => "Running".into(),
            JobStatus::Succeeded => "Succeeded".into(),
            JobStatus::Failed => "Failed".into(),
            JobStatus::Unknown(Some(n)) => format!("Unknown ({n})"),
            JobStatus::Unknown(None) => "Unknown".into(),
        }
    }
}

/// One scheduled job of a stack.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Used in URLs.
    pub uid: String,
    /// Free text; may hold anything, HTML included: always rendered as text.
    pub name: String,
    /// What kind of job this is.
    pub kind: JobKind,
    /// The cron expression, or `None` for a job run on demand only.
    pub cron: Option<String>,
    /// The result of the last run.
    pub status: JobStatus,
    /// Whether the schedule is paused.
    pub paused: bool,
    /// The job's params, kept as they came.
    pub params: Map<String, Value>,
    /// When the job was created, if the API said and we could read it.
    pub created_at: Option<EpochMillis>,
    /// When the job last changed, if the API said and we could read it.
    pub updated_at: Option<EpochMillis>,
}

impl AsRef<Job> for Job {
    fn as_ref(&self) -> &Job {
        self
    }
}

/// A job as an action or a dialog names it: enough to act on and to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobRef {
    /// Used in URLs.
    pub uid: String,
    /// Shown to people.
    pub name: String,
}

/// A stack as a view spanning stacks names it: its uid and its label.
/// Cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackLabel {
    /// Used in URLs.
    pub uid: Arc<str>,
    /// "Acme (production)", as [`Stack::label`] says.
    pub label: Arc<str>,
}

/// A job and its stack: what views and batches that span stacks (All jobs)
/// act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobInStack {
    /// The stack's uid.
    pub stack: Arc<str>,
    /// The job.
    pub job: JobRef,
}

/// Why one job of a list could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadableJob(pub String);

impl Job {
    /// Builds a job from one element of the API's list. Only `uid` is
    /// required; every other field falls back to something that still shows.
    pub fn from_value(value: &Value) -> Result<Job, UnreadableJob> {
        let object = value
            .as_object()
            .ok_or_else(|| UnreadableJob("a job that is not an object".into()))?;
        let uid = uid_of(object).ok_or_else(|| UnreadableJob("a job without a uid".into()))?;
        let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_string);
        Ok(Job {
            name: text("name").unwrap_or_else(|| "(unnamed job)".into()),
            kind: JobKind::from_api(&text("type").unwrap_or_default()),
            cron: text("cron").filter(|c| !c.trim().is_empty()),
            status: JobStatus::from_api(object.get("status")),
            paused: object
                .get("paused")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            params: object
                .get("params")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            created_at: text("created_at").and_then(|t| parse_api_date(&t)),
            updated_at: text("updated_at").and_then(|t| parse_api_date(&t)),
            uid,
        })
    }

    /// The job's uid and name.
    pub fn reference(&self) -> JobRef {
        JobRef {
            uid: self.uid.clone(),
            name: self.name.clone(),
        }
    }

    /// The schedule column: the cron text, or "On demand".
    pub fn schedule(&self) -> &str {
        self.cron.as_deref().unwrap_or("On demand")
    }

    /// What the job runs, as a person would want to read it: the command of a
    /// host task, the task and service of a service task, the rake task, or
    /// every param as `key: value` for other kinds.
    pub fn command(&self) -> String {
        let param = |key: &str| self.params.get(key).map(value_text);
        match self.kind {
            JobKind::HostTask if param("command").is_some() => param("command").unwrap_or_default(),
            JobKind::ServiceTask if param("task").is_some() => {
                let task = param("task").unwrap_or_default();
                match param("service_name") {
                    Some(service) => format!("{task} (service {service})"),
                    None => task,
                }
            }
            JobKind::Rake if param("task").is_some() => {
                format!("rake {}", param("task").unwrap_or_default())
            }
            _ => self
                .params
                .iter()
                .map(|(k, v)| format!("{k}: {}", value_text(v)))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// A `uid` that can go in a URL: a non-blank string, or a number.
fn uid_of(object: &Map<String, Value>) -> Option<String> {
    match object.get("uid") {
        Some(Value::String(uid)) if !uid.trim().is_empty() => Some(uid.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Null => None,
        other => Some(other.to_string()),
    })
}

fn text_or_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(lenient_string(d)?.unwrap_or_default())
}

/// An async action: what every POST answers with, followed until it finishes.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Action {
    /// Used to poll `GET /stacks/{uid}/actions/{id}`.
    pub id: u64,
    /// e.g. `job_run_now`; empty when the API sent none.
    #[serde(default, deserialize_with = "text_or_empty")]
    pub action: String,
    /// Who started it, e.g. `ops@example.com`.
    #[serde(default, deserialize_with = "lenient_string")]
    pub user: Option<String>,
    /// How it was started, e.g. `api` or `web`.
    #[serde(default, deserialize_with = "lenient_string")]
    pub started_via: Option<String>,
    /// When it started (ISO 8601), as sent.
    #[serde(default, deserialize_with = "lenient_string")]
    pub started_at: Option<String>,
    /// What it acted on, e.g. `stack`.
    #[serde(default, deserialize_with = "lenient_string")]
    pub resource_type: Option<String>,
    /// The id of what it acted on: a string on the API, a number on some servers.
    #[serde(default, deserialize_with = "lenient_string")]
    pub resource_id: Option<String>,
    /// When it finished, or `None` while it runs.
    #[serde(default)]
    pub finished_at: Option<String>,
    /// `Some(true)` on success, `Some(false)` on failure, `None` while running.
    #[serde(default)]
    pub finished_success: Option<bool>,
    /// The API's own words about the outcome.
    #[serde(default, deserialize_with = "lenient_string")]
    pub finished_message: Option<String>,
}

impl Action {
    /// An action is over once `finished_at` is set.
    pub fn is_finished(&self) -> bool {
        self.finished_at.as_deref().is_some_and(|t| !t.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The job of the seed's "Jobs list" sample, exactly.
    fn seed_job() -> Value {
        let body: Value =
            serde_json::from_str(include_str!("../../tests/fixtures/seed-jobs-list.json")).unwrap();
        body["response"][0].clone()
    }

    #[test]
    fn reads_the_seed_sample() {
        let job = Job::from_value(&seed_job()).unwrap();
        assert_eq!(job.uid, "b375afb170b468c238be44cec1058d0f");
        assert_eq!(job.name, "pies");
        assert_eq!(job.kind, JobKind::HostTask);
        assert_eq!(job.schedule(), "01 00 1 * *");
        assert_eq!(job.status, JobStatus::Failed);
        assert_eq!(job.status.label(), "Failed");
        assert!(!job.paused);
        assert_eq!(job.command(), "ls -lta");
        assert_eq!(job.created_at, Some(1_698_161_909_000.0));
        assert_eq!(job.updated_at, Some(1_698_161_954_000.0));
    }

    #[test]
    fn null_cron_is_on_demand() {
        let mut v = seed_job();
        v["cron"] = Value::Null;
        assert_eq!(Job::from_value(&v).unwrap().schedule(), "On demand");
    }

    #[test]
    fn statuses_map_to_words() {
        let words: Vec<String> = [
            json!(0),
            json!(1),
            json!(2),
            json!(3),
            json!(7),
            json!("2"),
            json!(null),
        ]
        .iter()
        .map(|s| JobStatus::from_api(Some(s)).label())
        .collect();
        assert_eq!(
            words,
            [
                "Updated",
                "Running",
                "Succeeded",
                "Failed",
                "Unknown (7)",
                "Succeeded",
                "Unknown"
            ]
        );
        assert_eq!(JobStatus::from_api(None).label(), "Unknown");
    }

    #[test]
    fn commands_per_type() {
        let job = |kind: &str, params: Value| {
            let mut v = seed_job();
            v["type"] = json!(kind);
            v["params"] = params;
            Job::from_value(&v).unwrap()
        };
        assert_eq!(
            job(
                "DockerServiceTaskJob",
                json!({"task": "bin/warm", "service_name": "web", "private_ip": "10.0.0.5"})
            )
            .command(),
            "bin/warm (service web)"
        );
        assert_eq!(
            job("RakeJob", json!({"task": "reports:nightly"})).command(),
            "rake reports:nightly"
        );
        let other = job(
            "KubernetesCronJob",
            json!({"namespace": "jobs", "replicas": 2}),
        );
        assert_eq!(other.kind.label(), "KubernetesCronJob");
        assert_eq!(other.command(), "namespace: jobs, replicas: 2");
        // A host task whose params lack `command` still shows what it has.
        assert_eq!(
            job("DockerHostTaskJob", json!({"cmd": "ls"})).command(),
            "cmd: ls"
        );
    }

    #[test]
    fn a_job_missing_everything_but_uid_still_shows() {
        let job = Job::from_value(&json!({"uid": "abc"})).unwrap();
        assert_eq!(job.name, "(unnamed job)");
        assert_eq!(job.kind.label(), "Unknown");
        assert_eq!(job.status.label(), "Unknown");
        assert_eq!(job.schedule(), "On demand");
        assert_eq!(job.command(), "");
        assert_eq!(job.updated_at, None);
    }

    #[test]
    fn fields_of_the_wrong_kind_do_not_break_a_job() {
        let job = Job::from_value(&json!({
            "uid": "abc", "name": 42, "type": ["x"], "cron": 5, "status": {"a": 1},
            "paused": "yes", "params": "ls", "updated_at": "soon", "created_at": 5
        }))
        .unwrap();
        assert_eq!(job.created_at, None);
        assert_eq!(job.status.label(), "Unknown");
        assert!(!job.paused);
        assert!(job.params.is_empty());
    }

    #[test]
    fn a_job_without_uid_is_unreadable() {
        assert!(Job::from_value(&json!({"name": "x"})).is_err());
        assert!(Job::from_value(&json!("x")).is_err());
    }

    #[test]
    fn html_names_are_kept_verbatim() {
        let mut v = seed_job();
        v["name"] = json!("<img src=x onerror=alert(1)>");
        assert_eq!(
            Job::from_value(&v).unwrap().name,
            "<img src=x onerror=alert(1)>"
        );
    }

    #[test]
    fn reads_the_seed_action() {
        let action: Action = serde_json::from_value(json!({
            "id": 2593, "user": "test@example.com", "resource_type": "stack",
            "action": "job_run_now", "resource_id": "1602", "started_via": "api",
            "started_at": "2016-02-04T12:52:24Z", "finished_at": null,
            "finished_success": null, "finished_message": null
        }))
        .unwrap();
        assert_eq!(action.id, 2593);
        assert!(!action.is_finished());
        assert_eq!(action.user.as_deref(), Some("test@example.com"));
        assert_eq!(action.started_via.as_deref(), Some("api"));
        assert_eq!(action.started_at.as_deref(), Some("2016-02-04T12:52:24Z"));
        assert_eq!(action.resource_type.as_deref(), Some("stack"));
        assert_eq!(action.resource_id.as_deref(), Some("1602"));
    }

    #[test]
    fn odd_action_fields_do_not_break_an_action() {
        let action: Action = serde_json::from_value(json!({
            "id": 7, "action": null, "user": null, "resource_id": 1602,
            "started_via": 3, "finished_message": {"a": 1}
        }))
        .unwrap();
        assert_eq!(action.action, "");
        assert_eq!(action.user, None);
        assert_eq!(action.resource_id.as_deref(), Some("1602"));
        assert_eq!(action.started_via.as_deref(), Some("3"));
        assert_eq!(action.started_at, None);
        let bare: Action = serde_json::from_value(json!({"id": 8})).unwrap();
        assert_eq!((bare.action.as_str(), bare.is_finished()), ("", false));
    }

    #[test]
    fn stack_labels() {
        let s =
            Stack::from_value(&json!({"uid": "u1", "name": "Acme", "environment": "production"}))
                .unwrap();
        assert_eq!(s.label(), "Acme (production)");
        let s = Stack::from_value(&json!({"uid": "u1"})).unwrap();
        assert_eq!(s.label(), "u1");
    }

    #[test]
    fn odd_stacks_are_read_or_skipped_one_by_one() {
        let s = Stack::from_value(&json!({"uid": 17, "name": null, "environment": 3})).unwrap();
        assert_eq!((s.uid.as_str(), s.label()), ("17", "17".to_string()));
        assert!(Stack::from_value(&json!({"name": "no uid"})).is_none());
        assert!(Stack::from_value(&json!({"uid": " "})).is_none());
        assert!(Stack::from_value(&json!(null)).is_none());
    }
}
