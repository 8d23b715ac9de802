//! Live views (docs/live.md): a page whose state lives on the server, whose events come up a
//! WebSocket (or a plain form POST without JavaScript), and whose changes go down as patches
//! of the dynamic slots of its `html!` template.
//!
//! - [`render_tree`] renders a view so that `html!` reports its structure: a [`Tree`] of
//!   [`Template`]s (static parts) and [`Slot`]s (values, attributes, blocks, lists).
//! - [`Encoder::diff`] compares two trees and gives a compact JSON patch; [`ClientTree`] is a
//!   model of what the browser does with it.
//!
//! - [`LiveView`] (state, `render`, `update`) served by the [`Live`] extractor on one path:
//!   the page, the WebSocket session, and event forms posted without JavaScript.
//! - The client, [`SCRIPT`], served by [`script`] at [`SCRIPT_PATH`].
//! - [`Topic`]: in-process publish/subscribe between views (a shared board, a chat).
//! - [`LiveTest`] drives a view in a test: clicks, submits, the markup, the bytes of each
//!   message.
//!
//! See `docs/live.md` for the wire format.

mod apply;
mod client;
mod config;
mod diff;
mod driver;
mod event;
mod extract;
mod fanout;
mod held;
mod script;
mod session;
mod store;
mod template;
mod topic;
pub(crate) mod track;
mod tree;
mod view;

pub use client::{ApplyError, ClientTree};
pub use config::{EVENT_BURST, EVENT_LIMIT, EVENT_RATE, LiveConfig};
pub use diff::Encoder;
pub use driver::{LiveTest, LiveTestError};
pub use event::{EVENT_FIELD, EventError, decode_event, event_value};
pub use extract::Live;
pub use script::{SCRIPT, SCRIPT_PATH, script};
pub use template::Template;
pub use topic::Topic;
pub use track::{Tracker, render_tree};
pub use tree::{Item, List, Slot, Tree};
pub use view::LiveView;
