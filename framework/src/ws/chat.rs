//! [`ChatRoom`]: every member's messages, fanned out to every member in one shared order.
//!
//! One lock (the hub) serialises publication: a message is pushed to every member's bounded
//! outbound queue while the lock is held, so all queues receive messages in the same order and
//! that order is the room's total order. Pushing never waits: a member whose queue is full is
//! removed there and then and closed with 1008, so a slow reader can neither slow the sender nor
//! make anyone else miss a message. Each member's writer then drains its own queue into its
//! socket at whatever pace that socket allows.

use std::collections::{HashMap, VecDeque};
use std::future::poll_fn;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::Poll;

use actix_http::ws::{CloseCode, CloseReason};
use actix_web::HttpResponse;
use actix_ws::Session;
use bytestring::ByteString;
use futures_util::future::select;
use tokio::sync::mpsc::error::TrySendError;
use tokio::sync::{mpsc, oneshot};

use super::conn::Connection;
use super::socket::WebSocket;

/// A chat room: each text message a member sends is delivered to every current member (the
/// sender included) exactly once, in one order shared by all members; when a member leaves, the
/// others receive a notice (`A user left the chat` unless [configured](Self::leave_notice)).
///
/// A member whose outbound queue (default 256 messages, [`queue_len`](Self::queue_len)) is full —
/// it reads more slowly than the room talks — is closed with **1008**; nobody else is slowed or
/// loses a message. Memory is bounded by queue length × members: queues hold shared handles to
/// the messages, and since every queue is a recent stretch of the one order, the message bytes
/// held are at most those of the last queue-length messages.
///
/// `ChatRoom` is a cheap handle (`Clone + Send + Sync`): share one as app data and join each
/// upgrade request to it. Settings apply to the members joined through that handle and its clones.
///
/// ```no_run
/// use actix_web::{App, HttpServer, web};
/// use rook::{ChatRoom, WebSocket};
///
/// async fn chat(socket: WebSocket, room: web::Data<ChatRoom>) -> actix_web::HttpResponse {
///     room.join(socket)
/// }
///
/// # async fn run() -> std::io::Result<()> {
/// let room = web::Data::new(ChatRoom::new());
/// HttpServer::new(move || App::new().app_data(room.clone()).route("/chat", web::get().to(chat)))
///     .bind("127.0.0.1:8080")?
///     .run()
///     .await
/// # }
/// ```
#[derive(Clone)]
pub struct ChatRoom {
    hub: Arc<Mutex<Hub>>,
    queue_len: usize,
    leave_notice: ByteString,
}

#[derive(Default)]
struct Hub {
    members: HashMap<u64, Member>,
    next_id: u64,
}

struct Member {
    outbox: mpsc::Sender<ByteString>,
    /// Fired when the member is dropped for a full queue; dropped unfired when it leaves.
    kick: oneshot::Sender<()>,
    leave_notice: ByteString,
}

impl Default for ChatRoom {
    fn default() -> Self {
        ChatRoom::new()
    }
}

impl ChatRoom {
    /// An empty room with the default settings.
    pub fn new() -> Self {
        ChatRoom { hub: Arc::default(), queue_len: 256, leave_notice: ByteString::from_static("A user left the chat") }
    }

    /// How many messages may wait for a member before it is closed with 1008 (default 256; at
    /// least 1).
    pub fn queue_len(mut self, messages: usize) -> Self {
        self.queue_len = messages.max(1);
        self
    }

    /// The message the others receive when a member leaves (default `A user left the chat`).
    pub fn leave_notice(mut self, text: impl Into<String>) -> Self {
        self.leave_notice = ByteString::from(text.into());
        self
    }

    /// How many members are in the room now.
    pub fn members(&self) -> usize {
        self.hub().members.len()
    }

    /// Accepts `socket` as a new member: answers **101** and runs the member until it leaves.
    pub fn join(&self, socket: WebSocket) -> HttpResponse {
        let room = self.clone();
        socket.serve(move |conn| room.member(conn))
    }

    async fn member(self, mut conn: Connection) {
        let (outbox, inbox) = mpsc::channel(self.queue_len);
        let (kick, kicked) = oneshot::channel();
        let id = {
            let mut hub = self.hub();
            let id = hub.next_id;
            hub.next_id += 1;
            hub.members.insert(id, Member { outbox, kick, leave_notice: self.leave_notice.clone() });
            id
        };
        let writer = deliver(conn.session(), inbox, kicked);
        let reader = async {
            while let Some(text) = conn.recv().await {
                // After a kick the member's words are dropped, but reading goes on (answering
                // pings) so the writer can still deliver the 1008 close.
                self.publish(id, ByteString::from(text));
            }
        };
        // Whichever side ends first ends the member: the peer closed, or the writer closed it.
        select(pin!(reader), pin!(writer)).await;
        self.leave(id);
    }

    fn hub(&self) -> MutexGuard<'_, Hub> {
        // Nothing panics while holding the lock; if something ever did, the map is still sound.
        self.hub.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Publishes `text` from member `id`, unless `id` is no longer a member.
    fn publish(&self, id: u64, text: ByteString) {
        let mut hub = self.hub();
        if hub.members.contains_key(&id) {
            hub.broadcast(text);
        }
    }

    fn leave(&self, id: u64) {
        let mut hub = self.hub();
        if let Some(member) = hub.members.remove(&id) {
            hub.broadcast(member.leave_notice);
        }
    }
}

impl Hub {
    /// Pushes `text` to every member's queue. A member whose queue is full is dropped from the
    /// room and its writer told to close with 1008; the others are told it left — in the same
    /// total order, since this all happens under the lock.
    fn broadcast(&mut self, text: ByteString) {
        let mut pending = VecDeque::from([text]);
        let mut gone = Vec::new();
        while let Some(text) = pending.pop_front() {
            for (id, member) in &self.members {
                match member.outbox.try_send(text.clone()) {
                    Ok(()) => {}
                    Err(TrySendError::Full(_)) => gone.push((*id, true)),
                    // The writer has ended (connection lost); it leaves without a close frame.
                    Err(TrySendError::Closed(_)) => gone.push((*id, false)),
                }
            }
            for (id, full) in gone.drain(..) {
                if let Some(member) = self.members.remove(&id) {
                    if full {
                        let _ = member.kick.send(());
                    }
                    pending.push_back(member.leave_notice);
                }
            }
        }
    }
}

/// The member's writer: drains its queue into the socket until it leaves or is kicked.
async fn deliver(mut session: Session, mut inbox: mpsc::Receiver<ByteString>, kicked: oneshot::Receiver<()>) {
    // `None` once the kick signal can no longer fire (a oneshot must not be polled again).
    let mut kicked = Some(kicked);
    loop {
        // The kick is checked first so a kicked member gets no more of its (now stale) queue.
        let next = poll_fn(|cx| {
            if let Some(signal) = kicked.as_mut() {
                match Pin::new(signal).poll(cx) {
                    Poll::Ready(Ok(())) => return Poll::Ready(Err(())),
                    Poll::Ready(Err(_)) => kicked = None,
                    Poll::Pending => {}
                }
            }
            inbox.poll_recv(cx).map(Ok)
        })
        .await;
        match next {
            Ok(Some(text)) => {
                if session.text(text).await.is_err() {
                    return;
                }
            }
            // Left the room: the hub dropped the queue's sender.
            Ok(None) => return,
            Err(()) => {
                let reason =
                    CloseReason { code: CloseCode::Policy, description: Some("too slow: outbound queue full".into()) };
                let _ = session.close(Some(reason)).await;
                return;
            }
        }
    }
}
