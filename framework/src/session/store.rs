//! Where a session's contents live: sealed in the cookie itself (the default), or in Redis
//! with only the session's id sealed in the cookie (feature `redis`).

use actix_web::cookie::{Cookie, CookieJar, Key};

use super::envelope::{Envelope, random_hex};

/// The most bytes a session cookie (name and value) may take: what every browser keeps.
pub const COOKIE_LIMIT: usize = 4096;
#[cfg(feature = "redis")]
pub(crate) use super::redis::RedisStore;

/// A session store.
pub(crate) enum Store {
    /// The contents, as JSON, sealed (AES-256-GCM) into the cookie's value.
    Cookie,
    /// The contents in Redis; the cookie holds the id, sealed.
    #[cfg(feature = "redis")]
    Redis(RedisStore),
}

/// Why a session could not be written.
pub(crate) enum SaveError {
    /// The sealed cookie would take this many bytes, over the limit.
    TooLarge(usize),
    /// The store failed (Redis unreachable…).
    Store(String),
}

/// Seals `value` under `key`, bound to the cookie's `name` (a sealed value moved to another
/// cookie name does not open).
pub(crate) fn seal(key: &Key, name: &str, value: String) -> String {
    let mut jar = CookieJar::new();
    jar.private_mut(key).add(Cookie::new(name.to_owned(), value));
    jar.get(name).expect("just added").value().to_owned()
}

/// Opens a value sealed by [`seal`]; `None` if it was altered, sealed under another key or
/// name, or is not a sealed value at all.
pub(crate) fn open(key: &Key, name: &str, sealed: &str) -> Option<String> {
    let jar = CookieJar::new();
    let cookie = jar.private(key).decrypt(Cookie::new(name.to_owned(), sealed.to_owned()))?;
    Some(cookie.value().to_owned())
}

impl Store {
    /// The session a cookie's (sealed) value names: `Ok(None)` when it is tampered with,
    /// expired or undecodable (an empty session), `Err` when the store cannot be asked.
    pub(crate) async fn load(&self, key: &Key, name: &str, sealed: &str) -> Result<Option<Envelope>, String> {
        let Some(opened) = open(key, name, sealed) else {
            log::debug!("session cookie {name:?} does not open (tampered, or sealed under another key): empty session");
            return Ok(None);
        };
        let json = match self {
            Store::Cookie => opened,
            #[cfg(feature = "redis")]
            Store::Redis(redis) => match redis.get(&opened).await? {
                Some(json) => json,
                None => return Ok(None),
            },
        };
        let envelope = match serde_json::from_str::<Envelope>(&json) {
            Ok(envelope) => envelope,
            Err(e) => {
                log::debug!("session {name:?} does not decode ({e}): empty session");
                return Ok(None);
            }
        };
        Ok((!envelope.expired()).then_some(envelope))
    }

    /// Writes `envelope` (its id given now if it has none) and returns the cookie's sealed
    /// value; `old` is the id the request's session had, removed from a store when it differs.
    pub(crate) async fn save(
        &self,
        key: &Key,
        name: &str,
        envelope: &mut Envelope,
        old: Option<&str>,
        ttl: std::time::Duration,
    ) -> Result<String, SaveError> {
        if envelope.id.is_empty() {
            envelope.id = random_hex(16);
        }
        let json = serde_json::to_string(&*envelope).map_err(|e| SaveError::Store(e.to_string()))?;
        let _ = (old, ttl);
        let sealed = match self {
            Store::Cookie => seal(key, name, json),
            #[cfg(feature = "redis")]
            Store::Redis(redis) => {
                redis
                    .set(&envelope.id, json, ttl, old.filter(|old| *old != envelope.id))
                    .await
                    .map_err(SaveError::Store)?;
                seal(key, name, envelope.id.clone())
            }
        };
        let size = name.len() + sealed.len();
        if size > COOKIE_LIMIT {
            return Err(SaveError::TooLarge(size));
        }
        Ok(sealed)
    }

    /// Forgets the session stored under `id` (a cookie store has nothing to forget).
    pub(crate) async fn remove(&self, id: &str) -> Result<(), String> {
        match self {
            Store::Cookie => {
                let _ = id;
                Ok(())
            }
            #[cfg(feature = "redis")]
            Store::Redis(redis) => redis.delete(id).await,
        }
    }
}
