//! Code loaded on demand: a page (`pages::page_for`) or a part (`parts`)
//! whose code is a chunk of the split release build (`--cfg jobdeck_split`,
//! xtask/src/split.rs, `wasm_split_helpers::wasm_split(.., fallible)`): a
//! chunk that cannot be fetched is an `Err`, not a panic (which would stop
//! the whole wasm), and is not remembered, so the next call fetches again.
//! Every other build calls the code directly.

use leptos::prelude::*;

/// The code of a page or a part (a chunk of the split build) could not be
/// fetched: offline, or the release it belongs to has been replaced on the
/// server.
#[derive(Clone, Copy, Debug)]
pub struct ChunkMissing;

impl From<wasm_split_helpers::SplitLoaderError> for ChunkMissing {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

impl ChunkMissing {
    /// The alert, with Reload, for `what` ("This page", "Go to").
    fn view(self, what: &'static str) -> AnyView {
        // A link with a target: src/router.rs leaves it to the browser, a real reload.
        view! {
            <p role="alert" class="alert">
                {format!("{what} could not be loaded: its code did not arrive (offline, or Jobdeck has been updated). ")}
                <a href="" target="_self">"Reload"</a>
            </p>
        }
        .into_any()
    }
}

/// Code of a split point, in a build without chunks: there all along.
#[cfg(not(jobdeck_split))]
pub fn lazy_view(view: Result<AnyView, ChunkMissing>, what: &'static str) -> AnyView {
    view.unwrap_or_else(|missing| missing.view(what))
}

/// Code that is a chunk of the split build: "Loading…" until the chunk has
/// arrived, then the view; if it cannot be fetched, an alert with Reload
/// naming `what`, and the rest of the app goes on.
#[cfg(jobdeck_split)]
pub fn lazy_view(
    load: impl std::future::Future<Output = Result<AnyView, ChunkMissing>> + Send + 'static,
    what: &'static str,
) -> AnyView {
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {Suspend::new(async move { load.await.unwrap_or_else(|missing| missing.view(what)) })}
        </Suspense>
    }
    .into_any()
}
