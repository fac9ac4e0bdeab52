//! Data shared by several views of the console: the stack list, loaded once
//! per sign-in for the picker, the home page and every page's heading; and
//! the jobs of the last loaded page, so that a job page reached from the
//! table costs no request.

use leptos::prelude::*;

use crate::api::{ApiClient, ApiError, Job, StackList};

/// The stack list and how to load it again. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct Stacks(LocalResource<Result<StackList, ApiError>>);

impl Stacks {
    /// Starts loading the stack list and provides it to the console.
    pub fn provide() -> Stacks {
        let api = expect_context::<ApiClient>();
        let stacks = Stacks(LocalResource::new(
            move || async move { api.stacks().await },
        ));
        provide_context(stacks);
        stacks
    }

    /// The list, from context.
    pub fn get() -> Stacks {
        expect_context::<Stacks>()
    }

    /// The list as loaded so far: `None` while loading. Reactive.
    pub fn read(&self) -> Option<Result<StackList, ApiError>> {
        self.0.get()
    }

    /// Waits for the list.
    pub async fn loaded(&self) -> Result<StackList, ApiError> {
        self.0.await
    }

    /// Loads the list again (Try again, or the end of a throttle).
    pub fn reload(&self) {
        self.0.refetch();
    }

    /// A stack's name for headings: its label once the list has it, "Stack"
    /// while the list is loading or failed (never the raw uid). Reactive.
    pub fn name_of(&self, uid: &str) -> String {
        match self.0.get() {
            Some(Ok(list)) => list
                .stacks
                .iter()
                .find(|s| s.uid == uid)
                .map(|s| s.label())
                .unwrap_or_else(|| "Unknown stack".into()),
            _ => "Stack".into(),
        }
    }
}

/// The jobs of the last page loaded, with their stack. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct JobCache(StoredValue<Option<(String, Vec<Job>)>>);

impl JobCache {
    /// An empty cache, provided to the console.
    pub fn provide() -> JobCache {
        let cache = JobCache(StoredValue::new(None));
        provide_context(cache);
        cache
    }

    /// Keeps a freshly loaded page of a stack's jobs (replacing the last one).
    pub fn remember(&self, stack_uid: &str, jobs: &[Job]) {
        self.0.set_value(Some((stack_uid.to_string(), jobs.to_vec())));
    }

    /// A job of the last loaded page, if it is there.
    pub fn find(&self, stack_uid: &str, job_uid: &str) -> Option<Job> {
        self.0.with_value(|cached| match cached {
            Some((stack, jobs)) if stack == stack_uid => {
                jobs.iter().find(|job| job.uid == job_uid).cloned()
            }
            _ => None,
        })
    }
}
