//! [`Held`]: a view's state as the server keeps it between requests and connections, with the
//! number of the last event applied for each tab that sent numbered events.

use std::collections::HashMap;

/// At most this many tabs' event numbers are remembered per view; past it the lowest go.
const TABS: usize = 64;

/// A view's state and, per tab, the last event number applied.
pub(crate) struct Held<V> {
    pub(crate) view: V,
    tabs: HashMap<String, u64>,
}

impl<V> Held<V> {
    pub(crate) fn new(view: V) -> Held<V> {
        Held { view, tabs: HashMap::new() }
    }

    /// The last event number applied for `tab` (0: none).
    pub(crate) fn last(&self, tab: &str) -> u64 {
        self.tabs.get(tab).copied().unwrap_or(0)
    }

    /// Records that `tab`'s event `seq` was applied.
    pub(crate) fn applied(&mut self, tab: &str, seq: u64) {
        if !self.tabs.contains_key(tab)
            && self.tabs.len() >= TABS
            && let Some(oldest) = self.tabs.iter().min_by_key(|(_, seq)| **seq).map(|(tab, _)| tab.clone())
        {
            self.tabs.remove(&oldest);
        }
        self.tabs.insert(tab.to_owned(), seq);
    }
}
