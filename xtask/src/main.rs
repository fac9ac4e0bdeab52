//! Jobdeck's developer commands. `cargo xtask dev` starts the app on the
//! sandbox; `cargo xtask test` runs every layer of tests; both install what is
//! missing first. Only std, ctrlc and serde_json, so it builds in seconds.

mod bench;
mod e2e;
mod procs;
mod setup;
mod tally;

use std::process::ExitCode;

const HELP: &str = "\
Jobdeck developer commands

  cargo xtask dev     set up, then serve the app on the sandbox (Ctrl-C stops everything)
  cargo xtask test    set up, then fmt, clippy (host and wasm32), unit tests,
                      browser component tests and end-to-end tests
  cargo xtask e2e     only the end-to-end layer; extra arguments go to Playwright
  cargo xtask setup   install what is missing: wasm32 target, trunk, wasm-bindgen,
                      wasm-opt, Playwright, Chromium, ChromeDriver, nginx
  cargo xtask bench   measure bundle size, time to first table, memory and requests
                      against a plain-JavaScript baseline; rewrites BENCHMARKS.md
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(),
        Some("dev") => setup::run().and_then(|()| e2e::dev()),
        Some("test") => setup::run().and_then(|()| e2e::test(&args[1..])),
        Some("e2e") => setup::run().and_then(|()| e2e::end_to_end_only(&args[1..])),
        Some("bench") => setup::run().and_then(|()| e2e::bench()),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // `test` has already printed its closing line; it must stay last.
            if !message.is_empty() {
                eprintln!("xtask: {message}");
            }
            ExitCode::FAILURE
        }
    }
}
