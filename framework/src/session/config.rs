//! [`SessionConfig`]: the session cookie's name and lifetime, and where sessions are stored.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use actix_web::HttpRequest;

use super::store::Store;

/// How sessions are kept, added with `.app_data(...)` on a [`Routes`](crate::Routes) or an
/// `App` (the innermost one wins). Without one, the defaults apply.
///
/// | setting | default |
/// |---|---|
/// | [`cookie_name`](Self::cookie_name) | `rook_session` |
/// | [`max_age`](Self::max_age) (from the session's last write) | 14 days |
/// | [`secure`](Self::secure) | `Secure` over TLS only (`https` as the connection info sees it) |
/// | store | the cookie itself (signed and encrypted, at most 4 KiB); [`redis`](Self::redis) with feature `redis` |
///
/// ```
/// use std::time::Duration;
/// use rook::SessionConfig;
///
/// let config = SessionConfig::default().cookie_name("id").max_age(Duration::from_secs(3600));
/// # drop(config);
/// ```
#[derive(Clone)]
pub struct SessionConfig {
    pub(crate) cookie_name: String,
    pub(crate) max_age: Duration,
    pub(crate) secure: Option<bool>,
    pub(crate) store: Arc<Store>,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            cookie_name: "rook_session".into(),
            max_age: Duration::from_secs(14 * 24 * 3600),
            secure: None,
            store: Arc::new(Store::Cookie),
        }
    }
}

impl SessionConfig {
    /// The session cookie's name.
    pub fn cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookie_name = name.into();
        self
    }

    /// How long a session lives after its last write: the cookie's `Max-Age`, the expiry
    /// sealed inside it (an older cookie is an empty session even if a client keeps it), and
    /// the Redis key's TTL.
    pub fn max_age(mut self, age: Duration) -> Self {
        self.max_age = age;
        self
    }

    /// `Some(true)`: always `Secure`; `Some(false)`: never (plain-HTTP development behind
    /// nothing); `None` (the default): `Secure` when the request came over TLS.
    pub fn secure(mut self, secure: Option<bool>) -> Self {
        self.secure = secure;
        self
    }

    /// Keeps sessions in Redis (`redis://host:port/db`): the cookie then holds only the
    /// session's random id, sealed; the data lives under `rook:session:{ID}` with a TTL of
    /// [`max_age`](Self::max_age). For several processes behind one address, and for sessions
    /// over 4 KiB.
    #[cfg(feature = "redis")]
    pub fn redis(mut self, url: &str) -> Result<Self, crate::ws::RedisError> {
        self.store = Arc::new(Store::Redis(super::store::RedisStore::new(url)?));
        Ok(self)
    }

    /// The config that applies to `req`: its app data, else the defaults.
    pub(crate) fn of(req: &HttpRequest) -> &SessionConfig {
        static DEFAULT: LazyLock<SessionConfig> = LazyLock::new(SessionConfig::default);
        req.app_data::<SessionConfig>().unwrap_or(&DEFAULT)
    }
}
