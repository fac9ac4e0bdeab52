//! The sandbox as a service: builds its release binary, starts it, and reads
//! the API URL and the token to sign in with from the first two lines it
//! prints, so no other module needs to know its port or its token.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::procs::{wait_for_http, Service};
use crate::project::{cargo_target_dir, command, run_step};

/// How long the sandbox may take to print its two start-up lines.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A running sandbox; dropping it stops it.
pub struct Sandbox {
    /// e.g. `http://127.0.0.1:8787/api/3`
    pub api_url: String,
    /// e.g. `http://127.0.0.1:8787`: the API URL without `/api/3`.
    pub origin: String,
    /// The first token the sandbox accepts, from its `Token:` line.
    pub token: String,
    service: Service,
    echo: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// The process, to watch whether it stopped.
    pub fn service(&mut self) -> &mut Service {
        &mut self.service
    }
}

impl Drop for Sandbox {
    /// Stops it, then lets its last lines through before anything this
    /// process prints next (`cargo xtask test`'s closing line must stay last).
    fn drop(&mut self) {
        self.service.stop();
        if let Some(echo) = self.echo.take() {
            let _ = echo.join();
        }
    }
}

/// `cargo build --release -p jobdeck-sandbox`.
pub fn build() -> Result<(), String> {
    run_step(command("cargo").args(["build", "--release", "-p", "jobdeck-sandbox"]))
}

/// Starts the built sandbox on `addr` (port 0 picks a free one) and waits
/// until it answers. Its output still reaches this process's stdout.
pub fn start(addr: &str, action_delay_ms: u32) -> Result<Sandbox, String> {
    let binary = cargo_target_dir().join("release/jobdeck-sandbox");
    let mut service = Service::start(
        "sandbox",
        command(&binary.to_string_lossy())
            .args([
                "--addr",
                addr,
                "--action-delay-ms",
                &action_delay_ms.to_string(),
            ])
            // Its own default token, whatever the caller's environment says.
            .env_remove("JOBDECK_SANDBOX_TOKENS")
            .stdout(Stdio::piped()),
    )?;
    let stdout = service.take_stdout().ok_or("the sandbox has no stdout")?;
    let (lines, received) = mpsc::channel();
    // Echoes every line for as long as the sandbox runs, so it never writes
    // into a closed pipe, and hands them over until the banner is read.
    let echo = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            let _ = lines.send(line);
        }
    });
    let mut banner = Banner::default();
    let deadline = Instant::now() + START_TIMEOUT;
    let (api_url, token) = loop {
        if let Banner {
            api_url: Some(api_url),
            token: Some(token),
        } = &banner
        {
            break (api_url.clone(), token.clone());
        }
        let wait = deadline.saturating_duration_since(Instant::now());
        match received.recv_timeout(wait) {
            Ok(line) => banner.read(&line),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(format!(
                    "the sandbox printed no URL and token within {START_TIMEOUT:?}"
                ))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err("the sandbox stopped before printing its URL and token".into())
            }
        }
    };
    let origin = api_url
        .strip_suffix("/api/3")
        .ok_or_else(|| format!("the sandbox's URL {api_url} does not end in /api/3"))?
        .to_string();
    let host_port = origin
        .strip_prefix("http://")
        .ok_or_else(|| format!("the sandbox's URL {api_url} is not http://"))?;
    wait_for_http(host_port, "/api/3/ping", START_TIMEOUT)?;
    Ok(Sandbox {
        api_url,
        origin,
        token,
        service,
        echo: Some(echo),
    })
}

/// What the sandbox's first two lines say:
/// `Jobdeck sandbox listening on http://127.0.0.1:PORT/api/3` and `Token: <token>`.
#[derive(Debug, Default, PartialEq, Eq)]
struct Banner {
    api_url: Option<String>,
    token: Option<String>,
}

impl Banner {
    fn read(&mut self, line: &str) {
        let line = line.trim();
        if let Some(url) = line.strip_prefix("Jobdeck sandbox listening on ") {
            self.api_url = Some(url.to_string());
        } else if let Some(token) = line.strip_prefix("Token: ") {
            self.token = Some(token.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Banner;

    #[test]
    fn reads_the_url_and_the_token_from_the_start_up_lines() {
        let mut banner = Banner::default();
        for line in [
            "Jobdeck sandbox listening on http://127.0.0.1:40123/api/3",
            "Token: some-token",
            "Other tokens: b, c",
        ] {
            banner.read(line);
        }
        assert_eq!(
            banner,
            Banner {
                api_url: Some("http://127.0.0.1:40123/api/3".into()),
                token: Some("some-token".into()),
            }
        );
    }
}
