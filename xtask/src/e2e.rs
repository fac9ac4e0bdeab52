//! The commands that run the app: `dev` (sandbox + trunk serve) and `test`
//! (every layer, the end-to-end ones through nginx in front of the sandbox,
//! exactly as the app is deployed).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::procs::{interrupted_flag, port_in_use, wait_for_http, Service};
use crate::setup::{command, is_root, root, run_step};
use crate::tally::{cargo_test, Counts, Tally};

/// The token the sandbox accepts in development and tests.
pub const DEV_TOKEN: &str = "jobdeck-dev-token";
const DEV_SANDBOX: &str = "127.0.0.1:8787";
const DEV_APP: &str = "127.0.0.1:8080";

/// `cargo xtask dev`: the sandbox and `trunk serve` together until Ctrl-C.
pub fn dev() -> Result<(), String> {
    for addr in [DEV_SANDBOX, DEV_APP] {
        if port_in_use(addr) {
            return Err(format!(
                "{addr} is already in use: is another `cargo xtask dev` running?"
            ));
        }
    }
    let interrupted = interrupted_flag()?;
    run_step(command("cargo").args(["build", "--release", "-p", "jobdeck-sandbox"]))?;
    let mut sandbox = start_sandbox(DEV_SANDBOX, 1000)?;
    let mut trunk = Service::start("trunk serve", command("trunk").arg("serve"))?;
    println!("Building the app; the first build takes a few minutes…");
    loop {
        if interrupted.load(Ordering::SeqCst) {
            return Ok(());
        }
        for service in [&mut sandbox, &mut trunk] {
            if service.has_exited() {
                return Err(format!("{} stopped unexpectedly", service.name()));
            }
        }
        if crate::procs::http_status(DEV_APP, "/").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    println!("\n  Jobdeck is running: http://{DEV_APP}/");
    println!("  Sign in with the API token: {DEV_TOKEN}");
    println!("  (sandbox API at http://{DEV_SANDBOX}/api/3; Ctrl-C stops both)\n");
    while !interrupted.load(Ordering::SeqCst) {
        for service in [&mut sandbox, &mut trunk] {
            if service.has_exited() {
                return Err(format!("{} stopped unexpectedly", service.name()));
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!("Stopping…");
    Ok(())
}

/// `cargo xtask test`: every layer, then one `N passed, N failed` line.
/// Extra arguments are passed to Playwright (e.g. a test file or `-g name`).
pub fn test(playwright_args: &[String]) -> Result<(), String> {
    let mut tally = Tally::default();
    let ok = |cmd: &mut std::process::Command| cmd.status().is_ok_and(|s| s.success());
    tally.check(
        "cargo fmt --check",
        ok(command("cargo").args(["fmt", "--all", "--check"])),
    );
    tally.check(
        "clippy (host)",
        ok(command("cargo").args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])),
    );
    tally.check(
        "clippy (wasm32)",
        ok(command("cargo").args([
            "clippy",
            "-p",
            "jobdeck",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])),
    );
    tally.add(
        "unit and HTTP tests (native)",
        cargo_test(command("cargo").args(["test", "--workspace", "--no-fail-fast"])),
    );
    tally.add(
        "component tests (headless Chromium)",
        cargo_test(command("cargo").args([
            "test",
            "--no-fail-fast",
            "-p",
            "jobdeck",
            "--target",
            "wasm32-unknown-unknown",
            "--tests",
        ])),
    );
    let e2e = end_to_end(playwright_args).unwrap_or_else(|message| {
        eprintln!("end-to-end: {message}");
        Counts {
            passed: 0,
            failed: 1,
        }
    });
    tally.add("end-to-end (Playwright, nginx + sandbox)", e2e);
    if tally.finish() {
        Ok(())
    } else {
        Err(String::new())
    }
}

/// `cargo xtask e2e`: the end-to-end layer alone, for working on one flow.
pub fn end_to_end_only(playwright_args: &[String]) -> Result<(), String> {
    let mut tally = Tally::default();
    tally.add(
        "end-to-end (Playwright, nginx + sandbox)",
        end_to_end(playwright_args)?,
    );
    if tally.finish() {
        Ok(())
    } else {
        Err(String::new())
    }
}

/// The release build served by nginx in front of a sandbox, on free loopback ports.
pub struct Site {
    /// e.g. `http://127.0.0.1:41234`
    pub app_url: String,
    /// e.g. `http://127.0.0.1:41235`
    pub sandbox_url: String,
    /// The release build being served.
    pub dist: PathBuf,
    _sandbox: Service,
    _nginx: Service,
}

/// Builds the release into `target/{name}/dist` and the sandbox, then starts
/// both behind nginx. Each user has its own folder, because `dist/` belongs to
/// whoever runs `trunk serve` and would change under a test's feet.
pub fn start_site(name: &str, action_delay_ms: u32) -> Result<Site, String> {
    let work = root().join("target").join(name);
    let dist = work.join("dist");
    run_step(
        command("trunk")
            .args(["build", "--release", "--dist"])
            .arg(&dist),
    )?;
    run_step(command("cargo").args(["build", "--release", "-p", "jobdeck-sandbox"]))?;
    let sandbox_addr = format!("127.0.0.1:{}", free_port()?);
    let app_addr = format!("127.0.0.1:{}", free_port()?);
    let sandbox = start_sandbox(&sandbox_addr, action_delay_ms)?;
    let nginx = start_nginx(
        &work.join("nginx"),
        &dist,
        &app_addr,
        &format!("http://{sandbox_addr}"),
    )?;
    Ok(Site {
        app_url: format!("http://{app_addr}"),
        sandbox_url: format!("http://{sandbox_addr}"),
        dist,
        _sandbox: sandbox,
        _nginx: nginx,
    })
}

fn end_to_end(playwright_args: &[String]) -> Result<Counts, String> {
    let site = start_site("e2e", 600)?;
    let report = root().join("target/e2e/results.json");
    let _ = std::fs::remove_file(&report);
    let status = command("playwright")
        .args(["test", "--config", "e2e/playwright.config.ts"])
        .args(playwright_args)
        .env("E2E_BASE_URL", &site.app_url)
        .env("E2E_SANDBOX_URL", &site.sandbox_url)
        .env("E2E_TOKEN", DEV_TOKEN)
        .env("E2E_JSON_REPORT", &report)
        .status()
        .map_err(|e| format!("could not start Playwright: {e}"))?;
    let mut counts = playwright_counts(&report)?;
    if !status.success() && counts.failed == 0 {
        counts.failed = 1;
    }
    Ok(counts)
}

/// Reads Playwright's JSON report: `stats.expected` (+ `flaky`) passed,
/// `stats.unexpected` failed.
fn playwright_counts(report: &Path) -> Result<Counts, String> {
    let text = std::fs::read_to_string(report)
        .map_err(|e| format!("no Playwright report at {}: {e}", report.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("unreadable Playwright report: {e}"))?;
    let stat = |key: &str| json["stats"][key].as_u64().unwrap_or(0) as u32;
    Ok(Counts {
        passed: stat("expected") + stat("flaky"),
        failed: stat("unexpected"),
    })
}

fn start_sandbox(addr: &str, action_delay_ms: u32) -> Result<Service, String> {
    let binary = root().join("target/release/jobdeck-sandbox");
    let sandbox = Service::start(
        "sandbox",
        command(&binary.to_string_lossy()).args([
            "--addr",
            addr,
            "--token",
            DEV_TOKEN,
            "--action-delay-ms",
            &action_delay_ms.to_string(),
        ]),
    )?;
    wait_for_http(addr, "/api/3/ping", Duration::from_secs(20))?;
    Ok(sandbox)
}

/// Starts Debian's nginx with the production template of `deploy/nginx`,
/// rendered for this machine: a scratch prefix, a loopback port, the sandbox
/// as the API upstream.
fn start_nginx(
    prefix: &Path,
    dist: &Path,
    listen: &str,
    upstream: &str,
) -> Result<Service, String> {
    for sub in ["", "tmp"] {
        std::fs::create_dir_all(prefix.join(sub))
            .map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    }
    let conf_dir = root().join("deploy/nginx");
    let template = std::fs::read_to_string(conf_dir.join("jobdeck.conf.template"))
        .map_err(|e| format!("cannot read the nginx template: {e}"))?;
    let site = render_template(
        &template,
        &[
            ("JOBDECK_LISTEN", listen),
            ("JOBDECK_ROOT", &dist.to_string_lossy()),
            ("JOBDECK_API_UPSTREAM", upstream),
            ("JOBDECK_CONF_DIR", &conf_dir.to_string_lossy()),
        ],
    );
    write(&prefix.join("jobdeck.conf"), &site)?;
    let p = prefix.display();
    // As root, nginx's workers would run as `nobody`, who may not be allowed
    // into the checkout (a CI clone can sit in a private folder): keep them root.
    let user = if is_root() { "user root;\n" } else { "" };
    let main = format!(
        "{user}daemon off;\nworker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/error.log warn;\n\
         load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;\n\
         events {{ worker_connections 512; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n\
         access_log {p}/access.log;\n  client_body_temp_path {p}/tmp/body;\n  proxy_temp_path {p}/tmp/proxy;\n\
         fastcgi_temp_path {p}/tmp/fastcgi;\n  uwsgi_temp_path {p}/tmp/uwsgi;\n  scgi_temp_path {p}/tmp/scgi;\n\
         sendfile on;\n  include {p}/jobdeck.conf;\n}}\n"
    );
    write(&prefix.join("nginx.conf"), &main)?;
    let nginx_with_our_files = || {
        let mut cmd = command("nginx");
        cmd.arg("-p").arg(prefix);
        cmd.arg("-e").arg(prefix.join("error.log"));
        cmd.arg("-c").arg(prefix.join("nginx.conf"));
        cmd
    };
    // Check the configuration first, so a mistake reads as nginx's own message.
    run_step(nginx_with_our_files().arg("-t").arg("-q"))?;
    let nginx = Service::start("nginx", &mut nginx_with_our_files())?;
    wait_for_http(listen, "/", Duration::from_secs(10))?;
    Ok(nginx)
}

/// Replaces `${NAME}` for each given name, leaving nginx's own `$vars` alone.
pub fn render_template(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("${{{name}}}"), value)
        })
}

fn write(path: &PathBuf, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// `cargo xtask bench`: see `xtask/src/bench.rs` and `bench/`.
pub fn bench() -> Result<(), String> {
    crate::bench::run()
}

#[cfg(test)]
mod tests {
    use super::render_template;

    #[test]
    fn renders_only_the_named_settings() {
        let out = render_template(
            "listen ${JOBDECK_LISTEN}; proxy_set_header X $proxy_add_x_forwarded_for; ${OTHER}",
            &[("JOBDECK_LISTEN", "127.0.0.1:80")],
        );
        assert_eq!(
            out,
            "listen 127.0.0.1:80; proxy_set_header X $proxy_add_x_forwarded_for; ${OTHER}"
        );
    }
}
