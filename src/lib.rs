//! Jobdeck: a web console for Cloud 66 scheduled jobs.
//!
//! - [`api`]: the typed client of the Cloud 66 API v3 jobs endpoints.
//! - [`state`]: what outlives a page: session, quota, throttling, activity.
//! - [`pages`]: one module per route; [`components`]: the reusable pieces.
//! - [`logic`]: pure logic with plain unit tests; [`browser`]: thin web-sys glue.

pub mod api;
pub mod browser;
pub mod components;
pub mod logic;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use api::ApiClient;
use components::activity_log::ActivityLog;
use components::alerts::ThrottleBanner;
use components::header::AppHeader;
use pages::home::HomePage;
use pages::jobs::JobsPage;
use pages::sign_in::SignInPage;
use state::activity::Activity;
use state::session::Session;
use state::AppState;

/// The stack list, loaded once per sign-in and shared by the picker and pages.
#[derive(Clone, Copy)]
pub struct StackList(pub LocalResource<Result<Vec<api::Stack>, api::ApiError>>);

/// The whole app: sign-in until a token is stored, then the console. The URL
/// is kept either way, so a deep link (or a 401 mid-work) comes back to it.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(Session::load());
    provide_context(state);
    provide_context(ApiClient::new(state));
    provide_context(Activity::new());
    let signed_in = move || state.session.with(Option::is_some);

    view! {
        <Router>
            <Show when=signed_in fallback=|| view! { <SignInPage /> }>
                <Console />
            </Show>
        </Router>
    }
}

/// Everything a signed-in person sees.
#[component]
fn Console() -> impl IntoView {
    let state = expect_context::<AppState>();
    let api = expect_context::<ApiClient>();
    let stacks = LocalResource::new(move || {
        state.stacks_version.track();
        async move { api.stacks().await }
    });
    provide_context(StackList(stacks));

    view! {
        <AppHeader />
        <ThrottleBanner />
        <div class="layout">
            <main id="main" class="content">
                <Routes fallback=|| view! { <p role="alert" class="alert">"This page does not exist. Pick a stack above."</p> }.into_any()>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/stacks/:uid/jobs") view=JobsPage />
                </Routes>
            </main>
            <ActivityLog />
        </div>
    }
    .into_any()
}
