//! `cargo xtask setup`: installs what the project needs and is missing, from
//! the package registries only. A second run on a set-up machine only checks
//! versions. Every other command runs it first.

use std::path::Path;
use std::time::Instant;

use crate::project::{command, is_root, output_of, root, run_step, CHROMEDRIVER};
use crate::release;

/// The trunk release that builds with this machine's rustc (0.22 needs 1.96).
const TRUNK_VERSION: &str = "0.21.14";
/// Debian's Chromium.
const CHROMIUM: &str = "/usr/bin/chromium";
const APT_PACKAGES: &[&str] = &[
    "chromium",
    "chromium-driver",
    "nginx",
    "libnginx-mod-http-brotli-static",
];

/// The wasm-bindgen version locked in Cargo.lock: the CLI must equal it.
fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen".into())
}

/// Installs whatever is missing, then fetches crates so trunk can build offline.
pub fn run() -> Result<(), String> {
    let started = Instant::now();
    let installed_targets =
        output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !installed_targets
        .lines()
        .any(|t| t == "wasm32-unknown-unknown")
    {
        println!("setup: adding the wasm32-unknown-unknown target");
        run_step(command("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }

    if output_of("trunk", &["--version"]).as_deref() != Some(&format!("trunk {TRUNK_VERSION}")) {
        println!("setup: installing trunk {TRUNK_VERSION} (about 15 minutes on 2 cores)");
        run_step(command("cargo").args([
            "install",
            "trunk",
            "--version",
            &format!("={TRUNK_VERSION}"),
            "--locked",
        ]))?;
    }

    let bindgen = locked_wasm_bindgen()?;
    let wanted = format!("wasm-bindgen {bindgen}");
    let runner_ok = output_of("wasm-bindgen-test-runner", &["--version"])
        .is_some_and(|v| v.ends_with(&bindgen));
    if output_of("wasm-bindgen", &["--version"]).as_deref() != Some(&wanted) || !runner_ok {
        println!("setup: installing wasm-bindgen-cli {bindgen} (about 7 minutes)");
        // Without --locked: its lockfile pins a crate version the registry no longer serves.
        run_step(command("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={bindgen}"),
            "--force",
        ]))?;
    }

    let npm_stamp = root().join("node_modules/.package-lock.json");
    let npm_fresh = match (
        modified(&npm_stamp),
        modified(&root().join("package-lock.json")),
    ) {
        (Some(installed), Some(wanted)) => installed >= wanted,
        _ => false,
    };
    if !npm_fresh || !root().join("node_modules/.bin/wasm-opt").exists() {
        println!("setup: installing npm packages (wasm-opt, Playwright)");
        run_step(command("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    }

    let missing: Vec<&str> = [
        (CHROMIUM, "chromium"),
        (CHROMEDRIVER, "chromium-driver"),
        ("/usr/sbin/nginx", "nginx"),
    ]
    .iter()
    .filter(|(path, _)| !Path::new(path).exists())
    .map(|(_, package)| *package)
    .chain(
        (!Path::new("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so").exists())
            .then_some("libnginx-mod-http-brotli-static"),
    )
    .collect();
    if !missing.is_empty() {
        install_debian_packages(&missing)?;
    }

    run_step(command("cargo").args(["fetch", "--quiet"]))?;
    prepare_lean_build();
    println!("setup: ready in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The lean release build (release.rs) compiles std from rust-src, offline
/// like every trunk build: add the component and fetch std's own crates. Not
/// fatal: without them the release is built the plain way.
fn prepare_lean_build() {
    let components = output_of("rustup", &["component", "list", "--installed"]).unwrap_or_default();
    if !components.lines().any(|c| c.starts_with("rust-src")) {
        println!("setup: adding rust-src (std's sources, for the lean release build)");
        if let Err(problem) = run_step(command("rustup").args(["component", "add", "rust-src"])) {
            eprintln!("setup: WARNING: {problem}; release builds will be plain");
            return;
        }
    }
    let fetch = run_step(
        command("cargo")
            .args([
                "fetch",
                "--quiet",
                &format!("-Zbuild-std={}", release::BUILD_STD),
            ])
            .args(["--target", "wasm32-unknown-unknown"])
            .env("RUSTC_BOOTSTRAP", "1"),
    );
    if let Err(problem) = fetch {
        eprintln!(
            "setup: WARNING: cannot fetch std's crates ({problem}); release builds will be plain"
        );
    }
}

fn install_debian_packages(missing: &[&str]) -> Result<(), String> {
    if !is_root() {
        return Err(format!(
            "missing Debian packages: {}. Install them as root:\n  apt-get update && apt-get install -y {}",
            missing.join(" "),
            APT_PACKAGES.join(" ")
        ));
    }
    println!("setup: installing Debian packages: {}", missing.join(" "));
    run_step(command("apt-get").args(["update", "-qq"]))?;
    run_step(
        command("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "-qq"])
            .args(APT_PACKAGES),
    )
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}
