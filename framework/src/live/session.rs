//! The live session on the WebSocket: the whole tree once, then one patch per event.
//!
//! Up: `[seq, "event"]` or `[seq, "event", "urlencoded fields"]`. Down: `[seq, tree]` first
//! (seq 0), then `[seq, patch]`. An event whose seq is not above the last one applied is
//! ignored (applied at most once). A message that is not such an array, or an event the view
//! does not know, closes the socket with 1008; one over [`EVENT_LIMIT`] with 1009.
//!
//! A client that names its tab (`?_t=<id>` on the upgrade, as `live.js` does) resumes: event
//! numbers are remembered per tab with the view's state, across connections, and each message
//! down carries the number of the last event of that tab applied (`[0, tree, ack]`,
//! `[seq, patch, ack]`), so the client knows which of its events to send again after a
//! reconnect; those already applied are ignored.

use std::sync::{Arc, Mutex};

use actix_web::HttpRequest;

use actix_http::ws::CloseCode;
use serde_json::Value;

use super::apply::{self, Failed};
use super::diff::Encoder;
use super::event::decode_event;
use super::held::Held;
use super::view::LiveView;
use crate::ws::Connection;

/// The largest event message (or form body) accepted, in bytes.
pub const EVENT_LIMIT: usize = 16 * 1024;

/// One event message from the client.
struct Up<'a> {
    seq: u64,
    name: &'a str,
    fields: &'a str,
}

fn parse_up(message: &Value) -> Option<Up<'_>> {
    let Value::Array(parts) = message else { return None };
    match parts.as_slice() {
        [seq, Value::String(name)] => Some(Up { seq: seq.as_u64()?, name, fields: "" }),
        [seq, Value::String(name), Value::String(fields)] => Some(Up { seq: seq.as_u64()?, name, fields }),
        _ => None,
    }
}

/// The tab id of an upgrade request: `_t` in its query, 1 to 32 letters, digits, `-` or `_`.
pub(crate) fn tab_of(req: &HttpRequest) -> Option<String> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(key, _)| key == "_t")
        .map(|(_, value)| value.into_owned())
        .filter(|tab| {
            (1..=32).contains(&tab.len()) && tab.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// `[seq,body]`, or `[seq,body,ack]` for a client that resumes.
fn down(seq: u64, body: &Value, ack: Option<u64>) -> String {
    match ack {
        Some(ack) => format!("[{seq},{body},{ack}]"),
        None => format!("[{seq},{body}]"),
    }
}

pub(crate) async fn run<V: LiveView>(mut conn: Connection, state: Arc<Mutex<Held<V>>>, tab: Option<String>) {
    let mut encoder = Encoder::new();
    let (view, ack) = {
        let held = apply::lock(&state);
        (held.view.clone(), tab.as_deref().map(|tab| held.last(tab)))
    };
    let Ok((_, mut tree)) = apply::render(&view) else {
        conn.close_with(CloseCode::Error, "the view cannot be rendered").await;
        return;
    };
    let mut seq = 0u64;
    if conn.send(down(0, &encoder.full(&tree), ack)).await.is_err() {
        return;
    }
    let mut last_event = 0u64;
    while let Some(text) = conn.recv().await {
        if text.len() > EVENT_LIMIT {
            conn.close_with(CloseCode::Size, "live event too large").await;
            break;
        }
        let message: Value = match serde_json::from_str(&text) {
            Ok(message) => message,
            Err(_) => {
                conn.close_with(CloseCode::Policy, "a live event is [seq, event] or [seq, event, fields]").await;
                break;
            }
        };
        let Some(up) = parse_up(&message) else {
            conn.close_with(CloseCode::Policy, "a live event is [seq, event] or [seq, event, fields]").await;
            break;
        };
        let event = match decode_event::<V::Event>(up.name, up.fields) {
            Ok(event) => event,
            Err(err) => {
                conn.close_with(CloseCode::Policy, &err.to_string()).await;
                break;
            }
        };
        if tab.is_none() && up.seq <= last_event {
            continue;
        }
        last_event = up.seq;
        let new_tree = match apply::apply(&state, tab.as_deref().map(|tab| (tab, up.seq)), event) {
            Ok((_, new_tree)) => new_tree,
            // The state is as before, and so is what the client shows.
            Err(Failed::Panicked | Failed::NoTree | Failed::Duplicate) => continue,
        };
        if let Some(patch) = encoder.diff(&tree, &new_tree) {
            seq += 1;
            if conn.send(down(seq, &patch, tab.as_ref().map(|_| up.seq))).await.is_err() {
                break;
            }
        }
        tree = new_tree;
    }
}
