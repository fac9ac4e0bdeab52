//! `cargo xtask dev`: the sandbox on its fixed port (the one `Trunk.toml`
//! proxies `/api/3` to) and `trunk serve` together until Ctrl-C, with the URL
//! and the sandbox's token printed once the app answers.

use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::procs::{http_status, interrupted_flag, port_in_use, Service};
use crate::project::command;
use crate::sandbox;

/// Where `Trunk.toml`'s `[[proxy]]` expects the sandbox.
const DEV_SANDBOX: &str = "127.0.0.1:8787";
/// Where `trunk serve` listens.
const DEV_APP: &str = "127.0.0.1:8080";

/// `cargo xtask dev`.
pub fn run() -> Result<(), String> {
    for addr in [DEV_SANDBOX, DEV_APP] {
        if port_in_use(addr) {
            return Err(format!(
                "{addr} is already in use: is another `cargo xtask dev` running?"
            ));
        }
    }
    let interrupted = interrupted_flag()?;
    sandbox::build()?;
    let mut sandbox = sandbox::start(DEV_SANDBOX, 1000)?;
    let mut trunk = Service::start("trunk serve", command("trunk").arg("serve"))?;
    println!("Building the app; the first build takes a few minutes…");
    loop {
        if interrupted.load(Ordering::SeqCst) {
            return Ok(());
        }
        for service in [sandbox.service(), &mut trunk] {
            if service.has_exited() {
                return Err(format!("{} stopped unexpectedly", service.name()));
            }
        }
        if http_status(DEV_APP, "/").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    println!("\n  Jobdeck is running: http://{DEV_APP}/");
    println!("  Sign in with the API token: {}", sandbox.token);
    println!(
        "  (sandbox API at {}; Ctrl-C stops both)\n",
        sandbox.api_url
    );
    while !interrupted.load(Ordering::SeqCst) {
        for service in [sandbox.service(), &mut trunk] {
            if service.has_exited() {
                return Err(format!("{} stopped unexpectedly", service.name()));
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!("Stopping…");
    Ok(())
}
