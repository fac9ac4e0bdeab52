//! Component tests in a real browser (headless Chromium through
//! wasm-bindgen-test-runner): each mounts one piece of the UI with the app's
//! context and checks the DOM a person (or a screen reader) would meet.
#![cfg(target_arch = "wasm32")]

use std::sync::{Arc, Mutex};

use jobdeck::api::pagination::Pagination;
use jobdeck::api::response::{interpret, ResponseHeaders};
use jobdeck::components::confirm_dialog::ConfirmDialog;
use jobdeck::components::jobs_table::JobsTable;
use jobdeck::components::pager::Pager;
use jobdeck::components::quota_meter::QuotaMeter;
use jobdeck::logic::model::{Job, StackLabel};
use jobdeck::logic::rows::versioned;
use jobdeck::parts::run_dialog::RunDialog;
use jobdeck::state::provide_app_state;
use jobdeck::state::quota::QuotaState;
use leptos::prelude::*;
use leptos_router::components::Router;
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The seed's "Jobs list" response body, exactly as documented.
const SEED_JOBS: &str = include_str!("fixtures/seed-jobs-list.json");

/// A fresh element in the page, with the app's context around `view`.
fn mount<V: IntoView + 'static>(
    view: impl FnOnce(QuotaState) -> V + Send + 'static,
) -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        provide_app_state(None);
        let quota = expect_context::<QuotaState>();
        view! { <Router>{view(quota)}</Router> }
    });
    handle.forget();
    container
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn all_text(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| {
            nodes
                .item(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect()
}

fn seed_jobs() -> Vec<Job> {
    let envelope = interpret::<Vec<Value>>(200, &ResponseHeaders::default(), SEED_JOBS).unwrap();
    envelope
        .response
        .iter()
        .map(|v| Job::from_value(v).unwrap())
        .collect()
}

fn table(jobs: Vec<Job>) -> HtmlElement {
    let mut counter = 0;
    let jobs = Signal::stored(versioned([].iter(), jobs, &mut counter));
    mount(move |_| {
        view! { <JobsTable stack_uid="5999b763474b0eafa5fafb64bff0ba80".to_string() jobs on_run_with_args=Callback::new(|_| ()) /> }
    })
}

#[wasm_bindgen_test]
async fn the_table_renders_the_seed_sample() {
    let root = table(seed_jobs());
    leptos::task::tick().await;
    let table = find(&root, "table");
    assert_eq!(table.get_attribute("aria-label").as_deref(), Some("Jobs"));
    assert_eq!(
        all_text(&root, "thead th"),
        ["Name", "Type", "Schedule", "Next run", "Status", "Command", "Updated", "Actions"]
    );
    assert_eq!(root.query_selector_all("tbody tr").unwrap().length(), 1);
    assert_eq!(all_text(&root, "tbody th[scope=row]"), ["pies"]);
    let cells = all_text(&root, "tbody td");
    assert_eq!(cells[0], "Host");
    // The Schedule cell holds the expression as given, then its words.
    assert_eq!(
        all_text(&root, "tbody td[data-label=Schedule] .cron"),
        ["01 00 1 * *"]
    );
    assert_eq!(cells[1], "01 00 1 * *At 00:01 UTC, on day 1 of the month");
    // cells[2] is Next run, which depends on today's date: see the tests below.
    assert_eq!(cells[3], "Failed");
    assert_eq!(cells[4], "ls -lta");
    // Shown in the viewer's zone and locale; the machine-readable instant is exact.
    assert!(cells[5].contains("23"), "updated time {:?}", cells[5]);
    assert_eq!(
        find(&root, "tbody td[data-label=Updated] time")
            .get_attribute("datetime")
            .as_deref(),
        Some("2023-10-24T15:39:14.000Z")
    );
    assert_eq!(
        all_text(&root, "tbody button"),
        ["Run now", "Run with arguments…", "Pause"]
    );
    assert!(root.query_selector(".badge-paused").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_table_across_stacks_names_each_rows_stack_and_links_there() {
    let mut jobs = seed_jobs();
    let mut other = jobs[0].clone();
    other.uid = "other-job".into();
    jobs.push(other);
    let mut counter = 0;
    let rows = versioned([].iter(), jobs, &mut counter);
    let versions: Vec<u64> = rows.iter().map(|r| r.version).collect();
    let jobs = Signal::stored(rows);
    let root = mount(move |_| {
        let stack_of = Callback::new(move |version: u64| {
            let (uid, label) = match versions.iter().position(|v| *v == version) {
                Some(0) => ("s-one", "One (production)"),
                _ => ("s-two", "Two <b>staging</b>"),
            };
            Some(StackLabel {
                uid: uid.into(),
                label: label.into(),
            })
        });
        view! { <JobsTable stack_uid="" jobs on_run_with_args=Callback::new(|_| ()) stack_of name="All jobs" /> }
    });
    leptos::task::tick().await;
    assert_eq!(
        find(&root, "table").get_attribute("aria-label").as_deref(),
        Some("All jobs")
    );
    assert_eq!(
        all_text(&root, "thead th"),
        [
            "Name", "Stack", "Type", "Schedule", "Next run", "Status", "Command", "Updated",
            "Actions"
        ]
    );
    assert_eq!(
        all_text(&root, "tbody td[data-label=Stack]"),
        ["One (production)", "Two <b>staging</b>"]
    );
    let links: Vec<String> = [
        "tbody tr:nth-child(1) th a",
        "tbody tr:nth-child(2) th a",
        "tbody tr:nth-child(2) td.stack a",
    ]
    .iter()
    .map(|s| find(&root, s).get_attribute("href").unwrap_or_default())
    .collect();
    assert_eq!(
        links,
        [
            format!("/stacks/s-one/jobs/{}", "b375afb170b468c238be44cec1058d0f"),
            "/stacks/s-two/jobs/other-job".to_string(),
            "/stacks/s-two/jobs".to_string(),
        ]
    );
}

#[wasm_bindgen_test]
async fn html_in_a_job_name_is_shown_as_text() {
    let mut jobs = seed_jobs();
    jobs[0].name = "<img src=x onerror=alert(1)>".into();
    let root = table(jobs);
    leptos::task::tick().await;
    assert!(root.query_selector("img").unwrap().is_none());
    assert_eq!(
        all_text(&root, "tbody th[scope=row]"),
        ["<img src=x onerror=alert(1)>"]
    );
}

#[wasm_bindgen_test]
async fn a_paused_job_has_a_badge_and_offers_unpause() {
    let mut jobs = seed_jobs();
    jobs[0].paused = true;
    jobs[0].cron = None;
    // Paused an hour ago: not yet a long pause (see the test below).
    jobs[0].updated_at = Some(js_sys::Date::now() - 3_600_000.0);
    let root = table(jobs);
    leptos::task::tick().await;
    assert_eq!(all_text(&root, ".badge-paused"), ["Paused"]);
    assert!(find(&root, "tbody tr").class_list().contains("paused"));
    assert_eq!(all_text(&root, "tbody td")[1], "On demand");
    assert_eq!(all_text(&root, "tbody td")[2], "Paused");
    assert_eq!(all_text(&root, "tbody button")[2], "Unpause");
}

/// The seed job with another cron (and pause state), in a mounted table.
async fn table_with_cron(cron: Option<&str>, paused: bool) -> HtmlElement {
    let mut jobs = seed_jobs();
    jobs[0].cron = cron.map(str::to_string);
    jobs[0].paused = paused;
    // Changed (paused) an hour ago: a pause, not yet a long one.
    jobs[0].updated_at = Some(js_sys::Date::now() - 3_600_000.0);
    let root = table(jobs);
    leptos::task::tick().await;
    root
}

fn schedule_words(root: &Element) -> String {
    find(root, "tbody .schedule-words")
        .text_content()
        .unwrap_or_default()
}

fn next_run(root: &Element) -> String {
    all_text(root, "tbody td[data-label='Next run']")[0].clone()
}

#[wasm_bindgen_test]
async fn the_schedule_cell_says_the_cron_in_words() {
    let root = table_with_cron(Some("0 9 * * Mon-Fri"), false).await;
    assert_eq!(all_text(&root, "tbody .cron"), ["0 9 * * Mon-Fri"]);
    assert_eq!(schedule_words(&root), "At 09:00 UTC, Monday to Friday");
    let root = table_with_cron(Some("@daily"), false).await;
    assert_eq!(schedule_words(&root), "At 00:00 UTC, every day");
}

#[wasm_bindgen_test]
async fn a_valid_schedule_shows_its_next_run_with_a_hint() {
    let before = js_sys::Date::now();
    let root = table_with_cron(Some("*/15 * * * *"), false).await;
    let time = find(&root, "tbody td[data-label='Next run'] time");
    let at = js_sys::Date::parse(&time.get_attribute("datetime").unwrap());
    assert!(
        at > before && at <= before + 15.0 * 60_000.0,
        "next run {at} after {before}"
    );
    assert_eq!(at % (15.0 * 60_000.0), 0.0, "on a quarter hour");
    assert!(time.get_attribute("title").unwrap().contains("UTC"));
    let hint = all_text(&root, "tbody td[data-label='Next run'] .hint");
    assert!(hint[0].starts_with("in "), "{hint:?}");
}

#[wasm_bindgen_test]
async fn a_pause_older_than_a_day_says_how_long_from_the_last_change() {
    let mut jobs = seed_jobs();
    jobs[0].paused = true;
    jobs[0].updated_at = Some(js_sys::Date::now() - 73.0 * 3_600_000.0);
    let root = table(jobs);
    leptos::task::tick().await;
    assert_eq!(next_run(&root), "Paused for 3 days");
    let title = find(&root, "tbody td[data-label='Next run'] .paused-long")
        .get_attribute("title")
        .unwrap_or_default();
    assert!(
        title.starts_with("Counted from the job's last change"),
        "{title}"
    );
    // The badge by the name stays the plain word.
    assert_eq!(all_text(&root, ".badge-paused"), ["Paused"]);
}

#[wasm_bindgen_test]
async fn next_run_says_why_there_is_none() {
    let root = table_with_cron(Some("*/15 * * * *"), true).await;
    assert_eq!(next_run(&root), "Paused");
    assert!(root
        .query_selector("tbody td[data-label='Next run'] time")
        .unwrap()
        .is_none());

    let root = table_with_cron(None, false).await;
    assert_eq!(next_run(&root), "On demand");
    assert_eq!(all_text(&root, "tbody td")[1], "On demand");

    let root = table_with_cron(Some("61 25 * * *"), false).await;
    assert_eq!(next_run(&root), "Invalid schedule");
    assert_eq!(all_text(&root, "tbody .cron"), ["61 25 * * *"]);
    assert_eq!(schedule_words(&root), "Invalid schedule");
    let reason = find(&root, "tbody .schedule-words")
        .get_attribute("title")
        .unwrap();
    assert!(reason.contains("out of range"), "{reason}");

    let root = table_with_cron(Some("0 0 31 2 *"), false).await;
    assert_eq!(next_run(&root), "Never");
}

#[wasm_bindgen_test]
async fn a_job_name_links_to_its_page() {
    let root = table(seed_jobs());
    leptos::task::tick().await;
    let link = find(&root, "tbody th[scope=row] a");
    assert_eq!(link.text_content().as_deref(), Some("pies"));
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/stacks/5999b763474b0eafa5fafb64bff0ba80/jobs/b375afb170b468c238be44cec1058d0f")
    );
}

#[wasm_bindgen_test]
async fn the_pager_links_neighbours_and_disables_the_ends() {
    let pagination = Pagination {
        previous: None,
        next: Some(2),
        current: 1,
        per_page: 30,
        count: 75,
        pages: 3,
    };
    let root = mount(move |_| {
        view! { <Pager pagination href=Callback::new(|n| format!("/stacks/s/jobs?page={n}")) /> }
    });
    leptos::task::tick().await;
    let nav = find(&root, "nav");
    assert_eq!(
        nav.get_attribute("aria-label").as_deref(),
        Some("Pagination")
    );
    assert!(nav.text_content().unwrap().contains("Page 1 of 3"));
    let previous = find(&root, "[aria-disabled=true]");
    assert_eq!(previous.text_content().as_deref(), Some("Previous"));
    let next = find(&root, "a");
    assert_eq!(next.text_content().as_deref(), Some("Next"));
    assert_eq!(
        next.get_attribute("href").as_deref(),
        Some("/stacks/s/jobs?page=2")
    );
}

#[wasm_bindgen_test]
async fn the_quota_meter_shows_the_headers_and_warns_when_low() {
    let state_cell = Arc::new(Mutex::new(None));
    let keep = state_cell.clone();
    let root = mount(move |state| {
        *keep.lock().unwrap() = Some(state);
        view! { <QuotaMeter /> }
    });
    leptos::task::tick().await;
    let meter = find(&root, "[role=status]");
    assert_eq!(
        meter.get_attribute("aria-label").as_deref(),
        Some("API quota")
    );
    assert!(meter.text_content().unwrap().contains("unknown"));

    let state = state_cell.lock().unwrap().unwrap();
    state
        .quota
        .update(|q| *q = q.updated(Some("3600"), Some("3597")));
    leptos::task::tick().await;
    assert!(meter.text_content().unwrap().contains("3597 / 3600"));
    assert!(!meter.class_list().contains("quota-low"));

    state
        .quota
        .update(|q| *q = q.updated(Some("3600"), Some("359")));
    leptos::task::tick().await;
    assert!(meter.text_content().unwrap().contains("359 / 3600"));
    assert!(meter.class_list().contains("quota-low"));
}

#[wasm_bindgen_test]
async fn the_run_dialog_runs_with_the_arguments_and_cancels() {
    let ran = Arc::new(Mutex::new(Vec::<String>::new()));
    let cancelled = Arc::new(Mutex::new(0));
    let (r, c) = (ran.clone(), cancelled.clone());
    let root = mount(move |_| {
        let on_run = Callback::new(move |args: String| r.lock().unwrap().push(args));
        let on_cancel = Callback::new(move |()| *c.lock().unwrap() += 1);
        view! { <RunDialog job_name="<b>pies</b>".to_string() on_run on_cancel /> }
    });
    leptos::task::tick().await;
    let dialog: web_sys::HtmlDialogElement = find(&root, "dialog").unchecked_into();
    assert!(dialog.open(), "the dialog opens as a modal");
    assert!(dialog.text_content().unwrap().contains("<b>pies</b>"));
    assert_eq!(
        find(&root, "label").text_content().as_deref(),
        Some("Arguments")
    );

    let input: web_sys::HtmlInputElement = find(&root, "#run-args").unchecked_into();
    input.set_value("a b");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let form: web_sys::HtmlFormElement = find(&root, "form").unchecked_into();
    form.request_submit().unwrap(); // what Enter in the field does
    leptos::task::tick().await;
    assert_eq!(*ran.lock().unwrap(), ["a b"]);

    // Escape makes the browser fire `cancel` on a modal dialog.
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    dialog
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("cancel", &init).unwrap())
        .unwrap();
    assert_eq!(*cancelled.lock().unwrap(), 1);
}

#[wasm_bindgen_test]
async fn the_confirm_dialog_says_what_happens() {
    let confirmed = Arc::new(Mutex::new(0));
    let c = confirmed.clone();
    let root = mount(move |_| {
        view! {
            <ConfirmDialog
                title="Pause all jobs?".to_string()
                message="This pauses all 75 jobs of Acme.".to_string()
                on_confirm=Callback::new(move |()| *c.lock().unwrap() += 1)
                on_cancel=Callback::new(|()| ())
            />
        }
    });
    leptos::task::tick().await;
    let dialog: web_sys::HtmlDialogElement = find(&root, "dialog").unchecked_into();
    assert!(dialog.open());
    assert!(dialog
        .text_content()
        .unwrap()
        .contains("This pauses all 75 jobs of Acme."));
    assert_eq!(all_text(&root, "button"), ["Cancel", "Confirm"]);
    let confirm: HtmlElement = root
        .query_selector_all("button")
        .unwrap()
        .item(1)
        .unwrap()
        .unchecked_into();
    confirm.click();
    assert_eq!(*confirmed.lock().unwrap(), 1);
    assert!(!dialog.open(), "the dialog closes when confirmed");
}
