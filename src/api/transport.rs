//! The browser's `fetch`, through gloo-net: one request out, its whole answer
//! back. The only place in the client that needs a browser.

use std::time::Duration;

use gloo_net::http::Request;
use wasm_bindgen::JsCast;

use super::error::ApiError;
use super::response::ResponseHeaders;

/// A request that has not answered after this long is given up.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The two methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Reads.
    Get,
    /// Actions.
    Post,
}

/// One answer as it came.
pub struct RawAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The headers Jobdeck reads.
    pub headers: ResponseHeaders,
    /// The whole body, as text.
    pub body: String,
    /// The device's clock when the answer's headers arrived (epoch ms), to
    /// set against its `Date`.
    pub received_ms: f64,
}

/// Sends one request with the bearer token and reads its whole answer. A
/// body that breaks off is a network failure; no answer within
/// [`REQUEST_TIMEOUT`] is [`ApiError::TimedOut`].
pub async fn send(
    method: Method,
    url: &str,
    token: &str,
    body: Option<String>,
) -> Result<RawAnswer, ApiError> {
    if method == Method::Get {
        if let Some(answer) = take_prefetched(url).await {
            return Ok(answer);
        }
    }
    let builder = match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
    };
    let controller = web_sys::AbortController::new().ok();
    let builder = builder
        .header("Authorization", &format!("Bearer {token}"))
        .header("Accept", "application/json")
        .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref());
    let request = match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;

    let timer = controller.as_ref().and_then(abort_later);
    let answer = read(request).await;
    if let (Some(timer), Some(window)) = (timer, web_sys::window()) {
        window.clear_timeout_with_handle(timer);
    }
    let timed_out = controller.is_some_and(|c| c.signal().aborted());
    answer.map_err(|error| if timed_out { ApiError::TimedOut } else { error })
}

async fn read(request: Request) -> Result<RawAnswer, ApiError> {
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    let received_ms = crate::browser::now_ms();
    let raw = response.headers();
    let headers = ResponseHeaders {
        rate_limit: raw.get("x-ratelimit-limit"),
        rate_remaining: raw.get("x-ratelimit-remaining"),
        retry_after: raw.get("retry-after"),
        rate_reset: raw.get("x-ratelimit-reset"),
        date: raw.get("date"),
    };
    let body = response.text().await.map_err(|_| ApiError::Network)?;
    Ok(RawAnswer {
        status: response.status(),
        headers,
        body,
        received_ms,
    })
}

/// Aborts the request after [`REQUEST_TIMEOUT`] with the page's own timer (so
/// a test's fake clock can run it), calling the controller's `abort` bound to
/// it: no Rust closure to keep alive or to leak when the answer comes first.
fn abort_later(controller: &web_sys::AbortController) -> Option<i32> {
    let abort: js_sys::Function = js_sys::Reflect::get(controller, &"abort".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let abort = abort.bind0(controller);
    web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            &abort,
            REQUEST_TIMEOUT.as_millis() as i32,
        )
        .ok()
}

/// The answer src/prefetch.js already asked for at this URL, if it did and
/// got one: each is taken once, so a later load asks the API again. A
/// prefetch that failed gives `None`, and the caller asks for itself.
async fn take_prefetched(url: &str) -> Option<RawAnswer> {
    let window: wasm_bindgen::JsValue = web_sys::window()?.into();
    let store = js_sys::Reflect::get(&window, &"__jobdeckPrefetch".into()).ok()?;
    if !store.is_object() {
        return None;
    }
    let key = wasm_bindgen::JsValue::from_str(url);
    let promise: js_sys::Promise = js_sys::Reflect::get(&store, &key).ok()?.dyn_into().ok()?;
    let _ = js_sys::Reflect::delete_property(store.unchecked_ref::<js_sys::Object>(), &key);
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    if url.contains("/jobs?") {
        crate::browser::mark("jobdeck:jobs-in-hand");
    }
    let text = |name: &str| {
        js_sys::Reflect::get(&answer, &name.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    let status = js_sys::Reflect::get(&answer, &"status".into())
        .ok()?
        .as_f64()?;
    Some(RawAnswer {
        status: status as u16,
        headers: ResponseHeaders {
            rate_limit: text("limit"),
            rate_remaining: text("remaining"),
            retry_after: text("retryAfter"),
            rate_reset: text("reset"),
            date: text("date"),
        },
        body: text("body")?,
        // When src/prefetch.js had the headers, not when the app took them.
        received_ms: js_sys::Reflect::get(&answer, &"at".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or_else(crate::browser::now_ms),
    })
}

/// Drops every answer src/prefetch.js holds (a new sign-in must not be
/// answered with what the previous token was sent for).
pub fn forget_prefetched() {
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(
            &window,
            &"__jobdeckPrefetch".into(),
            &wasm_bindgen::JsValue::NULL,
        );
    }
}
