//! A panic must not leave a blank or frozen page. Every panic ends in a wasm
//! trap, which `src/prefetch.js` turns into a "Jobdeck stopped" page with a
//! reload link. The release build aborts at once without running any hook;
//! other builds (`trunk serve`, tests) also log the panic's text here first.

/// Installs the hook; call once, before mounting.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Jobdeck stopped: {info}").into());
    }));
}
