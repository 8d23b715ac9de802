//! [`Backend`]: where a room's order is decided — in this process, or in Redis for every
//! process that shares it.

use std::collections::VecDeque;
use std::sync::Arc;

use bytestring::ByteString;
use futures_util::FutureExt;

use super::delivery::{Delivery, Kind};
use super::hub::Hub;
#[cfg(feature = "redis")]
use super::redis::RedisRoom;

/// A room's backend; both fan out to this process's members through a [`Hub`].
#[derive(Clone)]
pub(crate) enum Backend {
    /// The hub itself orders the room (`ChatRoom::new`).
    Local(Arc<Hub>),
    /// A Redis stream orders the room; this process's reader feeds the hub.
    #[cfg(feature = "redis")]
    Redis(Arc<RedisRoom>),
}

impl Backend {
    /// The hub of this process's members; for a Redis room, of the members on the current
    /// worker thread (call it from a worker).
    pub(crate) fn hub(&self) -> Arc<Hub> {
        match self {
            Backend::Local(hub) => hub.clone(),
            #[cfg(feature = "redis")]
            Backend::Redis(room) => room.hub(),
        }
    }

    /// How many members the room has in this process.
    pub(crate) fn members(&self) -> usize {
        match self {
            Backend::Local(hub) => hub.members(),
            #[cfg(feature = "redis")]
            Backend::Redis(room) => room.members(),
        }
    }

    pub(crate) fn set_history(&self, entries: usize) {
        match self {
            Backend::Local(hub) => hub.set_history_len(entries),
            #[cfg(feature = "redis")]
            Backend::Redis(room) => room.set_stream_len(entries),
        }
    }

    /// Whether a store holds more history than the hub (so a `since` can be fetched).
    pub(crate) fn has_store(&self) -> bool {
        !matches!(self, Backend::Local(_))
    }

    /// Whether the hub's knowledge is the room's whole truth (so a `since` past it is from the
    /// future).
    pub(crate) fn is_authoritative(&self) -> bool {
        matches!(self, Backend::Local(_))
    }

    /// Whether the room takes members now.
    pub(crate) fn is_available(&self) -> bool {
        match self {
            Backend::Local(_) => true,
            #[cfg(feature = "redis")]
            Backend::Redis(room) => room.is_available(),
        }
    }

    /// Publishes an entry, waiting for room (and, for Redis, for the store's answer); leave
    /// notices of the members removed meanwhile follow it.
    pub(crate) async fn publish(&self, kind: Kind, text: ByteString) {
        match self {
            Backend::Local(hub) => {
                let mut pending = VecDeque::from([(kind, text)]);
                while let Some((kind, text)) = pending.pop_front() {
                    for departed in hub.publish(kind, text, None, true).await {
                        if let Some(notice) = departed.notice() {
                            pending.push_back((Kind::Leave, ByteString::from(notice)));
                        }
                    }
                }
            }
            #[cfg(feature = "redis")]
            Backend::Redis(room) => room.publish(kind, text).await,
        }
    }

    /// Publishes a message from outside a member (a live view's `update`, a form handler)
    /// without waiting: an in-process room orders it at once unless a member's queue is full
    /// (then a task publishes it once there is room); a Redis room adds it on the process's
    /// Redis runtime, and it reaches the hubs and transcripts when the readers read it.
    pub(crate) fn say(&self, text: ByteString) {
        match self {
            Backend::Local(_) => {
                let backend = self.clone();
                let mut publish = Box::pin(async move { backend.publish(Kind::Message, text).await });
                if FutureExt::now_or_never(&mut publish).is_none() {
                    match tokio::runtime::Handle::try_current() {
                        Ok(runtime) => drop(runtime.spawn(publish)),
                        Err(_) => log::warn!("chat: a message waits for room outside a runtime and is dropped"),
                    }
                }
            }
            #[cfg(feature = "redis")]
            Backend::Redis(room) => room.say(Kind::Message, text),
        }
    }

    /// The entries with seq in `(after, upto]` of the current epoch, from the store.
    pub(crate) async fn fetch(&self, after: u64, upto: u64) -> Result<Vec<Delivery>, ()> {
        match self {
            Backend::Local(_) => {
                let _ = (after, upto);
                Ok(Vec::new())
            }
            #[cfg(feature = "redis")]
            Backend::Redis(room) => room.fetch(after, upto).await,
        }
    }

    /// The last seq of the current epoch, from the store.
    pub(crate) async fn last_seq(&self) -> Result<u64, ()> {
        match self {
            Backend::Local(hub) => Ok(hub.head().seq),
            #[cfg(feature = "redis")]
            Backend::Redis(room) => room.last_seq().await,
        }
    }
}
