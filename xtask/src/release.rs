//! The release build (issue 15, item 3): `trunk build --release` with the
//! standard library rebuilt for size and panics that abort at once, about
//! 30 KB less wasm (gzip) than the plain build. Only the release wasm is built
//! this way, in its own target folder; tests, host crates and `trunk serve`
//! keep the stock toolchain.
//!
//! `-Zbuild-std` and `-Cpanic=immediate-abort` are unstable: on the stable
//! toolchain they need `RUSTC_BOOTSTRAP=1`, and the set-up adds rust-src and
//! fetches std's own crates so that trunk's offline build finds them. If that
//! build ever fails (a toolchain without rust-src, renamed flags), the plain
//! release build is made instead, with a warning: never no build at all.
//!
//! With immediate abort a panic runs no hook: it stops the wasm with a trap,
//! and `src/prefetch.js` shows the "Jobdeck stopped" page for it.
//!
//! [`build`] (`cargo xtask dist`, the end-to-end tests, the benchmark) also
//! splits the wasm: the pages marked lazy go to chunks fetched when first
//! shown (split.rs). If the split build fails, lean or plain, the release is
//! made in one wasm instead, with a warning.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::project::{cargo_target_dir, command, root, run_step};
use crate::split;

/// Which build [`build`] made.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Kind {
    /// std rebuilt for size with immediate abort, or the stock toolchain's
    /// release build (the fallback).
    pub lean: bool,
    /// The lazy pages in chunks of their own (split.rs), or one wasm.
    pub split: bool,
}

impl Kind {
    /// "lean", "plain", "lean split" or "plain split", as the commands and
    /// the benchmark report say it.
    pub fn label(self) -> &'static str {
        match (self.lean, self.split) {
            (true, false) => "lean",
            (false, false) => "plain",
            (true, true) => "lean split",
            (false, true) => "plain split",
        }
    }

    /// cargo's target folder for this kind: each its own, so that no build
    /// rebuilds another's artifacts.
    fn target_dir(self) -> PathBuf {
        match (self.lean, self.split) {
            (false, false) => cargo_target_dir(),
            (true, false) => cargo_target_dir().join("lean"),
            (false, true) => cargo_target_dir().join("split"),
            (true, true) => cargo_target_dir().join("lean-split"),
        }
    }
}

/// The std crates the lean build compiles (`-Zbuild-std`); the set-up
/// fetches their dependencies.
pub const BUILD_STD: &str = "std,panic_abort";

/// Cargo's settings for the lean build, for the wasm target only.
const LEAN_ENV: &[(&str, &str)] = &[
    ("RUSTC_BOOTSTRAP", "1"),
    ("CARGO_UNSTABLE_BUILD_STD", BUILD_STD),
    ("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size"),
];

/// The lean build's rustc flags for the wasm.
const LEAN_RUSTFLAGS: &str = "-Zunstable-options -Cpanic=immediate-abort";

/// Cargo adds these to `target.wasm32-unknown-unknown.rustflags` of
/// .cargo/config.toml (`--cfg erase_components`), which stays.
const WASM_RUSTFLAGS: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";

/// cargo's release wasm (before wasm-bindgen and wasm-opt, function names
/// kept) for a build of this kind.
pub fn cargo_wasm(kind: Kind) -> PathBuf {
    kind.target_dir()
        .join("wasm32-unknown-unknown/release/jobdeck.wasm")
}

/// Builds the release into `dist`: split into chunks (split.rs) if it can,
/// else in one wasm; lean if it can, else plain. `JOBDECK_SPLIT=0` asks for
/// one wasm, `JOBDECK_LEAN=0` for the plain build (to check or measure them).
pub fn build(dist: &Path) -> Result<Kind, String> {
    let html = root().join("index.html");
    if std::env::var("JOBDECK_SPLIT").as_deref() == Ok("0") {
        return build_page(&html, dist, "/");
    }
    match split::build_tool() {
        Ok(tool) => {
            for lean in [true, false]
                .into_iter()
                .filter(|&lean| !lean || lean_wanted())
            {
                let kind = Kind { lean, split: true };
                let mut trunk = trunk_release(&html, dist, "/", kind);
                trunk.envs(split::hook_env(&tool, &cargo_wasm(kind))?);
                match run_step(&mut trunk) {
                    Ok(()) => return Ok(kind),
                    Err(problem) => eprintln!(
                        "release: WARNING: the {} build failed: {problem}",
                        kind.label()
                    ),
                }
            }
        }
        Err(problem) => eprintln!("release: WARNING: cannot build the splitter: {problem}"),
    }
    eprintln!("release: making the release in one wasm instead (no chunks)");
    build_page(&html, dist, "/")
}

/// Builds the page `html` (its `data-trunk` assets and wasm) the release
/// way into `dist`, for serving under `public_url`: lean if it can, else
/// plain. The benchmark builds its Leptos floor (bench/floor) with it.
pub fn build_page(html: &Path, dist: &Path, public_url: &str) -> Result<Kind, String> {
    let lean = Kind {
        lean: true,
        split: false,
    };
    if !lean_wanted() {
        let plain = Kind {
            lean: false,
            ..lean
        };
        run_step(&mut trunk_release(html, dist, public_url, plain))?;
        return Ok(plain);
    }
    match run_step(&mut trunk_release(html, dist, public_url, lean)) {
        Ok(()) => Ok(lean),
        Err(problem) => {
            eprintln!(
                "release: WARNING: the lean build (std rebuilt for size) failed: {problem}\n\
                 release: making the plain release build instead (about 30 KB more wasm)"
            );
            let plain = Kind {
                lean: false,
                ..lean
            };
            run_step(&mut trunk_release(html, dist, public_url, plain))?;
            Ok(plain)
        }
    }
}

/// Whether to try the lean build first: yes, unless `JOBDECK_LEAN=0`.
fn lean_wanted() -> bool {
    std::env::var("JOBDECK_LEAN").as_deref() != Ok("0")
}

/// `trunk build --release html` into `dist`, as a build of this kind.
fn trunk_release(html: &Path, dist: &Path, public_url: &str, kind: Kind) -> Command {
    let mut trunk = command("trunk");
    trunk
        .args(["build", "--release", "--public-url", public_url, "--dist"])
        .arg(dist)
        .arg(html)
        .env("CARGO_TARGET_DIR", kind.target_dir());
    let mut rustflags = Vec::new();
    if kind.lean {
        trunk.envs(LEAN_ENV.iter().copied());
        rustflags.push(LEAN_RUSTFLAGS);
    }
    if kind.split {
        rustflags.push(split::RUSTFLAGS);
    }
    if !rustflags.is_empty() {
        trunk.env(WASM_RUSTFLAGS, rustflags.join(" "));
    }
    trunk
}
