//! The one module that knows which router the app uses (leptos_router): it
//! turns the browser's location into an [`AppRoute`] and offers navigation.
//! Everything else links with plain `<a href>` (same-origin clicks are taken
//! over here, so middle-click and Ctrl-click still open a new tab) and reads
//! the route with [`use_route`]. Replacing the router touches this file only.
//!
//! leptos_router provides the location; this module moves it. The router's
//! own navigation (its link handling and `use_navigate`) notes every URL it
//! goes to in a list that only Back shortens (`BrowserUrl::path_stack`, for
//! view transitions this app does not use): about 270 bytes of wasm memory
//! per page change, kept for good (found in the wasm heap by
//! `bench/wasm-heap.mjs`). So links and [`use_go`] change
//! the URL with the History API here and let the router read it through
//! `popstate`, as it reads Back and Forward, which keeps nothing. A
//! workaround: xtask's test `leptos_router_still_keeps_every_url_its_
//! navigation_visits` reads the locked leptos_router and fails once it no
//! longer keeps that list, so this can go back to the router's navigation.

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::routes::AppRoute;

/// The current route, provided by [`AppRouter`].
#[derive(Clone, Copy)]
struct CurrentRoute(Memo<AppRoute>);

/// Provides routing to `children`, and the parsed route as context.
#[component]
pub fn AppRouter(children: ChildrenFn) -> impl IntoView {
    view! {
        <Router>
            <RouteProvider children />
        </Router>
    }
}

#[component]
fn RouteProvider(children: ChildrenFn) -> impl IntoView {
    let location = use_location();
    let route =
        Memo::new(move |_| AppRoute::parse(&location.pathname.read(), &location.search.read()));
    provide_context(CurrentRoute(route));
    follow_links();
    children()
}

/// Takes over clicks on same-origin links, with the router's own rules: not
/// already handled, the main button with no modifier key, no `target`, no
/// `download`, no `rel="external"`. Listens on the document, so an element's
/// own handler comes first and the router's (on the window) sees the click
/// handled.
fn follow_links() {
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|ev: web_sys::MouseEvent| {
        if let Some(href) = link_to_follow(&ev) {
            ev.prevent_default();
            go_to(&href, false, true);
        }
    });
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let listening = document
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .is_ok();
    if listening {
        let listener = send_wrapper::SendWrapper::new((document, on_click));
        on_cleanup(move || {
            let (document, on_click) = listener.take();
            let _ = document
                .remove_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        });
    }
}

/// Where a click on a link should take the app: the path, query and
/// fragment of a same-origin link, or `None` if the browser should follow
/// it.
fn link_to_follow(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return None;
    }
    let link = ev
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    let external = link
        .rel()
        .split_ascii_whitespace()
        .any(|rel| rel == "external");
    if !link.target().is_empty() || link.has_attribute("download") || external {
        return None;
    }
    let url = web_sys::Url::new(&link.href()).ok()?;
    let here = web_sys::window()?.location().origin().ok()?;
    (url.origin() == here).then(|| format!("{}{}{}", url.pathname(), url.search(), url.hash()))
}

/// Moves to `href` (same origin): a new history entry, or the current one
/// replaced; the router reads the new location from the `popstate` this
/// sends. With `scroll`, the page starts at the top, or at the element the
/// fragment names.
fn go_to(href: &str, replace: bool, scroll: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let here = window.location();
    let current = [here.pathname(), here.search(), here.hash()]
        .map(Result::unwrap_or_default)
        .concat();
    // A link to where the app already is adds no history entry, as in a
    // browser's own navigation.
    let moved = if replace || current == href {
        history.replace_state_with_url(&JsValue::NULL, "", Some(href))
    } else {
        history.push_state_with_url(&JsValue::NULL, "", Some(href))
    };
    if moved.is_err() {
        return;
    }
    if let Ok(event) = web_sys::Event::new("popstate") {
        let _ = window.dispatch_event(&event);
    }
    if scroll {
        let fragment = here.hash().unwrap_or_default();
        let target = fragment
            .strip_prefix('#')
            .filter(|id| !id.is_empty())
            .and_then(|id| window.document()?.get_element_by_id(id));
        match target {
            Some(element) => element.scroll_into_view(),
            None => window.scroll_to_with_x_and_y(0.0, 0.0),
        }
    }
}

/// The current route. Reactive.
pub fn use_route() -> Memo<AppRoute> {
    expect_context::<CurrentRoute>().0
}

/// Goes to `href` within the app, as a click on a link would.
pub fn use_go() -> impl Fn(&str) + Clone + Send + Sync + 'static {
    |href: &str| go_to(href, false, true)
}

/// Goes to `href` in place of the current history entry (e.g. while typing
/// a search), keeping the scroll position.
pub fn use_go_replace() -> impl Fn(&str) + Clone + Send + Sync + 'static {
    |href: &str| go_to(href, true, false)
}

/// The current query string, as the browser has it (`?` included or not).
pub fn use_query() -> Memo<String> {
    use_location().search
}
