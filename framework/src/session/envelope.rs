//! What a session holds, as it is sealed into the cookie (or stored in Redis): its id, its
//! expiry, its CSRF token, the application's data and the flash messages.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::message::FlashMessage;

/// One session's contents. Short member names: every byte counts against the 4 KiB cookie.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Envelope {
    /// A random id (hex), given when the session is first written; new on rotation.
    #[serde(rename = "i", default)]
    pub(crate) id: String,
    /// Seconds since the Unix epoch after which the session is empty.
    #[serde(rename = "e", default)]
    pub(crate) expires: u64,
    /// The CSRF token (hex), made when a page first asks for it.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub(crate) csrf: Option<String>,
    /// The `Session<T>` value as JSON; `None` while it is `T::default()`.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub(crate) data: Option<serde_json::Value>,
    /// Flash messages waiting for the next request that reads them.
    #[serde(rename = "f", default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) flash: Vec<FlashMessage>,
}

impl Envelope {
    /// Whether there is nothing worth a cookie.
    pub(crate) fn is_empty(&self) -> bool {
        self.csrf.is_none() && self.data.is_none() && self.flash.is_empty()
    }

    /// Whether the session is past its expiry.
    pub(crate) fn expired(&self) -> bool {
        self.expires <= now()
    }

    /// Sets the expiry `max_age` from now.
    pub(crate) fn renew(&mut self, max_age: Duration) {
        self.expires = now().saturating_add(max_age.as_secs());
    }
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `n` random bytes as lowercase hex, from the OS's random source.
pub(crate) fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::getrandom(&mut bytes).expect("the OS random source works");
    hex(&bytes)
}

/// Bytes as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// Hex as bytes, if it is hex.
pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}
