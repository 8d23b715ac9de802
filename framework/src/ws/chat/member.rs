//! One member's life in a room: its reader publishes what it says, its writer drains its queue
//! into the socket; whichever ends first ends the member.

use std::pin::pin;
use std::sync::Arc;

use actix_http::ws::{CloseCode, CloseReason};
use actix_ws::Session;
use bytestring::ByteString;
use futures_util::future::select;

use super::backend::Backend;
use super::delivery::{Delivery, HISTORY_LOST, Kind};
use super::hub::{Close, Hub, MemberSettings, Resume, Signal, Take, UNAVAILABLE};
use super::id::MessageId;
use crate::ws::conn::Connection;

/// How many entries a writer takes from its queue at a time.
const BATCH: usize = 64;

/// Runs a member from its join to its departure.
pub(crate) async fn run(
    backend: Backend,
    mut conn: Connection,
    settings: MemberSettings,
    since: Option<MessageId>,
    ids: bool,
) {
    let hub = backend.hub();
    let joined = hub.join(&settings, since, backend.has_store());
    let member = joined.member;
    let mut resume = joined.resume;
    // A `since` past what this process has seen is checked before the member is announced: one
    // closed with 1008 (from the future) or 1011 (the store is unreachable) never joined.
    if let Resume::CheckFuture { seq } = resume {
        let refused = match backend.last_seq().await {
            Ok(last) if seq > last => Some(Close { code: CloseCode::Policy, reason: "since is from the future" }),
            Ok(_) => None,
            Err(()) => Some(UNAVAILABLE),
        };
        if let Some(refused) = refused {
            hub.leave(member);
            return close(conn.session(), refused).await;
        }
        resume = Resume::Ready;
    }
    let writer = deliver(conn.session(), backend.clone(), hub.clone(), member, joined.signal, resume, ids);
    let reader = async {
        if let Some(notice) = settings.notices.joined(settings.name.as_deref()) {
            backend.publish(Kind::Join, ByteString::from(notice)).await;
        }
        while let Some(text) = conn.recv().await {
            // After a removal the member's words are dropped, but reading goes on (answering
            // pings) so the writer can still deliver the close.
            if hub.is_member(member) {
                backend.publish(Kind::Message, ByteString::from(text)).await;
            }
        }
    };
    // Whichever side ends first ends the member: the peer closed, or the writer closed it.
    select(pin!(reader), pin!(writer)).await;
    if let Some(departed) = hub.leave(member)
        && let Some(notice) = departed.notice()
    {
        backend.publish(Kind::Leave, ByteString::from(notice)).await;
    }
}

/// The member's writer: first what its `since` still needs from the store, then its queue,
/// until it leaves or the room closes it.
async fn deliver(
    mut session: Session,
    backend: Backend,
    hub: Arc<Hub>,
    member: u64,
    signal: Arc<Signal>,
    resume: Resume,
    ids: bool,
) {
    match resume {
        Resume::Ready => {}
        Resume::Fetch { after, upto } => match backend.fetch(after, upto).await {
            Ok(entries) => {
                let epoch = hub.head().epoch;
                let dense = entries.iter().zip(after + 1..).all(|(d, seq)| d.id.seq == seq && d.id.epoch == epoch);
                let complete = dense && entries.len() as u64 == upto - after;
                if !complete {
                    let at = MessageId { epoch, seq: upto };
                    let lost = Delivery::new(at, Kind::Lost, ByteString::from_static(HISTORY_LOST));
                    if session.text(lost.frame(ids)).await.is_err() {
                        return;
                    }
                } else {
                    for entry in &entries {
                        if session.text(entry.frame(ids)).await.is_err() {
                            return;
                        }
                    }
                }
            }
            Err(()) => return close(session, UNAVAILABLE).await,
        },
        // Checked by `run` before the member was announced.
        Resume::CheckFuture { .. } => {}
    }
    loop {
        match hub.take(member, &signal, BATCH) {
            Take::Batch(entries) => {
                for entry in entries {
                    if session.text(entry.frame(ids)).await.is_err() {
                        return;
                    }
                }
            }
            Take::Empty => signal.woken().await,
            Take::Gone(Some(reason)) => return close(session, reason).await,
            // Left the room.
            Take::Gone(None) => return,
        }
    }
}

async fn close(session: Session, close: Close) {
    let reason = CloseReason { code: close.code, description: Some(close.reason.into()) };
    let _ = session.close(Some(reason)).await;
}
