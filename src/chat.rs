//! A chat room over plain HTTP — the worked example of `rook::testing::check_sessions`.
//!
//! Members join, post messages and poll for the ones they have not seen; each member receives
//! every message posted while it is a member (its own included) exactly once, in the one
//! order shared by all members, which the room's sequence numbers make visible. The rules are
//! those of [`rook::ChatRoom`] over WebSockets; a request/response model can check them here
//! because nothing is pushed: every delivery is the answer to a request.
//!
//! ```text
//! POST /chat/join            cookie user=NAME   → {"next": 3}        (idempotent)
//! POST /chat/messages?text=… cookie user=NAME   → {"seq": 3}         (403 unless a member)
//! POST /chat/inbox           cookie user=NAME   → [{"seq": 3, "from": "NAME", "text": "…"}]
//! POST /chat/leave           cookie user=NAME   → 204
//! ```
//!
//! Taking the inbox is a POST: it changes the room. (It was a GET once; `check_sessions` shrank
//! the consequence to two requests — join, then `HEAD /chat/messages`: HEAD runs the GET
//! handler, which emptied the inbox into a body that HEAD never sends. The messages were lost.)

use std::collections::HashMap;
use std::sync::Mutex;

use rook::prelude::*;
use serde::{Deserialize, Serialize};

/// A message, numbered in the room's one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Its place in the room's order, from 0.
    pub seq: u64,
    /// The member who posted it.
    pub from: String,
    /// What it says.
    pub text: String,
}

/// The answer to a join: the sequence number of the first message the member will receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
    /// The first sequence number delivered to the member.
    pub next: u64,
}

/// The answer to a post: the message's sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posted {
    /// The message's place in the room's order.
    pub seq: u64,
}

/// The room: the log of messages and, for each member, the next one to deliver to it.
#[derive(Default)]
pub struct Chat(Mutex<Room>);

#[derive(Default)]
struct Room {
    log: Vec<Message>,
    members: HashMap<String, u64>,
}

/// The routes' indices in `routes().list()`, which is how a model tells them apart.
pub const JOIN: usize = 0;
/// See [`JOIN`].
pub const POST: usize = 1;
/// See [`JOIN`].
pub const POLL: usize = 2;
/// See [`JOIN`].
pub const LEAVE: usize = 3;

fn not_a_member() -> Response {
    forbidden().content("text/plain", "join the chat first\n")
}

impl Chat {
    fn room(&self) -> std::sync::MutexGuard<'_, Room> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn join(&self, user: String) -> Response {
        let mut room = self.room();
        let end = room.log.len() as u64;
        let next = *room.members.entry(user).or_insert(end);
        content("application/json", Joined { next })
    }

    fn post(&self, user: String, text: String) -> Response {
        let mut room = self.room();
        if !room.members.contains_key(&user) {
            return not_a_member();
        }
        let seq = room.log.len() as u64;
        room.log.push(Message { seq, from: user, text });
        content("application/json", Posted { seq })
    }

    fn poll(&self, user: String) -> Response {
        let mut room = self.room();
        let end = room.log.len() as u64;
        let Some(next) = room.members.get_mut(&user) else { return not_a_member() };
        let from = std::mem::replace(next, end) as usize;
        content("application/json", room.log[from..].to_vec())
    }

    fn leave(&self, user: String) {
        self.room().members.remove(&user);
    }
}

/// The chat's routes; add a `Data<Chat>` (see [`app`]).
pub fn routes() -> Routes {
    route! {
        post "chat" / "join", cookie "user" as user: String, chat: Data<Chat> => chat.join(user),
        post "chat" / "messages" ? text: String, cookie "user" as user: String, chat: Data<Chat> => chat.post(user, text),
        post "chat" / "inbox", cookie "user" as user: String, chat: Data<Chat> => chat.poll(user),
        post "chat" / "leave", cookie "user" as user: String, chat: Data<Chat> => chat.leave(user),
    }
}

/// The chat with an empty room.
pub fn app() -> Routes {
    routes().app_data(Data::new(Chat::default()))
}
