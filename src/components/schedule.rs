//! A job's schedule on screen: the expression with its words, and when it
//! runs next. Cron is read as UTC (and so described), with the chosen Time
//! zone's time beside it where it differs; instants are shown in that zone.

use leptos::prelude::*;

use super::time::time_view;
use crate::logic::cron::{Cron, CronError};
use crate::logic::cron_zone::describe_in_zone;
use crate::logic::paused::{paused_for_ms, paused_for_words};
use crate::logic::relative::relative_hint;
use crate::logic::time::EpochMillis;
use crate::state::clock::Clock;
use crate::state::scoped::scoped_memo;
use crate::state::time_zone::TimeZone;

/// A job's `cron` field, parsed once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    /// `cron: null`: run on demand only.
    OnDemand,
    /// An expression the parser refused, and why.
    Invalid(CronError),
    /// A schedule.
    Valid(Cron),
}

impl Plan {
    /// Reads a job's `cron` field.
    pub fn of(cron: Option<&str>) -> Plan {
        match cron.map(Cron::parse) {
            None => Plan::OnDemand,
            Some(Ok(cron)) => Plan::Valid(cron),
            Some(Err(error)) => Plan::Invalid(error),
        }
    }
}

/// The Schedule cell's content: the expression as given (clipped, whole in
/// its title) over its words ("At 03:00 UTC (22:00 EST the day before),
/// every day", the zone's time as of the next run), "Invalid schedule" with
/// the reason, or "On demand".
#[component]
pub fn ScheduleText(
    /// The expression as the API gave it.
    cron: Option<String>,
    /// The same, parsed.
    plan: Plan,
) -> impl IntoView {
    let Some(expr) = cron else {
        return view! { <span class="muted">"On demand"</span> }.into_any();
    };
    let (words, reason) = match plan {
        Plan::Valid(cron) => (zoned_words(cron), None),
        Plan::Invalid(error) => (
            Signal::stored("Invalid schedule".to_string()),
            Some(format!("Invalid schedule: {error}")),
        ),
        Plan::OnDemand => (Signal::stored("On demand".to_string()), None),
    };
    let title = expr.clone();
    view! {
        <span class="clip mono cron" title=title tabindex="0">{expr}</span>
        <span class="schedule-words" class:invalid=reason.is_some() title=reason>{words}</span>
    }
    .into_any()
}

/// A cron's words with the chosen zone's time, following the zone and the
/// clock (the zone's offset is taken at the next run, which moves).
fn zoned_words(cron: Cron) -> Signal<String> {
    let (zone, clock) = (TimeZone::get(), Clock::get());
    // Scoped: the setting and the clock outlive the rows (`state::scoped`).
    let words = scoped_memo(move || describe_in_zone(&cron, &zone.zone(), clock.now()));
    Signal::derive(move || words.get())
}

/// The Next run cell's content: the next instant with a hint that follows
/// the app's clock, or why there is none (Paused, "Paused for 3 days",
/// On demand, Invalid schedule, Never).
#[component]
pub fn NextRun(
    /// The job's parsed schedule.
    plan: Plan,
    /// A paused job does not run on schedule.
    paused: bool,
    /// When the job last changed: a pause older than a day says how long.
    #[prop(default = None)]
    updated_at: Option<EpochMillis>,
) -> impl IntoView {
    let cron = match plan {
        _ if paused => return paused_word(updated_at),
        Plan::OnDemand => return word("On demand"),
        Plan::Invalid(_) => return word("Invalid schedule"),
        Plan::Valid(cron) => cron,
    };
    let clock = Clock::get();
    // A schedule that never runs now never will: no need to follow the clock.
    let Some(first) = cron.next_after(clock.now_untracked()) else {
        return word("Never");
    };
    // The row reads the app's clock through its own memo (`state::scoped`).
    let clock = Memo::from(scoped_memo(move || clock.now()));
    // Asked again at each tick: the clock can also move back (the API's
    // clock taken up on a device that is ahead).
    let next = Memo::new(move |shown: Option<&Option<EpochMillis>>| match shown {
        None => Some(first),
        Some(_) => cron.next_after(clock.get()),
    });
    (move || match next.get() {
        Some(at) => view! {
            {time_view(at)}
            <span class="hint">{move || relative_hint(clock.get(), at)}</span>
        }
        .into_any(),
        None => word("Never"),
    })
    .into_any()
}

/// "Paused", or once the last change is more than a day old, "Paused for 3
/// days", following the app's clock; the title says what it counts from.
fn paused_word(updated_at: Option<EpochMillis>) -> AnyView {
    let (clock, zone) = (Clock::get(), TimeZone::get());
    let clock = Memo::from(scoped_memo(move || clock.now()));
    let long =
        Memo::new(move |_| paused_for_ms(true, updated_at, clock.get()).map(paused_for_words));
    let title = move || {
        long.get().and(updated_at).map(|at| {
            format!(
                "Counted from the job's last change, {}: the API does not say when it was paused.",
                zone.zone().long_text(at)
            )
        })
    };
    view! {
        <span class="muted" class:paused-long=move || long.with(Option::is_some) title=title>
            {move || long.get().unwrap_or_else(|| "Paused".into())}
        </span>
    }
    .into_any()
}

fn word(text: &'static str) -> AnyView {
    view! { <span class="muted">{text}</span> }.into_any()
}
