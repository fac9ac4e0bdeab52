//! Jobdeck: a web console for Cloud 66 scheduled jobs.
//!
//! The layers, bottom to top; each uses only those below it (checked, with
//! no circle of imports among files, by `cargo xtask test`:
//! xtask/src/layers.rs):
//! - [`logic`]: pure logic and the domain's plain types, with plain unit
//!   tests; it uses nothing else of the app.
//! - [`browser`], [`intl`], [`panic`]: thin web-sys glue; [`routes`]: the
//!   routes as a typed value. They use `logic` only.
//! - [`api`]: the typed client of the Cloud 66 API v3 jobs endpoints, with
//!   the envelope and its pagination; it uses `logic` and `browser`.
//! - [`router`]: the one module that knows the router crate.
//! - [`state`]: what outlives a view, one small type per concern, and the
//!   one loader of every list (`state::paged`).
//! - [`components`]: the pieces of the first screen and those shared.
//! - [`parts`]: what is not on the first screen (dialogs' and menus'
//!   content), reached only through the seams of `parts/mod.rs`.
//! - [`pages`]: one module per route, each one entry component; the pages
//!   other than the first screen's are reached only through
//!   [`pages::page_for`].

pub mod api;
pub mod browser;
pub mod components;
pub mod intl;
pub mod logic;
pub mod pages;
pub mod panic;
pub mod parts;
pub mod router;
pub mod routes;
pub mod state;

use leptos::prelude::*;

use components::activity_log::ActivityLog;
use components::alerts::{InMemoryNotice, OtherTabNotice, ThrottleBanner};
use components::clock_note::ClockNote;
use components::header::AppHeader;
use components::shortcuts::KeyboardShortcuts;
use pages::sign_in::SignInPage;
use router::{use_route, AppRouter};
use routes::AppRoute;
use state::quota::QuotaState;
use state::screen::ScreenData;
use state::session::Session;
use state::stacks::Stacks;

/// The whole app: sign-in until a token is stored, then the console. The URL
/// is kept either way, so a deep link (or a 401 mid-work) comes back to it.
#[component]
pub fn App() -> impl IntoView {
    let session = state::provide_app_state(Session::stored());
    let signed_in = move || session.signed_in.get();
    view! {
        <AppRouter>
            <Show when=signed_in fallback=|| view! { <SignInPage /> }>
                <Console />
            </Show>
        </AppRouter>
    }
}

/// Everything a signed-in person sees.
#[component]
fn Console() -> impl IntoView {
    let stacks = Stacks::provide();
    let quota = expect_context::<QuotaState>();
    let screen_data = expect_context::<ScreenData>();
    // Live refresh and notifications live as long as the console.
    let live = state::live::Live::start(screen_data, quota);
    provide_context(live);
    provide_context(state::notify::Notifier::start(
        expect_context::<state::activity::ActivityLog>(),
        live.visible,
    ));
    // The end of a throttle reloads what it kept from loading.
    Effect::new(move |was: Option<bool>| {
        let throttled = quota.throttle.with(Option::is_some);
        if was == Some(true) && !throttled {
            stacks.reload();
            screen_data.reload_soon();
        }
        throttled
    });
    let route = use_route();
    let screen = Memo::new(move |_| route.with(AppRoute::screen));
    view! {
        <AppHeader />
        <ThrottleBanner />
        <InMemoryNotice />
        <OtherTabNotice />
        <ClockNote />
        <div class="layout">
            <main id="main" class="content" tabindex="-1">{move || pages::page_for(screen.get())}</main>
            <ActivityLog />
        </div>
        <KeyboardShortcuts />
    }
    .into_any()
}
