//! Where the repository is and how to run its tools: every command goes
//! through [`command`], which puts the npm and cargo tools first on `PATH` and
//! sets the offline settings trunk, wasm-bindgen-test and Playwright need.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian's ChromeDriver, for wasm-bindgen-test.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The repository root (xtask lives one folder below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the repository")
        .to_path_buf()
}

/// cargo's target folder: `CARGO_TARGET_DIR` when set, as cargo itself does.
pub fn cargo_target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// `PATH` with the npm tools (wasm-opt, playwright) and cargo's bin first.
pub fn tool_path() -> String {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    format!(
        "{}:{}:{}",
        root().join("node_modules/.bin").display(),
        home.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A command with the project's tool path and trunk's offline settings.
pub fn command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(root())
        .env("PATH", tool_path())
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    cmd
}

/// Runs a command to its end, failing with its name when it fails.
pub fn run_step(cmd: &mut Command) -> Result<(), String> {
    let status = cmd
        .status()
        .map_err(|e| format!("could not start {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed ({status})"))
    }
}

/// The trimmed stdout of a command that succeeded.
pub fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = command(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Whether this runs as root (who may install Debian packages).
pub fn is_root() -> bool {
    output_of("id", &["-u"]).as_deref() == Some("0")
}
