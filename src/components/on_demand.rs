//! Code loaded on demand: in the split release build (`--cfg jobdeck_split`,
//! xtask/src/split.rs) the pages other than the first screen's and the
//! dialogs' content are chunks of their own, fetched the first time they
//! are needed; every other build has them there all along. While a chunk
//! loads the place says so; one that cannot be fetched (offline, or the
//! release it belongs to has been replaced on the server) is an alert with
//! Reload, and the rest of the app goes on. A failed fetch is not
//! remembered: the next try fetches again.

use leptos::prelude::*;

/// The code of a page or a dialog could not be fetched.
#[derive(Clone, Copy, Debug)]
pub struct ChunkMissing;

impl From<wasm_split_helpers::SplitLoaderError> for ChunkMissing {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

impl ChunkMissing {
    /// In the place of a page.
    pub fn page(self) -> AnyView {
        missing_view("This page", None)
    }

    /// In the place of a dialog, with a way to close it.
    pub fn part(self, close: Callback<()>) -> AnyView {
        missing_view("This dialog", Some(close))
    }
}

fn missing_view(what: &'static str, close: Option<Callback<()>>) -> AnyView {
    let close = close.map(|close| {
        view! { " " <button type="button" on:click=move |_| close.run(())>"Close"</button> }
    });
    // A link with a target: src/router.rs leaves it to the browser, a real reload.
    view! {
        <p role="alert" class="alert">
            {what} " could not be loaded: its code did not arrive (offline, or Jobdeck has been \
             updated). "
            <a href="" target="_self">"Reload"</a>
            {close}
        </p>
    }
    .into_any()
}

/// A view whose code is there all along (a build without chunks).
#[cfg(not(jobdeck_split))]
pub fn on_demand(
    view: Result<AnyView, ChunkMissing>,
    missing: impl FnOnce(ChunkMissing) -> AnyView + Send + 'static,
) -> AnyView {
    view.unwrap_or_else(missing)
}

/// A view whose code is a chunk: "Loading…" until it has arrived, then the
/// view, or `missing` if it cannot be fetched.
#[cfg(jobdeck_split)]
pub fn on_demand(
    load: impl std::future::Future<Output = Result<AnyView, ChunkMissing>> + Send + 'static,
    missing: impl FnOnce(ChunkMissing) -> AnyView + Send + 'static,
) -> AnyView {
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {Suspend::new(async move { load.await.unwrap_or_else(missing) })}
        </Suspense>
    }
    .into_any()
}
