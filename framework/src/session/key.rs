//! The secret key that signs and encrypts session cookies: `ROOK_SECRET_KEY`, or one given in
//! code with [`set_secret_key`], or (debug builds only) one generated at start-up.

use std::fmt;
use std::sync::OnceLock;

use actix_web::cookie::Key;
use base64::Engine as _;

/// The environment variable holding the session key.
pub const SECRET_KEY_VAR: &str = "ROOK_SECRET_KEY";

/// The fewest bytes a key decodes to: 32 to sign (HMAC-SHA256) and 32 to encrypt (AES-256-GCM).
pub const MIN_KEY_BYTES: usize = 64;

static KEY: OnceLock<Key> = OnceLock::new();

/// Why the session key could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// `ROOK_SECRET_KEY` is not set in a release build (a debug build generates a key).
    Missing,
    /// The key is not hex or base64, or decodes to fewer than 64 bytes.
    Malformed(String),
    /// [`set_secret_key`] was called after a key was already in use.
    AlreadySet,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::Missing => write!(
                f,
                "{SECRET_KEY_VAR} is not set: sessions need a secret key of at least {MIN_KEY_BYTES} random bytes, \
                 hex or base64 (e.g. `openssl rand -base64 64`)"
            ),
            KeyError::Malformed(why) => write!(f, "{SECRET_KEY_VAR}: {why}"),
            KeyError::AlreadySet => f.write_str("the session key is already in use; set it before serving"),
        }
    }
}

impl std::error::Error for KeyError {}

/// Decodes a key written as hex or base64 (standard or URL-safe alphabet, padded or not) into
/// at least 64 bytes.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, KeyError> {
    let text = text.trim();
    let bytes = if let Some(bytes) = super::envelope::unhex(text) {
        bytes
    } else {
        let engines = [
            &base64::engine::general_purpose::STANDARD,
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            &base64::engine::general_purpose::URL_SAFE,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        engines
            .iter()
            .find_map(|e| e.decode(text).ok())
            .ok_or_else(|| KeyError::Malformed("not hex or base64".into()))?
    };
    if bytes.len() < MIN_KEY_BYTES {
        return Err(KeyError::Malformed(format!(
            "decodes to {} bytes; a key needs at least {MIN_KEY_BYTES} random bytes (e.g. `openssl rand -base64 64`)",
            bytes.len()
        )));
    }
    Ok(bytes)
}

/// Sets the session key in code (from a secret store, say) instead of `ROOK_SECRET_KEY`:
/// `bytes` are at least 64 random bytes. Call it before serving; once a key is in use it
/// cannot change ([`KeyError::AlreadySet`]).
pub fn set_secret_key(bytes: &[u8]) -> Result<(), KeyError> {
    if bytes.len() < MIN_KEY_BYTES {
        return Err(KeyError::Malformed(format!("{} bytes given; a key needs at least {MIN_KEY_BYTES}", bytes.len())));
    }
    KEY.set(Key::from(bytes)).map_err(|_| KeyError::AlreadySet)
}

/// Makes sure there is a session key, as `rook::serve` does at start-up: `ROOK_SECRET_KEY`
/// (or [`set_secret_key`]); in a debug build without either, a key generated for this process
/// and one warning (sessions then end with the process); in a release build without either,
/// [`KeyError::Missing`], which stops start-up naming the variable. A malformed variable is an
/// error in every build.
pub fn check_key() -> Result<(), KeyError> {
    key().map(|_| ())
}

impl crate::Routes {
    /// [`check_key`] when some route of the table has a `session` parameter: what `rook::serve`
    /// and `Server::run` call before binding, so that a release build without
    /// `ROOK_SECRET_KEY` stops at start-up, naming it. A table without sessions needs no key.
    pub(crate) fn check_session_key(&self) -> Result<(), KeyError> {
        if self.list().iter().any(|route| route.info.sessions) { check_key() } else { Ok(()) }
    }
}

/// The key in use, loaded on first use.
pub(crate) fn key() -> Result<&'static Key, KeyError> {
    if let Some(key) = KEY.get() {
        return Ok(key);
    }
    let loaded = match std::env::var(SECRET_KEY_VAR) {
        Ok(text) => Key::from(&decode(&text)?),
        Err(_) if cfg!(debug_assertions) => {
            let key = Key::try_generate().ok_or_else(|| KeyError::Malformed("the OS has no random source".into()))?;
            log::warn!(
                "{SECRET_KEY_VAR} is not set: sessions use a key generated for this process (debug build only; \
                 a release build refuses to start without it)"
            );
            key
        }
        Err(_) => return Err(KeyError::Missing),
    };
    // Two threads may load at once: the first key set wins, and both use it.
    let _ = KEY.set(loaded);
    Ok(KEY.get().expect("set above"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_base64_keys_decode() {
        let hex = "ab".repeat(64);
        assert_eq!(decode(&hex).unwrap(), vec![0xab; 64]);
        let b64 = base64::engine::general_purpose::STANDARD.encode([7u8; 66]);
        assert_eq!(decode(&b64).unwrap(), vec![7; 66]);
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([0xfbu8; 64]);
        assert_eq!(decode(&url).unwrap(), vec![0xfb; 64]);
        assert!(matches!(decode(&"ab".repeat(63)), Err(KeyError::Malformed(m)) if m.contains("63 bytes")));
        assert!(matches!(decode("not a key!"), Err(KeyError::Malformed(_))));
    }
}
