//! [`WsConfig`]: the limits and the origin policy of WebSocket connections.

use std::sync::Arc;
use std::time::Duration;

use actix_web::HttpRequest;
use actix_web::web::Data;

use super::origin::canonical_origin;

/// Limits, keep-alive timing and allowed origins for [`WebSocket`](super::WebSocket)s.
///
/// Register it as app data (`App::new().app_data(config)`, or wrapped in `Data`); without one the
/// defaults apply:
///
/// | setting | default |
/// |---|---|
/// | [`max_frame_size`](Self::max_frame_size) | 64 KiB |
/// | [`max_message_size`](Self::max_message_size) | 1 MiB |
/// | [`ping_interval`](Self::ping_interval) | 20 s |
/// | [`idle_timeout`](Self::idle_timeout) | 60 s |
/// | allowed foreign origins | none (same host only) |
///
/// Both size limits are checked on the frame *header*: a frame announcing more than the limit is
/// answered with close code **1009** before any of its payload is read.
///
/// ```
/// use std::time::Duration;
/// use rook::WsConfig;
///
/// let config = WsConfig::default()
///     .max_frame_size(16 * 1024)
///     .idle_timeout(Duration::from_secs(30))
///     .allow_origin("https://app.example.com");
/// assert_eq!(config.frame_limit(), 16 * 1024);
/// assert_eq!(config.message_limit(), 1024 * 1024);
/// assert!(config.allows_origin("https://APP.example.com:443"));
/// // then: App::new().app_data(config)
/// ```
#[derive(Debug, Clone)]
pub struct WsConfig {
    max_frame: usize,
    max_message: usize,
    ping_interval: Duration,
    idle_timeout: Duration,
    any_origin: bool,
    // Canonical `scheme://host[:port]` forms, shared so cloning per request stays cheap.
    origins: Arc<[String]>,
}

impl Default for WsConfig {
    fn default() -> Self {
        WsConfig {
            max_frame: 64 * 1024,
            max_message: 1024 * 1024,
            ping_interval: Duration::from_secs(20),
            idle_timeout: Duration::from_secs(60),
            any_origin: false,
            origins: Arc::from([]),
        }
    }
}

impl WsConfig {
    /// The largest payload one received frame may announce, in bytes (default 64 KiB).
    pub fn max_frame_size(mut self, bytes: usize) -> Self {
        self.max_frame = bytes;
        self
    }

    /// The largest message a peer may send, all its fragments together, in bytes (default 1 MiB).
    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.max_message = bytes;
        self
    }

    /// How often a quiet peer is pinged while the server waits for its messages (default 20 s;
    /// kept between 1 ms and one year, the range a timer can represent).
    pub fn ping_interval(mut self, every: Duration) -> Self {
        self.ping_interval = every.clamp(Duration::from_millis(1), Duration::from_secs(365 * 24 * 3600));
        self
    }

    /// How long a peer may stay silent — not even answering pings — before the server closes
    /// the connection with code 1001 (default 60 s).
    pub fn idle_timeout(mut self, after: Duration) -> Self {
        self.idle_timeout = after;
        self
    }

    /// Accepts browser connections from `origin` (`"https://app.example.com"`, or `"null"`) in
    /// addition to pages served from the socket's own host.
    pub fn allow_origin(mut self, origin: impl AsRef<str>) -> Self {
        let mut origins = self.origins.to_vec();
        origins.push(canonical_origin(origin.as_ref()));
        self.origins = origins.into();
        self
    }

    /// Accepts connections whatever their `Origin` — for public APIs that need no protection
    /// against cross-site WebSocket hijacking.
    pub fn allow_any_origin(mut self) -> Self {
        self.any_origin = true;
        self
    }

    /// The frame size limit in bytes.
    pub fn frame_limit(&self) -> usize {
        self.max_frame
    }

    /// The message size limit in bytes.
    pub fn message_limit(&self) -> usize {
        self.max_message
    }

    /// The ping interval.
    pub fn pings_every(&self) -> Duration {
        self.ping_interval
    }

    /// The idle timeout.
    pub fn idle_after(&self) -> Duration {
        self.idle_timeout
    }

    /// Whether a page from `origin` may connect even though it is not the socket's own host.
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.any_origin || self.origins.iter().any(|allowed| *allowed == canonical_origin(origin))
    }

    /// The configuration registered for `req`'s app (plain or in `Data`), else the defaults.
    pub(crate) fn of(req: &HttpRequest) -> WsConfig {
        req.app_data::<WsConfig>()
            .or_else(|| req.app_data::<Data<WsConfig>>().map(|data| data.get_ref()))
            .cloned()
            .unwrap_or_default()
    }
}
