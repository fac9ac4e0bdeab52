//! The browser entry point: it installs the panic message and mounts the app.
//! The marks time the start (see `browser::mark`).

fn main() {
    jobdeck::browser::mark("jobdeck:main");
    jobdeck::panic::install_hook();
    leptos::mount::mount_to_body(jobdeck::App);
    jobdeck::browser::mark("jobdeck:mounted");
}
