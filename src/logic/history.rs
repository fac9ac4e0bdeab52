//! A stack's actions as the History table and the Runs table say them:
//! action codes in words, who started them and how, how long they took and
//! how they ended. Pure, so every odd or missing field is covered by tests.

use crate::logic::model::Action;
use crate::logic::time::{parse_api_date, EpochMillis};

/// Shown where a value is not known.
pub const UNKNOWN: &str = "–";

/// How an action ended, or that it has not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Not finished yet.
    Running,
    /// Finished and successful.
    Succeeded,
    /// Finished and failed: the API's message, or why there is none.
    Failed(String),
    /// Jobdeck stopped following it before it finished: why.
    Unknown(String),
}

impl Outcome {
    /// An action as the API reports it. A finished action that does not say
    /// it succeeded is a failure, as Activity reads it too.
    pub fn of_action(action: &Action) -> Outcome {
        if !action.is_finished() {
            return Outcome::Running;
        }
        match action.finished_success {
            Some(true) => Outcome::Succeeded,
            _ => Outcome::Failed(failure_message(action.finished_message.as_deref())),
        }
    }

    /// The Result column: "Running", "Succeeded", "Failed: …", "Outcome unknown: …".
    pub fn words(&self) -> String {
        match self {
            Outcome::Running => "Running".into(),
            Outcome::Succeeded => "Succeeded".into(),
            Outcome::Failed(why) => format!("Failed: {why}"),
            Outcome::Unknown(why) => format!("Outcome unknown: {why}"),
        }
    }

    /// One lower-case word, for lists such as "Last runs: succeeded, failed".
    pub fn word(&self) -> &'static str {
        match self {
            Outcome::Running => "running",
            Outcome::Succeeded => "succeeded",
            Outcome::Failed(_) => "failed",
            Outcome::Unknown(_) => "unknown",
        }
    }
}

/// The message of a failure, or words saying there was none.
pub fn failure_message(message: Option<&str>) -> String {
    match message.map(str::trim) {
        Some(m) if !m.is_empty() => m.to_string(),
        _ => "the API gave no reason".into(),
    }
}

/// One row of the History table, apart from the job (which the API does not name).
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    /// The action's id.
    pub id: u64,
    /// When it started, if the API said in a form we read.
    pub started_ms: Option<EpochMillis>,
    /// The action in words.
    pub action: String,
    /// Who started it and how.
    pub by: String,
    /// How long it took, in words.
    pub took: String,
    /// How it ended.
    pub outcome: Outcome,
}

impl HistoryRow {
    /// Maps one action of the API to a row.
    pub fn of(action: &Action) -> HistoryRow {
        let date = |t: &Option<String>| t.as_deref().and_then(parse_api_date);
        let started_ms = date(&action.started_at);
        let finished_ms = date(&action.finished_at).filter(|_| action.is_finished());
        HistoryRow {
            id: action.id,
            started_ms,
            action: action_words(&action.action),
            by: by(action.user.as_deref(), action.started_via.as_deref()),
            took: took(started_ms, finished_ms),
            outcome: Outcome::of_action(action),
        }
    }
}

/// An action code in words: the five the app starts by their button's name,
/// any other code made readable (`job_retry_handler` → "Job retry handler"),
/// never dropped.
pub fn action_words(code: &str) -> String {
    let code = code.trim();
    let known = match code {
        "job_run_now" => "Run now",
        "job_pause_handler" => "Pause",
        "job_unpause_handler" => "Unpause",
        "jobs_pause_all" => "Pause all",
        "jobs_unpause_all" => "Unpause all",
        "" => "Unknown action",
        _ => "",
    };
    if !known.is_empty() {
        return known.into();
    }
    let spaced = code
        .split(['_', '-', '.'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Unknown action".into(),
    }
}

/// The By column: "ops@example.com (web)", with whatever part is known.
pub fn by(user: Option<&str>, via: Option<&str>) -> String {
    match (known(user), known(via)) {
        (Some(user), Some(via)) => format!("{user} ({via})"),
        (Some(user), None) => user.to_string(),
        (None, Some(via)) => format!("{UNKNOWN} ({via})"),
        (None, None) => UNKNOWN.into(),
    }
}

fn known(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// Milliseconds from start to finish; `None` while running, when either is
/// unknown, or when the clocks disagree (a finish before the start).
pub fn took_ms(started: Option<EpochMillis>, finished: Option<EpochMillis>) -> Option<f64> {
    let took = finished? - started?;
    (took.is_finite() && took >= 0.0).then_some(took)
}

/// The Took column: "4 s", "2 min 5 s", "1 h 3 min", or "–".
pub fn took(started: Option<EpochMillis>, finished: Option<EpochMillis>) -> String {
    took_ms(started, finished).map_or_else(|| UNKNOWN.into(), duration_words)
}

/// A duration in words, to the second under an hour, to the minute above.
pub fn duration_words(ms: f64) -> String {
    let seconds = (ms.max(0.0) / 1000.0).floor() as u64;
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (h, m, s) {
        (0, 0, 0) => "under 1 s".into(),
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// What a job's runs on this device add up to.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSummary {
    /// How many runs are recorded.
    pub runs: usize,
    /// How many of them failed.
    pub failed: usize,
    /// The median time taken by the runs that finished, if any did.
    pub median_ms: Option<f64>,
}

impl RunSummary {
    /// Adds up runs given as their outcome and time taken (if known).
    pub fn of<'a>(runs: impl IntoIterator<Item = (&'a Outcome, Option<f64>)>) -> RunSummary {
        let mut summary = RunSummary {
            runs: 0,
            failed: 0,
            median_ms: None,
        };
        let mut times = Vec::new();
        for (outcome, took) in runs {
            summary.runs += 1;
            if matches!(outcome, Outcome::Failed(_)) {
                summary.failed += 1;
            }
            if let (Outcome::Succeeded | Outcome::Failed(_), Some(took)) = (outcome, took) {
                times.push(took);
            }
        }
        summary.median_ms = median(&mut times);
        summary
    }

    /// "12 runs on this device, 2 failed, median 4 s".
    pub fn sentence(&self) -> String {
        let runs = match self.runs {
            1 => "1 run".to_string(),
            n => format!("{n} runs"),
        };
        let median = self
            .median_ms
            .map(|ms| format!(", median {}", duration_words(ms)))
            .unwrap_or_default();
        format!("{runs} on this device, {} failed{median}", self.failed)
    }
}

fn median(times: &mut [f64]) -> Option<f64> {
    times.sort_by(f64::total_cmp);
    let mid = times.len() / 2;
    match times.len() {
        0 => None,
        n if n % 2 == 1 => Some(times[mid]),
        _ => Some((times[mid - 1] + times[mid]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn action(value: serde_json::Value) -> Action {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn codes_in_words() {
        let words: Vec<String> = [
            "job_run_now",
            "job_pause_handler",
            "job_unpause_handler",
            "jobs_pause_all",
            "jobs_unpause_all",
            "job_retry_handler",
            "deploy",
            "",
            " _ ",
        ]
        .iter()
        .map(|c| action_words(c))
        .collect();
        assert_eq!(
            words,
            [
                "Run now",
                "Pause",
                "Unpause",
                "Pause all",
                "Unpause all",
                "Job retry handler",
                "Deploy",
                "Unknown action",
                "Unknown action"
            ]
        );
    }

    #[test]
    fn durations_in_words() {
        let s = |secs: f64| duration_words(secs * 1000.0);
        assert_eq!(s(0.4), "under 1 s");
        assert_eq!(s(4.0), "4 s");
        assert_eq!(s(59.9), "59 s");
        assert_eq!(s(120.0), "2 min");
        assert_eq!(s(125.0), "2 min 5 s");
        assert_eq!(s(3600.0), "1 h");
        assert_eq!(s(3780.0 + 59.0), "1 h 3 min");
        assert_eq!(s(-5.0), "under 1 s");
    }

    #[test]
    fn took_is_unknown_while_running_or_when_clocks_disagree() {
        assert_eq!(took(Some(1_000.0), Some(5_000.0)), "4 s");
        assert_eq!(took(Some(1_000.0), None), "–");
        assert_eq!(took(None, Some(5_000.0)), "–");
        assert_eq!(took(Some(5_000.0), Some(1_000.0)), "–");
        assert_eq!(took_ms(Some(0.0), Some(f64::NAN)), None);
    }

    #[test]
    fn by_says_who_and_how() {
        assert_eq!(
            by(Some("ops@example.com"), Some("web")),
            "ops@example.com (web)"
        );
        assert_eq!(by(Some("ops@example.com"), Some(" ")), "ops@example.com");
        assert_eq!(by(None, Some("api")), "– (api)");
        assert_eq!(by(Some(""), None), "–");
    }

    #[test]
    fn maps_a_finished_run() {
        let row = HistoryRow::of(&action(json!({
            "id": 2590, "user": "dev@example.com", "started_via": "api",
            "action": "job_run_now", "started_at": "2016-02-04T12:52:24Z",
            "finished_at": "2016-02-04T12:53:05Z", "finished_success": true,
            "finished_message": "Job \"db-backup\" ran with no arguments"
        })));
        assert_eq!(row.id, 2590);
        assert_eq!(row.started_ms, Some(1_454_590_344_000.0));
        assert_eq!(row.action, "Run now");
        assert_eq!(row.by, "dev@example.com (api)");
        assert_eq!(row.took, "41 s");
        assert_eq!(row.outcome, Outcome::Succeeded);
        assert_eq!(row.outcome.words(), "Succeeded");
    }

    #[test]
    fn maps_a_failure_and_a_running_action() {
        let failed = HistoryRow::of(&action(json!({
            "id": 1, "action": "job_pause_handler", "started_at": "2016-02-04T12:52:24Z",
            "finished_at": "2016-02-04 12:54:29 UTC", "finished_success": false,
            "finished_message": "Job is busy"
        })));
        assert_eq!(failed.outcome.words(), "Failed: Job is busy");
        assert_eq!(failed.took, "2 min 5 s");
        let running = HistoryRow::of(&action(json!({
            "id": 2, "action": "job_run_now", "started_at": "2016-02-04T12:52:24Z",
            "finished_at": null, "finished_success": null
        })));
        assert_eq!(running.outcome, Outcome::Running);
        assert_eq!(running.outcome.words(), "Running");
        assert_eq!(running.took, "–");
    }

    #[test]
    fn missing_fields_still_make_a_row() {
        let row = HistoryRow::of(&action(json!({"id": 3, "started_at": "yesterday"})));
        assert_eq!(row.started_ms, None);
        assert_eq!(row.action, "Unknown action");
        assert_eq!(row.by, "–");
        assert_eq!(row.took, "–");
        assert_eq!(row.outcome, Outcome::Running);
        let silent = Outcome::of_action(&action(json!({
            "id": 4, "finished_at": "2016-02-04T12:52:24Z", "finished_message": " "
        })));
        assert_eq!(silent.words(), "Failed: the API gave no reason");
    }

    #[test]
    fn summary_counts_runs_failures_and_the_median() {
        let failed = Outcome::Failed("exit 1".into());
        let runs = [
            (Outcome::Succeeded, Some(4_000.0)),
            (failed.clone(), Some(12_000.0)),
            (Outcome::Succeeded, Some(2_000.0)),
            (Outcome::Running, None),
            (failed, None),
        ];
        let summary = RunSummary::of(runs.iter().map(|(o, t)| (o, *t)));
        assert_eq!(
            summary,
            RunSummary {
                runs: 5,
                failed: 2,
                median_ms: Some(4_000.0)
            }
        );
        assert_eq!(
            summary.sentence(),
            "5 runs on this device, 2 failed, median 4 s"
        );
    }

    #[test]
    fn summary_median_of_an_even_count_and_of_nothing() {
        let ok = Outcome::Succeeded;
        let even = RunSummary::of([(&ok, Some(2_000.0)), (&ok, Some(7_000.0))]);
        assert_eq!(even.median_ms, Some(4_500.0));
        let running = Outcome::Running;
        let none = RunSummary::of([(&running, Some(9_000.0))]);
        assert_eq!(none.median_ms, None);
        assert_eq!(none.sentence(), "1 run on this device, 0 failed");
    }
}
