//! Memos made once per key (a stack's uid) for a view over a list that
//! changes (All jobs' stacks): each is made under the owner that made the
//! cache, the view, not under whichever memo asked for it first (whose
//! next run would drop it), and goes with the view.

use leptos::prelude::*;

/// The memos of one view, by key. `Copy`.
pub struct MemoCache<T: Send + Sync + 'static> {
    owner: StoredValue<Owner>,
    memos: StoredValue<Vec<(String, Memo<T>)>>,
}

impl<T: Send + Sync + 'static> Clone for MemoCache<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for MemoCache<T> {}

impl<T: Send + Sync + 'static> MemoCache<T> {
    /// Nothing made yet; what is made later belongs to the calling owner.
    pub fn new() -> Self {
        MemoCache {
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            memos: StoredValue::new(Vec::new()),
        }
    }

    /// The memo of `key`, made by `make` (under the cache's owner, reading
    /// nothing on behalf of the caller) the first time it is asked for.
    pub fn get(&self, key: &str, make: impl FnOnce() -> Memo<T>) -> Memo<T> {
        let found = self
            .memos
            .with_value(|memos| memos.iter().find(|(k, _)| k == key).map(|(_, m)| *m));
        if let Some(found) = found {
            return found;
        }
        let memo = self.owner.with_value(|owner| owner.with(|| untrack(make)));
        self.memos
            .update_value(|memos| memos.push((key.to_string(), memo)));
        memo
    }
}

impl<T: Send + Sync + 'static> Default for MemoCache<T> {
    fn default() -> Self {
        Self::new()
    }
}
