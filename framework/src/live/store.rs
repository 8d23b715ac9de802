//! The states of live views between requests: one per browser (a `rook-live` cookie) and
//! path, in this process, so that a POST without JavaScript, the next GET and the WebSocket
//! all see the same state.

use std::any::Any;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Instant;

use super::config::LiveConfig;
use super::held::Held;

/// The cookie that names a browser's views.
pub(crate) const COOKIE: &str = "rook-live";

type Shared = Arc<dyn Any + Send + Sync>;

struct Entry {
    state: Shared,
    used: Instant,
}

static STATES: LazyLock<Mutex<HashMap<(String, String), Entry>>> = LazyLock::new(Default::default);

/// The state of `path` for the browser `id`, or `init` when there is none (or it was of
/// another type). States unused for [`LiveConfig::state_idle`] are forgotten, and past
/// [`LiveConfig::state_max`] the least recently used one.
pub(crate) fn state<V: Send + 'static>(id: &str, path: &str, init: V, config: &LiveConfig) -> Arc<Mutex<Held<V>>> {
    let mut states = STATES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let now = Instant::now();
    let key = (id.to_owned(), path.to_owned());
    if let Some(entry) = states.get_mut(&key)
        && let Ok(state) = entry.state.clone().downcast::<Mutex<Held<V>>>()
    {
        entry.used = now;
        return state;
    }
    states.retain(|_, entry| now.duration_since(entry.used) < config.state_idle);
    if states.len() >= config.state_max
        && let Some(oldest) = states.iter().min_by_key(|(_, entry)| entry.used).map(|(key, _)| key.clone())
    {
        states.remove(&oldest);
    }
    let state = Arc::new(Mutex::new(Held::new(init, config.tabs_per_view)));
    states.insert(key, Entry { state: state.clone(), used: now });
    state
}

/// A new browser id: 128 bits from the process's randomly keyed SipHash over a counter.
pub(crate) fn new_id() -> String {
    static KEYS: LazyLock<(RandomState, RandomState)> = LazyLock::new(|| (RandomState::new(), RandomState::new()));
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let (a, b) = (KEYS.0.hash_one((n, nanos)), KEYS.1.hash_one((nanos, n)));
    format!("{a:016x}{b:016x}")
}

/// Whether a cookie value looks like an id this module made.
pub(crate) fn is_id(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}
