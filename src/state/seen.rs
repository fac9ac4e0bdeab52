//! Since your last visit, on this device (`logic::seen` has the rules).
//!
//! Two things are kept per stack: in localStorage, what this device last
//! showed of its jobs (updated as they are shown); and in memory, this
//! session's baseline: what was stored when this session first showed the
//! stack (or, for a stack never shown here before, what it first showed).
//! So the region lists what changed since the last session, and keeps
//! listing it while the person goes from page to page, until **Mark as
//! seen** makes the present the baseline. A new session compares with
//! what was on screen at the end of the last one.

use std::collections::BTreeMap;
use std::time::Duration;

use leptos::prelude::*;

use crate::browser::{now_ms, storage_get, storage_set, StorageKind};
use crate::logic::seen::{changes, Change, SeenStore, StackSeen};

/// The localStorage key of what was seen.
pub const STORAGE_KEY: &str = "jobdeck.seen";

/// Writes wait this long, so a burst of pages arriving writes once.
const WRITE_PAUSE: Duration = Duration::from_millis(300);

/// What was seen. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct Seen {
    /// This session's baselines, by stack. Reactive.
    baselines: RwSignal<BTreeMap<String, StackSeen>>,
    /// What is stored, read on first use.
    store: StoredValue<Option<SeenStore>>,
    writing: StoredValue<bool>,
}

impl Default for Seen {
    fn default() -> Self {
        Seen::new()
    }
}

impl Seen {
    /// Nothing read yet (the store is read when a stack is first shown). A
    /// write still waiting when the page goes (a reload, the tab closed) is
    /// made then.
    pub fn new() -> Seen {
        let seen = Seen {
            baselines: RwSignal::new(BTreeMap::new()),
            store: StoredValue::new(None),
            writing: StoredValue::new(false),
        };
        let leaving = window_event_listener_untyped("pagehide", move |_| {
            if seen.writing.try_get_value() == Some(true) {
                seen.write();
            }
        });
        on_cleanup(move || leaving.remove());
        seen
    }

    fn stored(&self, stack: &str) -> Option<StackSeen> {
        self.store.update_value(|store| {
            if store.is_none() {
                let text = storage_get(StorageKind::Local, STORAGE_KEY);
                *store = Some(SeenStore::decode(text.as_deref()));
            }
        });
        self.store
            .with_value(|store| store.as_ref().and_then(|s| s.get(stack).cloned()))
    }

    /// A stack's jobs are on screen as `now`: the session's baseline is
    /// taken if it was not yet (what was stored, or `now` itself), takes in
    /// jobs it never saw, and the store follows what is shown.
    pub fn shown(&self, stack: &str, now: &StackSeen) {
        let stored = self.stored(stack);
        let known = self.baselines.with_untracked(|b| b.get(stack).cloned());
        let base = match known {
            Some(mut base) => base.adopt_unknown(now).then_some(base),
            None => {
                let mut base = stored.clone().unwrap_or_else(|| now.clone());
                base.adopt_unknown(now);
                Some(base)
            }
        };
        if let Some(base) = base {
            self.baselines
                .update(|b| drop(b.insert(stack.to_string(), base)));
        }
        let shown = match &stored {
            Some(stored) => stored.then_shown(now),
            None => now.clone(),
        };
        if stored.as_ref() != Some(&shown) || !self.is_newest(stack) {
            self.store.update_value(|store| {
                if let Some(store) = store {
                    store.put(stack, now_ms(), shown);
                }
            });
            self.write_soon();
        }
    }

    fn is_newest(&self, stack: &str) -> bool {
        self.store.with_value(|store| {
            store
                .as_ref()
                .and_then(|s| s.stacks.first())
                .is_some_and(|(uid, _, _)| uid == stack)
        })
    }

    /// What changed in a stack since this session's baseline, given what is
    /// on screen now. Reactive (Mark as seen empties it).
    pub fn changes(&self, stack: &str, now: &StackSeen) -> Vec<Change> {
        self.baselines.with(|b| match b.get(stack) {
            Some(base) => changes(base, now),
            None => Vec::new(),
        })
    }

    /// Mark as seen: what is on screen becomes the baseline.
    pub fn mark_seen(&self, stack: &str, now: &StackSeen) {
        self.baselines.update(|b| {
            let base = b
                .get(stack)
                .map_or_else(|| now.clone(), |base| base.then_shown(now));
            b.insert(stack.to_string(), base);
        });
    }

    /// Forgets this session's baselines (sign-out); the store stays.
    pub fn clear(&self) {
        self.baselines.set(BTreeMap::new());
    }

    fn write_soon(&self) {
        if self.writing.get_value() {
            return;
        }
        self.writing.set_value(true);
        let this = *self;
        set_timeout(move || this.write(), WRITE_PAUSE);
    }

    /// Writes the store; a storage that is full drops the oldest stacks
    /// first and tries again, and one that refuses anyway costs only this.
    fn write(&self) {
        self.writing.try_set_value(false);
        self.store.try_update_value(|store| {
            let Some(store) = store else { return };
            while !storage_set(StorageKind::Local, STORAGE_KEY, &store.encode()) {
                if store.stacks.len() <= 1 {
                    return;
                }
                store.shed();
            }
        });
    }
}
