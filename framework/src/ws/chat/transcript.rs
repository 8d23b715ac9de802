//! [`Transcript`]: a room's latest entries as this process has seen them, for pages that show
//! the room (a live view), with a [`Topic`] published at each new entry.
//!
//! An in-process room records an entry when its hub orders it; a Redis room when this
//! process's reader reads it from the stream, so entries published by any process reach every
//! process's transcript, in the stream's order.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::delivery::Delivery;
use crate::live::Topic;

/// How many entries a transcript keeps.
pub(crate) const TRANSCRIPT_LEN: usize = 100;

/// One entry of a room as a page shows it ([`ChatRoom::recent`](super::ChatRoom::recent)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatLine {
    /// Its id in the room's order (`<epoch>-<seq>`): unique in the room, a key for `@for`.
    pub id: String,
    /// `"message"`, `"join"`, `"leave"` or `"lost"` (the entries before it could not be had).
    pub kind: &'static str,
    /// What it says (the showcase's pages write messages as `name: text`).
    pub text: String,
}

/// The latest entries and the topic that announces each new one.
#[derive(Default)]
pub(crate) struct Transcript {
    entries: Mutex<VecDeque<Arc<Delivery>>>,
    topic: Topic,
}

impl Transcript {
    pub(crate) fn new() -> Arc<Transcript> {
        Arc::default()
    }

    fn entries(&self) -> MutexGuard<'_, VecDeque<Arc<Delivery>>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `entry` (dropping the oldest past [`TRANSCRIPT_LEN`]) and publishes the topic.
    pub(crate) fn record(&self, entry: Arc<Delivery>) {
        {
            let mut entries = self.entries();
            if entries.len() >= TRANSCRIPT_LEN {
                entries.pop_front();
            }
            entries.push_back(entry);
        }
        self.topic.publish();
    }

    /// Forgets every entry (the room's history started afresh) and publishes the topic.
    #[cfg(feature = "redis")]
    pub(crate) fn clear(&self) {
        self.entries().clear();
        self.topic.publish();
    }

    /// The entries kept, oldest first.
    pub(crate) fn lines(&self) -> Vec<ChatLine> {
        self.entries()
            .iter()
            .map(|entry| ChatLine { id: entry.id.to_string(), kind: entry.kind.as_str(), text: entry.text.to_string() })
            .collect()
    }

    /// The topic published at each new entry.
    pub(crate) fn topic(&self) -> Topic {
        self.topic.clone()
    }
}
