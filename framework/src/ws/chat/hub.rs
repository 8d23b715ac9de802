//! [`Hub`]: a room's members in this process, their bounded queues, and publication with
//! back-pressure.
//!
//! One lock serialises publication: an entry is pushed to every member's queue while the lock
//! is held, so all queues receive entries in the same order. A publisher waits until every
//! queue has room (back-pressure: the sender is read no faster than the room can queue its
//! messages). A member that holds the room up is judged over a window, not one burst: from the
//! moment a publisher finds its queue full, it must take half a queue's worth of entries within
//! `slow_timeout`, or it is removed and closed with 1008. So a member that keeps reading is never
//! closed by a burst, and nobody waits longer than `slow_timeout` for one that stopped.

use std::collections::{HashMap, VecDeque};
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use actix_http::ws::CloseCode;
use bytestring::ByteString;
use futures_util::future::{Either, select};
use tokio::sync::Notify;
use tokio::time::{Instant, sleep_until};

use super::delivery::{Delivery, HISTORY_LOST, Kind};
use super::id::MessageId;
use super::notices::Notices;
use super::transcript::Transcript;

/// How a member is closed by the room.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Close {
    pub(crate) code: CloseCode,
    pub(crate) reason: &'static str,
}

/// The 1008 for a member that stopped reading.
pub(crate) const TOO_SLOW: Close = Close { code: CloseCode::Policy, reason: "too slow: outbound queue full" };

/// The 1011 for members of a room whose store cannot be reached.
pub(crate) const UNAVAILABLE: Close = Close { code: CloseCode::Error, reason: "the chat's store is unreachable" };

/// Wakes a member's writer; tells it why, once it was removed by the room.
#[derive(Default)]
pub(crate) struct Signal {
    wake: Notify,
    close: Mutex<Option<Close>>,
}

impl Signal {
    /// Waits for entries (or the close); a wake-up given before the wait is kept.
    pub(crate) async fn woken(&self) {
        self.wake.notified().await;
    }

    /// Why the room removed the member, if it did.
    pub(crate) fn close(&self) -> Option<Close> {
        *self.close.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn closed_by_room(&self, close: Close) {
        *self.close.lock().unwrap_or_else(PoisonError::into_inner) = Some(close);
        self.wake.notify_one();
    }
}

/// Per-member settings, from the [`ChatRoom`](super::ChatRoom) handle it joined through.
#[derive(Clone)]
pub(crate) struct MemberSettings {
    pub(crate) queue_len: usize,
    pub(crate) slow_timeout: Duration,
    pub(crate) notices: Notices,
    pub(crate) name: Option<ByteString>,
}

/// A member who left or was removed, for its leave notice.
pub(crate) struct Departed {
    pub(crate) name: Option<ByteString>,
    pub(crate) notices: Notices,
}

impl Departed {
    /// The leave notice's text, if its notices give one.
    pub(crate) fn notice(&self) -> Option<String> {
        self.notices.left(self.name.as_deref())
    }
}

struct Slot {
    queue: VecDeque<Arc<Delivery>>,
    capacity: usize,
    slow_timeout: Duration,
    /// Since when a publisher has found this queue full (and it has not caught up since).
    full_since: Option<Instant>,
    /// Entries taken since `full_since`; half a queue's worth clears it.
    taken_since_full: usize,
    /// Entries of this epoch up to this seq are not delivered (a `since` this process had not
    /// seen yet when the member joined).
    skip_until: u64,
    signal: Arc<Signal>,
    name: Option<ByteString>,
    notices: Notices,
}

impl Slot {
    fn is_full(&self) -> bool {
        self.queue.len() >= self.capacity
    }

    fn departed(self) -> Departed {
        Departed { name: self.name, notices: self.notices }
    }
}

struct State {
    members: HashMap<u64, Slot>,
    next_member: u64,
    epoch: u64,
    last_seq: u64,
    /// The latest entries, for members that resume with `since`.
    history: VecDeque<Arc<Delivery>>,
    history_len: usize,
    /// Where an in-process room records its entries for pages that show it (a Redis room's
    /// reader records them instead, so its per-thread hubs have none).
    transcript: Option<Arc<Transcript>>,
}

/// What a `since` asks of the room.
pub(crate) enum Resume {
    /// Nothing to replay beyond what the member's queue was given.
    Ready,
    /// The backend's store must supply the entries in `(after, upto]` first.
    Fetch { after: u64, upto: u64 },
    /// `since` is past what this process has seen: the backend must check it is not from the
    /// future (entries up to it are skipped meanwhile).
    CheckFuture { seq: u64 },
}

/// A member's place in the hub.
pub(crate) struct Joined {
    pub(crate) member: u64,
    pub(crate) signal: Arc<Signal>,
    pub(crate) resume: Resume,
}

/// What a writer finds in its queue.
pub(crate) enum Take {
    Batch(Vec<Arc<Delivery>>),
    Empty,
    /// The member is no longer in the room (closed by it, with this code, or it left).
    Gone(Option<Close>),
}

/// A room's members in this process.
pub(crate) struct Hub {
    state: Mutex<State>,
    /// Woken when a full queue gets room or a member leaves: publishers wait on it.
    space: Notify,
}

impl Hub {
    /// A hub in `epoch` keeping `history_len` entries; each entry it orders is also recorded in
    /// `transcript`, if any.
    pub(crate) fn new(epoch: u64, history_len: usize, transcript: Option<Arc<Transcript>>) -> Self {
        Hub {
            state: Mutex::new(State {
                members: HashMap::new(),
                next_member: 0,
                epoch,
                last_seq: 0,
                history: VecDeque::new(),
                history_len,
                transcript,
            }),
            space: Notify::new(),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding the lock; if something ever did, the state is still sound.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn members(&self) -> usize {
        self.state().members.len()
    }

    pub(crate) fn is_member(&self, member: u64) -> bool {
        self.state().members.contains_key(&member)
    }

    /// The current epoch and the last seq published in it, as this process knows them.
    pub(crate) fn head(&self) -> MessageId {
        let state = self.state();
        MessageId { epoch: state.epoch, seq: state.last_seq }
    }

    pub(crate) fn set_history_len(&self, entries: usize) {
        let mut state = self.state();
        state.history_len = entries;
        while state.history.len() > entries {
            state.history.pop_front();
        }
    }

    /// Adds a member, its queue primed with what `since` asks for: the entries after it that
    /// the history still holds, or a `history lost` entry when its epoch is not this one or
    /// (without a `store` to fetch from) the entries after it are gone.
    pub(crate) fn join(&self, settings: &MemberSettings, since: Option<MessageId>, store: bool) -> Joined {
        let mut state = self.state();
        let mut queue = VecDeque::new();
        let mut resume = Resume::Ready;
        let mut skip_until = 0;
        let epoch = state.epoch;
        if let Some(since) = since {
            let first = state.history.front().map_or(state.last_seq + 1, |d| d.id.seq);
            if since.epoch != epoch {
                queue.push_back(lost(MessageId { epoch, seq: state.last_seq }));
            } else if since.seq > state.last_seq {
                skip_until = since.seq;
                resume = Resume::CheckFuture { seq: since.seq };
            } else if since.seq + 1 >= first {
                queue.extend(state.history.iter().filter(|d| d.id.seq > since.seq).cloned());
            } else {
                if store {
                    resume = Resume::Fetch { after: since.seq, upto: first - 1 };
                } else {
                    queue.push_back(lost(MessageId { epoch, seq: first - 1 }));
                }
                queue.extend(state.history.iter().cloned());
            }
        }
        let member = state.next_member;
        state.next_member += 1;
        let signal = Arc::new(Signal::default());
        state.members.insert(
            member,
            Slot {
                queue,
                capacity: settings.queue_len,
                slow_timeout: settings.slow_timeout,
                full_since: None,
                taken_since_full: 0,
                skip_until,
                signal: signal.clone(),
                name: settings.name.clone(),
                notices: settings.notices.clone(),
            },
        );
        signal.wake.notify_one();
        Joined { member, signal, resume }
    }

    /// Whether `since` is past every entry of the current epoch that this process has seen.
    pub(crate) fn is_ahead(&self, since: MessageId) -> bool {
        let state = self.state();
        since.epoch == state.epoch && since.seq > state.last_seq
    }

    /// Removes the member; the leaver, if it was still a member.
    pub(crate) fn leave(&self, member: u64) -> Option<Departed> {
        let slot = self.state().members.remove(&member)?;
        self.space.notify_waiters();
        Some(slot.departed())
    }

    #[cfg(feature = "redis")]
    /// Removes every member, each closed with `close` (no leave notices).
    pub(crate) fn remove_all(&self, close: Close) {
        let members = std::mem::take(&mut self.state().members);
        for slot in members.into_values() {
            slot.signal.closed_by_room(close);
        }
        self.space.notify_waiters();
    }

    #[cfg(feature = "redis")]
    /// Wakes the writers of every member with entries queued (after publishing with `wake` off).
    pub(crate) fn wake_all(&self) {
        self.state().wake_all();
    }

    #[cfg(feature = "redis")]
    /// The hub starts following a room whose last entry is `head` (nothing is replayed).
    pub(crate) fn start_at(&self, head: MessageId) {
        let mut state = self.state();
        state.epoch = head.epoch;
        state.last_seq = head.seq;
        state.history.clear();
    }

    #[cfg(feature = "redis")]
    /// Entries up to `at` can no longer be had (the stream was trimmed before this process
    /// read them): every member is told `history lost`, and the hub goes on after `at`.
    pub(crate) fn gap(&self, at: MessageId) {
        let mut state = self.state();
        state.last_seq = at.seq;
        state.history.clear();
        let notice = lost(at);
        for slot in state.members.values_mut() {
            slot.queue.push_back(notice.clone());
            slot.signal.wake.notify_one();
        }
    }

    #[cfg(feature = "redis")]
    /// The room's history starts afresh in `epoch`: every member is told `history lost`.
    pub(crate) fn restart(&self, epoch: u64) {
        let mut state = self.state();
        state.epoch = epoch;
        state.last_seq = 0;
        state.history.clear();
        let notice = lost(MessageId { epoch, seq: 0 });
        for slot in state.members.values_mut() {
            slot.skip_until = 0;
            slot.queue.push_back(notice.clone());
            slot.signal.wake.notify_one();
        }
    }

    /// Publishes an entry once every member's queue has room, and returns the members removed
    /// meanwhile for being too slow (the caller publishes their leave notices). `id` is the
    /// entry's id when the backend assigned it (entries at or before the last one are dropped:
    /// a replay), else the next one of this hub's epoch. With `wake` false the members' writers
    /// are not woken for it (the caller publishes a batch, then calls [`wake_all`](Self::wake_all);
    /// a publish that has to wait for room wakes them all first).
    pub(crate) async fn publish(
        &self,
        kind: Kind,
        text: ByteString,
        id: Option<MessageId>,
        wake: bool,
    ) -> Vec<Departed> {
        let mut departed = Vec::new();
        loop {
            let mut space = pin!(self.space.notified());
            let deadline = {
                let mut state = self.state();
                let now = Instant::now();
                let overdue: Vec<u64> = state
                    .members
                    .iter()
                    .filter(|(_, s)| s.is_full() && s.full_since.is_some_and(|t| now >= t + s.slow_timeout))
                    .map(|(id, _)| *id)
                    .collect();
                for member in overdue {
                    if let Some(slot) = state.members.remove(&member) {
                        slot.signal.closed_by_room(TOO_SLOW);
                        departed.push(slot.departed());
                    }
                }
                let mut deadline: Option<Instant> = None;
                for slot in state.members.values_mut().filter(|s| s.is_full()) {
                    if slot.full_since.is_none() {
                        slot.full_since = Some(now);
                        slot.taken_since_full = 0;
                    }
                    let since = slot.full_since.unwrap_or(now);
                    let due = since + slot.slow_timeout;
                    deadline = Some(deadline.map_or(due, |d| d.min(due)));
                }
                match deadline {
                    None => {
                        state.push(kind, text, id, wake);
                        return departed;
                    }
                    Some(deadline) => {
                        // Registered before the lock is released: a writer's wake-up cannot be missed.
                        space.as_mut().enable();
                        if !wake {
                            state.wake_all();
                        }
                        deadline
                    }
                }
            };
            if let Either::Right(_) = select(space, pin!(sleep_until(deadline))).await {
                // Overdue members are removed on the next pass.
            }
        }
    }

    /// Up to `max` entries from the member's queue.
    pub(crate) fn take(&self, member: u64, signal: &Signal, max: usize) -> Take {
        let mut state = self.state();
        let epoch = state.epoch;
        let Some(slot) = state.members.get_mut(&member) else {
            return Take::Gone(signal.close());
        };
        if slot.queue.is_empty() {
            return Take::Empty;
        }
        let was_full = slot.is_full();
        let n = slot.queue.len().min(max);
        let skip = slot.skip_until;
        let batch: Vec<_> =
            slot.queue.drain(..n).filter(|d| d.kind == Kind::Lost || d.id.epoch != epoch || d.id.seq > skip).collect();
        if slot.full_since.is_some() {
            slot.taken_since_full += n;
            if slot.queue.is_empty() || slot.taken_since_full >= (slot.capacity / 2).max(1) {
                slot.full_since = None;
                slot.taken_since_full = 0;
            }
        }
        drop(state);
        if was_full {
            self.space.notify_waiters();
        }
        Take::Batch(batch)
    }
}

impl State {
    fn wake_all(&self) {
        for slot in self.members.values().filter(|s| !s.queue.is_empty()) {
            slot.signal.wake.notify_one();
        }
    }

    fn push(&mut self, kind: Kind, text: ByteString, id: Option<MessageId>, wake: bool) {
        let id = match id {
            Some(id) if id.epoch == self.epoch && id.seq <= self.last_seq => return,
            Some(id) => id,
            None => MessageId { epoch: self.epoch, seq: self.last_seq + 1 },
        };
        self.last_seq = id.seq;
        let entry = Arc::new(Delivery::new(id, kind, text));
        for slot in self.members.values_mut() {
            slot.queue.push_back(entry.clone());
            if wake {
                slot.signal.wake.notify_one();
            }
        }
        if let Some(transcript) = &self.transcript {
            transcript.record(entry.clone());
        }
        if self.history_len > 0 {
            if self.history.len() >= self.history_len {
                self.history.pop_front();
            }
            self.history.push_back(entry);
        }
    }
}

/// A `history lost` entry; the client resumes after `at`.
fn lost(at: MessageId) -> Arc<Delivery> {
    Arc::new(Delivery::new(at, Kind::Lost, ByteString::from_static(HISTORY_LOST)))
}
