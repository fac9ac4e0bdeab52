//! Jobdeck's developer commands. `cargo xtask dev` starts the app on the
//! sandbox; `cargo xtask test` runs every layer of tests; both install what is
//! missing first. Only std, ctrlc and serde_json, so it builds in seconds.
//!
//! One module per command, each depending only on the shared modules below
//! it, never on another command:
//!
//! - commands: [`setup`], [`dev`], [`test`], [`e2e`], [`bench`], [`split_sizes`];
//!   `dist` is [`release::build`]
//! - the end-to-end layer, run by `test` and `e2e`: [`playwright`]
//! - the release build (lean, with the plain build as its fallback): [`release`],
//!   split into chunks by [`split`]
//! - the app as deployed (release build, nginx, sandbox): [`site`]
//! - the sandbox as a service, its URL and token read from its output: [`sandbox`]
//! - services, ports and Ctrl-C: [`procs`]; test counts: [`tally`];
//!   the repository and its tools: [`project`]

// Commands.
mod bench;
mod dev;
mod e2e;
mod setup;
mod split_sizes;
mod test;

// Shared by the commands.
mod playwright;
mod procs;
mod project;
mod release;
mod sandbox;
mod site;
mod split;
mod tally;

// The app's layer rules, the README's tree and the e2e specs' imports,
// checked by `cargo test -p xtask`.
#[cfg(test)]
mod e2e_rules;
#[cfg(test)]
mod layers;
#[cfg(test)]
mod readme;
#[cfg(test)]
mod workarounds;

use std::process::ExitCode;

const HELP: &str = "\
Jobdeck developer commands

  cargo xtask dev     set up, then serve the app on the sandbox (Ctrl-C stops everything)
  cargo xtask test    set up, then fmt, clippy (host and wasm32), unit tests,
                      browser component tests and end-to-end tests; ends with
                      \"N passed, N failed\"; extra arguments go to Playwright
  cargo xtask e2e     only the end-to-end layer; extra arguments go to Playwright
  cargo xtask setup   install what is missing: wasm32 target, rust-src (and std's
                      crates), trunk, wasm-bindgen, wasm-opt, Playwright,
                      Chromium, ChromeDriver, nginx
  cargo xtask dist    set up, then build the release to deploy into dist/ (std
                      rebuilt for size, lazy pages in chunks of their own; the
                      plain or one-wasm build if that fails; JOBDECK_SPLIT=0:
                      one wasm)
  cargo xtask split-sizes
                      build the release in one wasm and split, and print the
                      bytes of each (first load, each chunk; raw, gzip, brotli)
  cargo xtask bench   measure bundle size, time to first table, memory and requests
                      against a plain-JavaScript baseline; rewrites BENCHMARKS.md
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(),
        Some("dev") => setup::run().and_then(|()| dev::run()),
        Some("test") => setup::run().and_then(|()| test::run(&args[1..])),
        Some("e2e") => setup::run().and_then(|()| e2e::run(&args[1..])),
        Some("dist") => setup::run()
            .and_then(|()| release::build(&project::root().join("dist")))
            .map(|kind| println!("dist: {} release build in dist/", kind.label())),
        Some("bench") => setup::run().and_then(|()| bench::run()),
        Some("split-sizes") => setup::run().and_then(|()| split_sizes::run()),
        // Run by deploy/post-build.mjs in the split release build.
        Some("split-staging") => match args.get(1) {
            Some(dir) => split::staging(std::path::Path::new(dir)),
            None => Err("usage: xtask split-staging DIR".into()),
        },
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
