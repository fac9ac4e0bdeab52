//! The Intl bridge in a real browser (headless Chromium through
//! wasm-bindgen-test-runner): offsets and abbreviations across 2026's
//! daylight-saving changes of New York and Berlin, Kolkata's half hour, UTC,
//! names the browser does not know, and the zone maths on top of it.
#![cfg(target_arch = "wasm32")]

use jobdeck::intl::{is_known_zone, local_zone, local_zone_name, zone, zone_names};
use jobdeck::logic::cron::Cron;
use jobdeck::logic::cron_zone::describe_in_zone;
use jobdeck::logic::zone::{date_time_in, OffsetSource, ZoneOffsets};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const HOUR: i32 = 3_600;

/// Epoch milliseconds of a UTC time in 2026.
fn utc(month: u32, day: u32, hour: u32, minute: u32, second: u32) -> f64 {
    let days = jobdeck::logic::calendar::days_from_civil(2026, month, day);
    ((days * 86_400 + i64::from(hour * 3_600 + minute * 60 + second)) * 1000) as f64
}

fn check(name: &str, at: f64, offset: i32, abbreviation: Option<&str>) {
    let zone = zone(name).unwrap_or_else(|| panic!("{name} is known"));
    assert_eq!(zone.offset_seconds(at), offset, "{name} at {at}");
    assert_eq!(
        zone.abbreviation(at).as_deref(),
        abbreviation,
        "{name} at {at}"
    );
}

#[wasm_bindgen_test]
fn new_york_across_both_changes() {
    let ny = "America/New_York";
    check(ny, utc(1, 15, 12, 0, 0), -5 * HOUR, Some("EST"));
    check(ny, utc(3, 8, 6, 59, 59), -5 * HOUR, Some("EST"));
    check(ny, utc(3, 8, 7, 0, 0), -4 * HOUR, Some("EDT"));
    check(ny, utc(7, 15, 12, 0, 0), -4 * HOUR, Some("EDT"));
    check(ny, utc(11, 1, 5, 59, 59), -4 * HOUR, Some("EDT"));
    check(ny, utc(11, 1, 6, 0, 0), -5 * HOUR, Some("EST"));
}

#[wasm_bindgen_test]
fn berlin_across_both_changes() {
    // en-US writes "GMT+1" here: the bridge takes en-GB's "CET".
    let berlin = "Europe/Berlin";
    check(berlin, utc(3, 29, 0, 59, 59), HOUR, Some("CET"));
    check(berlin, utc(3, 29, 1, 0, 0), 2 * HOUR, Some("CEST"));
    check(berlin, utc(10, 25, 0, 59, 59), 2 * HOUR, Some("CEST"));
    check(berlin, utc(10, 25, 1, 0, 0), HOUR, Some("CET"));
}

#[wasm_bindgen_test]
fn kolkata_utc_and_a_zone_without_an_english_name() {
    check("Asia/Kolkata", utc(1, 15, 12, 0, 0), 19_800, Some("IST"));
    check("Asia/Kolkata", utc(7, 15, 12, 0, 0), 19_800, Some("IST"));
    check("Asia/Calcutta", utc(7, 15, 12, 0, 0), 19_800, Some("IST"));
    check("UTC", utc(7, 15, 12, 0, 0), 0, Some("UTC"));
    check("Asia/Kathmandu", utc(7, 15, 12, 0, 0), 20_700, None);
    // Any case the browser accepts.
    check(
        "europe/berlin",
        utc(7, 15, 12, 0, 0),
        2 * HOUR,
        Some("CEST"),
    );
}

#[wasm_bindgen_test]
fn unknown_names_are_none_not_exceptions() {
    for name in [
        "Mars/Olympus_Mons",
        "",
        "Europe/Berlin; x",
        "EST+5",
        "../../etc",
    ] {
        assert!(zone(name).is_none(), "{name:?}");
        assert!(!is_known_zone(name), "{name:?}");
    }
    // An instant outside a Date's range: no exception, offset 0.
    let berlin = zone("Europe/Berlin").unwrap();
    assert_eq!(berlin.offset_seconds(f64::NAN), 0);
    assert_eq!(berlin.offset_seconds(9e15), 0);
}

#[wasm_bindgen_test]
fn the_browsers_zones() {
    let names = zone_names();
    assert!(names.len() > 100, "{}", names.len());
    assert!(names.windows(2).all(|w| w[0] <= w[1]));
    assert!(names.iter().any(|n| n == "Europe/Berlin"));
    assert!(
        names.iter().all(|n| is_known_zone(n)),
        "every listed zone is usable"
    );
    let local = local_zone_name().expect("Chromium says its zone");
    assert!(is_known_zone(&local), "{local}");
    let here = local_zone().expect("the browser's own zone");
    let now = js_sys::Date::now();
    let expected = -(js_sys::Date::new(&now.into()).get_timezone_offset() as i32) * 60;
    assert_eq!(here.offset_seconds(now), expected);
}

#[wasm_bindgen_test]
fn the_zone_maths_on_intl() {
    let ny = zone("America/New_York").unwrap();
    let from = utc(3, 5, 12, 0, 0);
    let week = ZoneOffsets::scan(&*ny, from, from + 7.0 * 86_400_000.0);
    assert_eq!(
        week.changes().collect::<Vec<_>>(),
        [(utc(3, 8, 7, 0, 0), -4 * HOUR)]
    );
    assert_eq!(
        date_time_in(&week, utc(3, 8, 7, 15, 0)),
        "2026-03-08 03:15 EDT"
    );
    assert_eq!(
        date_time_in(&*ny, utc(3, 8, 6, 15, 0)),
        "2026-03-08 01:15 EST"
    );
    let daily = Cron::parse("0 3 * * *").unwrap();
    assert_eq!(
        describe_in_zone(&daily, &*ny, utc(1, 15, 12, 0, 0)),
        "At 03:00 UTC (22:00 EST the day before), every day"
    );
    assert_eq!(
        describe_in_zone(&daily, &*ny, utc(7, 15, 12, 0, 0)),
        "At 03:00 UTC (23:00 EDT the day before), every day"
    );
    let berlin = zone("Europe/Berlin").unwrap();
    assert_eq!(
        describe_in_zone(&daily, &*berlin, utc(1, 15, 12, 0, 0)),
        "At 03:00 UTC (04:00 CET), every day"
    );
    let kolkata = zone("Asia/Kolkata").unwrap();
    let hourly = Cron::parse("@hourly").unwrap();
    assert_eq!(
        describe_in_zone(&hourly, &*kolkata, 0.0),
        "Every hour, at minute 0 (minute 30 IST)"
    );
}

#[wasm_bindgen_test]
fn what_a_question_costs() {
    let berlin = zone("Europe/Berlin").unwrap();
    let started = js_sys::Date::now();
    let mut sum = 0i64;
    for i in 0..2_000 {
        sum += i64::from(berlin.offset_seconds(utc(1, 1, 0, 0, 0) + f64::from(i) * 3.6e6));
    }
    let offset_us = (js_sys::Date::now() - started) * 1000.0 / 2_000.0;
    let started = js_sys::Date::now();
    for i in 0..500 {
        sum += berlin
            .abbreviation(utc(1, 1, 0, 0, 0) + f64::from(i) * 3.6e6)
            .map_or(0, |a| a.len() as i64);
    }
    let name_us = (js_sys::Date::now() - started) * 1000.0 / 500.0;
    let started = js_sys::Date::now();
    let from = utc(3, 25, 12, 0, 0);
    let week = ZoneOffsets::scan(&*berlin, from, from + 7.0 * 86_400_000.0);
    let scan_ms = js_sys::Date::now() - started;
    console_log!(
        "Intl: an offset {offset_us:.1} µs, an abbreviation {name_us:.1} µs (Berlin: en-US then \
         en-GB), a 7-day scan with a change {scan_ms:.2} ms; {} changes, {sum}",
        week.changes().count()
    );
    assert!(offset_us < 1_000.0, "{offset_us} µs an offset");
}
