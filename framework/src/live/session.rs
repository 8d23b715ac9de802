//! The live session on the WebSocket: the whole tree once, then one patch per event.
//!
//! Up: `[seq, "event"]` or `[seq, "event", "urlencoded fields"]`. Down: `[seq, tree]` first
//! (seq 0), then `[seq, patch]`. An event whose seq is not above the last one applied is
//! ignored (applied at most once). A message that is not such an array, or an event the view
//! does not know, closes the socket with 1008; one over [`EVENT_LIMIT`] with 1009.

use std::sync::{Arc, Mutex};

use actix_http::ws::CloseCode;
use serde_json::Value;

use super::apply::{self, Failed};
use super::diff::Encoder;
use super::event::decode_event;
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

pub(crate) async fn run<V: LiveView>(mut conn: Connection, state: Arc<Mutex<V>>) {
    let mut encoder = Encoder::new();
    let Ok((_, mut tree)) = apply::render(&apply::current(&state)) else {
        conn.close_with(CloseCode::Error, "the view cannot be rendered").await;
        return;
    };
    let mut seq = 0u64;
    if conn.send(format!("[0,{}]", encoder.full(&tree))).await.is_err() {
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
        if up.seq <= last_event {
            continue;
        }
        last_event = up.seq;
        let new_tree = match apply::apply(&state, event) {
            Ok((_, new_tree)) => new_tree,
            // The state is as before, and so is what the client shows.
            Err(Failed::Panicked | Failed::NoTree) => continue,
        };
        if let Some(patch) = encoder.diff(&tree, &new_tree) {
            seq += 1;
            if conn.send(format!("[{seq},{patch}]")).await.is_err() {
                break;
            }
        }
        tree = new_tree;
    }
}
