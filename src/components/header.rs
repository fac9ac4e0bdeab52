//! The header: brand, stack picker, quota meter and Sign out.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::quota_meter::QuotaMeter;
use super::stack_picker::StackPicker;
use crate::state::AppState;

/// The header shown on every signed-in page.
#[component]
pub fn AppHeader() -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let sign_out = move |_| {
        state.sign_out();
        navigate("/", NavigateOptions::default());
    };
    view! {
        <header class="app-header">
            <A href="/" attr:class="brand">"Jobdeck"</A>
            <StackPicker />
            <QuotaMeter />
            <button type="button" class="quiet" on:click=sign_out>"Sign out"</button>
        </header>
    }
}
