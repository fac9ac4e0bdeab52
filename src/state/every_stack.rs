//! Every stack's jobs at once (the `/upcoming` page, and any view across
//! stacks): the stack list's stacks, each stack's pages through the one
//! loader ([`StackJobs`], so a page on its way is never asked for twice and
//! what other pages loaded is reused), at most [`IN_FLIGHT`] stacks loading
//! at a time.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::logic::model::{Job, Stack};
use crate::state::paged::Pages;
use crate::state::stack_jobs::StackJobs;

/// Stacks loading at once, each one page at a time.
pub const IN_FLIGHT: usize = 4;

/// One stack's share of a load.
type Task = futures::future::LocalBoxFuture<'static, ()>;

/// The jobs of every stack of a list, as the one loader holds them.
#[derive(Clone)]
pub struct EveryStack {
    /// Each stack, with a view of its pages (cut loose with the calling view).
    pub stacks: Arc<Vec<(Stack, Memo<Pages<Job>>)>>,
    jobs: StackJobs,
}

/// How far loading every stack has got.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Stacks whose every page is held.
    pub loaded: usize,
    /// Stacks in all.
    pub total: usize,
    /// Stacks that could not be loaded whole: the stack and why.
    pub failed: Vec<(Stack, ApiError)>,
}

impl EveryStack {
    /// Views of the pages of each of `stacks` (nothing is loaded yet).
    pub fn of(stacks: Vec<Stack>) -> EveryStack {
        let jobs = expect_context::<StackJobs>();
        let stacks = stacks
            .into_iter()
            .map(|stack| {
                let pages = jobs.of(&stack.uid);
                (stack, pages)
            })
            .collect();
        EveryStack {
            stacks: Arc::new(stacks),
            jobs,
        }
    }

    /// Loads the pages not held of every stack, [`IN_FLIGHT`] stacks at a
    /// time, asking again for those that failed; a stack that fails keeps
    /// what it has and says why ([`Self::progress`]). Stops while the API
    /// throttles. Calls `done` once every stack has been tried.
    pub fn load(&self, done: impl Fn() + 'static) {
        self.each_stack(
            |jobs, uid| {
                Box::pin(async move {
                    // Each stack's failure is kept by the loader: go on.
                    let _ = jobs.all(&uid).await;
                })
            },
            done,
        );
    }

    /// Loads every page held of every stack again (live refresh; an action
    /// may have changed any job), [`IN_FLIGHT`] stacks at a time, one page
    /// of each at a time; the rows stay until each answer replaces them.
    pub fn refresh(&self, done: impl Fn() + 'static) {
        self.each_stack(
            |jobs, uid| {
                Box::pin(async move {
                    let pages = jobs.read(&uid, |p| p.pages.unwrap_or(1));
                    for n in 1..=pages {
                        if jobs.load(&uid, n).await.is_err() {
                            return;
                        }
                    }
                })
            },
            done,
        );
    }

    /// Asks again for one stack's pages that failed.
    pub fn retry(&self, uid: &str) {
        self.jobs.retry(uid);
    }

    /// Runs `task` for every stack, [`IN_FLIGHT`] at a time, then `done`.
    fn each_stack(&self, task: fn(StackJobs, String) -> Task, done: impl Fn() + 'static) {
        let uids: Rc<Vec<String>> =
            Rc::new(self.stacks.iter().map(|(s, _)| s.uid.clone()).collect());
        let workers = IN_FLIGHT.min(uids.len());
        if workers == 0 {
            done();
            return;
        }
        let (jobs, next, working) = (
            self.jobs,
            Rc::new(Cell::new(0)),
            Rc::new(Cell::new(workers)),
        );
        let done = Rc::new(done);
        for _ in 0..workers {
            let (uids, next, working, done) =
                (uids.clone(), next.clone(), working.clone(), done.clone());
            spawn_local(async move {
                while let Some(uid) = uids.get(next.get()) {
                    next.set(next.get() + 1);
                    task(jobs, uid.clone()).await;
                }
                working.set(working.get() - 1);
                if working.get() == 0 {
                    done();
                }
            });
        }
    }

    /// Requests a refresh of every stack costs: the pages held.
    pub fn cost(&self) -> u32 {
        self.stacks
            .iter()
            .map(|(stack, _)| self.jobs.read(&stack.uid, |p| p.pages.unwrap_or(1)))
            .sum()
    }

    /// How far loading has got, and which stacks failed. Reactive.
    pub fn progress(&self) -> Progress {
        let mut progress = Progress {
            loaded: 0,
            total: self.stacks.len(),
            failed: Vec::new(),
        };
        for (stack, pages) in self.stacks.iter() {
            pages.with(|p| {
                if p.is_complete() {
                    progress.loaded += 1;
                }
                if let (_, Some(error)) = p.failed() {
                    progress.failed.push((stack.clone(), error));
                }
            });
        }
        progress
    }

    /// Every job held, with its stack, in the list's order. Reactive.
    pub fn jobs(&self) -> Vec<(Stack, Job)> {
        self.stacks
            .iter()
            .flat_map(|(stack, pages)| {
                pages
                    .with(Pages::items)
                    .into_iter()
                    .map(move |job| (stack.clone(), job))
            })
            .collect()
    }
}
