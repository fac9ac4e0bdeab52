//! Jobdeck sandbox: a local server that behaves like the Cloud 66 API v3 jobs endpoints.
//!
//! It serves the documented API under `/api/3` from seeded, in-memory data, with bearer tokens,
//! a per-token rate limit and async actions that finish after a delay, plus controls under
//! `/__sandbox/` to inject latency and faults. [`app`] builds the router; [`start`] runs it on a
//! socket in the background, which is how the tests use it.

pub mod admin;
pub mod auth;
pub mod clock;
pub mod config;
pub mod envelope;
pub mod error;
pub mod faults;
pub mod middleware;
pub mod model;
pub mod rate_limit;
pub mod routes;
pub mod seed;
pub mod server;
pub mod state;
pub mod stats;
pub mod uid;
pub mod world;

use std::io;
use std::net::SocketAddr;

use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, DATE};
use axum::http::{Method, Request, Uri};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower::ServiceBuilder;
use tower_http::cors::{Any, CorsLayer};

pub use config::{Config, Settings, DEFAULT_TOKEN};
pub use server::serve;
pub use state::AppState;

use crate::error::route_not_found;
use crate::rate_limit::{LIMIT_HEADER, REMAINING_HEADER};

/// The whole sandbox: `/api/3` and `/__sandbox`, with `.json` accepted at the end of any path
/// and the stated clock in every answer's `Date`.
pub fn app(state: AppState) -> Router {
    let routes = Router::new()
        .nest("/api/3", api(&state))
        .nest("/__sandbox", admin())
        .fallback(route_not_found)
        .layer(from_fn_with_state(state.clone(), middleware::stamp_date))
        .with_state(state);
    // Routing happens inside, after the suffix is gone, so one route serves both spellings.
    Router::new().fallback_service(
        ServiceBuilder::new()
            .map_request(strip_json_suffix)
            .service(routes),
    )
}

/// `/api/3`. Layers, outermost first: stats, latency, CORS, faults, auth and rate limit.
fn api(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/ping", get(routes::ping))
        .route("/ping/auth", get(routes::ping_auth))
        .route("/stacks", get(routes::list_stacks))
        .route("/stacks/{stack}", get(routes::get_stack))
        .route("/stacks/{stack}/jobs", get(routes::list_jobs))
        .route("/stacks/{stack}/jobs/pause_all", post(routes::pause_all))
        .route(
            "/stacks/{stack}/jobs/unpause_all",
            post(routes::unpause_all),
        )
        .route("/stacks/{stack}/jobs/{job}", get(routes::get_job))
        .route("/stacks/{stack}/jobs/{job}/run_now", post(routes::run_now))
        .route("/stacks/{stack}/jobs/{job}/pause", post(routes::pause))
        .route("/stacks/{stack}/jobs/{job}/unpause", post(routes::unpause))
        .route("/stacks/{stack}/actions", get(routes::list_actions))
        .route("/stacks/{stack}/actions/{id}", get(routes::get_action))
        // The API documents no 405: a wrong method is a route that does not exist.
        .fallback(route_not_found)
        .method_not_allowed_fallback(route_not_found)
        .layer(from_fn_with_state(state.clone(), middleware::guard))
        .layer(from_fn_with_state(state.clone(), middleware::inject))
        .layer(api_cors())
        .layer(from_fn_with_state(state.clone(), middleware::add_latency))
        .layer(from_fn_with_state(state.clone(), middleware::count))
}

/// `/__sandbox`: no token, permissive CORS so a browser test page can drive it.
fn admin() -> Router<AppState> {
    Router::new()
        .route("/latency", post(admin::set_latency))
        .route("/faults", post(admin::add_fault).get(admin::show_faults))
        .route("/config", post(admin::set_config).get(admin::show_config))
        .route("/revoke", post(admin::revoke))
        .route("/reset", post(admin::reset))
        .route("/stats", get(admin::stats))
        .route("/clock", post(admin::set_clock).get(admin::show_clock))
        .route("/fleet", post(admin::set_fleet).get(admin::show_fleet))
        .route("/jobs", post(admin::change_jobs))
        .route(
            "/stacks",
            post(admin::change_stacks).get(admin::show_stacks),
        )
        .fallback(route_not_found)
        .layer(CorsLayer::permissive())
}

/// Any origin may call the API with a bearer token and read the quota headers and `Date`
/// (which is not a CORS-safelisted response header, so a page on another origin could not
/// read the API's clock otherwise).
fn api_cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([AUTHORIZATION, CONTENT_TYPE])
        .expose_headers([LIMIT_HEADER, REMAINING_HEADER, DATE])
}

/// `/api/3/stacks.json` becomes `/api/3/stacks`; the query string stays.
fn strip_json_suffix<B>(mut request: Request<B>) -> Request<B> {
    let uri = request.uri();
    let Some(path) = uri.path().strip_suffix(".json") else {
        return request;
    };
    let path_and_query = match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    };
    let mut parts = uri.clone().into_parts();
    if let Ok(path_and_query) = path_and_query.parse() {
        parts.path_and_query = Some(path_and_query);
        if let Ok(stripped) = Uri::from_parts(parts) {
            *request.uri_mut() = stripped;
        }
    }
    request
}

/// A sandbox running in the background, e.g. inside a test.
#[derive(Debug)]
pub struct Sandbox {
    /// The address it listens on (the real port when started on port 0).
    pub addr: SocketAddr,
    /// Its state, to inspect or change directly.
    pub state: AppState,
    stop: oneshot::Sender<()>,
    task: JoinHandle<io::Result<()>>,
}

impl Sandbox {
    /// `http://ADDR/api/3`.
    pub fn api_url(&self) -> String {
        format!("http://{}/api/3", self.addr)
    }

    /// `http://ADDR`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections and waits for the accept loop to end.
    pub async fn stop(self) -> io::Result<()> {
        // The loop may already have ended with an error, which the join reports.
        let _ = self.stop.send(());
        self.task.await.map_err(io::Error::other)?
    }
}

/// Binds `addr` and serves the sandbox on it in a background task.
pub async fn start(addr: SocketAddr, settings: Settings) -> io::Result<Sandbox> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let shutdown = async {
        // A dropped sender also means stop.
        let _ = stopped.await;
    };
    let read_timeout = settings.read_timeout;
    let state = AppState::new(settings);
    let task = tokio::spawn(serve(listener, app(state.clone()), read_timeout, shutdown));
    Ok(Sandbox {
        addr,
        state,
        stop,
        task,
    })
}
