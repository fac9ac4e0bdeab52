//! How both pages wait for their data.

use leptos::prelude::*;

/// Shows `fallback` until the first load ends, then what `loaded` resolves to;
/// on a reload the previous view stays until the new one is ready. One
/// component for both pages, so the transition's machinery is compiled once.
#[component]
pub fn Loading(
    /// What is loading, e.g. "Loading jobs…".
    fallback: &'static str,
    /// Told whether a reload is under way.
    #[prop(optional, into)]
    set_pending: SignalSetter<bool>,
    /// The view, once its data has loaded.
    loaded: Callback<(), Suspend<AnyView>>,
) -> impl IntoView {
    view! {
        <Transition fallback=move || view! { <p class="loading">{fallback}</p> } set_pending>
            {move || loaded.run(())}
        </Transition>
    }
}
