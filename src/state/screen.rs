//! The data on screen, and how to load it again. The page that shows data
//! registers how it reloads; whoever learns that the data changed (an action
//! ended, throttling lifted) asks for a reload by this handle, by name,
//! instead of bumping a counter some resource happens to track.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::browser::now_ms;

type Reload = Rc<dyn Fn()>;
type Cost = Rc<dyn Fn() -> u32>;

/// One registered reload at a time: the page in view. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct ScreenData {
    current: StoredValue<Option<(u64, Reload, Cost)>, LocalStorage>,
    next_id: StoredValue<u64>,
    pending: StoredValue<bool>,
    /// When the data on screen arrived (epoch ms), for "Updated 2 min ago".
    loaded_at: RwSignal<Option<f64>>,
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
            loaded_at: RwSignal::new(None),
        }
    }

    /// Registers how the calling page reloads its data, until the calling
    /// owner is cleaned up (a newer page's registration is left alone).
    pub fn register(&self, reload: impl Fn() + 'static) {
        self.register_with_cost(reload, || 1);
    }

    /// [`Self::register`], for a view whose reload costs `cost()` requests
    /// (a search over every page of a stack), so live refresh can budget it.
    pub fn register_with_cost(
        &self,
        reload: impl Fn() + 'static,
        cost: impl Fn() -> u32 + 'static,
    ) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.current
            .set_value(Some((id, Rc::new(reload), Rc::new(cost))));
        // The new view has loaded nothing yet.
        self.loaded_at.set(None);
        let current = self.current;
        on_cleanup(move || {
            current.try_update_value(|c| {
                if c.as_ref().is_some_and(|(held, _, _)| *held == id) {
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
                    .try_with_value(|c| c.as_ref().map(|(_, r, _)| r.clone()));
                if let Some(reload) = reload.flatten() {
                    reload();
                }
            },
            Duration::from_millis(100),
        );
    }

    /// Reloads the data on screen now (live refresh). Returns whether a view
    /// had registered a reload.
    pub fn refresh_now(&self) -> bool {
        let reload = self
            .current
            .try_with_value(|c| c.as_ref().map(|(_, r, _)| r.clone()))
            .flatten();
        reload.map(|reload| reload()).is_some()
    }

    /// Requests one reload of the view on screen costs (1 with none).
    pub fn cost(&self) -> u32 {
        self.current
            .try_with_value(|c| c.as_ref().map(|(_, _, cost)| cost()))
            .flatten()
            .unwrap_or(1)
            .max(1)
    }

    /// The page on screen says its data just arrived.
    pub fn loaded(&self) {
        self.loaded_at.try_set(Some(now_ms()));
    }

    /// When the data on screen arrived, if it has. Reactive.
    pub fn loaded_at(&self) -> Option<f64> {
        self.loaded_at.get()
    }

    /// [`Self::loaded_at`] without subscribing.
    pub fn loaded_at_untracked(&self) -> Option<f64> {
        self.loaded_at.try_get_untracked().flatten()
    }
}
