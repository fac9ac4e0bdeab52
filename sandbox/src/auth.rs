//! Bearer tokens: which ones are valid or revoked, and how a request carries one. The guard
//! that checks them on every request is `middleware::guard`.

use std::collections::HashSet;

use axum::http::header::{HeaderMap, AUTHORIZATION};

use crate::error::ApiError;

/// The tokens the sandbox accepts, and those revoked since the last reset.
#[derive(Debug, Default)]
pub struct Tokens {
    valid: HashSet<String>,
    revoked: HashSet<String>,
}

impl Tokens {
    /// Accepts exactly `tokens`.
    pub fn new(tokens: &[String]) -> Self {
        Self {
            valid: tokens.iter().cloned().collect(),
            revoked: HashSet::new(),
        }
    }

    /// Ok for a valid token; a 401 that says why otherwise.
    pub fn check(&self, token: &str) -> Result<(), ApiError> {
        if self.valid.contains(token) {
            Ok(())
        } else if self.revoked.contains(token) {
            Err(ApiError::unauthenticated(
                "The token has been revoked. Create a new personal access token.",
            ))
        } else {
            Err(ApiError::unauthenticated("The token is not valid."))
        }
    }

    /// Stops accepting `token`; false when it was not valid.
    pub fn revoke(&mut self, token: &str) -> bool {
        let was_valid = self.valid.remove(token);
        if was_valid {
            self.revoked.insert(token.to_owned());
        }
        was_valid
    }
}

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn reads_bearer_tokens_only() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer_token(&headers), None);
        headers.insert(AUTHORIZATION, HeaderValue::from_static("bearer abc "));
        assert_eq!(bearer_token(&headers), Some("abc"));
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer_token(&headers), None);
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(bearer_token(&headers), None);
    }

    #[test]
    fn a_revoked_token_is_refused_with_a_reason() {
        let mut tokens = Tokens::new(&["a".to_owned()]);
        assert!(tokens.check("a").is_ok());
        assert!(tokens.revoke("a"));
        assert!(!tokens.revoke("a"));
        let error = tokens.check("a").err();
        assert!(error.is_some_and(|e| e.description.contains("revoked")));
    }
}
