//! Finding jobs: the search box, the Status and State filters and Export,
//! above the Jobs table. What they ask for lives in the query string, so a
//! link or a reload shows the same view and Back/Forward step through it.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::logic::finding::{Finding, SortKey, StateFilter, StatusFilter};
use crate::router::{use_go, use_go_replace, use_query};
use crate::routes::{jobs_href, AppRoute};
use crate::state::scoped::scoped_memo;

/// How long typing pauses before the URL follows (the rows follow at once).
const TYPING_PAUSE: Duration = Duration::from_millis(400);

/// The view's finding, kept in step with the URL. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct FindingState {
    /// What is asked for now; the rows follow it at once.
    pub finding: RwSignal<Finding>,
    /// The stack in view; `None` on All jobs.
    stack: StoredValue<Option<Arc<str>>>,
    typing: StoredValue<Option<TimeoutHandle>>,
}

impl FindingState {
    /// A stack's page: reads the URL's finding and follows it (Back,
    /// Forward, links).
    pub fn provide(stack: Arc<str>) -> FindingState {
        Self::provide_for(Some(stack))
    }

    /// All jobs' finding, over every stack.
    pub fn provide_all() -> FindingState {
        Self::provide_for(None)
    }

    fn provide_for(stack: Option<Arc<str>>) -> FindingState {
        let query = use_query();
        let finding = RwSignal::new(Finding::from_query(&query.get_untracked()));
        Effect::new(move |_| {
            let asked = Finding::from_query(&query.get());
            if asked != finding.get_untracked() {
                finding.set(asked);
            }
        });
        let state = FindingState {
            finding,
            stack: StoredValue::new(stack),
            typing: StoredValue::new(None),
        };
        // A search typed just before leaving must not move the URL afterwards.
        on_cleanup(move || {
            if let Some(Some(handle)) = state.typing.try_get_value() {
                handle.clear();
            }
        });
        provide_context(state);
        state
    }

    /// The stack in view; `None` on All jobs.
    pub fn stack_uid(&self) -> Option<Arc<str>> {
        self.stack.get_value()
    }

    /// The URL of `finding` on this view.
    pub fn href(&self, finding: &Finding) -> String {
        self.try_href(finding).unwrap_or_default()
    }

    /// [`Self::href`], or `None` once the view is gone.
    fn try_href(&self, finding: &Finding) -> Option<String> {
        let path = match self.stack.try_get_value()? {
            Some(stack) => jobs_href(&stack, 1),
            None => AppRoute::AllJobs.href(),
        };
        Some(format!("{path}{}", finding.to_query()))
    }

    /// A change the person made with one action: a new history entry.
    pub fn change(&self, go: &(impl Fn(&str) + ?Sized), update: impl FnOnce(&mut Finding)) {
        let mut next = self.finding.get_untracked();
        update(&mut next);
        next.page = 1;
        self.finding.set(next.clone());
        go(&self.href(&next));
    }

    /// Sorts by a column: the first click ascending, the next descending.
    pub fn sort_by(&self, go: &(impl Fn(&str) + ?Sized), key: SortKey) {
        self.change(go, |f| {
            f.dir = match (f.sort == Some(key), f.dir) {
                (true, crate::logic::finding::Dir::Asc) => crate::logic::finding::Dir::Desc,
                _ => crate::logic::finding::Dir::Asc,
            };
            f.sort = Some(key);
        });
    }
}

/// The search box, the two filters and Export.
#[component]
pub fn FindBar(
    /// The view's finding.
    state: FindingState,
    /// Export's menu (shown beside the filters).
    export: AnyView,
) -> impl IntoView {
    let go = use_go();
    let replace = use_go_replace();
    let finding = state.finding;
    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        // The rows follow at once; the URL follows when typing pauses, with
        // one history entry for the whole search, not one per key.
        let had_query = !finding.get_untracked().q.is_empty();
        finding.update(|f| {
            f.q = q.clone();
            f.page = 1;
        });
        if let Some(handle) = state.typing.get_value() {
            handle.clear();
        }
        let (go, replace) = (go.clone(), replace.clone());
        let handle = set_timeout_with_handle(
            move || {
                // Gone (a link or Go to left the view while typing): the URL
                // is another view's now.
                let Some(mut next) = finding.try_get_untracked() else {
                    return;
                };
                next.q = next.q.trim().to_string();
                let Some(href) = state.try_href(&next) else {
                    return;
                };
                if had_query {
                    replace(&href)
                } else {
                    go(&href)
                }
            },
            TYPING_PAUSE,
        )
        .ok();
        state.typing.set_value(handle);
    };
    let go_status = use_go();
    let on_status = move |ev: leptos::ev::Event| {
        let word = event_target_value(&ev);
        state.change(&go_status, |f| f.status = StatusFilter::from_word(&word));
    };
    let go_state = use_go();
    let on_state = move |ev: leptos::ev::Event| {
        let word = event_target_value(&ev);
        state.change(&go_state, |f| f.state = StateFilter::from_word(&word));
    };
    let status_word = move || finding.with(|f| f.status.map(StatusFilter::word).unwrap_or(""));
    let state_word = move || finding.with(|f| f.state.map(StateFilter::word).unwrap_or(""));
    view! {
        <div class="find-bar" role="search" aria-label="Find jobs">
            <label for="find-q">"Search jobs"</label>
            <input id="find-q" type="search" spellcheck="false" autocomplete="off"
                placeholder=if state.stack_uid().is_some() { "Name, command, type or cron" } else { "Name, stack, command, type or cron" }
                prop:value=move || finding.with(|f| f.q.clone()) on:input=on_input />
            <label for="find-status">"Status"</label>
            <select id="find-status" on:change=on_status prop:value=status_word>
                {options(&[("", "All"), ("updated", "Updated"), ("running", "Running"),
                    ("succeeded", "Succeeded"), ("failed", "Failed"), ("unknown", "Unknown")], status_word)}
            </select>
            <label for="find-state">"State"</label>
            <select id="find-state" on:change=on_state prop:value=state_word>
                {options(&[("", "All"), ("active", "Active"), ("paused", "Paused")], state_word)}
            </select>
            {export}
        </div>
    }
}

fn options(
    choices: &'static [(&'static str, &'static str)],
    current: impl Fn() -> &'static str + Copy + Send + Sync + 'static,
) -> impl IntoView {
    choices
        .iter()
        .map(|(value, label)| {
            view! { <option value=*value selected=move || current() == *value>{*label}</option> }
        })
        .collect_view()
}

/// A column header that sorts the view by its column: a button inside the
/// `<th>`, and `aria-sort` on the sorted one. Plain text where nothing sorts.
#[component]
pub fn SortHeader(
    /// The header's text.
    label: &'static str,
    /// The column.
    key: SortKey,
) -> impl IntoView {
    let Some(state) = use_context::<FindingState>() else {
        return view! { <th scope="col">{label}</th> }.into_any();
    };
    let go = use_go();
    // Scoped: the finding state outlives each table (`state::scoped`).
    let sorted = Memo::from(scoped_memo(move || {
        state.finding.with(|f| match (f.sort == Some(key), f.dir) {
            (false, _) => None,
            (true, crate::logic::finding::Dir::Asc) => Some("ascending"),
            (true, crate::logic::finding::Dir::Desc) => Some("descending"),
        })
    }));
    let sorted = move || sorted.get();
    view! {
        <th scope="col" aria-sort=sorted>
            <button type="button" class="sort" on:click=move |_| state.sort_by(&go, key)>
                {label}
                <span class="sort-mark" aria-hidden="true">{move || match sorted() {
                    Some("ascending") => " ▲",
                    Some(_) => " ▼",
                    None => "",
                }}</span>
            </button>
        </th>
    }
    .into_any()
}
