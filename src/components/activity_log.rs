//! The Activity log: every action of this session, followed to its end.

use leptos::prelude::*;

use crate::state::activity::{Activity, Entry, Progress};

/// Newest first; running, succeeded and failed actions stay until the page closes.
#[component]
pub fn ActivityLog() -> impl IntoView {
    let activity = expect_context::<Activity>();
    view! {
        <aside class="activity">
            <h2 id="activity-heading">"Activity"</h2>
            <ol role="log" aria-label="Activity" class="activity-list">
                <For each=move || activity.entries.get() key=|e| (e.key, e.progress.clone()) let:entry>
                    <ActivityEntry entry />
                </For>
            </ol>
            {move || activity.entries.with(Vec::is_empty).then(|| view! {
                <p class="empty">"Actions you start appear here."</p>
            })}
        </aside>
    }
}

#[component]
fn ActivityEntry(entry: Entry) -> impl IntoView {
    let (tone, state, message) = match entry.progress {
        Progress::Running => ("running", "Running".to_string(), None),
        Progress::Succeeded(message) => ("success", "Succeeded".to_string(), message),
        Progress::Failed(message) => ("failure", format!("Failed: {message}"), None),
    };
    let args = entry.args.map(|a| format!(" ({a})")).unwrap_or_default();
    view! {
        <li class=format!("entry entry-{tone}")>
            <span class="entry-subject">{entry.subject}</span>
            <span class="entry-kind">{entry.kind.label()}{args}</span>
            <span class=format!("entry-state tone-{tone}")>
                {(tone == "running").then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                {state}
            </span>
            {message.map(|m| view! { <span class="entry-message">{m}</span> })}
        </li>
    }
}
