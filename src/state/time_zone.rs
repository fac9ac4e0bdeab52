//! The Time zone setting (issue 29, item 1): Local (the default), UTC or
//! any zone the browser knows, kept on this device, and the zone itself,
//! which every time on screen is written in. In the main chunk: every page
//! writes times.
//!
//! The kept value is read defensively: storage that throws, an empty or odd
//! value, or a zone this browser does not know (a setting from another
//! browser) all read as Local, and a bad value is dropped.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::browser::{storage_get, storage_remove, storage_set, StorageKind};
use crate::intl::{self, IntlZone};
use crate::logic::time::EpochMillis;
use crate::logic::zone::{format_offset, local_time, zone_label, OffsetSource, Utc};
use crate::logic::zone_choice::ZoneChoice;

/// Where the choice is kept (localStorage).
const KEY: &str = "jobdeck.time_zone";

/// The Time zone setting. `Copy`, in context.
#[derive(Clone, Copy)]
pub struct TimeZone {
    choice: RwSignal<ZoneChoice>,
}

impl TimeZone {
    /// The kept choice, or Local.
    pub fn load() -> TimeZone {
        let kept = storage_get(StorageKind::Local, KEY);
        let choice = kept
            .as_deref()
            .map(ZoneChoice::from_stored)
            .filter(usable)
            .unwrap_or_default();
        if kept.is_some_and(|value| value != choice.stored()) {
            storage_remove(StorageKind::Local, KEY);
        }
        TimeZone {
            choice: RwSignal::new(choice),
        }
    }

    /// The setting from context.
    pub fn get() -> TimeZone {
        expect_context::<TimeZone>()
    }

    /// The choice. Reactive.
    pub fn choice(&self) -> ZoneChoice {
        self.choice.get()
    }

    /// Takes a new choice and keeps it on this device (in memory only if
    /// storage refuses); a zone the browser does not know is ignored.
    pub fn choose(&self, choice: ZoneChoice) {
        if !usable(&choice) {
            return;
        }
        match &choice {
            ZoneChoice::Local => storage_remove(StorageKind::Local, KEY),
            other => {
                storage_set(StorageKind::Local, KEY, other.stored());
            }
        }
        self.choice.set(choice);
    }

    /// The chosen zone. Reactive (on the choice).
    pub fn zone(&self) -> Zone {
        self.choice.with(Zone::of)
    }

    /// The chosen zone, without subscribing.
    pub fn zone_untracked(&self) -> Zone {
        self.choice.with_untracked(Zone::of)
    }
}

/// Whether this browser can show times in the chosen zone.
fn usable(choice: &ZoneChoice) -> bool {
    match choice {
        ZoneChoice::Named(name) => intl::is_known_zone(name),
        _ => true,
    }
}

/// A zone to write times in: an [`OffsetSource`] that remembers the
/// abbreviation of each offset it has named (an abbreviation costs `Intl`
/// up to seven calls; a zone has one name per offset in the years shown).
/// Not `Send`: views keep the [`TimeZone`] and ask it for the zone.
#[derive(Clone)]
pub struct Zone(Kind);

#[derive(Clone)]
enum Kind {
    Utc,
    Browser {
        key: String,
        zone: Rc<IntlZone>,
    },
    /// No `Intl` at all: the device's own offset from `Date`, unnamed.
    Device,
}

thread_local! {
    /// (zone's key, offset in seconds) -> its abbreviation, for the page's life.
    static NAMES: RefCell<Vec<(String, i32, Option<String>)>> = const { RefCell::new(Vec::new()) };
}

impl Zone {
    /// The zone of a choice (Local where the browser refuses it).
    pub fn of(choice: &ZoneChoice) -> Zone {
        let browser = |key: &str, zone: Option<Rc<IntlZone>>| match zone {
            Some(zone) => Zone(Kind::Browser {
                key: key.to_string(),
                zone,
            }),
            None => Zone(Kind::Device),
        };
        match choice {
            ZoneChoice::Utc => Zone(Kind::Utc),
            ZoneChoice::Named(name) if intl::is_known_zone(name) => browser(name, intl::zone(name)),
            _ => browser("", intl::local_zone()),
        }
    }

    /// UTC.
    pub fn utc() -> Zone {
        Zone(Kind::Utc)
    }

    /// "2026-03-08 03:15 EDT": the date, time and zone of an instant.
    pub fn text(&self, at: EpochMillis) -> String {
        let local = local_time(self, at);
        format!("{} {}", local.short(), zone_label(self, at))
    }

    /// "03:15 EDT": the time of day and zone.
    pub fn time_of_day(&self, at: EpochMillis) -> String {
        let local = local_time(self, at);
        format!(
            "{:02}:{:02} {}",
            local.hour,
            local.minute,
            zone_label(self, at)
        )
    }

    /// "03:15:42 EDT": the time of day to the second, and zone (for what
    /// happens in seconds, such as the end of a throttle).
    pub fn time_to_second(&self, at: EpochMillis) -> String {
        let local = local_time(self, at);
        format!(
            "{:02}:{:02}:{:02} {}",
            local.hour,
            local.minute,
            local.second,
            zone_label(self, at)
        )
    }

    /// "2026-03-08 03:15:42 EDT (UTC-04:00)": to the second, with the
    /// offset, for a tooltip.
    pub fn long_text(&self, at: EpochMillis) -> String {
        let local = local_time(self, at);
        let label = zone_label(self, at);
        let offset = format_offset(local.utc_offset_minutes * 60);
        let exact = format!("{} {}", &local.long()[..19], label);
        if offset == label {
            exact
        } else {
            format!("{exact} ({offset})")
        }
    }
}

impl OffsetSource for Zone {
    fn offset_seconds(&self, at: EpochMillis) -> i32 {
        match &self.0 {
            Kind::Utc => 0,
            Kind::Browser { zone, .. } => zone.offset_seconds(at),
            Kind::Device => -(js_sys::Date::new(&at.into()).get_timezone_offset() * 60.0) as i32,
        }
    }

    fn abbreviation(&self, at: EpochMillis) -> Option<String> {
        let (key, zone) = match &self.0 {
            Kind::Utc => return Utc.abbreviation(at),
            Kind::Device => return None,
            Kind::Browser { key, zone } => (key, zone),
        };
        let offset = zone.offset_seconds(at);
        let known = NAMES.with(|names| {
            names
                .borrow()
                .iter()
                .find(|(k, o, _)| k == key && *o == offset)
                .map(|(_, _, name)| name.clone())
        });
        if let Some(name) = known {
            return name;
        }
        let name = zone.abbreviation(at);
        NAMES.with(|names| names.borrow_mut().push((key.clone(), offset, name.clone())));
        name
    }
}

/// The Time zone select's options: (value, words), Local first, then UTC,
/// then every zone the browser knows.
pub fn zone_options() -> Vec<(String, String)> {
    let local = intl::local_zone_name();
    let mut options: Vec<(String, String)> = [ZoneChoice::Local, ZoneChoice::Utc]
        .iter()
        .map(|c| (c.stored().to_string(), c.label(local.as_deref())))
        .collect();
    options.extend(
        intl::zone_names()
            .into_iter()
            .filter(|name| name != "UTC")
            .map(|name| (name.clone(), name)),
    );
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-08T03:15:42Z.
    const AT: f64 = 1_772_939_742_000.0;

    #[test]
    fn utc_is_written_with_its_name_once() {
        let utc = Zone::utc();
        assert_eq!(utc.text(AT), "2026-03-08 03:15 UTC");
        assert_eq!(utc.time_of_day(AT), "03:15 UTC");
        assert_eq!(utc.time_to_second(AT), "03:15:42 UTC");
        assert_eq!(utc.long_text(AT), "2026-03-08 03:15:42 UTC");
        assert_eq!(Zone::of(&ZoneChoice::Utc).text(AT), utc.text(AT));
    }
}
