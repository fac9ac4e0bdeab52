//! What a view shows of something the API gives: the last good answer,
//! whether a request is on its way, and why the last one failed, so that a
//! refresh that fails keeps what is on screen and says why beside it. Each
//! page of a list ([`crate::state::paged`]) is one; so is a value loaded
//! whole ([`KeptValue`]: the stack list, one job).

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::browser::now_ms;

/// A value kept on screen through failed refreshes.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept<V> {
    /// The last good answer.
    pub value: Option<V>,
    /// A request is on its way.
    pub loading: bool,
    /// Why the last request failed; cleared by the next good answer.
    pub error: Option<ApiError>,
    /// When the last good answer arrived (epoch ms).
    pub at: Option<f64>,
}

impl<V> Default for Kept<V> {
    fn default() -> Self {
        Kept {
            value: None,
            loading: false,
            error: None,
            at: None,
        }
    }
}

impl<V> Kept<V> {
    /// Takes an answer in: a good one replaces the value, a failure keeps it.
    pub fn settle(&mut self, answer: Result<V, ApiError>, now: f64) {
        self.loading = false;
        match answer {
            Ok(value) => {
                self.value = Some(value);
                self.error = None;
                self.at = Some(now);
            }
            Err(error) => self.error = Some(error),
        }
    }

    /// Why a refresh failed while a value stays on screen, unless it failed
    /// because the API throttles (the banner says so, and the throttle's
    /// end reloads the screen).
    pub fn stale(&self) -> Option<&ApiError> {
        self.value.as_ref()?;
        self.error
            .as_ref()
            .filter(|e| !matches!(e, ApiError::Throttled(_)))
    }
}

/// How a value loaded whole is fetched.
type FetchValue<V> = Rc<dyn Fn() -> LocalBoxFuture<'static, Result<V, ApiError>>>;

/// A value loaded whole, kept through failed refreshes; a refresh already
/// on its way is not asked for again. `Copy`.
pub struct KeptValue<V: Send + Sync + 'static> {
    /// The value as last loaded, and how its last load went. Reactive.
    pub kept: RwSignal<Kept<V>>,
    fetch: StoredValue<FetchValue<V>, LocalStorage>,
}

impl<V: Send + Sync + 'static> Clone for KeptValue<V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V: Send + Sync + 'static> Copy for KeptValue<V> {}

impl<V: Send + Sync + 'static> KeptValue<V> {
    /// Nothing loaded yet; `fetch` asks for the value.
    pub fn new(fetch: impl Fn() -> LocalBoxFuture<'static, Result<V, ApiError>> + 'static) -> Self {
        KeptValue {
            kept: RwSignal::new(Kept::default()),
            fetch: StoredValue::new_local(Rc::new(fetch)),
        }
    }

    /// Starts from a value Jobdeck already has (no request).
    pub fn holding(self, value: V) -> Self {
        self.kept.update(|k| k.settle(Ok(value), now_ms()));
        self
    }

    /// Asks for the value again, unless a request is on its way.
    pub fn refresh(&self) {
        if self.kept.with_untracked(|k| k.loading) {
            return;
        }
        self.kept.update(|k| k.loading = true);
        let Some(fetch) = self.fetch.try_get_value() else {
            return;
        };
        let kept = self.kept;
        spawn_local(async move {
            let answer = fetch().await;
            kept.try_update(|k| k.settle(answer, now_ms()));
        });
    }
}
