//! Keyboard shortcuts: `/` to search, `j`/`k` between the rows of the Jobs
//! table, `r` and `p` to run or (un)pause the focused row's job, always after
//! a confirmation, and `?` for the list. One `keydown` listener on the
//! window, ignored while typing in a field, with a modifier key, or while a
//! dialog is open.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::confirm_dialog::ConfirmDialog;
use crate::logic::model::JobRef;
use crate::parts;
use crate::state::activity::start::ActionRunner;
use crate::state::activity::{ActionKind, ActionRequest, Target};
use crate::state::stack_jobs::StackJobs;

/// The name links of the Jobs table's rows, where `j`/`k` move focus.
const ROW_LINKS: &str = "table.jobs:not(.stacks) tbody th.name a";

/// A key's question: the list of keys, or an action to confirm.
#[derive(Clone, Debug, PartialEq)]
enum Ask {
    Help,
    Act {
        stack_uid: String,
        job: JobRef,
        kind: ActionKind,
    },
}

/// Installs the keys and shows the dialogs they open.
#[component]
pub fn KeyboardShortcuts() -> impl IntoView {
    let ask = RwSignal::new(None::<Ask>);
    let runner = expect_context::<ActionRunner>();
    let jobs = expect_context::<StackJobs>();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ignored(&ev) {
            return;
        }
        let asked = match ev.key().as_str() {
            "/" => {
                focus_element("#find-q");
                None
            }
            "j" => {
                move_row(1);
                None
            }
            "k" => {
                move_row(-1);
                None
            }
            "r" => focused_row_ask(false),
            "p" => focused_row_ask(true),
            "?" => Some(Ask::Help),
            _ => return,
        };
        ev.prevent_default();
        if asked.is_some() {
            ask.set(asked);
        }
    });
    on_cleanup(move || handle.remove());
    let close = move || {
        let focus_back = matches!(ask.get_untracked(), Some(Ask::Act { .. }));
        ask.set(None);
        if focus_back {
            focus_element(&format!("{ROW_LINKS}[data-focused]"));
        }
    };
    move || {
        ask.get().map(|asked| match asked {
            Ask::Help => parts::shortcuts_help(Callback::new(move |()| close())),
            Ask::Act { stack_uid, job, kind } => {
                let (title, message) = act_text(&job.name, kind);
                // A pause says what it skips, from the job's cron (no request).
                let skips = (kind == ActionKind::Pause)
                    .then(|| jobs.find(&stack_uid, &job.uid))
                    .flatten()
                    .map(|held| parts::pause_skip_note(vec![(held.cron, held.paused)], None));
                let confirm = Callback::new(move |()| {
                    runner.start(ActionRequest {
                        stack_uid: stack_uid.clone(),
                        target: Target::Job(job.clone()),
                        kind,
                        args: None,
                    });
                    close();
                });
                view! {
                    <ConfirmDialog title message on_confirm=confirm on_cancel=Callback::new(move |()| close())>
                        {skips}
                    </ConfirmDialog>
                }
                .into_any()
            }
        })
    }
}

fn act_text(name: &str, kind: ActionKind) -> (String, String) {
    match kind {
        ActionKind::RunNow => (
            format!("Run {name} now?"),
            "It starts at once, with no arguments.".into(),
        ),
        ActionKind::Unpause => (
            format!("Unpause {name}?"),
            "Its schedule runs again.".into(),
        ),
        _ => (
            format!("Pause {name}?"),
            "It does not run on schedule until unpaused.".into(),
        ),
    }
}

/// While typing, with a modifier (Shift aside: `?` needs it), or with a
/// dialog open, keys belong to the page.
fn ignored(ev: &web_sys::KeyboardEvent) -> bool {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() {
        return true;
    }
    let typing = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                || e.closest("[contenteditable]").ok().flatten().is_some()
        });
    typing || query(&["dialog[open]"]).is_some()
}

fn query(selectors: &[&str]) -> Option<web_sys::Element> {
    let document = document();
    selectors
        .iter()
        .find_map(|s| document.query_selector(s).ok().flatten())
}

fn focus_element(selector: &str) {
    if let Some(element) =
        query(&[selector]).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// The row links, and the index of the one whose row holds focus.
fn row_links() -> (Vec<web_sys::HtmlElement>, Option<usize>) {
    let document = document();
    let links: Vec<web_sys::HtmlElement> = document
        .query_selector_all(ROW_LINKS)
        .map(|list| {
            (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into().ok())
                .collect()
        })
        .unwrap_or_default();
    let row = document
        .active_element()
        .and_then(|e| e.closest("table.jobs:not(.stacks) tbody tr").ok().flatten());
    let current = row.and_then(|row| links.iter().position(|l| row.contains(Some(l))));
    (links, current)
}

/// Moves focus to the next (`1`) or previous (`-1`) row's name link.
fn move_row(step: isize) {
    let (links, current) = row_links();
    let next = match current {
        Some(i) => (i as isize + step).clamp(0, links.len() as isize - 1) as usize,
        None if step > 0 => 0,
        None => links.len().saturating_sub(1),
    };
    if let Some(link) = links.get(next) {
        let _ = link.focus();
    }
}

/// The question for the focused row's job: run now, or pause/unpause.
fn focused_row_ask(toggle: bool) -> Option<Ask> {
    let (links, current) = row_links();
    let link = links.get(current?)?;
    for other in &links {
        let _ = other.remove_attribute("data-focused");
    }
    let _ = link.set_attribute("data-focused", "");
    // The link is /stacks/{stack}/jobs/{job}: the row's job and its stack.
    let href = link.get_attribute("href")?;
    let mut parts = href.trim_start_matches('/').split('/');
    let (Some("stacks"), Some(stack), Some("jobs"), Some(job)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let paused = link
        .closest("tr")
        .ok()
        .flatten()
        .is_some_and(|row| row.class_name().split_whitespace().any(|c| c == "paused"));
    let kind = match (toggle, paused) {
        (false, _) => ActionKind::RunNow,
        (true, true) => ActionKind::Unpause,
        (true, false) => ActionKind::Pause,
    };
    Some(Ask::Act {
        stack_uid: stack.to_string(),
        job: JobRef {
            uid: job.to_string(),
            name: link.text_content().unwrap_or_default(),
        },
        kind,
    })
}
