//! A bulk action on a stack runs in one tab at a time (issue 30, item 2):
//! each tab's own guard stops a second click, and the browser's Web Locks
//! stop a second tab. A tab that finds another tab's bulk action on the
//! stack running says so and waits for it; then it sends nothing, since
//! that action may have made its own moot, and says that too. A tab that
//! closes mid-batch releases its lock (the browser does).

use std::future::Future;

use leptos::prelude::*;

use crate::browser::run_alone;

/// What this tab says about other tabs' bulk actions. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct OtherTabs {
    /// Shown in the console while set.
    pub note: RwSignal<Option<String>>,
}

impl Default for OtherTabs {
    fn default() -> Self {
        OtherTabs::new()
    }
}

impl OtherTabs {
    /// Nothing to say.
    pub fn new() -> OtherTabs {
        OtherTabs {
            note: RwSignal::new(None),
        }
    }

    /// Runs the bulk action `work` on a stack unless another tab runs one
    /// on it: then waits for that one to end and returns `None`.
    pub async fn alone<T>(
        self,
        stack_uid: &str,
        stack_name: &str,
        work: impl Future<Output = T>,
    ) -> Option<T> {
        let note = self.note;
        note.try_set(None);
        let name = stack_name.to_string();
        let waiting = {
            let name = name.clone();
            move || {
                note.try_set(Some(format!(
                    "A bulk action on {name} is running in another tab of Jobdeck: this tab \
                     waits for it to end."
                )));
            }
        };
        let out = run_alone(&format!("jobdeck-bulk-{stack_uid}"), waiting, work).await;
        if out.is_none() {
            note.try_set(Some(format!(
                "A bulk action on {name} ran in another tab meanwhile, so this tab sent \
                 nothing: look at the jobs again, and send it if it is still needed."
            )));
        }
        out
    }
}
