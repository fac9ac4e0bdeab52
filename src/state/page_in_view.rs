//! A view of one page of a list (the Jobs page, History): what it shows,
//! worked out from the one loader, and, while the view follows the URL, the
//! page in the URL asked for, again whenever the screen's data is to be
//! reloaded (an action ended, live refresh). The view only draws these
//! memos.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::logic::rows::{Listed, Row};
use crate::state::kept::Kept;
use crate::state::paged::{Loaded, PagedList, Showing};
use crate::state::screen::ScreenData;

/// What a view of one page draws. `Copy`; owned by the view.
pub struct PageInView<T: Send + Sync + 'static> {
    /// Which page's rows are on screen, or why none are.
    pub showing: Memo<Showing>,
    /// The page on screen, as kept.
    pub shown: Memo<Option<Kept<Loaded<T>>>>,
    /// Its rows, for a keyed `<For>`.
    pub rows: Memo<Vec<Row<T>>>,
    /// Another page is on its way while this one stays on screen.
    pub turning: Memo<bool>,
    /// The page on screen while the one asked for was refused because the
    /// API throttles.
    pub held_back: Memo<Option<u32>>,
    /// Asks for the page in view again.
    pub retry: Callback<()>,
    page: Memo<u32>,
}

impl<T: Send + Sync + 'static> Clone for PageInView<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for PageInView<T> {}

impl<T: Listed + Send + Sync + 'static> PageInView<T> {
    /// What a view of page `page` of the list `key` shows.
    pub fn new(list: PagedList<T>, key: Arc<str>, page: Memo<u32>) -> Self {
        let pages = list.of(&key);
        let showing = Memo::new(move |before| pages.with(|p| p.showing(page.get(), before)));
        let shown = Memo::new(move |_| match showing.get() {
            Showing::Rows(n) => pages.with(|p| p.page(n).cloned()),
            _ => None,
        });
        let asked = move || pages.with(|p| p.page(page.get()).cloned());
        let elsewhere = move || matches!(showing.get(), Showing::Rows(n) if n != page.get());
        PageInView {
            showing,
            shown,
            rows: Memo::new(move |_| {
                shown.with(|k| {
                    k.as_ref()
                        .and_then(|k| k.value.as_ref())
                        .map(|l| l.rows.clone())
                        .unwrap_or_default()
                })
            }),
            turning: Memo::new(move |_| elsewhere() && asked().is_some_and(|k| k.loading)),
            held_back: Memo::new(move |_| match showing.get() {
                Showing::Rows(n) if n != page.get() => asked()
                    .and_then(|k| k.error)
                    .filter(|e| matches!(e, ApiError::Throttled(_)))
                    .map(|_| n),
                _ => None,
            }),
            retry: Callback::new(move |()| list.ask(&key, page.get_untracked())),
            page,
        }
    }

    /// Follows the URL for as long as the calling owner lives: asks for the
    /// page in view now and whenever it changes, registers its reload with
    /// the screen, and says when the rows on screen arrived.
    pub fn follow(&self) {
        let (page, retry, shown) = (self.page, self.retry, self.shown);
        Effect::new(move |_| {
            page.track();
            retry.run(());
        });
        let screen = expect_context::<ScreenData>();
        screen.register(move || retry.run(()));
        let arrived = Memo::new(move |_| shown.with(|k| k.as_ref().and_then(|k| k.at)));
        Effect::new(move |_| {
            if arrived.get().is_some() {
                screen.loaded();
            }
        });
    }

    /// The page on screen's rows and figures, once loaded. Reactive.
    pub fn loaded<R>(&self, f: impl FnOnce(&Loaded<T>) -> R) -> Option<R> {
        self.shown
            .with(|k| k.as_ref().and_then(|k| k.value.as_ref()).map(f))
    }

    /// Why the last refresh of the page on screen failed, if it did. Reactive.
    pub fn stale(&self) -> Option<ApiError> {
        self.shown
            .with(|k| k.as_ref().and_then(Kept::stale).cloned())
    }
}
