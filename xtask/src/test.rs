//! `cargo xtask test`: every layer in order (format, clippy on both targets,
//! native tests, browser component tests, end-to-end), then one
//! `N passed, N failed` line over all of them.

use std::process::Command;

use crate::playwright;
use crate::project::command;
use crate::tally::{cargo_test, Counts, Tally};

/// `cargo xtask test [playwright args]`: extra arguments are passed to
/// Playwright (e.g. a test file or `-g name`).
pub fn run(playwright_args: &[String]) -> Result<(), String> {
    let mut tally = Tally::default();
    let ok = |cmd: &mut Command| cmd.status().is_ok_and(|s| s.success());
    tally.check(
        "cargo fmt --check",
        ok(command("cargo").args(["fmt", "--all", "--check"])),
    );
    tally.check(
        "clippy (host)",
        ok(command("cargo").args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])),
    );
    tally.check(
        "clippy (wasm32)",
        ok(command("cargo").args([
            "clippy",
            "-p",
            "jobdeck",
            "-p",
            "jobdeck-bench-floor",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])),
    );
    tally.add(
        "unit and HTTP tests (native)",
        cargo_test(command("cargo").args(["test", "--workspace", "--no-fail-fast"])),
    );
    tally.add(
        "component tests (headless Chromium)",
        cargo_test(command("cargo").args([
            "test",
            "--no-fail-fast",
            "-p",
            "jobdeck",
            "--target",
            "wasm32-unknown-unknown",
            "--tests",
        ])),
    );
    let e2e = playwright::run_suite(playwright_args).unwrap_or_else(|message| {
        eprintln!("end-to-end: {message}");
        Counts {
            passed: 0,
            failed: 1,
        }
    });
    tally.add(playwright::LAYER, e2e);
    if tally.finish() {
        Ok(())
    } else {
        // The closing line is printed and must stay last: no message.
        Err(String::new())
    }
}
