//! A small, bounded load generator for the sandbox.
//!
//! Opens N keep-alive connections that each send GET requests back to back for a fixed time,
//! then prints requests per second, the error count and p50/p99 latency.
//!
//! ```text
//! cargo run --release -p jobdeck-sandbox --example load -- \
//!     --url 'http://127.0.0.1:8787/api/3/stacks/5999b763474b0eafa5fafb64bff0ba80/jobs?page=1' \
//!     --connections 32 --seconds 10
//! ```

use std::process::ExitCode;
use std::time::{Duration, Instant};

use jobdeck_sandbox::seed;
use jobdeck_sandbox::DEFAULT_TOKEN;
use reqwest::{Client, StatusCode};

const MAX_CONNECTIONS: usize = 1024;
const MAX_SECONDS: u64 = 120;

const HELP: &str = "\
load: GET one URL from N concurrent keep-alive connections for a bounded time

USAGE:
    cargo run --release -p jobdeck-sandbox --example load -- [OPTIONS]

OPTIONS:
    --url URL            URL to GET [default: Acme Production jobs, page 1, on 127.0.0.1:8787]
    --connections N      Concurrent connections, 1..=1024 [default: 32]
    --seconds S          Duration, 1..=120 [default: 10]
    --token TOKEN        Bearer token [default: {DEFAULT_TOKEN}]
    -h, --help           Print this help";

#[derive(Debug)]
struct Options {
    url: String,
    connections: usize,
    seconds: u64,
    token: String,
}

/// The options, or `None` for `--help`.
fn parse_args(args: &[String]) -> Result<Option<Options>, lexopt::Error> {
    use lexopt::prelude::*;
    let mut options = Options {
        url: default_url(),
        connections: 32,
        seconds: 10,
        token: DEFAULT_TOKEN.to_owned(),
    };
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("url") => options.url = parser.value()?.string()?,
            Long("connections") => {
                options.connections = bounded(&mut parser, "--connections", MAX_CONNECTIONS)?;
            }
            Long("seconds") => {
                options.seconds = bounded(&mut parser, "--seconds", MAX_SECONDS)?;
            }
            Long("token") => options.token = parser.value()?.string()?,
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(Some(options))
}

/// The number after `flag`, which must be in `1..=max`.
fn bounded<T>(parser: &mut lexopt::Parser, flag: &str, max: T) -> Result<T, lexopt::Error>
where
    T: std::str::FromStr + PartialOrd + From<u8> + std::fmt::Display,
{
    let text = lexopt::ValueExt::string(parser.value()?)?;
    text.parse()
        .ok()
        .filter(|value| *value >= T::from(1) && *value <= max)
        .ok_or_else(|| format!("{flag}: {text:?} must be a number in 1..={max}").into())
}

/// Page 1 of Acme Production's jobs on the default address.
fn default_url() -> String {
    let production = &seed::ids().stacks.production;
    format!("http://127.0.0.1:8787/api/3/stacks/{production}/jobs?page=1")
}

/// What one connection saw.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    errors: u64,
    first_error: Option<String>,
}

impl Tally {
    fn error(&mut self, what: String) {
        self.errors += 1;
        self.first_error.get_or_insert(what);
    }
}

async fn hammer(client: Client, url: String, token: String, until: Instant) -> Tally {
    let mut tally = Tally::default();
    while Instant::now() < until {
        let sent = Instant::now();
        match client.get(&url).bearer_auth(&token).send().await {
            Ok(response) => {
                let status = response.status();
                // Reading the whole body is part of the request, and frees the connection.
                let body = response.bytes().await;
                let elapsed = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX);
                tally.latencies_us.push(elapsed);
                match body {
                    Ok(_) if status == StatusCode::OK => {}
                    Ok(body) => tally.error(format!(
                        "HTTP {status}: {}",
                        String::from_utf8_lossy(&body[..body.len().min(200)])
                    )),
                    Err(error) => tally.error(format!("reading the body: {error}")),
                }
            }
            Err(error) => tally.error(format!("request failed: {error}")),
        }
    }
    tally
}

fn percentile(sorted: &[u64], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64) * fraction).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_args(&args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{}", HELP.replace("{DEFAULT_TOKEN}", DEFAULT_TOKEN));
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("load: {message}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let until = started + Duration::from_secs(options.seconds);
    let mut workers = Vec::with_capacity(options.connections);
    for _ in 0..options.connections {
        // One client per worker, one idle connection each: N workers really are N connections.
        let client = match Client::builder()
            .no_proxy()
            .pool_max_idle_per_host(1)
            .timeout(Duration::from_secs(10))
            .build()
        {
            Ok(client) => client,
            Err(error) => {
                eprintln!("load: cannot build an HTTP client: {error}");
                return ExitCode::FAILURE;
            }
        };
        workers.push(tokio::spawn(hammer(
            client,
            options.url.clone(),
            options.token.clone(),
            until,
        )));
    }
    let mut total = Tally::default();
    for worker in workers {
        match worker.await {
            Ok(tally) => {
                total.latencies_us.extend(tally.latencies_us);
                total.errors += tally.errors;
                if let Some(error) = tally.first_error {
                    total.first_error.get_or_insert(error);
                }
            }
            Err(error) => total.error(format!("worker crashed: {error}")),
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    total.latencies_us.sort_unstable();
    let answered = total.latencies_us.len() as u64;
    println!("url:          {}", options.url);
    println!(
        "connections:  {}   duration: {elapsed:.2} s",
        options.connections
    );
    println!("requests:     {answered} answered, {} errors", total.errors);
    println!("requests/s:   {:.0}", answered as f64 / elapsed);
    println!(
        "latency:      p50 {:.2} ms   p99 {:.2} ms   max {:.2} ms",
        percentile(&total.latencies_us, 0.50),
        percentile(&total.latencies_us, 0.99),
        percentile(&total.latencies_us, 1.0),
    );
    if let Some(error) = total.first_error {
        println!("first error:  {error}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
