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

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::project::{cargo_target_dir, command, root, run_step};

/// Which build [`build`] made.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// std rebuilt for size, immediate abort.
    Lean,
    /// The stock toolchain's release build (the fallback).
    Plain,
}

impl Kind {
    /// "lean" or "plain", as the commands and the benchmark report say it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Lean => "lean",
            Kind::Plain => "plain",
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
    // Cargo adds these to `target.wasm32-unknown-unknown.rustflags` of
    // .cargo/config.toml (`--cfg erase_components`), which stays.
    (
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "-Zunstable-options -Cpanic=immediate-abort",
    ),
];

/// The lean build's own cargo target folder, so that it and a plain
/// `trunk build --release` do not rebuild each other's artifacts.
fn lean_target_dir() -> PathBuf {
    cargo_target_dir().join("lean")
}

/// cargo's release wasm (before wasm-bindgen and wasm-opt, function names
/// kept) for a build of this kind.
pub fn cargo_wasm(kind: Kind) -> PathBuf {
    let target = match kind {
        Kind::Lean => lean_target_dir(),
        Kind::Plain => cargo_target_dir(),
    };
    target.join("wasm32-unknown-unknown/release/jobdeck.wasm")
}

/// Builds the release into `dist`: lean if it can, else plain.
pub fn build(dist: &Path) -> Result<Kind, String> {
    build_page(&root().join("index.html"), dist, "/")
}

/// Builds the page `html` (its `data-trunk` assets and wasm) the release
/// way into `dist`, for serving under `public_url`: lean if it can, else
/// plain. The benchmark builds its Leptos floor (bench/floor) with it.
pub fn build_page(html: &Path, dist: &Path, public_url: &str) -> Result<Kind, String> {
    let mut lean = trunk_release(html, dist, public_url);
    lean.env("CARGO_TARGET_DIR", lean_target_dir())
        .envs(LEAN_ENV.iter().copied());
    match run_step(&mut lean) {
        Ok(()) => Ok(Kind::Lean),
        Err(problem) => {
            eprintln!(
                "release: WARNING: the lean build (std rebuilt for size) failed: {problem}\n\
                 release: making the plain release build instead (about 30 KB more wasm)"
            );
            run_step(&mut trunk_release(html, dist, public_url))?;
            Ok(Kind::Plain)
        }
    }
}

/// `trunk build --release html` into `dist`.
fn trunk_release(html: &Path, dist: &Path, public_url: &str) -> Command {
    let mut trunk = command("trunk");
    trunk
        .args(["build", "--release", "--public-url", public_url, "--dist"])
        .arg(dist)
        .arg(html);
    trunk
}
