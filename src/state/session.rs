//! The stored API token and where the API lives.

use crate::browser::{storage_get, storage_remove, storage_set, StorageKind};

const TOKEN_KEY: &str = "jobdeck.token";
const API_URL_KEY: &str = "jobdeck.api_url";

/// The API base URL unless the person types another: `/api/3` on the app's own
/// origin, reached through a reverse proxy. A build can set `JOBDECK_API_URL`.
pub const DEFAULT_API_URL: &str = match option_env!("JOBDECK_API_URL") {
    Some(url) => url,
    None => "/api/3",
};

/// A signed-in person: the token and the API it is for.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    /// The bearer token. Never logged, never put in a URL or an error.
    pub token: String,
    /// The API base, without a trailing slash.
    pub api_url: String,
}

// Hand-written so that a stray `{:?}` can never print the token.
impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("token", &"<hidden>")
            .field("api_url", &self.api_url)
            .finish()
    }
}

impl Session {
    /// A session from what the sign-in form holds; `None` when the token is blank.
    pub fn new(token: &str, api_url: &str) -> Option<Session> {
        let token = token.trim();
        if token.is_empty() {
            return None;
        }
        let api_url = api_url.trim().trim_end_matches('/');
        Some(Session {
            token: token.to_string(),
            api_url: if api_url.is_empty() {
                DEFAULT_API_URL.to_string()
            } else {
                api_url.to_string()
            },
        })
    }

    /// Reads a stored session: the device's storage first, then this tab's.
    pub fn load() -> Option<Session> {
        [StorageKind::Local, StorageKind::Session]
            .into_iter()
            .find_map(|kind| {
                let token = storage_get(kind, TOKEN_KEY)?;
                let api_url = storage_get(kind, API_URL_KEY).unwrap_or_default();
                Session::new(&token, &api_url)
            })
    }

    /// Stores the session: on this device when `remember`, else for this tab
    /// only. The other storage is cleared so an old token cannot come back.
    /// Returns false when the browser refused to store it.
    pub fn save(&self, remember: bool) -> bool {
        Session::forget();
        let kind = if remember {
            StorageKind::Local
        } else {
            StorageKind::Session
        };
        storage_set(kind, TOKEN_KEY, &self.token) && storage_set(kind, API_URL_KEY, &self.api_url)
    }

    /// Removes every trace of the token from both storages.
    pub fn forget() {
        for kind in [StorageKind::Local, StorageKind::Session] {
            storage_remove(kind, TOKEN_KEY);
            storage_remove(kind, API_URL_KEY);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_tokens_are_refused() {
        assert!(Session::new("  ", "/api/3").is_none());
    }

    #[test]
    fn urls_lose_trailing_slashes_and_default_when_blank() {
        assert_eq!(
            Session::new(" t ", "https://x/api/3/").unwrap().api_url,
            "https://x/api/3"
        );
        assert_eq!(Session::new("t", "").unwrap().api_url, DEFAULT_API_URL);
        assert_eq!(Session::new(" t ", "").unwrap().token, "t");
    }

    #[test]
    fn debug_output_hides_the_token() {
        let s = Session::new("secret-token", "/api/3").unwrap();
        assert!(!format!("{s:?}").contains("secret-token"));
    }
}
