//! Live updates: the view on screen reloads itself on the budget of
//! [`crate::logic::live`], in one tab per browser (the leader elected by
//! [`crate::logic::leader`] over a `BroadcastChannel`), never while the tab
//! is hidden or the API throttles.
//!
//! One 5 s timer per tab does everything: the heartbeat, the check whether
//! the data on screen is older than the interval the budget allows, and the
//! "Updated … ago" clock. Tabs that do not lead do not refresh: five tabs
//! cost what one costs. Without `BroadcastChannel` each tab is on its own
//! and budgets as if a refresh cost twice as much.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::browser::{now_ms, storage_read, storage_set, StorageKind};
use crate::logic::leader::{Election, Message, HEARTBEAT};
use crate::logic::live::{Budget, Plan};
use crate::state::quota::QuotaState;
use crate::state::screen::ScreenData;

const STORAGE_KEY: &str = "jobdeck.live";
const CHANNEL: &str = "jobdeck-live";

/// What live refresh is doing, as the header says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveStatus {
    /// The checkbox is off.
    Off,
    /// Refreshing this often.
    Every(Duration),
    /// The tab is hidden.
    Hidden,
    /// The API is throttling.
    Throttled,
    /// Only the reserve is left, kept for actions.
    Reserve(u32),
    /// Another tab of this browser refreshes.
    OtherTab,
}

impl LiveStatus {
    /// In words, e.g. "Live: every 30 s".
    pub fn words(self) -> String {
        match self {
            LiveStatus::Off => "Live updates off".into(),
            LiveStatus::Every(every) => format!("Live: every {}", span_words(every)),
            LiveStatus::Hidden => "Live paused: tab hidden".into(),
            LiveStatus::Throttled => "Live paused: the API is throttling".into(),
            LiveStatus::Reserve(n) => format!("Live paused: keeping {n} requests for actions"),
            LiveStatus::OtherTab => "Live: another tab refreshes".into(),
        }
    }
}

fn span_words(span: Duration) -> String {
    match span.as_secs() {
        s if s < 120 => format!("{s} s"),
        s => format!("{} min", (s + 30) / 60),
    }
}

/// "Updated just now", "Updated 3 min ago", "Updated 2 h ago".
pub fn ago_words(loaded_ms: Option<f64>, now_ms: f64) -> String {
    let Some(loaded) = loaded_ms else {
        return "Not loaded yet".into();
    };
    match ((now_ms - loaded).max(0.0) / 60_000.0) as u64 {
        0 => "Updated just now".into(),
        m if m < 60 => format!("Updated {m} min ago"),
        m => format!("Updated {} h ago", m / 60),
    }
}

/// Live refresh of one tab. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct Live {
    /// The checkbox, remembered on this device.
    pub enabled: RwSignal<bool>,
    /// What it is doing now.
    pub status: RwSignal<LiveStatus>,
    /// Whether the tab is visible.
    pub visible: RwSignal<bool>,
    /// Now, every 5 s, for "Updated … ago".
    pub now: RwSignal<f64>,
    screen: ScreenData,
    quota: QuotaState,
    /// When this tab last asked for a refresh.
    asked_ms: StoredValue<Option<f64>>,
    /// Refreshes in a row that brought nothing.
    errors: StoredValue<u32>,
    election: StoredValue<Election>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
}

impl Live {
    /// Starts live refresh for the console; it stops when the owner goes.
    pub fn start(screen: ScreenData, quota: QuotaState) -> Live {
        let now = now_ms();
        let id = (now as u64)
            .saturating_mul(1000)
            .saturating_add((js_sys::Math::random() * 1000.0) as u64);
        let live = Live {
            enabled: RwSignal::new(
                storage_read(StorageKind::Local, STORAGE_KEY, |v| {
                    matches!(v, "on" | "off").then(|| v == "on")
                })
                .unwrap_or(true),
            ),
            status: RwSignal::new(LiveStatus::Off),
            visible: RwSignal::new(page_visible()),
            now: RwSignal::new(now),
            screen,
            quota,
            asked_ms: StoredValue::new(None),
            errors: StoredValue::new(0),
            election: StoredValue::new(Election::new(id)),
            channel: StoredValue::new_local(None),
        };
        live.listen();
        live.tick();
        live
    }

    /// Turns live refresh on or off, and remembers it.
    pub fn set_enabled(&self, on: bool) {
        self.enabled.set(on);
        storage_set(
            StorageKind::Local,
            STORAGE_KEY,
            if on { "on" } else { "off" },
        );
        self.step(now_ms());
    }

    /// The channel to the other tabs, the visibility and the goodbye.
    fn listen(self) {
        let channel = web_sys::BroadcastChannel::new(CHANNEL).ok();
        let on_message = channel.as_ref().map(|channel| {
            let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(
                move |event: web_sys::MessageEvent| {
                    let Some(message) =
                        event.data().as_string().as_deref().and_then(Message::parse)
                    else {
                        return;
                    };
                    let now = now_ms();
                    self.election.try_update_value(|e| e.heard(message, now));
                    self.step(now);
                },
            );
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message
        });
        self.channel.set_value(channel);
        // Held as long as the console: the cleanup below unhooks it first.
        StoredValue::new_local(on_message);
        let visibility = window_event_listener_untyped("visibilitychange", move |_| {
            self.visible.try_set(page_visible());
            self.heartbeat();
            self.step(now_ms());
        });
        let bye = window_event_listener_untyped("pagehide", move |_| self.bye());
        on_cleanup(move || {
            visibility.remove();
            bye.remove();
            self.bye();
            if let Some(channel) = self.channel.try_update_value(Option::take).flatten() {
                channel.set_onmessage(None);
                channel.close();
            }
        });
    }

    fn send(&self, message: Message) {
        self.channel.try_with_value(|channel| {
            if let Some(channel) = channel {
                let _ = channel.post_message(&JsValue::from_str(&message.encode()));
            }
        });
    }

    fn heartbeat(&self) {
        if let (Some(from), Some(visible)) = (
            self.election.try_with_value(Election::id),
            self.visible.try_get_untracked(),
        ) {
            self.send(Message::Heartbeat { from, visible });
        }
    }

    fn bye(&self) {
        if let Some(from) = self.election.try_with_value(Election::id) {
            self.send(Message::Bye { from });
        }
    }

    /// Every heartbeat: say we are here, keep "now", refresh if due. Stops
    /// once the console is gone.
    fn tick(self) {
        let now = now_ms();
        if self.now.try_set(now).is_some() {
            return;
        }
        self.heartbeat();
        // The next heartbeat, or sooner when the data falls due before it.
        let wait = self.step(now).map_or(HEARTBEAT, |due| {
            due.clamp(Duration::from_millis(100), HEARTBEAT)
        });
        set_timeout(move || self.tick(), wait);
    }

    /// Decides what to do now, says it, and refreshes if the data is due.
    /// Returns how long until the data falls due, while refreshing.
    fn step(&self, now: f64) -> Option<Duration> {
        let status = self.decide(now)?;
        if self.status.try_get_untracked() != Some(status) {
            self.status.try_set(status);
        }
        let LiveStatus::Every(every) = status else {
            return None;
        };
        let loaded = self.screen.loaded_at_untracked();
        let asked = self.asked_ms.try_get_value().flatten();
        // Nothing loaded yet: the page's own first load is on its way.
        let last = loaded.into_iter().chain(asked).reduce(f64::max)?;
        let due = last + every.as_millis() as f64;
        if now < due {
            return Some(Duration::from_millis((due - now) as u64));
        }
        // The last ask brought nothing: count it as an error.
        let failed = asked.is_some_and(|a| loaded.is_none_or(|l| l < a));
        self.errors
            .update_value(|n| *n = if failed { n.saturating_add(1) } else { 0 });
        self.asked_ms.set_value(Some(now));
        self.screen.refresh_now();
        Some(every)
    }

    fn decide(&self, now: f64) -> Option<LiveStatus> {
        if !self.enabled.try_get_untracked()? {
            return Some(LiveStatus::Off);
        }
        if !self.visible.try_get_untracked()? {
            return Some(LiveStatus::Hidden);
        }
        if self.quota.throttle.try_get_untracked()?.is_some() {
            return Some(LiveStatus::Throttled);
        }
        if self.election.try_with_value(|e| e.other_leads(now))? {
            return Some(LiveStatus::OtherTab);
        }
        let quota = self.quota.quota.try_get_untracked()?;
        let alone = self.channel.try_with_value(Option::is_none)?;
        let budget = Budget {
            remaining: quota.remaining,
            limit: quota.limit,
            // The headers do not say when the window ends: pace as if a
            // whole hour were left, so the pace never quickens toward an
            // end that may not come (see the rule's doc).
            window_left: None,
            cost: self.screen.cost() * if alone { 2 } else { 1 },
            errors: self.errors.try_get_value()?,
        };
        Some(match budget.plan() {
            Plan::Every(every) => LiveStatus::Every(every),
            Plan::Reserve(n) => LiveStatus::Reserve(n),
        })
    }
}

/// Whether the page is visible (`document.visibilityState`).
fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() != web_sys::VisibilityState::Hidden)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_said_in_words() {
        let minute = 60_000.0;
        assert_eq!(ago_words(None, 0.0), "Not loaded yet");
        assert_eq!(ago_words(Some(0.0), 59_000.0), "Updated just now");
        assert_eq!(ago_words(Some(0.0), 2.5 * minute), "Updated 2 min ago");
        assert_eq!(ago_words(Some(0.0), 125.0 * minute), "Updated 2 h ago");
        // A clock that went back says "just now", not a negative age.
        assert_eq!(ago_words(Some(10.0), 0.0), "Updated just now");
    }

    #[test]
    fn statuses_are_said_in_words() {
        let every = |s| LiveStatus::Every(Duration::from_secs(s)).words();
        assert_eq!(every(15), "Live: every 15 s");
        assert_eq!(every(360), "Live: every 6 min");
        assert_eq!(
            LiveStatus::Reserve(180).words(),
            "Live paused: keeping 180 requests for actions"
        );
        assert_eq!(LiveStatus::Hidden.words(), "Live paused: tab hidden");
    }
}
