//! Bytes on the wire, envelope included, measured against Phoenix's encoding of the same
//! change (the reference encoder): a counter click over a real socket, the join after the
//! page, and changes to one row of a 300-row keyed table.

use std::net::SocketAddr;

use futures_util::SinkExt;
use rook::live::{Encoder, Tree, render_tree};
use rook::prelude::*;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

use super::client::{connect, page, recv};
use super::from_rook::rendered;
use super::phoenix;
use super::views::{Line, lines, table};

/// The counter's bytes, each a WebSocket message's payload (frame headers not counted).
pub(crate) struct Counter {
    /// The join after the page, the parked session adopted: `[0,null,0]`.
    pub(crate) join_adopted: usize,
    /// The join of a client that adopts nothing: the whole tree.
    pub(crate) join_whole: usize,
    /// A click up: `[1,"Inc"]`.
    pub(crate) up: usize,
    /// Its patch to a client that names its tab (as live.js does): `[1,{"0":"1"},1]`.
    pub(crate) down_tab: usize,
    /// Its patch to a client that does not: `[1,{"0":"2"}]`.
    pub(crate) down_plain: usize,
    /// Phoenix: the click's event up.
    pub(crate) phoenix_up: usize,
    /// Phoenix: its reply down.
    pub(crate) phoenix_down: usize,
    /// Phoenix: the join reply, which carries the whole rendered tree.
    pub(crate) phoenix_join: usize,
}

/// Measures the counter of `examples/live_counter.rs` served at `addr`.
pub(crate) async fn counter(addr: SocketAddr) -> Counter {
    let browser = page(addr, "/counter");
    let mut live = connect(addr, &format!("/counter?_t={}&_s=0", browser.tab), Some(&browser.cookie)).await;
    let join_adopted = recv(&mut live).await;
    assert_eq!(join_adopted, "[0,null,0]");
    let click = r#"[1,"Inc"]"#;
    live.send(Message::text(click)).await.unwrap();
    let down_tab = recv(&mut live).await;
    assert_eq!(down_tab, r#"[1,{"0":"1"},1]"#);
    let mut plain = connect(addr, "/counter", Some(&browser.cookie)).await;
    let join_whole = recv(&mut plain).await;
    plain.send(Message::text(click)).await.unwrap();
    let down_plain = recv(&mut plain).await;
    assert_eq!(down_plain, r#"[1,{"0":"2"}]"#);
    let _ = live.close(None).await;
    let _ = plain.close(None).await;

    // Phoenix: the same page rendered, then the click's diff, by the reference encoder.
    let (before, after) = (counter_tree(0), counter_tree(1));
    let mut encoder = phoenix::Encoder::new();
    let full = encoder.render(&rendered(&before, None));
    let diff = encoder.render(&rendered(&after, Some(&before)));
    assert_eq!(diff, json!({"0": "1"}));
    let phoenix_join =
        format!(r#"["4","4","{}","phx_reply",{{"status":"ok","response":{{"rendered":{full}}}}}]"#, phoenix::TOPIC);
    Counter {
        join_adopted: join_adopted.len(),
        join_whole: join_whole.len(),
        up: click.len(),
        down_tab: down_tab.len(),
        down_plain: down_plain.len(),
        phoenix_up: phoenix::click(7, "inc", &json!({})).len(),
        phoenix_down: phoenix::reply(7, &diff).len(),
        phoenix_join: phoenix_join.len(),
    }
}

/// The counter's tree at `count`, rendered the way the server renders it.
fn counter_tree(count: i64) -> Tree {
    let mut test = rook::live::LiveTest::new(super::example::Counter::default()).unwrap();
    for _ in 0..count {
        test.click("+").unwrap();
    }
    render_tree(|| test.view().render()).unwrap().1
}

/// One change to the 300-row table.
pub(crate) struct ListCase {
    /// What changed.
    pub(crate) name: &'static str,
    /// Rook's message down, `[seq,patch]`.
    pub(crate) rook: String,
    /// Phoenix's reply down.
    pub(crate) phoenix: String,
    /// The diff alone: Rook's patch, Phoenix's diff.
    pub(crate) bodies: (usize, usize),
    /// The plain render of the table after the change.
    pub(crate) full: usize,
}

/// A change made to the table's rows.
type Change = fn(&mut Vec<Line>);

/// One row renamed, one row removed, two rows swapped, one row added at the end.
pub(crate) fn list() -> Vec<ListCase> {
    let changes: [(&'static str, Change); 4] = [
        ("row 150 renamed", |rows| rows[150].name = "renamed".into()),
        ("row 150 removed", |rows| {
            rows.remove(150);
        }),
        ("rows 10 and 200 swapped", |rows| rows.swap(10, 200)),
        ("a row added at the end", |rows| rows.push(Line { id: 300, name: "new".into(), price: 1 })),
    ];
    changes
        .into_iter()
        .map(|(name, change)| {
            let mut rows = lines(300);
            let before = render_tree(|| table(&rows)).unwrap().1;
            change(&mut rows);
            let after = render_tree(|| table(&rows)).unwrap().1;
            let mut encoder = Encoder::new();
            encoder.full(&before);
            let patch = encoder.diff(&before, &after).expect("a change");
            let mut reference = phoenix::Encoder::new();
            reference.render(&rendered(&before, None));
            let diff = reference.render(&rendered(&after, Some(&before)));
            ListCase {
                name,
                rook: format!("[1,{patch}]"),
                phoenix: phoenix::reply(8, &diff),
                bodies: (patch.to_string().len(), diff.to_string().len()),
                full: table(&rows).len(),
            }
        })
        .collect()
}
