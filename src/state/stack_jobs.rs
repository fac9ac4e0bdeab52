//! All of a stack's jobs, for the views that need every page (search,
//! filters, sort, export, upcoming). Pages are loaded one at a time, only
//! those not already held (the jobs page offers each page it loads), kept for
//! the session, and refreshed when an action may have changed them. A page
//! that fails stays marked, so the view can say its results are partial.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiClient, ApiError, JobsPage};
use crate::logic::model::Job;
use crate::state::quota::QuotaState;

/// One page of the stack's jobs, as far as Jobdeck has it.
#[derive(Clone, Debug, PartialEq)]
pub enum PageSlot {
    /// Not asked for yet.
    Waiting,
    /// Its request is on the way.
    Loading,
    /// Its jobs, as last loaded.
    Loaded(Vec<Job>),
    /// Its last request failed.
    Failed(ApiError),
}

/// Every page of one stack.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AllJobs {
    /// One slot per page, once page 1 said how many there are.
    pub pages: Vec<PageSlot>,
    /// Jobs the API said the stack has (page 1's `pagination.count`).
    pub total: u32,
    /// Entries of the loaded pages that were not usable jobs.
    pub unreadable: usize,
}

impl AllJobs {
    /// The jobs of every loaded page, in the API's order.
    pub fn jobs(&self) -> Vec<Job> {
        self.pages
            .iter()
            .filter_map(|p| match p {
                PageSlot::Loaded(jobs) => Some(jobs.iter().cloned()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// Whether the page count is known (page 1 answered).
    pub fn is_known(&self) -> bool {
        !self.pages.is_empty()
    }

    /// Pages loaded so far.
    pub fn loaded(&self) -> usize {
        self.pages
            .iter()
            .filter(|p| matches!(p, PageSlot::Loaded(_)))
            .count()
    }

    /// The 1-based numbers of the pages whose last load failed, and the last error.
    pub fn failed(&self) -> (Vec<u32>, Option<ApiError>) {
        let mut numbers = Vec::new();
        let mut last = None;
        for (i, slot) in self.pages.iter().enumerate() {
            if let PageSlot::Failed(error) = slot {
                numbers.push(i as u32 + 1);
                last = Some(error.clone());
            }
        }
        (numbers, last)
    }

    /// Whether a page is on its way.
    pub fn is_loading(&self) -> bool {
        self.pages.iter().any(|p| matches!(p, PageSlot::Loading))
    }

    /// Whether every page is loaded.
    pub fn is_complete(&self) -> bool {
        self.is_known() && self.loaded() == self.pages.len()
    }

    /// Requests still needed to hold every page.
    pub fn missing(&self) -> usize {
        if self.is_known() {
            self.pages.len() - self.loaded()
        } else {
            1
        }
    }

    /// Takes in one page's answer (from this loader or from the jobs page).
    pub fn take(&mut self, page: u32, answer: &JobsPage) {
        let pages = answer.pagination.pages.max(1) as usize;
        if self.pages.len() != pages {
            self.pages.resize(pages, PageSlot::Waiting);
        }
        self.total = answer.pagination.count.max(answer.jobs.len() as u32);
        if let Some(slot) = self.pages.get_mut(page.max(1) as usize - 1) {
            *slot = PageSlot::Loaded(answer.jobs.clone());
        }
        self.unreadable = answer.unreadable;
    }

    /// The next page (1-based) to ask for: page 1 first, then the first waiting one.
    fn next_to_load(&self) -> Option<u32> {
        if !self.is_known() {
            return Some(1);
        }
        self.pages
            .iter()
            .position(|p| matches!(p, PageSlot::Waiting))
            .map(|i| i as u32 + 1)
    }
}

/// Every stack's pages seen this session. `Copy`, provided once as context.
#[derive(Clone, Copy)]
pub struct StackJobs {
    stacks: StoredValue<Vec<(String, RwSignal<AllJobs>)>>,
    /// The app-wide owner: a stack's signal is made lazily, by whichever
    /// page asks first, but must outlive that page.
    owner: StoredValue<Owner>,
    /// Stacks whose loader or refresh is running: marked before the task
    /// starts, so that a second ask in the same tick does not start another.
    busy: StoredValue<Vec<String>>,
    api: ApiClient,
    quota: QuotaState,
}

impl StackJobs {
    /// Nothing held yet.
    pub fn new(api: ApiClient, quota: QuotaState) -> StackJobs {
        StackJobs {
            stacks: StoredValue::new(Vec::new()),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            busy: StoredValue::new(Vec::new()),
            api,
            quota,
        }
    }

    /// The pages of one stack (empty until asked for).
    pub fn of(&self, stack_uid: &str) -> RwSignal<AllJobs> {
        if let Some(found) = self.stacks.with_value(|all| {
            all.iter()
                .find(|(uid, _)| uid == stack_uid)
                .map(|(_, s)| *s)
        }) {
            return found;
        }
        let signal = self
            .owner
            .with_value(|owner| owner.with(|| RwSignal::new(AllJobs::default())));
        self.stacks
            .update_value(|all| all.push((stack_uid.to_string(), signal)));
        signal
    }

    /// A job of a page seen this session (the job page starts from it).
    pub fn find(&self, stack_uid: &str, job_uid: &str) -> Option<Job> {
        let all = self.stacks.with_value(|all| {
            all.iter()
                .find(|(uid, _)| uid == stack_uid)
                .map(|(_, s)| *s)
        })?;
        all.with_untracked(|a| {
            a.pages.iter().find_map(|p| match p {
                PageSlot::Loaded(jobs) => jobs.iter().find(|j| j.uid == job_uid).cloned(),
                _ => None,
            })
        })
    }

    /// A page the jobs page loaded, so that it is not asked for twice.
    pub fn offer(&self, stack_uid: &str, page: u32, answer: &JobsPage) {
        self.of(stack_uid).update(|all| all.take(page, answer));
    }

    /// Loads the pages not held yet, one request at a time. Stops while
    /// throttled and at a failure (which stays marked for [`Self::retry`]).
    pub fn load_missing(&self, stack_uid: &str) {
        let all = self.of(stack_uid);
        if !self.start(stack_uid) {
            return;
        }
        let (this, stack) = (*self, stack_uid.to_string());
        spawn_local(async move {
            this.load_pages(all, &stack).await;
            this.end(&stack);
        });
    }

    /// Marks a stack's loader as running; false if it already was.
    fn start(&self, stack_uid: &str) -> bool {
        let started = self.busy.with_value(|b| !b.iter().any(|s| s == stack_uid));
        if started {
            self.busy.update_value(|b| b.push(stack_uid.to_string()));
        }
        started
    }

    fn end(&self, stack_uid: &str) {
        self.busy.try_update_value(|b| b.retain(|s| s != stack_uid));
    }

    async fn load_pages(&self, all: RwSignal<AllJobs>, stack: &str) {
        let this = *self;
        while let Some(page) = all.try_with_untracked(AllJobs::next_to_load).flatten() {
            if this.quota.throttle.try_get_untracked().flatten().is_some() {
                return;
            }
            all.try_update(|a| {
                if let Some(slot) = a.pages.get_mut(page as usize - 1) {
                    *slot = PageSlot::Loading;
                }
            });
            let answer = this.api.jobs(stack, page).await;
            let failed = answer.is_err();
            all.try_update(|a| match answer {
                Ok(answer) => a.take(page, &answer),
                Err(error) if a.pages.is_empty() => a.pages = vec![PageSlot::Failed(error)],
                Err(error) => {
                    if let Some(slot) = a.pages.get_mut(page as usize - 1) {
                        *slot = PageSlot::Failed(error);
                    }
                }
            });
            if failed {
                return;
            }
        }
    }

    /// Asks again for the pages that failed, then for any still missing.
    pub fn retry(&self, stack_uid: &str) {
        self.of(stack_uid).update(|a| {
            if a.pages.len() == 1 && matches!(a.pages[0], PageSlot::Failed(_)) && a.total == 0 {
                a.pages.clear();
            }
            for slot in &mut a.pages {
                if matches!(slot, PageSlot::Failed(_)) {
                    *slot = PageSlot::Waiting;
                }
            }
        });
        self.load_missing(stack_uid);
    }

    /// Loads every page again (an action may have changed any job); what is
    /// on screen stays until each page's new answer replaces it.
    pub fn refresh(&self, stack_uid: &str) {
        let all = self.of(stack_uid);
        if !self.start(stack_uid) {
            return;
        }
        let pages = all.with_untracked(|a| a.pages.len() as u32);
        let (this, stack) = (*self, stack_uid.to_string());
        spawn_local(async move {
            this.refresh_pages(all, &stack, pages).await;
            this.end(&stack);
        });
    }

    async fn refresh_pages(&self, all: RwSignal<AllJobs>, stack: &str, pages: u32) {
        let this = *self;
        for page in 1..=pages {
            if this.quota.throttle.try_get_untracked().flatten().is_some() {
                return;
            }
            match this.api.jobs(stack, page).await {
                Ok(answer) => {
                    all.try_update(|a| a.take(page, &answer));
                }
                Err(error) => {
                    all.try_update(|a| {
                        if let Some(slot) = a.pages.get_mut(page as usize - 1) {
                            *slot = PageSlot::Failed(error);
                        }
                    });
                    return;
                }
            }
        }
    }

    /// Forgets every stack's pages (sign-out).
    pub fn clear(&self) {
        self.stacks.update_value(Vec::clear);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pagination::Pagination;
    use serde_json::json;

    fn page(current: u32, pages: u32, names: &[&str]) -> JobsPage {
        JobsPage {
            jobs: names
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

    #[test]
    fn pages_offered_are_not_asked_for_again() {
        let mut all = AllJobs::default();
        assert_eq!((all.next_to_load(), all.missing()), (Some(1), 1));
        all.take(2, &page(2, 3, &["b"]));
        assert_eq!(all.next_to_load(), Some(1));
        all.take(1, &page(1, 3, &["a"]));
        assert_eq!(
            (all.next_to_load(), all.missing(), all.total),
            (Some(3), 1, 61)
        );
        all.pages[2] = PageSlot::Failed(ApiError::Network);
        assert_eq!(all.next_to_load(), None);
        assert_eq!(all.failed().0, vec![3]);
        assert!(!all.is_complete());
        all.take(3, &page(3, 3, &["c"]));
        assert!(all.is_complete());
        let names: Vec<String> = all.jobs().into_iter().map(|j| j.name).collect();
        assert_eq!(names, ["a", "b", "c"]);
    }

    #[test]
    fn a_stack_outlives_the_page_that_asked_for_it_first() {
        let app = Owner::new();
        app.with(|| {
            let api = ApiClient::new(None);
            let stack_jobs = StackJobs::new(api, QuotaState::new());
            let page = Owner::new();
            let all = page.with(|| stack_jobs.of("s1"));
            page.cleanup();
            drop(page);
            all.update(|a| a.take(1, &page_of_one()));
            assert_eq!(stack_jobs.of("s1").with(|a| a.loaded()), 1);
        });
    }

    fn page_of_one() -> JobsPage {
        page(1, 1, &["a"])
    }

    #[test]
    fn a_stack_that_shrinks_drops_its_last_pages() {
        let mut all = AllJobs::default();
        all.take(1, &page(1, 3, &["a"]));
        all.take(1, &page(1, 2, &["a"]));
        assert_eq!(all.pages.len(), 2);
    }
}
