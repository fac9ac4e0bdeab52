//! A panic must not leave a blank or frozen page: the person gets a short
//! message and a way to reload, and the console gets the panic's text.

use wasm_bindgen::JsCast;

/// Installs the hook; call once, before mounting.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Jobdeck stopped: {info}").into());
        show_message();
    }));
}

/// Replaces the page with the message, built from DOM calls (no HTML string
/// to parse, no inline script for the CSP to refuse).
fn show_message() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Ok(main), Ok(heading), Ok(text), Ok(link)) = (
        document.body(),
        document.create_element("main"),
        document.create_element("h1"),
        document.create_element("p"),
        document.create_element("a"),
    ) else {
        return;
    };
    main.set_class_name("sign-in");
    let _ = main.set_attribute("role", "alert");
    heading.set_text_content(Some("Jobdeck stopped"));
    text.set_text_content(Some(
        "Something went wrong inside Jobdeck, and it cannot go on. Your token is kept. ",
    ));
    link.set_text_content(Some("Reload the page"));
    let _ = link.set_attribute("href", "");
    if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
        let _ = text.append_child(&link);
    }
    body.set_text_content(None);
    let _ = main.append_child(&heading);
    let _ = main.append_child(&text);
    let _ = body.append_child(&main);
}
