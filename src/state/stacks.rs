//! Data shared by several views of the console: the stack list, loaded once
//! per sign-in for the picker, the home page and every page's heading. (The
//! jobs seen this session live in `state::stack_jobs`.)

use leptos::prelude::*;

use crate::api::{ApiClient, ApiError, StackList};

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

    /// Waits for the list, in the future given to `Suspend::new`
    /// ([`crate::state::scoped::suspend_on`]).
    pub async fn loaded(&self) -> Result<StackList, ApiError> {
        crate::state::scoped::suspend_on(self.0).await
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
