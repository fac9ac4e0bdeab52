//! `cargo xtask bench`: builds the release with [`start_site`], serves a
//! private copy of it (plus the plain-JavaScript baseline of `bench/baseline`)
//! through nginx from the production template, in front of the sandbox that
//! `start_site` started, and runs `bench/run.mjs`, which measures and rewrites
//! BENCHMARKS.md.
//!
//! Why a copy: `dist/` is shared. Anyone's `trunk serve` (`cargo xtask dev`)
//! or `trunk build` replaces it at any moment, sometimes with a debug build,
//! and a benchmark that spends minutes loading pages from it would measure
//! whatever happens to be there. The copy is checked to be a complete release
//! build; when someone else's build got in between, the release is built again
//! straight into the copy.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::e2e::{render_template, start_site, DEV_TOKEN};
use crate::procs::{wait_for_http, Service};
use crate::setup::{command, root, run_step};

/// How long the sandbox takes to finish an action: long enough for the app to
/// poll more than once (it waits 1 s, then 1.5 s, 2.25 s, …), so the report
/// can show the spacing of its polls.
const ACTION_DELAY_MS: u32 = 3000;

/// `cargo xtask bench`.
pub fn run() -> Result<(), String> {
    let started = Instant::now();
    let site = start_site(ACTION_DELAY_MS)?;
    let bench_dir = root().join("target/bench");
    let served = bench_dir.join("site");
    snapshot(&root().join("dist"), &served)?;
    let mut attempt = 0;
    while let Err(problem) = check_release(&served) {
        attempt += 1;
        if attempt > 3 {
            return Err(format!(
                "no complete release build after {attempt} tries: {problem}"
            ));
        }
        println!("bench: the copy of dist/ is not a complete release build ({problem}); another build got in between, so building it again for the benchmark alone");
        let _ = std::fs::remove_dir_all(&served);
        run_step(
            command("trunk")
                .args(["build", "--release", "--dist"])
                .arg(&served),
        )?;
    }
    copy_baseline(&served)?;
    // cargo's output before wasm-bindgen and wasm-opt still names its
    // functions: run.mjs sums its code by crate.
    let named_wasm = bench_dir.join("jobdeck-named.wasm");
    let _ = std::fs::copy(
        root().join("target/wasm32-unknown-unknown/release/jobdeck.wasm"),
        &named_wasm,
    );

    let listen = format!("127.0.0.1:{}", free_port()?);
    let _nginx = start_nginx(
        &bench_dir.join("nginx"),
        &listen,
        &served,
        &site.sandbox_url,
    )?;
    let app_url = format!("http://{listen}");
    println!("bench: serving {} at {app_url}", served.display());

    let status = command("node")
        .arg("bench/run.mjs")
        .env("E2E_BASE_URL", &app_url)
        .env("E2E_SANDBOX_URL", &site.sandbox_url)
        .env("E2E_TOKEN", DEV_TOKEN)
        .env("BENCH_DIST", &served)
        .env("BENCH_NAMED_WASM", &named_wasm)
        .env("BENCH_OUT", bench_dir.join("results.json"))
        .env("BENCH_MARKDOWN", root().join("BENCHMARKS.md"))
        .env("BENCH_ACTION_DELAY_MS", ACTION_DELAY_MS.to_string())
        .env("BENCH_COMMAND", "cargo xtask bench")
        .status()
        .map_err(|e| format!("could not start node: {e}"))?;
    if !status.success() {
        return Err(format!("bench/run.mjs failed ({status})"));
    }
    println!(
        "bench: BENCHMARKS.md rewritten in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Copies the files at the top of `dist/` (trunk's output is flat).
fn snapshot(dist: &Path, to: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("cannot read {}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_file() {
            // A file that vanished mid-copy shows up in check_release.
            let _ = std::fs::copy(&path, to.join(entry.file_name()));
        }
    }
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

fn copy_baseline(site: &Path) -> Result<(), String> {
    let to = site.join("baseline");
    std::fs::create_dir_all(&to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for file in ["index.html", "app.js"] {
        std::fs::copy(root().join("bench/baseline").join(file), to.join(file))
            .map_err(|e| format!("cannot copy bench/baseline/{file}: {e}"))?;
    }
    Ok(())
}

/// nginx with the production site template (as `start_site` renders it),
/// serving `site` on `listen` with `/api/3` proxied to `upstream`.
fn start_nginx(
    prefix: &Path,
    listen: &str,
    site: &Path,
    upstream: &str,
) -> Result<Service, String> {
    std::fs::create_dir_all(prefix.join("tmp"))
        .map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    let conf_dir = root().join("deploy/nginx");
    let template = std::fs::read_to_string(conf_dir.join("jobdeck.conf.template"))
        .map_err(|e| format!("cannot read the nginx template: {e}"))?;
    let server = render_template(
        &template,
        &[
            ("JOBDECK_LISTEN", listen),
            ("JOBDECK_ROOT", &site.to_string_lossy()),
            ("JOBDECK_API_UPSTREAM", upstream),
            ("JOBDECK_CONF_DIR", &conf_dir.to_string_lossy()),
        ],
    );
    write(&prefix.join("jobdeck.conf"), &server)?;
    let p = prefix.display();
    let main = format!(
        "daemon off;\nworker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/error.log warn;\n\
         load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;\n\
         events {{ worker_connections 512; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n\
         access_log {p}/access.log;\n  client_body_temp_path {p}/tmp/body;\n  proxy_temp_path {p}/tmp/proxy;\n\
         fastcgi_temp_path {p}/tmp/fastcgi;\n  uwsgi_temp_path {p}/tmp/uwsgi;\n  scgi_temp_path {p}/tmp/scgi;\n\
         sendfile on;\n  include {p}/jobdeck.conf;\n}}\n"
    );
    let conf = prefix.join("nginx.conf");
    write(&conf, &main)?;
    let nginx = |cmd: &mut std::process::Command| {
        cmd.arg("-p")
            .arg(prefix)
            .arg("-e")
            .arg(prefix.join("error.log"))
            .arg("-c")
            .arg(&conf);
    };
    let mut test = command("nginx");
    test.args(["-t", "-q"]);
    nginx(&mut test);
    run_step(&mut test)?;
    let mut serve = command("nginx");
    nginx(&mut serve);
    let service = Service::start("nginx (bench)", &mut serve)?;
    wait_for_http(listen, "/", Duration::from_secs(10))?;
    Ok(service)
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
