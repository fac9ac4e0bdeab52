//! Since your last visit: what a stack's jobs looked like the last time
//! this device showed them, and what changed since (a job that failed,
//! recovered, was paused or unpaused by anyone, was added or removed).
//!
//! No request is made for it: it compares what is loaded anyway. A stack's
//! jobs are often only partly loaded (page 1 of 3), so a snapshot says
//! whether it held every job: a job missing from a complete snapshot is
//! added, and one missing from the jobs now on screen is removed only when
//! those are complete too.
//!
//! Kept on this device as one JSON value, the [`MAX_STACKS`] stacks shown
//! most recently; read entry by entry, so a bad entry (corrupt, from an
//! older version) is dropped alone and never costs the others.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::logic::model::{Job, JobStatus};

/// Stacks remembered; the ones shown longest ago drop off.
pub const MAX_STACKS: usize = 50;

/// The format of what is stored; another version is not read.
const VERSION: u64 = 1;

/// One job as it was shown: what a change is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenJob {
    /// Its name then, to name it once it is gone.
    pub name: String,
    /// Its status.
    pub status: JobStatus,
    /// Whether it was paused.
    pub paused: bool,
}

/// A stack's jobs as shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StackSeen {
    /// By uid.
    pub jobs: BTreeMap<String, SeenJob>,
    /// Every job of the stack was there (all its pages were loaded).
    pub complete: bool,
}

impl StackSeen {
    /// The jobs on screen now; `complete` when every page is loaded.
    pub fn of<'a>(jobs: impl IntoIterator<Item = &'a Job>, complete: bool) -> StackSeen {
        let jobs = jobs
            .into_iter()
            .map(|job| {
                let seen = SeenJob {
                    name: job.name.clone(),
                    status: job.status,
                    paused: job.paused,
                };
                (job.uid.clone(), seen)
            })
            .collect();
        StackSeen { jobs, complete }
    }

    /// What this device has shown once `now` is on screen too: every job of
    /// `now` as it is now; with `now` complete, exactly `now`; otherwise the
    /// jobs not on screen stay as they were last shown.
    pub fn then_shown(&self, now: &StackSeen) -> StackSeen {
        if now.complete {
            return now.clone();
        }
        let mut merged = self.clone();
        for (uid, job) in &now.jobs {
            merged.jobs.insert(uid.clone(), job.clone());
        }
        merged
    }

    /// A baseline that did not hold every job takes in the jobs of `now` it
    /// had never seen: a first sight is not a change. Returns whether it
    /// took any.
    pub fn adopt_unknown(&mut self, now: &StackSeen) -> bool {
        if self.complete {
            return false;
        }
        let mut took = false;
        for (uid, job) in &now.jobs {
            if !self.jobs.contains_key(uid) {
                self.jobs.insert(uid.clone(), job.clone());
                took = true;
            }
        }
        took
    }
}

/// What happened to a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// It became Failed.
    Failed,
    /// It is gone from the stack.
    Removed,
    /// Someone paused it.
    Paused,
    /// Someone unpaused it.
    Unpaused,
    /// It was Failed and its last run succeeded.
    Recovered,
    /// It is new.
    Added,
}

impl ChangeKind {
    /// The word for it.
    pub fn word(self) -> &'static str {
        match self {
            ChangeKind::Failed => "Failed",
            ChangeKind::Removed => "Removed",
            ChangeKind::Paused => "Paused",
            ChangeKind::Unpaused => "Unpaused",
            ChangeKind::Recovered => "Recovered",
            ChangeKind::Added => "Added",
        }
    }
}

/// One change, as the region lists it: "{name}: {before} → {after}".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The job's uid.
    pub uid: String,
    /// Its name (now, or as last shown when removed).
    pub name: String,
    /// The state before, in words.
    pub before: String,
    /// The state now, in words.
    pub after: String,
}

const NOT_LISTED: &str = "not listed";

fn active_word(paused: bool) -> String {
    if paused { "Paused" } else { "Active" }.into()
}

/// What changed from `base` (what this device showed last) to `now`, most
/// pressing first (failed, removed, paused, unpaused, recovered, added),
/// then by name.
pub fn changes(base: &StackSeen, now: &StackSeen) -> Vec<Change> {
    let mut out = Vec::new();
    let change = |kind, uid: &str, name: &str, before: String, after: String| Change {
        kind,
        uid: uid.to_string(),
        name: name.to_string(),
        before,
        after,
    };
    for (uid, job) in &now.jobs {
        let Some(old) = base.jobs.get(uid) else {
            if base.complete {
                let after = job.status.label();
                out.push(change(
                    ChangeKind::Added,
                    uid,
                    &job.name,
                    NOT_LISTED.into(),
                    after,
                ));
            }
            continue;
        };
        let (was, is) = (old.status, job.status);
        if is == JobStatus::Failed && was != JobStatus::Failed {
            out.push(change(
                ChangeKind::Failed,
                uid,
                &job.name,
                was.label(),
                is.label(),
            ));
        }
        if was == JobStatus::Failed && is == JobStatus::Succeeded {
            out.push(change(
                ChangeKind::Recovered,
                uid,
                &job.name,
                was.label(),
                is.label(),
            ));
        }
        if old.paused != job.paused {
            let kind = if job.paused {
                ChangeKind::Paused
            } else {
                ChangeKind::Unpaused
            };
            let (before, after) = (active_word(old.paused), active_word(job.paused));
            out.push(change(kind, uid, &job.name, before, after));
        }
    }
    if now.complete {
        for (uid, old) in &base.jobs {
            if !now.jobs.contains_key(uid) {
                let before = old.status.label();
                out.push(change(
                    ChangeKind::Removed,
                    uid,
                    &old.name,
                    before,
                    NOT_LISTED.into(),
                ));
            }
        }
    }
    out.sort_by(|a, b| {
        (a.kind, a.name.to_lowercase(), &a.uid).cmp(&(b.kind, b.name.to_lowercase(), &b.uid))
    });
    out
}

/// What this device remembers: each stack's jobs as last shown and when,
/// the most recently shown first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeenStore {
    /// `(stack uid, shown at (epoch ms), jobs)`, newest first.
    pub stacks: Vec<(String, f64, StackSeen)>,
}

impl SeenStore {
    /// A stack's jobs as last shown.
    pub fn get(&self, stack: &str) -> Option<&StackSeen> {
        self.stacks
            .iter()
            .find(|(uid, _, _)| uid == stack)
            .map(|(_, _, seen)| seen)
    }

    /// Records a stack's jobs as shown at `at`; the oldest past
    /// [`MAX_STACKS`] drop off.
    pub fn put(&mut self, stack: &str, at: f64, seen: StackSeen) {
        self.stacks.retain(|(uid, _, _)| uid != stack);
        self.stacks.insert(0, (stack.to_string(), at, seen));
        self.stacks.truncate(MAX_STACKS);
    }

    /// Drops the older half (a storage that is full).
    pub fn shed(&mut self) {
        self.stacks.truncate(self.stacks.len() / 2);
    }

    /// The stored text.
    pub fn encode(&self) -> String {
        let stacks: Vec<Value> = self
            .stacks
            .iter()
            .map(|(uid, at, seen)| {
                let jobs: Vec<Value> = seen
                    .jobs
                    .iter()
                    .map(|(uid, j)| json!([uid, j.name, status_code(j.status), j.paused]))
                    .collect();
                json!({"uid": uid, "at": at, "complete": seen.complete, "jobs": jobs})
            })
            .collect();
        json!({"v": VERSION, "stacks": stacks}).to_string()
    }

    /// Reads the stored text defensively: anything unreadable is no stacks;
    /// a stack entry that cannot be read is dropped alone; a job entry that
    /// cannot be read is dropped and its stack no longer counts as complete
    /// (so the job is not later called added).
    pub fn decode(text: Option<&str>) -> SeenStore {
        let Some(Ok(value)) = text.map(serde_json::from_str::<Value>) else {
            return SeenStore::default();
        };
        if value.get("v").and_then(Value::as_u64) != Some(VERSION) {
            return SeenStore::default();
        }
        let entries = value.get("stacks").and_then(Value::as_array);
        let mut store = SeenStore::default();
        for entry in entries.into_iter().flatten() {
            let Some((uid, at, seen)) = stack_entry(entry) else {
                continue;
            };
            if store.get(&uid).is_none() && store.stacks.len() < MAX_STACKS {
                store.stacks.push((uid, at, seen));
            }
        }
        store.stacks.sort_by(|(_, a, _), (_, b, _)| b.total_cmp(a));
        store
    }
}

fn stack_entry(entry: &Value) -> Option<(String, f64, StackSeen)> {
    let uid = entry.get("uid")?.as_str().filter(|u| !u.is_empty())?;
    let at = entry.get("at")?.as_f64().filter(|at| at.is_finite())?;
    let mut complete = entry.get("complete")?.as_bool()?;
    let mut jobs = BTreeMap::new();
    for job in entry.get("jobs")?.as_array()? {
        match job_entry(job) {
            Some((uid, seen)) => {
                jobs.insert(uid, seen);
            }
            None => complete = false,
        }
    }
    Some((uid.to_string(), at, StackSeen { jobs, complete }))
}

fn job_entry(job: &Value) -> Option<(String, SeenJob)> {
    let [uid, name, status, paused] = job.as_array()?.as_slice() else {
        return None;
    };
    let seen = SeenJob {
        name: name.as_str()?.to_string(),
        status: match status {
            Value::Null => JobStatus::Unknown(None),
            Value::Number(_) => JobStatus::from_api(Some(status)),
            _ => return None,
        },
        paused: paused.as_bool()?,
    };
    Some((uid.as_str().filter(|u| !u.is_empty())?.to_string(), seen))
}

fn status_code(status: JobStatus) -> Value {
    match status {
        JobStatus::Updated => json!(0),
        JobStatus::Running => json!(1),
        JobStatus::Succeeded => json!(2),
        JobStatus::Failed => json!(3),
        JobStatus::Unknown(Some(n)) => json!(n),
        JobStatus::Unknown(None) => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(uid: &str, status: i64, paused: bool) -> Job {
        Job::from_value(
            &json!({"uid": uid, "name": format!("job-{uid}"), "status": status, "paused": paused}),
        )
        .unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn seen(jobs: &[Job], complete: bool) -> StackSeen {
        StackSeen::of(jobs, complete)
    }

    fn kinds(changes: &[Change]) -> Vec<(ChangeKind, &str, &str, &str)> {
        changes
            .iter()
            .map(|c| (c.kind, c.name.as_str(), c.before.as_str(), c.after.as_str()))
            .collect()
    }

    #[test]
    fn every_kind_of_change_is_found_most_pressing_first() {
        let base = seen(
            &[
                job("a", 2, false),
                job("b", 3, false),
                job("c", 2, false),
                job("d", 2, true),
                job("e", 2, false),
            ],
            true,
        );
        let now = seen(
            &[
                job("a", 3, false),
                job("b", 2, false),
                job("c", 2, true),
                job("d", 2, false),
                job("f", 0, false),
            ],
            true,
        );
        assert_eq!(
            kinds(&changes(&base, &now)),
            [
                (ChangeKind::Failed, "job-a", "Succeeded", "Failed"),
                (ChangeKind::Removed, "job-e", "Succeeded", "not listed"),
                (ChangeKind::Paused, "job-c", "Active", "Paused"),
                (ChangeKind::Unpaused, "job-d", "Paused", "Active"),
                (ChangeKind::Recovered, "job-b", "Failed", "Succeeded"),
                (ChangeKind::Added, "job-f", "not listed", "Updated"),
            ]
        );
    }

    #[test]
    fn nothing_changed_is_no_change_and_running_is_not_yet_a_recovery() {
        let jobs = [job("a", 2, false), job("b", 3, true)];
        assert!(changes(&seen(&jobs, true), &seen(&jobs, true)).is_empty());
        let failed = seen(&[job("b", 3, false)], true);
        assert!(changes(&failed, &seen(&[job("b", 1, false)], true)).is_empty());
        assert!(changes(&failed, &seen(&[job("b", 0, false)], true)).is_empty());
        // A job that failed and was paused says both.
        let both = changes(
            &seen(&[job("x", 2, false)], true),
            &seen(&[job("x", 3, true)], true),
        );
        assert_eq!(both.len(), 2);
    }

    #[test]
    fn partial_lists_claim_no_additions_or_removals() {
        // Last time only page 1 was on screen: page 2's jobs are not new.
        let page_one = seen(&[job("a", 2, false)], false);
        let now = seen(&[job("a", 2, false), job("z", 2, false)], true);
        assert!(changes(&page_one, &now).is_empty());
        // Now only page 1 is on screen: the rest are not removed.
        let all = seen(&[job("a", 2, false), job("z", 2, false)], true);
        assert!(changes(&all, &page_one).is_empty());
        // A complete baseline still sees a new job on a partial page.
        let added = changes(
            &all,
            &seen(&[job("a", 2, false), job("new", 0, false)], false),
        );
        assert_eq!(
            kinds(&added),
            [(ChangeKind::Added, "job-new", "not listed", "Updated")]
        );
    }

    #[test]
    fn what_is_shown_merges_into_what_was() {
        let all = seen(&[job("a", 2, false), job("b", 2, false)], true);
        let partial = seen(&[job("a", 3, false)], false);
        let merged = all.then_shown(&partial);
        assert!(merged.complete, "the jobs not on screen stay as last shown");
        assert_eq!(merged.jobs["a"].status, JobStatus::Failed);
        assert_eq!(merged.jobs["b"].status, JobStatus::Succeeded);
        let complete = seen(&[job("a", 3, false)], true);
        assert_eq!(
            all.then_shown(&complete),
            complete,
            "a complete list replaces"
        );

        let mut base = seen(&[job("a", 2, false)], false);
        assert!(base.adopt_unknown(&seen(&[job("a", 3, false), job("z", 3, false)], false)));
        assert_eq!(
            base.jobs["a"].status,
            JobStatus::Succeeded,
            "a known job keeps its baseline"
        );
        assert_eq!(base.jobs["z"].status, JobStatus::Failed);
        let mut complete_base = seen(&[job("a", 2, false)], true);
        assert!(!complete_base.adopt_unknown(&seen(&[job("z", 3, false)], false)));
    }

    #[test]
    fn the_store_keeps_the_fifty_most_recent_stacks() {
        let mut store = SeenStore::default();
        for i in 0..60 {
            store.put(
                &format!("s{i}"),
                f64::from(i),
                seen(&[job("a", i64::from(i % 4), false)], true),
            );
        }
        store.put("s10", 100.0, StackSeen::default());
        assert_eq!(store.stacks.len(), MAX_STACKS);
        assert_eq!(store.stacks[0].0, "s10");
        assert!(store.get("s0").is_none() && store.get("s59").is_some());
        let read = SeenStore::decode(Some(&store.encode()));
        assert_eq!(read, store);
        store.shed();
        assert_eq!(store.stacks.len(), MAX_STACKS / 2);
    }

    #[test]
    fn a_bad_entry_is_dropped_alone() {
        for text in [
            None,
            Some(""),
            Some("not json"),
            Some("[1,2]"),
            Some("{\"v\":2,\"stacks\":[]}"),
        ] {
            assert_eq!(SeenStore::decode(text), SeenStore::default(), "{text:?}");
        }
        let text = json!({"v": 1, "stacks": [
            {"uid": "good", "at": 5, "complete": true, "jobs": [["a", "job-a", 3, false], ["b", "job-b", null, true]]},
            {"uid": "", "at": 6, "complete": true, "jobs": []},
            {"uid": "no-at", "complete": true, "jobs": []},
            "a string",
            {"uid": "torn", "at": 4, "complete": true, "jobs": [["a", "job-a", 3, false], ["b", 7], {"x": 1}]},
        ]})
        .to_string();
        let store = SeenStore::decode(Some(&text));
        let uids: Vec<&str> = store.stacks.iter().map(|(u, _, _)| u.as_str()).collect();
        assert_eq!(uids, ["good", "torn"]);
        let good = store.get("good").unwrap_or_else(|| panic!("good"));
        assert!(good.complete);
        assert_eq!(good.jobs["b"].status, JobStatus::Unknown(None));
        let torn = store.get("torn").unwrap_or_else(|| panic!("torn"));
        assert!(!torn.complete, "a dropped job makes the stack incomplete");
        assert_eq!(torn.jobs.len(), 1);
    }
}
