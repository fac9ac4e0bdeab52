//! The end-to-end layer: the Playwright suite of `e2e/` against the release
//! build served as deployed (see [`crate::site`]), counted from Playwright's
//! JSON report.

use std::path::Path;

use crate::project::{command, root};
use crate::site::start_site;
use crate::tally::Counts;

/// The layer's name in the tally.
pub const LAYER: &str = "end-to-end (Playwright, nginx + sandbox)";

/// How long the sandbox takes to finish an action in these tests.
const ACTION_DELAY_MS: u32 = 600;

/// Builds into `target/e2e/dist`, starts the site and runs the suite, with
/// extra arguments passed to Playwright (e.g. a test file or `-g name`).
pub fn run_suite(playwright_args: &[String]) -> Result<Counts, String> {
    let site = start_site("e2e", ACTION_DELAY_MS)?;
    let report = root().join("target/e2e/results.json");
    let _ = std::fs::remove_file(&report);
    let status = command("playwright")
        .args(["test", "--config", "e2e/playwright.config.ts"])
        .args(playwright_args)
        .env("E2E_BASE_URL", &site.app_url)
        .env("E2E_SANDBOX_URL", &site.sandbox_url)
        .env("E2E_TOKEN", &site.token)
        .env("E2E_JSON_REPORT", &report)
        .status()
        .map_err(|e| format!("could not start Playwright: {e}"))?;
    let mut counts = playwright_counts(&report)?;
    if !status.success() && counts.failed == 0 {
        counts.failed = 1;
    }
    Ok(counts)
}

/// Reads Playwright's JSON report: `stats.expected` (+ `flaky`) passed,
/// `stats.unexpected` failed.
fn playwright_counts(report: &Path) -> Result<Counts, String> {
    let text = std::fs::read_to_string(report)
        .map_err(|e| format!("no Playwright report at {}: {e}", report.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("unreadable Playwright report: {e}"))?;
    let stat = |key: &str| json["stats"][key].as_u64().unwrap_or(0) as u32;
    Ok(Counts {
        passed: stat("expected") + stat("flaky"),
        failed: stat("unexpected"),
    })
}
