//! Go to: a dialog named "Go to" holding a combobox (the ARIA combobox
//! pattern: a listbox of options, `aria-activedescendant`, ↑/↓, Enter goes,
//! Escape closes) over the pages, the stacks and every job loaded so far,
//! ranked by how well the name matches (`logic::goto`). It reads what the
//! app holds; it sends no request.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::components::modal::use_modal;
use crate::logic::goto::{rank, Place, PlaceKind};
use crate::router::{use_go, use_route};
use crate::routes::{go_to_pages, jobs_href, AppRoute};
use crate::state::stack_jobs::StackJobs;
use crate::state::stacks::Stacks;

/// Options listed at most.
const SHOWN: usize = 50;

/// The dialog; `close` gets whether it went somewhere.
#[component]
pub fn GoToDialog(close: Callback<bool>) -> impl IntoView {
    let (dialog, close_modal) = use_modal();
    let places = StoredValue::new(places());
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0_usize);
    let shown = Memo::new(move |_| places.with_value(|p| rank(p, &query.get(), SHOWN)));
    let go = use_go();
    let choose = move |at: usize| {
        let href = shown.with_untracked(|s| s.get(at).copied());
        let href = href.and_then(|i| places.with_value(|p| p.get(i).map(|p| p.href.clone())));
        if let Some(href) = href {
            close_modal();
            go(&href);
            close.run(true);
        }
    };
    let choose_too = choose.clone();
    let on_key = move |ev: KeyboardEvent| {
        let last = shown.with_untracked(Vec::len).saturating_sub(1);
        match ev.key().as_str() {
            "ArrowDown" => active.update(|a| *a = (*a + 1).min(last)),
            "ArrowUp" => active.update(|a| *a = a.saturating_sub(1)),
            "Home" if ev.ctrl_key() => active.set(0),
            "End" if ev.ctrl_key() => active.set(last),
            "Enter" => choose(active.get_untracked()),
            _ => return,
        }
        ev.prevent_default();
    };
    let option_id = |at: usize| format!("go-to-option-{at}");
    let descendant = move || (!shown.with(Vec::is_empty)).then(|| option_id(active.get()));
    let options = move || {
        shown.get().into_iter().enumerate().map(|(at, i)| {
            let (label, kind) = places.with_value(|p| (p[i].label.clone(), p[i].kind));
            let choose = choose_too.clone();
            view! {
                <li role="option" id=option_id(at) aria-selected=move || (active.get() == at).to_string()
                    class:active=move || active.get() == at
                    on:mousedown=|ev| ev.prevent_default() on:click=move |_| choose(at)>
                    <span class="go-to-label">{label}</span>
                    <span class="go-to-kind" aria-hidden="true">{kind.word()}</span>
                </li>
            }
        }).collect_view()
    };
    let count = move || match shown.with(Vec::len) {
        0 => "No page, stack or job matches.".to_string(),
        n if n == SHOWN => format!("The {SHOWN} best matches; type more to narrow them."),
        n => format!("{n} match(es)."),
    };
    view! {
        <dialog node_ref=dialog class="dialog go-to" aria-label="Go to"
            on:cancel=move |ev: leptos::ev::Event| { ev.prevent_default(); close_modal(); close.run(false); }>
            <label for="go-to-input">"Go to"</label>
            <input id="go-to-input" type="text" role="combobox" aria-expanded="true"
                aria-controls="go-to-list" aria-autocomplete="list" aria-activedescendant=descendant
                autocomplete="off" spellcheck="false" autofocus placeholder="A stack, a job or a page"
                prop:value=move || query.get() on:keydown=on_key
                on:input=move |ev| { query.set(event_target_value(&ev)); active.set(0); } />
            <ul id="go-to-list" role="listbox" aria-label="Places">{options}</ul>
            <p class="hint" role="status">{count}</p>
        </dialog>
    }
}

/// Every place: the pages (with the current stack's), the stacks, and the
/// jobs of every stack loaded so far, "{job} — {stack}".
fn places() -> Vec<Place> {
    let stacks = Stacks::get();
    let route = use_route().get_untracked();
    let label = |uid: &str| untrack(|| stacks.name_of(uid));
    let here = route.stack().map(|uid| (uid.to_string(), label(uid)));
    let mut places: Vec<Place> = go_to_pages(here.as_ref().map(|(u, l)| (u.as_str(), l.as_str())))
        .into_iter()
        .map(|(label, href)| Place::new(PlaceKind::Page, label, href))
        .collect();
    if let Some(Ok(list)) = untrack(|| stacks.read()) {
        for stack in list.stacks {
            places.push(Place::new(
                PlaceKind::Stack,
                stack.label(),
                jobs_href(&stack.uid, 1),
            ));
        }
    }
    let jobs = expect_context::<StackJobs>();
    for stack in jobs.keys() {
        let name = label(&stack);
        let mut seen = std::collections::BTreeSet::new();
        jobs.read(&stack, |pages| {
            pages.each(|job| {
                if seen.insert(job.uid.clone()) {
                    let href = AppRoute::Job {
                        stack: stack.clone(),
                        job: job.uid.clone(),
                    }
                    .href();
                    places.push(Place::new(
                        PlaceKind::Job,
                        format!("{} — {name}", job.name),
                        href,
                    ));
                }
            })
        });
    }
    places
}
