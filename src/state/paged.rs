//! One loader for every list the API pages (a stack's jobs, its actions).
//!
//! Pages, views and bulk tasks ask it by name (a stack's uid and a page
//! number). Per page it keeps the last good answer, whether a request is
//! on its way, and why the last one failed, so that:
//! - a page already on its way is never asked for again: whoever asks next
//!   waits for the same answer;
//! - a refresh that fails keeps the rows (the view says why beside them);
//! - every row has a version (`logic::rows`) that changes exactly when its
//!   data does: the key of the views' `<For>`.
//!
//! It draws nothing: views read [`Pages`] and ask for loads.

use std::future::Future;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::pagination::Pagination;
use crate::api::{ApiClient, ApiError, Page};
use crate::browser::now_ms;
use crate::logic::rows::{distinct, versioned, Listed, Row};
use crate::state::kept::Kept;
use crate::state::quota::QuotaState;
use crate::state::scoped::scoped_memo;

/// One page's rows as last loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded<T> {
    /// The rows, in the API's order.
    pub rows: Vec<Row<T>>,
    /// Entries of the page that could not be read.
    pub unreadable: usize,
    /// The page's place among all pages.
    pub pagination: Pagination,
}

/// What a view of one page shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Showing {
    /// Nothing yet: the first answer is on its way.
    Waiting,
    /// The rows of this page: the one asked for, or the one shown before
    /// while the one asked for loads or the API refuses it while throttled.
    Rows(u32),
    /// The page asked for could not be loaded, and nothing stands in.
    Failed(ApiError),
}

/// Every page of one list that Jobdeck has.
#[derive(Clone, Debug, PartialEq)]
pub struct Pages<T> {
    slots: Vec<(u32, Kept<Loaded<T>>)>,
    /// How many pages the list has, once an answer said.
    pub pages: Option<u32>,
    /// Entries on all pages, as the last answer said.
    pub total: u32,
}

impl<T> Default for Pages<T> {
    fn default() -> Self {
        Pages {
            slots: Vec::new(),
            pages: None,
            total: 0,
        }
    }
}

impl<T: Listed> Pages<T> {
    /// Page `n` (1-based), if it was ever asked for.
    pub fn page(&self, n: u32) -> Option<&Kept<Loaded<T>>> {
        self.slots.iter().find(|(p, _)| *p == n).map(|(_, k)| k)
    }

    fn page_mut(&mut self, n: u32) -> &mut Kept<Loaded<T>> {
        let at = match self.slots.iter().position(|(p, _)| *p == n) {
            Some(at) => at,
            None => {
                self.slots.push((n, Kept::default()));
                self.slots.len() - 1
            }
        };
        &mut self.slots[at].1
    }

    /// What a view asking for page `asked` shows, given what it showed
    /// `before`. The page in view stays through its refreshes; going to
    /// another page, the one shown stays until the new one's answer comes
    /// (a page held from earlier is not shown as if it were that answer),
    /// and also when the API refuses it while throttling.
    pub fn showing(&self, asked: u32, before: Option<&Showing>) -> Showing {
        let has_rows = |n: u32| self.page(n).is_some_and(|k| k.value.is_some());
        let before = match before {
            Some(Showing::Rows(n)) if has_rows(*n) => Some(*n),
            _ => None,
        };
        let Some(k) = self.page(asked) else {
            return before.map_or(Showing::Waiting, Showing::Rows);
        };
        let held = k.value.is_some();
        if held && (before == Some(asked) || (!k.loading && k.error.is_none())) {
            return Showing::Rows(asked);
        }
        if k.loading {
            return before
                .or(held.then_some(asked))
                .map_or(Showing::Waiting, Showing::Rows);
        }
        match (&k.error, before) {
            (Some(ApiError::Throttled(_)), Some(n)) => Showing::Rows(n),
            // Nothing was shown: a page held from earlier is better than none.
            (Some(_), None) if held => Showing::Rows(asked),
            (Some(error), _) => Showing::Failed(error.clone()),
            (None, _) => before.map_or(Showing::Waiting, Showing::Rows),
        }
    }

    /// The numbers of the pages the list has (page 1 until an answer said).
    fn numbers(&self) -> std::ops::RangeInclusive<u32> {
        1..=self.pages.unwrap_or(1)
    }

    /// The rows of every loaded page in the API's order, each id once.
    pub fn rows(&self) -> Vec<Row<T>> {
        distinct(
            self.numbers()
                .filter_map(|n| self.page(n)?.value.as_ref())
                .flat_map(|l| l.rows.iter().cloned()),
        )
    }

    /// Each entry of the loaded pages, in order, without copying them (an
    /// entry that moved between two pages may come twice).
    pub fn each(&self, mut f: impl FnMut(&T)) {
        for n in self.numbers() {
            if let Some(loaded) = self.page(n).and_then(|k| k.value.as_ref()) {
                loaded.rows.iter().for_each(|r| f(&r.item));
            }
        }
    }

    /// The entries of every loaded page, each once.
    pub fn items(&self) -> Vec<T> {
        self.rows().into_iter().map(|r| r.item).collect()
    }

    /// An entry of a loaded page.
    pub fn find(&self, id: &T::Id) -> Option<T> {
        self.slots
            .iter()
            .filter_map(|(_, k)| k.value.as_ref())
            .flat_map(|l| l.rows.iter())
            .find(|r| r.item.id() == *id)
            .map(|r| r.item.clone())
    }

    /// Whether the page count is known (an answer said it).
    pub fn is_known(&self) -> bool {
        self.pages.is_some()
    }

    /// Pages of the list that are loaded.
    pub fn loaded(&self) -> usize {
        self.numbers()
            .filter(|n| self.page(*n).is_some_and(|k| k.value.is_some()))
            .count()
    }

    /// Requests still needed to hold every page (1 while the count is unknown).
    pub fn missing(&self) -> usize {
        match self.pages {
            Some(pages) => pages as usize - self.loaded(),
            None => 1,
        }
    }

    /// Whether every page is loaded.
    pub fn is_complete(&self) -> bool {
        self.is_known() && self.missing() == 0
    }

    /// Whether a page of the list is on its way.
    pub fn is_loading(&self) -> bool {
        self.numbers()
            .any(|n| self.page(n).is_some_and(|k| k.loading))
    }

    /// Entries of the loaded pages that could not be read.
    pub fn unreadable(&self) -> usize {
        self.numbers()
            .filter_map(|n| self.page(n)?.value.as_ref())
            .map(|l| l.unreadable)
            .sum()
    }

    /// The pages that have no rows because their last load failed, and the
    /// last such failure.
    pub fn failed(&self) -> (Vec<u32>, Option<ApiError>) {
        let mut numbers = Vec::new();
        let mut last = None;
        for n in self.numbers() {
            if let Some(Kept {
                value: None,
                error: Some(error),
                ..
            }) = self.page(n)
            {
                numbers.push(n);
                last = Some(error.clone());
            }
        }
        (numbers, last)
    }

    /// The first page that has no rows, is not on its way and did not fail
    /// last time: what a loader that keeps several requests in flight (All
    /// jobs) asks for next. Page 1 while the page count is unknown.
    pub fn next_unasked(&self) -> Option<u32> {
        self.numbers().find(|n| match self.page(*n) {
            None => true,
            Some(k) => k.value.is_none() && !k.loading && k.error.is_none(),
        })
    }

    /// Why the last refresh of a page held failed, while its rows stay on
    /// screen (not counting throttling, which the banner says).
    pub fn stale(&self) -> Option<ApiError> {
        self.numbers().find_map(|n| self.page(n)?.stale().cloned())
    }

    /// When the newest answer of the list arrived (epoch ms).
    pub fn last_at(&self) -> Option<f64> {
        self.slots.iter().filter_map(|(_, k)| k.at).reduce(f64::max)
    }

    /// The first page without rows (on its way counts: the caller waits for
    /// it), leaving out those whose last load failed unless `retry_failed`.
    fn next_missing(&self, retry_failed: bool) -> Option<u32> {
        self.numbers().find(|n| match self.page(*n) {
            None => true,
            Some(k) => k.value.is_none() && (k.loading || retry_failed || k.error.is_none()),
        })
    }

    /// Takes in the answer for page `n`.
    fn take(&mut self, n: u32, answer: Result<Page<T>, ApiError>, counter: &mut u64, now: f64) {
        let page = match answer {
            Ok(page) => page,
            Err(error) => return self.page_mut(n).settle(Err(error), now),
        };
        let pages = page.pagination.pages.max(1);
        self.pages = Some(pages);
        self.total = page.pagination.count.max(page.items.len() as u32);
        let held = self
            .slots
            .iter()
            .filter_map(|(_, k)| k.value.as_ref())
            .flat_map(|l| l.rows.iter());
        let rows = versioned(held, page.items, counter);
        let loaded = Loaded {
            rows,
            unreadable: page.unreadable,
            pagination: page.pagination,
        };
        self.page_mut(n).settle(Ok(loaded), now);
        // A list that shrank drops its last pages; the page past the end that
        // was asked for stays, to say so.
        self.slots
            .retain(|(p, k)| *p <= pages || *p == n || k.loading);
    }

    /// Forgets why the pages without rows failed, so they are asked for again.
    fn forget_failures(&mut self) {
        self.forget_failures_where(|_| true);
    }

    /// [`Self::forget_failures`], only for the failures `which` picks.
    fn forget_failures_where(&mut self, which: impl Fn(&ApiError) -> bool) {
        for (_, k) in &mut self.slots {
            if k.value.is_none() && k.error.as_ref().is_some_and(&which) {
                k.error = None;
            }
        }
    }
}

/// How a list's page is fetched.
pub type Fetch<T> =
    fn(ApiClient, String, u32) -> LocalBoxFuture<'static, Result<Page<T>, ApiError>>;

/// A request on its way, shared by everyone who asks for its page.
type Flight = Shared<LocalBoxFuture<'static, Result<(), ApiError>>>;

/// The most requests one walk over a list makes, should the list keep
/// changing under it.
const MAX_WALK: u32 = 1_000;

/// The pages of one kind of list, for every stack. `Copy`, in context.
pub struct PagedList<T: 'static> {
    lists: StoredValue<Vec<(String, RwSignal<Pages<T>>)>>,
    flights: StoredValue<Vec<(String, u32, Flight)>, LocalStorage>,
    /// The last version given to a row.
    counter: StoredValue<u64>,
    /// The app-wide owner: a list's signal is made by whichever page asks
    /// first, and must outlive that page.
    owner: StoredValue<Owner>,
    api: ApiClient,
    quota: QuotaState,
    fetch: Fetch<T>,
}

impl<T> Clone for PagedList<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for PagedList<T> {}

impl<T: Listed + Send + Sync + 'static> PagedList<T> {
    /// Nothing held yet; pages come from `fetch`.
    pub fn new(api: ApiClient, quota: QuotaState, fetch: Fetch<T>) -> Self {
        PagedList {
            lists: StoredValue::new(Vec::new()),
            flights: StoredValue::new_local(Vec::new()),
            counter: StoredValue::new(0),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            api,
            quota,
            fetch,
        }
    }

    /// The pages of the list `key` (a stack's uid), for a view: a memo of
    /// the calling owner, cut loose from the app-wide list when the view is
    /// cleaned up (`state::scoped`). Reactive.
    pub fn of(&self, key: &str) -> Memo<Pages<T>>
    where
        Pages<T>: PartialEq,
    {
        let list = self.signal(key);
        Memo::from(scoped_memo(move || list.get()))
    }

    /// Reads the pages of the list `key` now, without following them.
    pub fn read<R>(&self, key: &str, f: impl FnOnce(&Pages<T>) -> R) -> R {
        self.signal(key).with_untracked(f)
    }

    fn signal(&self, key: &str) -> RwSignal<Pages<T>> {
        let found = self
            .lists
            .with_value(|lists| lists.iter().find(|(k, _)| k == key).map(|(_, s)| *s));
        if let Some(found) = found {
            return found;
        }
        let signal = self
            .owner
            .with_value(|owner| owner.with(|| RwSignal::new(Pages::default())));
        self.lists
            .update_value(|lists| lists.push((key.to_string(), signal)));
        signal
    }

    /// Loads page `n` of `key`, or joins the request for it already on its
    /// way. The request goes on if nobody waits for it any more.
    pub fn load(&self, key: &str, n: u32) -> impl Future<Output = Result<(), ApiError>> {
        let flying = self.flights.with_value(|flights| {
            flights
                .iter()
                .find(|(k, p, _)| k == key && *p == n)
                .map(|(_, _, f)| f.clone())
        });
        if let Some(flight) = flying {
            return flight;
        }
        let list = self.signal(key);
        list.update(|pages| pages.page_mut(n).loading = true);
        let this = *self;
        let (key, request) = (key.to_string(), (self.fetch)(self.api, key.to_string(), n));
        let flight: Flight = {
            let key = key.clone();
            async move {
                let answer = request.await;
                let result = answer.as_ref().map(|_| ()).map_err(Clone::clone);
                let mut counter = this.counter.try_get_value().unwrap_or_default();
                list.try_update(|pages| pages.take(n, answer, &mut counter, now_ms()));
                this.counter.try_set_value(counter);
                this.flights.try_update_value(|flights| {
                    flights.retain(|(k, p, _)| !(*k == key && *p == n))
                });
                result
            }
            .boxed_local()
            .shared()
        };
        self.flights
            .update_value(|flights| flights.push((key, n, flight.clone())));
        spawn_local(flight.clone().map(drop));
        flight
    }

    /// Asks for page `n` of `key` in the background (or joins its request).
    pub fn ask(&self, key: &str, n: u32) {
        drop(self.load(key, n));
    }

    /// Every entry of the list, loading the pages not held one request at a
    /// time (joining those on their way, asking again for those that had
    /// failed). Stops at a failure, or while the API throttles.
    pub async fn all(&self, key: &str) -> Result<Vec<T>, ApiError> {
        let list = self.signal(key);
        for _ in 0..MAX_WALK {
            self.not_throttled()?;
            let next = list
                .try_with_untracked(|pages| pages.next_missing(true))
                .ok_or(ApiError::Network)?;
            match next {
                None => return Ok(list.with_untracked(Pages::items)),
                Some(n) => self.load(key, n).await?,
            }
        }
        Err(ApiError::Shape(
            "the list kept changing while it loaded".into(),
        ))
    }

    /// Loads, in the background, the pages not held yet, one at a time;
    /// those whose last load failed wait for [`Self::retry`].
    pub fn load_missing(&self, key: &str) {
        let (this, key) = (*self, key.to_string());
        spawn_local(async move {
            let list = this.signal(&key);
            for _ in 0..MAX_WALK {
                let next = list
                    .try_with_untracked(|pages| pages.next_missing(false))
                    .flatten();
                let Some(n) = next else { return };
                if this.not_throttled().is_err() || this.load(&key, n).await.is_err() {
                    return;
                }
            }
        });
    }

    /// Asks again for the pages that failed, then for any still missing.
    pub fn retry(&self, key: &str) {
        self.signal(key).update(Pages::forget_failures);
        self.load_missing(key);
    }

    /// Forgets why pages of `key` without rows failed, where `which` says
    /// so, without asking for them: whoever loads next asks again (All
    /// jobs, after a throttle or on Try again).
    pub fn forget_failures(&self, key: &str, which: impl Fn(&ApiError) -> bool) {
        let list = self.signal(key);
        if list.with_untracked(|p| {
            p.slots
                .iter()
                .any(|(_, k)| k.value.is_none() && k.error.as_ref().is_some_and(&which))
        }) {
            list.update(|p| p.forget_failures_where(which));
        }
    }

    /// The lists held: every stack whose pages were asked for this session.
    pub fn keys(&self) -> Vec<String> {
        self.lists
            .with_value(|lists| lists.iter().map(|(k, _)| k.clone()).collect())
    }

    /// Loads every page held again, one at a time (an action may have
    /// changed any job); the rows stay until each answer replaces them.
    pub fn refresh_all(&self, key: &str) {
        let (this, key) = (*self, key.to_string());
        spawn_local(async move {
            let pages = this.signal(&key).with_untracked(|p| p.pages.unwrap_or(1));
            for n in 1..=pages {
                if this.not_throttled().is_err() || this.load(&key, n).await.is_err() {
                    return;
                }
            }
        });
    }

    /// An entry of a page held (the job page starts from the table's copy).
    pub fn find(&self, key: &str, id: &T::Id) -> Option<T> {
        self.signal(key).with_untracked(|pages| pages.find(id))
    }

    /// Forgets every list (sign-out).
    pub fn clear(&self) {
        self.lists.update_value(Vec::clear);
    }

    fn not_throttled(&self) -> Result<(), ApiError> {
        match self.quota.throttle.try_get_untracked().flatten() {
            Some(_) => Err(ApiError::Throttled(None)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::model::Job;
    use serde_json::json;

    fn page(current: u32, pages: u32, names: &[&str]) -> Page<Job> {
        Page {
            items: names
                .iter()
                .map(|n| Job::from_value(&json!({"uid": n, "name": n})).unwrap())
                .collect(),
            unreadable: 0,
            pagination: Pagination {
                previous: None,
                next: None,
                current,
                per_page: 30,
                count: 61,
                pages,
            },
        }
    }

    fn take(pages: &mut Pages<Job>, n: u32, answer: Result<Page<Job>, ApiError>) {
        let mut counter = 0;
        pages.take(n, answer, &mut counter, 0.0);
    }

    #[test]
    fn pages_held_are_not_asked_for_again() {
        let mut all = Pages::default();
        assert_eq!((all.next_missing(false), all.missing()), (Some(1), 1));
        take(&mut all, 2, Ok(page(2, 3, &["b"])));
        assert_eq!(all.next_missing(false), Some(1));
        take(&mut all, 1, Ok(page(1, 3, &["a"])));
        assert_eq!(
            (all.next_missing(false), all.missing(), all.total),
            (Some(3), 1, 61)
        );
        take(&mut all, 3, Err(ApiError::Network));
        assert_eq!(
            all.next_missing(false),
            None,
            "a failed page waits for Try again"
        );
        assert_eq!(all.next_missing(true), Some(3), "a bulk task asks again");
        assert_eq!(all.failed().0, vec![3]);
        assert!(!all.is_complete());
        take(&mut all, 3, Ok(page(3, 3, &["c"])));
        assert!(all.is_complete());
        let names: Vec<String> = all.items().into_iter().map(|j| j.name).collect();
        assert_eq!(names, ["a", "b", "c"]);
    }

    #[test]
    fn a_loader_of_many_asks_for_pages_nobody_asked_for() {
        let mut all: Pages<Job> = Pages::default();
        assert_eq!(all.next_unasked(), Some(1));
        all.page_mut(1).loading = true;
        assert_eq!(
            all.next_unasked(),
            None,
            "page 1 on its way, the count unknown"
        );
        take(&mut all, 1, Ok(page(1, 3, &["a"])));
        all.page_mut(2).loading = true;
        assert_eq!(all.next_unasked(), Some(3));
        take(&mut all, 3, Err(ApiError::Throttled(None)));
        assert_eq!(all.next_unasked(), None, "a failed page waits");
        all.forget_failures_where(|e| matches!(e, ApiError::Network));
        assert_eq!(
            all.next_unasked(),
            None,
            "only the failures picked are forgotten"
        );
        all.forget_failures_where(|e| matches!(e, ApiError::Throttled(_)));
        assert_eq!(all.next_unasked(), Some(3));
        take(&mut all, 1, Err(ApiError::Network));
        assert_eq!(all.stale(), Some(ApiError::Network));
        assert!(all.last_at().is_some());
    }

    #[test]
    fn a_page_on_its_way_is_waited_for_not_skipped() {
        let mut all: Pages<Job> = Pages::default();
        take(&mut all, 1, Ok(page(1, 2, &["a"])));
        all.page_mut(2).loading = true;
        assert_eq!(all.next_missing(false), Some(2));
    }

    #[test]
    fn a_failed_refresh_keeps_the_rows_and_says_why() {
        let mut all = Pages::default();
        take(&mut all, 1, Ok(page(1, 1, &["a"])));
        take(&mut all, 1, Err(ApiError::Network));
        let kept = all.page(1).unwrap();
        assert_eq!(kept.value.as_ref().unwrap().rows.len(), 1);
        assert_eq!(kept.stale(), Some(&ApiError::Network));
        take(&mut all, 1, Err(ApiError::Throttled(None)));
        assert_eq!(all.page(1).unwrap().stale(), None, "the banner says it");
    }

    #[test]
    fn a_view_keeps_the_page_it_showed_while_the_next_loads_or_is_throttled() {
        let mut all = Pages::default();
        assert_eq!(all.showing(1, None), Showing::Waiting);
        take(&mut all, 1, Ok(page(1, 3, &["a"])));
        let one = all.showing(1, None);
        assert_eq!(one, Showing::Rows(1));
        all.page_mut(2).loading = true;
        assert_eq!(
            all.showing(2, Some(&one)),
            Showing::Rows(1),
            "while page 2 loads"
        );
        take(&mut all, 2, Err(ApiError::Throttled(None)));
        assert_eq!(
            all.showing(2, Some(&one)),
            Showing::Rows(1),
            "page 2 refused while throttled"
        );
        take(&mut all, 2, Err(ApiError::Network));
        assert_eq!(
            all.showing(2, Some(&one)),
            Showing::Failed(ApiError::Network)
        );
        take(&mut all, 2, Ok(page(2, 3, &["b"])));
        let two = all.showing(2, Some(&one));
        assert_eq!(two, Showing::Rows(2));
        // Back to page 1, held from earlier: page 2 stays until page 1's answer.
        all.page_mut(1).loading = true;
        assert_eq!(all.showing(1, Some(&two)), Showing::Rows(2));
        take(&mut all, 1, Err(ApiError::Throttled(None)));
        assert_eq!(all.showing(1, Some(&two)), Showing::Rows(2), "held back");
        take(&mut all, 1, Err(ApiError::Network));
        assert_eq!(
            all.showing(1, Some(&two)),
            Showing::Failed(ApiError::Network)
        );
        // A view that showed nothing yet shows a page held from earlier.
        assert_eq!(all.showing(1, None), Showing::Rows(1));
        // The page in view keeps its rows through a failed refresh.
        assert_eq!(all.showing(2, Some(&two)), Showing::Rows(2));
        all.page_mut(2).loading = true;
        assert_eq!(all.showing(2, Some(&two)), Showing::Rows(2));
    }

    #[test]
    fn a_list_that_shrinks_drops_its_last_pages_but_not_the_one_asked() {
        let mut all = Pages::default();
        take(&mut all, 1, Ok(page(1, 3, &["a"])));
        take(&mut all, 3, Ok(page(3, 3, &["c"])));
        take(&mut all, 5, Ok(page(5, 2, &[])));
        assert!(all.page(3).is_none());
        assert!(all.page(5).is_some(), "to say there is no page 5");
        assert_eq!(all.pages, Some(2));
    }

    #[test]
    fn a_list_outlives_the_page_that_asked_for_it_first() {
        let app = Owner::new();
        app.with(|| {
            let list: PagedList<Job> =
                PagedList::new(ApiClient::new(None), QuotaState::new(), |api, key, n| {
                    Box::pin(async move { api.jobs(&key, n).await })
                });
            let view = Owner::new();
            let pages = view.with(|| list.signal("s1"));
            view.cleanup();
            drop(view);
            pages.update(|p| take(p, 1, Ok(page(1, 1, &["a"]))));
            assert_eq!(list.read("s1", |p| p.loaded()), 1);
        });
    }
}
