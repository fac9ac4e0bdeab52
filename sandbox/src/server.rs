//! The accept loop: one hyper HTTP/1 connection task per client.
//!
//! `axum::serve` gives a handler no way to close its connection without answering, which the
//! `drop` fault needs. Here every request carries a [`ConnectionHandle`]; closing it ends the
//! connection task, which drops the socket with nothing sent, so the client sees a network error.
//!
//! A client gets `read_timeout` to send a request's head (hyper closes the connection after
//! that) and as long again for its body (408 `time_out`, then the connection closes), so slow
//! or partial requests cannot hold connections. Bodies are read in full before routing.
//!
//! On shutdown the loop stops accepting, asks every connection to finish its request in flight
//! and close, and waits for them for at most [`DRAIN_TIMEOUT`].

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::header::{HeaderValue, CONNECTION};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

use crate::error::ApiError;

/// How long shutdown waits for requests in flight.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// The largest request body read; the API's bodies are a few bytes of JSON.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Lets a request close the connection it came on, without a response.
#[derive(Debug, Clone)]
pub struct ConnectionHandle(Arc<Notify>);

impl ConnectionHandle {
    /// Closes the connection: the pending response is never sent.
    pub fn close(&self) {
        // notify_one keeps the signal if the connection task is not waiting at this instant.
        self.0.notify_one();
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then drains the open connections.
///
/// `read_timeout` bounds the time to send a request's head, and then its body.
pub async fn serve<F>(
    listener: TcpListener,
    app: Router,
    read_timeout: Duration,
    shutdown: F,
) -> io::Result<()>
where
    F: Future<Output = ()> + Send,
{
    // Every connection task holds a receiver; the sender sees them all gone once they end.
    let (closing, closing_signal) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        match accepted {
            Ok((stream, _peer)) => {
                tokio::spawn(serve_connection(
                    stream,
                    app.clone(),
                    read_timeout,
                    closing_signal.clone(),
                ));
            }
            // Out of file descriptors and the like: wait a little rather than spin.
            Err(error) => {
                eprintln!("jobdeck-sandbox: accept failed: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
    drop(listener);
    drop(closing_signal);
    // Err only when no connection is open, which is fine.
    let _ = closing.send(true);
    // Connections still open after the timeout are cut when the runtime stops.
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, closing.closed()).await;
    Ok(())
}

async fn serve_connection(
    stream: TcpStream,
    app: Router,
    read_timeout: Duration,
    mut closing: watch::Receiver<bool>,
) {
    // Small JSON answers on keep-alive connections: do not let Nagle hold them back.
    if let Err(error) = stream.set_nodelay(true) {
        eprintln!("jobdeck-sandbox: set_nodelay failed: {error}");
    }
    let close = Arc::new(Notify::new());
    let handle = ConnectionHandle(close.clone());
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(handle.clone());
        answer(app.clone(), request, read_timeout)
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(read_timeout)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    // Clients that hang up or send garbage are routine: connection errors are not reported.
    tokio::select! {
        _ = connection.as_mut() => return,
        () = close.notified() => return,
        _ = closing.changed() => {}
    }
    // Shutting down: finish the request in flight, then close.
    connection.as_mut().graceful_shutdown();
    tokio::select! {
        _ = connection => {}
        () = close.notified() => {}
    }
}

/// Reads the body within `read_timeout`, then lets `app` answer.
async fn answer(
    app: Router,
    request: Request<Incoming>,
    read_timeout: Duration,
) -> Result<Response, std::convert::Infallible> {
    let (parts, body) = request.into_parts();
    let read = axum::body::to_bytes(Body::new(body), MAX_BODY_BYTES);
    let error = match tokio::time::timeout(read_timeout, read).await {
        Ok(Ok(bytes)) => {
            return app
                .oneshot(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(_)) => ApiError::bad_request(format!(
            "The request body could not be read or is over {MAX_BODY_BYTES} bytes"
        )),
        Err(_) => ApiError::time_out(format!(
            "The request body did not arrive within {} s",
            read_timeout.as_secs_f64()
        )),
    };
    // The rest of the body may still be on its way: this connection cannot be reused.
    let mut response = error.into_response();
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    Ok(response)
}
