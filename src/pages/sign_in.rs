//! Sign-in: store an API token (and the API's URL) on this device or this tab.

use leptos::prelude::*;

use crate::state::session::{Session, DEFAULT_API_URL};
use crate::state::AppState;

/// The sign-in form. Shown on whatever URL the person is on, so that after
/// signing in they land where they were going.
#[component]
pub fn SignInPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let token = RwSignal::new(String::new());
    let api_url = RwSignal::new(DEFAULT_API_URL.to_string());
    let remember = RwSignal::new(true);
    let problem = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(session) = Session::new(&token.get_untracked(), &api_url.get_untracked()) else {
            problem.set(Some("Enter an API token to sign in.".into()));
            return;
        };
        if !state.sign_in(session, remember.get_untracked()) {
            // Still signed in for now; the person should know it will not last.
            leptos::logging::warn!("The browser refused to store the token.");
        }
    };
    let notice = move || problem.get().or_else(|| state.sign_in_notice.get());

    view! {
        <main id="main" class="sign-in">
            <h1 class="brand">"Jobdeck"</h1>
            <p class="lead">"Run, pause and follow the scheduled jobs of your Cloud 66 stacks."</p>
            {move || notice().map(|text| view! { <p role="alert" class="alert">{text}</p> })}
            <form class="card" on:submit=submit>
                <label for="token">"API token"</label>
                <input
                    id="token"
                    type="password"
                    autocomplete="off"
                    spellcheck="false"
                    required
                    bind:value=token
                />
                <p class="hint">
                    "A personal access token from Cloud 66 (Account → Settings → Access tokens)."
                </p>
                <label for="api-url">"API URL"</label>
                <input id="api-url" type="text" spellcheck="false" bind:value=api_url />
                <p class="hint">
                    "Leave it as " <code>{DEFAULT_API_URL}</code>
                    " when Jobdeck is served behind a proxy to the API."
                </p>
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
