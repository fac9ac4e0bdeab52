//! Sign-in: store an API token (and the API's URL) on this device or this tab.

use leptos::prelude::*;

use crate::api::{Credentials, DEFAULT_API_URL};
use crate::browser::page_origin;
use crate::state::session::Session;

/// The sign-in form. Shown on whatever URL the person is on, so that after
/// signing in they land where they were going.
#[component]
pub fn SignInPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let token = RwSignal::new(String::new());
    let api_url = RwSignal::new(DEFAULT_API_URL.to_string());
    let remember = RwSignal::new(true);
    let problem = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Credentials::new(&token.get_untracked(), &api_url.get_untracked()) {
            // Signed in even when the browser will not store the token: the
            // console then says it is kept in this tab's memory only.
            Ok(credentials) => {
                session.sign_in(credentials, remember.get_untracked());
            }
            Err(why) => problem.set(Some(why.message().into())),
        }
    };
    let notice = move || problem.get().or_else(|| session.notice.get());
    let cross_origin = move || {
        Credentials::new("t", &api_url.get())
            .is_ok_and(|c| c.is_cross_origin(&page_origin()))
            .then(|| view! {
                <p class="hint warning">
                    "This API is on another site: the browser sends the token there only if that \
                     server allows this page by CORS (Access-Control-Allow-Origin and -Headers: \
                     Authorization). The Cloud 66 API does not; use a proxy at /api/3 instead."
                </p>
            })
    };

    view! {
        <main id="main" class="sign-in">
            <h1 class="brand">"Jobdeck"</h1>
            <p class="lead">"Run, pause and follow the scheduled jobs of your Cloud 66 stacks."</p>
            {move || notice().map(|text| view! { <p role="alert" class="alert">{text}</p> })}
            <form class="card" on:submit=submit>
                <label for="token">"API token"</label>
                <input id="token" type="password" autocomplete="off" spellcheck="false" required
                    bind:value=token />
                <p class="hint">
                    "A personal access token from Cloud 66 (Account → Settings → Access tokens)."
                </p>
                <label for="api-url">"API URL"</label>
                <input id="api-url" type="text" spellcheck="false" bind:value=api_url />
                <p class="hint">
                    "Leave it as " <code>{DEFAULT_API_URL}</code>
                    " when Jobdeck is served behind a proxy to the API."
                </p>
                {cross_origin}
                <label class="check">
                    <input type="checkbox" bind:checked=remember />
                    "Remember on this device"
                </label>
                <p class="hint">"Unchecked, the token is forgotten when this tab closes."</p>
                <button type="submit" class="primary">"Save token"</button>
            </form>
        </main>
    }
}
