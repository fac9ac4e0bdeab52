//! The one module that knows which router the app uses (leptos_router): it
//! turns the browser's location into an [`AppRoute`] and offers navigation.
//! Everything else links with plain `<a href>` (the router takes over
//! same-origin clicks, so middle-click and Ctrl-click still open a new tab)
//! and reads the route with [`use_route`]. Replacing the router touches
//! this file only.

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::{BrowserUrl, LocationProvider};
use leptos_router::NavigateOptions;

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
    // The router writes a link's new path to the address bar only once its
    // `<Routes>` says the page is ready; there is none here, so say it once
    // the new location is rendered (else the page changes, the URL does not).
    if let Some(browser) = use_context::<BrowserUrl>() {
        Effect::new(move |_| {
            location.pathname.track();
            browser.ready_to_complete();
        });
    }
    children()
}

/// The current route. Reactive.
pub fn use_route() -> Memo<AppRoute> {
    expect_context::<CurrentRoute>().0
}

/// Goes to `href` within the app, as a click on a link would.
pub fn use_go() -> impl Fn(&str) + Clone + Send + Sync + 'static {
    let navigate = use_navigate();
    move |href: &str| navigate(href, NavigateOptions::default())
}

/// Goes to `href` in place of the current history entry (e.g. while typing
/// a search), keeping the scroll position.
pub fn use_go_replace() -> impl Fn(&str) + Clone + Send + Sync + 'static {
    let navigate = use_navigate();
    move |href: &str| {
        navigate(
            href,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        )
    }
}

/// The current query string, as the browser has it (`?` included or not).
pub fn use_query() -> Memo<String> {
    use_location().search
}
