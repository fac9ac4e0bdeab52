//! Reading long-lived state from views that come and go: a workaround,
//! until reactive_graph drops a cleaned-up subscriber's entries itself.
//!
//! reactive_graph 0.2 (0.2.16 here) never removes a dropped subscriber from
//! a signal's subscriber list (`SubscriberSet`, graph/sets.rs): the entry (a
//! weak reference that keeps the subscriber's allocation) stays until the
//! subscriber itself clears its sources, which a memo or render effect whose
//! owner was cleaned up never does. No upstream issue was found for it
//! (leptos-rs/leptos issues, searched 2026-12-05); the minimal reproduction
//! is the test `a_plain_memo_of_a_cleaned_up_view_leaves_its_entry` below,
//! which fails the day reactive_graph fixes it: then this module can go. App-wide signals (the clock, the
//! attribution records, a stack's selection) outlive the rows that read them,
//! so each page flip would leave every row's entries behind for good
//! (measured by `cargo xtask bench`'s memory over 200 flips). A view reads
//! such a signal through [`scoped_memo`] instead: one subscription that it
//! takes back when it is cleaned up, while its own effects subscribe to the
//! memo, which goes with the view.

use leptos::prelude::*;
use leptos::reactive::graph::{Subscriber, ToAnySubscriber};

/// `f` as a memo of the calling owner, cut loose from its sources when that
/// owner is cleaned up.
pub fn scoped_memo<T>(f: impl Fn() -> T + Send + Sync + 'static) -> ArcMemo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let memo = ArcMemo::new(move |_| f());
    let subscriber = memo.to_any_subscriber();
    on_cleanup(move || subscriber.clear_sources(&subscriber));
    memo
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Weak references to the memo other than the caller's: the entries in
    /// its sources' subscriber lists.
    fn entries_held_elsewhere(memo: &ArcMemo<i32>) -> usize {
        let weak = |m: &ArcMemo<i32>| m.to_any_subscriber().1.weak_count();
        // A memo that read nothing: the references every memo has.
        weak(memo) - weak(&ArcMemo::new(|_| 0))
    }

    /// A view (a child of the returned app owner) whose memo, made by
    /// `make`, doubles a signal that outlives it.
    fn memo_in_view(
        make: fn(ArcRwSignal<i32>) -> ArcMemo<i32>,
    ) -> (Owner, Owner, ArcRwSignal<i32>, ArcMemo<i32>) {
        let owner = Owner::new();
        owner.set();
        let source = ArcRwSignal::new(1);
        let view = owner.child();
        let memo = view.with(|| make(source.clone()));
        assert_eq!(memo.get_untracked(), 2);
        (owner, view, source, memo)
    }

    #[test]
    fn a_cleaned_up_view_leaves_no_entry_on_the_signal_it_read() {
        let (_app, view, source, memo) =
            memo_in_view(|source| scoped_memo(move || source.get() * 2));
        source.set(2);
        assert_eq!(memo.get_untracked(), 4, "it follows its source");
        view.cleanup();
        assert_eq!(
            entries_held_elsewhere(&memo),
            0,
            "the signal's entry is gone"
        );
    }

    /// Why this module exists: a plain memo's entry stays after its view is
    /// gone. Should reactive_graph ever drop it, this fails, and
    /// [`scoped_memo`] can go.
    #[test]
    fn a_plain_memo_of_a_cleaned_up_view_leaves_its_entry() {
        let (_app, view, _source, memo) =
            memo_in_view(|source| ArcMemo::new(move |_| source.get() * 2));
        assert_eq!(entries_held_elsewhere(&memo), 1);
        view.cleanup();
        assert_eq!(entries_held_elsewhere(&memo), 1, "still there");
    }
}
