//! Since your last visit: a region over a stack's jobs (or every stack's,
//! on All jobs) listing what changed since this device last showed them,
//! with Mark as seen. Absent when nothing changed. It compares what is
//! loaded anyway (`state::seen`): no request of its own.

use leptos::prelude::*;

use crate::logic::model::{Job, StackLabel};
use crate::logic::seen::{Change, StackSeen};
use crate::state::memo_cache::MemoCache;
use crate::state::paged::Pages;
use crate::state::seen::Seen;

/// Changes listed before "Show all".
const LISTED: usize = 20;

/// A stack whose jobs the region watches.
#[derive(Clone, Debug, PartialEq)]
pub struct SeenSource {
    /// The stack.
    pub stack: StackLabel,
    /// Its pages as loaded.
    pub pages: Memo<Pages<Job>>,
}

/// The region, when something changed.
#[component]
pub fn SinceLastVisit(
    /// The stacks on screen.
    sources: Signal<Vec<SeenSource>>,
) -> impl IntoView {
    let seen = expect_context::<Seen>();
    let cache = MemoCache::<StackSeen>::new();
    // Each stack's jobs as on screen, recorded as shown when they change.
    let snapshots = Memo::new(move |_| {
        sources.with(|sources| {
            sources
                .iter()
                .map(|s| (s.stack.clone(), cache.get(&s.stack.uid, || shown(seen, s))))
                .collect::<Vec<_>>()
        })
    });
    let many = Memo::new(move |_| sources.with(|s| s.len() > 1));
    let changes = Memo::new(move |_| {
        let mut all: Vec<(StackLabel, Change)> = Vec::new();
        for (stack, snapshot) in snapshots.get() {
            let found = snapshot.with(|now| seen.changes(&stack.uid, now));
            all.extend(found.into_iter().map(|c| (stack.clone(), c)));
        }
        all.sort_by_key(|(_, c)| c.kind);
        all
    });
    let expanded = RwSignal::new(false);
    let mark = move |_| {
        for (stack, snapshot) in snapshots.get_untracked() {
            snapshot.with_untracked(|now| seen.mark_seen(&stack.uid, now));
        }
        expanded.set(false);
    };
    let items = move || {
        let limit = if expanded.get() { usize::MAX } else { LISTED };
        changes.with(|all| {
            all.iter()
                .take(limit)
                .map(|(stack, c)| item(stack, c, many.get()))
                .collect_view()
        })
    };
    let more = move || {
        let hidden = changes.with(Vec::len).saturating_sub(LISTED);
        (hidden > 0 && !expanded.get()).then(|| view! {
            <button type="button" on:click=move |_| expanded.set(true)>{format!("Show all ({hidden} more)")}</button>
        })
    };
    move || {
        (!changes.with(Vec::is_empty)).then(|| {
            view! {
                <section class="since" role="region" aria-labelledby="since-title">
                    <h2 id="since-title">"Since your last visit"</h2>
                    <ul class="since-list">{items}</ul>
                    <div class="since-buttons">
                        {more}
                        <button type="button" on:click=mark>"Mark as seen"</button>
                    </div>
                </section>
            }
        })
    }
}

/// A stack's jobs as on screen, recorded as shown whenever they change
/// (nothing is shown before a page has loaded).
fn shown(seen: Seen, source: &SeenSource) -> Memo<StackSeen> {
    let pages = source.pages;
    let snapshot = Memo::new(move |_| pages.with(|p| StackSeen::of(&p.items(), p.is_complete())));
    let uid = source.stack.uid.clone();
    Effect::new(move |_| {
        if pages.with(|p| p.loaded() > 0) {
            snapshot.with(|now| seen.shown(&uid, now));
        }
    });
    snapshot
}

/// One change: "{name}: {before} → {after}", with the stack on All jobs.
fn item(stack: &StackLabel, change: &Change, many: bool) -> impl IntoView {
    let name = match many {
        true => format!("{} — {}", change.name, stack.label),
        false => change.name.clone(),
    };
    let class = format!("since-kind since-{}", change.kind.word().to_lowercase());
    view! {
        <li>
            <span class=class>{change.kind.word()}</span>
            " " <span class="since-name">{name}</span>
            ": " {change.before.clone()} " → " {change.after.clone()}
        </li>
    }
}
