//! [`AuthConfig`]: the realm and the limit of the built-in schemes.

use std::borrow::Cow;

use actix_web::HttpRequest;
use actix_web::web::Data;

/// Settings of [`Bearer`](super::Bearer) and [`Basic`](super::Basic), found as app data
/// (`Routes::app_data(AuthConfig::default().realm("admin"))`, or `Data<AuthConfig>`).
///
/// ```
/// use rook::AuthConfig;
///
/// let config = AuthConfig::default().realm("staff area").max_credentials(1024);
/// assert_eq!(config.basic_challenge().to_str().unwrap(), r#"Basic realm="staff area", charset="UTF-8""#);
/// ```
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// Borrowed for the default, so that reading the defaults allocates nothing.
    realm: Cow<'static, str>,
    max_credentials: usize,
}

impl Default for AuthConfig {
    /// Realm `"rook"`; credentials up to 4096 bytes.
    fn default() -> Self {
        AuthConfig { realm: Cow::Borrowed("rook"), max_credentials: 4096 }
    }
}

impl AuthConfig {
    /// The realm that `Basic` names in its challenge (quotes and backslashes are escaped;
    /// control characters dropped).
    pub fn realm(mut self, realm: impl Into<String>) -> Self {
        self.realm = Cow::Owned(realm.into());
        self
    }

    /// The longest credentials (the text after the scheme) accepted; longer ones are refused
    /// with the challenge. Default 4096 bytes.
    pub fn max_credentials(mut self, bytes: usize) -> Self {
        self.max_credentials = bytes;
        self
    }

    /// The longest credentials accepted.
    pub fn credentials_limit(&self) -> usize {
        self.max_credentials
    }

    /// `Basic realm="…", charset="UTF-8"` (RFC 7617).
    pub fn basic_challenge(&self) -> actix_web::http::header::HeaderValue {
        let mut realm = String::with_capacity(self.realm.len());
        for c in self.realm.chars().filter(|c| !c.is_control()) {
            if c == '"' || c == '\\' {
                realm.push('\\');
            }
            realm.push(c);
        }
        let text = format!("Basic realm=\"{realm}\", charset=\"UTF-8\"");
        // Non-ASCII realms are legal obs-text; HeaderValue takes bytes, not only ASCII.
        actix_web::http::header::HeaderValue::from_bytes(text.as_bytes())
            .unwrap_or_else(|_| actix_web::http::header::HeaderValue::from_static("Basic realm=\"rook\""))
    }

    /// The settings in force for `req`: its app data, else the defaults (borrowed, not
    /// copied: reading them allocates nothing).
    pub(crate) fn of(req: &HttpRequest) -> Cow<'_, AuthConfig> {
        req.app_data::<AuthConfig>()
            .or_else(|| req.app_data::<Data<AuthConfig>>().map(|d| d.get_ref()))
            .map_or_else(|| Cow::Owned(AuthConfig::default()), Cow::Borrowed)
    }
}
