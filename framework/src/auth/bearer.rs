//! [`Bearer`]: the token of `Authorization: Bearer <token>` (RFC 6750).

use actix_web::HttpRequest;
use actix_web::http::header::HeaderValue;

use super::authenticate::Authenticate;
use super::config::AuthConfig;
use super::credentials::credentials;
use super::error::AuthError;

/// The token of `Authorization: Bearer <token>`, unchecked: wrap it in a type of yours that
/// looks the token up. Absent or malformed (another scheme, two `Authorization` headers, a
/// token with characters outside RFC 6750's `b64token`, longer than
/// [`AuthConfig::max_credentials`]) → **401** with `WWW-Authenticate: Bearer`.
///
/// ```
/// use rook::prelude::*;
/// use rook::Bearer;
///
/// let routes = route! {
///     get "token", auth bearer: Bearer => format!("your token is {}", bearer.token()),
/// };
/// # drop(routes);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bearer {
    token: String,
}

impl Bearer {
    /// The token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The token, owned.
    pub fn into_token(self) -> String {
        self.token
    }

    /// The refusal of a missing or malformed token: 401, `WWW-Authenticate: Bearer`.
    pub fn challenge() -> AuthError {
        AuthError::unauthenticated(HeaderValue::from_static("Bearer"))
    }

    /// The token of `req`'s `Authorization: Bearer` header, if well-formed.
    fn read(req: &HttpRequest) -> Option<Bearer> {
        let token = credentials(req, "Bearer", AuthConfig::of(req).credentials_limit())?;
        b64token(token).then(|| Bearer { token: token.to_owned() })
    }
}

impl Authenticate for Bearer {
    const CSRF_EXEMPT: bool = true;

    fn security_scheme() -> serde_json::Value {
        serde_json::json!({ "type": "http", "scheme": "bearer" })
    }

    async fn authenticate(req: &HttpRequest) -> Result<Self, AuthError> {
        Bearer::read(req).ok_or_else(Bearer::challenge)
    }
}

/// RFC 6750 `b64token`: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
fn b64token(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b64token_syntax() {
        assert!(b64token("abc.DEF-123_~+/=="));
        assert!(!b64token("=="));
        assert!(!b64token("a b"));
        assert!(!b64token("a=b"));
        assert!(!b64token("tok\"en"));
    }
}
