//! A link that opens "Run with arguments…" for a job, filled in: the query
//! keys `run` (the job's uid) and `args`, next to whatever else the jobs
//! page's query holds (search, filters, page). Opening it only fills the
//! dialog in; the link never carries the token.

use crate::logic::url::{decode, encode_segment, query_value};

/// The query key naming the job.
pub const RUN_KEY: &str = "run";
/// The query key holding the arguments.
pub const ARGS_KEY: &str = "args";

/// `query` without the run link's keys, `?` included unless empty.
pub fn without_run(query: &str) -> String {
    let kept: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let key = decode(pair.split('=').next().unwrap_or_default(), true);
            key != RUN_KEY && key != ARGS_KEY
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

/// `query` with the run link's keys for `job_uid` and `args`.
pub fn with_run(query: &str, job_uid: &str, args: &str) -> String {
    let rest = without_run(query);
    let sep = if rest.is_empty() { '?' } else { '&' };
    format!(
        "{rest}{sep}{RUN_KEY}={}&{ARGS_KEY}={}",
        encode_segment(job_uid),
        encode_segment(args)
    )
}

/// The job uid and arguments a query asks to fill in, if it names a job.
pub fn asked(query: &str) -> Option<(String, String)> {
    let job = query_value(query, RUN_KEY).filter(|j| !j.is_empty())?;
    Some((job, query_value(query, ARGS_KEY).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_round_trips_any_arguments() {
        for args in ["a b", "", "x&args=y", "\"quoted\" 100% é+"] {
            let query = with_run("?q=job-07&page=2", "abc123", args);
            assert!(
                query.starts_with("?q=job-07&page=2&run=abc123&args="),
                "{query}"
            );
            assert_eq!(asked(&query), Some(("abc123".into(), args.to_string())));
            assert_eq!(without_run(&query), "?q=job-07&page=2");
        }
        assert_eq!(with_run("", "j", "a b"), "?run=j&args=a%20b");
    }

    #[test]
    fn only_a_named_job_is_asked() {
        assert_eq!(asked(""), None);
        assert_eq!(asked("?args=x"), None);
        assert_eq!(asked("?run=&args=x"), None);
        assert_eq!(asked("?run=j"), Some(("j".into(), String::new())));
        assert_eq!(without_run("?run=j&args=x"), "");
    }
}
