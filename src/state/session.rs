//! Who is signed in: the stored token, kept in the browser's storage and
//! handed to the API client, which is the only one that sends it.

use leptos::prelude::*;

use crate::api::{ApiClient, Credentials};
use crate::browser::{storage_get, storage_remove, storage_set, StorageKind};

const TOKEN_KEY: &str = "jobdeck.token";
const API_URL_KEY: &str = "jobdeck.api_url";

/// The session: whether someone is signed in, and why they were sent back
/// to sign in. `Copy`, provided once as context.
#[derive(Clone, Copy)]
pub struct Session {
    /// True while the client holds credentials.
    pub signed_in: RwSignal<bool>,
    /// Why the person was sent back to sign in (e.g. a 401), shown on the form.
    pub notice: RwSignal<Option<String>>,
    /// The browser would not store the token: it lives in this tab's memory
    /// only, and the console says so.
    pub in_memory_only: RwSignal<bool>,
    api: ApiClient,
}

impl Session {
    /// The session of a page load, for a client made with [`Session::stored`].
    pub fn new(api: ApiClient) -> Session {
        Session {
            signed_in: RwSignal::new(api.credentials().is_some()),
            notice: RwSignal::new(None),
            in_memory_only: RwSignal::new(false),
            api,
        }
    }

    /// Reads stored credentials: the device's storage first, then this tab's.
    /// Credentials that are not valid (corrupt, or an older version's) are
    /// dropped, and sign-in asks again.
    pub fn stored() -> Option<Credentials> {
        [StorageKind::Local, StorageKind::Session]
            .into_iter()
            .find_map(|kind| {
                let token = storage_get(kind, TOKEN_KEY)?;
                let api_url = storage_get(kind, API_URL_KEY).unwrap_or_default();
                let credentials = Credentials::new(&token, &api_url).ok();
                if credentials.is_none() {
                    storage_remove(kind, TOKEN_KEY);
                    storage_remove(kind, API_URL_KEY);
                }
                credentials
            })
    }

    /// Signs in and stores the token on this device when `remember`, else for
    /// this tab only. Returns false when the browser refused to store it.
    pub fn sign_in(&self, credentials: Credentials, remember: bool) -> bool {
        forget_stored();
        let kind = if remember {
            StorageKind::Local
        } else {
            StorageKind::Session
        };
        let stored = storage_set(kind, TOKEN_KEY, &credentials.token)
            && storage_set(kind, API_URL_KEY, &credentials.api_url);
        if !stored {
            // Half a sign-in must not be read back as a whole one.
            forget_stored();
        }
        self.in_memory_only.set(!stored);
        self.api.set_credentials(Some(credentials));
        self.notice.set(None);
        self.signed_in.set(true);
        stored
    }

    /// Signs out and forgets the token everywhere.
    pub fn sign_out(&self) {
        forget_stored();
        self.in_memory_only.set(false);
        self.api.set_credentials(None);
        self.notice.set(None);
        self.signed_in.set(false);
    }

    /// The API rejected the token (the client has already dropped it): forget
    /// it and send the person to sign in, on the same URL.
    pub fn expire(&self) {
        forget_stored();
        self.notice.set(Some(
            "The API rejected the token (401). Sign in again.".into(),
        ));
        // The 401 arrives in the middle of other work (an action just logged,
        // rows re-rendering): the console is taken down on the next task, after
        // the effects already queued have run, not under their feet.
        let signed_in = self.signed_in;
        set_timeout(
            move || {
                signed_in.try_set(false);
            },
            std::time::Duration::ZERO,
        );
    }
}

fn forget_stored() {
    crate::api::forget_prefetched();
    for kind in [StorageKind::Local, StorageKind::Session] {
        storage_remove(kind, TOKEN_KEY);
        storage_remove(kind, API_URL_KEY);
    }
}
