//! Telling a person whose tab is hidden that their actions ended: one
//! browser notification per batch (actions ending within 2 s of each other
//! make one summary), and the count of unseen results in the page title,
//! "(2) Jobdeck", until the tab is seen again. The permission is asked only
//! when the person presses "Notify me".

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::activity::ActivityLog;

/// Endings closer together than this make one notification.
const BATCH: Duration = Duration::from_secs(2);

/// Whether this browser may show Jobdeck's notifications.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// The browser has no notifications.
    Unsupported,
    /// Not asked yet.
    Ask,
    /// Allowed.
    Granted,
    /// Refused (only the browser's settings can change it).
    Denied,
}

/// The notifier. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct Notifier {
    /// What the browser allows.
    pub permission: RwSignal<Permission>,
    /// Results that ended while the tab was hidden, not seen yet.
    unseen: RwSignal<u32>,
    /// The lines of the notification being gathered.
    batch: StoredValue<Vec<String>>,
    /// The title the app had before any count.
    title: StoredValue<String>,
}

impl Notifier {
    /// Watches this tab's Activity log; `visible` says whether the tab is seen.
    pub fn start(log: ActivityLog, visible: RwSignal<bool>) -> Notifier {
        let notifier = Notifier {
            permission: RwSignal::new(current_permission()),
            unseen: RwSignal::new(0),
            batch: StoredValue::new(Vec::new()),
            title: StoredValue::new(document().title()),
        };
        // The keys of running entries, to see which of them just ended.
        let running = StoredValue::new(Vec::<u64>::new());
        Effect::new(move |_| {
            let ended: Vec<String> = log.entries.with(|entries| {
                let mut ended = Vec::new();
                let mut now_running = Vec::new();
                for entry in entries {
                    let line = entry.progress.with(|p| {
                        (!p.is_running()).then(|| {
                            let (subject, kind) = (entry.request.subject(), entry.request.kind);
                            format!("{subject}: {} – {}", kind.label(), p.words())
                        })
                    });
                    match line {
                        None => now_running.push(entry.key),
                        Some(line) if running.with_value(|r| r.contains(&entry.key)) => {
                            ended.push(line)
                        }
                        Some(_) => {}
                    }
                }
                running.set_value(now_running);
                ended
            });
            if !ended.is_empty() && !visible.get_untracked() {
                notifier.gather(ended);
            }
        });
        Effect::new(move |_| {
            if visible.get() {
                notifier.unseen.set(0);
            }
        });
        on_cleanup(move || {
            if let Some(base) = notifier.title.try_get_value() {
                document().set_title(&base);
            }
        });
        Effect::new(move |_| {
            let base = notifier.title.get_value();
            document().set_title(&match notifier.unseen.get() {
                0 => base,
                n => format!("({n}) {base}"),
            });
        });
        notifier
    }

    /// Asks the browser for permission (call it from a click).
    pub fn ask(&self) {
        let permission = self.permission;
        let Ok(promise) = web_sys::Notification::request_permission() else {
            return;
        };
        spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            permission.try_set(current_permission());
        });
    }

    /// Counts the endings and sends them as one notification after [`BATCH`].
    fn gather(&self, lines: Vec<String>) {
        self.unseen.update(|n| *n += lines.len() as u32);
        let first = self.batch.with_value(Vec::is_empty);
        self.batch.update_value(|b| b.extend(lines));
        if !first {
            return;
        }
        let this = *self;
        set_timeout(
            move || {
                let Some(lines) = this.batch.try_update_value(std::mem::take) else {
                    return;
                };
                if this.permission.try_get_untracked() == Some(Permission::Granted) {
                    show(&lines);
                }
            },
            BATCH,
        );
    }
}

fn show(lines: &[String]) {
    let title = match lines.len() {
        1 => "Jobdeck: an action ended".to_string(),
        n => format!("Jobdeck: {n} actions ended"),
    };
    let options = web_sys::NotificationOptions::new();
    options.set_body(&lines.join("\n"));
    options.set_tag("jobdeck-actions");
    let _ = web_sys::Notification::new_with_options(&title, &options);
}

fn document() -> web_sys::Document {
    leptos::prelude::document()
}

fn current_permission() -> Permission {
    let supported = web_sys::window()
        .and_then(|w| js_sys::Reflect::has(&w, &"Notification".into()).ok())
        .unwrap_or(false);
    if !supported {
        return Permission::Unsupported;
    }
    match web_sys::Notification::permission() {
        web_sys::NotificationPermission::Granted => Permission::Granted,
        web_sys::NotificationPermission::Denied => Permission::Denied,
        _ => Permission::Ask,
    }
}
