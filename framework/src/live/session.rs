//! The live session on the WebSocket: the whole tree once, then one patch per event.
//!
//! Up: `[seq, "event"]` or `[seq, "event", "urlencoded fields"]`. Down: `[seq, tree]` first
//! (seq 0), then `[seq, patch]`. An event whose seq is not above the last one applied is
//! ignored (applied at most once). A message that is not such an array, or an event the view
//! does not know, closes the socket with 1008, and so do events faster than
//! [`LiveConfig::event_rate`] a second past a burst of [`LiveConfig::event_burst`]; a message
//! over [`LiveConfig::event_limit`] closes it with 1009.
//!
//! A client that names its tab (`?_t=<id>` on the upgrade, as `live.js` does) resumes: event
//! numbers are remembered per tab with the view's state, across connections, and each message
//! down carries the number of the last event of that tab applied (`[0, tree, ack]`,
//! `[seq, patch, ack]`), so the client knows which of its events to send again after a
//! reconnect; those already applied are ignored. When such a tab disconnects, its session
//! (what its client holds) is parked ([`LiveConfig::park_for`], 30 s): a reconnect with `&_s=<last seq seen>` gets only
//! what changed since — `[seq+1, patch, ack]`, or `[seq, null, ack]` when nothing did — and
//! otherwise the whole tree again (`[0, tree, ack]`).

use std::sync::{Arc, Mutex};

use actix_web::HttpRequest;
use tokio::sync::watch;

use actix_http::ws::CloseCode;
use serde_json::Value;

use super::apply::{self, Failed};
use super::config::LiveConfig;
use super::diff::Encoder;
use super::event::decode_event;
use super::fanout;
use super::held::Held;
use super::topic::Topic;
use super::tree::Tree;
use super::view::LiveView;
use crate::ws::Connection;

/// A token bucket of `burst` events refilled at `rate` a second.
struct Allowance {
    tokens: f64,
    burst: f64,
    rate: f64,
    at: std::time::Instant,
}

impl Allowance {
    fn new(config: &LiveConfig) -> Allowance {
        let burst = f64::from(config.event_burst);
        Allowance { tokens: burst, burst, rate: f64::from(config.event_rate), at: std::time::Instant::now() }
    }

    /// Takes one event's token; `false` when there is none.
    fn take(&mut self) -> bool {
        let now = std::time::Instant::now();
        let refill = now.duration_since(self.at).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + refill).min(self.burst);
        self.at = now;
        if self.tokens < 1.0 {
            return false;
        }
        self.tokens -= 1.0;
        true
    }
}

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

/// `[seq,body]`, or `[seq,body,ack]` for a client that resumes (`body`: JSON).
fn down(seq: u64, body: impl std::fmt::Display, ack: Option<u64>) -> String {
    match ack {
        Some(ack) => format!("[{seq},{body},{ack}]"),
        None => format!("[{seq},{body}]"),
    }
}

/// The last message number a resuming client saw: `_s` in the upgrade's query.
pub(crate) fn seen_of(req: &HttpRequest) -> Option<u64> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(key, _)| key == "_s")
        .and_then(|(_, value)| value.parse().ok())
}

pub(crate) async fn run<V: LiveView>(
    mut conn: Connection,
    state: Arc<Mutex<Held<V>>>,
    tab: Option<String>,
    seen: Option<u64>,
    config: LiveConfig,
) {
    let (view, ack, parked) = {
        let mut held = apply::lock(&state);
        let parked = match (&tab, seen) {
            (Some(tab), Some(seen)) => held.unpark(tab, seen),
            _ => None,
        };
        (held.view.clone(), tab.as_deref().map(|tab| held.last(tab)), parked)
    };
    let Ok((_, current)) = apply::render(&view) else {
        conn.close_with(CloseCode::Error, "the view cannot be rendered").await;
        return;
    };
    let (mut encoder, mut tree, mut seq);
    let first = match parked {
        Some(parked) => {
            (encoder, seq) = (parked.encoder, parked.seq);
            let first = match encoder.diff(&parked.tree, &current) {
                Some(patch) => {
                    seq += 1;
                    down(seq, &patch, ack)
                }
                None => down(seq, &Value::Null, ack),
            };
            tree = Arc::new(current);
            first
        }
        None => {
            (encoder, tree, seq) = (Encoder::new(), Arc::new(current), 0);
            down(0, encoder.full(&tree), ack)
        }
    };
    if conn.send(first).await.is_ok() {
        serve(&mut conn, &state, tab.as_deref(), &mut encoder, &mut tree, &mut seq, &config).await;
    }
    if let Some(tab) = &tab {
        apply::lock(&state).park(tab, encoder, tree, seq, &config);
    }
}

async fn serve<V: LiveView>(
    conn: &mut Connection,
    state: &Mutex<Held<V>>,
    tab: Option<&str>,
    encoder: &mut Encoder,
    tree: &mut Arc<Tree>,
    seq: &mut u64,
    config: &LiveConfig,
) {
    let mut last_event = 0u64;
    let mut allowance = Allowance::new(config);
    let listed = apply::current(state).topics();
    let topic_ids: Vec<usize> = listed.iter().map(Topic::id).collect();
    let mut topics: Vec<watch::Receiver<u64>> = listed.iter().map(Topic::subscribe).collect();
    drop(listed);
    // The group of views rendering alike, kept while the view's key stays the same.
    let mut group: Option<(u64, Arc<fanout::Group>)> = None;
    loop {
        let text = tokio::select! {
            text = conn.recv() => match text {
                Some(text) => text,
                None => break,
            },
            () = published(&mut topics) => {
                // Someone changed what this view shows: render it again and send the patch.
                let (view, ack) = {
                    let held = apply::lock(state);
                    (held.view.clone(), tab.map(|tab| held.last(tab)))
                };
                let (patch, new_tree) = match view.render_key() {
                    // Views that render alike share the render, and the patch's text.
                    Some(key) => {
                        let versions = topics.iter_mut().map(|topic| *topic.borrow_and_update()).collect();
                        let group = match &group {
                            Some((kept, group)) if *kept == key => group,
                            _ => &group.insert((key, fanout::group::<V>(key, &topic_ids))).1,
                        };
                        let Ok(shared) = group.render(&view, versions) else { continue };
                        (shared.patch_for(tree, encoder), shared.tree.clone())
                    }
                    None => {
                        let Ok((_, new_tree)) = apply::render(&view) else { continue };
                        (encoder.diff(tree, &new_tree).map(|patch| Arc::from(patch.to_string())), Arc::new(new_tree))
                    }
                };
                if let Some(patch) = patch {
                    *seq += 1;
                    if conn.send(down(*seq, &*patch, ack)).await.is_err() {
                        break;
                    }
                }
                *tree = new_tree;
                continue;
            }
        };
        if text.len() > config.event_limit {
            conn.close_with(CloseCode::Size, "live event too large").await;
            break;
        }
        if !allowance.take() {
            conn.close_with(CloseCode::Policy, "live events too fast").await;
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
        let new_tree = match apply::apply(state, tab.map(|tab| (tab, up.seq)), event) {
            Ok((_, new_tree)) => new_tree,
            // The state is as before, and so is what the client shows.
            Err(Failed::Panicked | Failed::NoTree | Failed::Duplicate) => continue,
        };
        if let Some(patch) = encoder.diff(tree, &new_tree) {
            *seq += 1;
            if conn.send(down(*seq, &patch, tab.map(|_| up.seq))).await.is_err() {
                break;
            }
        }
        *tree = Arc::new(new_tree);
    }
}

/// Waits for a publication on any of `topics` (never, without topics). Publications made
/// while the view was busy count once.
async fn published(topics: &mut [watch::Receiver<u64>]) {
    let changed = match topics {
        [] => return std::future::pending().await,
        // The common case, without the boxes and the list `select_all` needs.
        [topic] => topic.changed().await,
        topics => futures_util::future::select_all(topics.iter_mut().map(|topic| Box::pin(topic.changed()))).await.0,
    };
    if changed.is_err() {
        // The topic is gone for good (its every handle dropped): nothing more will come.
        std::future::pending::<()>().await;
    }
}
