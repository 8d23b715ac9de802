//! [`LiveConfig`]: the limits of live views — event size and rate, how long and how many
//! disconnected sessions wait to resume, how many view states the process keeps.

use std::time::Duration;

use actix_web::HttpRequest;
use actix_web::web::Data;

/// The largest event message (or form body) accepted by default, in bytes.
pub const EVENT_LIMIT: usize = 16 * 1024;

/// Events a socket may send in a burst by default; the allowance refills at [`EVENT_RATE`] a
/// second. A client past it is closed with 1008.
pub const EVENT_BURST: u32 = 100;

/// Events a second a socket may send, sustained, by default.
pub const EVENT_RATE: u32 = 50;

/// Limits of the live views served with [`Live`](super::Live).
///
/// Register it as app data (`Routes::app_data(config)` or `App::new().app_data(config)`, plain
/// or in `Data`), as [`WsConfig`](crate::WsConfig) is; without one the defaults apply:
///
/// | setting | default | past it |
/// |---|---|---|
/// | [`event_limit`](Self::event_limit) | 16 KiB | socket closed with 1009, form answered 413 |
/// | [`event_burst`](Self::event_burst) | 100 events | socket closed with 1008 |
/// | [`event_rate`](Self::event_rate) | 50 events a second | socket closed with 1008 |
/// | [`park_for`](Self::park_for) | 30 s | the client gets the whole tree on its (re)join |
/// | [`tabs_per_view`](Self::tabs_per_view) | 64 | the oldest tab's event numbers are forgotten; no more sessions parked for that state |
/// | [`parked_max`](Self::parked_max) | 10 000 | no more sessions parked in the process |
/// | [`state_idle`](Self::state_idle) | 1 hour | the state is forgotten (the browser starts again from `init`) |
/// | [`state_max`](Self::state_max) | 100 000 | the least recently used state is forgotten |
///
/// ```
/// use std::time::Duration;
/// use rook::live::LiveConfig;
///
/// let config = LiveConfig::default().event_limit(4 * 1024).event_rate(10).park_for(Duration::from_secs(60));
/// assert_eq!(config.event_bytes(), 4 * 1024);
/// // then: app().app_data(config)
/// ```
#[derive(Debug, Clone)]
pub struct LiveConfig {
    pub(crate) event_limit: usize,
    pub(crate) event_burst: u32,
    pub(crate) event_rate: u32,
    pub(crate) park_for: Duration,
    pub(crate) tabs_per_view: usize,
    pub(crate) parked_max: usize,
    pub(crate) state_idle: Duration,
    pub(crate) state_max: usize,
}

impl Default for LiveConfig {
    fn default() -> LiveConfig {
        LiveConfig {
            event_limit: EVENT_LIMIT,
            event_burst: EVENT_BURST,
            event_rate: EVENT_RATE,
            park_for: Duration::from_secs(30),
            tabs_per_view: 64,
            parked_max: 10_000,
            state_idle: Duration::from_secs(60 * 60),
            state_max: 100_000,
        }
    }
}

impl LiveConfig {
    /// The largest event message over the socket, and the largest event form body, in bytes
    /// (default 16 KiB).
    pub fn event_limit(mut self, bytes: usize) -> LiveConfig {
        self.event_limit = bytes;
        self
    }

    /// Events a socket may send at once before the sustained rate applies (default 100; at
    /// least 1).
    pub fn event_burst(mut self, events: u32) -> LiveConfig {
        self.event_burst = events.max(1);
        self
    }

    /// Events a second a socket may send, sustained (default 50).
    pub fn event_rate(mut self, per_second: u32) -> LiveConfig {
        self.event_rate = per_second;
        self
    }

    /// How long a disconnected tab's session (and a page's, until its client joins) waits to
    /// be resumed with only what changed (default 30 s).
    pub fn park_for(mut self, grace: Duration) -> LiveConfig {
        self.park_for = grace;
        self
    }

    /// Per view state: how many tabs' event numbers are remembered, and how many of their
    /// sessions may be parked (default 64).
    pub fn tabs_per_view(mut self, tabs: usize) -> LiveConfig {
        self.tabs_per_view = tabs;
        self
    }

    /// How many sessions may be parked in the process (default 10 000); each holds a copy of
    /// its page's strings.
    pub fn parked_max(mut self, sessions: usize) -> LiveConfig {
        self.parked_max = sessions;
        self
    }

    /// How long a view state nobody uses is kept (default 1 hour).
    pub fn state_idle(mut self, after: Duration) -> LiveConfig {
        self.state_idle = after;
        self
    }

    /// How many view states (one per browser and path) the process keeps (default 100 000; at
    /// least 1).
    pub fn state_max(mut self, states: usize) -> LiveConfig {
        self.state_max = states.max(1);
        self
    }

    /// The event size limit in bytes.
    pub fn event_bytes(&self) -> usize {
        self.event_limit
    }

    /// The configuration registered for `req`'s app (plain or in `Data`), else the defaults.
    pub(crate) fn of(req: &HttpRequest) -> LiveConfig {
        req.app_data::<LiveConfig>()
            .or_else(|| req.app_data::<Data<LiveConfig>>().map(|data| data.get_ref()))
            .cloned()
            .unwrap_or_default()
    }
}
