//! The app's workarounds for its framework, each with a test that fails the
//! day the framework no longer needs it, so it can be removed then.
//! (`src/state/scoped.rs` has its own such test, in the app's unit tests.)

use std::path::PathBuf;
use std::process::Command;

/// Where cargo keeps the source of a dependency, from `cargo metadata`.
fn source_of(package: &str) -> Option<PathBuf> {
    let output = Command::new("cargo")
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(crate::project::root())
        .output()
        .ok()?;
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
    let manifest = metadata["packages"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == package)?["manifest_path"]
        .as_str()?
        .to_string();
    Some(PathBuf::from(manifest).parent()?.join("src"))
}

/// `src/router.rs` moves the location itself instead of through
/// leptos_router's navigation, because that navigation notes every URL it
/// goes to in `BrowserUrl::path_stack`, a list only Back shortens (about 270
/// bytes of wasm memory per page change, kept for good). This reads the
/// locked leptos_router's source: once it no longer pushes to that list
/// without bound, this fails, and router.rs can use the router's own
/// navigation again.
#[test]
fn leptos_router_still_keeps_every_url_its_navigation_visits() {
    let src = source_of("leptos_router").expect("cargo metadata finds leptos_router");
    let history = std::fs::read_to_string(src.join("location/history.rs"))
        .expect("leptos_router has src/location/history.rs");
    assert!(
        history.contains("self.path_stack.write_value().push(url)"),
        "leptos_router's navigation no longer pushes every URL to path_stack: \
         check whether src/router.rs's own navigation is still needed"
    );
}
