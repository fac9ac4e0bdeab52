//! The browser entry point: it only mounts the app.

fn main() {
    leptos::mount::mount_to_body(jobdeck::App);
}
