//! [`Held`]: a view's state as the server keeps it between requests and connections, with the
//! number of the last event applied for each tab that sent numbered events, and the sessions
//! of tabs that disconnected, parked for a while ([`LiveConfig::park_for`]) so that they can
//! resume.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::config::LiveConfig;
use super::diff::Encoder;
use super::tree::Tree;

/// Sessions parked in the process. At most [`LiveConfig::parked_max`] (each holds a copy of a
/// page's strings); past it, pages and disconnects are not parked and their client gets the
/// whole tree when it (re)joins.
static PARKED: AtomicUsize = AtomicUsize::new(0);

/// A disconnected tab's session: what its client was last sent.
pub(crate) struct Parked {
    /// The templates the client knows.
    pub(crate) encoder: Encoder,
    /// The tree the client holds.
    pub(crate) tree: Arc<Tree>,
    /// The number of the last message sent.
    pub(crate) seq: u64,
    until: Instant,
    _counted: Counted,
}

/// One of the parked sessions counted in `PARKED`: uncounted when dropped.
struct Counted;

impl Drop for Counted {
    fn drop(&mut self) {
        PARKED.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A view's state and, per tab, the last event number applied.
pub(crate) struct Held<V> {
    pub(crate) view: V,
    tabs: HashMap<String, u64>,
    parked: HashMap<String, Parked>,
    /// At most this many tabs' event numbers are remembered (past it the lowest go), and at
    /// most this many sessions parked.
    tabs_max: usize,
}

impl<V> Held<V> {
    pub(crate) fn new(view: V, tabs_max: usize) -> Held<V> {
        Held { view, tabs: HashMap::new(), parked: HashMap::new(), tabs_max }
    }

    /// Parks `tab`'s session as it ends, for `config`'s grace period.
    pub(crate) fn park(&mut self, tab: &str, encoder: Encoder, tree: Arc<Tree>, seq: u64, config: &LiveConfig) {
        let now = Instant::now();
        self.parked.retain(|_, parked| now < parked.until);
        if self.parked.len() >= self.tabs_max || config.park_for.is_zero() {
            return;
        }
        if PARKED.fetch_add(1, Ordering::Relaxed) >= config.parked_max {
            PARKED.fetch_sub(1, Ordering::Relaxed);
            return;
        }
        // Counted above; its drop uncounts it.
        self.parked
            .insert(tab.to_owned(), Parked { encoder, tree, seq, until: now + config.park_for, _counted: Counted });
    }

    /// `tab`'s parked session, if its grace period has not run out and it was parked after
    /// sending message `seq` (the last one its client saw).
    pub(crate) fn unpark(&mut self, tab: &str, seq: u64) -> Option<Parked> {
        let parked = self.parked.remove(tab)?;
        (parked.seq == seq && Instant::now() < parked.until).then_some(parked)
    }

    /// The last event number applied for `tab` (0: none).
    pub(crate) fn last(&self, tab: &str) -> u64 {
        self.tabs.get(tab).copied().unwrap_or(0)
    }

    /// Records that `tab`'s event `seq` was applied.
    pub(crate) fn applied(&mut self, tab: &str, seq: u64) {
        if !self.tabs.contains_key(tab)
            && self.tabs.len() >= self.tabs_max
            && let Some(oldest) = self.tabs.iter().min_by_key(|(_, seq)| **seq).map(|(tab, _)| tab.clone())
        {
            self.tabs.remove(&oldest);
        }
        self.tabs.insert(tab.to_owned(), seq);
    }
}
