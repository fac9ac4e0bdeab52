//! State that outlives a page, one small type per concern, each provided
//! once as context by [`provide_app_state`]:
//! - [`session::Session`]: who is signed in;
//! - [`quota::QuotaState`]: the quota and the throttle;
//! - [`activity::ActivityLog`]: the actions of this tab;
//! - [`activity::start::ActionRunner`]: starts and follows actions;
//! - [`screen::ScreenData`]: how to reload what is on screen;
//! - [`stack_jobs::StackJobs`], [`stack_jobs::StackActions`]: each stack's
//!   pages of jobs and of actions, through the one loader ([`paged`]);
//! - [`attribution::Attribution`]: which job each action started here was for;
//! - [`pause_all::PauseNotes`]: which jobs each Pause all found paused already;
//! - [`clock::Clock`]: "now", once a minute, for schedules and hints: the
//!   device's clock, or the API's when they differ by more than a minute;
//! - [`time_zone::TimeZone`]: the zone every time on screen is written in;
//! - [`seen::Seen`]: what each stack's jobs looked like when last shown;
//! - [`other_tabs::OtherTabs`]: bulk actions one tab at a time.
//!
//! The API client reports what it learns; this module is the one listener.

pub mod activity;
pub mod attribution;
pub mod clock;
pub mod fleet;
pub mod kept;
pub mod live;
pub mod memo_cache;
pub mod notify;
pub mod one_job;
pub mod other_tabs;
pub mod page_in_view;
pub mod paged;
pub mod pause_all;
pub mod quota;
pub mod running_watch;
pub mod scoped;
pub mod screen;
pub mod seen;
pub mod selection;
pub mod session;
pub mod stack_jobs;
pub mod stacks;
pub mod time_zone;

use leptos::prelude::*;

use crate::api::{ApiClient, Credentials, Report, Verdict};
use activity::start::ActionRunner;
use activity::ActivityLog;
use attribution::Attribution;
use quota::QuotaState;
use screen::ScreenData;
use session::Session;

/// Creates the client and the app's state, wires the client's reports into
/// the state, and provides each as context. Returns the session.
pub fn provide_app_state(credentials: Option<Credentials>) -> Session {
    let api = ApiClient::new(credentials);
    let session = Session::new(api);
    let quota = QuotaState::new();
    let log = ActivityLog::new();
    let screen = ScreenData::new();
    let attribution = Attribution::load();
    let clock = clock::Clock::start();
    api.on_report(move |report| record(report, session, quota, clock));
    provide_context(api);
    provide_context(session);
    provide_context(quota);
    provide_context(log);
    provide_context(screen);
    provide_context(stack_jobs::stack_jobs(api, quota));
    provide_context(stack_jobs::stack_actions(api, quota));
    provide_context(clock);
    provide_context(time_zone::TimeZone::load());
    provide_context(attribution);
    provide_context(pause_all::PauseNotes::new());
    provide_context(other_tabs::OtherTabs::new());
    provide_context(seen::Seen::new());
    provide_context(ActionRunner::new(
        api,
        quota,
        session,
        log,
        screen,
        attribution,
    ));
    session
}

/// What an answer changes in the app's state.
fn record(report: &Report, session: Session, quota: QuotaState, clock: clock::Clock) {
    if let Some(reading) = report.clock {
        clock.note(reading);
    }
    quota.note_headers(
        report.rate_limit.as_deref(),
        report.rate_remaining.as_deref(),
    );
    match report.verdict {
        Verdict::Answered => quota.note_answered(),
        Verdict::Throttled(hint) => quota.note_throttled(hint, clock.exact_untracked()),
        Verdict::Unauthenticated => session.expire(),
    }
}

/// Signs out: forgets the token, the quota and this tab's Activity, so that
/// whoever signs in next in this tab starts clean.
pub fn sign_out() {
    expect_context::<Session>().sign_out();
    expect_context::<QuotaState>().clear();
    expect_context::<ActivityLog>().clear();
    expect_context::<stack_jobs::StackJobs>().clear();
    expect_context::<stack_jobs::StackActions>().clear();
    expect_context::<seen::Seen>().clear();
}
