//! The Time zone setting's zones and the times written in them, in a real
//! browser (headless Chromium): the abbreviation each zone remembers per
//! offset is the one `Intl` gives, through a year of changes; texts on both
//! sides of a change; and a `<time>` that follows the Time zone select. Its
//! own test binary, so the choice it keeps in localStorage reaches no other
//! test.
#![cfg(target_arch = "wasm32")]

use jobdeck::components::time::time_view;
use jobdeck::components::zone_select::ZoneSelect;
use jobdeck::intl::zone;
use jobdeck::logic::zone::OffsetSource;
use jobdeck::logic::zone_choice::ZoneChoice;
use jobdeck::state::provide_app_state;
use jobdeck::state::time_zone::Zone;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Epoch milliseconds of a UTC time in 2026.
fn utc(month: u32, day: u32, hour: u32, minute: u32) -> f64 {
    let days = jobdeck::logic::calendar::days_from_civil(2026, month, day);
    ((days * 86_400 + i64::from(hour * 3_600 + minute * 60)) * 1000) as f64
}

fn named(name: &str) -> Zone {
    Zone::of(&ZoneChoice::Named(name.into()))
}

#[wasm_bindgen_test]
fn remembered_names_are_intls_through_a_year() {
    for name in [
        "America/New_York",
        "Europe/Berlin",
        "Europe/London",
        "Australia/Lord_Howe",
        "America/Sao_Paulo",
        "Asia/Kolkata",
    ] {
        let (cached, direct) = (named(name), zone(name).expect("known"));
        // Every 6 hours of 2026, 15 minutes off the hour.
        for step in 0..(4 * 365) {
            let at = utc(1, 1, 0, 15) + f64::from(step) * 6.0 * 3_600_000.0;
            assert_eq!(
                cached.offset_seconds(at),
                direct.offset_seconds(at),
                "{name} {at}"
            );
            assert_eq!(
                cached.abbreviation(at),
                direct.abbreviation(at),
                "{name} {at}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn texts_on_both_sides_of_a_change() {
    let ny = named("America/New_York");
    assert_eq!(ny.text(utc(3, 8, 6, 59)), "2026-03-08 01:59 EST");
    assert_eq!(ny.text(utc(3, 8, 7, 0)), "2026-03-08 03:00 EDT");
    assert_eq!(ny.time_of_day(utc(11, 1, 5, 30)), "01:30 EDT");
    assert_eq!(ny.time_of_day(utc(11, 1, 6, 30)), "01:30 EST");
    let berlin = named("Europe/Berlin");
    assert_eq!(
        berlin.long_text(utc(3, 29, 0, 59)),
        "2026-03-29 01:59:00 CET (UTC+01:00)"
    );
    assert_eq!(
        berlin.long_text(utc(3, 29, 1, 0)),
        "2026-03-29 03:00:00 CEST (UTC+02:00)"
    );
    // No name in English: the offset, written once.
    assert_eq!(
        named("America/Sao_Paulo").long_text(utc(7, 1, 12, 0)),
        "2026-07-01 09:00:00 UTC-03:00"
    );
    // A zone the browser does not know is Local, never a failure.
    assert_eq!(
        Zone::of(&ZoneChoice::Named("Mars/Olympus_Mons".into())).text(0.0),
        Zone::of(&ZoneChoice::Local).text(0.0)
    );
}

#[wasm_bindgen_test]
async fn a_time_follows_the_time_zone_select() {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let at = utc(3, 8, 3, 0);
    let handle = leptos::mount::mount_to(container.clone(), move || {
        provide_app_state(None);
        view! { <ZoneSelect /> {time_view(at)} }
    });
    handle.forget();
    leptos::task::tick().await;
    let select: web_sys::HtmlSelectElement = container
        .query_selector("select")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let time = container.query_selector("time").unwrap().unwrap();
    assert_eq!(select.value(), "local");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2026-03-08T03:00:00.000Z")
    );
    for (value, text) in [
        ("UTC", "2026-03-08 03:00 UTC"),
        ("Asia/Tokyo", "2026-03-08 12:00 UTC+09:00"),
        ("America/New_York", "2026-03-07 22:00 EST"),
    ] {
        select.set_value(value);
        select
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
        leptos::task::tick().await;
        assert_eq!(time.text_content().as_deref(), Some(text), "{value}");
        assert_eq!(
            time.get_attribute("datetime").as_deref(),
            Some("2026-03-08T03:00:00.000Z")
        );
    }
    let kept = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("jobdeck.time_zone")
        .unwrap();
    assert_eq!(kept.as_deref(), Some("America/New_York"));
}
