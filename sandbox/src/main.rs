//! `jobdeck-sandbox`: runs the sandbox on loopback until SIGINT or SIGTERM.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use jobdeck_sandbox::config::Fleet;
use jobdeck_sandbox::{app, serve, AppState, Config, Settings, DEFAULT_TOKEN};
use tokio::net::TcpListener;

const HELP: &str = "\
jobdeck-sandbox: a local server that behaves like the Cloud 66 API v3 jobs endpoints

USAGE:
    jobdeck-sandbox [OPTIONS]

OPTIONS:
    --addr HOST:PORT         Address to listen on [default: 127.0.0.1:8787]
    --port PORT              Port on 127.0.0.1 (or on the --addr host); 0 picks a free one
    --token TOKEN            Accepted bearer token; repeat for more. Replaces
                             JOBDECK_SANDBOX_TOKENS (comma-separated) [default: {DEFAULT_TOKEN}]
    --rate-limit N           Requests per token per window [default: 3600]
    --window-secs S          Rate-limit window in seconds, fixed from a token's first request
                             [default: 3600]
    --action-delay-ms D      Time an async action takes to finish [default: 1000]
    --fleet STACKS:JOBS      Generated stacks of JOBS jobs each after the seeded ones, e.g.
                             50:120; reset returns to them [default: none]
    -h, --help               Print this help

The API is served under /api/3; test controls (faults, latency, config, revoke, reset, stats,
clock, fleet, jobs, stacks) under /__sandbox/. See sandbox/README.md.";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Help,
    Run(SocketAddr, Settings),
}

/// Reads the flags (`--flag value` or `--flag=value`); tokens fall back to `env_tokens`
/// (comma-separated), then to the dev token.
fn parse_args(args: &[String], env_tokens: Option<&str>) -> Result<Command, String> {
    parse_flags(args, env_tokens).map_err(|error| error.to_string())
}

fn parse_flags(args: &[String], env_tokens: Option<&str>) -> Result<Command, lexopt::Error> {
    use lexopt::prelude::*;
    let mut addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 8787);
    let mut port: Option<u16> = None;
    let mut tokens = Vec::new();
    let mut config = Config::default();
    let mut fleet = Fleet::default();
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("addr") => {
                let text: String = parser.value()?.string()?;
                addr = text
                    .parse()
                    .map_err(|_| format!("--addr: {text:?} is not HOST:PORT"))?;
            }
            Long("port") => port = Some(number(&mut parser, "--port")?),
            Long("token") => tokens.push(parser.value()?.string()?),
            Long("rate-limit") => config.rate_limit = number(&mut parser, "--rate-limit")?,
            Long("window-secs") => {
                let seconds: u64 = number(&mut parser, "--window-secs")?;
                if seconds == 0 {
                    return Err("--window-secs must be at least 1".into());
                }
                config.window = Duration::from_secs(seconds);
            }
            Long("action-delay-ms") => {
                config.action_delay =
                    Duration::from_millis(number(&mut parser, "--action-delay-ms")?);
            }
            Long("fleet") => {
                let text: String = parser.value()?.string()?;
                fleet = Fleet::parse(&text).map_err(|error| format!("--fleet: {error}"))?;
            }
            _ => return Err(arg.unexpected()),
        }
    }
    if let Some(port) = port {
        addr.set_port(port);
    }
    if tokens.is_empty() {
        tokens = env_tokens
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .map(str::to_owned)
            .collect();
    }
    if tokens.is_empty() {
        tokens.push(DEFAULT_TOKEN.to_owned());
    }
    if tokens
        .iter()
        .any(|token| token.trim().is_empty() || token.contains(char::is_whitespace))
    {
        return Err("tokens must be non-empty and contain no spaces".into());
    }
    Ok(Command::Run(
        addr,
        Settings {
            tokens,
            config,
            fleet,
            ..Settings::default()
        },
    ))
}

/// The number after `flag`; the error names the flag, which lexopt's own message does not.
fn number<T>(parser: &mut lexopt::Parser, flag: &str) -> Result<T, lexopt::Error>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let text = lexopt::ValueExt::string(parser.value()?)?;
    text.parse()
        .map_err(|error| format!("{flag}: {text:?} is not a valid number ({error})").into())
}

/// A future that completes on SIGINT (Ctrl-C) or SIGTERM.
///
/// The handlers are installed here, before the start-up lines are printed, so a supervisor
/// that stops the sandbox as soon as it has read them still gets a clean exit.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// A future that completes on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let env_tokens = std::env::var("JOBDECK_SANDBOX_TOKENS").ok();
    let (addr, settings) = match parse_args(&args, env_tokens.as_deref()) {
        Ok(Command::Help) => {
            println!("{}", HELP.replace("{DEFAULT_TOKEN}", DEFAULT_TOKEN));
            return ExitCode::SUCCESS;
        }
        Ok(Command::Run(addr, settings)) => (addr, settings),
        Err(message) => {
            eprintln!("jobdeck-sandbox: {message}");
            return ExitCode::from(2);
        }
    };
    if !addr.ip().is_loopback() {
        eprintln!("jobdeck-sandbox: warning: {addr} is not loopback; anyone who can reach it can use the development tokens");
    }
    let listener = match TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("jobdeck-sandbox: cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let shutdown = match shutdown_signal() {
        Ok(shutdown) => shutdown,
        Err(error) => {
            eprintln!("jobdeck-sandbox: cannot install signal handlers: {error}");
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(addr);
    // Other tooling parses these two lines: keep their wording.
    println!("Jobdeck sandbox listening on http://{addr}/api/3");
    println!("Token: {}", settings.tokens[0]);
    if settings.tokens.len() > 1 {
        println!("Other tokens: {}", settings.tokens[1..].join(", "));
    }
    let read_timeout = settings.read_timeout;
    let state = AppState::new(settings);
    match serve(listener, app(state), read_timeout, shutdown).await {
        Ok(()) => {
            println!("Jobdeck sandbox stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("jobdeck-sandbox: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn defaults_to_loopback_8787_and_the_dev_token() {
        let Ok(Command::Run(addr, settings)) = parse_args(&[], None) else {
            panic!("defaults should parse");
        };
        assert_eq!(addr.to_string(), "127.0.0.1:8787");
        assert_eq!(settings, Settings::default());
    }

    #[test]
    fn reads_every_flag() {
        let parsed = parse_args(
            &args(&[
                "--port",
                "0",
                "--token",
                "a",
                "--token=b",
                "--rate-limit",
                "3",
                "--window-secs",
                "1",
                "--action-delay-ms=50",
                "--fleet",
                "50:120",
            ]),
            Some("ignored"),
        );
        let Ok(Command::Run(addr, settings)) = parsed else {
            panic!("should parse: {parsed:?}");
        };
        assert_eq!(addr.to_string(), "127.0.0.1:0");
        assert_eq!(settings.tokens, ["a", "b"]);
        assert_eq!(settings.config.rate_limit, 3);
        assert_eq!(settings.config.window, Duration::from_secs(1));
        assert_eq!(settings.config.action_delay, Duration::from_millis(50));
        assert_eq!(settings.fleet, Fleet::new(50, 120).expect("a valid fleet"));
    }

    #[test]
    fn tokens_come_from_the_environment_when_no_flag_gives_them() {
        let Ok(Command::Run(_, settings)) = parse_args(&[], Some(" x, y ,,")) else {
            panic!("should parse");
        };
        assert_eq!(settings.tokens, ["x", "y"]);
    }

    #[test]
    fn rejects_bad_input_and_knows_help() {
        assert_eq!(parse_args(&args(&["--help"]), None), Ok(Command::Help));
        assert_eq!(parse_args(&args(&["-h"]), None), Ok(Command::Help));
        assert!(parse_args(&args(&["stray"]), None).is_err());
        assert!(parse_args(&args(&["--port=70000"]), None).is_err());
        assert!(parse_args(&args(&["--port", "x"]), None).is_err());
        assert!(parse_args(&args(&["--token", "a b"]), None).is_err());
        assert!(parse_args(&args(&["--port"]), None).is_err());
        assert!(parse_args(&args(&["--window-secs", "0"]), None).is_err());
        assert!(parse_args(&args(&["--bogus"]), None).is_err());
        assert!(parse_args(&args(&["--addr", "nowhere"]), None).is_err());
        assert!(parse_args(&args(&["--fleet", "50"]), None).is_err());
        assert!(parse_args(&args(&["--fleet", "501:1"]), None).is_err());
    }
}
