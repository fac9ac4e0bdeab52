//! The Activity log: every action of this session, followed to its end.

use leptos::prelude::*;

use super::tone::{self, Tone};

use super::restore::RestoreButton;
use crate::state::activity::{ActivityLog as Log, Entry};

/// Newest first; running, succeeded and failed actions stay until sign-out.
#[component]
pub fn ActivityLog() -> impl IntoView {
    let log = expect_context::<Log>();
    view! {
        <aside class="activity" aria-labelledby="activity-heading">
            <h2 id="activity-heading">"Activity"</h2>
            <div role="log" aria-label="Activity">
                // It scrolls past 70vh: focusable so a keyboard can scroll it.
                <ol class="activity-list" tabindex="0" aria-label="Activity entries">
                    <For each=move || log.entries.get() key=|e| e.key let:entry>
                        <ActivityEntry entry />
                    </For>
                </ol>
            </div>
            {move || log.entries.with(Vec::is_empty).then(|| view! {
                <p class="empty">"Actions you start appear here."</p>
            })}
        </aside>
    }
}

/// One entry; only its state part follows the entry's progress signal.
#[component]
fn ActivityEntry(entry: Entry) -> impl IntoView {
    let restore = view! { <RestoreButton entry=entry.clone() /> };
    let progress = entry.progress;
    let tone = Memo::new({
        let progress = progress.clone();
        move |_| progress.with(tone::of_progress)
    });
    let args = entry
        .request
        .args
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    let state = {
        let progress = progress.clone();
        move || progress.with(|p| p.words())
    };
    let note = move || {
        progress.with(|p| {
            p.note()
                .map(|m| view! { <span class="entry-message" title=m.to_string()>{m.to_string()}</span> })
        })
    };
    view! {
        <li class=move || format!("entry {}", entry_class(tone.get()))>
            <span class="entry-subject" title=entry.request.subject()>{entry.request.subject()}</span>
            <span class="entry-kind">{entry.request.kind.label()}{args}</span>
            <span class=move || format!("entry-state {}", tone.get().class())>
                {move || (tone.get() == Tone::Running).then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                {state}
            </span>
            {note}
            {restore}
        </li>
    }
}

fn entry_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Running => "entry-running",
        Tone::Success => "entry-success",
        Tone::Failure => "entry-failure",
        Tone::Neutral | Tone::Unknown => "entry-unknown",
    }
}
