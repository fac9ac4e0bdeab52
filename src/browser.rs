//! Thin wrappers over the few browser APIs Jobdeck uses directly: timers,
//! the clock, local time formatting, web storage and User Timing marks.
//! Nothing here holds state.

use std::time::Duration;

use wasm_bindgen::JsCast;

use crate::logic::time::LocalTime;

/// Waits without blocking the page.
pub async fn sleep(duration: Duration) {
    let millis = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            // If the timer cannot be set, resolving now is the safe failure.
            if window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis)
                .is_err()
            {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            }
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A User Timing mark (`performance.mark(name)`): the phases of the app's
/// start, as DevTools' performance panel and `cargo xtask bench` see them.
/// Read through `Reflect` to spare the wasm a web-sys binding.
pub fn mark(name: &str) {
    let Ok(performance) = js_sys::Reflect::get(&js_sys::global(), &"performance".into()) else {
        return;
    };
    if let Ok(mark) = js_sys::Reflect::get(&performance, &"mark".into()) {
        if let Some(mark) = mark.dyn_ref::<js_sys::Function>() {
            let _ = mark.call1(&performance, &name.into());
        }
    }
}

fn local_parts(epoch_ms: f64) -> LocalTime {
    let date = js_sys::Date::new(&epoch_ms.into());
    LocalTime {
        year: date.get_full_year() as i32,
        month: date.get_month() + 1,
        day: date.get_date(),
        hour: date.get_hours(),
        minute: date.get_minutes(),
        second: date.get_seconds(),
        utc_offset_minutes: -(date.get_timezone_offset() as i32),
    }
}

/// A short date and time in the viewer's own time zone, e.g. "2023-10-24 17:39".
pub fn local_date_time(epoch_ms: f64) -> String {
    local_parts(epoch_ms).short()
}

/// The full date and time with the zone's offset, for a tooltip,
/// e.g. "2023-10-24 17:39:14 UTC+02:00".
pub fn local_date_time_long(epoch_ms: f64) -> String {
    local_parts(epoch_ms).long()
}

/// An ISO 8601 UTC timestamp, for `<time datetime>`.
pub fn iso_date_time(epoch_ms: f64) -> String {
    js_sys::Date::new(&epoch_ms.into()).to_iso_string().into()
}

/// A time of day in the viewer's time zone, e.g. "10:42:05".
pub fn local_time(epoch_ms: f64) -> String {
    let date = js_sys::Date::new(&epoch_ms.into());
    date.to_locale_time_string("default").into()
}

/// Which of the two web storages to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKind {
    /// Survives closing the browser.
    Local,
    /// Forgotten when the tab closes.
    Session,
}

fn storage(kind: StorageKind) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match kind {
        StorageKind::Local => window.local_storage().ok().flatten(),
        StorageKind::Session => window.session_storage().ok().flatten(),
    }
}

/// Reads a key; `None` when absent or when storage is unavailable (private mode).
pub fn storage_get(kind: StorageKind, key: &str) -> Option<String> {
    storage(kind)?.get_item(key).ok().flatten()
}

/// Writes a key; returns false when storage refused (full or disabled).
pub fn storage_set(kind: StorageKind, key: &str, value: &str) -> bool {
    storage(kind).is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Removes a key from one storage.
pub fn storage_remove(kind: StorageKind, key: &str) {
    if let Some(s) = storage(kind) {
        let _ = s.remove_item(key);
    }
}

/// The id of the element that has keyboard focus, if it has one.
pub fn active_element_id() -> Option<String> {
    let id = web_sys::window()?.document()?.active_element()?.id();
    (!id.is_empty()).then_some(id)
}

/// Moves keyboard focus to the element with this id, if it is on the page.
pub fn focus_by_id(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Whether the browser runs on macOS (or iOS), where the command key, not
/// Control, goes with shortcuts. Read through `Reflect`, as [`mark`] is.
pub fn is_apple() -> bool {
    let read = |object: &wasm_bindgen::JsValue, key: &str| {
        js_sys::Reflect::get(object, &key.into()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED)
    };
    let navigator = read(&js_sys::global(), "navigator");
    ["platform", "userAgent"].iter().any(|key| {
        read(&navigator, key)
            .as_string()
            .is_some_and(|v| v.contains("Mac") || v.contains("iPhone") || v.contains("iPad"))
    })
}

/// The page's own origin, e.g. `https://jobs.example.com`.
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Hands `text` to the browser as a downloaded file named `filename`.
pub fn download(filename: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = &link {
        link.set_href(&url);
        link.set_download(filename);
        link.click();
    }
    // The browser reads the file after the click returns: free it later.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(60),
    );
    link.is_some()
}
