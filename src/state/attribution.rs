//! Which job each action started on this device was for. The API's actions
//! do not name their job, so the app records it when the POST answers (the
//! job, its arguments, the action id) and how it ended when it followed it to
//! the end. Kept in localStorage under [`STORAGE_KEY`], the last
//! [`MAX_RECORDS`] only; never the token. Storage that is missing, full or
//! corrupt costs the records, never the app.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::browser::{now_ms, storage_read, storage_set, StorageKind};
use crate::logic::history::{failure_message, took_ms, Outcome};
use crate::logic::model::Action;
use crate::state::activity::{ActionKind, ActionRequest, Progress, Target};

/// The localStorage key of the records.
pub const STORAGE_KEY: &str = "jobdeck.runs";
/// Records kept; older ones drop off.
pub const MAX_RECORDS: usize = 500;

/// One action started by this app on this device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The stack's uid.
    pub stack: String,
    /// The action's id, as the POST answered.
    pub action: u64,
    /// The job's uid; `None` for an action on the whole stack.
    #[serde(default)]
    pub job: Option<String>,
    /// The job's name when it was started.
    #[serde(default)]
    pub name: Option<String>,
    /// The arguments of a Run now, as sent.
    #[serde(default)]
    pub args: Option<String>,
    /// What was asked, stored as the API's action code.
    #[serde(with = "kind_code")]
    pub kind: ActionKind,
    /// When the POST answered, epoch ms (this device's clock).
    pub started: f64,
    /// When the app saw it end, epoch ms; `None` if it did not follow it to the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<f64>,
    /// `Some(true)` succeeded, `Some(false)` failed, `None` unknown or not over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// The API's message, or why the outcome is unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl RunRecord {
    /// How it ended, as far as this device saw.
    pub fn outcome(&self) -> Outcome {
        match (self.finished, self.success) {
            (None, _) => Outcome::Running,
            (Some(_), Some(true)) => Outcome::Succeeded,
            (Some(_), Some(false)) => Outcome::Failed(failure_message(self.message.as_deref())),
            (Some(_), None) => Outcome::Unknown(self.message.clone().unwrap_or_default()),
        }
    }

    /// From the POST's answer to the end the app saw.
    pub fn took_ms(&self) -> Option<f64> {
        took_ms(Some(self.started), self.finished)
    }
}

/// The action codes the API uses, which are also how a kind is stored.
mod kind_code {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::state::activity::ActionKind;

    const CODES: [(ActionKind, &str); 5] = [
        (ActionKind::RunNow, "job_run_now"),
        (ActionKind::Pause, "job_pause_handler"),
        (ActionKind::Unpause, "job_unpause_handler"),
        (ActionKind::PauseAll, "jobs_pause_all"),
        (ActionKind::UnpauseAll, "jobs_unpause_all"),
    ];

    pub fn serialize<S: Serializer>(kind: &ActionKind, s: S) -> Result<S::Ok, S::Error> {
        let code = CODES.iter().find(|(k, _)| k == kind).map_or("", |(_, c)| c);
        s.serialize_str(code)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ActionKind, D::Error> {
        let code = String::deserialize(d)?;
        CODES
            .iter()
            .find(|(_, c)| *c == code)
            .map(|(k, _)| *k)
            .ok_or_else(|| D::Error::custom("unknown action code"))
    }
}

/// The records of a stored text, or `None` when it is not a list at all
/// (the entry is then dropped); records that cannot be read are left out.
fn parse(text: &str) -> Option<Vec<RunRecord>> {
    serde_json::from_str::<Value>(text)
        .ok()
        .filter(Value::is_array)
        .map(|_| read(Some(text)))
}

/// Reads stored records one by one: one unreadable record is dropped, not
/// allowed to take the others with it; anything but a list is no records.
pub fn read(text: Option<&str>) -> Vec<RunRecord> {
    let Some(Ok(Value::Array(values))) = text.map(serde_json::from_str::<Value>) else {
        return Vec::new();
    };
    let mut records: Vec<RunRecord> = values
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect();
    trim(&mut records);
    records
}

/// Adds a record (replacing one for the same action), oldest dropped past the bound.
pub fn add(records: &mut Vec<RunRecord>, record: RunRecord) {
    records.retain(|r| !(r.stack == record.stack && r.action == record.action));
    records.push(record);
    trim(records);
}

/// Writes how an action ended into its record, if it is still there.
pub fn end(records: &mut [RunRecord], stack: &str, action: u64, at: f64, progress: &Progress) {
    let (success, message) = match progress {
        Progress::Running(_) | Progress::NotSent(_) => return,
        Progress::Succeeded(message) => (Some(true), message.clone()),
        Progress::Failed(why) => (Some(false), Some(why.clone())),
        Progress::Unknown(why) => (None, Some(why.clone())),
    };
    if let Some(record) = records
        .iter_mut()
        .find(|r| r.stack == stack && r.action == action)
    {
        record.finished = Some(at);
        record.success = success;
        record.message = message;
    }
}

fn trim(records: &mut Vec<RunRecord>) {
    let extra = records.len().saturating_sub(MAX_RECORDS);
    records.drain(..extra);
}

/// The record of a request whose POST just answered with `action`.
pub fn record_of(request: &ActionRequest, action: &Action, now: f64) -> RunRecord {
    let (job, name) = match &request.target {
        Target::Job(job) => (Some(job.uid.clone()), Some(job.name.clone())),
        Target::Stack { .. } => (None, None),
    };
    RunRecord {
        stack: request.stack_uid.clone(),
        action: action.id,
        job,
        name,
        args: request
            .args
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string),
        kind: request.kind,
        started: now,
        finished: None,
        success: None,
        message: None,
    }
}

/// The records of this device. `Copy`, provided once as context.
#[derive(Clone, Copy)]
pub struct Attribution {
    /// Oldest first.
    records: RwSignal<Vec<RunRecord>>,
    /// Actions this tab started and still follows, to find their record at
    /// the end: one action per request at a time (busy targets refuse more).
    open: StoredValue<Vec<(ActionRequest, u64)>>,
}

impl Attribution {
    /// The records stored on this device, or none.
    pub fn load() -> Attribution {
        Attribution {
            records: RwSignal::new(
                storage_read(StorageKind::Local, STORAGE_KEY, parse).unwrap_or_default(),
            ),
            open: StoredValue::new(Vec::new()),
        }
    }

    /// Records that the POST of `request` answered with `action`.
    pub fn started(&self, request: &ActionRequest, action: &Action) {
        let record = record_of(request, action, now_ms());
        self.open
            .update_value(|open| open.push((request.clone(), action.id)));
        self.change(|records| add(records, record));
    }

    /// Records how the action of `request` ended, as the app followed it.
    pub fn ended(&self, request: &ActionRequest, progress: &Progress) {
        let mut id = None;
        self.open.update_value(|open| {
            if let Some(at) = open.iter().position(|(r, _)| r == request) {
                id = Some(open.remove(at).1);
            }
        });
        if let Some(id) = id {
            let now = now_ms();
            self.change(|records| end(records, &request.stack_uid, id, now, progress));
        }
    }

    /// The record of one action of a stack, if this device started it. Reactive.
    pub fn find(&self, stack: &str, action: u64) -> Option<RunRecord> {
        self.records.with(|records| {
            records
                .iter()
                .find(|r| r.stack == stack && r.action == action)
                .cloned()
        })
    }

    /// The runs (Run now) of one job, newest first. Reactive.
    pub fn runs_of(&self, stack: &str, job: &str) -> Vec<RunRecord> {
        self.records.with(|records| {
            records
                .iter()
                .rev()
                .filter(|r| {
                    r.kind == ActionKind::RunNow
                        && r.stack == stack
                        && r.job.as_deref() == Some(job)
                })
                .cloned()
                .collect()
        })
    }

    /// Applies a change to what is stored now (another tab may have added
    /// records since this one read them), stores it and shows it.
    fn change(&self, apply: impl FnOnce(&mut Vec<RunRecord>)) {
        let mut records = match storage_read(StorageKind::Local, STORAGE_KEY, parse) {
            Some(records) => records,
            // No storage (private mode), nothing stored or a corrupt entry
            // (now dropped): memory is all there is.
            None => self.records.get_untracked(),
        };
        apply(&mut records);
        if let Ok(text) = serde_json::to_string(&records) {
            // A full or disabled storage keeps the records for this tab only.
            storage_set(StorageKind::Local, STORAGE_KEY, &text);
        }
        self.records.try_set(records);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::activity::runner::job_request;

    fn action(id: u64) -> Action {
        serde_json::from_value(serde_json::json!({ "id": id })).unwrap()
    }

    fn run(id: u64, args: Option<&str>) -> RunRecord {
        let mut request = job_request("s", "j", "db-backup", ActionKind::RunNow);
        request.args = args.map(str::to_string);
        record_of(&request, &action(id), 1_000.0)
    }

    #[test]
    fn records_round_trip_without_secrets() {
        let records = vec![run(1, Some(" a b ")), run(2, None)];
        let text = serde_json::to_string(&records).unwrap();
        assert_eq!(read(Some(&text)), records);
        assert_eq!(records[0].args.as_deref(), Some("a b"));
        assert!(text.contains(r#""kind":"job_run_now""#), "{text}");
        assert!(!text.to_lowercase().contains("token"), "{text}");
    }

    #[test]
    fn corrupt_or_missing_storage_starts_empty() {
        for text in [None, Some(""), Some("{"), Some("null"), Some(r#"{"a":1}"#)] {
            assert!(read(text).is_empty(), "{text:?}");
        }
        let mixed = r#"[{"stack":"s","action":1,"kind":"job_run_now","started":5},
            {"stack":"s","action":2,"kind":"job_explode","started":5}, 7, null]"#;
        let records = read(Some(mixed));
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].outcome(), Outcome::Running);
    }

    #[test]
    fn keeps_the_last_500() {
        let mut records = Vec::new();
        for id in 0..(MAX_RECORDS as u64 + 20) {
            add(&mut records, run(id, None));
        }
        assert_eq!(records.len(), MAX_RECORDS);
        assert_eq!(records[0].action, 20);
        // The same action again replaces its record instead of adding one.
        add(&mut records, run(300, Some("x")));
        assert_eq!(records.len(), MAX_RECORDS);
        assert_eq!(records.last().map(|r| r.args.as_deref()), Some(Some("x")));
    }

    #[test]
    fn the_end_is_written_into_the_record() {
        let mut records = vec![run(1, None), run(2, None), run(3, None)];
        end(&mut records, "s", 1, 5_000.0, &Progress::Succeeded(None));
        end(
            &mut records,
            "s",
            2,
            13_000.0,
            &Progress::Failed("exit 1".into()),
        );
        end(
            &mut records,
            "s",
            3,
            9_000.0,
            &Progress::Unknown("401".into()),
        );
        end(
            &mut records,
            "other",
            1,
            9_000.0,
            &Progress::Failed("x".into()),
        );
        assert_eq!(records[0].outcome(), Outcome::Succeeded);
        assert_eq!(records[0].took_ms(), Some(4_000.0));
        assert_eq!(records[1].outcome().words(), "Failed: exit 1");
        assert_eq!(records[2].outcome(), Outcome::Unknown("401".into()));
    }

    #[test]
    fn stack_wide_actions_name_no_job() {
        let request = ActionRequest {
            stack_uid: "s".into(),
            target: Target::Stack {
                name: "Acme".into(),
            },
            kind: ActionKind::PauseAll,
            args: None,
        };
        let record = record_of(&request, &action(9), 0.0);
        let text = serde_json::to_string(&record).unwrap();
        assert!(text.contains(r#""kind":"jobs_pause_all""#), "{text}");
        assert_eq!((record.job, record.name), (None, None));
    }
}
