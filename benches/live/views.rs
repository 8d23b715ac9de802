//! The views the live benchmark serves and renders, besides the counter of
//! `examples/live_counter.rs`: a view every connection shares through one [`Topic`] (fan-out),
//! and a 300-row keyed table (bytes of one changed row).

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use rook::live::Topic;
use rook::prelude::*;
use serde::{Deserialize, Serialize};

/// The value every [`Shared`] view shows, and the topic that says it changed.
static SHARED: LazyLock<(AtomicU64, Topic)> = LazyLock::new(|| (AtomicU64::new(0), Topic::new()));

/// A view of one shared number: a `Bump` from any browser changes it, and every view of it
/// shows the change. Its render depends on the shared number only, so all views share one
/// render per publication ([`LiveView::render_key`]).
#[derive(Clone, Default)]
pub(crate) struct Shared;

/// What [`Shared`]'s button sends.
#[derive(Serialize, Deserialize)]
pub(crate) enum Bump {
    /// One more, for everyone.
    Bump,
}

impl LiveView for Shared {
    type Event = Bump;

    fn render(&self) -> Html {
        html! {
            <p>"Shared: " {SHARED.0.load(Ordering::Relaxed)}</p>
            <button on:click={Bump::Bump}>"+"</button>
        }
    }

    fn update(&mut self, Bump::Bump: Bump) {
        SHARED.0.fetch_add(1, Ordering::Relaxed);
        SHARED.1.publish();
    }

    fn topics(&self) -> Vec<Topic> {
        vec![SHARED.1.clone()]
    }

    fn render_key(&self) -> Option<u64> {
        Some(0)
    }
}

/// The shared view at `/shared`.
#[rook::routes]
pub(crate) fn shared() -> Routes {
    route! { get | post "shared", live: Live => live.view(Shared) }
}

/// One row of the table.
#[derive(Clone)]
pub(crate) struct Line {
    /// Its key.
    pub(crate) id: u32,
    /// The text that changes.
    pub(crate) name: String,
    /// A number.
    pub(crate) price: u32,
}

/// `n` rows: `product 0`, `product 1`, …
pub(crate) fn lines(n: u32) -> Vec<Line> {
    (0..n).map(|i| Line { id: i, name: format!("product {i}"), price: 100 + i }).collect()
}

/// A keyed table of `lines` (the table of framework/tests/live_diff.rs).
pub(crate) fn table(lines: &[Line]) -> Html {
    html! {
        <table>
            @for line in lines {
                <tr key={line.id}><td>{line.id}</td><td>{&line.name}</td><td>{line.price}</td></tr>
            }
        </table>
    }
}
