//! Adds up the results of every test layer into one closing line.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// Passed and failed counts of one layer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Tests (or checks) that passed.
    pub passed: u32,
    /// Tests (or checks) that failed.
    pub failed: u32,
}

/// The results of every layer, in order.
#[derive(Default)]
pub struct Tally {
    layers: Vec<(String, Counts)>,
}

impl Tally {
    /// Records a layer's counts.
    pub fn add(&mut self, layer: &str, counts: Counts) {
        println!(
            "== {layer}: {} passed, {} failed",
            counts.passed, counts.failed
        );
        self.layers.push((layer.to_string(), counts));
    }

    /// Records a check that either passes or fails as a whole (fmt, clippy).
    pub fn check(&mut self, layer: &str, ok: bool) {
        self.add(
            layer,
            Counts {
                passed: u32::from(ok),
                failed: u32::from(!ok),
            },
        );
    }

    /// Prints the table and the closing line; true when nothing failed.
    pub fn finish(&self) -> bool {
        println!("\nLayer results:");
        let mut total = Counts::default();
        for (layer, counts) in &self.layers {
            println!(
                "  {layer:<32} {:>4} passed {:>4} failed",
                counts.passed, counts.failed
            );
            total.passed += counts.passed;
            total.failed += counts.failed;
        }
        println!("{} passed, {} failed", total.passed, total.failed);
        total.failed == 0
    }
}

/// Runs a cargo test command, echoing its output, and adds up every
/// `test result:` line it prints. A run that fails without such a line (a
/// build error) counts as one failure, so it can never pass silently.
pub fn cargo_test(cmd: &mut Command) -> Counts {
    let mut counts = Counts::default();
    let mut saw_result = false;
    let child = cmd.stdout(Stdio::piped()).spawn();
    let Ok(mut child) = child else {
        return Counts {
            passed: 0,
            failed: 1,
        };
    };
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(c) = parse_result_line(&line) {
                saw_result = true;
                counts.passed += c.passed;
                counts.failed += c.failed;
            }
        }
    }
    let ok = child.wait().is_ok_and(|s| s.success());
    if !ok && (counts.failed == 0 || !saw_result) {
        counts.failed += 1;
    }
    counts
}

/// Reads `test result: ok. 12 passed; 0 failed; ...`.
pub fn parse_result_line(line: &str) -> Option<Counts> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let number_before = |word: &str| -> Option<u32> {
        let end = rest.find(word)?;
        rest[..end].trim_end().rsplit(' ').next()?.parse().ok()
    };
    Some(Counts {
        passed: number_before(" passed")?,
        failed: number_before(" failed")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_result_lines() {
        assert_eq!(
            parse_result_line("test result: ok. 48 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s"),
            Some(Counts { passed: 48, failed: 0 })
        );
        assert_eq!(
            parse_result_line("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            Some(Counts {
                passed: 3,
                failed: 2
            })
        );
        assert_eq!(parse_result_line("running 3 tests"), None);
    }
}
