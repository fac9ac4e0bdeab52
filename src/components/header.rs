//! The header: brand, stack picker, All jobs, Go to, time zone, quota
//! meter, live updates and Sign out.

use leptos::prelude::*;

use super::go_to::GoToLauncher;
use super::live_toggle::LiveToggle;
use super::quota_meter::QuotaMeter;
use super::stack_picker::StackPicker;
use super::zone_select::ZoneSelect;
use crate::router::{use_go, use_route};
use crate::routes::AppRoute;
use crate::state::sign_out;

/// The header shown on every signed-in page.
#[component]
pub fn AppHeader() -> impl IntoView {
    let go = use_go();
    let route = use_route();
    let on_all_jobs = move || (route.get() == AppRoute::AllJobs).then_some("page");
    let sign_out = move |_| {
        sign_out();
        go("/");
    };
    view! {
        <header class="app-header">
            <a href="/" class="brand">"Jobdeck"</a>
            <StackPicker />
            <a href=AppRoute::AllJobs.href() class="all-jobs" aria-current=on_all_jobs>"All jobs"</a>
            <GoToLauncher />
            <ZoneSelect />
            <QuotaMeter />
            <LiveToggle />
            <button type="button" class="quiet" on:click=sign_out>"Sign out"</button>
        </header>
    }
}
