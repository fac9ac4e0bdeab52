//! What the client sends with every request: the bearer token and where the
//! API lives. Checked here, once, so that no request can leave for a URL
//! the person did not mean.

/// The API base URL unless the person types another: `/api/3` on the app's own
/// origin, reached through a reverse proxy. A build can set `JOBDECK_API_URL`.
pub const DEFAULT_API_URL: &str = match option_env!("JOBDECK_API_URL") {
    Some(url) => url,
    None => "/api/3",
};

/// A token and the API it is for.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The bearer token. Never logged, never put in a URL or an error.
    pub token: String,
    /// The API base, without a trailing slash.
    pub api_url: String,
}

// Hand-written so that a stray `{:?}` can never print the token.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("token", &"<hidden>")
            .field("api_url", &self.api_url)
            .finish()
    }
}

/// Why the sign-in form's values cannot be used, in words for the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialsProblem {
    /// No token typed.
    NoToken,
    /// The URL is not a path on this site nor an http(s) URL.
    BadUrl,
    /// The URL carries a user name or password.
    UrlWithLogin,
}

impl CredentialsProblem {
    /// What the sign-in form says.
    pub fn message(&self) -> &'static str {
        match self {
            CredentialsProblem::NoToken => "Enter an API token to sign in.",
            CredentialsProblem::BadUrl => {
                "The API URL must be a path on this site (like /api/3) or an http:// or https:// address."
            }
            CredentialsProblem::UrlWithLogin => {
                "The API URL must not hold a user name or password: the token is the only credential."
            }
        }
    }
}

impl Credentials {
    /// Credentials from what the sign-in form holds. A blank URL means the
    /// default; a path must start with one `/`; otherwise only `http(s)://`
    /// URLs without `user:pass@` are taken.
    pub fn new(token: &str, api_url: &str) -> Result<Credentials, CredentialsProblem> {
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsProblem::NoToken);
        }
        let api_url = api_url.trim().trim_end_matches('/');
        let api_url = if api_url.is_empty() {
            DEFAULT_API_URL
        } else {
            api_url
        };
        check_url(api_url)?;
        Ok(Credentials {
            token: token.to_string(),
            api_url: api_url.to_string(),
        })
    }

    /// Whether requests go to another origin than the page's (`origin` like
    /// `https://jobs.example.com`): then the API must allow it by CORS.
    pub fn is_cross_origin(&self, origin: &str) -> bool {
        let same_origin = self.api_url == origin
            || self
                .api_url
                .strip_prefix(origin)
                .is_some_and(|rest| rest.starts_with('/'));
        !self.api_url.starts_with('/') && !same_origin
    }
}

fn check_url(url: &str) -> Result<(), CredentialsProblem> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(CredentialsProblem::BadUrl);
    }
    if let Some(path) = url.strip_prefix('/') {
        // `//host` is another origin written as a path: refuse the disguise.
        return match path.starts_with('/') || path.starts_with('\\') {
            true => Err(CredentialsProblem::BadUrl),
            false => Ok(()),
        };
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or(CredentialsProblem::BadUrl)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(CredentialsProblem::UrlWithLogin);
    }
    if authority.is_empty() || url.contains(['?', '#']) {
        return Err(CredentialsProblem::BadUrl);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_tokens_are_refused() {
        assert_eq!(
            Credentials::new("  ", "/api/3"),
            Err(CredentialsProblem::NoToken)
        );
    }

    #[test]
    fn urls_lose_trailing_slashes_and_default_when_blank() {
        assert_eq!(
            Credentials::new(" t ", "https://x/api/3/").unwrap().api_url,
            "https://x/api/3"
        );
        assert_eq!(Credentials::new("t", "").unwrap().api_url, DEFAULT_API_URL);
        assert_eq!(Credentials::new(" t ", "").unwrap().token, "t");
    }

    #[test]
    fn only_paths_and_http_urls_are_taken() {
        for bad in [
            "javascript:alert(1)",
            "//evil.example/api",
            "/\\evil.example",
            "ftp://x/api",
            "https://",
            "data:text/html,x",
            "api/3",
            "/api 3",
            "https://x/api?token=1",
        ] {
            assert_eq!(
                Credentials::new("t", bad),
                Err(CredentialsProblem::BadUrl),
                "{bad}"
            );
        }
        assert_eq!(
            Credentials::new("t", "https://user:pass@x/api"),
            Err(CredentialsProblem::UrlWithLogin)
        );
        for good in [
            "/api/3",
            "https://app.cloud66.com/api/3",
            "HTTP://127.0.0.1:8787/api/3",
        ] {
            assert!(Credentials::new("t", good).is_ok(), "{good}");
        }
    }

    #[test]
    fn cross_origin_is_told_apart() {
        let origin = "https://jobs.example.com";
        let c = |url| Credentials::new("t", url).unwrap();
        assert!(!c("/api/3").is_cross_origin(origin));
        assert!(!c("https://jobs.example.com/api/3").is_cross_origin(origin));
        assert!(c("https://jobs.example.com.evil/api/3").is_cross_origin(origin));
        assert!(c("https://app.cloud66.com/api/3").is_cross_origin(origin));
    }

    #[test]
    fn debug_output_hides_the_token() {
        let c = Credentials::new("secret-token", "/api/3").unwrap();
        assert!(!format!("{c:?}").contains("secret-token"));
    }
}
