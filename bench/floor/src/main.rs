//! The benchmark's Leptos floor: what the required stack (Leptos 0.8 CSR,
//! wasm-bindgen, trunk's loader, the same lean release build) costs for the
//! baseline's page and nothing more. It shows what `bench/baseline/app.js`
//! shows (a heading, then a table named "Jobs" with the same seven columns
//! and three buttons a row), from requests sent by its own small prefetch
//! script, as Jobdeck's are. No router, no state, no features: the time to
//! its table is the floor under any Leptos page of this shape, and what
//! Jobdeck takes beyond it is what its features and structure cost.

use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn main() {
    mount_to_body(Floor);
}

#[component]
fn Floor() -> impl IntoView {
    let jobs = RwSignal::new(None::<Result<Vec<Value>, String>>);
    leptos::task::spawn_local(async move {
        jobs.set(Some(fetch_jobs().await));
    });
    view! {
        <main>
            <h1>"Jobs"</h1>
            {move || match jobs.get() {
                None => view! { <p>"Loading jobs…"</p> }.into_any(),
                Some(Err(error)) => view! { <p role="alert">{error}</p> }.into_any(),
                Some(Ok(list)) => view! { <JobsTable jobs=list /> }.into_any(),
            }}
        </main>
    }
}

/// The prefetch script's answer, parsed.
async fn fetch_jobs() -> Result<Vec<Value>, String> {
    let window = web_window();
    let promise = js_sys::Reflect::get(&window, &JsValue::from_str("__floorJobs"))
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
        .ok_or("no prefetched answer")?;
    let text = JsFuture::from(promise)
        .await
        .map_err(|_| "the request failed".to_string())?;
    let body: Value = serde_json::from_str(&text.as_string().unwrap_or_default())
        .map_err(|e| format!("not JSON: {e}"))?;
    Ok(body["response"].as_array().cloned().unwrap_or_default())
}

fn web_window() -> JsValue {
    js_sys::global().into()
}

#[component]
fn JobsTable(jobs: Vec<Value>) -> impl IntoView {
    view! {
        <table aria-label="Jobs">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Schedule"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Command"</th>
                    <th scope="col">"Updated"</th>
                    <th scope="col">"Actions"</th>
                </tr>
            </thead>
            <tbody>{jobs.into_iter().map(|job| view! { <JobRow job /> }).collect_view()}</tbody>
        </table>
    }
}

#[component]
fn JobRow(job: Value) -> impl IntoView {
    let text = |key: &str| job[key].as_str().unwrap_or_default().to_string();
    let paused = job["paused"].as_bool().unwrap_or(false);
    let kind = match job["type"].as_str() {
        Some("DockerHostTaskJob") => "Host task".to_string(),
        Some("DockerServiceTaskJob") => "Service task".to_string(),
        Some("RakeJob") => "Rake".to_string(),
        other => other.unwrap_or("Unknown").to_string(),
    };
    let status = match job["status"].as_i64() {
        Some(0) => "Updated".to_string(),
        Some(1) => "Running".to_string(),
        Some(2) => "Succeeded".to_string(),
        Some(3) => "Failed".to_string(),
        Some(n) => format!("Unknown ({n})"),
        None => "Unknown".to_string(),
    };
    let cron = job["cron"].as_str().unwrap_or("On demand").to_string();
    let command = command(&job["params"], job["type"].as_str());
    let updated = updated(&text("updated_at"));
    let name = job["name"].as_str().unwrap_or("(unnamed job)").to_string();
    view! {
        <tr>
            <th scope="row" data-label="Name">{name}{paused.then(|| view! { " " <span>"Paused"</span> })}</th>
            <td data-label="Type">{kind}</td>
            <td data-label="Schedule">{cron}</td>
            <td data-label="Status">{status}</td>
            <td data-label="Command">{command}</td>
            <td data-label="Updated">{updated}</td>
            <td data-label="Actions">
                <button type="button">"Run now"</button>
                <button type="button">"Run with arguments…"</button>
                <button type="button">{if paused { "Unpause" } else { "Pause" }}</button>
            </td>
        </tr>
    }
}

/// The baseline's `command`: the params a person would recognise.
fn command(params: &Value, kind: Option<&str>) -> String {
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    let Some(p) = params.as_object() else {
        return String::new();
    };
    match (kind, p.get("command"), p.get("task"), p.get("service_name")) {
        (Some("DockerHostTaskJob"), Some(c), _, _) => text(c),
        (Some("DockerServiceTaskJob"), _, Some(t), Some(s)) => {
            format!("{} (service {})", text(t), text(s))
        }
        (Some("DockerServiceTaskJob"), _, Some(t), None) => text(t),
        (Some("RakeJob"), _, Some(t), _) => format!("rake {}", text(t)),
        _ => p
            .iter()
            .map(|(k, v)| format!("{k}: {}", text(v)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The baseline's `updated`: the API's "YYYY-MM-DD hh:mm:ss UTC" in the
/// viewer's locale, through the browser's Date.
fn updated(value: &str) -> String {
    let iso = value
        .strip_suffix(" UTC")
        .map(|v| v.replacen(' ', "T", 1) + "Z")
        .unwrap_or_else(|| value.to_string());
    let date = js_sys::Date::new(&JsValue::from_str(&iso));
    if date.get_time().is_nan() {
        String::new()
    } else {
        date.to_locale_string("default", &JsValue::UNDEFINED).into()
    }
}
