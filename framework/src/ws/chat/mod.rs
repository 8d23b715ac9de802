//! [`ChatRoom`]: every member's messages, fanned out to every member in one shared order — in
//! this process ([`ChatRoom::new`]) or across every process that shares a Redis
//! ([`ChatRoom::redis`]).

mod backend;
mod delivery;
mod hub;
mod id;
mod member;
mod notices;
#[cfg(feature = "redis")]
mod redis;
mod transcript;

use std::sync::Arc;
use std::time::Duration;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, SEC_WEBSOCKET_PROTOCOL};
use bytestring::ByteString;

use self::backend::Backend;
use self::hub::{Hub, MemberSettings};
use self::id::{MessageId, fresh_epoch};
pub use self::notices::Notices;
#[cfg(feature = "redis")]
pub use self::redis::RedisError;
pub use self::transcript::ChatLine;
use self::transcript::Transcript;
use super::socket::WebSocket;
use crate::errors::error::RookError;

/// The sub-protocol a client names (`Sec-WebSocket-Protocol: rook.chat.v1`) to receive each
/// entry as JSON with its id; other clients receive bare text.
pub const CHAT_PROTOCOL: &str = "rook.chat.v1";

/// The longest member name `?name=` (or [`ChatRoom::join_as`]) accepts, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// A chat room: each text message a member sends is delivered to every current member (the
/// sender included) exactly once, in one order shared by all members; when a member leaves, the
/// others receive a notice (`A user left the chat` unless [configured](Self::notices)).
///
/// **Back-pressure.** Each member has a bounded outbound queue (default 256 entries,
/// [`queue_len`](Self::queue_len)). A message is queued for every member at once, when every
/// queue has room: until then its sender is not read further, so one client writing thousands
/// of messages at once is slowed down to the pace of the room instead of overflowing it. A member
/// holds the room up for at most [`slow_timeout`](Self::slow_timeout) (default 5 s): from the
/// moment a message waits for its full queue, it must take half a queue's worth within that
/// time or it is closed with **1008** and the room goes on without it. So a burst closes no
/// member that keeps reading, a member that stopped reading is closed, and memory is bounded
/// by queue length × members (queues share the entries).
///
/// **Joining.** [`join`](Self::join) takes two optional query parameters of the upgrade request:
/// `name` (the member's name for [`Notices`], 1 to 64 characters, no control characters) and
/// `since` (the id of the last entry the client saw; it receives what followed, or first a
/// `history lost` entry when that is no longer known). A client that asks for the sub-protocol
/// [`CHAT_PROTOCOL`] receives each entry as `{"id":"…","kind":"message|join|leave|lost","text":"…"}`;
/// others receive the bare text (`history lost` for a lost entry). A bad `name` or `since`, or a
/// `since` from the future, is answered **400** before the upgrade (a [Redis room](Self::redis)
/// whose process has not yet seen that id asks Redis after the upgrade, and closes the member
/// with 1008 if it is indeed from the future).
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
    backend: Backend,
    transcript: Arc<Transcript>,
    queue_len: usize,
    slow_timeout: Duration,
    notices: Notices,
}

impl Default for ChatRoom {
    fn default() -> Self {
        ChatRoom::new()
    }
}

/// The history an in-process room keeps for members resuming with `since`, by default.
const HISTORY: usize = 256;

impl ChatRoom {
    /// An empty in-process room with the default settings.
    pub fn new() -> Self {
        let transcript = Transcript::new();
        ChatRoom::with(Backend::Local(Arc::new(Hub::new(fresh_epoch(), HISTORY, Some(transcript.clone())))), transcript)
    }

    /// The room `name` shared through the Redis at `url` (`redis://host:port/db`) by every
    /// process that uses the same URL and name (see the README's "Chat across processes"): one
    /// shared order across processes, ids that let a client resume on any of them with
    /// `?since=`, `history lost` when Redis no longer has what followed, and while Redis is
    /// unreachable joins answer 503 and members are closed with 1011 (it recovers by itself).
    ///
    /// Refuses a URL that is not a Redis URL and a room name that is empty, longer than 200
    /// bytes, or has control characters or braces. Nothing is connected here: the room takes
    /// members once this process's reader has reached Redis.
    #[cfg(feature = "redis")]
    pub fn redis(url: &str, name: &str) -> Result<Self, RedisError> {
        let room = redis::RedisRoom::open(url, name)?;
        let transcript = room.transcript();
        Ok(ChatRoom::with(Backend::Redis(room), transcript))
    }

    fn with(backend: Backend, transcript: Arc<Transcript>) -> Self {
        ChatRoom {
            backend,
            transcript,
            queue_len: 256,
            slow_timeout: Duration::from_secs(5),
            notices: Notices::default(),
        }
    }

    /// How many entries may wait for a member (default 256; at least 1).
    pub fn queue_len(mut self, entries: usize) -> Self {
        self.queue_len = entries.max(1);
        self
    }

    /// How long a member may hold the room up with a full queue, taking less than half a
    /// queue's worth, before it is closed with 1008 (default 5 s; at least 1 ms).
    pub fn slow_timeout(mut self, timeout: Duration) -> Self {
        self.slow_timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// How many of the latest entries the room keeps for members that resume with `since`:
    /// in this process (default 256) for an in-process room, in the Redis stream (default 10 000,
    /// trimmed approximately) for a Redis room. Applies to the room, not just this handle.
    pub fn history(self, entries: usize) -> Self {
        self.backend.set_history(entries);
        self
    }

    /// What the room says when members join and leave (default: no join notice, and `A user
    /// left the chat`).
    pub fn notices(mut self, notices: Notices) -> Self {
        self.notices = notices;
        self
    }

    /// The message the others receive when a member leaves (default `A user left the chat`).
    pub fn leave_notice(mut self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.notices = self.notices.on_leave(move |_| Some(text.clone()));
        self
    }

    /// How many members are in the room in this process now.
    pub fn members(&self) -> usize {
        self.backend.members()
    }

    /// The room's latest entries (at most 100) as this process has seen them, oldest first:
    /// what a page that shows the room renders. For a [Redis room](Self::redis) they include
    /// what every process published, once this process's reader has read it (and, from its
    /// first contact with Redis, the entries before).
    pub fn recent(&self) -> Vec<ChatLine> {
        self.transcript.lines()
    }

    /// A [`Topic`](crate::live::Topic) published whenever an entry reaches
    /// [`recent`](Self::recent): a live view that renders the room lists it in
    /// [`LiveView::topics`](crate::live::LiveView::topics), and so shows what members of the
    /// room say — over WebSockets, from other live views, and, for a Redis room, in other
    /// processes.
    pub fn topic(&self) -> crate::live::Topic {
        self.transcript.topic()
    }

    /// Publishes `text` as a message of the room from outside a WebSocket member (a live view's
    /// `update`, a form's handler), without waiting. An in-process room orders it before this
    /// returns (unless a member's queue is full: then a task publishes it once there is room,
    /// which needs a Tokio runtime); a Redis room adds it to the stream on its own runtime, and
    /// it shows in [`recent`](Self::recent) when this process's reader has read it back.
    pub fn say(&self, text: impl Into<String>) {
        self.backend.say(ByteString::from(text.into()));
    }

    /// Accepts `socket` as a new member (named by the request's `?name=`, if any): answers
    /// **101** and runs the member until it leaves; or answers **400** for a bad `name` or
    /// `since`, **503** while the room's store is unreachable.
    pub fn join(&self, socket: WebSocket) -> HttpResponse {
        self.admit(socket, None)
    }

    /// [`join`](Self::join) with the member's name given by the app (say, from its session)
    /// rather than by the request.
    pub fn join_as(&self, socket: WebSocket, name: impl Into<String>) -> HttpResponse {
        self.admit(socket, Some(name.into()))
    }

    fn admit(&self, socket: WebSocket, name: Option<String>) -> HttpResponse {
        let req = socket.request();
        let mut query_name = None;
        let mut since = None;
        for (key, value) in form_urlencoded::parse(req.query_string().as_bytes()) {
            match &*key {
                "name" => query_name = Some(value.into_owned()),
                "since" => since = Some(value.into_owned()),
                _ => {}
            }
        }
        let name = match name.or(query_name) {
            Some(name) if !valid_name(&name) => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    "the member name must be 1 to 64 characters, none of them control characters",
                );
            }
            name => name.map(ByteString::from),
        };
        let since = match since.as_deref().map(str::parse::<MessageId>) {
            None => None,
            Some(Ok(id)) => Some(id),
            Some(Err(_)) => {
                return refuse(StatusCode::BAD_REQUEST, "`since` is not a message id (<16 hex digits>-<number>)");
            }
        };
        let ids = req
            .headers()
            .get_all(SEC_WEBSOCKET_PROTOCOL)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|p| p.trim() == CHAT_PROTOCOL);
        if !self.backend.is_available() {
            return refuse(StatusCode::SERVICE_UNAVAILABLE, "the chat is unavailable: its store cannot be reached");
        }
        if let Some(since) = since
            && self.backend.is_authoritative()
            && self.backend.hub().is_ahead(since)
        {
            return refuse(StatusCode::BAD_REQUEST, "`since` is from the future: the room has no such message yet");
        }
        let settings = MemberSettings {
            queue_len: self.queue_len,
            slow_timeout: self.slow_timeout,
            notices: self.notices.clone(),
            name,
        };
        let backend = self.backend.clone();
        let mut res = socket.serve(move |conn| member::run(backend, conn, settings, since, ids));
        if ids && res.status().as_u16() == 101 {
            res.headers_mut().insert(SEC_WEBSOCKET_PROTOCOL, HeaderValue::from_static(CHAT_PROTOCOL));
        }
        res
    }
}

fn valid_name(name: &str) -> bool {
    let chars = name.chars().count();
    (1..=MAX_NAME_CHARS).contains(&chars) && !name.chars().any(char::is_control)
}

/// A refused join, rendered like every error of the app (a [`RookError`]).
fn refuse(status: StatusCode, why: &'static str) -> HttpResponse {
    HttpResponse::from_error(RookError::new(status, why))
}
