//! The jobs in view as CSV and JSON files, with the fields a person wants in a
//! spreadsheet. Hand-written CSV: the rules are a dozen lines (RFC 4180 quoting
//! plus a guard against spreadsheet formulas), less than a crate in the wasm.

use serde::Serialize;

use crate::logic::calendar::iso_utc;
use crate::logic::cron::Cron;
use crate::logic::model::Job;
use crate::logic::time::EpochMillis;

/// One exported job.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportRow {
    /// The job's uid.
    pub uid: String,
    /// Its name, as given.
    pub name: String,
    /// The API's type name.
    #[serde(rename = "type")]
    pub kind: String,
    /// The cron expression, empty for on demand.
    pub cron: String,
    /// The schedule in words (UTC).
    pub schedule: String,
    /// The next run in ISO 8601 UTC, or why there is none.
    pub next_run_utc: String,
    /// The status word.
    pub status: String,
    /// Whether it is paused.
    pub paused: bool,
    /// The command or task, or the params.
    pub command: String,
    /// When it last changed, ISO 8601 UTC.
    pub updated_utc: String,
    /// Its stack's label, in an export that spans stacks (All jobs): the
    /// last column of the CSV then, absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
}

const HEADER: [&str; 10] = [
    "uid",
    "name",
    "type",
    "cron",
    "schedule",
    "next_run_utc",
    "status",
    "paused",
    "command",
    "updated_utc",
];

impl ExportRow {
    /// The row of a job, its next run counted from `now_ms`.
    pub fn of(job: &Job, now_ms: EpochMillis) -> ExportRow {
        let parsed = job.cron.as_deref().map(Cron::parse);
        let (schedule, next_run_utc) = match &parsed {
            None => ("On demand".to_string(), "On demand".to_string()),
            Some(Err(_)) => ("Invalid schedule".into(), "Invalid schedule".into()),
            Some(Ok(cron)) => {
                let next = match cron.next_after(now_ms) {
                    _ if job.paused => "Paused".to_string(),
                    Some(at) => iso_utc(at),
                    None => "Never".into(),
                };
                (cron.describe(), next)
            }
        };
        ExportRow {
            uid: job.uid.clone(),
            name: job.name.clone(),
            kind: job.kind.api_name().to_string(),
            cron: job.cron.clone().unwrap_or_default(),
            schedule,
            next_run_utc,
            status: job.status.label(),
            paused: job.paused,
            command: job.command(),
            updated_utc: job.updated_at.map(iso_utc).unwrap_or_default(),
            stack: None,
        }
    }

    /// The row of a job of `stack` (All jobs' export).
    pub fn in_stack(job: &Job, now_ms: EpochMillis, stack: &str) -> ExportRow {
        ExportRow {
            stack: Some(stack.to_string()),
            ..ExportRow::of(job, now_ms)
        }
    }

    fn cells(&self) -> [String; 10] {
        [
            self.uid.clone(),
            self.name.clone(),
            self.kind.clone(),
            self.cron.clone(),
            self.schedule.clone(),
            self.next_run_utc.clone(),
            self.status.clone(),
            self.paused.to_string(),
            self.command.clone(),
            self.updated_utc.clone(),
        ]
    }
}

/// CSV with a header line, CRLF line ends (RFC 4180); a `stack` column
/// last when the rows span stacks.
pub fn to_csv(rows: &[ExportRow]) -> String {
    let stacks = rows.iter().any(|r| r.stack.is_some());
    let mut out = HEADER.join(",");
    if stacks {
        out.push_str(",stack");
    }
    out.push_str("\r\n");
    for row in rows {
        let mut cells: Vec<String> = row.cells().iter().map(|c| csv_cell(c)).collect();
        if stacks {
            cells.push(csv_cell(row.stack.as_deref().unwrap_or_default()));
        }
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A JSON array of the rows, pretty-printed for people.
pub fn to_json(rows: &[ExportRow]) -> String {
    serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".into())
}

/// One CSV cell. A cell a spreadsheet would read as a formula (starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as
/// OWASP advises; cells with commas, quotes or line breaks are quoted.
pub fn csv_cell(text: &str) -> String {
    let guarded = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    };
    if guarded.contains([',', '"', '\n', '\r'])
        || guarded.starts_with(' ')
        || guarded.ends_with(' ')
    {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn job(name: &str, cron: Option<&str>, paused: bool) -> Job {
        Job::from_value(&json!({
            "uid": "u1", "name": name, "type": "RakeJob", "cron": cron, "status": 3,
            "paused": paused, "params": {"task": "digest:send"},
            "updated_at": "2023-10-24 15:38:29 UTC",
        }))
        .unwrap()
    }

    #[test]
    fn cells_survive_commas_quotes_newlines_and_formulas() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@sum"), "'@sum");
        assert_eq!(csv_cell(" padded "), "\" padded \"");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn rows_carry_what_a_spreadsheet_wants() {
        // 2026-03-07T12:00:00Z
        let now = 1_772_884_800_000.0;
        let row = ExportRow::of(&job("digest", Some("0 9 * * Mon-Fri"), false), now);
        assert_eq!(row.kind, "RakeJob");
        assert_eq!(row.schedule, "At 09:00 UTC, Monday to Friday");
        assert_eq!(row.next_run_utc, "2026-03-09T09:00:00Z");
        assert_eq!(row.status, "Failed");
        assert_eq!(row.command, "rake digest:send");
        assert_eq!(row.updated_utc, "2023-10-24T15:38:00Z");
        let row = |cron, paused| ExportRow::of(&job("x", cron, paused), now).next_run_utc;
        assert_eq!(row(Some("0 9 * * *"), true), "Paused");
        assert_eq!(row(None, false), "On demand");
        assert_eq!(row(Some("61 25 * * *"), false), "Invalid schedule");
        assert_eq!(row(Some("0 0 31 2 *"), false), "Never");
    }

    #[test]
    fn csv_and_json_files() {
        let rows = [ExportRow::of(&job("a,\"b\"\n=c", None, false), 0.0)];
        let csv = to_csv(&rows);
        let mut lines = csv.split("\r\n");
        assert_eq!(
            lines.next(),
            Some("uid,name,type,cron,schedule,next_run_utc,status,paused,command,updated_utc")
        );
        assert!(csv.contains(
            "u1,\"a,\"\"b\"\"\n=c\",RakeJob,,On demand,On demand,Failed,false,rake digest:send,"
        ));
        let parsed: serde_json::Value = serde_json::from_str(&to_json(&rows)).unwrap();
        assert_eq!(parsed[0]["name"], "a,\"b\"\n=c");
        assert_eq!(parsed[0]["type"], "RakeJob");
        assert_eq!(parsed[0]["paused"], false);
        assert!(
            parsed[0].get("stack").is_none(),
            "one stack's export names no stack"
        );
    }

    #[test]
    fn an_export_across_stacks_names_each_rows_stack() {
        let rows = [ExportRow::in_stack(
            &job("a", None, false),
            0.0,
            "=Acme, (production)",
        )];
        let csv = to_csv(&rows);
        assert!(csv.starts_with(
            "uid,name,type,cron,schedule,next_run_utc,status,paused,command,updated_utc,stack\r\n"
        ));
        assert!(csv.ends_with(",\"'=Acme, (production)\"\r\n"), "{csv}");
        let parsed: serde_json::Value = serde_json::from_str(&to_json(&rows)).unwrap();
        assert_eq!(parsed[0]["stack"], "=Acme, (production)");
    }
}
