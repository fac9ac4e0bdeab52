//! Thin wrappers over the few browser APIs Jobdeck uses directly: timers,
//! the clock, ISO timestamps, web storage and User Timing marks (times in a
//! zone are `intl`'s and `state::time_zone`'s).
//! Nothing here holds state.

use std::time::Duration;

use wasm_bindgen::JsCast;

use crate::logic::stored;

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

/// Asks `src/prefetch.js` to prefetch the code of these split points (a
/// split build's chunks) when the browser is idle, unless the connection
/// should be spared; once per page load, and nothing in a build without
/// chunks.
pub fn prefetch_parts(names: &[&str]) {
    use std::sync::atomic::{AtomicBool, Ordering};
    static ASKED: AtomicBool = AtomicBool::new(false);
    if ASKED.swap(true, Ordering::Relaxed) {
        return;
    }
    let Ok(prefetch) = js_sys::Reflect::get(&js_sys::global(), &"__jobdeckPrefetchParts".into())
    else {
        return;
    };
    if let Some(prefetch) = prefetch.dyn_ref::<js_sys::Function>() {
        let list: js_sys::Array = names
            .iter()
            .map(|n| wasm_bindgen::JsValue::from_str(n))
            .collect();
        let _ = prefetch.call1(&wasm_bindgen::JsValue::NULL, &list);
    }
}

/// An ISO 8601 UTC timestamp, for `<time datetime>`.
pub fn iso_date_time(epoch_ms: f64) -> String {
    js_sys::Date::new(&epoch_ms.into()).to_iso_string().into()
}

/// Runs `work` holding the browser-wide lock `name` (the Web Locks API), so
/// that no two tabs of this origin run such work at once. If another tab
/// holds the lock, `on_busy` is called, this waits until that tab is done
/// (or closed: the browser then releases its locks) and returns `None`
/// without running `work`: what the other tab did may have made it moot,
/// and running it blind could send the same thing twice. Without the Web
/// Locks API (an old browser), `work` runs at once.
pub async fn run_alone<T>(
    name: &str,
    on_busy: impl FnOnce(),
    work: impl std::future::Future<Output = T>,
) -> Option<T> {
    let Some(locks) = web_locks() else {
        return Some(work.await);
    };
    // Resolved (released) when this tab is done, or dropped with the task.
    let mut release = None;
    let held = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
    let release = Release(release);
    if take_lock(&locks, name, true, &held).await {
        let out = work.await;
        drop(release);
        return Some(out);
    }
    on_busy();
    // Wait for the other tab, then let go at once.
    let none = js_sys::Promise::resolve(&wasm_bindgen::JsValue::UNDEFINED);
    take_lock(&locks, name, false, &none).await;
    None
}

/// Lets go of a lock taken by [`run_alone`] when dropped.
struct Release(Option<js_sys::Function>);

impl Drop for Release {
    fn drop(&mut self) {
        if let Some(resolve) = self.0.take() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    }
}

/// `navigator.locks`, where the browser has it.
fn web_locks() -> Option<wasm_bindgen::JsValue> {
    let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// `locks.request(name, {ifAvailable}, cb)`: resolves with whether the lock
/// was granted; once granted, it is held until `hold` settles.
async fn take_lock(
    locks: &wasm_bindgen::JsValue,
    name: &str,
    if_available: bool,
    hold: &js_sys::Promise,
) -> bool {
    let Ok(request) = js_sys::Reflect::get(locks, &"request".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return true;
    };
    let mut granted = None;
    let answer = js_sys::Promise::new(&mut |resolve, _| granted = Some(resolve));
    let (Some(granted), hold) = (granted, hold.clone()) else {
        return true;
    };
    let callback =
        wasm_bindgen::closure::Closure::once_into_js(move |lock: wasm_bindgen::JsValue| {
            let got = !lock.is_null();
            let _ = granted.call1(&wasm_bindgen::JsValue::NULL, &got.into());
            if got {
                wasm_bindgen::JsValue::from(hold)
            } else {
                wasm_bindgen::JsValue::UNDEFINED
            }
        });
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &if_available.into());
    match request.call3(locks, &name.into(), &options, &callback) {
        Ok(promise) => {
            // A rejected request (the page going away) must not be reported as unhandled.
            if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
                let ignore =
                    wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(|_| {});
                let _ = promise.catch(&ignore);
                ignore.forget();
            }
        }
        Err(_) => return true,
    }
    wasm_bindgen_futures::JsFuture::from(answer)
        .await
        .is_ok_and(|got| got.as_bool() == Some(true))
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

/// Reads a key; `None` when absent or when storage is unavailable (private
/// mode, disabled, or reaching it throws).
pub fn storage_get(kind: StorageKind, key: &str) -> Option<String> {
    storage(kind)?.get_item(key).ok().flatten()
}

/// Reads a key through `parse`; an entry it cannot read (corrupt, or from
/// an older version) is removed, so it is dropped once, never a crash.
pub fn storage_read<T>(
    kind: StorageKind,
    key: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Option<T> {
    let text = storage_get(kind, key)?;
    let read = parse(&text);
    if read.is_none() {
        storage_remove(kind, key);
    }
    read
}

/// Writes a key; returns false when storage refused (disabled, or full even
/// after the app's own oldest entries made room: `logic::stored`).
pub fn storage_set(kind: StorageKind, key: &str, value: &str) -> bool {
    let Some(s) = storage(kind) else {
        return false;
    };
    if s.set_item(key, value).is_ok() {
        note_written(kind, &s, key);
        return true;
    }
    let present: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .collect();
    let ages = stored::read_ages(s.get_item(stored::AGES_KEY).ok().flatten().as_deref());
    for victim in stored::eviction_order(&present, &ages, key) {
        let _ = s.remove_item(&victim);
        if s.set_item(key, value).is_ok() {
            note_written(kind, &s, key);
            return true;
        }
    }
    false
}

/// Notes when an app entry of local storage was written, for making room
/// later (best effort: ages that cannot be written are only less exact).
fn note_written(kind: StorageKind, s: &web_sys::Storage, key: &str) {
    if kind != StorageKind::Local || !key.starts_with(stored::PREFIX) || key == stored::AGES_KEY {
        return;
    }
    let mut ages = stored::read_ages(s.get_item(stored::AGES_KEY).ok().flatten().as_deref());
    let present = |k: &String| s.get_item(k).ok().flatten().is_some();
    ages.retain(|(k, _)| present(k));
    stored::touch(&mut ages, key, now_ms());
    let _ = s.set_item(stored::AGES_KEY, &stored::write_ages(&ages));
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
