//! `cargo xtask bench`: builds the release with [`start_site`] into
//! `target/bench/dist` and runs `bench/run.mjs` against it (served by nginx
//! from the production template, in front of the sandbox), which adds the
//! plain-JavaScript baseline of `bench/baseline` to it (under a content-hashed
//! script name, so nginx caches it like the app's files), measures and
//! rewrites BENCHMARKS.md. Set `BENCH_PHASES` (e.g. `network,warm`) to run
//! some phases only; BENCHMARKS.md is then left alone.
//!
//! The build is checked to be a complete release first: concurrent trunk
//! builds share `target/wasm-bindgen` and `target/wasm-opt`, so someone else's
//! build can slip an unoptimised wasm in; then it is built again in place.

use std::path::Path;
use std::time::Instant;

use crate::project::{command, root};
use crate::release;
use crate::site::start_site;

/// How long the sandbox takes to finish an action: long enough for the app to
/// poll more than once (it waits 1 s, then 1.5 s, 2.25 s, …), so the report
/// can show the spacing of its polls.
const ACTION_DELAY_MS: u32 = 3000;

/// `cargo xtask bench`.
pub fn run() -> Result<(), String> {
    let started = Instant::now();
    let site = start_site("bench", ACTION_DELAY_MS)?;
    let mut build = site.build;
    let mut attempt = 0;
    while let Err(problem) = check_release(&site.dist) {
        attempt += 1;
        if attempt > 3 {
            return Err(format!(
                "no complete release build after {attempt} tries: {problem}"
            ));
        }
        println!(
            "bench: {} is not a complete release build ({problem}); building it again",
            site.dist.display()
        );
        build = release::build(&site.dist)?;
    }
    // cargo's output before wasm-bindgen and wasm-opt still names its
    // functions: run.mjs sums its code by crate.
    let bench_dir = root().join("target/bench");
    // The Leptos floor (bench/floor), served under /floor/ by run.mjs: a
    // reference line of its own (floor) and a third page on the phone.
    let floor_dist = bench_dir.join("floor");
    if want_phase("floor") || want_phase("phone") {
        release::build_page(
            &root().join("bench/floor/index.html"),
            &floor_dist,
            "/floor/",
        )?;
    }
    let named_wasm = bench_dir.join("jobdeck-named.wasm");
    let _ = std::fs::copy(release::cargo_wasm(build), &named_wasm);
    println!("bench: serving {} at {}", site.dist.display(), site.app_url);

    let status = command("node")
        .arg("bench/run.mjs")
        .env("E2E_BASE_URL", &site.app_url)
        .env("E2E_SANDBOX_URL", &site.sandbox_url)
        .env("E2E_TOKEN", &site.token)
        .env("BENCH_DIST", &site.dist)
        .env("BENCH_NAMED_WASM", &named_wasm)
        .env("BENCH_FLOOR_DIST", &floor_dist)
        .env("BENCH_OUT", bench_dir.join("results.json"))
        .env("BENCH_MARKDOWN", root().join("BENCHMARKS.md"))
        .env("BENCH_ACTION_DELAY_MS", ACTION_DELAY_MS.to_string())
        .env("BENCH_COMMAND", "cargo xtask bench")
        .env("BENCH_BUILD", build.label())
        .status()
        .map_err(|e| format!("could not start node: {e}"))?;
    if !status.success() {
        return Err(format!("bench/run.mjs failed ({status})"));
    }
    // With BENCH_PHASES (a partial run) run.mjs leaves BENCHMARKS.md alone.
    let what = if std::env::var_os("BENCH_PHASES").is_some() {
        "partial run done"
    } else {
        "BENCHMARKS.md rewritten"
    };
    println!("bench: {what} in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// A release build: index.html names files that are all there, the
/// post-build hook wrote its precompressed copies (it does so in release
/// only), and wasm-opt ran on the wasm. Concurrent trunk builds share
/// `target/wasm-bindgen` and `target/wasm-opt`, and one of them can end up
/// with wasm-bindgen's output instead of wasm-opt's (seen: 1.1 MB instead of
/// 0.56 MB); wasm-bindgen's output still has its "name" section, wasm-opt's not.
fn check_release(dir: &Path) -> Result<(), String> {
    let index =
        std::fs::read_to_string(dir.join("index.html")).map_err(|_| "no index.html".to_string())?;
    let mut named = 0;
    for part in index.split("=\"/").skip(1) {
        let file = part.split('"').next().unwrap_or_default();
        if !dir.join(file).is_file() {
            return Err(format!("index.html names /{file}, which is missing"));
        }
        if !dir.join(format!("{file}.gz")).is_file() {
            return Err(format!("/{file} has no .gz copy: not a release build"));
        }
        named += 1;
    }
    let wasm = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with("_bg.wasm"))
        .filter(|p| p.with_extension("wasm.gz").is_file())
        .ok_or("no wasm with a .gz copy")?;
    if named == 0 {
        return Err("index.html names no file".into());
    }
    let bytes = std::fs::read(&wasm).map_err(|e| format!("cannot read the wasm: {e}"))?;
    if custom_sections(&bytes).iter().any(|name| name == "name") {
        return Err(format!(
            "{} still has a name section: wasm-opt did not run on it",
            wasm.display()
        ));
    }
    Ok(())
}

/// The names of a wasm module's custom sections.
fn custom_sections(bytes: &[u8]) -> Vec<String> {
    fn leb(bytes: &[u8], at: &mut usize) -> Option<usize> {
        let (mut value, mut shift) = (0usize, 0);
        loop {
            let byte = *bytes.get(*at)?;
            *at += 1;
            value |= usize::from(byte & 0x7f) << shift;
            shift += 7;
            if byte < 0x80 || shift > 35 {
                return Some(value);
            }
        }
    }
    let mut names = Vec::new();
    let mut at = 8;
    while at < bytes.len() {
        let id = bytes[at];
        at += 1;
        let Some(size) = leb(bytes, &mut at) else {
            break;
        };
        let end = at + size;
        if id == 0 {
            let mut p = at;
            if let Some(len) = leb(bytes, &mut p) {
                if let Some(name) = bytes.get(p..p + len) {
                    names.push(String::from_utf8_lossy(name).into_owned());
                }
            }
        }
        at = end;
    }
    names
}

/// Whether `BENCH_PHASES` (comma-separated; all phases when unset) asks for
/// `phase`, as run.mjs reads it.
fn want_phase(phase: &str) -> bool {
    std::env::var("BENCH_PHASES").map_or(true, |phases| phases.split(',').any(|p| p == phase))
}

#[cfg(test)]
mod tests {
    use super::custom_sections;

    #[test]
    fn lists_custom_sections() {
        // The header, a one-byte type section, then custom sections "name" and "producers".
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 1, 0]);
        wasm.extend([0, 5, 4, b'n', b'a', b'm', b'e']);
        wasm.extend([0, 10, 9]);
        wasm.extend(b"producers");
        assert_eq!(custom_sections(&wasm), ["name", "producers"]);
    }
}
