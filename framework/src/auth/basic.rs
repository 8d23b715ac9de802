//! [`Basic`]: user and password of `Authorization: Basic <base64>` (RFC 7617).

use actix_web::HttpRequest;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::authenticate::Authenticate;
use super::config::AuthConfig;
use super::credentials::credentials;
use super::error::AuthError;

/// The user and password of `Authorization: Basic <base64 of user:password>`, unchecked: wrap
/// it in a type of yours that checks them. Absent or malformed (another scheme, two
/// `Authorization` headers, bad base64, not UTF-8, no `:`, longer than
/// [`AuthConfig::max_credentials`]) → **401** with `WWW-Authenticate: Basic realm="…",
/// charset="UTF-8"`, the realm set by [`AuthConfig::realm`] (default `rook`).
///
/// ```
/// use rook::prelude::*;
/// use rook::{AuthConfig, Basic};
///
/// let routes = route! {
///     get "whoami", auth who: Basic => format!("hello, {}", who.user()),
/// }
/// .app_data(AuthConfig::default().realm("staff"));
/// # drop(routes);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basic {
    user: String,
    password: String,
}

impl Basic {
    /// The user id (before the first `:`).
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The password (after the first `:`).
    pub fn password(&self) -> &str {
        &self.password
    }

    /// The refusal of missing or malformed credentials for `req`: 401 with its realm.
    pub fn challenge(req: &HttpRequest) -> AuthError {
        AuthError::unauthenticated(AuthConfig::of(req).basic_challenge())
    }

    fn read(req: &HttpRequest, config: &AuthConfig) -> Option<Basic> {
        let encoded = credentials(req, "Basic", config.credentials_limit())?;
        let decoded = String::from_utf8(STANDARD.decode(encoded).ok()?).ok()?;
        let (user, password) = decoded.split_once(':')?;
        Some(Basic { user: user.to_owned(), password: password.to_owned() })
    }
}

impl Authenticate for Basic {
    const CSRF_EXEMPT: bool = true;

    fn security_scheme() -> serde_json::Value {
        serde_json::json!({ "type": "http", "scheme": "basic" })
    }

    async fn authenticate(req: &HttpRequest) -> Result<Self, AuthError> {
        let config = AuthConfig::of(req);
        Basic::read(req, &config).ok_or_else(|| AuthError::unauthenticated(config.basic_challenge()))
    }
}
