//! The browser's time zones through `Intl`, so that the wasm carries no zone
//! database: a zone's UTC offset at an instant (what `logic::zone` builds
//! everything on), its abbreviation, the browser's own zone, the zones it
//! knows, and whether a name is one of them. Imports nothing of the app but
//! `crate::logic`.
//!
//! Costs, measured in headless Chromium 156 on the 2-core machine: building
//! an `Intl.DateTimeFormat` about 0.1 ms, so one per zone is kept (and one
//! per locale tried for its abbreviation); a `formatToParts` call about
//! 12 µs from JavaScript, a little more from the wasm with the parts read
//! back. Ask a [`crate::logic::zone::ZoneOffsets`] for many instants.
//!
//! Abbreviations: `timeZoneName: 'short'` names a zone only in locales
//! where its name is in common use, else it writes "GMT+1": in en-US New
//! York is "EST"/"EDT" but Berlin "GMT+1"/"GMT+2" and Kolkata "GMT+5:30"; in
//! en-GB Berlin is "CET"/"CEST" and London "GMT"/"BST" but New York
//! "GMT-5"; en-IN has "IST", en-AU "AEDT", de-DE "MEZ", fr-FR "UTC−5". The
//! app is in English, so a few English locales are asked in turn (en-US,
//! en-GB, en-AU, en-IN, en-IE, en-SG, en-ZA) and the first real name wins;
//! a zone none of them names (Asia/Tokyo, America/Sao_Paulo) gets its offset
//! written the app's way, "UTC+09:00", from `logic::zone::format_offset`.
//!
//! Chromium's list of zones (`Intl.supportedValuesOf`, 418 names) holds no
//! "UTC" (the Time zone select has its own) and uses the older names
//! ("Asia/Calcutta", "Europe/Kiev"), as `resolvedOptions().timeZone` does
//! ("Asia/Kolkata" resolves to "Asia/Calcutta"); both spellings are valid.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::logic::calendar::days_from_civil;
use crate::logic::time::EpochMillis;
use crate::logic::zone::OffsetSource;

#[wasm_bindgen]
extern "C" {
    /// `Intl.DateTimeFormat`, with every call that can throw caught.
    #[wasm_bindgen(extends = Object, js_namespace = Intl)]
    #[derive(Clone)]
    type DateTimeFormat;

    #[wasm_bindgen(constructor, js_namespace = Intl, catch)]
    fn new(locale: &str, options: &Object) -> Result<DateTimeFormat, JsValue>;

    #[wasm_bindgen(method, catch, js_name = formatToParts)]
    fn format_to_parts(this: &DateTimeFormat, at: f64) -> Result<Array, JsValue>;

    #[wasm_bindgen(method, catch, js_name = resolvedOptions)]
    fn resolved_options(this: &DateTimeFormat) -> Result<Object, JsValue>;

    /// Missing before Chromium 99 and Safari 15.4: the call then throws,
    /// which `catch` turns into an `Err`.
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = supportedValuesOf)]
    fn supported_values_of(key: &str) -> Result<Array, JsValue>;
}

/// Asked in turn for a zone's short name (see the module's notes).
const NAME_LOCALES: [&str; 7] = [
    "en-US", "en-GB", "en-AU", "en-IN", "en-IE", "en-SG", "en-ZA",
];

/// What the Time zone select offers where the browser cannot list its
/// zones: a zone or two per region, each kept only if the browser knows it.
const FALLBACK_ZONES: [&str; 24] = [
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Africa/Lagos",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Mexico_City",
    "America/New_York",
    "America/Sao_Paulo",
    "America/Toronto",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Europe/Berlin",
    "Europe/London",
    "Europe/Madrid",
    "Europe/Moscow",
    "Europe/Paris",
    "Pacific/Auckland",
    "Pacific/Honolulu",
    "UTC",
];

thread_local! {
    /// One zone (and so one set of formatters) per name, for the page's life.
    /// A list, not a map: a session uses a zone or three, and the app has no
    /// other map whose code the wasm would share.
    static ZONES: RefCell<Vec<(String, Rc<IntlZone>)>> = const { RefCell::new(Vec::new()) };
}

/// The zone kept under `key`, or the one `build` makes, kept from then on.
fn kept(key: &str, build: impl FnOnce() -> Option<IntlZone>) -> Option<Rc<IntlZone>> {
    let known = ZONES.with(|zones| {
        zones
            .borrow()
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, zone)| zone.clone())
    });
    if known.is_some() {
        return known;
    }
    let zone = Rc::new(build()?);
    ZONES.with(|zones| zones.borrow_mut().push((key.to_string(), zone.clone())));
    Some(zone)
}

/// A zone the browser knows, answering through `Intl`.
pub struct IntlZone {
    /// The name as asked for (`None`: the browser's own zone).
    name: Option<String>,
    /// Reads the zone's wall clock at an instant, to the second.
    clock: DateTimeFormat,
    /// The short-name formatters built so far, one per [`NAME_LOCALES`]
    /// entry, in order: built only when the ones before did not name it.
    namers: RefCell<Vec<Option<DateTimeFormat>>>,
}

impl IntlZone {
    fn new(name: Option<&str>) -> Option<IntlZone> {
        let options = Object::new();
        set(&options, "hourCycle", "h23");
        for field in ["year", "month", "day", "hour", "minute", "second"] {
            set(&options, field, "numeric");
        }
        if let Some(name) = name {
            set(&options, "timeZone", name);
        }
        let clock = DateTimeFormat::new("en-US", &options).ok()?;
        Some(IntlZone {
            name: name.map(str::to_string),
            clock,
            namers: RefCell::new(Vec::new()),
        })
    }

    /// The name it was asked by, or the browser's own zone's name (`None`
    /// if the browser does not say it).
    pub fn name(&self) -> Option<String> {
        self.name.clone().or_else(|| resolved_zone(&self.clock))
    }

    /// The wall clock at `at` as wall seconds, `None` if `Intl` refused
    /// (an instant outside a `Date`'s range) or answered oddly.
    fn wall_seconds(&self, at: EpochMillis) -> Option<i64> {
        let parts = self.clock.format_to_parts(at).ok()?;
        let mut fields = [None::<i64>; 6];
        for part in parts.iter() {
            let kind = string_of(&part, "type")?;
            let slot = match kind.as_str() {
                "year" => 0,
                "month" => 1,
                "day" => 2,
                "hour" => 3,
                "minute" => 4,
                "second" => 5,
                _ => continue,
            };
            fields[slot] = string_of(&part, "value")?.parse().ok();
        }
        let [Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)] = fields
        else {
            return None;
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        // "24" for midnight was a Chromium bug with `hour12: false`; `h23`
        // avoids it, and this reads it right if it comes back.
        let hour = hour % 24;
        Some(
            days_from_civil(year, month as u32, day as u32) * 86_400
                + hour * 3_600
                + minute * 60
                + second,
        )
    }

    /// The `index`th short-name formatter, built on first use; `None` if the
    /// browser refused it.
    fn namer(&self, index: usize) -> Option<DateTimeFormat> {
        let mut namers = self.namers.borrow_mut();
        while namers.len() <= index {
            let options = Object::new();
            set(&options, "timeZoneName", "short");
            if let Some(name) = &self.name {
                set(&options, "timeZone", name);
            }
            let locale = NAME_LOCALES[namers.len()];
            namers.push(DateTimeFormat::new(locale, &options).ok());
        }
        namers[index].clone()
    }
}

impl OffsetSource for IntlZone {
    /// The offset from the clock `Intl` shows at `at` (whole seconds); 0 if
    /// `Intl` gives no reading, which happens only outside a `Date`'s range.
    fn offset_seconds(&self, at: EpochMillis) -> i32 {
        let instant = (at / 1000.0).floor();
        match self.wall_seconds(instant * 1000.0) {
            Some(wall) => (wall - instant as i64) as i32,
            None => 0,
        }
    }

    /// The first real name among the English locales' (see the module's
    /// notes), `None` when each writes only an offset.
    fn abbreviation(&self, at: EpochMillis) -> Option<String> {
        (0..NAME_LOCALES.len()).find_map(|index| {
            let parts = self.namer(index)?.format_to_parts(at).ok()?;
            let name = parts
                .iter()
                .find(|part| string_of(part, "type").as_deref() == Some("timeZoneName"))
                .and_then(|part| string_of(&part, "value"))?;
            is_a_name(&name).then_some(name)
        })
    }
}

/// Whether a `timeZoneName` part is a name ("EST", "GMT", "UTC") rather
/// than an offset ("GMT+1", "UTC−5", "GMT-03:30").
fn is_a_name(text: &str) -> bool {
    let offset = (text.starts_with("GMT") || text.starts_with("UTC")) && text.len() > 3;
    !text.is_empty() && !offset
}

fn set(object: &Object, key: &str, value: &str) {
    // Setting a property of a fresh plain object cannot fail.
    let _ = Reflect::set(object, &key.into(), &value.into());
}

fn string_of(object: &JsValue, key: &str) -> Option<String> {
    Reflect::get(object, &key.into()).ok()?.as_string()
}

fn resolved_zone(format: &DateTimeFormat) -> Option<String> {
    string_of(format.resolved_options().ok()?.as_ref(), "timeZone")
}

/// The zone named `name` (an IANA name such as "Europe/Berlin", in any case
/// the browser accepts), built once and kept; `None` if the browser does
/// not know it. Never throws.
pub fn zone(name: &str) -> Option<Rc<IntlZone>> {
    // The empty name is Local's key, and no zone's name.
    if name.is_empty() {
        return None;
    }
    kept(name, || IntlZone::new(Some(name)))
}

/// The browser's own zone ("Local"), kept like the others. It works even
/// where the browser does not say the zone's name.
pub fn local_zone() -> Option<Rc<IntlZone>> {
    kept("", || IntlZone::new(None))
}

/// The browser's own zone's name, e.g. "Europe/Berlin" (for "Local
/// (Europe/Berlin)"); `None` if it does not say.
pub fn local_zone_name() -> Option<String> {
    local_zone()?.name()
}

/// Whether the browser knows a zone by this name.
pub fn is_known_zone(name: &str) -> bool {
    zone(name).is_some()
}

/// Every zone the browser knows, from `Intl.supportedValuesOf` (sorted, as
/// the standard has it); where that is missing, the known ones of a short,
/// sorted list of common zones.
pub fn zone_names() -> Vec<String> {
    let listed: Vec<String> = supported_values_of("timeZone")
        .map(|names| names.iter().filter_map(|n| n.as_string()).collect())
        .unwrap_or_default();
    if !listed.is_empty() {
        return listed;
    }
    FALLBACK_ZONES
        .iter()
        .filter(|name| is_known_zone(name))
        .map(|name| name.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::is_a_name;

    #[test]
    fn names_and_offsets_are_told_apart() {
        for name in ["EST", "CEST", "GMT", "UTC", "IST", "AEDT", "MEZ"] {
            assert!(is_a_name(name), "{name}");
        }
        for offset in ["GMT+1", "GMT-5", "GMT+5:30", "UTC−5", "UTC+0", ""] {
            assert!(!is_a_name(offset), "{offset}");
        }
    }
}
