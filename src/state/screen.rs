//! The data on screen, and how to load it again. The page that shows data
//! registers how it reloads; whoever learns that the data changed (an action
//! ended, throttling lifted) asks for a reload by this handle, by name,
//! instead of bumping a counter some resource happens to track.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

type Reload = Rc<dyn Fn()>;

/// One registered reload at a time: the page in view. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct ScreenData {
    current: StoredValue<Option<(u64, Reload)>, LocalStorage>,
    next_id: StoredValue<u64>,
    pending: StoredValue<bool>,
}

impl Default for ScreenData {
    fn default() -> Self {
        ScreenData::new()
    }
}

impl ScreenData {
    /// Nothing on screen yet.
    pub fn new() -> ScreenData {
        ScreenData {
            current: StoredValue::new_local(None),
            next_id: StoredValue::new(1),
            pending: StoredValue::new(false),
        }
    }

    /// Registers how the calling page reloads its data, until the calling
    /// owner is cleaned up (a newer page's registration is left alone).
    pub fn register(&self, reload: impl Fn() + 'static) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.current.set_value(Some((id, Rc::new(reload))));
        let current = self.current;
        on_cleanup(move || {
            current.try_update_value(|c| {
                if c.as_ref().is_some_and(|(held, _)| *held == id) {
                    *c = None;
                }
            });
        });
    }

    /// Reloads the data on screen soon; several asks in a row (a few actions
    /// ending together) make a single reload.
    pub fn reload_soon(&self) {
        if self.pending.get_value() {
            return;
        }
        self.pending.set_value(true);
        let this = *self;
        set_timeout(
            move || {
                this.pending.try_set_value(false);
                let reload = this
                    .current
                    .try_with_value(|c| c.as_ref().map(|(_, r)| r.clone()));
                if let Some(reload) = reload.flatten() {
                    reload();
                }
            },
            Duration::from_millis(100),
        );
    }
}
