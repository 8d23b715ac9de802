//! `rook::testing::check_sessions` on the HTTP chat (`src/chat.rs`): several users join, post,
//! poll and leave, interleaved in orders drawn from the seed and then concurrently over
//! loopback, and a model holds the room to its rules — every member receives every message of
//! its membership exactly once, in the one order all members share.

use std::collections::HashMap;

use rook::testing::{Answer, Check, Request, Source};
use rook_examples::chat::{self, Joined, Message, Posted};

/// What the model knows of the room.
#[derive(Default)]
struct Seen {
    /// Each member's next expected sequence number.
    members: HashMap<String, u64>,
    /// Each message seen so far, by sequence number, from its post's answer or a delivery.
    messages: HashMap<u64, (String, String)>,
}

impl Seen {
    /// The one order: sequence number `seq` is the same message for everybody.
    fn agree(&mut self, seq: u64, from: &str, text: &str) -> Result<(), String> {
        let known = self.messages.entry(seq).or_insert_with(|| (from.to_owned(), text.to_owned()));
        match *known == (from.to_owned(), text.to_owned()) {
            true => Ok(()),
            false => Err(format!("message {seq} is {known:?} for one member and ({from:?}, {text:?}) for another")),
        }
    }
}

/// The model. Each user's requests are sequential (concurrency is between users), so what a
/// user may see depends only on its own requests and on the numbers everybody has seen.
fn model(seen: &mut Seen, req: &Request, answer: &Answer) -> Result<(), String> {
    // The router answered by itself (a near-miss); the oracle has checked that answer.
    let Some(route) = answer.route else { return Ok(()) };
    let user = req.cookie_values("user").pop().ok_or("a route ran without the user cookie")?;
    let member = seen.members.get(&user).copied();
    match (route, member, answer.status) {
        (chat::JOIN, _, 200) => {
            let joined: Joined = answer.json()?;
            if member.is_some_and(|next| next != joined.next) {
                return Err(format!("{user} joined again and was told {}, not {member:?}", joined.next));
            }
            seen.members.insert(user, joined.next);
        }
        (chat::POST, Some(_), 200) => {
            let posted: Posted = answer.json()?;
            let text = req.query_values("text").pop().ok_or("posted without text")?;
            seen.agree(posted.seq, &user, &text)?;
        }
        (chat::POLL, Some(next), 200) => {
            let delivered: Vec<Message> = answer.json()?;
            let mut expected = next;
            for m in &delivered {
                if m.seq != expected {
                    let seqs: Vec<u64> = delivered.iter().map(|m| m.seq).collect();
                    return Err(format!("{user} expected message {expected} next and got {seqs:?}: lost or repeated"));
                }
                seen.agree(m.seq, &m.from, &m.text)?;
                expected += 1;
            }
            seen.members.insert(user, expected);
        }
        (chat::LEAVE, _, 204) => {
            seen.members.remove(&user);
        }
        (chat::POST | chat::POLL, None, 403) => {}
        (route, member, status) => {
            return Err(format!("route #{route} answered {status} to {user} (member: {member:?})"));
        }
    }
    Ok(())
}

#[test]
fn the_chat_delivers_every_message_once_in_one_order() {
    let report = Check::fresh(chat::app)
        .seed(7)
        .cases(48)
        .sessions(6, 30, model)
        .per_user(Source::Cookie, "user", |u| format!("user{u}"))
        .concurrent(24)
        .run();
    eprintln!("chat: {report}");
    assert_eq!(report.routes_chosen.len(), 4, "{report}");
}

#[test]
fn the_route_indices_are_the_models() {
    let list = chat::routes().list();
    let shown: Vec<String> = list.iter().map(|r| format!("{} {}", r.methods(), r.pattern())).collect();
    assert_eq!(shown[chat::JOIN], "POST /chat/join");
    assert_eq!(shown[chat::POST], "POST /chat/messages");
    assert_eq!(shown[chat::POLL], "POST /chat/inbox");
    assert_eq!(shown[chat::LEAVE], "POST /chat/leave");
}
