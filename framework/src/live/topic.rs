//! [`Topic`]: in-process publish/subscribe for live views. A view lists the topics it shows
//! ([`LiveView::topics`](super::LiveView::topics)); when anyone publishes on one, every
//! connected view that lists it renders again and sends its client the patch, if any.
//! Publications coalesce: a client that is slow to read gets one patch for all the changes it
//! missed, never a queue of them.

use std::fmt;
use std::sync::Arc;

use tokio::sync::watch;

/// Something views watch: shared data they render, or an event they all show. Cheap to clone;
/// clones are the same topic.
#[derive(Clone)]
pub struct Topic(Arc<watch::Sender<u64>>);

impl Topic {
    /// A new topic, with no subscriber.
    pub fn new() -> Topic {
        Topic(Arc::new(watch::Sender::new(0)))
    }

    /// Tells every view that lists this topic to render again.
    pub fn publish(&self) {
        self.0.send_modify(|version| *version = version.wrapping_add(1));
    }

    /// The number of connected views listening.
    pub fn subscribers(&self) -> usize {
        self.0.receiver_count()
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<u64> {
        self.0.subscribe()
    }

    /// The topic's identity (equal for clones).
    pub(crate) fn id(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }
}

impl Default for Topic {
    fn default() -> Topic {
        Topic::new()
    }
}

impl fmt::Debug for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Topic").field("subscribers", &self.subscribers()).finish()
    }
}
