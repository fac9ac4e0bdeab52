//! The browser entry point: it installs the panic message and mounts the app.

fn main() {
    jobdeck::panic::install_hook();
    leptos::mount::mount_to_body(jobdeck::App);
}
