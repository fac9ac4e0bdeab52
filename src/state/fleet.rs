//! All jobs: every stack's jobs through the one loader (`state::paged`),
//! at most [`IN_FLIGHT`] requests at a time, asking first when that costs
//! more than a tenth of the remaining quota, and refreshed live one stack
//! per tick (`logic::fleet` has the rules and figures).
//!
//! Each stack's pages are the ones its Jobs page uses: what one page
//! loaded the other shows without a request. A page that fails stays
//! failed until Try again (its stack's, or the page's), never asked for in
//! a loop; a throttle stops everything until the window resets, then
//! loading goes on where it stopped. Each visit of the page tries the
//! failed pages once more.

use std::borrow::Cow;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::browser::{storage_get, storage_set, StorageKind};
use crate::logic::finding::{next_run, search_text, Dir, Finding, Searchable, SortKey};
use crate::logic::fleet::{must_ask, stack_cost, PageCounts, IN_FLIGHT};
use crate::logic::model::{Job, Stack, StackLabel};
use crate::logic::rows::Row;
use crate::state::activity::{ActivityLog, Progress};
use crate::state::clock::Clock;
use crate::state::memo_cache::MemoCache;
use crate::state::paged::Pages;
use crate::state::quota::QuotaState;
use crate::state::screen::ScreenData;
use crate::state::stack_jobs::StackJobs;
use crate::state::stacks::Stacks;

/// The localStorage key of each stack's page count.
pub const PAGE_COUNTS_KEY: &str = "jobdeck.pages";

/// One job of All jobs: its stack, its row, and what search and sorting
/// look at (worked out once, when the row arrives).
#[derive(Debug, PartialEq)]
pub struct FleetJob {
    /// Its stack.
    pub stack: StackLabel,
    /// The row, keyed by its version.
    pub row: Row<Job>,
    text: String,
    name_key: String,
}

/// A job of All jobs, shared: lists of matches hold these, not copies; two
/// are the same while they share the job.
#[derive(Clone, Debug)]
pub struct Hit(pub Arc<FleetJob>);

impl PartialEq for Hit {
    fn eq(&self, other: &Hit) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl AsRef<Job> for Hit {
    fn as_ref(&self) -> &Job {
        &self.0.row.item
    }
}

impl Searchable for Hit {
    fn search_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.0.text)
    }

    fn name_key(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.0.name_key)
    }
}

/// A list of jobs, the same list while it holds the same shared jobs:
/// comparing thousands of jobs field by field on every keystroke would
/// cost more than the search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hits(pub Vec<Hit>);

/// A stack of All jobs: the stack and its pages.
#[derive(Clone, Debug, PartialEq)]
pub struct FleetStack {
    /// The stack.
    pub stack: Stack,
    /// Its uid and label, to hand out.
    pub label: StackLabel,
    /// Its pages, as the one loader holds them.
    pub pages: Memo<Pages<Job>>,
    /// Its jobs, each with its search text.
    pub jobs: Memo<Hits>,
}

/// All jobs' matches (every job loaded that matches the finding, in its
/// order), in context for Export.
#[derive(Clone, Copy)]
pub struct FleetMatches(pub Memo<Hits>);

/// What the person said to loading every stack's jobs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consent {
    /// Waiting for the stack list, to know what it would cost.
    Pending,
    /// Asking: loading everything costs about this many requests.
    Asking(u32),
    /// Load everything.
    Given,
    /// Not now (only stacks asked for one by one load).
    Declined,
}

/// All jobs' loading and refreshing. `Copy`; made by the page.
#[derive(Clone, Copy)]
pub struct Fleet {
    jobs: StackJobs,
    quota: QuotaState,
    list: Stacks,
    /// Every stack of the list, in its order. Reactive.
    pub stacks: Memo<Vec<FleetStack>>,
    /// What the person said to loading everything. Reactive.
    pub consent: RwSignal<Consent>,
    /// Stacks asked for one by one (Load, Try again) while declined.
    picked: RwSignal<Vec<String>>,
    in_flight: StoredValue<usize>,
    /// The next place of live refresh's turn (0: the stack list).
    turn: StoredValue<usize>,
    /// Activity entries already answered by a refresh of their stack.
    handled: StoredValue<Vec<u64>>,
    counts: StoredValue<PageCounts>,
}

impl Fleet {
    /// Starts All jobs for the calling owner (the page): forgets why pages
    /// failed on earlier visits, asks (or not) once the stack list is in,
    /// loads, and registers its live refresh with the screen.
    pub fn start() -> Fleet {
        let (jobs, list) = (expect_context::<StackJobs>(), Stacks::get());
        let cache = MemoCache::<Pages<Job>>::new();
        let hits = MemoCache::<Hits>::new();
        let stacks = Memo::new(move |_| {
            let Some(Ok(listed)) = list.read() else {
                return Vec::new();
            };
            listed
                .stacks
                .into_iter()
                .map(|stack| {
                    let label = StackLabel {
                        uid: stack.uid.as_str().into(),
                        label: stack.label().into(),
                    };
                    let pages = cache.get(&stack.uid, || jobs.of(&stack.uid));
                    let tag = label.clone();
                    let jobs = hits.get(&stack.uid, move || index(tag, pages));
                    FleetStack {
                        stack,
                        label,
                        pages,
                        jobs,
                    }
                })
                .collect()
        });
        let fleet = Fleet {
            jobs,
            quota: expect_context::<QuotaState>(),
            list,
            stacks,
            consent: RwSignal::new(Consent::Pending),
            picked: RwSignal::new(Vec::new()),
            in_flight: StoredValue::new(0),
            turn: StoredValue::new(0),
            handled: StoredValue::new(finished(expect_context::<ActivityLog>())),
            counts: StoredValue::new(PageCounts::decode(
                storage_get(StorageKind::Local, PAGE_COUNTS_KEY).as_deref(),
            )),
        };
        // Once the list is in: each visit tries failed pages again, then asks or loads.
        Effect::new(move |_| {
            let uids: Vec<String> =
                stacks.with(|s| s.iter().map(|s| s.stack.uid.clone()).collect());
            if uids.is_empty() {
                return;
            }
            if fleet.consent.get_untracked() == Consent::Pending {
                for uid in &uids {
                    fleet.jobs.forget_failures(uid, |_| true);
                }
                let estimate = fleet.estimate();
                let remaining = fleet.quota.quota.get_untracked().remaining;
                fleet.consent.set(match must_ask(estimate, remaining) {
                    true => Consent::Asking(estimate),
                    false => Consent::Given,
                });
            }
            fleet.pump();
        });
        Effect::new(move |_| {
            fleet.consent.track();
            fleet.picked.track();
            fleet.pump();
        });
        fleet.register();
        fleet
    }

    /// Every job loaded that matches `finding`, in its order (by default
    /// `sort=attention`). Every job is sorted when the jobs, the sort or the
    /// minute change (long pauses and next runs move with the clock); a
    /// keystroke only filters the sorted jobs. Reactive.
    pub fn matches(&self, finding: RwSignal<Finding>) -> Memo<Hits> {
        let (stacks, clock) = (self.stacks, Clock::get());
        let order = Memo::new(move |_| {
            finding.with(|f| match f.sort {
                None => (Some(SortKey::Attention), Dir::Asc),
                Some(sort) => (Some(sort), f.dir),
            })
        });
        let ordered = Memo::new(move |_| {
            let (sort, dir) = order.get();
            let sorting = Finding {
                sort,
                dir,
                ..Finding::default()
            };
            let now = clock.now();
            let all: Vec<Hit> = stacks.with(|stacks| {
                stacks
                    .iter()
                    .flat_map(|s| s.jobs.with(|hits| hits.0.clone()))
                    .collect()
            });
            let sorted = sorting.sorted(all.iter().collect(), now, |j| next_run(j, now));
            Hits(sorted.into_iter().cloned().collect())
        });
        Memo::new(move |_| {
            let finding = finding.get();
            ordered.with(|all| Hits(finding.filter(&all.0).into_iter().cloned().collect()))
        })
    }

    /// The labels of the stacks wanted whose jobs are not all loaded. Reactive.
    pub fn missing(&self) -> Vec<String> {
        let consent = self.consent.get();
        let picked = self.picked.get();
        self.stacks.with(|stacks| {
            stacks
                .iter()
                .filter(|s| consent == Consent::Given || picked.contains(&s.stack.uid))
                .filter(|s| !s.pages.with(Pages::is_complete))
                .map(|s| s.label.label.to_string())
                .collect()
        })
    }

    /// What loading the jobs not held yet costs, in requests.
    pub fn estimate(&self) -> u32 {
        let counts = self.counts.get_value();
        self.stacks.with_untracked(|stacks| {
            stacks
                .iter()
                .map(|s| {
                    let uid = &s.stack.uid;
                    let known = self.jobs.read(uid, |p| p.is_known().then(|| p.missing()));
                    stack_cost(known, counts.get(uid))
                })
                .sum()
        })
    }

    /// Whether a stack was asked for one by one (Load, Try again). Reactive.
    pub fn is_picked(&self, uid: &str) -> bool {
        self.picked.with(|p| p.iter().any(|s| s == uid))
    }

    /// Whether this stack's jobs are to be loaded now.
    fn wanted(&self, uid: &str) -> bool {
        self.consent.get_untracked() == Consent::Given
            || self.picked.with_untracked(|p| p.iter().any(|s| s == uid))
    }

    /// Starts requests until [`IN_FLIGHT`] are on their way or nothing is
    /// left to ask; nothing while the API throttles. Stacks go in list
    /// order, so each completes soon after it starts.
    fn pump(&self) {
        while self.in_flight.get_value() < IN_FLIGHT && !self.throttled() {
            let Some((uid, n)) = self.next_page() else {
                return;
            };
            self.send(uid, n, false);
        }
    }

    /// The next page to ask for: the first one nobody asked for of the
    /// first stack wanted, in list order.
    fn next_page(&self) -> Option<(String, u32)> {
        self.stacks.with_untracked(|stacks| {
            stacks.iter().find_map(|s| {
                let uid = &s.stack.uid;
                if !self.wanted(uid) {
                    return None;
                }
                self.jobs
                    .read(uid, |p| p.next_unasked())
                    .map(|n| (uid.clone(), n))
            })
        })
    }

    /// Asks for one page; when it is in, notes the stack's page count and
    /// starts the next. A `probe` sent while throttled that the API answers
    /// ends the throttle.
    fn send(&self, uid: String, n: u32, probe: bool) {
        self.in_flight.update_value(|n| *n += 1);
        let request = self.jobs.load(&uid, n);
        let this = *self;
        spawn_local(async move {
            let answered = request.await.is_ok();
            if this
                .in_flight
                .try_update_value(|n| *n = n.saturating_sub(1))
                .is_none()
            {
                return;
            }
            if probe && answered {
                this.quota.lift();
            }
            this.note_pages(&uid);
            this.pump();
        });
    }

    /// Try again after the quota ran out half-way: one request now, whatever
    /// the throttle says (a person asked, once); if the API answers it,
    /// loading goes on, and if it refuses it, everything waits for the
    /// window as before.
    pub fn try_now(&self) {
        for uid in self.uids() {
            self.jobs
                .forget_failures(&uid, |e| matches!(e, ApiError::Throttled(_)));
        }
        if let Some((uid, n)) = self.next_page() {
            self.send(uid, n, true);
        }
    }

    /// Remembers a stack's page count on this device, for the next estimate.
    fn note_pages(&self, uid: &str) {
        let Some(pages) = self.jobs.read(uid, |p| p.pages) else {
            return;
        };
        let changed = self
            .counts
            .try_update_value(|c| c.note(uid, pages))
            .unwrap_or(false);
        if changed {
            if let Some(text) = self.counts.try_with_value(PageCounts::encode) {
                storage_set(StorageKind::Local, PAGE_COUNTS_KEY, &text);
            }
        }
    }

    /// Load all, or Cancel, in the dialog (or Load all again later).
    pub fn consent_to(&self, load: bool) {
        self.consent.set(if load {
            Consent::Given
        } else {
            Consent::Declined
        });
    }

    /// Loads one stack's jobs (its Load or Try again button): the pages
    /// that failed are asked again, and a refresh that failed is tried
    /// again.
    pub fn retry(&self, uid: &str) {
        self.jobs.forget_failures(uid, |_| true);
        if !self.wanted(uid) {
            self.picked.update(|p| p.push(uid.to_string()));
        }
        if self.jobs.read(uid, |p| p.stale().is_some()) {
            self.refresh(vec![uid.to_string()]);
        }
        self.pump();
    }

    /// Asks again for every page whose last load failed.
    pub fn retry_all(&self) {
        for uid in self.uids() {
            self.jobs.forget_failures(&uid, |_| true);
        }
        self.pump();
    }

    /// Whether requests are on their way or wanted pages are still unasked. Reactive.
    pub fn is_loading(&self) -> bool {
        self.stacks.with(|stacks| {
            stacks.iter().any(|s| {
                let wanted = self.consent.get() == Consent::Given
                    || self.picked.with(|p| p.contains(&s.stack.uid));
                s.pages
                    .with(|p| p.is_loading() || (wanted && p.next_unasked().is_some()))
            })
        })
    }

    fn uids(&self) -> Vec<String> {
        self.stacks
            .with_untracked(|s| s.iter().map(|s| s.stack.uid.clone()).collect())
    }

    /// Refreshes these stacks' pages, one request at a time.
    fn refresh(&self, uids: Vec<String>) {
        let this = *self;
        spawn_local(async move {
            for uid in uids {
                let pages = this.jobs.read(&uid, |p| p.pages.unwrap_or(1));
                for n in 1..=pages {
                    if this.throttled() || this.jobs.load(&uid, n).await.is_err() {
                        break;
                    }
                }
            }
        });
    }

    /// The stacks with rows, in list order: what live refresh takes turns over.
    fn held(&self) -> Vec<String> {
        self.stacks.with_untracked(|stacks| {
            stacks
                .iter()
                .filter(|s| s.pages.with_untracked(|p| p.loaded() > 0))
                .map(|s| s.stack.uid.clone())
                .collect()
        })
    }

    /// What the next live refresh asks for: the stack list, or a stack.
    fn next_turn(&self) -> Option<String> {
        let held = self.held();
        let turn = self.turn.get_value() % (held.len() + 1);
        turn.checked_sub(1).and_then(|i| held.get(i).cloned())
    }

    /// Registers with the screen: a reload after actions refreshes the
    /// stacks they changed; after a throttle, loading goes on; otherwise
    /// (live refresh) the next turn: the stack list, then each stack held.
    fn register(&self) {
        let screen = expect_context::<ScreenData>();
        let log = expect_context::<ActivityLog>();
        let this = *self;
        let reload = move || {
            this.jobs_after_throttle();
            this.pump();
            let ended = this.ended_actions(log);
            if !ended.is_empty() {
                return this.refresh(ended);
            }
            if this.is_loading_untracked() {
                return;
            }
            match this.next_turn() {
                None => this.list.reload(),
                Some(uid) => this.refresh(vec![uid]),
            }
            this.turn.update_value(|t| *t += 1);
        };
        let cost = move || match this.next_turn() {
            Some(uid) => this.jobs.read(&uid, |p| p.pages.unwrap_or(1)),
            // The stack list: 30 stacks a page.
            None => (this.stacks.with_untracked(Vec::len) as u32)
                .div_ceil(30)
                .max(1),
        };
        screen.register_with_cost(reload, cost);
        // "Updated … ago" counts from the newest answer: of any stack, or
        // of the stack list (a turn of live refresh too).
        let newest = Memo::new(move |_| {
            [stacks_newest(this.stacks), this.list.loaded_at()]
                .into_iter()
                .flatten()
                .reduce(f64::max)
        });
        Effect::new(move |_| {
            if newest.get().is_some() {
                screen.loaded();
            }
        });
    }

    fn throttled(&self) -> bool {
        self.quota.throttle.try_get_untracked().flatten().is_some()
    }

    /// Stacks loaded completely, and stacks to load, of those wanted. Reactive.
    pub fn progress(&self) -> (usize, usize) {
        let consent = self.consent.get();
        let picked = self.picked.get();
        self.stacks.with(|stacks| {
            let wanted: Vec<&FleetStack> = stacks
                .iter()
                .filter(|s| consent == Consent::Given || picked.contains(&s.stack.uid))
                .collect();
            let done = wanted
                .iter()
                .filter(|s| s.pages.with(Pages::is_complete))
                .count();
            (done, wanted.len())
        })
    }

    fn is_loading_untracked(&self) -> bool {
        untrack(|| self.is_loading())
    }

    /// The pages refused while the API throttled are asked again (the
    /// throttle has lifted when the screen reloads).
    fn jobs_after_throttle(&self) {
        if self.throttled() {
            return;
        }
        for uid in self.uids() {
            self.jobs
                .forget_failures(&uid, |e| matches!(e, ApiError::Throttled(_)));
        }
    }

    /// The stacks of the actions that ended since the last look, once each.
    fn ended_actions(&self, log: ActivityLog) -> Vec<String> {
        let done = log.entries.with_untracked(|entries| {
            entries
                .iter()
                .filter(|e| !e.progress.with_untracked(Progress::is_running))
                .map(|e| (e.key, e.request.stack_uid.clone()))
                .collect::<Vec<_>>()
        });
        let handled = self.handled.get_value();
        let mut stacks: Vec<String> = Vec::new();
        for (key, stack) in &done {
            if !handled.contains(key) && !stacks.contains(stack) {
                stacks.push(stack.clone());
            }
        }
        self.handled
            .set_value(done.into_iter().map(|(key, _)| key).collect());
        let listed = self.uids();
        stacks.retain(|s| listed.contains(s));
        stacks
    }
}

/// The keys of the Activity entries that have ended.
fn finished(log: ActivityLog) -> Vec<u64> {
    log.entries.with_untracked(|entries| {
        entries
            .iter()
            .filter(|e| !e.progress.with_untracked(Progress::is_running))
            .map(|e| e.key)
            .collect()
    })
}

/// When the newest answer of any stack arrived. Reactive.
fn stacks_newest(stacks: Memo<Vec<FleetStack>>) -> Option<f64> {
    stacks.with(|stacks| {
        stacks
            .iter()
            .filter_map(|s| s.pages.with(Pages::last_at))
            .reduce(f64::max)
    })
}

/// A stack's jobs with their search text: a row whose version is the same
/// keeps its shared job (and its text), so a refresh that changed nothing
/// leaves the list of matches as it was.
fn index(stack: StackLabel, pages: Memo<Pages<Job>>) -> Memo<Hits> {
    Memo::new(move |before: Option<&Hits>| {
        let rows = pages.with(Pages::rows);
        let kept = |version: u64| {
            before.and_then(|b| b.0.iter().find(|h| h.0.row.version == version).cloned())
        };
        Hits(
            rows.into_iter()
                .map(|row| {
                    kept(row.version).unwrap_or_else(|| {
                        let text = search_text(&row.item, Some(&stack.label));
                        let name_key = row.item.name.to_lowercase();
                        Hit(Arc::new(FleetJob {
                            stack: stack.clone(),
                            row,
                            text,
                            name_key,
                        }))
                    })
                })
                .collect(),
        )
    })
}
