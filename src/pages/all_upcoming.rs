//! `/upcoming?window=24h|7d`: when the jobs of every stack run, one lane per
//! job grouped by stack, with each stack's busy moments counted apart (they
//! run on other servers). Every stack's jobs load as on All jobs
//! (`state::fleet`: the one loader, 4 requests in flight, asking first when
//! that costs more than a tenth of the quota left, live refresh one stack a
//! turn).

use leptos::prelude::*;

use crate::components::fleet_loading::FleetLoading;
use crate::components::time_views::{use_window_span, TimeViews, WindowSelect};
use crate::components::upcoming_list::TimeJob;
use crate::routes::AppRoute;
use crate::state::fleet::Fleet;
use crate::state::paged::Pages;

/// When every stack's jobs run.
#[component]
pub fn AllUpcomingPage() -> impl IntoView {
    let span = use_window_span();
    let fleet = Fleet::start();
    let jobs = Memo::new(move |_| {
        fleet.stacks.with(|stacks| {
            stacks
                .iter()
                .flat_map(|s| {
                    let (uid, name) = (s.label.uid.clone(), s.stack.label());
                    s.pages
                        .with(Pages::items)
                        .into_iter()
                        .map(move |job| TimeJob {
                            stack_uid: uid.clone(),
                            stack_name: Some(name.clone()),
                            job,
                        })
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="page-head"><h1>"Upcoming: every stack"</h1></div>
        <p class="hint">"When each job of every stack runs, from its schedule (read as UTC, as the servers do), written in the chosen time zone. Busy moments are counted per stack."</p>
        <WindowSelect span path=AppRoute::AllUpcoming.href() />
        <FleetLoading fleet each_failure=true />
        <TimeViews jobs=jobs.into() span many_stacks=true />
    }
    .into_any()
}
