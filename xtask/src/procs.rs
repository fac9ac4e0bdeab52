//! Long-running services (sandbox, trunk serve, nginx) started in their own
//! process groups, so stopping one stops everything it started. Dropping a
//! [`Service`] stops it: no process is left behind on any exit path.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::process::{Child, ChildStdout, Command};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A running service.
pub struct Service {
    name: String,
    child: Child,
}

impl Service {
    /// Starts `cmd` in a new process group.
    pub fn start(name: &str, cmd: &mut Command) -> Result<Service, String> {
        let child = cmd
            .process_group(0)
            .spawn()
            .map_err(|e| format!("could not start {name}: {e}"))?;
        Ok(Service {
            name: name.to_string(),
            child,
        })
    }

    /// Whether it has stopped on its own.
    pub fn has_exited(&mut self) -> bool {
        !matches!(self.child.try_wait(), Ok(None))
    }

    /// Its stdout, when it was started with `Stdio::piped()`; once only.
    pub fn take_stdout(&mut self) -> Option<ChildStdout> {
        self.child.stdout.take()
    }

    /// The service's name, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Stops the whole process group: SIGTERM, then SIGKILL after 5 s.
    pub fn stop(&mut self) {
        if self.has_exited() {
            return;
        }
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.has_exited() {
                // Children of the group may outlive its leader for a moment.
                let _ = Command::new("kill").args(["-KILL", "--", &group]).output();
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Waits until `http://{addr}{path}` answers with any HTTP status.
pub fn wait_for_http(addr: &str, path: &str, timeout: Duration) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    loop {
        if http_status(addr, path).is_some() {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "http://{addr}{path} did not answer within {timeout:?}"
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The status code of a plain GET, or `None` when nothing answers.
pub fn http_status(addr: &str, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

/// Whether something already listens on `addr`.
pub fn port_in_use(addr: &str) -> bool {
    TcpStream::connect(addr).is_ok()
}

/// Set by Ctrl-C or SIGTERM; long waits check it and stop their services.
pub fn interrupted_flag() -> Result<Arc<AtomicBool>, String> {
    let flag = Arc::new(AtomicBool::new(false));
    let setter = flag.clone();
    ctrlc::set_handler(move || setter.store(true, Ordering::SeqCst))
        .map_err(|e| format!("cannot catch Ctrl-C: {e}"))?;
    Ok(flag)
}
