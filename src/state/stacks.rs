//! The stack list, loaded once per sign-in for the picker, the home page
//! and every page's heading, and kept through a refresh that fails
//! ([`KeptValue`]). (Each stack's jobs live in `state::stack_jobs`.)

use leptos::prelude::*;

use crate::api::{ApiClient, ApiError, StackList};
use crate::state::kept::KeptValue;

/// The stack list and how to load it again. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct Stacks(KeptValue<StackList>);

impl Stacks {
    /// Starts loading the stack list and provides it to the console.
    pub fn provide() -> Stacks {
        let api = expect_context::<ApiClient>();
        let stacks = Stacks(KeptValue::new(move || {
            Box::pin(async move { api.stacks().await })
        }));
        stacks.0.refresh();
        provide_context(stacks);
        stacks
    }

    /// The list, from context.
    pub fn get() -> Stacks {
        expect_context::<Stacks>()
    }

    /// The list as loaded, or why it could not be loaded when there is
    /// none to show; `None` while the first load is on its way. Reactive.
    pub fn read(&self) -> Option<Result<StackList, ApiError>> {
        self.0.kept.with(|k| match (&k.value, &k.error) {
            (Some(list), _) => Some(Ok(list.clone())),
            (None, Some(error)) if !k.loading => Some(Err(error.clone())),
            _ => None,
        })
    }

    /// Loads the list again (Try again, or the end of a throttle); the list
    /// on screen stays until the new one arrives.
    pub fn reload(&self) {
        self.0.refresh();
    }

    /// When the list as shown arrived (epoch ms). Reactive.
    pub fn loaded_at(&self) -> Option<f64> {
        self.0.kept.with(|k| k.at)
    }

    /// A stack's name for headings: its label once the list has it, "Stack"
    /// while the list is loading or failed (never the raw uid). Reactive.
    pub fn name_of(&self, uid: &str) -> String {
        self.0.kept.with(|k| match &k.value {
            Some(list) => list
                .stacks
                .iter()
                .find(|s| s.uid == uid)
                .map(|s| s.label())
                .unwrap_or_else(|| "Unknown stack".into()),
            None => "Stack".into(),
        })
    }
}
